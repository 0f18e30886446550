/** The Plan: every decision the compiler makes (synth/plan/); constructs only translate it. */
import type { Cloud, FailoverStrategy, Protocol, Replication, Size, Temperature } from './spec';
import type { Reports } from './reports';

// ---------------------------------------------------------------------------------------------
// Plan: every decision, as data. Constructs in constructs/ translate it and decide nothing.
// ---------------------------------------------------------------------------------------------

/** `restore`: a restore site's cluster view (RestoreSitePlan.region), never in Plan.regions. */
export type RegionRole = 'primary' | 'failover' | 'restore';
/** What a workload runs as in one cluster. */
export type WorkloadMode = 'active' | 'hot-standby' | 'warm-standby' | 'pilot-light';
export type PoolKind = 'reserved' | 'spot' | 'on-demand';

export interface Plan {
  readonly name: string;
  /** Domain of the platform's own Kubernetes label and taint keys (`<labelDomain>/tier`): the spec's DNS zone. */
  readonly labelDomain: string;
  readonly environment: string;
  readonly dns: { readonly zone: string; readonly ttlSeconds: number };
  readonly backend: { readonly bucket: string; readonly keyPrefix: string; readonly region: string };
  readonly gitops: { readonly repoURL: string; readonly revision: string; readonly path: string };
  /** Common tags/labels for everything generated. */
  readonly tags: Readonly<Record<string, string>>;
  readonly tiers: readonly TierPlan[];
  readonly regions: readonly RegionPlan[];
  readonly services: readonly ServicePlan[];
  readonly databases: readonly DatabasePlan[];
  readonly caches: readonly CachePlan[];
  readonly backups: BackupPlan;
  readonly traffic: TrafficPlan;
  readonly edge: EdgePlan;
  readonly observability: ObservabilityPlan;
  readonly stacks: readonly StackPlan[];
  /** Failover pairs across clouds: the VPN between them (issue 12). */
  readonly interconnects: readonly InterconnectPlan[];
  /** Cross-cloud replication into the standby databases, per pair and database (issue 12). */
  readonly replication: readonly ReplicationPlan[];
  /** Where each primary's restore tiers come back: a stack at its backup copy location (issue 12). */
  readonly restoreSites: readonly RestoreSitePlan[];
  /** Declared renames (spec `renamedFrom`); absent when there are none. Planned under the old ids (review). */
  readonly renames?: readonly RenamePlan[];
  /** One-time prerequisites applied first (wave 0): state bucket and its replica, opt-in regions. */
  readonly bootstrap: BootstrapPlan;
  /** Service quota increases the plan needs over a new account's defaults. */
  readonly quotas: readonly QuotaRequestPlan[];
  /** Cloud limits the constructs assert (validate-limits). */
  readonly limits: PlanLimits;
  /** One GitOps agent per cluster with workloads (day1-clusters). */
  readonly gitopsAgents: readonly GitOpsAgentPlan[];
  /** EKS managed add-ons per EKS cluster (day1-clusters). */
  readonly eksAddons: readonly EksAddonPlan[];
  /** A cloud identity per workload that uses a data store, with its grants (day1-clusters). */
  readonly identities: readonly WorkloadIdentityPlan[];
  /**
   * Where each region's identities are in `identities` (ascending indexes, by region id): a construct finds a
   * region's identities without reading every region's (with the synth cache, what a slice reads is what it is keyed
   * by: a scan of all identities made every service's slice read every identity, quadratic in the spec).
   */
  readonly identitiesByRegion: Readonly<Record<string, readonly number[]>>;
  /** data-access: the database-side roles of the services' identities, per region (synth/plan/database-roles.ts). */
  readonly databaseRoles: readonly DatabaseRolesPlan[];
  /** data-access: operator access to every cluster (synth/plan/operator-access.ts). */
  readonly operatorAccess: readonly OperatorAccessPlan[];
  /** Platform add-ons of every cluster with workloads, delivered by its GitOps agent (day1-clusters). */
  readonly addons: readonly ClusterAddonsPlan[];
  /** Cloud identities of the add-on controllers that call a cloud API (day1-clusters). */
  readonly controllerIdentities: readonly ControllerIdentityPlan[];
  /** GCP APIs and the node service account role per GCP region (day1-clusters). */
  readonly gcpProjects: readonly GcpProjectPlan[];
  /** Public entry points (TLS listeners, addresses, certificates) per region, and the CDN's. */
  readonly entryPoints: readonly EntryPointPlan[];
  readonly cdnEntry: CdnEntryPlan;
  /** Alert receivers and their secrets, region-loss probes and rules, the dead-man's switch per cluster. */
  readonly alerting: AlertingPlan;
  readonly reports: Reports;
}

export interface TierPlan {
  readonly id: string;
  readonly rtoSeconds: number;
  readonly failover: FailoverStrategy;
  readonly critical: boolean;
  /** Kubernetes namespace holding the tier's workloads. */
  readonly namespace: string;
  readonly priorityClass: string;
  readonly priority: number;
  readonly spot: boolean;
}

export interface Subnet {
  readonly zone: string;
  readonly kind: 'public' | 'private' | 'data';
  readonly cidr: string;
  readonly name: string;
}

export interface DataStoreSubnets {
  /** Subnet delegated to the managed PostgreSQL (Azure only), when the region holds databases. */
  readonly databaseDelegated?: string;
  /** Subnet of the caches' private endpoints (Azure only), when the region holds caches. */
  readonly cacheEndpoints?: string;
}

/** The alerts every running workload has (cache alerts are per cache). */
export type AlertKind = 'errorBudgetFastBurn' | 'errorBudgetSlowBurn' | 'replicasBelowN' | 'latencyHigh' | 'queueDepthHigh';

export interface RegionPlan {
  readonly id: string;
  readonly cloud: Cloud;
  readonly location: string;
  readonly jurisdiction: string;
  readonly country: string;
  readonly lat: number;
  readonly lon: number;
  readonly role: RegionRole;
  /** For a failover region: the primary it covers. */
  readonly failoverFor?: string;
  /** For a primary region: the region covering it. */
  readonly failoverRegion?: string;
  /** The region's whole block: nothing else in the platform overlaps it. */
  readonly cidr: string;
  /** Address space of the VPC / VNet: the lower half of `cidr` (the upper half holds the cluster's pod and service ranges). */
  readonly networkCidr: string;
  /** GCP only: the Private Service Access range (Cloud SQL, Memorystore), from the upper half of `cidr`. */
  readonly serviceNetworkingCidr?: string;
  readonly zones: readonly string[];
  readonly subnets: readonly Subnet[];
  /** Which subnets the data stores use (Azure: PostgreSQL needs a delegated subnet of its own, caches get private endpoints in another). */
  readonly dataStoreSubnets: DataStoreSubnets;
  /** The one port of the region's databases and of its caches (security groups, firewall rules). */
  readonly storePorts: { readonly database: number; readonly cache: number };
  /** Private DNS zone holding stable data store names, e.g. `us-east.internal`. */
  readonly privateZone: string;
  readonly cluster: ClusterPlan;
  readonly workloads: readonly WorkloadPlan[];
  readonly databases: readonly DatabaseInstancePlan[];
  readonly caches: readonly CacheInstancePlan[];
  readonly backup: RegionBackupPlan;
  /** Terraform-owned regional load balancer and one target group per public service. */
  readonly loadBalancer?: LoadBalancerPlan;
}

export interface ClusterPlan {
  readonly name: string;
  /** Argo CD Application delivering dist/kubernetes/<region> to this cluster. */
  readonly gitopsApplication: string;
  readonly kubernetesVersion: string;
  /** Subnet the nodes live in (GKE and AKS use one regional subnet; EKS spreads over the private subnets). */
  readonly nodeSubnet: string;
  /** Pod range (GKE secondary range, AKS overlay): a quarter of the region CIDR outside the network, so it overlaps nothing. */
  readonly podCidr: string;
  /** Service (ClusterIP) range, from the region CIDR outside the network (EKS, AKS and GKE all require that). */
  readonly serviceCidr: string;
  /** Cluster DNS service address inside serviceCidr (AKS). */
  readonly dnsServiceIp: string;
  readonly nodePools: readonly NodePoolPlan[];
  /** GKE only: account id of the nodes' Google service account. */
  readonly nodeServiceAccount?: string;
}

