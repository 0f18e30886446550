/** The report rows the planner computes and synth/output/ renders. */
import type { Cloud, FailoverStrategy } from './spec';
import type { PoolKind, WorkloadMode } from './plan';

// --- reports -----------------------------------------------------------------------------------

export interface Reports {
  readonly capacity: readonly CapacityRow[];
  readonly projection: ProjectionReport;
  readonly storage: readonly StorageRow[];
  readonly availability: readonly AvailabilityRow[];
  readonly rto: readonly RtoRow[];
  readonly rpo: readonly RpoRow[];
  readonly residency: readonly ResidencyRow[];
  readonly cost: CostReport;
  readonly latency: readonly LatencyRow[];
  readonly warnings: readonly string[];
}

export interface CapacityRow {
  readonly service: string;
  readonly region: string;
  readonly mode: WorkloadMode;
  readonly n: number;
  readonly replicas: number;
  readonly min: number;
  readonly max: number;
  readonly perZone: number;
  readonly survivesZoneLoss: boolean;
}

export interface ProjectionReport {
  readonly ordersPerSecond: number;
  readonly growth: number;
  readonly safetyFactor: number;
  readonly horizonMonths: number;
  /** capacity x (1 + growth)^(horizon/12) x safety */
  readonly requiredOrdersPerSecond: number;
  /** Multiplier applied to per-service load for autoscaling max. */
  readonly multiplier: number;
  /** How often the projection is reviewed (`capacity.review`). */
  readonly review: 'monthly' | 'quarterly' | 'yearly';
}

export interface StorageRow {
  readonly database: string;
  readonly dailyGrowthBytes: number;
  readonly retentionDays: number;
  readonly replicationFactor: number;
  readonly totalBytes: number;
  readonly shards: number;
  readonly perShardBytes: number;
}

export interface AvailabilityRow {
  readonly service: string;
  readonly region: string;
  readonly instanceAvailability: number;
  readonly instances: number;
  /** 1 - (1 - a)^N over the instances of the region. */
  readonly availability: number;
  /** Same after losing one zone. */
  readonly afterZoneLoss: number;
  /** Nines of the two figures, N x -log10(1 - a): exact where the float rounds to 1. */
  readonly nines: number;
  readonly ninesAfterZoneLoss: number;
  readonly slo: number;
  readonly meetsSlo: boolean;
}

export interface RtoTerm {
  readonly label: string;
  readonly seconds: number;
}

export interface RtoRow {
  readonly tier: string;
  readonly strategy: FailoverStrategy;
  readonly targetSeconds: number;
  readonly achievedSeconds: number;
  readonly terms: readonly RtoTerm[];
  readonly holds: boolean;
}

export interface RpoRow {
  readonly dataClass: string;
  readonly targetSeconds: number;
  readonly zoneLossSeconds: number;
  readonly regionLossSeconds: number;
  readonly zoneLossMechanism: string;
  readonly regionLossMechanism: string;
  /** The target is met for zone loss (the spec's RPO is a zone-loss objective when replication is synchronous). */
  readonly holds: boolean;
}

export interface ResidencyRow {
  readonly dataClass: string;
  readonly jurisdiction: string;
  readonly kind: 'replica' | 'backup-copy' | 'failover';
  readonly what: string;
  readonly location: string;
  readonly locationJurisdiction: string;
  readonly ok: boolean;
}

export interface CostReport {
  readonly priceTableDate: string;
  /** How often cost is reviewed (`cost.review`). */
  readonly review: 'weekly' | 'monthly';
  readonly currency: 'USD';
  readonly monthly: readonly CostRow[];
  readonly totalMonthly: number;
  readonly allOnDemandMonthly: number;
  readonly savingMonthly: number;
  /** Node pools only: what the reserved/spot/on-demand mix saves on compute. */
  readonly computeMonthly: number;
  readonly computeOnDemandMonthly: number;
  /** Infrastructure rows only (control planes, NAT, load balancers, VPN, DMS, accelerator, health checks): fixed fees, no discount. */
  readonly infrastructureMonthly: number;
  /** Discounts off list price applied (fractions), from the price table. */
  readonly discounts: { readonly reserved: number; readonly spot: number; readonly reservedTerm: '1y' | '3y' };
  /** Monthly totals by region, by cloud and by tier (node cost shared by the tiers' CPU requests; data stores by their users' tiers). */
  readonly byRegion: Readonly<Record<string, number>>;
  readonly byCloud: Readonly<Record<string, number>>;
  readonly byTier: Readonly<Record<string, number>>;
  readonly byPool: Readonly<Record<string, number>>;
  readonly mixTarget: { readonly reserved: number; readonly spot: number; readonly onDemand: number };
  readonly mixAchieved: { readonly reserved: number; readonly spot: number; readonly onDemand: number };
}

/** What an infrastructure row bills (rows of node pools and data stores have none). */
export type InfraCostKind = 'control-plane' | 'nat' | 'public-ip' | 'load-balancer' | 'vpn' | 'replication' | 'accelerator' | 'health-check';

export interface CostRow {
  /** A region id, a restore site's name, or `global` (accelerator, health checks). */
  readonly region: string;
  readonly cloud: Cloud;
  readonly item: string;
  readonly pool?: PoolKind;
  readonly tier?: string;
  /** Infrastructure rows: what is billed (no pool, no tier: the report shows them as `infrastructure (no tier)`). */
  readonly kind?: InfraCostKind;
  readonly units: number;
  readonly unitMonthly: number;
  readonly monthly: number;
  readonly onDemandMonthly: number;
}

export interface LatencyRow {
  readonly pop: string;
  readonly city: string;
  readonly nearestRegion: string;
  readonly directRegion: string;
  readonly rttDirectMs: number;
  readonly rttViaPopMs: number;
  readonly improvementMs: number;
}
