/**
 * Embedded, dated list prices for every type in the size tables, used for cost estimates.
 * All prices are USD, Linux / open-source engine, on-demand (pay-as-you-go), single node,
 * without licences, support plans or taxes, in one reference region per cloud:
 * AWS us-east-1, Google Cloud us-central1, Azure eastus.
 *
 * Sources (public on-demand price pages, as published on PRICE_TABLE_DATE):
 * - AWS: "Amazon EC2 On-Demand Pricing" (aws.amazon.com/ec2/pricing/on-demand/),
 *   "Amazon Aurora Pricing" (aws.amazon.com/rds/aurora/pricing/, Aurora PostgreSQL-Compatible,
 *   Aurora Standard configuration), "Amazon ElastiCache Pricing" (aws.amazon.com/elasticache/pricing/,
 *   on-demand nodes, Redis OSS/Valkey node types).
 * - Google Cloud: "VM instance pricing" (cloud.google.com/compute/vm-instance-pricing, N2 vCPU
 *   $0.031611/h and memory $0.004237/GB-h in us-central1), "Cloud SQL pricing"
 *   (cloud.google.com/sql/pricing, Enterprise edition vCPU $0.0413/h, memory $0.0070/GB-h,
 *   SSD storage $0.17/GB-month), "Memorystore for Redis Cluster pricing"
 *   (cloud.google.com/memorystore/docs/cluster/pricing, per node-hour).
 * - Azure: "Linux Virtual Machines Pricing" (azure.microsoft.com/pricing/details/virtual-machines/linux/),
 *   "Azure Database for PostgreSQL flexible server pricing"
 *   (azure.microsoft.com/pricing/details/postgresql/flexible-server/, Memory Optimized Edsv5),
 *   "Azure Cache for Redis pricing" (azure.microsoft.com/pricing/details/cache/, Premium tier).
 *
 * Rows marked `approx.` could not be re-read from a stored copy of the page when this table was
 * written (the pages render their tables client-side); they are the best available figures and
 * the first to re-check when PRICE_TABLE_DATE is next moved.
 */
import type { Cloud } from '../model/spec';
import { PlanInvariantError } from '../util/errors';

/** Date of the public list prices below (YYYY-MM-DD). */
export const PRICE_TABLE_DATE = '2025-06-01';

/** Hours per month used by every monthly figure (365 × 24 / 12). */
export const HOURS_PER_MONTH = 730;

/** Reference region whose prices HOURLY_ON_DEMAND_USD holds. */
export const REFERENCE_REGION: Readonly<Record<Cloud, string>> = Object.freeze({
  aws: 'us-east-1',
  gcp: 'us-central1',
  azure: 'eastus',
});

/** GCP resource-based prices (us-central1) that the per-type prices below are derived from. */
const GCP_N2_VCPU_HOUR = 0.031611;
const GCP_N2_GB_HOUR = 0.004237;
const GCP_CLOUDSQL_VCPU_HOUR = 0.0413;
const GCP_CLOUDSQL_GB_HOUR = 0.007;

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
const n2 = (vcpu: number): number => round6(vcpu * GCP_N2_VCPU_HOUR + vcpu * 4 * GCP_N2_GB_HOUR);
const cloudSql = (vcpu: number, gib: number): number => round6(vcpu * GCP_CLOUDSQL_VCPU_HOUR + gib * GCP_CLOUDSQL_GB_HOUR);

