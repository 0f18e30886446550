/**
 * Backup rules (synth/plan/backups.ts): a rule protects only temperatures that some database holds (a database is
 * backed up at the temperature of the strictest class it stores), and every selection of a region uses exactly
 * the rules of its temperature. On the reference and the company specs.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { compile } from '../../../synth/compile';
import type { Plan } from '../../../synth/model/index';

const ROOT = path.join(__dirname, '..', '..', '..');
const read = (p: string) => readFileSync(path.join(ROOT, p), 'utf8');
const planOf = (text: string): Plan => {
  const r = compile('platform.spec.yaml', text, 'plan');
  if (!r.plan) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.path} ${d.message}`).join('\n'));
  return r.plan;
};
const specs: readonly (readonly [string, string])[] = [
  ['reference', read('platform.spec.yaml')],
  ...['notely', 'eurobank', 'shopasia'].map((c) => [c, read(`test/fixtures/companies/${c}.spec.yaml`)] as const),
];

describe.each(specs.map(([n, t]) => [n, planOf(t)] as const))('backup rules of %s', (_name, plan) => {
  const held = new Set(plan.databases.map((d) => d.temperature));

  test('GIVEN its databases THEN a continuous rule exists exactly when one holds hot data, and no rule protects a temperature no database has', () => {
    expect(plan.backups.rules.some((r) => r.continuous)).toBe(held.has('hot'));
    for (const r of plan.backups.rules) {
      expect(r.temperatures.length).toBeGreaterThan(0);
      for (const t of r.temperatures) expect(held.has(t)).toBe(true);
    }
    // the continuous rule protects hot data only (warm and cold are snapshotted at backups.snapshots)
    for (const r of plan.backups.rules.filter((x) => x.continuous)) expect(r.temperatures).toEqual(['hot']);
  });

  test('GIVEN its regions THEN each selection names exactly the rules of its temperature, and every temperature held in a region has a daily rule', () => {
    for (const region of plan.regions) {
      for (const s of region.backup.selections) {
        expect([...s.rules].sort()).toEqual(plan.backups.rules.filter((r) => r.temperatures.includes(s.temperature)).map((r) => r.name).sort());
        expect(s.rules).toContain('daily');
      }
    }
  });
});

test('GIVEN notely (warm and cold data only) THEN it has no continuous rule, and its data classes are snapshotted hourly and daily', () => {
  const plan = planOf(read('test/fixtures/companies/notely.spec.yaml'));
  expect(plan.backups.rules.map((r) => r.name)).not.toContain('continuous');
  expect(Object.fromEntries(plan.backups.dataClasses.map((d) => [d.dataClass, d.frequency]))).toEqual({ documents: 'hourly', 'audit-log': 'daily' });
});
