/**
 * GKE cluster of a GCP failover region: regional, private nodes and private endpoint, VPC-native,
 * Dataplane V2 (enforces the Kubernetes NetworkPolicies), Workload Identity, shielded nodes, the
 * default node pool removed, and one node pool per planned pool: machine type, spot, labels and
 * taints from the plan; the plan's min/max as the autoscaler's totals over the zones, its desired count per zone
 * as the initial node count (GKE counts that per zone). With
 * `secretsEncryption`, Kubernetes secrets are encrypted in etcd with a Cloud KMS key
 * (application-layer secrets encryption, `database_encryption`).
 */
import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
import { ContainerNodePool } from '@cdktf/provider-google/lib/container-node-pool';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import type { ClusterPlan, NodePoolPlan, PlanRange } from '../../synth/model/index';
import { withDefaults } from '../terraform/util';
import { GKE_POD_RANGE, GKE_SERVICE_RANGE } from './network';
import { PlanInvariantError } from '../../synth/util/errors';

export interface GkeClusterProps {
  readonly cluster: ClusterPlan;
  /** GCP region of the (regional) cluster. */
  readonly location: string;
  /** Zones of the nodes. */
  readonly zones: readonly string[];
  readonly networkId: string;
  readonly subnetworkId: string;
  /** GCP project (for the Workload Identity pool). */
  readonly project: string;
  /** Node service account id (6-30 characters). */
  readonly serviceAccountId: string;
  /** Length limits of a Google service account id (the plan's `limits.gcpServiceAccountIdLength`). */
  readonly serviceAccountIdLength: PlanRange;
  /**
   * Project role of the node service account (logs, metrics, metadata; the plan's).
   * @default undefined (no role: nodes cannot write logs or metrics)
   */
  readonly nodeRole?: string;
  /**
   * Release channel.
   * @default RELEASE_CHANNEL ('REGULAR')
   */
  readonly releaseChannel?: string;
  /**
   * Boot disk type of the nodes.
   * @default DISK_TYPE ('pd-balanced')
   */
  readonly diskType?: string;
  /**
   * Boot disk size of the nodes in GB.
   * @default DISK_SIZE_GB (100)
   */
  readonly diskSizeGb?: number;
  /**
   * Cloud KMS key encrypting the Kubernetes secrets, and what must exist first (the key grant of the
   * GKE service agent).
   * @default undefined (Google-managed encryption only)
   */
  readonly secretsEncryption?: { readonly keyId: string; readonly dependsOn: readonly ITerraformDependable[] };
}

export const RELEASE_CHANNEL = 'REGULAR';
export const DISK_TYPE = 'pd-balanced';
export const DISK_SIZE_GB = 100;

const GKE_DEFAULTS = { releaseChannel: RELEASE_CHANNEL, diskType: DISK_TYPE, diskSizeGb: DISK_SIZE_GB };

const TAINT_EFFECT: Readonly<Record<NodePoolPlan['taints'][number]['effect'], string>> = { NoSchedule: 'NO_SCHEDULE' };

export class GkeCluster extends Construct {
  readonly cluster: ContainerCluster;
  readonly nodePools: readonly ContainerNodePool[];

  constructor(scope: Construct, id: string, props: GkeClusterProps) {
    super(scope, id);
    const p = withDefaults(GKE_DEFAULTS, props);
    const idLength = p.serviceAccountIdLength;
    if (p.serviceAccountId.length < idLength.min || p.serviceAccountId.length > idLength.max) {
      throw new PlanInvariantError('regions', `GKE ${p.cluster.name}: service account id ${p.serviceAccountId} must have ${idLength.min} to ${idLength.max} characters`);
    }
    const nodeAccount = new ServiceAccount(this, 'nodes', { accountId: p.serviceAccountId, displayName: `Nodes of GKE cluster ${p.cluster.name}` });
    if (p.nodeRole) new ProjectIamMember(this, 'nodes-role', { project: p.project, role: p.nodeRole, member: `serviceAccount:${nodeAccount.email}` });

    this.cluster = new ContainerCluster(this, 'cluster', {
      name: p.cluster.name,
      location: p.location,
      nodeLocations: [...p.zones],
      network: p.networkId,
      subnetwork: p.subnetworkId,
      minMasterVersion: p.cluster.kubernetesVersion,
      releaseChannel: { channel: p.releaseChannel },
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      deletionProtection: true,
      networkingMode: 'VPC_NATIVE',
      ipAllocationPolicy: { stackType: 'IPV4', clusterSecondaryRangeName: GKE_POD_RANGE, servicesSecondaryRangeName: GKE_SERVICE_RANGE },
      datapathProvider: 'ADVANCED_DATAPATH',
      // GKE's built-in Gateway controller (the public entry point: Gateway + HTTPRoutes in the manifests).
      gatewayApiConfig: { channel: 'CHANNEL_STANDARD' },
      privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: true },
      workloadIdentityConfig: { workloadPool: `${p.project}.svc.id.goog` },
      enableShieldedNodes: true,
      loggingConfig: { enableComponents: ['SYSTEM_COMPONENTS', 'APISERVER', 'CONTROLLER_MANAGER', 'SCHEDULER', 'WORKLOADS'] },
      databaseEncryption: p.secretsEncryption ? { state: 'ENCRYPTED', keyName: p.secretsEncryption.keyId } : undefined,
      dependsOn: p.secretsEncryption ? [...p.secretsEncryption.dependsOn] : undefined,
    });

    for (const pool of p.cluster.nodePools) {
      if (pool.zones !== p.zones.length || pool.perZone.desired * pool.zones !== pool.desired) {
        throw new PlanInvariantError('regions', `GKE node pool ${pool.name}: planned over ${pool.zones} zones (${pool.perZone.desired} per zone, ${pool.desired} in all), the cluster has ${p.zones.length}`);
      }
    }
    this.nodePools = p.cluster.nodePools.map(
      (pool) =>
        new ContainerNodePool(this, `pool-${pool.name}`, {
          name: pool.name,
          cluster: this.cluster.id,
          location: p.location,
          // GKE counts initial_node_count per zone (the autoscaler's total_* over the zones); the autoscaler owns
          // the size after creation, and a changed initial count would replace the pool.
          initialNodeCount: pool.perZone.desired,
          autoscaling: { totalMinNodeCount: pool.min, totalMaxNodeCount: pool.max, locationPolicy: 'BALANCED' },
          lifecycle: { ignoreChanges: ['initial_node_count'] },
          management: { autoRepair: true, autoUpgrade: true },
          nodeConfig: {
            machineType: pool.instanceType,
            spot: pool.capacityType === 'SPOT',
            labels: { ...pool.labels },
            taint: pool.taints.length > 0 ? pool.taints.map((t) => ({ key: t.key, value: t.value, effect: TAINT_EFFECT[t.effect] })) : undefined,
            resourceLabels: { 'cost-pool': pool.kind },
            serviceAccount: nodeAccount.email,
            oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'],
            diskType: p.diskType,
            diskSizeGb: p.diskSizeGb,
            shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
            workloadMetadataConfig: { mode: 'GKE_METADATA' },
          },
        }),
    );
  }
}
