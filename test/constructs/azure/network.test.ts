import { referencePlan, refTo, regionsOf, regionStack, resources } from '../terraform/fixture';

const plan = referencePlan();

describe.each(regionsOf('azure').map((r) => [r.id, r] as const))('Azure network of %s', (_id, region) => {
  const stack = regionStack(region);
  const nsgs = resources(stack, 'azurerm_network_security_group');
  const nsgOf = (kind: string) => nsgs.find((n) => n.name.endsWith(`-${kind}`));

  test('provider: features and subscription from a variable', () => {
    expect(stack.variable.azure_subscription_id.type).toBe('string');
    expect(stack.provider.azurerm).toEqual([expect.objectContaining({ features: [{}], subscription_id: '${var.azure_subscription_id}' })]);
  });

  test('a resource group and a virtual network with the planned CIDR in the region location', () => {
    for (const rg of resources(stack, 'azurerm_resource_group')) expect(rg.location).toBe(region.location);
    expect(resources(stack, 'azurerm_virtual_network')).toEqual([expect.objectContaining({ address_space: [region.networkCidr], location: region.location })]);
  });

  test('a subnet per planned subnet, each with its kind’s NSG', () => {
    // The VPN's GatewaySubnet is planned by the interconnect (test/constructs/terraform/interconnect.test.ts).
    const subnets = resources(stack, 'azurerm_subnet').filter((x) => x.name !== 'GatewaySubnet');
    expect(subnets).toHaveLength(region.subnets.length);
    const assocs = resources(stack, 'azurerm_subnet_network_security_group_association');
    for (const s of region.subnets) {
      expect(subnets.find((x) => x.name === s.name)!.address_prefixes).toEqual([s.cidr]);
      const subnet = refTo(stack, 'azurerm_subnet', (x) => x.name === s.name, 'id');
      const nsg = refTo(stack, 'azurerm_network_security_group', (n) => n === nsgOf(s.kind), 'id');
      expect(assocs.filter((a) => a.subnet_id === subnet)).toEqual([{ subnet_id: subnet, network_security_group_id: nsg }]);
    }
  });

  test('NSGs: inbound from the internet only to the public services ports, everything else denied last', () => {
    const publicPorts = [...new Set(region.workloads.filter((w) => w.public).map((w) => String(w.port)))].sort();
    for (const nsg of nsgs) {
      const rules = nsg.security_rule;
      const last = [...rules].sort((a: any, b: any) => b.priority - a.priority)[0];
      expect(last).toEqual(expect.objectContaining({ access: 'Deny', source_address_prefix: '*', destination_port_range: '*' }));
      for (const r of rules.filter((x: any) => x.access === 'Allow')) {
        const fromAnywhere = ['*', 'Internet', '0.0.0.0/0'].includes(r.source_address_prefix);
        if (fromAnywhere) expect([...r.destination_port_ranges, r.destination_port_range].filter((p: string) => p !== '').sort()).toEqual(publicPorts);
      }
    }
    // Data subnets: the data ports from the workloads (private subnets), and from the data subnets
    // themselves (PostgreSQL HA standby and read replicas replicate inside their subnet).
    const dataAllows = nsgOf('data').security_rule.filter((r: any) => r.access === 'Allow');
    const privateCidrs = region.subnets.filter((s) => s.kind === 'private').map((s) => s.cidr);
    const dataCidrs = region.subnets.filter((s) => s.kind === 'data').map((s) => s.cidr);
    // ... and from the replication feeds' subnets in the primary region (over the VPN), when it is fed.
    const feeds = plan.replication.filter((r) => r.failover === region.id);
    const feedCidrs = feeds.flatMap((r) => plan.regions.find((x) => x.id === r.primary)!.subnets.filter((x) => r.subnets.includes(x.name)).map((x) => x.cidr));
    expect(dataAllows.map((r: any) => r.source_address_prefixes)).toEqual([privateCidrs, dataCidrs, ...(feeds.length ? [[...new Set(feedCidrs)].sort()] : [])]);
  });

  test('a NAT gateway per zone (zonal public IP) serving that zone’s private subnet', () => {
    const nats = resources(stack, 'azurerm_nat_gateway');
    expect(nats.map((n) => n.zones[0]).sort()).toEqual([...region.zones].sort());
    expect(resources(stack, 'azurerm_public_ip').filter((ip) => ip.name.includes('-nat-'))).toHaveLength(region.zones.length);
    const assocs = resources(stack, 'azurerm_subnet_nat_gateway_association');
    for (const s of region.subnets.filter((x) => x.kind === 'private')) {
      const subnet = refTo(stack, 'azurerm_subnet', (x) => x.name === s.name, 'id');
      const nat = refTo(stack, 'azurerm_nat_gateway', (n) => n.zones[0] === s.zone, 'id');
      expect(assocs.filter((a) => a.subnet_id === subnet)).toEqual([{ subnet_id: subnet, nat_gateway_id: nat }]);
    }
  });

  test('tags carry the plan tags and the region', () => {
    for (const r of [...resources(stack, 'azurerm_virtual_network'), ...nsgs]) expect(r.tags).toEqual({ ...plan.tags, region: region.id });
  });
});
