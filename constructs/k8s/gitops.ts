/**
 * `kubernetes/argocd/<region>.yaml`: one Argo CD Application per cluster with workloads, syncing
 * `<gitops.path>/<region>` of the platform repository into the cluster registered in Argo CD under
 * the plan's cluster name. Automated sync with prune and self-heal.
 *
 * The HPA owns `spec.replicas` of autoscaled Deployments: those fields are listed in
 * ignoreDifferences and `RespectIgnoreDifferences=true` keeps sync from resetting them. Pilot-light
 * Deployments are not listed: their replica count stays Git-controlled.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { Plan, RegionPlan } from '../../synth/model/index';
import { ADDONS, commonLabels, LABEL, platformKey } from './conventions';

export function addApplication(scope: Construct, plan: Plan, region: RegionPlan): void {
  new ApiObject(scope, `application-${region.id}`, {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: region.cluster.gitopsApplication,
      namespace: ADDONS.argocdNamespace,
      labels: { ...commonLabels(plan), [platformKey(plan, 'region')]: region.id },
    },
    spec: {
      project: ADDONS.argocdProject,
      source: {
        repoURL: plan.gitops.repoURL,
        targetRevision: plan.gitops.revision,
        path: `${plan.gitops.path}/${region.id}`,
        directory: { recurse: false },
      },
      destination: { name: region.cluster.name },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['RespectIgnoreDifferences=true'],
      },
      ignoreDifferences: region.workloads
        .filter((w) => w.autoscaling)
        .map((w) => ({ group: 'apps', kind: 'Deployment', namespace: w.namespace, name: w.service, jsonPointers: ['/spec/replicas'] })),
    },
  });
}