/** On-demand USD per hour in the reference region, keyed `${cloud}:${type}`. */
export const HOURLY_ON_DEMAND_USD: Readonly<Record<string, number>> = Object.freeze({
  // --- AWS us-east-1 -------------------------------------------------------------------------
  // EC2 M6i, Linux
  'aws:m6i.large': 0.096,
  'aws:m6i.xlarge': 0.192,
  'aws:m6i.2xlarge': 0.384,
  'aws:m6i.4xlarge': 0.768,
  'aws:m6i.8xlarge': 1.536,
  // Aurora PostgreSQL, Aurora Standard (storage and I/O billed separately)
  'aws:db.r6g.large': 0.26,
  'aws:db.r6g.xlarge': 0.519,
  'aws:db.r6g.2xlarge': 1.038,
  'aws:db.r6g.4xlarge': 2.076,
  'aws:db.r6g.8xlarge': 4.152,
  // ElastiCache on-demand nodes
  'aws:cache.r6g.large': 0.206,
  'aws:cache.r6g.xlarge': 0.411,
  'aws:cache.r6g.2xlarge': 0.821,
  'aws:cache.r6g.4xlarge': 1.642,
  'aws:cache.r6g.8xlarge': 3.284,

  // --- Google Cloud us-central1 --------------------------------------------------------------
  // N2 standard: vCPU + 4 GB per vCPU at the resource prices above
  'gcp:n2-standard-2': n2(2), // 0.097118
  'gcp:n2-standard-4': n2(4),
  'gcp:n2-standard-8': n2(8),
  'gcp:n2-standard-16': n2(16),
  'gcp:n2-standard-32': n2(32),
  // Cloud SQL for PostgreSQL, Enterprise edition, single zone: vCPU + memory
  'gcp:db-custom-2-13312': cloudSql(2, 13), // 0.1736
  'gcp:db-custom-4-26624': cloudSql(4, 26),
  'gcp:db-custom-8-53248': cloudSql(8, 52),
  'gcp:db-custom-16-106496': cloudSql(16, 104),
  'gcp:db-custom-32-212992': cloudSql(32, 208),
  // Memorystore for Redis Cluster, per node-hour (approx.)
  'gcp:redis-standard-small': 0.1125,
  'gcp:redis-highmem-medium': 0.195,
  'gcp:redis-standard-large': 0.39,
  'gcp:redis-highmem-xlarge': 0.87,
  'gcp:redis-highmem-2xlarge': 1.65,

  // --- Azure eastus --------------------------------------------------------------------------
  // Dsv5, Linux pay-as-you-go
  'azure:Standard_D2s_v5': 0.096,
  'azure:Standard_D4s_v5': 0.192,
  'azure:Standard_D8s_v5': 0.384,
  'azure:Standard_D16s_v5': 0.768,
  'azure:Standard_D32s_v5': 1.536,
  // PostgreSQL flexible server, Memory Optimized Edsv5, compute only (approx.)
  'azure:Standard_E2ds_v5': 0.2565,
  'azure:Standard_E4ds_v5': 0.513,
  'azure:Standard_E8ds_v5': 1.026,
  'azure:Standard_E16ds_v5': 2.052,
  'azure:Standard_E32ds_v5': 4.104,
  // Azure Cache for Redis Premium, per cache (primary + replica) hour; P5 approx.
  'azure:Premium_P1': 0.554,
  'azure:Premium_P2': 1.108,
  'azure:Premium_P3': 2.216,
  'azure:Premium_P4': 4.432,
  'azure:Premium_P5': 9.97,

  // --- AWS DMS replication instances (us-east-1, single-AZ; Multi-AZ bills a standby: twice) ----------------------
  // Conservative estimate: the DMS pricing page (aws.amazon.com/dms/pricing/) renders its table client-side and could
  // not be re-read. dms.r5.large lists at about $0.21/h against EC2 r5.large $0.126/h (DMS ~1.7x EC2); r6i is priced
  // like r5 on EC2, so 2x the EC2 r6i price ($0.126/h per large) is taken as an upper bound, doubling per size step.
  'aws:dms.r6i.large': 0.252,
  'aws:dms.r6i.xlarge': 0.504,
  'aws:dms.r6i.2xlarge': 1.008,
  'aws:dms.r6i.4xlarge': 2.016,
});

/**
 * Regional price level relative to the reference region, keyed `${cloud}:${location}`;
 * a missing key means 1 (same price as the reference region, or no notable difference).
 * Each factor is the on-demand price of the 2-vCPU general-purpose type (m6i.large,
 * n2-standard-2, Standard_D2s_v5) in that region divided by its reference-region price,
 * rounded to two decimals (approx.: managed database and cache prices follow the same
 * regional level within a few percent).
 */
