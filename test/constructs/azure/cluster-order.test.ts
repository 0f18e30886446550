/** AKS with `userAssignedNATGateway` outbound: Azure rejects the cluster unless its node subnet already has its NAT gateway. */
import { referencePlan, referenceStacks } from '../../helpers/reference';

const plan = referencePlan();
const stacks = referenceStacks();

test.each(plan.regions.filter((r) => r.cloud === 'azure').map((r) => [r.id, r] as const))('%s: the AKS cluster waits for its node subnet NAT gateway association', (id, r) => {
  const stack = stacks.get(`region-${id}`);
  const [aks] = Object.values(stack.resource.azurerm_kubernetes_cluster) as any[];
  expect(aks.network_profile.outbound_type).toBe('userAssignedNATGateway');
  const subnetKey = /azurerm_subnet\.([^.]+)\.id/.exec(aks.default_node_pool.vnet_subnet_id)![1];
  expect(stack.resource.azurerm_subnet[subnetKey].name).toBe(r.cluster.nodeSubnet);
  const assoc = Object.entries(stack.resource.azurerm_subnet_nat_gateway_association).filter(([, a]: any) => a.subnet_id === aks.default_node_pool.vnet_subnet_id);
  expect(assoc).toHaveLength(1);
  expect(aks.depends_on).toContain(`azurerm_subnet_nat_gateway_association.${assoc[0][0]}`);
});
