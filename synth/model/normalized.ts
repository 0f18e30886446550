/** The spec with defaults applied and units parsed into numbers (synth/spec/normalize.ts). */
import type { AlertVia, Cloud, FailoverStrategy, Protocol, Replication, Size, Temperature } from './spec';

// ---------------------------------------------------------------------------------------------
// Normalized spec
// ---------------------------------------------------------------------------------------------

export interface NormalizedSpec {
  readonly name: string;
  readonly environment: string;
  readonly dns: { readonly zone: string; readonly ttlSeconds: number };
  readonly backend: { readonly bucket: string; readonly keyPrefix: string; readonly region: string };
  /** AWS opt-in regions the spec enables (sorted); every other opt-in region is avoided. */
  readonly awsOptInRegions: readonly string[];
  readonly gitops: { readonly repoURL: string; readonly revision: string; readonly path: string; readonly credentials?: { readonly username: string } };
  /** Operators' principal per cloud (spec `access.admins`), where given. */
  readonly admins: { readonly aws?: string; readonly gcp?: string; readonly azure?: string };
  readonly regions: readonly NRegion[];
  readonly edge: NEdge;
  readonly tiers: readonly NTier[];
  readonly data: readonly NDataClass[];
  readonly databases: readonly NDatabase[];
  readonly caches: readonly NCache[];
  readonly services: readonly NService[];
  readonly scaling: NScaling;
  readonly availability: NAvailability;
  readonly backups: NBackups;
  readonly cost: NCost;
  readonly observability: NObservability;
  readonly capacity: NCapacity;
}

export interface NRegion {
  readonly id: string;
  readonly cloud: Cloud;
  readonly location: string;
  readonly cidr: string;
  /** Primary region this one stands in for; undefined for a primary region. */
  readonly failoverFor?: string;
  /** GCP only: the project id (spec `project`). */
  readonly project?: string;
  /** The id before a rename (spec `renamedFrom`). */
  readonly renamedFrom?: string;
}

export interface NEdge {
  readonly routing: 'anycast';
  readonly geoDns: boolean;
  readonly pops: readonly string[];
  readonly compression: readonly ('gzip' | 'br')[];
  readonly cdn: { readonly staticAssets: boolean; readonly cacheApis: readonly string[]; readonly apiTtlSeconds: number };
}

export interface NTier {
  readonly id: string;
  readonly rtoSeconds: number;
  readonly failover: FailoverStrategy;
  readonly critical: boolean;
}

export interface NDataClass {
  readonly id: string;
  readonly rpoSeconds: number;
  readonly replication: Replication;
  readonly temperature: Temperature;
  readonly residency: readonly string[];
}

export interface NDatabase {
  readonly id: string;
  readonly engine: 'postgres';
  readonly stores: readonly string[];
  readonly shardBy?: string;
  readonly shards: number;
  readonly readReplicas: number;
  readonly size: Size;
  readonly dailyGrowthBytes: number;
  readonly retentionDays: number;
  readonly replicationFactor: number;
  /** Primary regions holding this database (default: every primary region). */
  readonly regions: readonly string[];
  /** The id before a rename (spec `renamedFrom`). */
  readonly renamedFrom?: string;
}

export interface NCache {
  readonly id: string;
  readonly engine: 'redis';
  readonly size: Size;
  readonly replicas: number;
  readonly hitSeconds: number;
  readonly missSeconds: number;
  /** The id before a rename (spec `renamedFrom`). */
  readonly renamedFrom?: string;
}

export interface NService {
  readonly id: string;
  readonly tier: string;
  readonly image: string;
  readonly protocol: Protocol;
  readonly port: number;
  readonly public: boolean;
  readonly rps: number;
  readonly perInstance: number;
  readonly latencyTargetSeconds?: number;
  readonly cpuMillis: number;
  readonly memoryMiB: number;
  readonly cpu: string;
  readonly memory: string;
  readonly uses: readonly string[];
  /** Primary regions running the service (default: every primary region). */
  readonly regions: readonly string[];
  readonly healthPath: string;
  /** The id before a rename (spec `renamedFrom`). */
  readonly renamedFrom?: string;
}

export interface NScaling {
  readonly safetyFactor: number;
  readonly spareInstances: number;
  readonly triggers: { readonly cpu: number; readonly memory: number; readonly queueDepth: number; readonly latencyMultiple: number };
  readonly readReplicas: { readonly min: number; readonly max: number };
}

export interface NAvailability {
  readonly zones: number;
  readonly slo: number;
  readonly instanceAvailability: number;
  readonly healthCheckIntervalSeconds: number;
  readonly removeAfterSeconds: number;
}

export interface NBackups {
  readonly snapshots: { readonly warm: 'hourly' | 'daily'; readonly cold: 'hourly' | 'daily' };
  readonly retention: { readonly hourlyDays: number; readonly dailyDays: number; readonly weeklyDays: number; readonly monthlyDays: number };
  readonly copies: number;
}

export interface NCost {
  readonly mix: { readonly reserved: number; readonly spot: number; readonly onDemand: number };
  readonly spotTiers: readonly string[];
  readonly reservedTerm: '1y' | '3y';
  readonly review: 'weekly' | 'monthly';
}

export interface NObservability {
  readonly scrapeIntervalSeconds: number;
  readonly slowQuerySeconds: number;
  readonly queryP95Seconds: number;
  readonly cacheHitRatio: number;
  readonly alerts: { readonly critical: string; readonly warning: string; readonly info: string };
  /** How each severity's route delivers (defaults applied); `to` only for email. */
  readonly delivery: Readonly<Record<'critical' | 'warning' | 'info', { readonly via: AlertVia; readonly to?: string }>>;
  /** Mail relay of the email routes. */
  readonly smtp: { readonly smarthost: string; readonly from: string };
}

export interface NCapacity {
  readonly ordersPerSecond: number;
  readonly growth: number;
  readonly horizonMonths: number;
  readonly review: 'monthly' | 'quarterly' | 'yearly';
}
