/**
 * Restore throughput of the managed PostgreSQL a restore tier comes back on: how long a backup of a given
 * size takes to become a usable cluster. The RTO of a restore tier counts it from the real backup size.
 *
 * Sources:
 * - AWS re:Post, "Why is my Aurora DB cluster snapshot taking so long to restore?" and "Why is my Amazon Aurora
 *   DB cluster clone, snapshot restore, or point in time restore taking so long?": a restore creates a new
 *   cluster volume and copies the whole backup from Amazon S3 into it, in parallel, before the cluster is
 *   Available (no lazy loading); "this can take up to a few hours"; the time grows less than linearly with size.
 * - AWS publishes no restore throughput. The figure below is a planning estimate, deliberately conservative
 *   (2 TB per hour per restored cluster, about 555 MB/s), plus a fixed 30 minutes for cluster creation, status
 *   checks and the first instance. Replace it with the figure of a restore drill of your own data.
 */
import type { Cloud } from '../model/spec';

export interface RestoreThroughput {
  readonly bytesPerHour: number;
  readonly overheadSeconds: number;
  readonly source: string;
}

export const RESTORE_THROUGHPUT: Readonly<Partial<Record<Cloud, RestoreThroughput>>> = {
  aws: {
    bytesPerHour: 2e12,
    overheadSeconds: 1800,
    source: 'planning estimate (AWS publishes none; re:Post: a restore copies the whole volume from S3 before the cluster is Available): 2 TB/h per cluster + 30m',
  },
};
