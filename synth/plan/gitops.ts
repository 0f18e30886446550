/**
 * The GitOps agent of every cluster with workloads: the cloud's managed agent (EKS capability for Argo CD,
 * GKE Config Sync, AKS Flux), created by the region's Terraform stack through the cloud API, so nobody
 * needs network access to the private API endpoints. Each agent syncs `<gitops.path>/<region>` at
 * `gitops.revision`, prunes what leaves Git except Namespaces and PriorityClasses (which need a person),
 * and retries failed syncs with exponential backoff.
 */
import { GITOPS_AGENTS } from '../catalog/gitops';
import type { GitOpsAgentPlan, RegionPlan } from '../model/index';
import type { PlanContext } from './context';

/** Reconciliation interval of every agent. */
export const SYNC_INTERVAL_SECONDS = 120;
/** Time one reconciliation may take before it counts as failed. */
export const SYNC_TIMEOUT_SECONDS = 600;
/**
 * Failed syncs: retried without end (Argo CD `retry.limit` below 0 = unlimited: Argo CD docs, "Automated Sync
 * Policy" / Application spec `syncPolicy.retry.limit`), 10 s doubling to 5 min. A bounded count would give up on a
 * fresh cluster whose add-ons (CRDs, webhooks) take longer than the retries span, and nothing would resume it before
 * the next commit. Flux and Config Sync retry without a count of their own.
 */
export const SYNC_RETRY = { limit: -1, backoffSeconds: 10, factor: 2, maxBackoffSeconds: 300 } as const;
/** Argo CD sync waves of the three layers. */
export const SYNC_WAVES = { foundation: -2, controllers: -1, workloads: 0 } as const;
/** Folder (under gitops.path) of the Argo CD root Applications' files. */
export const ARGOCD_FOLDER = 'argocd';
/** Argo CD project of the Applications. */
export const ARGOCD_PROJECT = 'default';
/** Flux configuration and kustomization names (unique per cluster). */
export const FLUX_CONFIGURATION = 'platform';
export const FLUX_KUSTOMIZATION = 'cluster';
export const FLUX_EXTENSION = 'flux';

