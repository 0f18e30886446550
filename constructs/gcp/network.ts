/**
 * GCP network of a failover region: a custom-mode VPC (no auto subnets), one subnetwork per planned
 * subnet (private Google access, flow logs), a Cloud Router with Cloud NAT for the private subnets,
 * and firewall rules: deny all ingress by default (lowest priority, logged), allow traffic from
 * inside the region's CIDR.
 *
 * `PrivateServiceAccess` peers the network with Google's service producers (Cloud SQL, Memorystore)
 * over an allocated internal range, so they get private IPs only.
 */
import { Construct } from 'constructs';
import { ComputeFirewall } from '@cdktf/provider-google/lib/compute-firewall';
import { ComputeGlobalAddress } from '@cdktf/provider-google/lib/compute-global-address';
import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { ComputeRouter } from '@cdktf/provider-google/lib/compute-router';
import { ComputeRouterNat } from '@cdktf/provider-google/lib/compute-router-nat';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import { ServiceNetworkingConnection } from '@cdktf/provider-google/lib/service-networking-connection';
import type { Subnet } from '../../synth/model/index';
import { withDefaults } from '../terraform/util';

export interface GcpNetworkProps {
  /** Network name (also the prefix of router, NAT and firewall names). */
  readonly name: string;
  /** GCP region, e.g. `us-central1`. */
  readonly location: string;
  readonly cidr: string;
  readonly subnets: readonly Subnet[];
  /**
   * Secondary ranges for GKE on the cluster's node subnet (VPC-native pods and services).
   * @default none
   */
  readonly clusterRanges?: { readonly subnet: string; readonly pods: string; readonly services: string };
  /**
   * Flow log sampling rate (0..1].
   * @default FLOW_LOG_SAMPLING (0.5)
   */
  readonly flowLogSampling?: number;
  /**
   * Flow log aggregation interval.
   * @default FLOW_LOG_INTERVAL ('INTERVAL_5_SEC')
   */
  readonly flowLogInterval?: string;
  /**
   * Cloud NAT log filter.
   * @default NAT_LOG_FILTER ('ERRORS_ONLY')
   */
  readonly natLogFilter?: string;
}

/** Names of the secondary ranges GKE uses for pods and services. */
export const GKE_POD_RANGE = 'pods';
export const GKE_SERVICE_RANGE = 'services';
export const FLOW_LOG_SAMPLING = 0.5;
export const FLOW_LOG_INTERVAL = 'INTERVAL_5_SEC';
export const NAT_LOG_FILTER = 'ERRORS_ONLY';
/** Lowest priority GCP allows for a rule a user creates (65535 is the implied rules'). */
export const DENY_ALL_PRIORITY = 65534;
export const ALLOW_INTERNAL_PRIORITY = 1000;

const GCP_NETWORK_DEFAULTS = {
  flowLogSampling: FLOW_LOG_SAMPLING,
  flowLogInterval: FLOW_LOG_INTERVAL,
  natLogFilter: NAT_LOG_FILTER,
};

export class GcpNetwork extends Construct {
  readonly network: ComputeNetwork;
  readonly subnetworks: ReadonlyMap<string, ComputeSubnetwork>;

  constructor(scope: Construct, id: string, props: GcpNetworkProps) {
    super(scope, id);
    const p = withDefaults(GCP_NETWORK_DEFAULTS, props);

    this.network = new ComputeNetwork(this, 'network', {
      name: p.name,
      autoCreateSubnetworks: false,
      routingMode: 'REGIONAL',
      deleteDefaultRoutesOnCreate: false,
    });

    const subnetworks = new Map<string, ComputeSubnetwork>();
    for (const s of p.subnets) {
      subnetworks.set(
        s.name,
        new ComputeSubnetwork(this, `subnet-${s.name}`, {
          name: s.name,
          network: this.network.id,
          region: p.location,
          ipCidrRange: s.cidr,
          privateIpGoogleAccess: true,
          description: `${s.kind} subnet (${s.zone})`,
          logConfig: { aggregationInterval: p.flowLogInterval, flowSampling: p.flowLogSampling, metadata: 'INCLUDE_ALL_METADATA' },
          ...(p.clusterRanges?.subnet === s.name
            ? {
                secondaryIpRange: [
                  { rangeName: GKE_POD_RANGE, ipCidrRange: p.clusterRanges.pods },
                  { rangeName: GKE_SERVICE_RANGE, ipCidrRange: p.clusterRanges.services },
                ],
              }
            : {}),
        }),
      );
    }
    this.subnetworks = subnetworks;

    const router = new ComputeRouter(this, 'router', { name: `${p.name}-router`, network: this.network.id, region: p.location });
    new ComputeRouterNat(this, 'nat', {
      name: `${p.name}-nat`,
      router: router.name,
      region: p.location,
      natIpAllocateOption: 'AUTO_ONLY',
      sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS',
      subnetwork: p.subnets
        .filter((s) => s.kind === 'private')
        .map((s) => ({ name: subnetworks.get(s.name)!.id, sourceIpRangesToNat: ['ALL_IP_RANGES'] })),
      logConfig: { enable: true, filter: p.natLogFilter },
    });

    new ComputeFirewall(this, 'deny-all-ingress', {
      name: `${p.name}-deny-all-ingress`,
      network: this.network.id,
      direction: 'INGRESS',
      priority: DENY_ALL_PRIORITY,
      sourceRanges: ['0.0.0.0/0'],
      deny: [{ protocol: 'all' }],
      logConfig: { metadata: 'INCLUDE_ALL_METADATA' },
      description: 'Default: no ingress',
    });
    new ComputeFirewall(this, 'allow-internal', {
      name: `${p.name}-allow-internal`,
      network: this.network.id,
      direction: 'INGRESS',
      priority: ALLOW_INTERNAL_PRIORITY,
      sourceRanges: [p.cidr],
      allow: [{ protocol: 'tcp' }, { protocol: 'udp' }, { protocol: 'icmp' }],
      logConfig: { metadata: 'INCLUDE_ALL_METADATA' },
      description: 'Traffic inside the region network',
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Private Service Access

export interface PrivateServiceAccessProps {
  /** Name of the allocated range. */
  readonly name: string;
  readonly networkId: string;
  /** The planned range (RegionPlan.serviceNetworkingCidr): Cloud SQL and Memorystore take their addresses from it. */
  readonly cidr: string;
}

export const SERVICE_NETWORKING_API = 'servicenetworking.googleapis.com';

export class PrivateServiceAccess extends Construct {
  readonly range: ComputeGlobalAddress;
  readonly connection: ServiceNetworkingConnection;

  constructor(scope: Construct, id: string, props: PrivateServiceAccessProps) {
    super(scope, id);
    const p = props;
    const [address, prefixLength] = p.cidr.split('/');
    this.range = new ComputeGlobalAddress(this, 'range', {
      name: p.name,
      purpose: 'VPC_PEERING',
      addressType: 'INTERNAL',
      address,
      prefixLength: Number(prefixLength),
      network: p.networkId,
      description: 'Private Service Access (Cloud SQL, Memorystore)',
    });
    this.connection = new ServiceNetworkingConnection(this, 'connection', {
      network: p.networkId,
      service: SERVICE_NETWORKING_API,
      reservedPeeringRanges: [this.range.name],
    });
  }
}