export interface NodePoolPlan {
  readonly name: string;
  readonly kind: PoolKind;
  /** Cloud capacity type: ON_DEMAND (reserved instances are bought for it) or SPOT. */
  readonly capacityType: 'ON_DEMAND' | 'SPOT';
  readonly instanceType: string;
  readonly vcpu: number;
  readonly memoryGiB: number;
  /** Totals over the pool's zones (EKS scaling_config, AKS counts, GKE total_*_node_count): multiples of `zones`. */
  readonly min: number;
  readonly desired: number;
  readonly max: number;
  /** Zones the pool spreads over (the cluster's). */
  readonly zones: number;
  /** The same counts per zone (GKE initial_node_count is per zone). */
  readonly perZone: { readonly min: number; readonly desired: number; readonly max: number };
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly { readonly key: string; readonly value: string; readonly effect: 'NoSchedule' }[];
  /** vCPU requested by the pods planned on this pool. */
  readonly requestedCpuMillis: number;
}

export interface Probe {
  readonly kind: 'grpc' | 'http' | 'tcp';
  readonly path?: string;
  readonly port: number;
  readonly periodSeconds: number;
  readonly failureThreshold: number;
  readonly timeoutSeconds: number;
}

export interface WorkloadPlan {
  readonly service: string;
  readonly region: string;
  readonly tier: string;
  readonly namespace: string;
  readonly mode: WorkloadMode;
  readonly image: string;
  readonly protocol: Protocol;
  /** Kubernetes Service port appProtocol: grpc, kubernetes.io/h2c, kubernetes.io/ws, http. */
  readonly appProtocol: string;
  readonly portName: string;
  readonly port: number;
  readonly public: boolean;
  /** Desired replicas now (0 for pilot light). */
  readonly replicas: number;
  /** HPA bounds; absent when the workload does not autoscale (pilot light). */
  readonly autoscaling?: AutoscalingPlan;
  /** N: instances that carry the load without headroom. */
  readonly n: number;
  /** PodDisruptionBudget minAvailable (N), or undefined when nothing runs. */
  readonly minAvailable?: number;
  readonly maxUnavailable: number;
  readonly maxSurge: number;
  readonly zones: readonly string[];
  readonly maxPerZone: number;
  readonly cpu: string;
  readonly memory: string;
  readonly cpuMillis: number;
  readonly memoryMiB: number;
  readonly pool: PoolKind;
  readonly spot: boolean;
  readonly priorityClass: string;
  readonly readiness: Probe;
  readonly liveness: Probe;
  /** Services this one calls, and the services that call it (for NetworkPolicies). */
  readonly callsServices: readonly string[];
  readonly calledBy: readonly { readonly service: string; readonly namespace: string }[];
  /** Stable private DNS names of the data stores this service uses, by store id. */
  readonly endpoints: readonly Endpoint[];
  /** Data subnets the workload may reach (egress). */
  readonly dataCidrs: readonly string[];
  /** Target group the public Service binds to (AWS). */
  readonly targetGroup?: string;
  /** Host names the region's entry point answers for the service: `<service>.<zone>`, the failover name of the primary it covers (failover regions), and `<service>.<region>.<zone>`. */
  readonly hostnames: readonly string[];
  /** Networks the region's entry point sends traffic and health checks from (NLB: the public subnets; Application Gateway: its public subnet; GCP: Google front-end ranges). */
  readonly loadBalancerSourceCidrs: readonly string[];
  /** Prefix of the workload's alert names (`MatchingEngine` + `ReplicasBelowN`, see ALERT_SUFFIX). */
  readonly alertPrefix: string;
  /** The workload's alert names, shared by the monitoring rules and the runbooks. */
  readonly alerts: Readonly<Record<AlertKind, string>>;
  /** Where the pods expose Prometheus metrics. */
  readonly metrics: { readonly port: number; readonly path: string };
}

export interface Endpoint {
  readonly kind: 'database' | 'cache';
  readonly id: string;
  /** Shard index for sharded databases. */
  readonly shard?: number;
  readonly host: string;
  readonly readerHost?: string;
  readonly port: number;
}

export interface AutoscalingPlan {
  readonly min: number;
  readonly max: number;
  readonly cpuUtilization: number; // percent, e.g. 70
  readonly memoryUtilization: number; // percent, e.g. 80
  readonly queueDepth: number;
  /** Latency trigger in milliseconds (latencyTarget x multiple), when the service has a target. */
  readonly latencyMs?: number;
}

export interface ServicePlan {
  readonly id: string;
  readonly tier: string;
  readonly protocol: Protocol;
  readonly public: boolean;
  readonly rps: number;
  readonly perInstance: number;
  /** N = ceil(rps / perInstance). */
  readonly n: number;
  /** Replicas per primary region = max(ceil(N_raw x safety), N + spare, zone-loss floor). */
  readonly replicas: number;
  readonly replicasBySafety: number;
  readonly replicasByRedundancy: number;
  readonly replicasByZoneLoss: number;
  /** Autoscaling max from the capacity projection. */
  readonly maxReplicas: number;
  readonly primaryRegions: readonly string[];
  readonly failoverRegions: readonly string[];
  readonly usesServices: readonly string[];
  readonly usesDatabases: readonly string[];
  readonly usesCaches: readonly string[];
  readonly latencyTargetMs?: number;
}

export interface DatabasePlan {
  readonly id: string;
  readonly stores: readonly string[];
  readonly shardBy?: string;
  readonly shards: number;
  readonly readReplicas: number;
  readonly size: Size;
  readonly instanceClass: string;
  /** Strictest data class stored: rpo, replication, temperature, residency (union). */
  readonly rpoSeconds: number;
  readonly replication: Replication;
  readonly temperature: Temperature;
  readonly residency: readonly string[];
  readonly regions: readonly string[];
  /** Storage = daily growth x retention days x replication factor. */
  readonly storageBytes: number;
  readonly storagePerShardBytes: number;
  readonly dailyGrowthBytes: number;
  readonly retentionDays: number;
  readonly replicationFactor: number;
  readonly multiAz: boolean;
  readonly crossRegion: { readonly mode: 'asynchronous' | 'none'; readonly targets: readonly string[] };
  readonly slowQueryMs: number;
  readonly backupRetentionDays: number;
}

export interface DatabaseInstancePlan {
  readonly database: string;
  readonly region: string;
  readonly shard: number;
  /** Stable name, e.g. `trading-shard-0`. */
  readonly name: string;
  readonly host: string;
  readonly readerHost: string;
  readonly writers: number;
  readonly readers: number;
  readonly instanceClass: string;
  readonly zones: readonly string[];
  /**
   * Logical data of the shard: storage required / replication factor / shards. The managed engines keep the
   * replication factor themselves (Aurora: six copies over three zones), and bill and cap the logical size.
   */
  readonly storageBytes: number;
  readonly role: 'primary' | 'standby';
  readonly port: number;
  readonly tags: Readonly<Record<string, string>>;
  /** The disk the managed engine provisions (Cloud SQL, Azure flexible server); Aurora grows by itself. */
  readonly disk?: DiskPlan;
  /** Aurora global database this cluster belongs to (an AWS primary replicating to an AWS failover region). */
  readonly globalCluster?: { readonly identifier: string; readonly role: 'primary' | 'secondary' };
}

export interface DiskPlan {
  /** Provisioned size in `unit` (Cloud SQL: GB; Azure: one of the Premium SSD steps, MiB). */
  readonly size: number;
  readonly unit: 'GB' | 'MiB';
  /** Largest size the engine provisions (and auto-grows to), in `unit`. */
  readonly limit: number;
  /** The planned data does not fit the limit (a standby: reported as a warning; a primary is an error). */
  readonly capped: boolean;
  /** Planned logical size, GB (1e9 bytes), rounded up. */
  readonly plannedGb: number;
}

export interface CachePlan {
  readonly id: string;
  readonly size: Size;
  readonly nodeType: string;
  readonly replicas: number;
  readonly regions: readonly string[];
  readonly hitRatioTarget: number;
  readonly hitMs: number;
  readonly missMs: number;
}

