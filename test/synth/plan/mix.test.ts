import fc from 'fast-check';
import { readFileSync } from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { normalize } from '../../../synth/spec/normalize';
import { plan } from '../../../synth/plan/index';
import { RULES } from '../../../synth/spec/rules';
import type { RawSpec } from '../../../synth/model/spec';

const REFERENCE = parse(readFileSync(path.join(__dirname, '..', '..', '..', 'platform.spec.yaml'), 'utf8')) as RawSpec;
const mixRule = RULES.find((r) => r.code === 'cost-mix-sum')!;

function withMix(reserved: number, spot: number, onDemand: number): RawSpec {
  return { ...REFERENCE, cost: { ...REFERENCE.cost, mix: { reserved: `${reserved}%`, spot: `${spot}%`, onDemand: `${onDemand}%` } } };
}

describe('cost mix properties', () => {
  const split = fc.tuple(fc.integer({ min: 1, max: 98 }), fc.integer({ min: 0, max: 98 })).filter(([a, b]) => a + b <= 99);

  test('property: the rule accepts every mix summing to 100% and rejects every other', () => {
    fc.assert(
      fc.property(split, fc.integer({ min: -20, max: 20 }), ([reserved, spot], delta) => {
        const onDemand = 100 - reserved - spot + delta;
        const findings = mixRule.check(withMix(reserved, spot, Math.max(0, onDemand)));
        return (Math.max(0, onDemand) + reserved + spot === 100) === (findings.length === 0);
      }),
    );
  });

  test('property: for any valid mix the planned pools cover every pod, and the achieved shares sum to 100%', () => {
    fc.assert(
      fc.property(split, ([reserved, spot]) => {
        const p = plan(normalize(withMix(reserved, spot, 100 - reserved - spot))).plan;
        const a = p.reports.cost.mixAchieved;
        const sums = Math.abs(a.reserved + a.spot + a.onDemand - 1) < 1e-3;
        const covered = p.regions.every((r) => {
          const steady = r.workloads.filter((w) => !w.spot).reduce((x, w) => x + w.cpuMillis * w.replicas, 0);
          const capacity = r.cluster.nodePools.filter((n) => n.kind !== 'spot').reduce((x, n) => x + n.desired * n.vcpu * 1000, 0);
          return capacity >= steady;
        });
        return sums && covered;
      }),
      { numRuns: 25 },
    );
  });
});
