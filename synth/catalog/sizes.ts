/**
 * Abstract sizes (`small` … `2xlarge`) mapped to each cloud's machine, database and cache types.
 * Each step doubles vCPUs (caches: capacity) so that sizes are comparable across clouds.
 *
 * Sources (facts, not guesses):
 * - AWS EC2 M6i: "Amazon EC2 M6i Instances" product page and the EC2 User Guide
 *   "General purpose instances" specifications (m6i.large = 2 vCPU / 8 GiB … m6i.8xlarge = 32 / 128).
 * - AWS Aurora: Aurora User Guide, "DB instance classes" / "Hardware specifications for DB instance
 *   classes for Aurora" (db.r6g.large = 2 vCPU / 16 GiB … db.r6g.8xlarge = 32 / 256).
 * - AWS ElastiCache: ElastiCache User Guide, "Supported node types" (cache.r6g.large =
 *   2 vCPU / 13.07 GiB … cache.r6g.8xlarge = 32 / 209.55 GiB).
 * - Google Compute Engine N2: "General-purpose machine family" (n2-standard-N = N vCPU / 4N GB).
 * - Google Cloud SQL: "About instance settings" — custom machine types are named
 *   `db-custom-<vCPUs>-<memory MiB>`; memory must be 0.9–6.5 GB per vCPU, so the highest-memory
 *   shape (6.5 GiB = 6656 MiB per vCPU) is used to sit closest to the 8 GiB/vCPU of the
 *   memory-optimized classes the other clouds use.
 * - Google Memorystore for Redis Cluster: "Cluster and node specification" (node types, total
 *   node capacity and vCPU count: redis-standard-small 2 vCPU / 6.5 GB, redis-highmem-medium
 *   2 / 13 GB, redis-highmem-xlarge 8 / 58 GB, redis-highmem-2xlarge 110 GB, redis-standard-large
 *   26 GB). The vCPU counts of redis-standard-large (4) and redis-highmem-2xlarge (16) follow the
 *   node-type naming; recheck them against the page when it is next updated.
 * - Azure Dsv5: "Dsv5 sizes series" (Standard_D2s_v5 = 2 vCPU / 8 GiB … D32s_v5 = 32 / 128).
 * - Azure Database for PostgreSQL flexible server: "Compute options" — Memory Optimized tier runs
 *   on Edsv5 (Standard_E2ds_v5 = 2 vCores / 16 GiB … E32ds_v5 = 32 / 256).
 * - Azure Cache for Redis Premium: "Azure Cache for Redis planning FAQ" / "Performance testing"
 *   tables (P1 6 GB / 2 cores, P2 13 GB / 4, P3 26 GB / 4, P4 53 GB / 8, P5 120 GB / 20).
 *
 * Memory is in GiB; where the provider documents "GB" for caches (Memorystore, Azure Redis) the
 * documented number is kept as is.
 */
import type { Cloud, Size } from '../model/spec';
import type { MachineSize, SizeTable } from './types';

export const SIZES: readonly Size[] = ['small', 'medium', 'large', 'xlarge', '2xlarge'];

const m = (type: string, vcpu: number, memoryGiB: number): MachineSize => Object.freeze({ type, vcpu, memoryGiB });

const table = (rows: Record<Cloud, Record<Size, MachineSize>>): SizeTable =>
  Object.freeze({
    aws: Object.freeze(rows.aws),
    gcp: Object.freeze(rows.gcp),
    azure: Object.freeze(rows.azure),
  });

/** General-purpose worker nodes (Kubernetes node pools, VMs). 4 GiB per vCPU on every cloud. */
export const NODE_SIZES: SizeTable = table({
  aws: {
    small: m('m6i.large', 2, 8),
    medium: m('m6i.xlarge', 4, 16),
    large: m('m6i.2xlarge', 8, 32),
    xlarge: m('m6i.4xlarge', 16, 64),
    '2xlarge': m('m6i.8xlarge', 32, 128),
  },
  gcp: {
    small: m('n2-standard-2', 2, 8),
    medium: m('n2-standard-4', 4, 16),
    large: m('n2-standard-8', 8, 32),
    xlarge: m('n2-standard-16', 16, 64),
    '2xlarge': m('n2-standard-32', 32, 128),
  },
  azure: {
    small: m('Standard_D2s_v5', 2, 8),
    medium: m('Standard_D4s_v5', 4, 16),
    large: m('Standard_D8s_v5', 8, 32),
    xlarge: m('Standard_D16s_v5', 16, 64),
    '2xlarge': m('Standard_D32s_v5', 32, 128),
  },
});

