/** EKS managed add-ons of the reference output: pinned from the catalog table, network policy enforcement on. */
import { EKS_ADDON_VERSIONS, EKS_ADDONS } from '../../../synth/catalog/eks-addons';
import { referencePlan, referenceStacks } from '../../helpers/reference';

const plan = referencePlan();
const stacks = referenceStacks();
const eks = plan.regions.filter((r) => r.cloud === 'aws');

describe('EKS managed add-ons', () => {
  test.each(eks.map((r) => [r.id, r] as const))('%s: vpc-cni, kube-proxy, coredns, pod identity agent at the catalog builds of the cluster version', (id, r) => {
    const stack = stacks.get(`region-${id}`);
    const addons = Object.values(stack.resource.aws_eks_addon) as any[];
    const table = EKS_ADDON_VERSIONS[r.cluster.kubernetesVersion];
    expect(table).toBeDefined();
    expect(addons.map((a) => a.addon_name).sort()).toEqual(EKS_ADDONS.map((a) => a.name).sort());
    for (const a of addons) {
      expect(a.addon_version).toBe(table[a.addon_name as keyof typeof table]);
      expect(a.cluster_name).toMatch(/^\$\{aws_eks_cluster\./);
    }
  });

  test.each(eks.map((r) => [r.id] as const))('%s: the VPC CNI enforces NetworkPolicies', (id) => {
    const addons = Object.values(stacks.get(`region-${id}`).resource.aws_eks_addon) as any[];
    const cni = addons.find((a) => a.addon_name === 'vpc-cni');
    expect(JSON.parse(cni.configuration_values)).toMatchObject({ enableNetworkPolicy: 'true' });
  });

  test.each(eks.map((r) => [r.id] as const))('%s: CoreDNS waits for every node group, the node-independent add-ons do not', (id) => {
    const stack = stacks.get(`region-${id}`);
    const groups = Object.keys(stack.resource.aws_eks_node_group).map((k) => `aws_eks_node_group.${k}`);
    for (const a of Object.values(stack.resource.aws_eks_addon) as any[]) {
      const needsNodes = EKS_ADDONS.find((x) => x.name === a.addon_name)!.needsNodes;
      expect((a.depends_on ?? []).sort()).toEqual(needsNodes ? groups.sort() : []);
    }
  });
});
