import { referencePlan, refTo, regionsOf, regionStack, resources } from '../terraform/fixture';

const plan = referencePlan();

describe.each(regionsOf('gcp').map((r) => [r.id, r] as const))('GCP network of %s', (_id, region) => {
  const stack = regionStack(region);
  const network = refTo(stack, 'google_compute_network', () => true, 'id');

  test('provider: project from a variable, the region location, plan labels', () => {
    expect(stack.variable.gcp_project.type).toBe('string');
    expect(stack.provider.google).toEqual([expect.objectContaining({ project: '${var.gcp_project}', region: region.location, default_labels: { ...plan.tags, region: region.id } })]);
  });

  test('a custom-mode VPC network', () => {
    expect(resources(stack, 'google_compute_network')).toEqual([expect.objectContaining({ auto_create_subnetworks: false })]);
  });

  test('a subnetwork per planned subnet, private Google access and flow logs', () => {
    const subnets = resources(stack, 'google_compute_subnetwork');
    expect(subnets).toHaveLength(region.subnets.length);
    for (const s of region.subnets) {
      const found = subnets.find((x) => x.name === s.name);
      expect(found).toEqual(expect.objectContaining({ ip_cidr_range: s.cidr, region: region.location, network, private_ip_google_access: true }));
      expect(found.log_config).toBeDefined();
    }
  });

  test('Cloud NAT for the private subnetworks only', () => {
    const [nat] = resources(stack, 'google_compute_router_nat');
    const privateRefs = region.subnets.filter((s) => s.kind === 'private').map((s) => refTo(stack, 'google_compute_subnetwork', (x) => x.name === s.name, 'id'));
    expect(nat.subnetwork.map((s: any) => s.name).sort()).toEqual(privateRefs.sort());
    expect(nat.router).toBe(refTo(stack, 'google_compute_router', (x) => !x.bgp, 'name')); // the VPN's Cloud Router carries BGP
  });

  test('firewall: deny all ingress by default, allow only from inside the region', () => {
    // the network's own rules (the entry point adds one for Google's front ends: test/constructs/terraform/entry-points.test.ts)
    const rules = resources(stack, 'google_compute_firewall').filter((r) => !r.name.endsWith('-front-ends'));
    const allows = rules.filter((r) => r.allow);
    const denies = rules.filter((r) => r.deny);
    expect(denies).toEqual([expect.objectContaining({ direction: 'INGRESS', source_ranges: ['0.0.0.0/0'], deny: [{ protocol: 'all' }] })]);
    for (const a of allows) {
      expect(a.source_ranges).toEqual([region.cidr]);
      expect(a.priority).toBeLessThan(denies[0].priority);
    }
  });
});
