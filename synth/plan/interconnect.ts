/**
 * Interconnect: the private network between every AWS primary and its failover region on another cloud.
 *
 * Per pair: the primary's virtual private gateway (AWS ASN) and the peer's gateway (GCP HA VPN + Cloud Router,
 * or an Azure active-active VPN gateway; peer ASN), one AWS VPN connection per peer device (two devices on both
 * clouds), two tunnels per connection: four tunnels. Every tunnel gets a link-local /30 unique across the
 * platform (AWS takes the first host, the peer the second), from the pool the peer cloud accepts (Azure: its
 * APIPA range only) and never one AWS reserves. ASNs are private, unique per gateway, never one a cloud
 * reserves. Each side announces exactly its planned ranges: AWS its VPC (the VGW announces the VPC CIDR),
 * GCP its network and the Private Service Access range (custom advertisement; the standby Cloud SQL lives
 * there), Azure its VNet address space.
 */
import {
  AWS_RESERVED_INSIDE_CIDRS,
  AWS_TUNNELS_PER_CONNECTION,
  AZURE_APIPA_CIDRS,
  AZURE_GATEWAY_SUBNET_NAME,
  AZURE_GATEWAY_SUBNET_PREFIX,
  AZURE_VPN_GATEWAY_SKU,
  PEER_GATEWAY_DEVICES,
  PRIVATE_ASN_RANGE,
  RESERVED_ASNS,
  TUNNEL_INSIDE_BLOCK,
  TUNNEL_INSIDE_PREFIX,
} from '../catalog';
import type { InterconnectPlan, RegionPlan, VpnConnectionPlan, VpnTunnelPlan } from '../model/index';
import { formatCidr, formatIp, overlaps, parseCidr, subnet, type Cidr } from '../util/net';
import type { PlanContext } from './context';
import { planInvariant } from './invariant';
import { SUBNET_PREFIX_DELTA, SUBNET_SLOTS, SUBNET_KINDS } from './layout';

/** Stack name of a pair. */
export function interconnectName(primary: string, failover: string): string {
  return `interconnect-${primary}-${failover}`;
}

function cidr(text: string): Cidr {
  const c = parseCidr(text);
  planInvariant(typeof c !== 'string', 'regions', `invalid CIDR ${text}`);
  return c;
}

/** Hands out /30s from a pool, skipping reserved and foreign ranges, never one twice. */
class InsideRangeAllocator {
  private pool = 0;
  private next: number;
  constructor(
    private readonly pools: readonly Cidr[],
    private readonly avoid: readonly Cidr[],
  ) {
    this.next = pools[0].base;
  }
  take(): Cidr | undefined {
    const size = 2 ** (32 - TUNNEL_INSIDE_PREFIX);
    while (this.pool < this.pools.length) {
      const p = this.pools[this.pool];
      if (this.next + size > p.base + 2 ** (32 - p.prefix)) {
        this.pool++;
        if (this.pool < this.pools.length) this.next = this.pools[this.pool].base;
        continue;
      }
      const c = { base: this.next, prefix: TUNNEL_INSIDE_PREFIX };
      this.next += size;
      if (!this.avoid.some((a) => overlaps(a, c))) return c;
    }
    return undefined;
  }
}

class AsnAllocator {
  private next: number = PRIVATE_ASN_RANGE.first;
  take(reserved: readonly number[]): number | undefined {
    while (this.next <= PRIVATE_ASN_RANGE.last) {
      const asn = this.next++;
      if (!reserved.includes(asn)) return asn;
    }
    return undefined;
  }
}

/** Azure's GatewaySubnet: a /27 at the start of the last subnet slot of the VNet (the layout leaves it free). */
export function azureGatewaySubnet(region: RegionPlan, regionBlock: string): string {
  const net = cidr(regionBlock);
  const used = SUBNET_KINDS.length * region.zones.length;
  planInvariant(used < SUBNET_SLOTS, `regions.${region.id}.cidr`, `no free subnet slot for the VPN gateway (${used} of ${SUBNET_SLOTS} used)`);
  const slot = subnet(net, net.prefix + SUBNET_PREFIX_DELTA, SUBNET_SLOTS - 1);
  return formatCidr(subnet(slot, Math.max(slot.prefix, AZURE_GATEWAY_SUBNET_PREFIX), 0));
}