export interface CacheInstancePlan {
  readonly cache: string;
  readonly region: string;
  readonly name: string;
  readonly host: string;
  readonly nodeType: string;
  readonly nodes: number;
  /** Memory per node in whole GB (Memorystore is sized in GB). */
  readonly memoryGb: number;
  readonly zones: readonly string[];
  /** TLS port of the cloud's Redis (ElastiCache 6379, Memorystore 6378, Azure Cache 6380). */
  readonly port: number;
  readonly tags: Readonly<Record<string, string>>;
}

export interface BackupRule {
  readonly name: 'continuous' | 'hourly' | 'daily' | 'weekly' | 'monthly';
  /** Continuous backup (point-in-time recovery) instead of snapshots; retention at most 35 days. */
  readonly continuous: boolean;
  /** AWS Backup cron expression (UTC). */
  readonly schedule: string;
  readonly retentionDays: number;
  /** Data temperatures this rule protects. */
  readonly temperatures: readonly Temperature[];
}

export interface BackupPlan {
  readonly rules: readonly BackupRule[];
  readonly copies: number;
  /** Per data class: temperature, frequency and the regions holding copies. */
  readonly dataClasses: readonly DataBackupPlan[];
}

export interface DataBackupPlan {
  readonly dataClass: string;
  readonly temperature: Temperature;
  readonly frequency: 'continuous' | 'hourly' | 'daily';
  readonly intervalSeconds: number;
  readonly residency: readonly string[];
  /** Per source region: the regions (catalog locations) holding its copies, nearest first. */
  readonly copies: readonly { readonly region: string; readonly copyLocations: readonly string[] }[];
}

export interface RegionBackupPlan {
  readonly vault: string;
  /** Copy destinations (cloud locations, same cloud) for this region's recovery points. */
  readonly copyTo: readonly string[];
  /** Tag key that selects resources into a backup plan. */
  readonly selectionTagKey: string;
  /** One backup plan per data temperature held in the region: its rules are those protecting that temperature. */
  readonly selections: readonly BackupSelectionPlan[];
}

export interface BackupSelectionPlan {
  readonly temperature: Temperature;
  /** Backup plan name, also the selection tag value carried by the protected resources. */
  readonly name: string;
  readonly rules: readonly BackupRule['name'][];
}

export interface LoadBalancerPlan {
  readonly name: string;
  readonly kind: 'network';
  readonly targetGroups: readonly TargetGroupPlan[];
}

export interface TargetGroupPlan {
  readonly name: string;
  readonly service: string;
  readonly namespace: string;
  readonly port: number;
  readonly protocol: 'TCP' | 'TLS';
  readonly healthCheck: HealthCheckPlan;
}

export interface HealthCheckPlan {
  readonly intervalSeconds: number;
  readonly failureThreshold: number;
  readonly healthyThreshold: number;
  readonly protocol: 'HTTP' | 'HTTPS' | 'TCP';
  readonly path?: string;
  readonly port: number;
}

/** Health-check cadence shared by every layer (Route 53, load balancers, probes). */
export interface HealthCheckTiming {
  readonly intervalSeconds: number;
  /** removeAfter / interval. */
  readonly failureThreshold: number;
  readonly healthyThreshold: number;
}

export interface TrafficPlan {
  /** Cadence of the Route 53 and Global Accelerator checks; what they probe is each target group's health check. */
  readonly healthCheck: HealthCheckTiming;
  readonly records: readonly DnsRecordPlan[];
  /**
   * The anycast name of every public service an AWS primary serves, `<service>.anycast.<zone>`: an alias of the
   * accelerator, answered by the AWS primaries' TLS listeners on `port` (their certificates cover it).
   */
  readonly anycast: readonly { readonly service: string; readonly name: string; readonly port: number }[];
  /** One per AWS primary region, with the public ports its load balancer serves (one accelerator listener per port). */
  readonly acceleratorEndpointGroups: readonly { readonly region: string; readonly location: string; readonly trafficDial: number; readonly ports: readonly number[] }[];
}

export interface DnsRecordPlan {
  readonly name: string;
  readonly service: string;
  readonly tier: string;
  /**
   * `geoproximity` (edge.geoDns true) or `latency` (false): the client name `<service>.<zone>`, one record per
   * primary region, answering that region's failover name; `failover`: the PRIMARY / SECONDARY pair of
   * `<service>.<primary>.<zone>`; `simple`: a failover region's own name `<service>.<region>.<zone>`.
   */
  readonly routing: 'latency' | 'geoproximity' | 'failover' | 'simple';
  /** Region whose entry point the record (or the record it points at) serves; the latency / geoproximity region. */
  readonly region: string;
  /**
   * Latency and geoproximity records: the AWS region Route 53 measures or locates the record by (for a
   * region on another cloud: the nearest AWS region for latency), or its coordinates (geoproximity off AWS).
   */
  readonly routingLocation?: { readonly awsRegion: string } | { readonly lat: number; readonly lon: number };
  readonly failoverRole?: 'PRIMARY' | 'SECONDARY';
  /** What the record answers: a region's Terraform-owned entry-point address, or another name of the zone. */
  readonly target: { readonly kind: 'entry-point'; readonly region: string } | { readonly kind: 'record'; readonly name: string };
  /**
   * Health check of a PRIMARY: `entry-point` probes the region's entry point (automatic failover);
   * `manual-switch` is a calculated check that stays healthy until the runbook inverts it (manual tiers).
   */
  readonly healthCheck?: 'entry-point' | 'manual-switch';
  /**
   * `manual-switch` PRIMARY: the switch the runbook flips. `output` is the global stack's output holding the
   * health check id (`aws route53 update-health-check --health-check-id <id> --inverted`); `name` its Name tag.
   */
  readonly switch?: { readonly output: string; readonly name: string };
  readonly ttlSeconds: number;
}

export interface EdgePlan {
  readonly routing: 'anycast';
  readonly geoDns: boolean;
  readonly compression: readonly ('gzip' | 'br')[];
  readonly pops: readonly PopPlan[];
  readonly cdn: {
    readonly staticAssets: boolean;
    readonly cacheApis: readonly string[];
    readonly apiTtlSeconds: number;
    readonly priceClass: 'PriceClass_100' | 'PriceClass_200' | 'PriceClass_All';
  };
}

export interface PopPlan {
  readonly code: string;
  readonly city: string;
  readonly country: string;
  readonly continent: string;
  readonly lat: number;
  readonly lon: number;
  readonly nearestRegion: string;
  readonly distanceKm: number;
}

export interface ObservabilityPlan {
  readonly scrapeIntervalSeconds: number;
  readonly slowQueryMs: number;
  readonly queryP95Ms: number;
  readonly cacheHitRatio: number;
  readonly alertRoutes: { readonly critical: string; readonly warning: string; readonly info: string };
  readonly slo: number;
}

export interface StackPlan {
  /** Directory name under dist/terraform, e.g. `region-us-east`, `global`. */
  readonly name: string;
  readonly kind: 'bootstrap' | 'region' | 'global' | 'interconnect' | 'restore';
  readonly cloud: Cloud;
  readonly region?: string;
  /** Interconnect stacks: the pair's InterconnectPlan name. */
  readonly interconnect?: string;
  /** Restore stacks: the RestoreSitePlan name. */
  readonly restoreSite?: string;
  readonly dependsOn: readonly string[];
  /** Apply wave: stacks of one wave apply in parallel. */
  readonly wave: number;
}

// ---------------------------------------------------------------------------------------------
// Failover (issue 12): the private network between an AWS primary and its failover region on another cloud.
// ---------------------------------------------------------------------------------------------

/**
 * One VPN pair: the AWS primary's virtual private gateway to the failover region's GCP HA VPN gateway (+ Cloud
 * Router) or Azure active-active VPN gateway, with BGP. One AWS VPN connection per peer device, two tunnels each.
 * Applied as its own stack (`name`), after both region stacks, so one apply orders both sides: the AWS customer
 * gateways need the peer's public IPs, the peer's tunnels need AWS's tunnel addresses and pre-shared keys
 * (generated by AWS, kept in state).
 */
