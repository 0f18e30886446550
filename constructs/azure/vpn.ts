/**
 * Azure side of a cross-cloud VPN (the plan's InterconnectPlan).
 *
 * `AzureVpnGateway` (region stack): the `GatewaySubnet` (planned, inside the VNet), one zone-redundant
 * Standard public IP per gateway instance, and an active-active, route-based VPN gateway with BGP (planned
 * ASN, the planned APIPA addresses per instance). The gateway announces the VNet address space: the plan's
 * `peer.advertisedRanges`.
 *
 * `AzureVpnConnections` (interconnect stack): one local network gateway per AWS tunnel (AWS's public
 * endpoint, AWS's ASN and BGP address) and one IPsec connection each (IKEv2, BGP, AWS's generated
 * pre-shared key, the planned custom APIPA addresses).
 */
import { Construct } from 'constructs';
import { LocalNetworkGateway } from '@cdktf/provider-azurerm/lib/local-network-gateway';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { VirtualNetworkGateway } from '@cdktf/provider-azurerm/lib/virtual-network-gateway';
import { VirtualNetworkGatewayConnection } from '@cdktf/provider-azurerm/lib/virtual-network-gateway-connection';
import type { VpnTunnelPlan } from '../../synth/model/index';
import { withDefaults } from '../terraform/util';
import { PlanInvariantError } from '../../synth/util/errors';

export interface AzureVpnGatewayProps {
  readonly name: string;
  readonly location: string;
  readonly resourceGroupName: string;
  readonly vnetName: string;
  readonly zones: readonly string[];
  readonly gatewaySubnetName: string;
  readonly gatewaySubnetCidr: string;
  readonly sku: string;
  readonly asn: number;
  /** APIPA BGP addresses per gateway instance (one public IP and ip configuration each). */
  readonly instanceBgpAddresses: readonly (readonly string[])[];
  /**
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

export class AzureVpnGateway extends Construct {
  readonly gateway: VirtualNetworkGateway;
  readonly publicIps: readonly PublicIp[];

  constructor(scope: Construct, id: string, props: AzureVpnGatewayProps) {
    super(scope, id);
    const p = withDefaults({ tags: {} as Readonly<Record<string, string>> }, props);
    const subnet = new Subnet(this, 'subnet', {
      name: p.gatewaySubnetName,
      resourceGroupName: p.resourceGroupName,
      virtualNetworkName: p.vnetName,
      addressPrefixes: [p.gatewaySubnetCidr],
    });
    this.publicIps = p.instanceBgpAddresses.map(
      (_, i) =>
        new PublicIp(this, `ip-${i}`, {
          name: `${p.name}-${i}`,
          location: p.location,
          resourceGroupName: p.resourceGroupName,
          allocationMethod: 'Static',
          sku: 'Standard',
          zones: [...p.zones],
          tags: { ...p.tags },
        }),
    );
    const configName = (i: number) => `instance-${i}`;
    this.gateway = new VirtualNetworkGateway(this, 'gateway', {
      name: p.name,
      location: p.location,
      resourceGroupName: p.resourceGroupName,
      type: 'Vpn',
      vpnType: 'RouteBased',
      sku: p.sku,
      generation: 'Generation2',
      activeActive: true,
      enableBgp: true,
      ipConfiguration: this.publicIps.map((ip, i) => ({
        name: configName(i),
        publicIpAddressId: ip.id,
        subnetId: subnet.id,
        privateIpAddressAllocation: 'Dynamic',
      })),
      bgpSettings: {
        asn: p.asn,
        peeringAddresses: p.instanceBgpAddresses.map((apipa, i) => ({ ipConfigurationName: configName(i), apipaAddresses: [...apipa] })),
      },
      tags: { ...p.tags },
    });
  }
}

export interface AzurePeerTunnel {
  readonly plan: VpnTunnelPlan;
  readonly awsOutsideIp: string;
  readonly presharedKey: string;
  readonly awsInsideIp: string;
}

export interface AzureVpnConnectionsProps {
  readonly location: string;
  readonly resourceGroupName: string;
  readonly gatewayId: string;
  readonly awsAsn: number;
  readonly tunnels: readonly AzurePeerTunnel[];
  /**
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

export const AZURE_CONNECTION_PROTOCOL = 'IKEv2';

export class AzureVpnConnections extends Construct {
  readonly connections: readonly VirtualNetworkGatewayConnection[];

  constructor(scope: Construct, id: string, props: AzureVpnConnectionsProps) {
    super(scope, id);
    const tags = { ...(props.tags ?? {}) };
    this.connections = props.tunnels.map((t) => {
      if (!t.plan.azureBgpAddresses) throw new PlanInvariantError('regions', `Azure VPN tunnel ${t.plan.name}: the plan gives no APIPA addresses`);
      const local = new LocalNetworkGateway(this, `aws-${t.plan.index}`, {
        name: `${t.plan.name}-aws`,
        location: props.location,
        resourceGroupName: props.resourceGroupName,
        gatewayAddress: t.awsOutsideIp,
        bgpSettings: { asn: props.awsAsn, bgpPeeringAddress: t.awsInsideIp },
        tags,
      });
      return new VirtualNetworkGatewayConnection(this, `connection-${t.plan.index}`, {
        name: t.plan.name,
        location: props.location,
        resourceGroupName: props.resourceGroupName,
        type: 'IPsec',
        virtualNetworkGatewayId: props.gatewayId,
        localNetworkGatewayId: local.id,
        sharedKey: t.presharedKey,
        enableBgp: true,
        connectionProtocol: AZURE_CONNECTION_PROTOCOL,
        customBgpAddresses: { primary: t.plan.azureBgpAddresses.primary, secondary: t.plan.azureBgpAddresses.secondary },
        tags,
      });
    });
  }
}
