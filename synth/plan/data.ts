/** Databases and caches: sizes per cloud, the strictest data class of each, storage, cross-region replication. */
import { CACHE_SIZES, DATABASE_SIZES } from '../catalog';
import type { CachePlan, DatabasePlan, ServicePlan } from '../model/index';
import type { PlanContext } from './context';
import * as C from './constants';
import { storageRequired } from './formulas';

export function planDatabases({ spec, failoverOf }: PlanContext): DatabasePlan[] {
  const dataOf = new Map(spec.data.map((d) => [d.id, d]));
  return spec.databases.map((db) => {
    const classes = db.stores.map((id) => dataOf.get(id)!);
    const strictest = [...classes].sort((a, b) => a.rpoSeconds - b.rpoSeconds)[0];
    const total = storageRequired(db.dailyGrowthBytes, db.retentionDays, db.replicationFactor);
    const cloudOfPrimary = 'aws' as const;
    return {
      id: db.id,
      stores: db.stores,
      ...(db.shardBy ? { shardBy: db.shardBy } : {}),
      shards: db.shards,
      readReplicas: db.readReplicas,
      size: db.size,
      instanceClass: DATABASE_SIZES[cloudOfPrimary][db.size].type,
      rpoSeconds: strictest.rpoSeconds,
      replication: strictest.replication,
      temperature: strictest.temperature,
      residency: [...new Set(classes.flatMap((c) => c.residency))].sort(),
      regions: db.regions,
      storageBytes: total,
      storagePerShardBytes: total / db.shards,
      dailyGrowthBytes: db.dailyGrowthBytes,
      retentionDays: db.retentionDays,
      replicationFactor: db.replicationFactor,
      multiAz: true,
      crossRegion: crossRegionOf(strictest.replication, db.regions.map((r) => failoverOf.get(r)).filter((x): x is string => !!x).sort()),
      slowQueryMs: Math.round(spec.observability.slowQuerySeconds * 1000),
      backupRetentionDays: Math.min(C.CONTINUOUS_BACKUP_RETENTION_DAYS, spec.backups.retention.dailyDays),
    };
  });
}

export function planCaches({ spec, primaries }: PlanContext, services: readonly ServicePlan[]): CachePlan[] {
  return spec.caches.map((c) => ({
    id: c.id,
    size: c.size,
    nodeType: CACHE_SIZES.aws[c.size].type,
    replicas: c.replicas,
    regions: primaries.map((r) => r.id).filter((rid) => services.some((s) => s.usesCaches.includes(c.id) && s.primaryRegions.includes(rid))),
    hitRatioTarget: spec.observability.cacheHitRatio,
    hitMs: Math.round(c.hitSeconds * 1000 * 1000) / 1000,
    missMs: Math.round(c.missSeconds * 1000 * 1000) / 1000,
  }));
}

/** Asynchronous replication needs a failover region to go to: with none (e.g. one region without failover), backups alone protect the data. */
function crossRegionOf(replication: string, targets: readonly string[]): { readonly mode: 'asynchronous' | 'none'; readonly targets: readonly string[] } {
  return replication === 'backup' || targets.length === 0 ? { mode: 'none', targets: [] } : { mode: 'asynchronous', targets };
}
