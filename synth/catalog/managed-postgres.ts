/**
 * Storage limits of the managed PostgreSQL services, one place for the validator, the planner, the
 * constructs (through the plan) and the report.
 *
 * Sources:
 * - Aurora: Aurora User Guide, "Amazon Aurora size limits" — a cluster volume grows to 128 TiB.
 * - Cloud SQL: "Quotas and limits" — up to 64 TB of storage per instance; the Admin API's `diskSizeGb`
 *   maximum is 65,536. The planner sizes disks in GB of 1e9 bytes (rounding up), so the bytes limit is
 *   65,536 x 1e9 and a planned disk never exceeds the API maximum whatever unit Cloud SQL means by GB.
 * - Azure Database for PostgreSQL flexible server: "Storage options" — Premium SSD sizes are fixed steps
 *   from 32 GiB to 32 TiB (azurerm `storage_mb`, MiB; the largest step is 33,553,408 MiB = 32 TiB - 1 GiB).
 */
import type { Cloud } from '../model/spec';

export const AURORA_MAX_BYTES = 128 * 2 ** 40;
export const CLOUD_SQL_MAX_DISK_GB = 65_536;
/** Premium SSD storage steps of a flexible server, in MiB. */
export const AZURE_POSTGRES_STORAGE_STEPS_MIB: readonly number[] = [32768, 65536, 131072, 262144, 524288, 1048576, 2097152, 4193280, 4194304, 8388608, 16777216, 33553408];
export const AZURE_POSTGRES_MAX_STORAGE_MIB = AZURE_POSTGRES_STORAGE_STEPS_MIB[AZURE_POSTGRES_STORAGE_STEPS_MIB.length - 1];

/** Largest logical database one managed PostgreSQL instance holds, per cloud, in bytes. */
export const MANAGED_POSTGRES_MAX_BYTES: Readonly<Record<Cloud, number>> = {
  aws: AURORA_MAX_BYTES,
  gcp: CLOUD_SQL_MAX_DISK_GB * 1e9,
  azure: AZURE_POSTGRES_MAX_STORAGE_MIB * 2 ** 20,
};
