/** The VPN plan of every cross-cloud failover pair: ASNs, tunnel inside ranges, devices, routes. */
import type { InterconnectPlan, RegionPlan } from '../../../synth/model/index';
import { planInterconnects } from '../../../synth/plan/interconnect';
import type { PlanContext } from '../../../synth/plan/context';
import { formatIp, overlaps, parseCidr, type Cidr } from '../../../synth/util/net';
import type { Diagnostic } from '../../../synth/util/errors';
import { referencePlan } from '../../helpers/reference';

const plan = referencePlan();
const cidr = (s: string) => parseCidr(s) as Cidr;
const inside = (inner: Cidr, outer: Cidr) => inner.prefix >= outer.prefix && overlaps(inner, outer);
const region = (id: string) => plan.regions.find((r) => r.id === id)!;
const tunnelsOf = (i: InterconnectPlan) => i.connections.flatMap((c) => c.tunnels);
const pairs = plan.interconnects.map((i) => [i.name, i] as const);
/** Facts from the clouds' documentation, restated here independently of the catalog. */
const AWS_RESERVED = ['169.254.0.0/30', '169.254.1.0/30', '169.254.2.0/30', '169.254.3.0/30', '169.254.4.0/30', '169.254.5.0/30', '169.254.169.252/30'].map(cidr);
const APIPA_FIRST = cidr('169.254.21.0/32').base;
const APIPA_LAST = cidr('169.254.22.255/32').base;

