/**
 * Node pools (synth/plan/pools.ts), on the reference and the company specs: the node size follows the cluster's
 * largest pod (the smallest catalog size from `large` that holds four of it after allocatable and headroom), and
 * every pool's counts are whole numbers per zone. Expected values are computed here from the catalog and the
 * workloads, not read from the planner.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { NODE_SIZES, SIZES } from '../../../synth/catalog';
import { compile } from '../../../synth/compile';
import type { Plan } from '../../../synth/model/index';

const ROOT = path.join(__dirname, '..', '..', '..');
const REFERENCE = readFileSync(path.join(ROOT, 'platform.spec.yaml'), 'utf8');
const COMPANIES = ['notely', 'eurobank', 'shopasia'] as const;
const planOf = (text: string): Plan => {
  const r = compile('platform.spec.yaml', text, 'plan');
  if (!r.plan) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.path} ${d.message}`).join('\n'));
  return r.plan;
};
const specs: readonly (readonly [string, string])[] = [
  ['reference', REFERENCE],
  ...COMPANIES.map((c) => [c, readFileSync(path.join(ROOT, 'test', 'fixtures', 'companies', `${c}.spec.yaml`), 'utf8')] as const),
];
const plans = specs.map(([name, text]) => [name, planOf(text)] as const);

/** Allocatable share of a node and headroom above pod requests, as docs/spec.md states them (85 %, 10 %). */
const ALLOCATABLE = 0.85;
const HEADROOM = 0.1;
const holdsFour = (size: { vcpu: number; memoryGiB: number }, cpuMillis: number, memoryMiB: number) =>
  4 * cpuMillis * (1 + HEADROOM) <= size.vcpu * 1000 * ALLOCATABLE && 4 * memoryMiB * (1 + HEADROOM) <= size.memoryGiB * 1024 * ALLOCATABLE;

describe.each(plans)('node pools of %s', (_name, plan) => {
  const regions = plan.regions.filter((r) => r.cluster.nodePools.length > 0);

  test('GIVEN its clusters THEN every pool spreads whole nodes per zone: min, desired and max are per-zone counts times the zones', () => {
    expect(regions.length).toBeGreaterThan(0);
    for (const r of regions) {
      for (const p of r.cluster.nodePools) {
        expect({ pool: `${r.id}/${p.name}`, zones: p.zones }).toEqual({ pool: `${r.id}/${p.name}`, zones: r.zones.length });
        for (const k of ['min', 'desired', 'max'] as const) {
          expect({ pool: `${r.id}/${p.name}`, k, rest: p[k] % p.zones }).toEqual({ pool: `${r.id}/${p.name}`, k, rest: 0 });
          expect(p.perZone[k] * p.zones).toBe(p[k]);
        }
        expect(p.min).toBeLessThanOrEqual(p.desired);
        expect(p.desired).toBeLessThanOrEqual(p.max);
        expect(p.max).toBeGreaterThanOrEqual(p.zones);
      }
      // every zone has a node of an untainted pool from the start
      expect(r.cluster.nodePools.filter((p) => p.taints.length === 0).reduce((s, p) => s + p.perZone.desired, 0)).toBeGreaterThanOrEqual(1);
    }
  });

  test('GIVEN its workloads THEN each cluster\'s node size is the smallest from large up that holds four of its largest pod, else the largest', () => {
    for (const r of regions) {
      const ws = r.workloads;
      const cpu = Math.max(0, ...ws.map((w) => w.cpuMillis));
      const mem = Math.max(0, ...ws.map((w) => w.memoryMiB));
      const candidates = SIZES.slice(SIZES.indexOf('large')).map((s) => NODE_SIZES[r.cloud][s]);
      const expected = candidates.find((s) => holdsFour(s, cpu, mem)) ?? candidates[candidates.length - 1];
      for (const p of r.cluster.nodePools) {
        expect({ region: r.id, pool: p.name, type: p.instanceType }).toEqual({ region: r.id, pool: p.name, type: expected.type });
        expect([p.vcpu, p.memoryGiB]).toEqual([expected.vcpu, expected.memoryGiB]);
      }
    }
  });
});

describe('node size follows the workloads', () => {
  test.each([
    ['500m / 1Gi', '500m', '1Gi', { aws: 'm6i.2xlarge', gcp: 'n2-standard-8', azure: 'Standard_D8s_v5' }],
    ['3 / 6Gi', '3', '6Gi', { aws: 'm6i.4xlarge', gcp: 'n2-standard-16', azure: 'Standard_D16s_v5' }],
    ['12 / 8Gi', '12', '8Gi', { aws: 'm6i.8xlarge', gcp: 'n2-standard-32', azure: 'Standard_D32s_v5' }],
  ])('GIVEN every service of the reference at %s WHEN planned THEN every cluster runs the expected size', (_label, cpu, memory, expected) => {
    // 4 x 0.5 x 1.1 = 2.2 vCPU: large (8 x 0.85 = 6.8); 4 x 3 x 1.1 = 13.2: xlarge (13.6); 4 x 12 x 1.1 = 52.8: none fits, the largest
    const text = REFERENCE.replace(/resources: \{ cpu: "?[0-9.]+m?"?, memory: [0-9]+[MG]i \}/g, `resources: { cpu: "${cpu}", memory: ${memory} }`);
    expect(text).not.toBe(REFERENCE);
    const plan = planOf(text);
    for (const r of plan.regions.filter((x) => x.cluster.nodePools.length > 0)) {
      for (const p of r.cluster.nodePools) expect(`${r.id} ${p.instanceType}`).toBe(`${r.id} ${expected[r.cloud]}`);
    }
  });
});
