/**
 * Default service quotas the plan can exceed, per region of a new account, with the quota codes that
 * request an increase (AWS Service Quotas: `aws_servicequotas_service_quota`); GCP and Azure below
 * (`CLOUD_QUOTAS`: Cloud Quotas preferences, `az quota create` prerequisites), each with its source.
 *
 * Sources:
 * - RDS "DB instances" (40) and "DB clusters" (40) per region: Amazon RDS User Guide, "Quotas and
 *   constraints for Amazon RDS" (docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html); the
 *   Aurora instances (writers and readers) count against "DB instances".
 * - EC2 "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances" and "All Standard (A, C, D, H, I,
 *   M, R, T, Z) Spot Instance Requests": in vCPUs, EC2 User Guide "Amazon EC2 service quotas"
 *   (docs.aws.amazon.com/ec2/latest/instancetypes/ec2-instance-quotas.html); the default of a new account
 *   as shown by `aws service-quotas get-aws-default-service-quota` is 5 vCPUs each. Reserved instances are a
 *   billing construct: their instances run On-Demand and count against the On-Demand quota.
 * - EKS "Managed node groups per cluster" (30) and "Nodes per managed node group" (450): Amazon EKS User
 *   Guide, "Amazon EKS service quotas" (docs.aws.amazon.com/eks/latest/userguide/service-quotas.html).
 * - "Site-to-Site VPN connections per Region" (50, service code ec2): AWS Site-to-Site VPN User Guide,
 *   "Quotas for your Site-to-Site VPN connection" (docs.aws.amazon.com/vpn/latest/s2svpn/vpn-limits.html).
 * - "Network Load Balancers per Region" (50) and "Listeners per Network Load Balancer" (50): Elastic Load
 *   Balancing, "Quotas for your Network Load Balancers"
 *   (docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-limits.html).
 * - ACM "ACM certificates" (2,500 per region): AWS Certificate Manager User Guide, "Quotas"
 *   (docs.aws.amazon.com/acm/latest/userguide/acm-limits.html).
 */

/** What a quota counts, in the plan's terms (synth/plan/quotas.ts measures each). */
export type QuotaMeasure =
  | 'db-instances'
  | 'db-clusters'
  | 'on-demand-standard-vcpus'
  | 'spot-standard-vcpus'
  | 'node-groups-per-cluster'
  | 'nodes-per-node-group'
  | 'vpn-connections'
  | 'network-load-balancers'
  | 'listeners-per-nlb'
  | 'certificates';

export interface ServiceQuota {
  readonly cloud: 'aws';
  /** Service Quotas service code. */
  readonly serviceCode: string;
  readonly quotaCode: string;
  readonly name: string;
  /** Default value in a new account (per region, or per resource where the name says so). */
  readonly defaultValue: number;
  /** False for a hard limit: no request raises it (the plan must stay under it). */
  readonly adjustable: boolean;
  readonly measure: QuotaMeasure;
  /** Where the default is documented. */
  readonly source: string;
}

const RDS = 'docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html';
const EC2 = 'docs.aws.amazon.com/ec2/latest/instancetypes/ec2-instance-quotas.html';
const EKS = 'docs.aws.amazon.com/eks/latest/userguide/service-quotas.html';
const VPN = 'docs.aws.amazon.com/vpn/latest/s2svpn/vpn-limits.html';
const NLB = 'docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-limits.html';
const ACM = 'docs.aws.amazon.com/acm/latest/userguide/acm-limits.html';

export const AWS_QUOTAS: readonly ServiceQuota[] = [
  { cloud: 'aws', serviceCode: 'rds', quotaCode: 'L-7B6409FD', name: 'DB instances', defaultValue: 40, adjustable: true, measure: 'db-instances', source: RDS },
  { cloud: 'aws', serviceCode: 'rds', quotaCode: 'L-952B80B8', name: 'DB clusters', defaultValue: 40, adjustable: true, measure: 'db-clusters', source: RDS },
  { cloud: 'aws', serviceCode: 'ec2', quotaCode: 'L-1216C47A', name: 'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances (vCPUs)', defaultValue: 5, adjustable: true, measure: 'on-demand-standard-vcpus', source: EC2 },
  { cloud: 'aws', serviceCode: 'ec2', quotaCode: 'L-34B43A08', name: 'All Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests (vCPUs)', defaultValue: 5, adjustable: true, measure: 'spot-standard-vcpus', source: EC2 },
  { cloud: 'aws', serviceCode: 'eks', quotaCode: 'L-6D54EA21', name: 'Managed node groups per cluster', defaultValue: 30, adjustable: true, measure: 'node-groups-per-cluster', source: EKS },
  { cloud: 'aws', serviceCode: 'eks', quotaCode: 'L-BD136A63', name: 'Nodes per managed node group', defaultValue: 450, adjustable: true, measure: 'nodes-per-node-group', source: EKS },
  { cloud: 'aws', serviceCode: 'ec2', quotaCode: 'L-3E6EC3A3', name: 'Site-to-Site VPN connections per Region', defaultValue: 50, adjustable: true, measure: 'vpn-connections', source: VPN },
  { cloud: 'aws', serviceCode: 'elasticloadbalancing', quotaCode: 'L-69A177A2', name: 'Network Load Balancers per Region', defaultValue: 50, adjustable: true, measure: 'network-load-balancers', source: NLB },
  { cloud: 'aws', serviceCode: 'elasticloadbalancing', quotaCode: 'L-57A373D6', name: 'Listeners per Network Load Balancer', defaultValue: 50, adjustable: false, measure: 'listeners-per-nlb', source: NLB },
  { cloud: 'aws', serviceCode: 'acm', quotaCode: 'L-F141DD1D', name: 'ACM certificates', defaultValue: 2500, adjustable: true, measure: 'certificates', source: ACM },
];

