/**
 * Region CIDR layout, shared by the validator (which checks that a region block can hold it) and the
 * planner (which carves it). The lower half of the block is the network (VPC / VNet) with
 * /(prefix + SUBNET_PREFIX_DELTA) slots for the public, private and data subnet of every zone; the upper
 * half holds the cluster's pod range (a quarter: GKE secondary range, AKS overlay), its service range
 * (a sixteenth: EKS, AKS, GKE) and on GCP the Private Service Access range (Cloud SQL, Memorystore),
 * outside the network as EKS, AKS and GKE require. Nothing overlaps within or across regions.
 */
import type { Cloud, Subnet } from '../model/index';
import { formatCidr, formatIp, subnet, type Cidr } from '../util/net';

export const SUBNET_PREFIX_DELTA = 5;
/** Subnet slots in the network half. */
export const SUBNET_SLOTS = 2 ** (SUBNET_PREFIX_DELTA - 1);
/** Smallest region network: its subnets are then /25 (AWS needs at least /28). */
export const MAX_REGION_PREFIX = 20;
export const SUBNET_KINDS = ['public', 'private', 'data'] as const;

export interface RegionLayout {
  readonly networkCidr: string;
  readonly subnets: Subnet[];
  readonly podCidr: string;
  readonly serviceCidr: string;
  readonly dnsServiceIp: string;
  /** GCP only: the Private Service Access range of the managed data stores. */
  readonly serviceNetworkingCidr?: string;
  /** Where the region's data stores live: the data subnets (plus the PSA range on GCP). */
  readonly dataCidrs: string[];
}

export function regionLayout(rid: string, cloud: Cloud, net: Cidr, zones: readonly string[], dnsServiceHost: number): RegionLayout {
  const subnets: Subnet[] = SUBNET_KINDS.flatMap((kind, k) =>
    zones.map((zone, z) => ({ zone, kind, cidr: formatCidr(subnet(net, net.prefix + SUBNET_PREFIX_DELTA, k * zones.length + z)), name: `${rid}-${kind}-${z}` })),
  );
  const serviceNetworkingCidr = cloud === 'gcp' ? formatCidr(subnet(net, net.prefix + 4, 13)) : undefined;
  const serviceRange = subnet(net, net.prefix + 4, 12);
  return {
    networkCidr: formatCidr(subnet(net, net.prefix + 1, 0)),
    subnets,
    podCidr: formatCidr(subnet(net, net.prefix + 2, 2)),
    serviceCidr: formatCidr(serviceRange),
    dnsServiceIp: formatIp(serviceRange.base + dnsServiceHost),
    ...(serviceNetworkingCidr ? { serviceNetworkingCidr } : {}),
    dataCidrs: [...subnets.filter((s) => s.kind === 'data').map((s) => s.cidr), ...(serviceNetworkingCidr ? [serviceNetworkingCidr] : [])],
  };
}
