/**
 * `kubernetes/argocd/<region>.yaml`: the Argo CD Application of each cluster whose agent is Argo CD (EKS
 * capability), syncing `<gitops.path>/<region>` of the platform repository into the cluster registered
 * in Argo CD under the plan's destination name (Terraform's bootstrap registers it and creates the root
 * Application that syncs this file). Automated sync with prune and self-heal, retries with backoff.
 *
 * The HPA owns `spec.replicas` of autoscaled Deployments: those fields are listed in
 * ignoreDifferences and `RespectIgnoreDifferences=true` keeps sync from resetting them. Pilot-light
 * Deployments are not listed: their replica count stays Git-controlled.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { GitOpsAgentPlan, Plan, RegionPlan } from '../../synth/model/index';
import { commonLabels, platformKey, SYNC_WAVE } from './conventions';

export function addApplication(scope: Construct, plan: Plan, region: RegionPlan, agent: GitOpsAgentPlan): void {
  const argocd = agent.argocd!;
  new ApiObject(scope, `application-${region.id}`, {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: argocd.application,
      namespace: agent.namespace,
      labels: { ...commonLabels(plan), [platformKey(plan, 'region')]: region.id },
      // after the platform layer's namespaces and add-on releases (the CRDs its objects need)
      ...(agent.waves ? { annotations: { [SYNC_WAVE]: String(agent.waves.workloads) } } : {}),
    },
    spec: {
      project: argocd.project,
      source: {
        repoURL: agent.repoURL,
        targetRevision: agent.revision,
        path: agent.path,
        directory: { recurse: false },
      },
      destination: { name: argocd.destination },
      syncPolicy: {
        automated: { prune: agent.prune, selfHeal: true },
        // an add-on still installing its CRDs fails the sync (retried with backoff), not the dry run of the whole folder
        syncOptions: ['RespectIgnoreDifferences=true', 'SkipDryRunOnMissingResource=true'],
        retry: {
          limit: agent.retry.limit,
          backoff: { duration: `${agent.retry.backoffSeconds}s`, factor: agent.retry.factor, maxDuration: `${agent.retry.maxBackoffSeconds}s` },
        },
      },
      ignoreDifferences: region.workloads
        .filter((w) => w.autoscaling)
        .map((w) => ({ group: 'apps', kind: 'Deployment', namespace: w.namespace, name: w.service, jsonPointers: ['/spec/replicas'] })),
    },
  });
}