describe('plan: interconnects', () => {
  test('GIVEN the reference spec THEN every primary whose failover region is on another cloud has exactly one VPN pair, in its own later stack', () => {
    const crossCloud = plan.regions.filter((r) => r.role === 'primary' && r.failoverRegion && region(r.failoverRegion).cloud !== r.cloud);
    expect(crossCloud.length).toBe(3);
    expect(plan.interconnects.map((i) => [i.primary, i.failover]).sort()).toEqual(crossCloud.map((r) => [r.id, r.failoverRegion]).sort());
    for (const i of plan.interconnects) {
      const stack = plan.stacks.find((s) => s.name === i.name)!;
      expect(stack.kind).toBe('interconnect');
      expect([...stack.dependsOn].filter((d) => d.startsWith('region-')).sort()).toEqual([`region-${i.failover}`, `region-${i.primary}`].sort());
      for (const dep of stack.dependsOn) expect(plan.stacks.find((s) => s.name === dep)!.wave).toBeLessThan(stack.wave);
    }
  });

  test.each(pairs)('GIVEN %s THEN two AWS connections, one per peer device, with two tunnels each (four tunnels)', (_n, i) => {
    expect(i.connections.map((c) => c.peerDevice)).toEqual([0, 1]);
    for (const c of i.connections) expect(c.tunnels.map((t) => t.awsTunnel)).toEqual([1, 2]);
    expect(tunnelsOf(i).map((t) => t.index)).toEqual([0, 1, 2, 3]);
  });

  test.each(pairs)('GIVEN %s THEN every tunnel has a link-local /30 AWS accepts, AWS on its first host and the peer on its second', (_n, i) => {
    for (const t of tunnelsOf(i)) {
      const c = cidr(t.insideCidr);
      expect(c.prefix).toBe(30);
      expect(inside(c, cidr('169.254.0.0/16'))).toBe(true);
      expect(AWS_RESERVED.filter((r) => overlaps(r, c))).toEqual([]);
      expect([t.awsInsideIp, t.peerInsideIp]).toEqual([formatIp(c.base + 1), formatIp(c.base + 2)]);
      if (i.peerCloud === 'azure') {
        expect(c.base).toBeGreaterThanOrEqual(APIPA_FIRST);
        expect(c.base + 3).toBeLessThanOrEqual(APIPA_LAST);
      }
    }
  });

  test('GIVEN all pairs THEN no two tunnels share an inside range and no two gateways share an ASN; ASNs are private and not reserved by Azure', () => {
    const ranges = plan.interconnects.flatMap(tunnelsOf).map((t) => cidr(t.insideCidr));
    ranges.forEach((a, x) => ranges.slice(x + 1).forEach((b) => expect(overlaps(a, b)).toBe(false)));
    const asns = plan.interconnects.flatMap((i) => [i.aws.asn, i.peer.asn]);
    expect(new Set(asns).size).toBe(asns.length);
    for (const asn of asns) {
      expect(asn).toBeGreaterThanOrEqual(64512);
      expect(asn).toBeLessThanOrEqual(65534);
      expect([65515, 65517, 65518, 65519, 65520]).not.toContain(asn);
    }
  });

  test.each(pairs)('GIVEN %s THEN each side announces exactly its network (GCP also its Private Service Access range), and the two sides are disjoint', (_n, i) => {
    const p = region(i.primary);
    const f = region(i.failover);
    expect(i.aws.advertisedRanges).toEqual([p.networkCidr]);
    expect(i.peer.advertisedRanges).toEqual(f.cloud === 'gcp' ? [f.networkCidr, f.serviceNetworkingCidr] : [f.networkCidr]);
    for (const a of i.aws.advertisedRanges) for (const b of i.peer.advertisedRanges) expect(overlaps(cidr(a), cidr(b))).toBe(false);
    // The standby databases' addresses are reachable: GCP Cloud SQL in the PSA range, Azure in a data subnet of the VNet.
    const dataRanges = f.cloud === 'gcp' ? [f.serviceNetworkingCidr!] : f.subnets.filter((s) => s.kind === 'data').map((s) => s.cidr);
    for (const d of dataRanges) expect(i.peer.advertisedRanges.some((r) => inside(cidr(d), cidr(r)))).toBe(true);
  });

  test('GIVEN the Azure pair THEN its GatewaySubnet lies in the VNet, clear of every planned subnet, and each gateway instance holds the APIPA addresses of its own connection', () => {
    const i = plan.interconnects.find((x) => x.peerCloud === 'azure')!;
    const f = region(i.failover);
    const gw = cidr(i.peer.gatewaySubnetCidr!);
    expect(i.peer.gatewaySubnetName).toBe('GatewaySubnet');
    expect(inside(gw, cidr(f.networkCidr))).toBe(true);
    expect(gw.prefix).toBeLessThanOrEqual(27);
    for (const s of f.subnets) expect(overlaps(gw, cidr(s.cidr))).toBe(false);
    expect(i.peer.instanceBgpAddresses).toEqual(i.connections.map((c) => c.tunnels.map((t) => t.peerInsideIp)));
    for (const c of i.connections) {
      for (const t of c.tunnels) {
        const own = c.peerDevice === 0 ? t.azureBgpAddresses!.primary : t.azureBgpAddresses!.secondary;
        expect(own).toBe(t.peerInsideIp);
        expect(i.peer.instanceBgpAddresses![0]).toContain(t.azureBgpAddresses!.primary);
        expect(i.peer.instanceBgpAddresses![1]).toContain(t.azureBgpAddresses!.secondary);
      }
    }
  });

  test('GIVEN more Azure pairs than the APIPA range holds THEN a located vpn-inside-range-exhausted error, not a reused range', () => {
    // GIVEN 40 AWS primaries failing over to 40 Azure regions (4 tunnels each; APIPA holds 128 /30s = 32 pairs)
    const regions: RegionPlan[] = [];
    for (let k = 0; k < 40; k++) {
      const base = { zones: ['1', '2', '3'], subnets: [], networkCidr: `10.${k}.0.0/17`, cidr: `10.${k}.0.0/16` };
      regions.push({ ...base, id: `p${k}`, cloud: 'aws', role: 'primary', failoverRegion: `f${k}` } as unknown as RegionPlan);
      regions.push({ ...base, networkCidr: `10.${100 + k}.0.0/17`, cidr: `10.${100 + k}.0.0/16`, id: `f${k}`, cloud: 'azure', role: 'failover', failoverFor: `p${k}` } as unknown as RegionPlan);
    }
    const diagnostics: Diagnostic[] = [];
    const ctx = { spec: { name: 'x' }, diagnostics } as unknown as PlanContext;
    // WHEN planned
    const out = planInterconnects(ctx, regions);
    // THEN 32 pairs fit, the other 8 are errors at their failover region
    expect(out.length).toBe(32);
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual(Array.from({ length: 8 }, () => ['vpn-inside-range-exhausted', 'error']));
    expect(diagnostics[0].path).toMatch(/^regions\.f\d+\.failoverFor$/);
    const ranges = out.flatMap(tunnelsOf).map((t) => t.insideCidr);
    expect(new Set(ranges).size).toBe(ranges.length);
  });
});