export const REGION_PRICE_MULTIPLIER: Readonly<Record<string, number>> = Object.freeze({
  // AWS (m6i.large us-east-1 = $0.096)
  'aws:af-south-1': 1.32,
  'aws:ap-east-1': 1.38,
  'aws:ap-northeast-1': 1.29,
  'aws:ap-northeast-2': 1.23,
  'aws:ap-northeast-3': 1.29,
  'aws:ap-south-1': 1.05,
  'aws:ap-southeast-1': 1.25,
  'aws:ap-southeast-2': 1.25,
  'aws:ca-central-1': 1.11,
  'aws:eu-central-1': 1.2,
  'aws:eu-central-2': 1.32,
  'aws:eu-north-1': 1.06,
  'aws:eu-south-1': 1.17,
  'aws:eu-west-1': 1.11,
  'aws:eu-west-2': 1.16,
  'aws:eu-west-3': 1.17,
  'aws:me-south-1': 1.23,
  'aws:sa-east-1': 1.58,
  'aws:us-west-1': 1.17,
  // Google Cloud (n2-standard-2 us-central1 = $0.0971)
  'gcp:asia-northeast1': 1.29,
  'gcp:asia-south1': 1.2,
  'gcp:asia-southeast1': 1.23,
  'gcp:australia-southeast1': 1.41,
  'gcp:europe-north1': 1.1,
  'gcp:europe-west1': 1.1,
  'gcp:europe-west2': 1.29,
  'gcp:europe-west3': 1.29,
  'gcp:europe-west4': 1.1,
  'gcp:europe-west6': 1.4,
  'gcp:northamerica-northeast1': 1.1,
  'gcp:southamerica-east1': 1.59,
  'gcp:us-east4': 1.13,
  'gcp:us-west2': 1.2,
  // Azure (Standard_D2s_v5 eastus = $0.096)
  'azure:australiaeast': 1.29,
  'azure:brazilsouth': 1.58,
  'azure:canadacentral': 1.1,
  'azure:francecentral': 1.25,
  'azure:germanywestcentral': 1.2,
  'azure:japaneast': 1.29,
  'azure:koreacentral': 1.23,
  'azure:northeurope': 1.11,
  'azure:southeastasia': 1.25,
  'azure:swedencentral': 1.09,
  'azure:switzerlandnorth': 1.32,
  'azure:uksouth': 1.16,
  'azure:westeurope': 1.2,
  'azure:westus': 1.2,
});

/** Price level of `location` relative to the cloud's reference region (1 when not listed). */
export function priceMultiplier(cloud: Cloud, location: string): number {
  return REGION_PRICE_MULTIPLIER[`${cloud}:${location}`] ?? 1;
}

/**
 * Typical published savings, as fractions off the on-demand price.
 * - reserved1y: AWS Savings Plans / Reserved Instances 1-year (~30-40% for no/all upfront),
 *   Google Cloud 1-year committed use discounts (37% for general-purpose resource CUDs),
 *   Azure 1-year reservations (~40% for Dsv5). Typical: 40%.
 * - reserved3y: AWS 3-year ("up to 72%"), Google Cloud 3-year CUDs (55%, up to 70% for
 *   memory-optimized), Azure 3-year reservations ("up to 72%"). Typical: 60%.
 * - spot: AWS EC2 Spot ("up to 90%"), Google Cloud Spot VMs ("60-91%"), Azure Spot VMs
 *   ("up to 90%"). A conservative typical value of 70% is used; spot capacity can be reclaimed.
 * Sources: the AWS Savings Plans and EC2 Spot pricing pages, Google Cloud "Committed use
 * discounts" and "Spot VMs" docs, Azure "Reserved VM Instances" and "Spot Virtual Machines"
 * pricing pages, as of PRICE_TABLE_DATE.
 */
export const DISCOUNTS = Object.freeze({
  reserved1y: 0.4,
  reserved3y: 0.6,
  spot: 0.7,
});

/**
 * Managed database storage, USD per GB-month in the reference region:
 * AWS Aurora Standard storage ($0.10/GB-month; I/O billed separately, see
 * AURORA_STANDARD_IO_USD_PER_MILLION), Google Cloud SQL SSD storage ($0.17/GB-month),
 * Azure Database for PostgreSQL flexible server Premium SSD storage ($0.115/GiB-month).
 */