/**
 * EC2 instance families counted by the "Standard" vCPU quotas (A, C, D, H, I, M, R, T, Z): an instance type
 * of another family (G, P, X, F, Inf, DL, Trn, HPC ...) has a quota of its own that this catalog does not list.
 */
export const STANDARD_FAMILY_PREFIXES: readonly string[] = ['a', 'c', 'd', 'h', 'i', 'm', 'r', 't', 'z'];

/** True when an EC2 instance type (`m6i.8xlarge`) counts against the Standard vCPU quotas. */
export function isStandardFamily(instanceType: string): boolean {
  const family = instanceType.split('.')[0] ?? '';
  return /^[a-z]/.test(family) && STANDARD_FAMILY_PREFIXES.includes(family[0]) && !/^(dl|inf|hpc|trn)/.test(family);
}

// ---------------------------------------------------------------------------------------------
// GCP and Azure
// ---------------------------------------------------------------------------------------------

/**
 * What a GCP or Azure quota counts, in the plan's terms (synth/plan/quotas.ts measures each). Node pools count
 * at their max (the autoscaler's ceiling), spot pools included where the quota counts them.
 */
export type CloudQuotaMeasure =
  /** GCP: vCPUs of every node pool of the region (Spot VMs draw on CPUS unless the project has preemptible quota: a new one has none). */
  | 'gcp-region-vcpus'
  /** GCP: vCPUs of the region's N2 node pools (N2 machine types count against N2_CPUS as well as CPUS). */
  | 'gcp-n2-vcpus'
  /** GCP: vCPUs of every node pool of every GCP region of the same project. */
  | 'gcp-project-vcpus'
  /** GCP: Cloud SQL instances (primaries and read replicas) of every GCP region of the same project. */
  | 'gcp-sql-instances'
  /** Azure: vCPUs of the region's regular-priority (non-spot) node pools. */
  | 'azure-region-vcpus'
  /** Azure: vCPUs of the region's regular-priority Dsv5 node pools (Standard_D*s_v5). */
  | 'azure-dsv5-vcpus'
  /** Azure: vCPUs of the region's spot node pools. */
  | 'azure-spot-vcpus'
  /**
   * Azure: vCores of the region's PostgreSQL flexible servers: every writer twice (zone-redundant high
   * availability provisions a standby of the same SKU) plus every read replica.
   */
  | 'azure-postgres-vcores'
  /** GCP: GB provisioned by the region's Memorystore for Redis instances (their memory size). */
  | 'gcp-redis-capacity-gb';

export interface CloudQuota {
  readonly cloud: 'gcp' | 'azure';
  /** GCP: the service (`compute.googleapis.com`); Azure: the resource provider (`Microsoft.Compute`). */
  readonly serviceCode: string;
  /** GCP: the Cloud Quotas quota id (`CPUS-per-project-region`); Azure: the quota's resource name (`cores`). */
  readonly quotaCode: string;
  readonly name: string;
  /**
   * The default of a new project / subscription; undefined when the cloud publishes none (Azure Database for
   * PostgreSQL flexible server): then every region that uses the quota lists it as a prerequisite to check.
   */
  readonly defaultValue?: number;
  /** `region`: per project / subscription and region; `project`: per GCP project (all regions). */
  readonly scope: 'region' | 'project';
  /**
   * How an increase is requested. `google_cloud_quotas_quota_preference`: by the region stack (google 6.50);
   * `az quota create`: a one-time prerequisite (azurerm 4.55 has no quota resource), the exact command in the
   * region's README and in report.md; `support case`: no API raises it; `cloud console`: the Quotas page of
   * the Google Cloud console (the quota has no Cloud Quotas id this catalog can name).
   */
  readonly mechanism: 'google_cloud_quotas_quota_preference' | 'az quota create' | 'support case' | 'cloud console';
  /** Azure: `az quota create --resource-type` (`dedicated` regular-priority vCPUs, `lowPriority` spot vCPUs). */
  readonly resourceType?: 'dedicated' | 'lowPriority';
  readonly measure: CloudQuotaMeasure;
  readonly source: string;
}

