/**
 * GitOps agent of a GKE cluster: Config Sync, configured through the fleet API (no network access to the
 * private endpoint): the cluster's fleet membership (with its Workload Identity issuer), the project's
 * `configmanagement` fleet feature (created by exactly one stack, see the plan), and the membership's
 * Config Sync settings: an unstructured repository at the cluster's folder, drift prevention (the
 * admission webhook refuses changes made outside Git), automatic upgrades by Google. Config Sync prunes
 * what leaves Git and retries failed applies with backoff itself; objects annotated with the plan's
 * keep annotation are detached instead of deleted.
 */
import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { GkeHubFeature } from '@cdktf/provider-google/lib/gke-hub-feature';
import { GkeHubFeatureMembership } from '@cdktf/provider-google/lib/gke-hub-feature-membership';
import { GkeHubMembership } from '@cdktf/provider-google/lib/gke-hub-membership';
import type { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
import type { GitOpsAgentPlan } from '../../synth/model/index';
import { PlanInvariantError } from '../../synth/util/errors';

export interface ConfigSyncProps {
  readonly agent: GitOpsAgentPlan;
  readonly cluster: ContainerCluster;
  /** What must exist first (the fleet and Config Sync APIs enabled). */
  readonly dependsOn?: readonly ITerraformDependable[];
  /**
   * Folder the root-sync reads: the cluster's platform layer (add-on releases and the RootSync of the
   * cluster's folder).
   * @default agent.path (the cluster's folder itself)
   */
  readonly rootDir?: string;
}

/** The fleet feature of Config Sync, and the location of fleet features and memberships. */
export const CONFIG_SYNC_FEATURE = 'configmanagement';
export const FLEET_LOCATION = 'global';
/** Google upgrades Config Sync itself (no version pinned here). */
export const CONFIG_SYNC_MANAGEMENT = 'MANAGEMENT_AUTOMATIC';
/** Public repository: no credentials (a private one needs a secret type, see ARCHITECTURE.md). */
export const CONFIG_SYNC_SECRET_TYPE = 'none';
export const CONFIG_SYNC_TOKEN_SECRET_TYPE = 'token';

export class ConfigSync extends Construct {
  readonly membership: GkeHubMembership;
  readonly featureMembership: GkeHubFeatureMembership;

  constructor(scope: Construct, id: string, p: ConfigSyncProps) {
    super(scope, id);
    const cs = p.agent.configSync;
    if (!cs) throw new PlanInvariantError('gitops', `cluster ${p.agent.cluster}: the plan gives no Config Sync settings`);
    this.membership = new GkeHubMembership(this, 'membership', {
      membershipId: cs.membership,
      location: FLEET_LOCATION,
      endpoint: { gkeCluster: { resourceLink: `//container.googleapis.com/${p.cluster.id}` } },
      authority: { issuer: `https://container.googleapis.com/v1/${p.cluster.id}` },
      dependsOn: p.dependsOn ? [...p.dependsOn] : undefined,
    });
    const feature = cs.createsFeature
      ? new GkeHubFeature(this, 'feature', { name: CONFIG_SYNC_FEATURE, location: FLEET_LOCATION, dependsOn: p.dependsOn ? [...p.dependsOn] : undefined })
      : undefined;
    this.featureMembership = new GkeHubFeatureMembership(this, 'config-sync', {
      location: FLEET_LOCATION,
      feature: feature ? feature.name : CONFIG_SYNC_FEATURE,
      membership: this.membership.membershipId,
      configmanagement: {
        management: CONFIG_SYNC_MANAGEMENT,
        configSync: {
          enabled: true,
          sourceFormat: cs.sourceFormat,
          preventDrift: true,
          git: {
            syncRepo: p.agent.repoURL,
            syncBranch: p.agent.revision,
            policyDir: p.rootDir ?? p.agent.path,
            // token: Config Sync reads the Secret the plan names (a one-time prerequisite); none: anonymous
            secretType: p.agent.credentials ? CONFIG_SYNC_TOKEN_SECRET_TYPE : CONFIG_SYNC_SECRET_TYPE,
            syncWaitSecs: String(p.agent.syncIntervalSeconds),
          },
        },
      },
      dependsOn: feature ? [feature] : undefined,
    });
  }
}
