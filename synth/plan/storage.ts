/**
 * Storage limits: every shard's logical size must fit the cloud's managed PostgreSQL, on the primary and on
 * the standby alike (a standby that cannot hold a full copy is no standby: the spec is refused with the
 * shard count that fits every cloud the database lives on).
 */
import type { DatabasePlan, RegionPlan } from '../model/index';
import { formatBytes } from '../util/units';
import type { PlanContext } from './context';
import * as C from './constants';
import { shardsToFit } from './formulas';

/** Pushes `storage-limit` errors to the context; returns the standby warnings (deduplicated). */
export function checkStorageLimits(ctx: PlanContext, regions: readonly RegionPlan[], databases: readonly DatabasePlan[]): string[] {
  const warnings: string[] = [];
  const seen = new Set<string>();
  for (const r of regions) {
    for (const d of r.databases) {
      const max = C.MAX_DATABASE_BYTES[r.cloud];
      if (d.storageBytes <= max) continue;
      const db = databases.find((x) => x.id === d.database)!;
      const need = shardsToFit(db.storageBytes / db.replicationFactor, max);
      const what = `${db.shards > 1 ? `each of the ${db.shards} shards of \`${db.id}\`` : `\`${db.id}\``} in \`${r.id}\` needs ${formatBytes(d.storageBytes)} of logical storage, over the ${formatBytes(max)} limit of managed PostgreSQL on ${r.cloud}`;
      const role = d.role === 'primary' ? '' : ', so its standby could not hold a full copy';
      if (seen.has(`${r.id}/${db.id}`)) continue; // one error per database and region, not per shard
      seen.add(`${r.id}/${db.id}`);
      ctx.diagnostics.push({ code: 'storage-limit', severity: 'error', path: `databases.${db.id}.shards`, message: `${what}${role}`, expected: `shards >= ${need} (or a shorter retention)`, found: String(db.shards) });
    }
  }
  return [...new Set(warnings)];
}