const GCE_QUOTAS = 'cloud.google.com/compute/resource-usage (allocation quotas: CPUS per region, N2_CPUS per region, CPUS_ALL_REGIONS); defaults vary by project, the figure is that of a new paid project';
const SQL_LIMITS = 'cloud.google.com/sql/docs/postgres/quotas ("Instances per project": 1000 by default, raised by a support case)';
const AZURE_VCPU = 'learn.microsoft.com/azure/quotas/regional-quota-requests and per-vm-quota-requests (Total Regional vCPUs and per VM-family vCPUs, per subscription and region); defaults vary by offer, the figure is pay-as-you-go (Enterprise Agreement: 350)';
const AZURE_SPOT = 'learn.microsoft.com/azure/quotas/spot-quota (Total Regional Low-priority vCPUs, per subscription and region); the figure is pay-as-you-go';

const AZURE_POSTGRES = 'learn.microsoft.com/azure/postgresql/configure-maintain/how-to-request-quota-increase (quotas per subscription and region, raised by a support request: Service and subscription limits (quotas), quota type Azure Database for PostgreSQL flexible server; no default figure is published) and learn.microsoft.com/rest/api/postgresql/quota-usages/list (the usages: `cores` and per SKU family, e.g. standardEDSv5Family)';
const REDIS_QUOTAS = 'cloud.google.com/memorystore/docs/redis/quotas ("Regional capacity quota": 1 TB of Redis capacity per project and region; raised on the Quotas page: Memorystore for Redis API, Total Redis capacity (GB))';

export const CLOUD_QUOTAS: readonly CloudQuota[] = [
  { cloud: 'gcp', serviceCode: 'compute.googleapis.com', quotaCode: 'CPUS-per-project-region', name: 'CPUs (per region)', defaultValue: 24, scope: 'region', mechanism: 'google_cloud_quotas_quota_preference', measure: 'gcp-region-vcpus', source: GCE_QUOTAS },
  { cloud: 'gcp', serviceCode: 'compute.googleapis.com', quotaCode: 'N2-CPUS-per-project-region', name: 'N2 CPUs (per region)', defaultValue: 24, scope: 'region', mechanism: 'google_cloud_quotas_quota_preference', measure: 'gcp-n2-vcpus', source: GCE_QUOTAS },
  { cloud: 'gcp', serviceCode: 'compute.googleapis.com', quotaCode: 'CPUS-ALL-REGIONS-per-project', name: 'CPUs (all regions)', defaultValue: 32, scope: 'project', mechanism: 'google_cloud_quotas_quota_preference', measure: 'gcp-project-vcpus', source: GCE_QUOTAS },
  { cloud: 'gcp', serviceCode: 'sqladmin.googleapis.com', quotaCode: 'instances-per-project', name: 'Cloud SQL instances per project', defaultValue: 1000, scope: 'project', mechanism: 'support case', measure: 'gcp-sql-instances', source: SQL_LIMITS },
  { cloud: 'azure', serviceCode: 'Microsoft.Compute', quotaCode: 'cores', name: 'Total Regional vCPUs', defaultValue: 20, scope: 'region', mechanism: 'az quota create', resourceType: 'dedicated', measure: 'azure-region-vcpus', source: AZURE_VCPU },
  { cloud: 'azure', serviceCode: 'Microsoft.Compute', quotaCode: 'standardDSv5Family', name: 'Standard DSv5 Family vCPUs', defaultValue: 20, scope: 'region', mechanism: 'az quota create', resourceType: 'dedicated', measure: 'azure-dsv5-vcpus', source: AZURE_VCPU },
  { cloud: 'gcp', serviceCode: 'redis.googleapis.com', quotaCode: 'Total Redis capacity (GB)', name: 'Memorystore for Redis capacity (GB per region)', defaultValue: 1000, scope: 'region', mechanism: 'cloud console', measure: 'gcp-redis-capacity-gb', source: REDIS_QUOTAS },
  { cloud: 'azure', serviceCode: 'Microsoft.DBforPostgreSQL', quotaCode: 'cores', name: 'Azure Database for PostgreSQL flexible server vCores', scope: 'region', mechanism: 'support case', measure: 'azure-postgres-vcores', source: AZURE_POSTGRES },
  { cloud: 'azure', serviceCode: 'Microsoft.Compute', quotaCode: 'lowPriorityCores', name: 'Total Regional Low-priority vCPUs', defaultValue: 20, scope: 'region', mechanism: 'az quota create', resourceType: 'lowPriority', measure: 'azure-spot-vcpus', source: AZURE_SPOT },
];

/** True for a GCP N2 machine type (`n2-standard-32`; not N2D). */
export function isGcpN2(machineType: string): boolean {
  return /^n2-/.test(machineType);
}
/** True for an Azure Dsv5 size (`Standard_D32s_v5`; not Ddsv5, Dasv5 or Dlsv5). */
export function isAzureDsv5(size: string): boolean {
  return /^Standard_D\d+s_v5$/.test(size);
}
