/**
 * Cost report: monthly cost per region, cloud, tier and pool from the embedded, dated price table.
 * Reserved pools are priced at the reserved-term discount, spot pools at the spot discount; the
 * "all on-demand" figure prices the same units at list price, and the saving is the difference.
 */
import { DISCOUNTS, HOURS_PER_MONTH, hourlyOnDemand, PRICE_TABLE_DATE, priceMultiplier, STORAGE_GB_MONTH_USD } from '../catalog';
import type { CostReport, CostRow, NormalizedSpec, RegionPlan } from '../model/index';
import { round } from '../util/units';

export function costReport(spec: NormalizedSpec, regions: readonly RegionPlan[]): { report: CostReport; warnings: string[] } {
  const reservedDiscount = spec.cost.reservedTerm === '1y' ? DISCOUNTS.reserved1y : DISCOUNTS.reserved3y;
  const rows: CostRow[] = [];
  for (const r of regions) {
    const hourly = (type: string) => hourlyOnDemand(r.cloud, type, r.location);
    for (const p of r.cluster.nodePools) {
      const list = hourly(p.instanceType) * HOURS_PER_MONTH;
      const discount = p.kind === 'reserved' ? reservedDiscount : p.kind === 'spot' ? DISCOUNTS.spot : 0;
      rows.push({ region: r.id, cloud: r.cloud, item: `nodes ${p.name} (${p.instanceType})`, pool: p.kind, units: p.desired, unitMonthly: round(list * (1 - discount), 2), monthly: round(p.desired * list * (1 - discount), 2), onDemandMonthly: round(p.desired * list, 2) });
    }
    for (const d of r.databases) {
      const list = hourly(d.instanceClass) * HOURS_PER_MONTH;
      const units = d.writers + d.readers;
      rows.push({ region: r.id, cloud: r.cloud, item: `database ${d.name} (${units} x ${d.instanceClass})`, units, unitMonthly: round(list, 2), monthly: round(units * list, 2), onDemandMonthly: round(units * list, 2) });
      const gb = d.storageBytes / 1e9;
      const storage = gb * STORAGE_GB_MONTH_USD[r.cloud] * priceMultiplier(r.cloud, r.location);
      rows.push({ region: r.id, cloud: r.cloud, item: `storage ${d.name} (${round(gb / 1000, 1)} TB)`, units: round(gb, 0), unitMonthly: STORAGE_GB_MONTH_USD[r.cloud], monthly: round(storage, 2), onDemandMonthly: round(storage, 2) });
    }
    for (const c of r.caches) {
      const list = hourly(c.nodeType) * HOURS_PER_MONTH;
      rows.push({ region: r.id, cloud: r.cloud, item: `cache ${c.name} (${c.nodes} x ${c.nodeType})`, units: c.nodes, unitMonthly: round(list, 2), monthly: round(c.nodes * list, 2), onDemandMonthly: round(c.nodes * list, 2) });
    }
  }
  const total = round(rows.reduce((a, x) => a + x.monthly, 0), 2);
  const sum = (key: (r: CostRow) => string | undefined) => {
    const out: Record<string, number> = {};
    for (const r of rows) {
      const k = key(r);
      if (k !== undefined) out[k] = round((out[k] ?? 0) + r.monthly, 2);
    }
    return out;
  };
  const byTier: Record<string, number> = {};
  const addTier = (tier: string, amount: number) => (byTier[tier] = round((byTier[tier] ?? 0) + amount, 2));
  // The tiers using each data store of a region (a database instance by its name or database id, a cache by name):
  // the tiers of the workloads with an endpoint on it, looked up per row instead of searched (rows x workloads).
  const byId = new Map(regions.map((x) => [x.id, x]));
  const storeUsers = new Map<string, Map<string, Set<string>>>();
  const usersOf = (region: RegionPlan, store: string): string[] => {
    let users = storeUsers.get(region.id);
    if (!users) {
      users = new Map();
      const add = (key: string, tier: string) => (users!.get(key) ?? users!.set(key, new Set()).get(key)!).add(tier);
      for (const w of region.workloads) {
        for (const e of w.endpoints) {
          add(e.id, w.tier);
          for (const d of region.databases) if (d.database === e.id) add(d.name, w.tier);
        }
      }
      storeUsers.set(region.id, users);
    }
    return [...(users.get(store) ?? [])].sort();
  };
  for (const r of rows) {
    const region = byId.get(r.region)!;
    const running = region.workloads.filter((w) => w.replicas > 0);
    if (r.pool) {
      // Node cost shared by the CPU the tiers' pods request on that pool.
      const onPool = running.filter((w) => (r.pool === 'spot') === w.spot);
      const cpu = onPool.reduce((a, w) => a + w.cpuMillis * w.replicas, 0);
      if (cpu === 0 && r.monthly > 0) addTier('(idle capacity)', r.monthly);
      for (const w of onPool) if (cpu > 0) addTier(w.tier, (r.monthly * w.cpuMillis * w.replicas) / cpu);
    } else {
      // Data stores: charged to the tiers of the services using them (evenly).
      const store = r.item.split(' ')[1];
      const users = usersOf(region, store);
      if (!users.length) addTier('(unattributed)', r.monthly);
      for (const t of users) addTier(t, r.monthly / users.length);
    }
  }
  const allOnDemand = round(rows.reduce((a, x) => a + x.onDemandMonthly, 0), 2);
  // Achieved mix: share of node vCPU per pool at desired counts, across every cluster.
  const vcpu = { reserved: 0, spot: 0, onDemand: 0 };
  for (const r of regions) {
    for (const p of r.cluster.nodePools) {
      const key = p.kind === 'on-demand' ? 'onDemand' : p.kind;
      vcpu[key] += p.desired * p.vcpu;
    }
  }
  const all = vcpu.reserved + vcpu.spot + vcpu.onDemand || 1;
  const achieved = { reserved: round(vcpu.reserved / all, 4), spot: round(vcpu.spot / all, 4), onDemand: round(vcpu.onDemand / all, 4) };
  const warnings: string[] = [];
  if (achieved.spot + 0.05 < spec.cost.mix.spot) {
    warnings.push(
      `Spot capacity is ${(achieved.spot * 100).toFixed(1)}% of node vCPU against a ${(spec.cost.mix.spot * 100).toFixed(0)}% target: only tiers [${spec.cost.spotTiers.join(', ')}] may run on spot. Add tiers with rto >= 1h to cost.spotTiers to reach the target; the planner never moves critical pods to spot.`,
    );
  }
  return {
    report: {
      priceTableDate: PRICE_TABLE_DATE,
      review: spec.cost.review,
      currency: 'USD',
      monthly: rows,
      totalMonthly: total,
      allOnDemandMonthly: allOnDemand,
      savingMonthly: round(allOnDemand - total, 2),
      computeMonthly: round(rows.filter((x) => x.pool).reduce((a, x) => a + x.monthly, 0), 2),
      computeOnDemandMonthly: round(rows.filter((x) => x.pool).reduce((a, x) => a + x.onDemandMonthly, 0), 2),
      discounts: { reserved: reservedDiscount, spot: DISCOUNTS.spot, reservedTerm: spec.cost.reservedTerm },
      byRegion: sum((r) => r.region),
      byCloud: sum((r) => r.cloud),
      byTier,
      byPool: sum((r) => r.pool ?? 'data stores'),
      mixTarget: spec.cost.mix,
      mixAchieved: achieved,
    },
    warnings,
  };
}
