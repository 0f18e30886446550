/**
 * The spec as written in platform.spec.yaml (after YAML parsing and schema validation).
 * Units are still strings here ("30s", "100GB", "70%", "2x"); `normalize` turns them into numbers.
 * The JSON Schema in schema/platform.schema.json is the authority on shapes; these types mirror it.
 */

export type Cloud = 'aws' | 'gcp' | 'azure';
export type FailoverStrategy = 'hot-standby' | 'automated' | 'manual' | 'restore';
export type Replication = 'synchronous' | 'asynchronous' | 'backup';
export type Temperature = 'hot' | 'warm' | 'cold';
export type Protocol = 'grpc' | 'http' | 'http2' | 'websocket';
export type Size = 'small' | 'medium' | 'large' | 'xlarge' | '2xlarge';
export type Duration = string; // 30s 5m 1h 7d 12mo 7y, or 0
export type Percent = string; // 70% 99.95%
export type Multiple = string; // 2x
export type ByteSize = string; // 100GB

export interface RawSpec {
  readonly version: 1;
  readonly name: string;
  readonly environment: string;
  readonly dns: { readonly zone: string; readonly ttl: Duration };
  readonly terraform?: {
    readonly backend?: { readonly bucket?: string; readonly keyPrefix?: string; readonly region?: string };
    readonly awsOptInRegions?: readonly string[];
  };
  readonly gitops?: { readonly repoURL: string; readonly revision?: string; readonly path?: string; readonly credentials?: { readonly username?: string } };
  readonly access?: { readonly admins?: { readonly aws?: string; readonly gcp?: string; readonly azure?: string } };
  readonly regions: Readonly<Record<string, RawRegion>>;
  readonly edge: RawEdge;
  readonly tiers: Readonly<Record<string, RawTier>>;
  readonly data: Readonly<Record<string, RawDataClass>>;
  readonly databases: Readonly<Record<string, RawDatabase>>;
  readonly caches: Readonly<Record<string, RawCache>>;
  readonly services: Readonly<Record<string, RawService>>;
  readonly scaling: RawScaling;
  readonly availability: RawAvailability;
  readonly backups: RawBackups;
  readonly cost: RawCost;
  readonly observability: RawObservability;
  readonly capacity: RawCapacity;
}

export interface RawRegion {
  readonly cloud: Cloud;
  readonly location: string;
  readonly cidr: string;
  readonly failoverFor?: string;
  /** GCP only: the project id of the region (Workload Identity bindings, default of `gcp_project`). */
  readonly project?: string;
  /** The id before a rename: addresses follow the new id, cloud names and state keep this one. */
  readonly renamedFrom?: string;
}

export interface RawEdge {
  readonly routing: 'anycast';
  readonly geoDns?: boolean;
  readonly pops: readonly string[];
  readonly compression?: readonly ('gzip' | 'br')[];
  readonly cdn?: { readonly staticAssets?: boolean; readonly cacheApis?: readonly string[]; readonly apiTtl?: Duration };
}

export interface RawTier {
  readonly rto: Duration;
  readonly failover: FailoverStrategy;
  readonly critical?: boolean;
}

export interface RawDataClass {
  readonly rpo: Duration | 0;
  readonly replication: Replication;
  readonly temperature?: Temperature;
  readonly residency?: readonly string[];
}

export interface RawDatabase {
  readonly engine: 'postgres';
  readonly stores: readonly string[];
  readonly shardBy?: string;
  readonly shards?: number;
  readonly readReplicas?: number;
  readonly size: Size;
  readonly storage: { readonly dailyGrowth: ByteSize; readonly retention: Duration; readonly replicationFactor?: number };
  readonly regions?: readonly string[];
  /** The id before a rename: addresses follow the new id, cloud names and state keep this one. */
  readonly renamedFrom?: string;
}

export interface RawCache {
  readonly engine: 'redis';
  readonly size: Size;
  readonly replicas?: number;
  readonly latency?: { readonly hit: Duration; readonly miss: Duration };
  /** The id before a rename: addresses follow the new id, cloud names and state keep this one. */
  readonly renamedFrom?: string;
}

export interface RawService {
  readonly tier: string;
  readonly image: string;
  readonly protocol: Protocol;
  readonly port: number;
  readonly public?: boolean;
  readonly load: { readonly rps: number; readonly perInstance: number };
  readonly latencyTarget?: Duration;
  readonly resources: { readonly cpu: string; readonly memory: string };
  readonly uses?: readonly string[];
  readonly regions?: readonly string[];
  readonly healthPath?: string;
  /** The id before a rename: addresses follow the new id, cloud names and state keep this one. */
  readonly renamedFrom?: string;
}

export interface RawScaling {
  readonly safetyFactor: number;
  readonly spareInstances: number;
  readonly triggers: { readonly cpu: Percent; readonly memory: Percent; readonly queueDepth: number; readonly latency: Multiple };
  readonly readReplicas?: { readonly min: number; readonly max: number };
}

export interface RawAvailability {
  readonly zones: number;
  readonly slo: Percent;
  readonly instanceAvailability?: Percent;
  readonly healthChecks: { readonly interval: Duration; readonly removeAfter: Duration };
}

export interface RawBackups {
  readonly snapshots: { readonly warm: 'hourly' | 'daily'; readonly cold: 'hourly' | 'daily' };
  readonly retention: { readonly hourly: Duration; readonly daily: Duration; readonly weekly: Duration; readonly monthly: Duration };
  readonly copies: number;
}

export interface RawCost {
  readonly mix: { readonly reserved: Percent; readonly spot: Percent; readonly onDemand: Percent };
  readonly spotTiers?: readonly string[];
  readonly reservedTerm?: '1y' | '3y';
  readonly review?: 'weekly' | 'monthly';
}

export interface RawObservability {
  readonly scrapeInterval: Duration;
  readonly slowQuery: Duration;
  readonly queryTarget: { readonly p95: Duration };
  readonly cacheHitRatio: Percent;
  readonly alerts: {
    readonly critical: RawAlertRoute;
    readonly warning: RawAlertRoute;
    readonly info: RawAlertRoute;
  };
  readonly smtp?: { readonly smarthost?: string; readonly from?: string };
}

/** How a route delivers: its credential lives in the cloud secret store (never in the spec). */
export type AlertVia = 'pagerduty' | 'slack' | 'webhook' | 'email';

export interface RawAlertRoute {
  readonly route: string;
  readonly via?: AlertVia;
  /** Email routes: the recipient. */
  readonly to?: string;
}

export interface RawCapacity {
  readonly ordersPerSecond: number;
  readonly growth: Percent;
  readonly horizon: Duration;
  readonly review?: 'monthly' | 'quarterly' | 'yearly';
}
