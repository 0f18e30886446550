/**
 * GCP side of a cross-cloud VPN (the plan's InterconnectPlan).
 *
 * `GcpVpnGateway` (region stack): the HA VPN gateway (two interfaces, two public IPs) and a Cloud Router
 * with the planned ASN that announces exactly the planned ranges (custom advertisement: the network and the
 * Private Service Access range). The Private Service Access peering exports the routes learned over the VPN,
 * so Cloud SQL (in Google's producer network) can answer the primary region.
 *
 * `GcpVpnTunnels` (interconnect stack): the external VPN gateway describing AWS's four tunnel endpoints
 * (FOUR_IPS_REDUNDANCY), one tunnel per AWS tunnel (HA VPN interface = the AWS connection's peer device),
 * and a BGP interface + peer on the Cloud Router per tunnel.
 */
import { Construct } from 'constructs';
import { ComputeExternalVpnGateway } from '@cdktf/provider-google/lib/compute-external-vpn-gateway';
import { ComputeHaVpnGateway } from '@cdktf/provider-google/lib/compute-ha-vpn-gateway';
import { ComputeNetworkPeeringRoutesConfig } from '@cdktf/provider-google/lib/compute-network-peering-routes-config';
import { ComputeRouter } from '@cdktf/provider-google/lib/compute-router';
import { ComputeRouterInterface } from '@cdktf/provider-google/lib/compute-router-interface';
import { ComputeRouterPeer } from '@cdktf/provider-google/lib/compute-router-peer';
import { ComputeVpnTunnel } from '@cdktf/provider-google/lib/compute-vpn-tunnel';
import type { VpnTunnelPlan } from '../../synth/model/index';
import { PlanInvariantError } from '../../synth/util/errors';

/** Peering Google's service networking creates for Private Service Access. */
export const SERVICE_NETWORKING_PEERING = 'servicenetworking-googleapis-com';
export const HA_VPN_INTERFACES = 2;
export const FOUR_IPS_REDUNDANCY = 'FOUR_IPS_REDUNDANCY';
export const GCP_IKE_VERSION = 2;

export interface GcpVpnGatewayProps {
  readonly gatewayName: string;
  readonly routerName: string;
  readonly location: string;
  readonly networkId: string;
  readonly asn: number;
  readonly advertisedRanges: readonly string[];
  /**
   * Network name whose Private Service Access peering exports the VPN's routes (absent: no PSA).
   * @default undefined
   */
  readonly serviceNetworkingNetworkName?: string;
  /**
   * Resources the peering config waits for (the service networking connection).
   * @default []
   */
  readonly dependsOn?: readonly import('cdktf').ITerraformDependable[];
}

export class GcpVpnGateway extends Construct {
  readonly gateway: ComputeHaVpnGateway;
  readonly router: ComputeRouter;

  constructor(scope: Construct, id: string, props: GcpVpnGatewayProps) {
    super(scope, id);
    this.gateway = new ComputeHaVpnGateway(this, 'gateway', { name: props.gatewayName, region: props.location, network: props.networkId, stackType: 'IPV4_ONLY' });
    this.router = new ComputeRouter(this, 'router', {
      name: props.routerName,
      region: props.location,
      network: props.networkId,
      bgp: {
        asn: props.asn,
        advertiseMode: 'CUSTOM',
        advertisedGroups: [],
        advertisedIpRanges: props.advertisedRanges.map((range) => ({ range })),
      },
    });
    if (props.serviceNetworkingNetworkName) {
      new ComputeNetworkPeeringRoutesConfig(this, 'psa-export-routes', {
        network: props.serviceNetworkingNetworkName,
        peering: SERVICE_NETWORKING_PEERING,
        exportCustomRoutes: true,
        importCustomRoutes: false,
        dependsOn: [...(props.dependsOn ?? [])],
      });
    }
  }

  /** Public IP of an HA VPN interface. */
  interfaceIp(device: number): string {
    return this.gateway.vpnInterfaces.get(device).ipAddress;
  }
}

export interface GcpPeerTunnel {
  readonly plan: VpnTunnelPlan;
  /** HA VPN interface the tunnel leaves from (the AWS connection's peer device). */
  readonly device: number;
  readonly awsOutsideIp: string;
  readonly presharedKey: string;
  readonly awsInsideIp: string;
}

export interface GcpVpnTunnelsProps {
  readonly name: string;
  readonly location: string;
  /** Self link / id of the HA VPN gateway. */
  readonly gatewayId: string;
  readonly routerName: string;
  readonly awsAsn: number;
  readonly tunnels: readonly GcpPeerTunnel[];
}

export class GcpVpnTunnels extends Construct {
  readonly tunnels: readonly ComputeVpnTunnel[];

  constructor(scope: Construct, id: string, props: GcpVpnTunnelsProps) {
    super(scope, id);
    if (props.tunnels.length !== 4) throw new PlanInvariantError('regions', `GCP VPN ${props.name}: FOUR_IPS_REDUNDANCY needs 4 AWS tunnels, got ${props.tunnels.length}`);
    const external = new ComputeExternalVpnGateway(this, 'aws-gateway', {
      name: `${props.name}-aws`,
      redundancyType: FOUR_IPS_REDUNDANCY,
      interface: props.tunnels.map((t) => ({ id: t.plan.index, ipAddress: t.awsOutsideIp })),
      description: 'AWS Site-to-Site VPN tunnel endpoints',
    });
    this.tunnels = props.tunnels.map((t) => {
      const prefix = t.plan.insideCidr.split('/')[1];
      const tunnel = new ComputeVpnTunnel(this, `tunnel-${t.plan.index}`, {
        name: t.plan.name,
        region: props.location,
        vpnGateway: props.gatewayId,
        vpnGatewayInterface: t.device,
        peerExternalGateway: external.id,
        peerExternalGatewayInterface: t.plan.index,
        sharedSecret: t.presharedKey,
        router: props.routerName,
        ikeVersion: GCP_IKE_VERSION,
      });
      const iface = new ComputeRouterInterface(this, `interface-${t.plan.index}`, {
        name: `${t.plan.name}-bgp`,
        region: props.location,
        router: props.routerName,
        ipRange: `${t.plan.peerInsideIp}/${prefix}`,
        vpnTunnel: tunnel.name,
      });
      new ComputeRouterPeer(this, `peer-${t.plan.index}`, {
        name: `${t.plan.name}-aws`,
        region: props.location,
        router: props.routerName,
        interface: iface.name,
        peerIpAddress: t.awsInsideIp,
        peerAsn: props.awsAsn,
      });
      return tunnel;
    });
  }
}
