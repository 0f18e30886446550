import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { compile } from '../../../synth/compile';
import { formatDiagnostic } from '../../../synth/util/errors';

const ROOT = path.join(__dirname, '..', '..', '..');
const REFERENCE = readFileSync(path.join(ROOT, 'platform.spec.yaml'), 'utf8');
const FIXTURES = path.join(ROOT, 'test', 'fixtures');
const cases = readdirSync(FIXTURES).filter((d) => d.startsWith('proof-')).sort();

interface Expected {
  code: string;
  path: string;
  messageIncludes: string[];
  /** The fix the diagnostic names (in `expected`): what must and must not be suggested. */
  expectedIncludes?: string[];
  expectedExcludes?: string[];
}

describe('plan proofs', () => {
  test('GIVEN the reference spec WHEN planned THEN every proof holds', () => {
    const r = compile('platform.spec.yaml', REFERENCE, 'plan');
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d))).toEqual([]);
    const rep = r.plan!.reports;
    expect(rep.rto.every((x) => x.holds)).toBe(true);
    expect(rep.rpo.every((x) => x.holds)).toBe(true);
    expect(rep.availability.every((x) => x.meetsSlo)).toBe(true);
    expect(rep.residency.every((x) => x.ok)).toBe(true);
  });

  test.each(cases)('GIVEN fixture %s WHEN planned THEN the failing proof says why', (name) => {
    // GIVEN
    const edit = JSON.parse(readFileSync(path.join(FIXTURES, name, 'edit.json'), 'utf8')) as { find: string; replace: string };
    const expected = JSON.parse(readFileSync(path.join(FIXTURES, name, 'expected.json'), 'utf8')) as Expected;
    expect(REFERENCE.includes(edit.find)).toBe(true);
    // WHEN
    const r = compile('spec.yaml', REFERENCE.replace(edit.find, edit.replace), 'plan');
    // THEN
    const hit = r.diagnostics.find((d) => d.code === expected.code && d.path === expected.path);
    expect(hit && formatDiagnostic(hit)).toEqual(expect.stringContaining(expected.code));
    for (const s of expected.messageIncludes) expect(hit!.message).toContain(s);
    expect(hit!.expected).toBeTruthy();
    for (const s of expected.expectedIncludes ?? []) expect(hit!.expected).toContain(s);
    for (const s of expected.expectedExcludes ?? []) expect(hit!.expected).not.toContain(s);
    expect(hit!.line).toBeGreaterThan(0);
    expect(r.ok).toBe(false);
  });

  test('GIVEN a DNS TTL that breaks the trading RTO WHEN planned THEN the message shows the sum equal to the achieved time', () => {
    const r = compile('spec.yaml', REFERENCE.replace('  ttl: 30s', '  ttl: 300s'), 'plan');
    const row = r.plan!.reports.rto.find((x) => x.tier === 'trading')!;
    expect(row.achievedSeconds).toBe(row.terms.reduce((a, t) => a + t.seconds, 0));
    expect(row.achievedSeconds).toBeGreaterThan(row.targetSeconds);
    expect(row.terms.map((t) => t.seconds)).toContain(300);
  });
});
