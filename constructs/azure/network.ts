/**
 * Azure network of a failover region: a resource group, a virtual network with one subnet per
 * planned subnet, a network security group per subnet kind (least privilege: explicit deny of all
 * other inbound traffic), and one NAT gateway per zone (zonal Standard public IP) serving that
 * zone's private subnet.
 *
 * Inbound rules: public subnets: Azure load balancer probes only; private subnets: the region's
 * CIDR, Azure load balancer probes, and the public services' ports from the internet; data subnets:
 * the data store ports from the private subnets, and from the data subnets themselves (a data store's
 * own replication: PostgreSQL HA standby and read replicas stream on the PostgreSQL port inside
 * their subnet).
 *
 * `delegations` hand a subnet to one Azure service (e.g. PostgreSQL flexible servers): a delegated
 * subnet holds that service's resources only.
 */
import { Construct } from 'constructs';
import { NatGateway } from '@cdktf/provider-azurerm/lib/nat-gateway';
import { NatGatewayPublicIpAssociation } from '@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association';
import { NetworkSecurityGroup, type NetworkSecurityGroupSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-group';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { Subnet as AzSubnet } from '@cdktf/provider-azurerm/lib/subnet';
import { SubnetNatGatewayAssociation } from '@cdktf/provider-azurerm/lib/subnet-nat-gateway-association';
import { SubnetNetworkSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/subnet-network-security-group-association';
import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import type { Subnet } from '../../synth/model/index';
import { sortedUnique, withDefaults } from '../terraform/util';
import { PlanInvariantError } from '../../synth/util/errors';

export type SubnetKind = Subnet['kind'];

export interface AzureNetworkProps {
  /** Prefix of every name (resource group, vnet, NSGs, NAT gateways). */
  readonly name: string;
  /** Azure region, e.g. `westeurope`. */
  readonly location: string;
  /** The region's whole block (pods included): traffic inside it is the region's own. */
  readonly cidr: string;
  /** Address space of the virtual network (the plan's networkCidr). */
  readonly networkCidr: string;
  readonly zones: readonly string[];
  readonly subnets: readonly Subnet[];
  /** Ports of the public services (their load balancer listeners), open to the internet. */
  readonly publicPorts: readonly number[];
  /** Ports of the data stores, open from the private subnets to the data subnets. */
  readonly dataPorts: readonly number[];
  /**
   * Tags of every resource.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * NAT gateway idle timeout in minutes.
   * @default NAT_IDLE_TIMEOUT_MINUTES (4)
   */
  readonly natIdleTimeoutMinutes?: number;
  /**
   * Subnets delegated to an Azure service.
   * @default []
   */
  readonly delegations?: readonly SubnetDelegation[];
  /**
   * Networks of another cloud (over the VPN) allowed to the data store ports of the data subnets: the
   * replication feeds writing into the standbys.
   * @default []
   */
  readonly peerDataSources?: readonly string[];
  /**
   * Listener ports of an Application Gateway v2 in the public subnets: open from the internet there, with the
   * GatewayManager ports (65200-65535) v2 requires.
   * @default [] (no gateway)
   */
  readonly gatewayPorts?: readonly number[];
}

/** A planned subnet handed to one Azure service (it can then hold nothing else). */
export interface SubnetDelegation {
  /** Planned subnet name. */
  readonly subnet: string;
  /** Service, e.g. `Microsoft.DBforPostgreSQL/flexibleServers`. */
  readonly service: string;
  readonly actions: readonly string[];
  /** Service endpoints the delegated service needs from the subnet (e.g. `Microsoft.Storage`). */
  readonly serviceEndpoints?: readonly string[];
}

export const NAT_IDLE_TIMEOUT_MINUTES = 4;
/** Lowest custom rule priority: the explicit deny sits just above Azure's default rules. */
export const DENY_ALL_PRIORITY = 4096;

const AZURE_NETWORK_DEFAULTS = {
  tags: {} as Readonly<Record<string, string>>,
  natIdleTimeoutMinutes: NAT_IDLE_TIMEOUT_MINUTES,
  delegations: [] as readonly SubnetDelegation[],
  gatewayPorts: [] as readonly number[],
};

interface RuleSpec {
  readonly name: string;
  readonly priority: number;
  readonly access: 'Allow' | 'Deny';
  readonly protocol: 'Tcp' | '*';
  readonly sources: readonly string[];
  readonly ports: readonly (number | string)[]; // a port, a range ('65200-65535') or '*'
  readonly description: string;
}

/**
 * An inbound rule with every field set: `security_rule` is an attribute-as-block, which Terraform
 * JSON needs complete (singular and plural forms: the unused one empty).
 */
function inboundRule(r: RuleSpec): NetworkSecurityGroupSecurityRule {
  const oneSource = r.sources.length === 1;
  const onePort = r.ports.length === 1;
  return {
    name: r.name,
    priority: r.priority,
    direction: 'Inbound',
    access: r.access,
    protocol: r.protocol,
    description: r.description,
    sourcePortRange: '*',
    sourcePortRanges: [],
    sourceAddressPrefix: oneSource ? r.sources[0] : '',
    sourceAddressPrefixes: oneSource ? [] : [...r.sources],
    destinationAddressPrefix: '*',
    destinationAddressPrefixes: [],
    destinationPortRange: onePort ? String(r.ports[0]) : '',
    destinationPortRanges: onePort ? [] : r.ports.map(String),
    sourceApplicationSecurityGroupIds: [],
    destinationApplicationSecurityGroupIds: [],
  };
}

export class AzureNetwork extends Construct {
  readonly resourceGroup: ResourceGroup;
  readonly vnet: VirtualNetwork;
  readonly subnets: ReadonlyMap<string, AzSubnet>;
  readonly securityGroups: Readonly<Record<SubnetKind, NetworkSecurityGroup>>;
  /** NAT gateway association per subnet name (a cluster with `userAssignedNATGateway` outbound waits for its subnet's). */
  readonly natAssociations: ReadonlyMap<string, SubnetNatGatewayAssociation>;
  private readonly natAssociationsBySubnet = new Map<string, SubnetNatGatewayAssociation>();

  constructor(scope: Construct, id: string, props: AzureNetworkProps) {
    super(scope, id);
    this.natAssociations = this.natAssociationsBySubnet;
    const p = withDefaults(AZURE_NETWORK_DEFAULTS, props);
    const common = { location: p.location, tags: { ...p.tags } };

    this.resourceGroup = new ResourceGroup(this, 'rg', { name: `${p.name}-network`, ...common });
    const rg = this.resourceGroup.name;
    this.vnet = new VirtualNetwork(this, 'vnet', { name: p.name, resourceGroupName: rg, addressSpace: [p.networkCidr], ...common });

    for (const d of p.delegations) {
      if (!p.subnets.some((s) => s.name === d.subnet)) throw new PlanInvariantError('regions', `Azure network ${p.name}: delegation of unknown subnet ${d.subnet}`);
    }
    const subnets = new Map<string, AzSubnet>();
    for (const s of p.subnets) {
      const delegations = p.delegations.filter((d) => d.subnet === s.name);
      if (delegations.length > 1) throw new PlanInvariantError('regions', `Azure network ${p.name}: subnet ${s.name} is delegated twice`);
      const delegation = delegations[0];
      subnets.set(
        s.name,
        new AzSubnet(this, `subnet-${s.name}`, {
          name: s.name,
          resourceGroupName: rg,
          virtualNetworkName: this.vnet.name,
          addressPrefixes: [s.cidr],
          defaultOutboundAccessEnabled: false,
          ...(delegation
            ? {
                delegation: [{ name: delegation.service.replace(/[^A-Za-z0-9]/g, '-'), serviceDelegation: { name: delegation.service, actions: [...delegation.actions] } }],
                serviceEndpoints: delegation.serviceEndpoints ? [...delegation.serviceEndpoints] : undefined,
              }
            : {}),
        }),
      );
    }
    this.subnets = subnets;

    const privateCidrs = p.subnets.filter((s) => s.kind === 'private').map((s) => s.cidr);
    const dataCidrs = p.subnets.filter((s) => s.kind === 'data').map((s) => s.cidr);
    const denyAll: RuleSpec = { name: 'deny-all-inbound', priority: DENY_ALL_PRIORITY, access: 'Deny', protocol: '*', sources: ['*'], ports: ['*'], description: 'Nothing else' };
    const lbProbes: RuleSpec = { name: 'allow-azure-lb', priority: 110, access: 'Allow', protocol: '*', sources: ['AzureLoadBalancer'], ports: ['*'], description: 'Azure load balancer health probes' };
    const rules: Record<SubnetKind, RuleSpec[]> = {
      public: [
        lbProbes,
        ...(p.gatewayPorts.length > 0
          ? [
              { name: 'allow-gateway-manager', priority: 100, access: 'Allow', protocol: 'Tcp', sources: ['GatewayManager'], ports: ['65200-65535'], description: 'Application Gateway v2 infrastructure' } as RuleSpec,
              { name: 'allow-gateway-listeners', priority: 120, access: 'Allow', protocol: 'Tcp', sources: ['Internet'], ports: sortedUnique(p.gatewayPorts), description: 'Public services (Application Gateway listeners)' } as RuleSpec,
            ]
          : []),
        denyAll,
      ],
      private: [
        { name: 'allow-region', priority: 100, access: 'Allow', protocol: '*', sources: [p.cidr], ports: ['*'], description: 'Inside the region network' },
        lbProbes,
        ...(p.publicPorts.length > 0
          ? [{ name: 'allow-public-services', priority: 120, access: 'Allow', protocol: 'Tcp', sources: ['Internet'], ports: sortedUnique(p.publicPorts), description: 'Public services behind the load balancer' } as RuleSpec]
          : []),
        denyAll,
      ],
      data: [
        ...(p.dataPorts.length > 0 && privateCidrs.length > 0
          ? [{ name: 'allow-data-from-private', priority: 100, access: 'Allow', protocol: 'Tcp', sources: privateCidrs, ports: sortedUnique(p.dataPorts), description: 'Data stores from the workloads' } as RuleSpec]
          : []),
        ...(p.dataPorts.length > 0 && dataCidrs.length > 0
          ? [{ name: 'allow-data-replication', priority: 105, access: 'Allow', protocol: 'Tcp', sources: dataCidrs, ports: sortedUnique(p.dataPorts), description: 'Data stores among themselves (HA standby, read replicas)' } as RuleSpec]
          : []),
        ...(p.dataPorts.length > 0 && (p.peerDataSources ?? []).length > 0
          ? [{ name: 'allow-data-from-peer', priority: 110, access: 'Allow', protocol: 'Tcp', sources: [...(p.peerDataSources ?? [])], ports: sortedUnique(p.dataPorts), description: 'Replication feeds from the primary region (over the VPN)' } as RuleSpec]
          : []),
        denyAll,
      ],
    };
    const nsgs = {} as Record<SubnetKind, NetworkSecurityGroup>;
    for (const kind of ['public', 'private', 'data'] as const) {
      nsgs[kind] = new NetworkSecurityGroup(this, `nsg-${kind}`, {
        name: `${p.name}-${kind}`,
        resourceGroupName: rg,
        securityRule: rules[kind].map(inboundRule),
        ...common,
      });
    }
    this.securityGroups = nsgs;
    for (const s of p.subnets) {
      new SubnetNetworkSecurityGroupAssociation(this, `nsg-${s.name}`, { subnetId: subnets.get(s.name)!.id, networkSecurityGroupId: nsgs[s.kind].id });
    }

    for (const zone of p.zones) {
      const ip = new PublicIp(this, `nat-ip-${zone}`, {
        name: `${p.name}-nat-${zone}`,
        resourceGroupName: rg,
        allocationMethod: 'Static',
        sku: 'Standard',
        zones: [zone],
        ...common,
      });
      const nat = new NatGateway(this, `nat-${zone}`, {
        name: `${p.name}-${zone}`,
        resourceGroupName: rg,
        skuName: 'Standard',
        idleTimeoutInMinutes: p.natIdleTimeoutMinutes,
        zones: [zone],
        ...common,
      });
      new NatGatewayPublicIpAssociation(this, `nat-ip-assoc-${zone}`, { natGatewayId: nat.id, publicIpAddressId: ip.id });
      for (const s of p.subnets.filter((x) => x.kind === 'private' && x.zone === zone)) {
        this.natAssociationsBySubnet.set(s.name, new SubnetNatGatewayAssociation(this, `nat-${s.name}`, { subnetId: subnets.get(s.name)!.id, natGatewayId: nat.id }));
      }
    }
  }
}
