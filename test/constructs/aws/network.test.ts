import { awsRegions, refTo, regionStack, resources } from '../terraform/fixture';

const regions = awsRegions();

describe.each(regions.map((r) => [r.id, r] as const))('AWS network of %s', (_id, region) => {
  const stack = regionStack(region);
  const subnets = resources(stack, 'aws_subnet');
  const subnetRef = (name: string) => refTo(stack, 'aws_subnet', (s) => s.tags?.Name === name, 'id');

  test('one VPC with the planned CIDR and DNS support', () => {
    const vpcs = resources(stack, 'aws_vpc');
    expect(vpcs).toHaveLength(1);
    expect(vpcs[0]).toEqual(expect.objectContaining({ cidr_block: region.networkCidr, enable_dns_support: true, enable_dns_hostnames: true }));
  });

  test('every planned subnet exists in its zone, and each zone has a public, a private and a data subnet', () => {
    // GIVEN the plan's subnets THEN one aws_subnet each, same CIDR and zone, no public IPs on launch
    expect(subnets).toHaveLength(region.subnets.length);
    for (const s of region.subnets) {
      const found = subnets.filter((x) => x.tags.Name === s.name);
      expect(found).toHaveLength(1);
      expect(found[0]).toEqual(expect.objectContaining({ cidr_block: s.cidr, availability_zone: s.zone, map_public_ip_on_launch: false }));
    }
    expect(new Set(subnets.map((s) => s.availability_zone))).toEqual(new Set(region.zones));
    for (const zone of region.zones) {
      const kinds = region.subnets.filter((s) => s.zone === zone).map((s) => s.kind).sort();
      expect(kinds).toEqual(['data', 'private', 'public']);
    }
  });

  test('one NAT gateway (with its own EIP) per zone, in that zone’s public subnet', () => {
    const nats = resources(stack, 'aws_nat_gateway');
    expect(nats).toHaveLength(region.zones.length);
    expect(resources(stack, 'aws_eip')).toHaveLength(region.zones.length);
    const natSubnets = nats.map((n) => n.subnet_id).sort();
    const expected = region.zones.map((z) => subnetRef(region.subnets.find((s) => s.kind === 'public' && s.zone === z)!.name)).sort();
    expect(natSubnets).toEqual(expected);
    expect(new Set(nats.map((n) => n.allocation_id)).size).toBe(region.zones.length);
  });

  test('routing: public -> internet gateway, private -> NAT of the same zone, data -> nowhere', () => {
    const routes = resources(stack, 'aws_route');
    const assocs = resources(stack, 'aws_route_table_association');
    expect(assocs).toHaveLength(region.subnets.length);
    const rtOf = (subnetName: string) => assocs.find((a) => a.subnet_id === subnetRef(subnetName))!.route_table_id as string;
    const defaultRouteOf = (rtRef: string) => routes.filter((r) => `${r.route_table_id}` === rtRef && r.destination_cidr_block === '0.0.0.0/0');
    const igw = refTo(stack, 'aws_internet_gateway', () => true, 'id');
    for (const s of region.subnets) {
      const defaults = defaultRouteOf(rtOf(s.name));
      if (s.kind === 'public') {
        expect(defaults.map((r) => r.gateway_id)).toEqual([igw]);
      } else if (s.kind === 'private') {
        const publicInZone = region.subnets.find((x) => x.kind === 'public' && x.zone === s.zone)!;
        const nat = refTo(stack, 'aws_nat_gateway', (n) => n.subnet_id === subnetRef(publicInZone.name), 'id');
        expect(defaults.map((r) => r.nat_gateway_id)).toEqual([nat]);
      } else {
        expect(defaults).toEqual([]);
      }
    }
  });

  test('VPC flow logs go to a KMS-encrypted log group through an IAM role', () => {
    const [flow] = resources(stack, 'aws_flow_log');
    expect(flow).toEqual(expect.objectContaining({ traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs' }));
    expect(flow.vpc_id).toBe(refTo(stack, 'aws_vpc', () => true, 'id'));
    const group = refTo(stack, 'aws_cloudwatch_log_group', (g) => g.name.includes('flow-logs'), 'arn');
    expect(flow.log_destination).toBe(group);
    const [logGroup] = resources(stack, 'aws_cloudwatch_log_group').filter((g) => g.name.includes('flow-logs'));
    expect(logGroup.kms_key_id).toMatch(/^\$\{aws_kms_key\./);
    expect(flow.iam_role_arn).toMatch(/^\$\{aws_iam_role\./);
  });
});