export function planGitOpsAgents(ctx: PlanContext, regions: readonly RegionPlan[]): GitOpsAgentPlan[] {
  const { spec } = ctx;
  const withWorkloads = regions.filter((r) => r.workloads.length > 0);
  // The fleet feature is one per project: the first GCP region (by id) of each project creates it. Regions without
  // a `project` in the spec count as one project (their stacks' `gcp_project` variable).
  const projectOf = (id: string) => spec.regions.find((x) => x.id === id)?.project ?? '';
  const gcp = withWorkloads.filter((r) => r.cloud === 'gcp').map((r) => r.id).sort();
  const featureRegionOf = (id: string) => gcp.find((g) => projectOf(g) === projectOf(id))!;
  return withWorkloads.map((r) => {
    const facts = GITOPS_AGENTS[r.cloud];
    const cluster = r.cluster.name;
    const base = {
      region: r.id,
      cloud: r.cloud,
      kind: facts.kind,
      cluster,
      repoURL: spec.gitops.repoURL,
      revision: spec.gitops.revision,
      path: `${spec.gitops.path}/${r.id}`,
      namespace: facts.namespace,
      syncIntervalSeconds: SYNC_INTERVAL_SECONDS,
      timeoutSeconds: SYNC_TIMEOUT_SECONDS,
      retry: { ...SYNC_RETRY },
      prune: true,
      keepAnnotations: { ...facts.keepAnnotations },
      replicasInGit: facts.ignoresFields,
      ...(spec.gitops.credentials ? { credentials: repositoryCredentials(r, spec.name, spec.gitops.credentials.username, projectOf(r.id)) } : {}),
    };
    switch (facts.kind) {
      case 'eks-argocd-capability': {
        const application = r.cluster.gitopsApplication;
        const patch = (p: string) => `kubectl --context ${cluster} -n ${facts.namespace} patch application ${application} --type merge -p '${p}'`;
        return {
          ...base,
          name: `${cluster}-argocd`,
          waves: { ...SYNC_WAVES },
          pauseCommand: patch('{"spec":{"syncPolicy":{"automated":null}}}'),
          resumeCommand: patch('{"spec":{"syncPolicy":{"automated":{"prune":true,"selfHeal":true}}}}'),
          argocd: {
            application,
            rootApplication: `${application}-root`,
            rootPath: `${spec.gitops.path}/${ARGOCD_FOLDER}`,
            rootInclude: `${r.id}.yaml`,
            destination: cluster,
            project: ARGOCD_PROJECT,
            capabilityRole: `${cluster}-argocd`,
            bootstrapFunction: `${cluster}-gitops-bootstrap`,
            bootstrapRole: `${cluster}-gitops-bootstrap`,
          },
        };
      }
      case 'gke-config-sync': {
        const stop = (value: boolean) =>
          `gcloud beta container fleet config-management apply --membership=${cluster} --config=<(printf 'applySpecVersion: 1\\nspec:\\n  configSync:\\n    enabled: true\\n    stopSyncing: ${value}\\n')`;
        return {
          ...base,
          name: cluster,
          pauseCommand: stop(true),
          resumeCommand: `${stop(false)} (then \`terraform apply\` of region-${r.id} restores the full Config Sync settings)`,
          configSync: { membership: cluster, createsFeature: r.id === featureRegionOf(r.id), featureStack: `region-${featureRegionOf(r.id)}`, sourceFormat: 'unstructured' as const },
        };
      }
      case 'aks-flux': {
        const resourceGroup = `${cluster}-cluster`;
        const suspend = (value: boolean) =>
          `az k8s-configuration flux update --resource-group ${resourceGroup} --cluster-name ${cluster} --cluster-type managedClusters --name ${FLUX_CONFIGURATION} --suspend ${value}`;
        return {
          ...base,
          name: FLUX_CONFIGURATION,
          pauseCommand: suspend(true),
          resumeCommand: suspend(false),
          flux: { extension: FLUX_EXTENSION, kustomization: FLUX_KUSTOMIZATION, resourceGroup, noSubstitution: { 'kustomize.toolkit.fluxcd.io/substitute': 'disabled' } },
        };
      }
    }
  });
}

/** AWS: Secrets Manager secret of the repository token; GKE: Config Sync's Secret; AKS: the stack variable. */
export const REPOSITORY_TOKEN = { gkeSecret: 'git-creds', gkeNamespace: 'config-management-system', azureVariable: 'gitops_repository_token' } as const;
export const repositorySecretName = (platform: string) => `${platform}/gitops/repository`;

function repositoryCredentials(r: RegionPlan, platform: string, username: string, project: string): NonNullable<GitOpsAgentPlan['credentials']> {
  switch (r.cloud) {
    case 'aws': {
      const secret = repositorySecretName(platform);
      return {
        username,
        secret,
        prerequisite: `aws secretsmanager create-secret --region ${r.location} --name ${secret} --secret-string "{\\"password\\":\\"$GIT_TOKEN\\"}"`,
      };
    }
    case 'gcp':
      return {
        username,
        secret: REPOSITORY_TOKEN.gkeSecret,
        prerequisite:
          `gcloud container fleet memberships get-credentials ${r.cluster.name}${project ? ` --project ${project}` : ''} && ` +
          `kubectl create secret generic ${REPOSITORY_TOKEN.gkeSecret} --namespace ${REPOSITORY_TOKEN.gkeNamespace} --from-literal=username=${username} --from-literal=token="$GIT_TOKEN"`,
      };
    case 'azure':
      return { username, secret: REPOSITORY_TOKEN.azureVariable, prerequisite: `export TF_VAR_${REPOSITORY_TOKEN.azureVariable}="$GIT_TOKEN"` };
  }
}

/** Stacks that must apply after another one because of an agent (Config Sync's per-project fleet feature). */
export function agentStackDependencies(agents: readonly GitOpsAgentPlan[]): ReadonlyMap<string, readonly string[]> {
  const deps = new Map<string, string[]>();
  for (const a of agents) {
    if (a.configSync && !a.configSync.createsFeature) deps.set(`region-${a.region}`, [a.configSync.featureStack]);
  }
  return deps;
}
