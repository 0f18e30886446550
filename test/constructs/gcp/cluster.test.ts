import { refTo, regionsOf, regionStack, resources } from '../terraform/fixture';

const regions = regionsOf('gcp');
const pools = regions.flatMap((r) => r.cluster.nodePools.map((p) => [r.id, p.name, r, p] as const));

describe.each(regions.map((r) => [r.id, r] as const))('GKE cluster of %s', (_id, region) => {
  const stack = regionStack(region);
  const [cluster] = resources(stack, 'google_container_cluster');

  test('private, regional over the planned zones, in the region network, without the default pool', () => {
    expect(resources(stack, 'google_container_cluster')).toHaveLength(1);
    expect(cluster).toEqual(
      expect.objectContaining({
        name: region.cluster.name,
        location: region.location,
        node_locations: region.zones,
        min_master_version: region.cluster.kubernetesVersion,
        remove_default_node_pool: true,
        deletion_protection: true,
        private_cluster_config: { enable_private_nodes: true, enable_private_endpoint: true },
      }),
    );
    expect(cluster.network).toBe(refTo(stack, 'google_compute_network', () => true, 'id'));
    const privateRefs = region.subnets.filter((s) => s.kind === 'private').map((s) => refTo(stack, 'google_compute_subnetwork', (x) => x.name === s.name, 'id'));
    expect(privateRefs).toContain(cluster.subnetwork);
  });

  test('enforces NetworkPolicies (Dataplane V2) and uses Workload Identity', () => {
    expect(cluster.datapath_provider).toBe('ADVANCED_DATAPATH');
    expect(cluster.workload_identity_config.workload_pool).toBe('${var.gcp_project}.svc.id.goog');
  });

  test('one node pool per planned pool', () => {
    expect(resources(stack, 'google_container_node_pool').map((p) => p.name).sort()).toEqual(region.cluster.nodePools.map((p) => p.name).sort());
  });
});

describe.each(pools)('GKE node pool %s/%s', (_r, _p, region, pool) => {
  const stack = regionStack(region);
  const np = resources(stack, 'google_container_node_pool').find((p) => p.name === pool.name);

  test('machine type, spot, labels, taints and autoscaling totals from the plan', () => {
    expect(np.node_config).toEqual(expect.objectContaining({ machine_type: pool.instanceType, spot: pool.capacityType === 'SPOT', labels: pool.labels }));
    expect(np.node_config.taint ?? []).toEqual(pool.taints.map((t) => ({ key: t.key, value: t.value, effect: 'NO_SCHEDULE' })));
    expect(np.autoscaling).toEqual(expect.objectContaining({ total_min_node_count: pool.min, total_max_node_count: pool.max }));
    expect(np.node_config.resource_labels['cost-pool']).toBe(pool.kind);
  });

  test('GKE counts the initial size per zone: initial_node_count x the cluster\'s node locations = the planned desired total, which the autoscaler then owns', () => {
    const [cluster] = resources(stack, 'google_container_cluster');
    const locations: string[] = cluster.node_locations;
    expect(locations).toHaveLength(pool.zones);
    expect(np.initial_node_count * locations.length).toBe(pool.desired);
    expect(np.node_count).toBeUndefined();
    expect(np.lifecycle.ignore_changes).toContain('initial_node_count');
    // the totals split evenly over the zones
    expect([np.autoscaling.total_min_node_count % locations.length, np.autoscaling.total_max_node_count % locations.length]).toEqual([0, 0]);
  });

  test('shielded nodes with the GKE metadata server', () => {
    expect(np.node_config.shielded_instance_config).toEqual({ enable_secure_boot: true, enable_integrity_monitoring: true });
    expect(np.node_config.workload_metadata_config.mode).toBe('GKE_METADATA');
  });
});
