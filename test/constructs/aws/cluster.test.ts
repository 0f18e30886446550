import { awsRegions, refTo, regionStack, resources } from '../terraform/fixture';
import { NODE_POLICIES } from '../../../constructs/aws/cluster';

const regions = awsRegions();
const pools = regions.flatMap((r) => r.cluster.nodePools.map((p) => [r.id, p.name, r, p] as const));

describe.each(regions.map((r) => [r.id, r] as const))('EKS cluster of %s', (_id, region) => {
  const stack = regionStack(region);
  const [eks] = resources(stack, 'aws_eks_cluster');

  test('private endpoint only, planned name and version, all control-plane logs', () => {
    expect(resources(stack, 'aws_eks_cluster')).toHaveLength(1);
    expect(eks.name).toBe(region.cluster.name);
    expect(eks.version).toBe(region.cluster.kubernetesVersion);
    expect(eks.vpc_config).toEqual(expect.objectContaining({ endpoint_private_access: true, endpoint_public_access: false }));
    expect(eks.enabled_cluster_log_types).toEqual(expect.arrayContaining(['api', 'audit', 'authenticator']));
  });

  test('nodes and control plane use the private subnets', () => {
    const privateRefs = region.subnets.filter((s) => s.kind === 'private').map((s) => refTo(stack, 'aws_subnet', (x) => x.tags?.Name === s.name, 'id'));
    expect([...eks.vpc_config.subnet_ids].sort()).toEqual([...privateRefs].sort());
    for (const ng of resources(stack, 'aws_eks_node_group')) expect([...ng.subnet_ids].sort()).toEqual([...privateRefs].sort());
  });

  test('secrets are encrypted with a rotating KMS key', () => {
    expect(eks.encryption_config.resources).toEqual(['secrets']);
    const keyName = /^\$\{aws_kms_key\.([^.]+)\.arn\}$/.exec(eks.encryption_config.provider.key_arn)![1];
    expect(stack.resource.aws_kms_key[keyName].enable_key_rotation).toBe(true);
  });

  test('the control-plane log group exists first, KMS-encrypted', () => {
    const group = resources(stack, 'aws_cloudwatch_log_group').find((g) => g.name === `/aws/eks/${region.cluster.name}/cluster`);
    expect(group).toBeDefined();
    expect(group.kms_key_id).toMatch(/^\$\{aws_kms_key\./);
    expect(eks.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_cloudwatch_log_group\./)]));
  });

  test('the node role has the AWS managed worker policies', () => {
    const attached = resources(stack, 'aws_iam_role_policy_attachment').map((a) => a.policy_arn as string);
    for (const policy of NODE_POLICIES) expect(attached.some((arn) => arn.endsWith(`:iam::aws:policy/${policy}`))).toBe(true);
    expect(attached.some((arn) => arn.endsWith(':iam::aws:policy/AmazonEKSClusterPolicy'))).toBe(true);
  });

  test('one managed node group per planned pool', () => {
    expect(resources(stack, 'aws_eks_node_group').map((n) => n.node_group_name).sort()).toEqual(region.cluster.nodePools.map((p) => p.name).sort());
  });
});

describe.each(pools)('node group %s/%s', (_region, _pool, region, pool) => {
  const stack = regionStack(region);
  const ng = resources(stack, 'aws_eks_node_group').find((n) => n.node_group_name === pool.name);
  const ltName = /^\$\{aws_launch_template\.([^.]+)\.id\}$/.exec(ng.launch_template.id)![1];
  const lt = stack.resource.aws_launch_template[ltName];

  test('capacity type, instance type, scaling and labels come from the plan', () => {
    expect(ng.capacity_type).toBe(pool.capacityType);
    expect(ng.instance_types).toEqual([pool.instanceType]);
    expect(ng.scaling_config).toEqual({ min_size: pool.min, desired_size: pool.desired, max_size: pool.max });
    expect(ng.labels).toEqual(pool.labels);
  });

  test('taints come from the plan (EKS effect names)', () => {
    const expected = pool.taints.map((t) => ({ key: t.key, value: t.value, effect: 'NO_SCHEDULE' }));
    expect(ng.taint ?? []).toEqual(expected);
  });

  test('carries the cluster-autoscaler discovery and cost-pool tags', () => {
    expect(ng.tags).toEqual(
      expect.objectContaining({
        'k8s.io/cluster-autoscaler/enabled': 'true',
        [`k8s.io/cluster-autoscaler/${region.cluster.name}`]: 'owned',
        'cost-pool': pool.kind,
      }),
    );
    for (const t of pool.taints) expect(ng.tags[`k8s.io/cluster-autoscaler/node-template/taint/${t.key}`]).toBe(`${t.value}:${t.effect}`);
  });

  test('launch template: IMDSv2 required, hop limit <= 2, encrypted EBS, node and cluster security groups', () => {
    expect(lt.metadata_options.http_tokens).toBe('required');
    expect(lt.metadata_options.http_put_response_hop_limit).toBeLessThanOrEqual(2);
    expect(lt.block_device_mappings.every((b: any) => b.ebs.encrypted === 'true')).toBe(true);
    expect(lt.vpc_security_group_ids).toEqual(
      expect.arrayContaining([refTo(stack, 'aws_security_group', (s) => s.name === `${region.cluster.name}-nodes`, 'id'), expect.stringContaining('cluster_security_group_id')]),
    );
    expect(ng.launch_template.version).toBe(`\${aws_launch_template.${ltName}.latest_version}`);
  });
});
