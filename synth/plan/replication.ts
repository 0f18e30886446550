/**
 * Replication into the standbys across clouds: for every interconnect pair and every database with standby
 * shards in the failover region, an AWS DMS replication instance in the primary's data subnets and one
 * full-load-and-CDC task (feed) per standby shard, from the primary shard that holds its data. Each feed gets a
 * lag alarm at ASYNC_REPLICATION_LAG_SECONDS, the bound the report states as the region-loss RPO of replicated
 * data (proofs.ts reads the same constant).
 *
 * Why DMS and not native logical replication: a native subscription is created by SQL on the subscriber (no
 * Terraform resource), DMS tasks are declared, monitored (CloudWatch) and restartable. Its limits, stated in the
 * report: DDL after the full load is not replicated as DDL (schema changes are applied to the standbys by the
 * same migration that changes the primary); sequences are not replicated (the promotion runbook advances them
 * past the source's values); large objects are copied in limited LOB mode (values above the LOB size limit are
 * truncated), and tables need a primary key for CDC updates and deletes.
 */
import { DMS_ALLOCATED_STORAGE_GB, DMS_INSTANCE_CLASSES, DMS_SOURCE_ENGINE, DMS_TARGET_ENGINE } from '../catalog';
import type { DatabasePlan, InterconnectPlan, RegionPlan, ReplicationPlan } from '../model/index';
import { pascalCase } from '../util/names';
import type { PlanContext } from './context';
import * as C from './constants';
import { planInvariant } from './invariant';

/** The database every feed replicates: the engines' default database. */
export const REPLICATED_DATABASE = 'postgres';
/**
 * Clouds whose standbys the feeds reach: GCP (Cloud SQL private IPs, a built-in user per writer) and Azure
 * (password login on the flexible servers, the writers' private IPs read from Azure's private DNS zone).
 */
export const REPLICATION_TARGETS: readonly InterconnectPlan['peerCloud'][] = ['gcp', 'azure'];
/** CloudWatch period of the lag alarms (DMS publishes task metrics every minute). */
export const LAG_ALARM_PERIOD_SECONDS = 60;
/** The PostgreSQL login of the feeds. */
export const REPLICATION_USER = 'dms_replication';

export function planReplication(ctx: PlanContext, regions: readonly RegionPlan[], databases: readonly DatabasePlan[], interconnects: readonly InterconnectPlan[]): ReplicationPlan[] {
  const byId = new Map(regions.map((r) => [r.id, r]));
  const out: ReplicationPlan[] = [];
  for (const ic of interconnects) {
    if (!REPLICATION_TARGETS.includes(ic.peerCloud)) continue;
    const primary = byId.get(ic.primary)!;
    const failover = byId.get(ic.failover)!;
    for (const db of databases) {
      const standbys = failover.databases.filter((d) => d.database === db.id);
      if (standbys.length === 0) continue;
      const sources = primary.databases.filter((d) => d.database === db.id);
      const name = `${ctx.spec.name}-${db.id}-to-${failover.id}`;
      out.push({
        name,
        interconnect: ic.name,
        database: db.id,
        primary: primary.id,
        failover: failover.id,
        targetCloud: ic.peerCloud,
        instanceClass: DMS_INSTANCE_CLASSES[db.size],
        allocatedStorageGb: DMS_ALLOCATED_STORAGE_GB,
        multiAz: true,
        // Private subnets: they route to the peer (VGW propagation) and to the AWS APIs (NAT) DMS calls.
        subnets: primary.subnets.filter((s) => s.kind === 'private').map((s) => s.name),
        databaseName: REPLICATED_DATABASE,
        sourceEngine: DMS_SOURCE_ENGINE,
        targetEngine: DMS_TARGET_ENGINE,
        targetUser: REPLICATION_USER,
        feeds: standbys.map((target) => {
          const source = sources.find((s) => s.shard === target.shard);
          planInvariant(source !== undefined, `databases.${db.id}`, `standby shard ${target.name} in ${failover.id} has no primary shard in ${primary.id}`);
          const feed = `${db.id}-${target.shard}-to-${failover.id}`;
          return {
            name: feed,
            source: source.name,
            sourceShard: source.shard,
            target: target.name,
            targetShard: target.shard,
            targetHost: target.host,
            port: target.port,
            migrationType: 'full-load-and-cdc' as const,
            lagAlarm: {
              name: `${pascalCase(feed)}ReplicationLag`,
              metric: 'CDCLatencyTarget' as const,
              thresholdSeconds: C.ASYNC_REPLICATION_LAG_SECONDS,
              periodSeconds: LAG_ALARM_PERIOD_SECONDS,
              evaluationPeriods: 1,
            },
          };
        }),
      });
    }
  }
  return out;
}
