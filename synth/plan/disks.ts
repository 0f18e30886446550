/** Disks of the managed databases that provision one (Cloud SQL, Azure flexible server), from the catalog's limits. */
import { AZURE_POSTGRES_MAX_STORAGE_MIB, AZURE_POSTGRES_STORAGE_STEPS_MIB, CLOUD_SQL_MAX_DISK_GB } from '../catalog';
import type { Cloud, DiskPlan } from '../model/index';

/**
 * The disk a managed engine provisions for `bytes` of logical data: Cloud SQL in GB (rounded up, never
 * less than planned whether Cloud SQL's GB is 1e9 or 2^30 bytes), Azure the smallest Premium SSD step that
 * holds it; both capped at the engine's largest, with the cap stated in the tags. Aurora needs none.
 */
export function planDisk(cloud: Cloud, bytes: number, tags: Readonly<Record<string, string>>): { disk?: DiskPlan; tags: Readonly<Record<string, string>> } {
  const plannedGb = Math.ceil(bytes / 1e9);
  let disk: DiskPlan | undefined;
  if (cloud === 'gcp') disk = { size: Math.min(plannedGb, CLOUD_SQL_MAX_DISK_GB), unit: 'GB', limit: CLOUD_SQL_MAX_DISK_GB, capped: plannedGb > CLOUD_SQL_MAX_DISK_GB, plannedGb };
  if (cloud === 'azure') {
    const step = AZURE_POSTGRES_STORAGE_STEPS_MIB.find((mib) => mib >= Math.ceil(bytes / 2 ** 20));
    disk = { size: step ?? AZURE_POSTGRES_MAX_STORAGE_MIB, unit: 'MiB', limit: AZURE_POSTGRES_MAX_STORAGE_MIB, capped: step === undefined, plannedGb };
  }
  if (!disk) return { tags };
  return { disk, tags: disk.capped ? { ...tags, 'storage-capped': 'true', 'storage-planned-gb': String(plannedGb) } : tags };
}