export const STORAGE_GB_MONTH_USD: Readonly<Record<Cloud, number>> = Object.freeze({
  aws: 0.1,
  gcp: 0.17,
  azure: 0.115,
});

/** Aurora Standard I/O price, USD per million requests (us-east-1). */
export const AURORA_STANDARD_IO_USD_PER_MILLION = 0.2;

/** A fixed infrastructure fee: what a resource bills while it exists, whatever its traffic. */
export interface InfraPrice {
  /** USD per `per`, in the cloud's reference region (REFERENCE_REGION). */
  readonly usd: number;
  readonly per: 'hour' | 'month';
  /** true: scaled by the location's price multiplier (priceMultiplier); false: one price in every region. */
  readonly regional: boolean;
  /** The public price page the figure comes from, or the reasoning of a conservative estimate. */
  readonly source: string;
}

/**
 * Fixed fees of the infrastructure the Terraform creates besides nodes and data stores, as published on
 * PRICE_TABLE_DATE. Only the part billed while the resource exists: NAT data processing, load balancer capacity
 * units (NLCU, Application Gateway capacity units above the fixed part), VPN, accelerator and inter-region data
 * transfer depend on traffic and are not included.
 */
export const INFRA_PRICES = Object.freeze({
  // Kubernetes control planes
  eksCluster: { usd: 0.1, per: 'hour', regional: false, source: 'aws.amazon.com/eks/pricing/: $0.10 per cluster-hour (Kubernetes version in standard support)' },
  gkeCluster: { usd: 0.1, per: 'hour', regional: false, source: 'cloud.google.com/kubernetes-engine/pricing: cluster management fee $0.10 per cluster-hour; the free tier credit applies to zonal and Autopilot clusters only, not to regional clusters' },
  aksStandard: { usd: 0.1, per: 'hour', regional: false, source: 'azure.microsoft.com/pricing/details/kubernetes-service/: Standard tier (uptime SLA) $0.10 per cluster-hour' },
  aksFree: { usd: 0, per: 'hour', regional: false, source: 'azure.microsoft.com/pricing/details/kubernetes-service/: Free tier, no cluster management fee' },
  // NAT
  awsNatGateway: { usd: 0.045, per: 'hour', regional: true, source: 'aws.amazon.com/vpc/pricing/: NAT gateway $0.045 per hour in us-east-1 (data processing $0.045/GB not included)' },
  awsPublicIpv4: { usd: 0.005, per: 'hour', regional: false, source: 'aws.amazon.com/vpc/pricing/: public IPv4 address $0.005 per hour, in use or idle (the NAT gateways\' Elastic IPs)' },
  gcpCloudNatPerVm: { usd: 0.0014, per: 'hour', regional: false, source: 'cloud.google.com/nat/pricing: $0.0014 per hour per VM using the gateway, up to 32 VMs (data processing $0.045/GiB not included)' },
  gcpCloudNatCap: { usd: 0.044, per: 'hour', regional: false, source: 'cloud.google.com/nat/pricing: $0.044 per hour for a gateway serving more than 32 VMs' },
  azureNatGateway: { usd: 0.045, per: 'hour', regional: false, source: 'azure.microsoft.com/pricing/details/azure-nat-gateway/: $0.045 per gateway-hour (data processed $0.045/GB not included)' },
  // Load balancers
  awsNlb: { usd: 0.0225, per: 'hour', regional: true, source: 'aws.amazon.com/elasticloadbalancing/pricing/: Network Load Balancer $0.0225 per hour in us-east-1 (NLCU-hours not included)' },
  gcpForwardingRule: { usd: 0.025, per: 'hour', regional: false, source: 'cloud.google.com/load-balancing/pricing: global forwarding rules, $0.025 per hour for the first 5, $0.01 per additional rule; conservative estimate: every rule priced at $0.025 (the first-five rate)' },
  azureApplicationGatewayV2: { usd: 0.246, per: 'hour', regional: true, source: 'azure.microsoft.com/pricing/details/application-gateway/: Standard_v2 fixed price $0.246 per gateway-hour in eastus (approx.: the page renders client-side; capacity units $0.008/CU-hour not included)' },
  // VPN
  awsVpnConnection: { usd: 0.05, per: 'hour', regional: false, source: 'aws.amazon.com/vpn/pricing/: Site-to-Site VPN $0.05 per connection-hour' },
  gcpVpnTunnel: { usd: 0.05, per: 'hour', regional: false, source: 'cloud.google.com/network-connectivity/docs/vpn/pricing: $0.05 per tunnel-hour (approx.: the regional table could not be re-read; $0.05 is the published rate of the reference region)' },
  // Global Accelerator, Route 53
  globalAccelerator: { usd: 0.025, per: 'hour', regional: false, source: 'aws.amazon.com/global-accelerator/pricing/: fixed fee $0.025 per accelerator-hour (DT-Premium per GB not included)' },
  route53HealthCheckAws: { usd: 0.5, per: 'month', regional: false, source: 'aws.amazon.com/route53/pricing/: basic health check of an AWS endpoint $0.50 per month (calculated checks likewise)' },
  route53HealthCheckOther: { usd: 0.75, per: 'month', regional: false, source: 'aws.amazon.com/route53/pricing/: basic health check of a non-AWS endpoint $0.75 per month' },
  route53OptionAws: { usd: 1, per: 'month', regional: false, source: 'aws.amazon.com/route53/pricing/: each optional feature (HTTPS, string matching, fast interval, latency measurement) $1.00 per month for an AWS endpoint' },
  route53OptionOther: { usd: 2, per: 'month', regional: false, source: 'aws.amazon.com/route53/pricing/: each optional feature $2.00 per month for a non-AWS endpoint' },
} as const satisfies Record<string, InfraPrice>);