export interface InterconnectPlan {
  /** Stack name: `interconnect-<primary>-<failover>`. */
  readonly name: string;
  readonly primary: string;
  readonly failover: string;
  readonly peerCloud: 'gcp' | 'azure';
  readonly aws: VpnSidePlan;
  readonly peer: VpnSidePlan & {
    /** GCP: the Cloud Router holding the BGP sessions. */
    readonly routerName?: string;
    /** Azure: the `GatewaySubnet` the gateway lives in (from the network half of the region block). */
    readonly gatewaySubnetCidr?: string;
    readonly gatewaySubnetName?: string;
    /** Azure: the gateway SKU (zone-redundant, active-active, BGP). */
    readonly gatewaySku?: string;
    /** Azure: APIPA BGP addresses per gateway instance (ip configuration). */
    readonly instanceBgpAddresses?: readonly (readonly string[])[];
  };
  /** One per peer device (GCP HA VPN interface, Azure gateway instance). */
  readonly connections: readonly VpnConnectionPlan[];
}

export interface VpnSidePlan {
  readonly gatewayName: string;
  readonly asn: number;
  /** The ranges this side announces over BGP: exactly these, nothing else. */
  readonly advertisedRanges: readonly string[];
}

export interface VpnConnectionPlan {
  /** AWS customer gateway / VPN connection name. */
  readonly name: string;
  /** Peer device this connection terminates on (HA VPN interface / Azure instance index). */
  readonly peerDevice: number;
  readonly tunnels: readonly VpnTunnelPlan[];
}

export interface VpnTunnelPlan {
  readonly name: string;
  /** Position in the pair (0..3): the GCP external gateway interface. */
  readonly index: number;
  /** AWS tunnel number inside its connection (tunnel1 / tunnel2). */
  readonly awsTunnel: 1 | 2;
  /** Inside /30, unique across the platform. AWS takes the first host, the peer the second. */
  readonly insideCidr: string;
  readonly awsInsideIp: string;
  readonly peerInsideIp: string;
  /** Azure: the custom BGP addresses of the connection (instance 0, instance 1). */
  readonly azureBgpAddresses?: { readonly primary: string; readonly secondary: string };
}

/**
 * Replication into the standbys across clouds (issue 12): AWS DMS, full load then CDC, one task (feed) per
 * standby shard, from the Aurora primary (logical replication on) over the pair's VPN. One replication instance
 * per database and pair, in the primary's data subnets.
 */
export interface ReplicationPlan {
  /** Replication instance identifier. */
  readonly name: string;
  readonly interconnect: string;
  readonly database: string;
  readonly primary: string;
  readonly failover: string;
  readonly targetCloud: 'gcp' | 'azure';
  readonly instanceClass: string;
  readonly allocatedStorageGb: number;
  readonly multiAz: boolean;
  /** Primary private subnets (planned names) the instance lives in. */
  readonly subnets: readonly string[];
  /** PostgreSQL database replicated (the engines' default database). */
  readonly databaseName: string;
  readonly sourceEngine: string;
  readonly targetEngine: string;
  /** PostgreSQL login DMS uses on both sides (Azure: the standby servers' password administrator). */
  readonly targetUser: string;
  readonly feeds: readonly ReplicationFeedPlan[];
}

export interface ReplicationFeedPlan {
  /** DMS task identifier. */
  readonly name: string;
  /** Primary shard instance (DatabaseInstancePlan.name in the primary region). */
  readonly source: string;
  readonly sourceShard: number;
  /** Standby shard instance (DatabaseInstancePlan.name in the failover region). */
  readonly target: string;
  readonly targetShard: number;
  /** Stable private name of the standby writer (the standby's private zone). */
  readonly targetHost: string;
  readonly port: number;
  readonly migrationType: 'full-load-and-cdc';
  /** Lag alarm: CloudWatch AWS/DMS CDCLatencyTarget above the region-loss RPO bound the report states. */
  readonly lagAlarm: { readonly name: string; readonly metric: 'CDCLatencyTarget'; readonly thresholdSeconds: number; readonly periodSeconds: number; readonly evaluationPeriods: number };
}

// ---------------------------------------------------------------------------------------------
// day1-traffic: bootstrap (state bucket, opt-in regions) and service quotas
// ---------------------------------------------------------------------------------------------

export interface BootstrapPlan {
  /** Stack name (`bootstrap`), applied first with local state, then migrated into the bucket it creates. */
  readonly stack: string;
  /** The state bucket: versioned, encrypted, public access blocked, in the backend region. */
  readonly bucket: string;
  readonly region: string;
  /** Copy of every state object in a second region (S3 replication), for the loss of the backend region. */
  readonly replica: { readonly bucket: string; readonly region: string };
  /** Public hosted zone (created here: region stacks validate certificates in it before the global stack exists). */
  readonly publicZone: string;
  /** Days a replaced (noncurrent) state version is kept. */
  readonly noncurrentVersionDays: number;
  /** AWS opt-in regions the spec enables (`aws_account_region`). */
  readonly enableRegions: readonly string[];
}

export interface QuotaRequestPlan {
  /** Spec region id whose stack requests the quota (a project-wide GCP quota: the project's first GCP region). */
  readonly region: string;
  readonly cloud: Cloud;
  /**
   * Who asks: the region stack (`aws_servicequotas_service_quota`, `google_cloud_quotas_quota_preference`), or
   * a one-time prerequisite an operator runs (`az quota create`: azurerm has no quota resource; `support case`).
   */
  readonly mechanism: 'aws_servicequotas_service_quota' | 'google_cloud_quotas_quota_preference' | 'az quota create' | 'support case' | 'cloud console';
  /** GCP: the preference's dimensions (`region` for a regional quota, none for a project-wide one). */
  readonly dimensions?: Readonly<Record<string, string>>;
  /** Azure: `az quota create --resource-type`. */
  readonly resourceType?: 'dedicated' | 'lowPriority';
  /** Cloud location the quota applies to. */
  readonly location: string;
  readonly serviceCode: string;
  readonly quotaCode: string;
  readonly name: string;
  /** The default of a new account; absent when the cloud publishes none (the request is then a check first). */
  readonly defaultValue?: number;
  /** What the plan needs (the largest per resource for per-resource quotas). */
  readonly planned: number;
  /** Value requested. */
  readonly value: number;
  readonly source: string;
}

// ---------------------------------------------------------------------------------------------
// Failover (issue 12): the ledger of claims -> what in dist/ implements them (synth/plan/ledger.ts).
// ---------------------------------------------------------------------------------------------

/** Something in dist/ a claim rests on. */
export type LedgerRef =
  /** Terraform resources of a type in a stack whose attributes (dotted paths) equal / contain the given values. */
  | { readonly kind: 'terraform'; readonly stack: string; readonly type: string; readonly equals?: Readonly<Record<string, string>>; readonly contains?: Readonly<Record<string, string>> }
  | { readonly kind: 'kubernetes'; readonly cluster: string; readonly apiKind: string; readonly name: string; readonly namespace: string }
  /** A generated file (a runbook: the step is a human action). */
  | { readonly kind: 'file'; readonly path: string }
  /** The claim is not delivered by the output (the report says so). */
  | { readonly kind: 'not-delivered'; readonly reason: string };

export interface LedgerEntry {
  readonly section: 'rto' | 'rpo' | 'residency' | 'availability';
  /** What the report claims, e.g. `trading: detection 30s`. */
  readonly claim: string;
  readonly refs: readonly LedgerRef[];
  /** Set when the step is a human action (its runbook says so; the RTO counts it). */
  readonly human?: boolean;
}

// --- validate-limits: the cloud limits the constructs assert, copied by the planner from
// synth/catalog/limits.ts (where each has its source), so that constructs never hard-code one.

export interface PlanRange {
  readonly min: number;
  readonly max: number;
}

export interface PlanLimits {
  readonly azurePostgresReadReplicas: PlanRange;
  readonly azurePostgresBackupRetentionDays: PlanRange;
  readonly azurePostgresServerNameLength: PlanRange;
  readonly azureRedisReplicasPerPrimary: PlanRange;
  readonly azureRedisNameLength: PlanRange;
  readonly memorystoreReadReplicas: PlanRange;
  readonly memorystoreInstanceIdLength: PlanRange;
  readonly gcpServiceAccountIdLength: PlanRange;
  readonly acceleratorHealthCheckIntervals: readonly number[];
}

// ---------------------------------------------------------------------------------------------
// review: renames (spec `renamedFrom`, synth/plan/renames.ts)

