/**
 * AKS cluster of an Azure failover region: private API server, Azure CNI overlay with Cilium
 * (enforces the Kubernetes NetworkPolicies), egress through the subnet's NAT gateway, OIDC issuer
 * and Workload Identity, container insights to a Log Analytics workspace; the first planned pool is
 * the system (default) pool, the others are user pools. Pool settings (VM size, spot priority,
 * labels, taints, min/desired/max) come from the plan.
 */
import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { KubernetesCluster } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
import { KubernetesClusterNodePool } from '@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool';
import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import type { ClusterPlan, NodePoolPlan, OperatorAccessPlan } from '../../synth/model/index';
import { withDefaults } from '../terraform/util';
import { PlanInvariantError } from '../../synth/util/errors';

export interface AksClusterProps {
  readonly cluster: ClusterPlan;
  readonly location: string;
  readonly zones: readonly string[];
  /** Subnet of the nodes. */
  readonly subnetId: string;
  /** Operator access: Entra integration with Azure RBAC, the operators' admin group, local accounts off. */
  readonly access: OperatorAccessPlan;
  /**
   * What must exist before the cluster: the node subnet's NAT gateway association (Azure rejects a
   * `userAssignedNATGateway` cluster whose subnet has no NAT gateway yet).
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
  /**
   * Tags of every resource.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * AKS pricing tier (Standard: uptime SLA).
   * @default SKU_TIER ('Standard')
   */
  readonly skuTier?: string;
  /**
   * Log Analytics retention in days.
   * @default LOG_RETENTION_DAYS (30)
   */
  readonly logRetentionDays?: number;
}

export const SKU_TIER = 'Standard';
export const LOG_RETENTION_DAYS = 30;

const AKS_DEFAULTS = { tags: {} as Readonly<Record<string, string>>, skuTier: SKU_TIER, logRetentionDays: LOG_RETENTION_DAYS };

/** AKS pool names: lowercase letters and digits, at most 12 characters. */
export function aksPoolName(name: string): string {
  const out = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (out.length === 0 || out.length > 12 || !/^[a-z]/.test(out)) throw new PlanInvariantError('regions', `AKS pool name ${name} -> ${out} is not valid`);
  return out;
}

/** Taint AKS puts on every spot node itself; declared so Terraform does not try to remove it. */
export const AKS_SPOT_TAINT = 'kubernetes.azure.com/scalesetpriority=spot:NoSchedule';

function poolSettings(pool: NodePoolPlan, zones: readonly string[], subnetId: string, tags: Readonly<Record<string, string>>) {
  return {
    vmSize: pool.instanceType,
    zones: [...zones],
    vnetSubnetId: subnetId,
    autoScalingEnabled: true,
    minCount: pool.min,
    maxCount: pool.max,
    nodeCount: pool.desired,
    nodeLabels: { ...pool.labels },
    tags: { ...tags, 'cost-pool': pool.kind },
  };
}

function nodeTaints(pool: NodePoolPlan): string[] | undefined {
  const planned = pool.taints.map((t) => `${t.key}=${t.value}:${t.effect}`);
  // AKS taints spot pools itself; the plan lists that taint too (so workloads tolerate it): never twice.
  const taints = [...(pool.capacityType === 'SPOT' && !planned.includes(AKS_SPOT_TAINT) ? [AKS_SPOT_TAINT] : []), ...planned];
  return taints.length > 0 ? taints : undefined;
}

export class AksCluster extends Construct {
  readonly cluster: KubernetesCluster;
  readonly nodePools: readonly KubernetesClusterNodePool[];

  constructor(scope: Construct, id: string, props: AksClusterProps) {
    super(scope, id);
    const p = withDefaults(AKS_DEFAULTS, props);
    const [system, ...users] = p.cluster.nodePools;
    if (!system) throw new PlanInvariantError('regions', `AKS ${p.cluster.name}: no node pool`);
    if (system.capacityType === 'SPOT' || system.taints.length > 0) throw new PlanInvariantError('regions', `AKS ${p.cluster.name}: the system pool ${system.name} cannot be spot or tainted`);
    const common = { location: p.location, tags: { ...p.tags } };

    const rg = new ResourceGroup(this, 'rg', { name: `${p.cluster.name}-cluster`, ...common });
    const logs = new LogAnalyticsWorkspace(this, 'logs', {
      name: p.cluster.name,
      resourceGroupName: rg.name,
      sku: 'PerGB2018',
      retentionInDays: p.logRetentionDays,
      ...common,
    });

    this.cluster = new KubernetesCluster(this, 'cluster', {
      name: p.cluster.name,
      resourceGroupName: rg.name,
      dnsPrefix: p.cluster.name,
      kubernetesVersion: p.cluster.kubernetesVersion,
      skuTier: p.skuTier,
      privateClusterEnabled: true,
      oidcIssuerEnabled: true,
      workloadIdentityEnabled: true,
      roleBasedAccessControlEnabled: true,
      // No static credential: every kubectl user signs in with Entra ID; the operators' group is cluster admin.
      localAccountDisabled: p.access.localAccounts === false,
      azureActiveDirectoryRoleBasedAccessControl: { azureRbacEnabled: true, ...(p.access.principal ? { adminGroupObjectIds: [p.access.principal] } : {}) },
      identity: { type: 'SystemAssigned' },
      networkProfile: {
        networkPlugin: 'azure',
        networkPluginMode: 'overlay',
        podCidr: p.cluster.podCidr,
        serviceCidr: p.cluster.serviceCidr,
        dnsServiceIp: p.cluster.dnsServiceIp,
        networkPolicy: 'cilium',
        networkDataPlane: 'cilium',
        loadBalancerSku: 'standard',
        outboundType: 'userAssignedNATGateway',
      },
      defaultNodePool: { name: aksPoolName(system.name), temporaryNameForRotation: 'rotation', ...poolSettings(system, p.zones, p.subnetId, p.tags) },
      omsAgent: { logAnalyticsWorkspaceId: logs.id },
      ...common,
      dependsOn: p.dependsOn && p.dependsOn.length > 0 ? [...p.dependsOn] : undefined,
    });

    this.nodePools = users.map(
      (pool) =>
        new KubernetesClusterNodePool(this, `pool-${pool.name}`, {
          name: aksPoolName(pool.name),
          kubernetesClusterId: this.cluster.id,
          mode: 'User',
          ...poolSettings(pool, p.zones, p.subnetId, p.tags),
          nodeTaints: nodeTaints(pool),
          ...(pool.capacityType === 'SPOT' ? { priority: 'Spot', evictionPolicy: 'Delete', spotMaxPrice: -1 } : { priority: 'Regular' }),
        }),
    );
  }
}
