/**
 * Default service quotas the plan can exceed, per region of a new account, with the quota codes that
 * request an increase (AWS Service Quotas: `aws_servicequotas_service_quota`).
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
