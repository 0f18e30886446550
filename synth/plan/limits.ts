/** The cloud limits the constructs assert, copied from the catalog (synth/catalog/limits.ts) into the plan. */
import { INTERVAL_LIMITS, LIMITS, NAME_RULES, type RangeLimit } from '../catalog/limits';
import type { PlanLimits, PlanRange } from '../model/index';

const range = (l: RangeLimit): PlanRange => ({ min: l.min, max: l.max });
const length = (r: { minLength: number; maxLength: number }): PlanRange => ({ min: r.minLength, max: r.maxLength });

export function planLimits(): PlanLimits {
  return {
    azurePostgresReadReplicas: range(LIMITS.azurePostgresReadReplicas),
    azurePostgresBackupRetentionDays: range(LIMITS.azurePostgresBackupRetentionDays),
    azurePostgresServerNameLength: length(NAME_RULES.azurePostgresServerName),
    azureRedisReplicasPerPrimary: range(LIMITS.azureRedisReplicasPerPrimary),
    azureRedisNameLength: length(NAME_RULES.azureRedisName),
    memorystoreReadReplicas: range(LIMITS.memorystoreReadReplicas),
    memorystoreInstanceIdLength: length(NAME_RULES.memorystoreInstanceId),
    gcpServiceAccountIdLength: length(NAME_RULES.gcpServiceAccountId),
    acceleratorHealthCheckIntervals: [...INTERVAL_LIMITS.acceleratorHealthCheckIntervalSeconds.allowed],
  };
}