export function planInterconnects(ctx: PlanContext, regions: readonly RegionPlan[]): InterconnectPlan[] {
  const reserved = AWS_RESERVED_INSIDE_CIDRS.map(cidr);
  const apipa = AZURE_APIPA_CIDRS.map(cidr);
  const pools = {
    azure: new InsideRangeAllocator(apipa, reserved),
    gcp: new InsideRangeAllocator([cidr(TUNNEL_INSIDE_BLOCK)], [...reserved, ...apipa]),
  };
  const asns = new AsnAllocator();
  const out: InterconnectPlan[] = [];
  const byId = new Map(regions.map((r) => [r.id, r]));
  for (const primary of regions) {
    if (primary.role !== 'primary' || !primary.failoverRegion) continue;
    const failover = byId.get(primary.failoverRegion)!;
    // Same-cloud failover uses the cloud's own replication; primaries on another cloud are refused by the
    // rule `primary-not-aws` (synth/spec/rules-limits.ts), so only AWS -> GCP / Azure reaches this point.
    if (failover.cloud === primary.cloud || primary.cloud !== 'aws' || failover.cloud === 'aws') continue;
    const peerCloud = failover.cloud;
    const name = interconnectName(primary.id, failover.id);
    const path = `regions.${failover.id}.failoverFor`;
    const awsAsn = asns.take([...RESERVED_ASNS.aws, ...RESERVED_ASNS[peerCloud]]);
    const peerAsn = asns.take([...RESERVED_ASNS.aws, ...RESERVED_ASNS[peerCloud]]);
    if (awsAsn === undefined || peerAsn === undefined) {
      ctx.diagnostics.push({ code: 'vpn-asn-exhausted', severity: 'error', path, message: `no private BGP ASN left for the VPN of \`${name}\``, expected: `at most ${PRIVATE_ASN_RANGE.last - PRIVATE_ASN_RANGE.first + 1} VPN gateways` });
      continue;
    }
    const connections: VpnConnectionPlan[] = [];
    let exhausted = false;
    for (let device = 0; device < PEER_GATEWAY_DEVICES[peerCloud]; device++) {
      const tunnels: VpnTunnelPlan[] = [];
      for (let t = 0; t < AWS_TUNNELS_PER_CONNECTION; t++) {
        const inside = pools[peerCloud].take();
        if (!inside) {
          exhausted = true;
          break;
        }
        const index = device * AWS_TUNNELS_PER_CONNECTION + t;
        tunnels.push({
          name: `${name}-${index}`,
          index,
          awsTunnel: (t + 1) as 1 | 2,
          insideCidr: formatCidr(inside),
          awsInsideIp: formatIp(inside.base + 1),
          peerInsideIp: formatIp(inside.base + 2),
        });
      }
      connections.push({ name: `${name}-${device}`, peerDevice: device, tunnels });
    }
    if (exhausted) {
      ctx.diagnostics.push({
        code: 'vpn-inside-range-exhausted',
        severity: 'error',
        path,
        message: `no tunnel inside /30 left for the VPN of \`${name}\` (${peerCloud === 'azure' ? `Azure accepts only ${AZURE_APIPA_CIDRS.join(', ')}` : TUNNEL_INSIDE_BLOCK})`,
        expected: 'fewer failover pairs on this cloud',
      });
      continue;
    }
    // Azure: each gateway instance holds the APIPA addresses of the tunnels of its own AWS connection; a
    // connection names one address per instance (its own instance's address for this tunnel position).
    const instanceBgpAddresses = peerCloud === 'azure' ? connections.map((c) => c.tunnels.map((t) => t.peerInsideIp)) : undefined;
    const withAzure = instanceBgpAddresses
      ? connections.map((c) => ({
          ...c,
          tunnels: c.tunnels.map((t, i) => ({ ...t, azureBgpAddresses: { primary: instanceBgpAddresses[0][i], secondary: instanceBgpAddresses[1][i] } })),
        }))
      : connections;
    const gatewayName = `${ctx.spec.name}-${failover.id}-vpn`;
    out.push({
      name,
      primary: primary.id,
      failover: failover.id,
      peerCloud,
      aws: { gatewayName: `${ctx.spec.name}-${primary.id}-vgw`, asn: awsAsn, advertisedRanges: [primary.networkCidr] },
      peer: {
        gatewayName,
        asn: peerAsn,
        advertisedRanges: peerCloud === 'gcp' ? [failover.networkCidr, ...(failover.serviceNetworkingCidr ? [failover.serviceNetworkingCidr] : [])] : [failover.networkCidr],
        ...(peerCloud === 'gcp' ? { routerName: `${gatewayName}-router` } : {}),
        ...(peerCloud === 'azure' ? { gatewaySubnetCidr: azureGatewaySubnet(failover, failover.cidr), gatewaySubnetName: AZURE_GATEWAY_SUBNET_NAME, gatewaySku: AZURE_VPN_GATEWAY_SKU, instanceBgpAddresses } : {}),
      },
      connections: withAzure,
    });
  }
  return out;
}
