import { AKS_SPOT_TAINT, aksPoolName } from '../../../constructs/azure/cluster';
import { refTo, regionsOf, regionStack, resources } from '../terraform/fixture';

const regions = regionsOf('azure');
const pools = regions.flatMap((r) => r.cluster.nodePools.map((p, i) => [r.id, p.name, r, p, i] as const));

describe.each(regions.map((r) => [r.id, r] as const))('AKS cluster of %s', (_id, region) => {
  const stack = regionStack(region);
  const [cluster] = resources(stack, 'azurerm_kubernetes_cluster');

  test('private, planned version, NetworkPolicy enforcement, egress through the NAT gateways', () => {
    expect(resources(stack, 'azurerm_kubernetes_cluster')).toHaveLength(1);
    expect(cluster).toEqual(
      expect.objectContaining({ name: region.cluster.name, kubernetes_version: region.cluster.kubernetesVersion, private_cluster_enabled: true, location: region.location }),
    );
    expect(cluster.network_profile).toEqual(expect.objectContaining({ network_policy: 'cilium', outbound_type: 'userAssignedNATGateway' }));
    const privateRefs = region.subnets.filter((s) => s.kind === 'private').map((s) => refTo(stack, 'azurerm_subnet', (x) => x.name === s.name, 'id'));
    expect(privateRefs).toContain(cluster.default_node_pool.vnet_subnet_id);
  });

  test('the first planned pool is the system pool, the others are user pools', () => {
    expect(cluster.default_node_pool.name).toBe(aksPoolName(region.cluster.nodePools[0].name));
    expect(resources(stack, 'azurerm_kubernetes_cluster_node_pool').map((p) => p.name).sort()).toEqual(region.cluster.nodePools.slice(1).map((p) => aksPoolName(p.name)).sort());
  });
});

describe.each(pools)('AKS pool %s/%s', (_r, _p, region, pool, index) => {
  const stack = regionStack(region);
  const np = index === 0 ? resources(stack, 'azurerm_kubernetes_cluster')[0].default_node_pool : resources(stack, 'azurerm_kubernetes_cluster_node_pool').find((p) => p.name === aksPoolName(pool.name));

  test('VM size, zones, labels and min/desired/max from the plan', () => {
    expect(np).toEqual(
      expect.objectContaining({ vm_size: pool.instanceType, zones: region.zones, node_labels: pool.labels, min_count: pool.min, node_count: pool.desired, max_count: pool.max, auto_scaling_enabled: true }),
    );
    expect(np.tags['cost-pool']).toBe(pool.kind);
  });

  test('spot priority and taints from the plan (plus the taint AKS adds to spot nodes)', () => {
    const planTaints = pool.taints.map((t) => `${t.key}=${t.value}:${t.effect}`);
    if (pool.capacityType === 'SPOT') {
      expect(np).toEqual(expect.objectContaining({ priority: 'Spot', eviction_policy: 'Delete' }));
      // The plan lists the taint AKS puts on spot nodes (so spot pods tolerate it); it appears once.
      expect(planTaints).toContain(AKS_SPOT_TAINT);
      expect(np.node_taints).toEqual(planTaints);
    } else {
      expect(np.priority ?? 'Regular').toBe('Regular');
      expect(np.node_taints ?? []).toEqual(planTaints);
    }
  });
});