/**
 * A renamed id. The plan uses `from` (the deployed id: cloud names, state keys, DNS and Kubernetes names
 * stay); Terraform addresses use `to`, with `moved` blocks from the old addresses.
 */
export interface RenamePlan {
  readonly kind: 'region' | 'service' | 'database' | 'cache';
  readonly from: string;
  readonly to: string;
}

// ---------------------------------------------------------------------------------------------
// day1-clusters: the GitOps agent of every cluster (synth/plan/gitops.ts)
// ---------------------------------------------------------------------------------------------

export type GitOpsAgentKind = 'eks-argocd-capability' | 'gke-config-sync' | 'aks-flux';

export interface GitOpsAgentPlan {
  readonly region: string;
  readonly cloud: Cloud;
  readonly kind: GitOpsAgentKind;
  /** Cluster the agent delivers to (and runs for). */
  readonly cluster: string;
  readonly repoURL: string;
  readonly revision: string;
  /** The cluster's folder in the repository: `<gitops.path>/<region>`. */
  readonly path: string;
  /** Namespace of the agent's own objects. */
  readonly namespace: string;
  /** Name of the agent's object for this cluster (EKS capability, GKE fleet membership, Flux configuration). */
  readonly name: string;
  readonly syncIntervalSeconds: number;
  /** Per reconciliation attempt. */
  readonly timeoutSeconds: number;
  /** Retries of a failed sync: exponential backoff from `backoffSeconds`, x `factor`, capped at `maxBackoffSeconds`. */
  readonly retry: { readonly limit: number; readonly backoffSeconds: number; readonly factor: number; readonly maxBackoffSeconds: number };
  /** Objects removed from Git are removed from the cluster, except those carrying `keepAnnotations`. */
  readonly prune: boolean;
  /** Put on Namespaces and PriorityClasses: the agent never prunes or deletes them without a person confirming. */
  readonly keepAnnotations: Readonly<Record<string, string>>;
  /** Whether autoscaled Deployments carry spec.replicas in Git (only when the agent ignores the field the HPA owns). */
  readonly replicasInGit: boolean;
  /** Argo CD sync waves of the layers (Flux and Config Sync apply Namespaces and CRDs first themselves). */
  readonly waves?: { readonly foundation: number; readonly controllers: number; readonly workloads: number };
  /**
   * A private repository (spec `gitops.credentials`): the user name and where the agent reads the token from, never
   * the spec or the output. EKS: a Secrets Manager secret of the region (JSON `{"password": ...}`) the bootstrap
   * function reads and turns into Argo CD's repository Secret; GKE: the Kubernetes Secret Config Sync reads
   * (`secretType: token`); AKS: the region stack's sensitive variable, handed to Flux's protected settings.
   */
  readonly credentials?: { readonly username: string; readonly secret: string; readonly prerequisite: string };
  /** Runbook commands that stop and restart the agent's reconciliation of this cluster. */
  readonly pauseCommand: string;
  readonly resumeCommand: string;
  readonly argocd?: {
    /** The cluster's Application (kubernetes/argocd/<region>.yaml, delivering `path`). */
    readonly application: string;
    /** Application created by Terraform's bootstrap: syncs only the cluster's Application file. */
    readonly rootApplication: string;
    readonly rootPath: string;
    readonly rootInclude: string;
    /** Name the local cluster is registered under in Argo CD (destination of both Applications). */
    readonly destination: string;
    readonly project: string;
    /** IAM role of the capability, and of the one-shot function applying the bootstrap objects. */
    readonly capabilityRole: string;
    readonly bootstrapFunction: string;
    readonly bootstrapRole: string;
  };
  readonly configSync?: {
    readonly membership: string;
    /** The fleet feature is one per project: exactly one GCP stack creates it, the others apply after it. */
    readonly createsFeature: boolean;
    readonly featureStack: string;
    readonly sourceFormat: 'unstructured';
  };
  readonly flux?: {
    readonly extension: string;
    readonly kustomization: string;
    readonly resourceGroup: string;
    /** Annotation that keeps Flux's variable substitution out of an object holding literal `${...}` (Grafana dashboards). */
    readonly noSubstitution: Readonly<Record<string, string>>;
  };
}

// ---------------------------------------------------------------------------------------------
// day1-clusters: EKS managed add-ons (synth/plan/cluster-addons.ts)
// ---------------------------------------------------------------------------------------------

export interface EksAddonPlan {
  readonly region: string;
  readonly cluster: string;
  readonly name: string;
  /** Pinned build from the catalog table of the cluster's Kubernetes version. */
  readonly version: string;
  /** JSON configuration values of the add-on (VPC CNI: network policy enforcement on). */
  readonly configuration?: Readonly<Record<string, string>>;
  /** Created after the node groups (its pods need nodes to become ACTIVE). */
  readonly afterNodes: boolean;
  readonly why: string;
}

// ---------------------------------------------------------------------------------------------
// day1-clusters: workload identities and their data-store grants (synth/plan/identity.ts)
// ---------------------------------------------------------------------------------------------

/** How an identity is allowed into one data store instance. */
export type StoreAccess =
  | 'aws-rds-iam' // rds-db:connect on the Aurora cluster's resource id and the database user
  | 'aws-elasticache-iam' // elasticache:Connect on the replication group and an IAM-authenticated ElastiCache user
  | 'gcp-cloudsql-iam' // Cloud SQL IAM service-account user + roles/cloudsql.client and instanceUser
  | 'gcp-memorystore-auth' // Memorystore AUTH string and server CA, delivered by reference (Secret Manager -> External Secrets)
  | 'azure-postgres-entra' // Entra principal of the server (pgaadauth_create_principal, by the role step of DatabaseRolesPlan)
  | 'azure-redis-entra'; // Azure Cache for Redis access policy assignment

export interface StoreGrantPlan {
  readonly kind: 'database' | 'cache';
  /** Database or cache id of the spec. */
  readonly store: string;
  /** Instance in the region (Aurora cluster / Cloud SQL instance / server / cache name). */
  readonly instance: string;
  readonly access: StoreAccess;
  /** Database or cache user the workload connects as. */
  readonly user: string;
  /** Whether the output grants it today (false: planned, reported as not generated). */
  readonly generated: boolean;
  /** What the workload's config carries to connect: credential kind, TLS mode, CA to verify the server. */
  readonly connection: { readonly auth: string; readonly tlsMode: string; readonly ca: string };
  /**
   * A credential delivered by reference (Memorystore's AUTH string and server CA): a secret of the region's secret
   * store (only External Secrets may read it), an ExternalSecret in the workload's namespace writing a Kubernetes
   * Secret, and the environment variables the workload reads its keys from.
   */
  readonly secret?: {
    /** Secret Manager secret id (JSON with the keys below). */
    readonly remoteKey: string;
    readonly kubernetesSecret: string;
    readonly store: { readonly apiVersion: string; readonly kind: string; readonly name: string };
    /** Google service account id of External Secrets, the secret's only reader (by the store's name prefix). */
    readonly reader: string;
    /** JSON keys of the secret: the AUTH string and the server CA (PEM). */
    readonly keys: { readonly auth: string; readonly ca: string };
    /** environment variable -> JSON key of the secret. */
    readonly env: Readonly<Record<string, string>>;
  };
}

export interface WorkloadIdentityPlan {
  readonly region: string;
  readonly cloud: Cloud;
  readonly cluster: string;
  readonly service: string;
  readonly namespace: string;
  /** Kubernetes ServiceAccount of the workload. */
  readonly serviceAccount: string;
  /** Cloud identity: IAM role (EKS Pod Identity), Google service account id (GKE), user-assigned identity (AKS). */
  readonly name: string;
  readonly grants: readonly StoreGrantPlan[];
  /** What binds the pods to the identity inside the cluster: ServiceAccount annotations and pod labels (AKS workload identity). */
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
  readonly podLabels: Readonly<Record<string, string>>;
  /** GitOps substitution variable that carries a value known only after apply (the AKS identity's client id). */
  readonly clientIdVariable?: string;
  /** AKS: substitution variable of the identity's object (principal) id, the user name Azure Cache for Redis knows it by. */
  readonly principalIdVariable?: string;
  /** Egress the pods need to fetch the identity's credentials (NetworkPolicy), and nothing wider. */
  readonly egress: readonly { readonly cidr: string; readonly port: number; readonly why: string }[];
}

