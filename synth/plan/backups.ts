/** Backups: the rules per data temperature, where each region's copies go, and the backup plan of every data class. */
import { greatCircleKm, isAwsOptInRegion, locationsOf } from '../catalog';
import type { BackupRule, DatabasePlan, DataBackupPlan, NRegion, Temperature } from '../model/index';
import type { PlanContext } from './context';
import * as C from './constants';
import { compareText } from '../util/order';

export interface BackupsPlan {
  readonly rules: BackupRule[];
  /** region id -> the catalog locations that hold its backup copies. */
  readonly regionCopyTo: ReadonlyMap<string, string[]>;
  readonly dataClasses: DataBackupPlan[];
}

export function planBackups(ctx: PlanContext, databases: readonly DatabasePlan[]): BackupsPlan {
  const { spec } = ctx;
  const ret = spec.backups.retention;
  const warmCold = (freq: 'hourly' | 'daily') => (['warm', 'cold'] as const).filter((t) => spec.backups.snapshots[t] === freq);
  // Hot data: continuous backup (point-in-time recovery) plus the long-term snapshots; warm and cold data:
  // snapshots at their configured frequency plus the long-term ones. A database is backed up at the temperature of
  // the strictest class it stores (DatabasePlan.temperature), so a rule protects only the temperatures some
  // database has: a spec without hot data has no continuous rule (nothing would select it).
  const held = new Set(databases.map((d) => d.temperature));
  const rules: BackupRule[] = [
    { name: 'continuous', continuous: true, schedule: 'cron(0 * * * ? *)', retentionDays: Math.min(C.CONTINUOUS_BACKUP_RETENTION_DAYS, ret.dailyDays), temperatures: ['hot'] },
    { name: 'hourly', continuous: false, schedule: 'cron(0 * * * ? *)', retentionDays: ret.hourlyDays, temperatures: warmCold('hourly') },
    { name: 'daily', continuous: false, schedule: 'cron(0 3 * * ? *)', retentionDays: ret.dailyDays, temperatures: ['hot', 'warm', 'cold'] },
    { name: 'weekly', continuous: false, schedule: 'cron(0 4 ? * SUN *)', retentionDays: ret.weeklyDays, temperatures: ['hot', 'warm', 'cold'] },
    { name: 'monthly', continuous: false, schedule: 'cron(0 5 1 * ? *)', retentionDays: ret.monthlyDays, temperatures: ['hot', 'warm', 'cold'] },
  ]
    .map((r) => ({ ...r, temperatures: (r.temperatures as readonly Temperature[]).filter((t) => held.has(t)) }))
    .filter((r) => r.temperatures.length > 0) as BackupRule[];
  const residencyIn = (rid: string): string[] => {
    const dbIds = databases.filter((d) => d.regions.includes(rid)).map((d) => d.id);
    return [...new Set(databases.filter((d) => dbIds.includes(d.id)).flatMap((d) => d.residency))].sort();
  };
  const regionCopyTo = new Map(spec.regions.map((r) => [r.id, copyLocations(ctx, r, residencyIn(r.failoverFor ?? r.id))]));
  const dataClasses: DataBackupPlan[] = spec.data.map((d) => {
    const holders = databases.filter((db) => db.stores.includes(d.id)).flatMap((db) => db.regions);
    const frequency = d.temperature === 'hot' ? 'continuous' : spec.backups.snapshots[d.temperature];
    return {
      dataClass: d.id,
      temperature: d.temperature,
      frequency,
      intervalSeconds: frequency === 'continuous' ? C.CONTINUOUS_BACKUP_RPO_SECONDS : frequency === 'hourly' ? 3600 : 86400,
      residency: d.residency,
      copies: [...new Set(holders)].sort().map((rid) => ({ region: rid, copyLocations: regionCopyTo.get(rid)! })),
    };
  });
  return { rules, regionCopyTo, dataClasses };
}

/**
 * The source plus the nearest other locations of the same cloud, inside the jurisdiction when the region holds
 * resident data, never in an AWS opt-in region the spec does not enable (a new account has it disabled).
 */
function copyLocations({ spec, loc, diagnostics }: PlanContext, region: NRegion, residency: readonly string[]): string[] {
  const home = loc(region);
  const bound = residency.includes(home.jurisdiction) ? home.jurisdiction : undefined;
  const candidates = locationsOf(region.cloud)
    .filter((l) => l.name !== home.name && (!bound || l.jurisdiction === bound))
    .filter((l) => l.cloud !== 'aws' || !isAwsOptInRegion(l.name) || spec.awsOptInRegions.includes(l.name))
    .map((l) => ({ l, km: greatCircleKm(home, l) }))
    .sort((a, b) => a.km - b.km || compareText(a.l.name, b.l.name));
  const want = spec.backups.copies - 1;
  if (candidates.length < want) {
    diagnostics.push({
      code: 'backup-copies-jurisdiction',
      severity: 'error',
      path: 'backups.copies',
      message: `region \`${region.id}\` holds data that must stay in ${bound}, which has only ${candidates.length + 1} ${region.cloud} region(s) for ${spec.backups.copies} backup copies`,
      expected: `backups.copies <= ${candidates.length + 1}, or a failover/backup plan that accepts fewer copies`,
      found: String(spec.backups.copies),
    });
  }
  return candidates.slice(0, want).map((c) => c.l.name);
}