export type InfraPriceKey = keyof typeof INFRA_PRICES;

/** Request interval (seconds) at and below which Route 53 bills the fast-interval option. */
export const ROUTE53_FAST_INTERVAL_SECONDS = 10;
/** VMs up to which Cloud NAT bills per VM; above, the capped gateway rate. */
export const GCP_CLOUD_NAT_VM_CAP = 32;

/**
 * Azure VPN gateway, USD per gateway-hour by SKU (eastus): azure.microsoft.com/pricing/details/vpn-gateway/
 * (approx.: the page renders client-side). 30 site-to-site tunnels are included in VpnGw2/VpnGw2AZ.
 */
export const AZURE_VPN_GATEWAY_HOURLY_USD: Readonly<Record<string, number>> = Object.freeze({
  VpnGw1AZ: 0.361,
  VpnGw2AZ: 0.563,
  VpnGw3AZ: 1.45,
});

/** Monthly USD of one unit of `key` in `location` (hourly fees x HOURS_PER_MONTH, regional ones x the multiplier). */
export function infraUnitMonthly(key: InfraPriceKey, cloud: Cloud, location: string): number {
  const p: InfraPrice = INFRA_PRICES[key];
  const base = p.per === 'hour' ? p.usd * HOURS_PER_MONTH : p.usd;
  return p.regional ? base * priceMultiplier(cloud, location) : base;
}

/** Hourly USD of an Azure VPN gateway SKU; throws for a SKU the table does not know. */
export function azureVpnGatewayHourly(sku: string, location: string): number {
  const base = AZURE_VPN_GATEWAY_HOURLY_USD[sku];
  if (base === undefined) {
    throw new PlanInvariantError('cost', `No price for Azure VPN gateway SKU '${sku}' in the embedded price table (${PRICE_TABLE_DATE}); add it to synth/catalog/prices.ts`);
  }
  return base * priceMultiplier('azure', location);
}

/**
 * On-demand USD per hour of `type` on `cloud` in `location`: the reference-region list price
 * times the location's price multiplier. Throws for a type the price table does not know.
 */
export function hourlyOnDemand(cloud: Cloud, type: string, location: string): number {
  const base = HOURLY_ON_DEMAND_USD[`${cloud}:${type}`];
  if (base === undefined) {
    throw new PlanInvariantError(
      'cost',
      `No on-demand price for ${cloud} type '${type}' in the embedded price table (${PRICE_TABLE_DATE}); ` +
        `add it to synth/catalog/prices.ts`,
    );
  }
  return base * priceMultiplier(cloud, location);
}