// ---------------------------------------------------------------------------------------------
// data-access: operator access (synth/plan/operator-access.ts)
// ---------------------------------------------------------------------------------------------

export interface OperatorAccessPlan {
  readonly region: string;
  readonly cloud: Cloud;
  readonly cluster: string;
  /** The operators (spec `access.admins.<cloud>`): IAM role ARN, `group:<email>`, Entra group object id. */
  readonly principal?: string;
  /** What it gets: the EKS access policy, the GCP project roles, or the AKS admin group membership. */
  readonly grants: readonly string[];
  /** GCP: this region's stack holds the project's bindings (the first GCP region of the project). */
  readonly ownsProjectBindings?: boolean;
  /** AKS: local accounts (static kubeconfig credentials): always off. */
  readonly localAccounts?: false;
  /** How an operator reaches the private API endpoint (README): the path and the command. */
  readonly reach: { readonly how: string; readonly command: string };
}

// ---------------------------------------------------------------------------------------------
// data-access: the database-side roles of the workload identities (synth/plan/database-roles.ts)
// ---------------------------------------------------------------------------------------------

/** A login role of one service on one writer, mapped to the service's cloud identity. */
export interface DatabaseRolePlan {
  readonly service: string;
  /** PostgreSQL role the service logs in as (its grants' `user`). */
  readonly role: string;
  /**
   * `rds-iam`: `CREATE ROLE ... LOGIN` + `GRANT rds_iam` (the identity's `rds-db:connect` names this user);
   * `cloudsql-iam`: the Cloud SQL IAM user of the service's Google service account (Terraform creates it);
   * `entra-principal`: `pgaadauth_create_principal` of the service's managed identity (its display name).
   */
  readonly mapping: 'rds-iam' | 'cloudsql-iam' | 'entra-principal';
  /** The cloud identity that logs in as it (WorkloadIdentityPlan.name of the service in the region reaching this writer). */
  readonly identities: readonly { readonly region: string; readonly name: string }[];
}

/** The roles of one writer (a global database's secondaries replicate them from their primary). */
export interface DatabaseRolesInstancePlan {
  /** Planned instance name (DatabaseInstancePlan.name) in the step's region. */
  readonly instance: string;
  readonly store: string;
  /** Private DNS name of the writer. */
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly roles: readonly DatabaseRolePlan[];
  /** Password logins created here too (Aurora: the DMS source login); the step sets the password from its secret at run time. */
  readonly logins: readonly { readonly user: string; readonly memberOf: readonly string[] }[];
  /** The SQL in order, idempotent (re-running changes nothing). Never a secret: passwords are read at run time. */
  readonly statements: readonly string[];
}

export interface DatabaseRolesPlan {
  readonly region: string;
  readonly cloud: Cloud;
  readonly cluster: string;
  /**
   * `aws-lambda`: a one-shot function in the private subnets, invoked by the region's Terraform stack after the
   * Aurora clusters (and before the replication feeds of wave 2), connecting as the master user with Aurora's
   * managed master secret. `k8s-job`: a Job in the cluster, delivered by the GitOps agent with everything else,
   * connecting as the planned administrator (GKE: a built-in Cloud SQL user whose password External Secrets
   * brings from Secret Manager; AKS: the Job's managed identity, the servers' Entra administrator, with a token).
   */
  readonly mechanism: 'aws-lambda' | 'k8s-job';
  /** Function name (AWS) or Job name (GKE, AKS; carries a hash of the statements: a change runs a new Job). */
  readonly name: string;
  /**
   * Cloud identity of the step: IAM role of the function (AWS), user-assigned identity (AKS). GKE's Job calls no
   * cloud API: External Secrets brings its password.
   */
  readonly identity?: string;
  readonly admin: {
    /** Login the step connects as (AWS: the master user, read from the managed master secret). */
    readonly user?: string;
    readonly credential: 'aws-managed-master-secret' | 'gcp-builtin-password' | 'azure-entra-token';
    /** GCP: Secret Manager secret holding the administrator's password, and the Kubernetes Secret External Secrets writes it into. */
    readonly secret?: string;
    readonly kubernetesSecret?: string;
    /** GCP: Google service account id of External Secrets in the cluster, the only reader of that secret. */
    readonly secretReader?: string;
  };
  /** k8s-job: where it runs and what it runs with. */
  readonly job?: {
    readonly namespace: string;
    readonly serviceAccount: string;
    readonly configMap: string;
    readonly images: { readonly psql: string; readonly psqlUser: number; readonly curl?: string; readonly curlUser?: number };
    readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
    readonly podLabels: Readonly<Record<string, string>>;
    /** AKS: Flux substitution variable of the identity's client id. */
    readonly clientIdVariable?: string;
    /** GKE: the store External Secrets reads the administrator's password through. */
    readonly secretStore?: { readonly apiVersion: string; readonly kind: string; readonly name: string };
    /** Entra token scope (AKS). */
    readonly tokenScope?: string;
    /** TLS mode of the step's connections. */
    readonly sslMode: string;
    /** Egress of the Job's pods: the writers, and the credential endpoints of its identity. */
    readonly egress: readonly { readonly cidr: string; readonly port: number; readonly why: string }[];
    readonly backoffLimit: number;
    /** Requests = limits of each container. */
    readonly cpu: string;
    readonly memory: string;
  };
  readonly instances: readonly DatabaseRolesInstancePlan[];
  /** AWS: where the function fetches the CA bundle it verifies the writers with. */
  readonly serverCa?: string;
}

// ---------------------------------------------------------------------------------------------
// day1-clusters: cloud prerequisites owned by the output (synth/plan/cloud-prerequisites.ts)
// ---------------------------------------------------------------------------------------------

export interface GcpProjectPlan {
  readonly region: string;
  /** The project id from the spec (default of the stack's `gcp_project` variable), when given. */
  readonly project?: string;
  /** APIs the region's stack enables (left enabled on destroy: other stacks of the project may use them). */
  readonly apis: readonly string[];
  /** The only project role of the GKE node service account. */
  readonly nodeRole: string;
}

// ---------------------------------------------------------------------------------------------
// day1-traffic: public entry points (TLS termination, addresses, certificates) and the CDN
// ---------------------------------------------------------------------------------------------

/** A certificate for public host names and how it is validated. */
export interface CertificatePlan {
  /** Resource name (unique per cloud account / project / vault). */
  readonly name: string;
  /** Host names it covers (the first is the subject). */
  readonly domains: readonly string[];
  /**
   * `route53-dns`: ACM, DNS-validated in the public zone; `certificate-manager-dns`: Google-managed
   * (Certificate Manager) with DNS authorizations whose CNAMEs the global stack writes; `key-vault-issuer`:
   * Azure Key Vault certificate issued and renewed by the vault's integrated CA.
   */
  readonly validation: 'route53-dns' | 'certificate-manager-dns' | 'key-vault-issuer';
}

/** One public port of an entry point: TLS terminates here and the plaintext stream goes to the service port. */
export interface ListenerPlan {
  readonly service: string;
  readonly namespace: string;
  readonly protocol: Protocol;
  /** Port clients connect to (the same on every cloud). */
  readonly port: number;
  /** Port of the service's pods. */
  readonly targetPort: number;
  /**
   * What the load balancer speaks to the pods: `tcp` (NLB: the decrypted stream as ALPN negotiated it),
   * `h2c` (GKE Gateway to http2 / gRPC backends: HTTP/2 cleartext, Service `appProtocol: kubernetes.io/h2c`),
   * `http/1.1` (GKE to http / websocket backends; Application Gateway v2 to every backend).
   */
  readonly backendProtocol: 'tcp' | 'h2c' | 'http/1.1';
  /** NLB ALPN policy (what the target speaks after TLS). */
  readonly alpn: 'HTTP1Only' | 'HTTP2Only' | 'HTTP2Preferred';
  readonly tlsPolicy: string;
  /** SNI / Host names served. */
  readonly hosts: readonly string[];
  readonly certificate: CertificatePlan;
  /** How an outside check (Route 53, Application Gateway, GKE) probes the service: HTTPS on the listener with the readiness path, or a TCP connect (gRPC). */
  readonly health: { readonly protocol: 'HTTPS' | 'TCP'; readonly path?: string };
}

