import { awsRegions, refTo, regionStack, resources } from '../terraform/fixture';

const caches = awsRegions().flatMap((r) => r.caches.map((c) => [r.id, c.name, r, c] as const));

describe.each(caches)('Redis replication group %s/%s', (_r, _n, region, cache) => {
  const stack = regionStack(region);
  const group = resources(stack, 'aws_elasticache_replication_group').find((g) => g.replication_group_id === cache.name);

  test('node type and node count from the plan, spread over the planned zones in order', () => {
    expect(group.node_type).toBe(cache.nodeType);
    expect(group.num_cache_clusters).toBe(cache.nodes);
    expect(group.preferred_cache_cluster_azs).toEqual(Array.from({ length: cache.nodes }, (_, i) => cache.zones[i % cache.zones.length]));
  });

  test('Multi-AZ with automatic failover, encrypted in transit and at rest with KMS', () => {
    expect(group).toEqual(
      expect.objectContaining({ multi_az_enabled: true, automatic_failover_enabled: true, transit_encryption_enabled: true, at_rest_encryption_enabled: 'true' }),
    );
    expect(group.kms_key_id).toMatch(/^\$\{aws_kms_key\./);
  });

  test('data subnets, security group open to the cluster nodes only on the endpoint port', () => {
    const subnetGroupName = /^\$\{aws_elasticache_subnet_group\.([^.]+)\.name\}$/.exec(group.subnet_group_name)![1];
    const dataRefs = region.subnets.filter((s) => s.kind === 'data').map((s) => refTo(stack, 'aws_subnet', (x) => x.tags?.Name === s.name, 'id'));
    expect([...stack.resource.aws_elasticache_subnet_group[subnetGroupName].subnet_ids].sort()).toEqual(dataRefs.sort());
    const nodeSg = refTo(stack, 'aws_security_group', (s) => s.name === `${region.cluster.name}-nodes`, 'id');
    const port = region.workloads.flatMap((w) => w.endpoints).find((e) => e.host === cache.host)?.port ?? group.port;
    expect(group.port).toBe(port);
    const rules = resources(stack, 'aws_vpc_security_group_ingress_rule').filter((r) => group.security_group_ids.includes(r.security_group_id));
    expect(rules).toEqual([expect.objectContaining({ referenced_security_group_id: nodeSg, from_port: port, to_port: port })]);
  });
});