/**
 * Managed PostgreSQL: Aurora PostgreSQL (AWS), Cloud SQL for PostgreSQL (GCP),
 * Azure Database for PostgreSQL flexible server, Memory Optimized tier (Azure).
 */
export const DATABASE_SIZES: SizeTable = table({
  aws: {
    small: m('db.r6g.large', 2, 16),
    medium: m('db.r6g.xlarge', 4, 32),
    large: m('db.r6g.2xlarge', 8, 64),
    xlarge: m('db.r6g.4xlarge', 16, 128),
    '2xlarge': m('db.r6g.8xlarge', 32, 256),
  },
  gcp: {
    small: m('db-custom-2-13312', 2, 13),
    medium: m('db-custom-4-26624', 4, 26),
    large: m('db-custom-8-53248', 8, 52),
    xlarge: m('db-custom-16-106496', 16, 104),
    '2xlarge': m('db-custom-32-212992', 32, 208),
  },
  azure: {
    small: m('Standard_E2ds_v5', 2, 16),
    medium: m('Standard_E4ds_v5', 4, 32),
    large: m('Standard_E8ds_v5', 8, 64),
    xlarge: m('Standard_E16ds_v5', 16, 128),
    '2xlarge': m('Standard_E32ds_v5', 32, 256),
  },
});

/**
 * Managed Redis-compatible caches, one node (shard primary) per size: ElastiCache (AWS),
 * Memorystore for Redis Cluster (GCP), Azure Cache for Redis Premium (Azure; the type is
 * `<sku>_<family><capacity>`, e.g. `Premium_P1` = sku Premium, family P, capacity 1).
 */
export const CACHE_SIZES: SizeTable = table({
  aws: {
    small: m('cache.r6g.large', 2, 13.07),
    medium: m('cache.r6g.xlarge', 4, 26.32),
    large: m('cache.r6g.2xlarge', 8, 52.82),
    xlarge: m('cache.r6g.4xlarge', 16, 105.81),
    '2xlarge': m('cache.r6g.8xlarge', 32, 209.55),
  },
  gcp: {
    small: m('redis-standard-small', 2, 6.5),
    medium: m('redis-highmem-medium', 2, 13),
    large: m('redis-standard-large', 4, 26),
    xlarge: m('redis-highmem-xlarge', 8, 58),
    '2xlarge': m('redis-highmem-2xlarge', 16, 110),
  },
  azure: {
    small: m('Premium_P1', 2, 6),
    medium: m('Premium_P2', 4, 13),
    large: m('Premium_P3', 4, 26),
    xlarge: m('Premium_P4', 8, 53),
    '2xlarge': m('Premium_P5', 20, 120),
  },
});

/**
 * The smallest node size the planner picks (synth/plan/pools.ts chooses per cluster from `MIN_NODE_SIZE` up):
 * below 8 vCPU / 32 GiB the clouds' kubelet and system reservations (GKE, AKS: a quarter of the first 4 GiB,
 * a fifth of the next 4, ...) take more than the 15 % that NODE_ALLOCATABLE assumes.
 */
export const MIN_NODE_SIZE: Size = 'large';

/** Every machine type named by any size table, as `${cloud}:${type}` keys. */
export function allSizedTypes(): string[] {
  const keys = new Set<string>();
  for (const t of [NODE_SIZES, DATABASE_SIZES, CACHE_SIZES]) {
    for (const cloud of ['aws', 'gcp', 'azure'] as const) {
      for (const size of SIZES) keys.add(`${cloud}:${t[cloud][size].type}`);
    }
  }
  return [...keys].sort();
}