export interface EntryPointPlan {
  readonly region: string;
  readonly cloud: Cloud;
  readonly location: string;
  /**
   * `aws-nlb`: the region's Network Load Balancer with TLS listeners; `gke-gateway`: a Gateway of GKE's
   * built-in controller (global external Application Load Balancer) on a Terraform-owned global address;
   * `azure-application-gateway`: Application Gateway v2 on a Terraform-owned public IP, forwarding to the
   * cluster's internal load balancer.
   */
  readonly kind: 'aws-nlb' | 'gke-gateway' | 'azure-application-gateway';
  /** Name of the Terraform-owned public address (NLB, GCP global address, Azure public IP). */
  readonly address: string;
  /** Azure: the planned internal load balancer address of the cluster the gateway forwards to, and its subnet. */
  readonly internalAddress?: { readonly ip: string; readonly subnet: string };
  /** Azure: the subnet dedicated to the Application Gateway. */
  readonly gatewaySubnet?: string;
  /** Azure: HTTP/2 towards clients (some listener serves http2); the gateway speaks HTTP/1.1 to its backends. */
  readonly clientHttp2?: boolean;
  /** GCP: names the Terraform resources and the Gateway's annotations / policy share. */
  readonly gcp?: { readonly certificateMap: string; readonly sslPolicy: string };
  /** Where the entry point's traffic and health checks reach the services from. */
  readonly sourceRanges: readonly string[];
  /** The cloud's TLS policy (NLB / Application Gateway policy name, GCP SSL policy profile) and the minimum TLS version it allows. */
  readonly tls: { readonly policy: string; readonly minVersion: '1.2' };
  readonly listeners: readonly ListenerPlan[];
}

export interface CdnEntryPlan {
  /** ACM certificate in us-east-1 for the distributions' aliases. */
  readonly certificate?: CertificatePlan;
  readonly tlsPolicy: string;
  readonly staticAlias?: string;
  /** Edge-cached APIs: alias, and the origin listener (host, HTTPS port) that serves HTTP/1.1 behind TLS. */
  readonly apis: readonly { readonly service: string; readonly alias: string; readonly originHost: string; readonly originPort: number }[];
  /** Compression the cache policies accept (`edge.compression`). */
  readonly gzip: boolean;
  readonly brotli: boolean;
}

// ---------------------------------------------------------------------------------------------
// day1 alerting: receivers wired to the cloud secret store, region-loss detection, dead-man's switch
// (synth/plan/alerting.ts)
// ---------------------------------------------------------------------------------------------

/** How a receiver delivers; `heartbeat` is the dead-man's switch (a webhook pinged while the Watchdog fires). */
export type ReceiverKind = 'pagerduty' | 'slack' | 'webhook' | 'email' | 'heartbeat';

/** The secret store backend of one cluster's `platform-secrets` ClusterSecretStore. */
export type SecretBackend = 'aws-secrets-manager' | 'gcp-secret-manager' | 'azure-key-vault';

export interface AlertReceiverPlan {
  /** Alertmanager receiver name: the spec's route (or `heartbeat`). */
  readonly name: string;
  readonly kind: ReceiverKind;
  /** Severities routed to it (none for the heartbeat: it receives only the Watchdog). */
  readonly severities: readonly ('critical' | 'warning' | 'info')[];
  /** Kubernetes Secret (monitoring namespace) the ExternalSecret materialises, and the key the receiver reads. */
  readonly secret: { readonly name: string; readonly key: string };
  /** The cloud secret container holding the credential (the ExternalSecret's remote key). */
  readonly remoteKey: string;
  /** What the value is, for the README (`PagerDuty Events API v2 routing key`). */
  readonly value: string;
  /** Email receivers: recipient, sender (also the SMTP user) and relay. */
  readonly email?: { readonly to: string; readonly from: string; readonly smarthost: string };
}

/** A blackbox probe, run from one cluster, of another region's public entry point. */
export interface RegionProbePlan {
  /** Probe object name (monitoring namespace). */
  readonly name: string;
  /** Region probed. */
  readonly region: string;
  readonly service: string;
  /** blackbox_exporter module of this target (TLS server name and Host header are per target). */
  readonly module: string;
  readonly prober: 'http' | 'tcp';
  /** `https://<host>:<port><path>` (http) or `<host>:<port>` (tcp). */
  readonly target: string;
  /** Name the target resolves only to the probed region's entry point (never to its failover region). */
  readonly host: string;
  /** TLS server name and Host header: the certificate's name of the region. */
  readonly serverName: string;
  readonly port: number;
  readonly path?: string;
}

/** The alerts one cluster evaluates about another region, from its probes. */
export interface RegionLossRulePlan {
  readonly region: string;
  /** Fires when every probe of the region fails (critical, the failover runbooks' trigger). */
  readonly alert: string;
  /** Fires when no probe result of the region exists (the prober is broken: region loss would go unseen). */
  readonly absentAlert: string;
  readonly forSeconds: number;
  readonly absentForSeconds: number;
}

export interface ClusterAlertingPlan {
  readonly region: string;
  readonly cloud: Cloud;
  readonly cluster: string;
  readonly namespace: string;
  /** ClusterSecretStore every ExternalSecret of the cluster reads through (installed with External Secrets Operator). */
  readonly secretStore: {
    readonly name: string;
    readonly backend: SecretBackend;
    readonly location: string;
    /** Azure: the region's Key Vault of platform secrets. */
    readonly vault?: string;
    /** GCP: External Secrets' Google service account id, granted secretAccessor on exactly these secrets. */
    readonly reader?: string;
  };
  /** How often ESO re-reads the secret store. */
  readonly refreshIntervalSeconds: number;
  readonly receivers: readonly AlertReceiverPlan[];
  /** Dead-man's switch: an always-firing alert routed to the heartbeat receiver every `repeatIntervalSeconds`. */
  readonly watchdog: { readonly alert: string; readonly rule: string; readonly receiver: string; readonly repeatIntervalSeconds: number; readonly heartbeatPeriodSeconds: number; readonly heartbeatGraceSeconds: number };
  /** The blackbox prober this cluster runs (in its own namespace), and what it probes. */
  readonly prober?: { readonly namespace: string; readonly name: string; readonly image: string; readonly port: number; readonly replicas: number; readonly priorityClass: string; readonly priority: number; readonly probePorts: readonly number[]; readonly intervalSeconds: number; readonly timeoutSeconds: number; readonly jobName: string;
    readonly runAsUser: number; readonly resources: { readonly requests: { readonly cpu: string; readonly memory: string }; readonly limits: { readonly cpu: string; readonly memory: string } } };
  readonly probes: readonly RegionProbePlan[];
  readonly regionRules: readonly RegionLossRulePlan[];
  /** PrometheusRule holding regionRules (monitoring namespace). */
  readonly regionRuleName: string;
}

/** How the loss of one region is noticed, and by whom (the failover runbooks name these alerts). */
export interface RegionLossDetectionPlan {
  readonly region: string;
  readonly alert: string;
  /** Clusters of other regions evaluating `alert` (empty: the region has no running public endpoint or no other cluster exists). */
  readonly detectedBy: readonly string[];
  /** The region's own heartbeat (its Watchdog stops reaching the heartbeat service), when it has a cluster. */
  readonly heartbeat?: string;
  readonly detectionSeconds: number;
}

export interface AlertingPlan {
  readonly clusters: readonly ClusterAlertingPlan[];
  readonly regionLoss: readonly RegionLossDetectionPlan[];
  /** Public DNS names (simple records) that resolve only to one primary's entry point, for the probes. */
  readonly probeRecords: readonly DnsRecordPlan[];
}

// ---------------------------------------------------------------------------------------------
// Restore tiers (issue 12): a stack at the primary's nearest backup copy location, able to run the tier.
// ---------------------------------------------------------------------------------------------

