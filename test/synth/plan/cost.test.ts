/**
 * The cost report's split by tier (synth/plan/cost.ts): node pools are shared by the CPU the tiers' running pods
 * request on them, and every data store's rows are charged evenly to the tiers of the workloads with an endpoint on
 * it (a database instance by its database id, a cache by its name). Checked on the reference and company plans
 * against that rule computed here from the plan's regions, and for conservation (the tiers add up to the total).
 */
import * as fs from 'fs';
import * as path from 'path';
import { compile } from '../../../synth/compile';
import type { Plan } from '../../../synth/model/index';
import { round } from '../../../synth/util/units';
import { ROOT, SPEC_FILE } from '../../helpers/reference';

function planOf(file: string): Plan {
  const r = compile(file, fs.readFileSync(file, 'utf8'), 'plan');
  expect(r.ok).toBe(true);
  return r.plan as Plan;
}

/** byTier as the rule above gives it, in the report's row order (the amounts are rounded as they are added). */
function expectedByTier(plan: Plan): Record<string, number> {
  const round2 = (x: number) => round(x, 2);
  const out: Record<string, number> = {};
  const add = (tier: string, amount: number) => (out[tier] = round2((out[tier] ?? 0) + amount));
  for (const row of plan.reports.cost.monthly) {
    // Infrastructure rows (control planes, NAT, load balancers, VPN, DMS, global) belong to no tier.
    if (row.kind) {
      add('infrastructure (no tier)', row.monthly);
      continue;
    }
    const region = plan.regions.find((r) => r.id === row.region)!;
    const running = region.workloads.filter((w) => w.replicas > 0);
    if (row.pool) {
      const onPool = running.filter((w) => (row.pool === 'spot') === w.spot);
      const cpu = onPool.reduce((a, w) => a + w.cpuMillis * w.replicas, 0);
      if (cpu === 0 && row.monthly > 0) add('(idle capacity)', row.monthly);
      for (const w of onPool) if (cpu > 0) add(w.tier, (row.monthly * w.cpuMillis * w.replicas) / cpu);
      continue;
    }
    const store = row.item.split(' ')[1];
    const database = region.databases.find((d) => d.name === store)?.database;
    const tiers = new Set<string>();
    for (const w of region.workloads) if (w.endpoints.some((e) => e.id === store || (database !== undefined && e.id === database))) tiers.add(w.tier);
    if (tiers.size === 0) add('(unattributed)', row.monthly);
    for (const t of [...tiers].sort()) add(t, row.monthly / tiers.size);
  }
  return out;
}

const SPECS: readonly (readonly [string, string])[] = [
  ['the reference spec', path.join(ROOT, SPEC_FILE)],
  ...['notely', 'eurobank', 'shopasia'].map((n) => [n, path.join(ROOT, 'test', 'fixtures', 'companies', `${n}.spec.yaml`)] as const),
];

describe.each(SPECS)('GIVEN the plan of %s', (_, file) => {
  let plan: Plan;
  beforeAll(() => {
    plan = planOf(file);
  });

  test('WHEN its cost is split by tier THEN every row goes to the tiers using it, as the rule gives', () => {
    expect(plan.reports.cost.monthly.some((r) => !r.pool)).toBe(true);
    expect(plan.reports.cost.byTier).toEqual(expectedByTier(plan));
  });

  test('WHEN the tiers are added up THEN they make the total (to the cent per row)', () => {
    const sum = Object.values(plan.reports.cost.byTier).reduce((a, x) => a + x, 0);
    expect(Math.abs(sum - plan.reports.cost.totalMonthly)).toBeLessThanOrEqual(0.01 * plan.reports.cost.monthly.length);
  });
});
