/**
 * GitOps agent of an AKS cluster: the Flux v2 cluster extension and one Flux configuration through the
 * Azure API (no network access to the private API server): a Git source at the plan's revision and one
 * kustomization of the cluster's folder, with garbage collection (prune), health waiting, a retry
 * interval after failures and a timeout per attempt. Flux applies CRDs and Namespaces before the other
 * objects and never prunes objects carrying the plan's keep annotation.
 */
import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { KubernetesClusterExtension } from '@cdktf/provider-azurerm/lib/kubernetes-cluster-extension';
import { KubernetesFluxConfiguration } from '@cdktf/provider-azurerm/lib/kubernetes-flux-configuration';
import type { GitOpsAgentPlan } from '../../synth/model/index';
import { PlanInvariantError } from '../../synth/util/errors';

export interface FluxProps {
  readonly agent: GitOpsAgentPlan;
  /** Resource id of the AKS cluster. */
  readonly clusterId: string;
  /**
   * Values Flux substitutes into the manifests (`${VAR}`): the workload identities' client ids.
   * @default {}
   */
  readonly substitute?: Readonly<Record<string, string>>;
  /**
   * The private repository's token (a sensitive variable of the stack; the plan's `credentials` names it), sent
   * with the plan's user name: Flux keeps both in the configuration's protected settings.
   * @default none: the repository is read anonymously
   */
  readonly repositoryToken?: string;
  /**
   * The platform layer (add-on releases): a kustomization of its own, waited for (its HelmReleases healthy)
   * before the cluster's kustomization, which depends on it.
   * @default undefined (the cluster's folder only)
   */
  readonly layer?: { readonly kustomization: string; readonly path: string };
}

export const FLUX_EXTENSION_TYPE = 'microsoft.flux';
export const FLUX_RELEASE_TRAIN = 'Stable';

export class Flux extends Construct {
  readonly extension: KubernetesClusterExtension;
  readonly configuration: KubernetesFluxConfiguration;

  constructor(scope: Construct, id: string, p: FluxProps) {
    super(scope, id);
    const flux = p.agent.flux;
    if (!flux) throw new PlanInvariantError('gitops', `cluster ${p.agent.cluster}: the plan gives no Flux settings`);
    this.extension = new KubernetesClusterExtension(this, 'extension', {
      name: flux.extension,
      clusterId: p.clusterId,
      extensionType: FLUX_EXTENSION_TYPE,
      releaseTrain: FLUX_RELEASE_TRAIN,
      releaseNamespace: p.agent.namespace,
    });
    this.configuration = new KubernetesFluxConfiguration(this, 'configuration', {
      name: p.agent.name,
      clusterId: p.clusterId,
      namespace: p.agent.namespace,
      scope: 'cluster',
      gitRepository: {
        url: p.agent.repoURL,
        referenceType: 'branch',
        referenceValue: p.agent.revision,
        ...(p.agent.credentials && p.repositoryToken ? { httpsUser: p.agent.credentials.username, httpsKeyBase64: Fn.base64encode(p.repositoryToken) } : {}),
        syncIntervalInSeconds: p.agent.syncIntervalSeconds,
        timeoutInSeconds: p.agent.timeoutSeconds,
      },
      kustomizations: [
        ...(p.layer
          ? [
              {
                name: p.layer.kustomization,
                path: p.layer.path,
                garbageCollectionEnabled: p.agent.prune,
                recreatingEnabled: false,
                wait: true,
                syncIntervalInSeconds: p.agent.syncIntervalSeconds,
                retryIntervalInSeconds: p.agent.retry.backoffSeconds,
                timeoutInSeconds: p.agent.timeoutSeconds,
                ...(p.substitute && Object.keys(p.substitute).length > 0 ? { postBuild: { substitute: { ...p.substitute } } } : {}),
              },
            ]
          : []),
        {
          name: flux.kustomization,
          ...(p.layer ? { dependsOn: [p.layer.kustomization] } : {}),
          path: p.agent.path,
          garbageCollectionEnabled: p.agent.prune,
          recreatingEnabled: false,
          wait: true,
          syncIntervalInSeconds: p.agent.syncIntervalSeconds,
          retryIntervalInSeconds: p.agent.retry.backoffSeconds,
          timeoutInSeconds: p.agent.timeoutSeconds,
          ...(p.substitute && Object.keys(p.substitute).length > 0 ? { postBuild: { substitute: { ...p.substitute } } } : {}),
        },
      ],
      dependsOn: [this.extension],
    });
  }
}