export interface RestoreSitePlan {
  /** Stack name and resource prefix suffix: `restore-<primary>`. */
  readonly name: string;
  /** The primary region whose restore tiers come back here. */
  readonly primary: string;
  readonly cloud: Cloud;
  /** The backup copy location (the nearest of the primary's `backup.copyTo`). */
  readonly location: string;
  readonly jurisdiction: string;
  /** The AWS Backup vault there holding the primary's copies (created by the primary's stack). */
  readonly copyVault: string;
  /** Tiers (strategy restore) and their services that come back here. */
  readonly tiers: readonly string[];
  readonly services: readonly string[];
  /** Planned block (overlapping no region, failover region or other site), as a region's `cidr`. */
  readonly cidr: string;
  readonly networkCidr: string;
  readonly zones: readonly string[];
  readonly subnets: readonly Subnet[];
  /** EKS cluster whose node pools stay at 0 until the restore, then scale to the tier's full load. */
  readonly cluster: ClusterPlan;
  /**
   * The site as a cluster region (role `restore`, id = `name`): what the cluster-level planners (GitOps agent, EKS and
   * platform add-ons, controller identities, operator access, alerting) and the Kubernetes layer take, like a region's.
   * Its workloads are the restore tiers' at the primary's replica counts, reaching the restored writers in the site's
   * data subnets (their NetworkPolicies name those); no caches, no load balancer.
   */
  readonly region: RegionPlan;
  /** Names of the restore target: DB subnet group, security group, IAM role AWS Backup restores with. */
  readonly dbSubnetGroup: string;
  readonly securityGroup: string;
  readonly restoreRole: string;
  readonly port: number;
  /** One restored Aurora cluster per database shard the tiers use. */
  readonly targets: readonly RestoreTargetPlan[];
  /** Wall time of the restore: every shard restores in parallel, so the slowest target. */
  readonly restoreSeconds: number;
  /** The throughput the restore time is computed with, and its source. */
  readonly throughput: { readonly bytesPerHour: number; readonly overheadSeconds: number; readonly source: string };
  /**
   * The restored services' cloud identities (synth/plan/identity.ts on the site: region = the site's name, cluster =
   * the site's EKS cluster), each granted `rds-db:connect` on exactly the restored clusters its `uses` reach (their
   * resource ids are new: the restore stack reads them once `restored` is set). Caches are not restored: no cache grants.
   */
  readonly identities: readonly WorkloadIdentityPlan[];
  /**
   * The database-side roles: `from-snapshot` (an Aurora snapshot is the whole cluster volume, `pg_authid` and the
   * grants included: the roles the primary's roles step created, `rds_iam` membership and all, come back with the data).
   */
  readonly databaseRoles: 'from-snapshot';
}

export interface RestoreTargetPlan {
  readonly database: string;
  readonly shard: number;
  /** The primary's Aurora cluster (identifier) whose recovery points are restored. */
  readonly source: string;
  /** Identifier of the restored cluster and its writer instance. */
  readonly identifier: string;
  readonly writerInstance: string;
  readonly instanceClass: string;
  /** Backup size: the shard's logical data (storage per shard / replication factor). */
  readonly bytes: number;
  /** bytes / throughput + the fixed overhead (cluster creation, status checks, first instance). */
  readonly restoreSeconds: number;
  readonly parameterGroup: string;
  /** Continuous backups (hot data) restore to a point in time; snapshots restore the latest recovery point. */
  readonly recoveryPoint: 'latest-snapshot';
}

// ---------------------------------------------------------------------------------------------
// day1-clusters: platform add-ons per cluster and their controllers' identities (synth/plan/addons.ts)
// ---------------------------------------------------------------------------------------------

export type AddonName = 'aws-load-balancer-controller' | 'metrics-server' | 'cluster-autoscaler' | 'kube-prometheus-stack' | 'prometheus-adapter' | 'external-secrets';

/** One Helm release of an add-on in one cluster (catalog row + values generated from the plan). */
export interface AddonReleasePlan {
  readonly name: AddonName;
  readonly chart: string;
  readonly repoURL: string;
  /** Pinned chart version, and the application version it ships. */
  readonly version: string;
  readonly appVersion: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** API groups of the CRDs the chart installs, and the aggregated APIs it serves. */
  readonly crdGroups: readonly string[];
  readonly apiServices: readonly string[];
  /** Helm values (priority class, cluster, region, identity bindings, ...). */
  readonly values: Readonly<Record<string, unknown>>;
  /** Argo CD applies it server-side (large CRDs). */
  readonly serverSideApply: boolean;
  /** The agent waits for its pods before the next layer (false when they need objects of a later layer). */
  readonly waitForReady: boolean;
  readonly why: string;
  readonly source: string;
}

/** The ClusterSecretStore of a cluster: External Secrets reads the cloud secret store through the controller's identity. */
export interface SecretStorePlan {
  /** Name of the ClusterSecretStore other objects reference (`platform-secrets`). */
  readonly name: string;
  readonly kind: 'aws-secrets-manager' | 'gcp-secret-manager' | 'azure-key-vault';
  /**
   * What a key of an ExternalSecret referencing the store starts with: `<key prefix><name>`. AWS and GCP: the
   * controller may read only the secrets whose name starts with it; Azure: '' (the vault is the cluster's own).
   */
  readonly keyPrefix: string;
  /** AWS region of Secrets Manager, GCP region of the cluster. */
  readonly location?: string;
  /** GCP project of Secret Manager (spec `regions.<id>.project`), when the spec gives it. */
  readonly project?: string;
  /** Azure: the platform secrets vault created by the region stack (RBAC authorization). */
  readonly vault?: { readonly name: string; readonly url: string };
  /** Azure: the GitOps substitution variable carrying the tenant id (known after apply). */
  readonly tenantIdVariable?: string;
}

export interface ClusterAddonsPlan {
  readonly region: string;
  readonly cloud: Cloud;
  readonly cluster: string;
  /**
   * Where the agent reads the platform layer (add-on namespaces, PriorityClass, releases): EKS the file
   * `<gitops.path>/argocd/<region>.yaml` the root Application syncs; GKE the root-sync folder and AKS the
   * `addons` kustomization folder, both `<gitops.path>/addons/<region>`.
   */
  readonly path: string;
  /** PriorityClass of every add-on pod: above every application tier. */
  readonly priorityClass: { readonly name: string; readonly value: number };
  /** Namespaces the platform layer creates (every namespace an add-on or a platform object uses). */
  readonly namespaces: readonly string[];
  readonly releases: readonly AddonReleasePlan[];
  /** Catalog add-ons not installed in this cluster, and why (the cloud ships its own, no custom metrics, ...). */
  readonly notInstalled: readonly { readonly name: AddonName; readonly why: string }[];
  /** API groups the cloud or the GitOps agent serves without an add-on, and the Terraform resource enabling it. */
  readonly managedApiGroups: readonly { readonly group: string; readonly by: string }[];
  readonly secretStore: SecretStorePlan;
  /** Secret holding Grafana's admin login (generated in the cluster by External Secrets). */
  readonly grafanaAdminSecret: string;
  /** AlertmanagerConfig that Alertmanager uses as its global configuration. */
  readonly alertmanagerConfig: string;
  /** GKE: the RootSync delivering the workloads folder (`<gitops.path>/<region>`) after the add-ons. */
  readonly workloadsSync?: string;
  /** AKS: the Flux kustomization of the platform layer (the cluster's kustomization depends on it). */
  readonly fluxKustomization?: string;
}

/** An IAM statement of a controller's role; `<partition>` and `<account>` are filled in by the stack. */
export interface IamStatementPlan {
  readonly sid: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions?: readonly { readonly test: string; readonly variable: string; readonly values: readonly string[] }[];
}

/** A cloud identity of an add-on controller that calls a cloud API, bound to its ServiceAccount, with only its grants. */
export interface ControllerIdentityPlan {
  readonly region: string;
  readonly cloud: Cloud;
  readonly cluster: string;
  readonly addon: AddonName;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** IAM role (EKS Pod Identity), Google service account id (GKE), user-assigned identity (AKS). */
  readonly name: string;
  /** AWS: the role's inline policy. */
  readonly iam?: readonly IamStatementPlan[];
  /** GCP: project roles, each with an IAM condition. */
  readonly gcpRoles?: readonly { readonly role: string; readonly title: string; readonly secretPrefix: string }[];
  /** Azure: roles on the platform secrets vault. */
  readonly azureVaultRoles?: readonly string[];
  /** What binds the pods to the identity inside the cluster (set in the release's values). */
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
  readonly podLabels: Readonly<Record<string, string>>;
  /** AKS: GitOps substitution variable of the identity's client id (known after apply). */
  readonly clientIdVariable?: string;
}
