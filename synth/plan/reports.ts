/** Report rows derived from the plan: capacity per workload, the capacity projection, storage per database. */
import type { CapacityRow, DatabasePlan, ProjectionReport, RegionPlan, StorageRow } from '../model/index';
import type { PlanContext } from './context';
import { afterZoneLoss, projectedCapacity } from './formulas';

export function capacityRows(regions: readonly RegionPlan[]): CapacityRow[] {
  return regions.flatMap((r) =>
    r.workloads.map((w) => ({
      service: w.service,
      region: r.id,
      mode: w.mode,
      n: w.n,
      replicas: w.replicas,
      min: w.autoscaling?.min ?? 0,
      max: w.autoscaling?.max ?? 0,
      perZone: w.maxPerZone,
      // One definition for every running mode: N left after losing the fullest zone (a pilot light runs nothing).
      survivesZoneLoss: w.replicas === 0 || afterZoneLoss(w.replicas, r.zones.length) >= w.n,
    })),
  );
}

export function projectionReport({ spec, multiplier }: PlanContext): ProjectionReport {
  return {
    ordersPerSecond: spec.capacity.ordersPerSecond,
    growth: spec.capacity.growth,
    safetyFactor: spec.scaling.safetyFactor,
    horizonMonths: spec.capacity.horizonMonths,
    requiredOrdersPerSecond: projectedCapacity(spec.capacity.ordersPerSecond, spec.capacity.growth, spec.scaling.safetyFactor, spec.capacity.horizonMonths),
    multiplier,
    review: spec.capacity.review,
  };
}

export function storageRows(databases: readonly DatabasePlan[]): StorageRow[] {
  return databases.map((d) => ({ database: d.id, dailyGrowthBytes: d.dailyGrowthBytes, retentionDays: d.retentionDays, replicationFactor: d.replicationFactor, totalBytes: d.storageBytes, shards: d.shards, perShardBytes: d.storagePerShardBytes }));
}
