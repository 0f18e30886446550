/**
 * The platform layer of a cluster: the add-on namespaces, the add-on PriorityClass and one Helm release per
 * planned add-on, in the form of the cluster's GitOps agent, applied before the workloads folder:
 *
 *   EKS  kubernetes/argocd/<region>.yaml        (the root Application's file) Namespaces and PriorityClass in
 *                                               the foundation wave, an Application per release (Helm source,
 *                                               `valuesObject`) in the controllers wave, the cluster's
 *                                               Application in the workloads wave
 *   GKE  kubernetes/addons/<region>/            (Terraform's root-sync) 00-namespaces.yaml, 01-releases.yaml
 *                                               (a RootSync per release, sourceType helm) and 02-workloads.yaml
 *                                               (the RootSync of kubernetes/<region>)
 *   AKS  kubernetes/addons/<region>/            (Flux kustomization `addons`; the cluster's kustomization
 *                                               depends on it) 00-namespaces.yaml, 01-releases.yaml
 *                                               (HelmRepository + HelmRelease)
 *
 * and, in the workloads folder, `05-secrets.yaml`: the cluster's ClusterSecretStore and Grafana's admin login
 * (an ExternalSecret of a Password generator: generated in the cluster, never in Git).
 *
 * prometheus-adapter's rules are written here from the metrics contract (conventions.ts): exactly the custom
 * metrics the cluster's HPAs use.
 */
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { AddonReleasePlan, ClusterAddonsPlan, GitOpsAgentPlan, Plan, RegionPlan } from '../../synth/model/index';
import { PlanInvariantError } from '../../synth/util/errors';
import { adapterRules } from './autoscaling';
import { commonLabels, FILE, SYNC_WAVE } from './conventions';

/** Files of the platform layer folder (GKE, AKS). */
export const LAYER_FILE = { namespaces: '00-namespaces.yaml', releases: '01-releases.yaml', workloads: '02-workloads.yaml' } as const;
/** Output path of a repository path the agent reads: `kubernetes/` of the output is `gitops.path` of the repository. */
export function outputPath(plan: Plan, repoPath: string): string {
  if (!repoPath.startsWith(`${plan.gitops.path}/`)) throw new PlanInvariantError('gitops', `${repoPath} is not under gitops.path ${plan.gitops.path}`);
  return `kubernetes/${repoPath.slice(plan.gitops.path.length + 1)}`;
}
export const layerPath = (plan: Plan, layer: ClusterAddonsPlan, file: string): string => `${outputPath(plan, layer.path)}/${file}`;

/** Flux / Config Sync API versions the managed agents serve (the catalog's, written where they are used). */
export const CONFIG_SYNC_API = 'configsync.gke.io/v1beta1';
export const FLUX_SOURCE_API = 'source.toolkit.fluxcd.io/v1';
export const FLUX_HELM_API = 'helm.toolkit.fluxcd.io/v2';
/** Attempts of a failed Helm install / upgrade before Flux gives up until the next change. */
export const FLUX_HELM_RETRIES = 5;

/** Pod Security level of each add-on namespace: node-exporter (monitoring) needs the host network and PID namespace. */
const POD_SECURITY: Readonly<Record<string, string>> = { monitoring: 'privileged' };

/** The release's Helm values with what the constructs own (the adapter rules of the metrics contract). */
export function releaseValues(region: RegionPlan, release: AddonReleasePlan): Record<string, unknown> {
  if (release.name !== 'prometheus-adapter') return { ...release.values };
  const rules = (release.values.rules ?? {}) as Record<string, unknown>;
  return { ...release.values, rules: { ...rules, ...(adapterRules(region) as Record<string, unknown>) } };
}

function keepAndWave(agent: GitOpsAgentPlan, wave: 'foundation' | 'controllers' | 'workloads'): Record<string, string> {
  return { ...(wave === 'foundation' ? agent.keepAnnotations : {}), ...(agent.waves ? { [SYNC_WAVE]: String(agent.waves[wave]) } : {}) };
}

function addFoundation(scope: Construct, plan: Plan, layer: ClusterAddonsPlan, agent: GitOpsAgentPlan): void {
  const labels = commonLabels(plan);
  const annotations = keepAndWave(agent, 'foundation');
  for (const ns of layer.namespaces) {
    const level = POD_SECURITY[ns] ?? 'restricted';
    new k8s.KubeNamespace(scope, `ns-${ns}`, {
      metadata: {
        name: ns,
        annotations,
        labels: { ...labels, 'pod-security.kubernetes.io/enforce': level, 'pod-security.kubernetes.io/audit': level, 'pod-security.kubernetes.io/warn': level },
      },
    });
  }
  new k8s.KubePriorityClass(scope, 'pc-addons', {
    metadata: { name: layer.priorityClass.name, annotations, labels },
    value: layer.priorityClass.value,
    globalDefault: false,
    description: `${plan.name} platform add-ons: above every application tier`,
  });
}

function argoApplications(scope: Construct, plan: Plan, region: RegionPlan, layer: ClusterAddonsPlan, agent: GitOpsAgentPlan): void {
  const argocd = agent.argocd!;
  for (const r of layer.releases) {
    new ApiObject(scope, `addon-${r.name}`, {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: `${argocd.application}-${r.name}`, namespace: agent.namespace, labels: commonLabels(plan), annotations: keepAndWave(agent, 'controllers') },
      spec: {
        project: argocd.project,
        source: { repoURL: r.repoURL, chart: r.chart, targetRevision: r.version, helm: { releaseName: r.name, valuesObject: releaseValues(region, r) } },
        destination: { name: argocd.destination, namespace: r.namespace },
        syncPolicy: {
          automated: { prune: agent.prune, selfHeal: true },
          syncOptions: r.serverSideApply ? ['ServerSideApply=true'] : [],
          retry: {
            limit: agent.retry.limit,
            backoff: { duration: `${agent.retry.backoffSeconds}s`, factor: agent.retry.factor, maxDuration: `${agent.retry.maxBackoffSeconds}s` },
          },
        },
      },
    });
  }
}

function configSyncReleases(scope: Construct, plan: Plan, region: RegionPlan, layer: ClusterAddonsPlan, agent: GitOpsAgentPlan): void {
  for (const r of layer.releases) {
    new ApiObject(scope, `addon-${r.name}`, {
      apiVersion: CONFIG_SYNC_API,
      kind: 'RootSync',
      metadata: { name: r.name, namespace: agent.namespace, labels: commonLabels(plan) },
      spec: {
        sourceFormat: 'unstructured',
        sourceType: 'helm',
        helm: {
          repo: r.repoURL,
          chart: r.chart,
          version: r.version,
          releaseName: r.name,
          namespace: r.namespace,
          includeCRDs: true,
          auth: 'none',
          period: `${agent.syncIntervalSeconds}s`,
          values: releaseValues(region, r),
        },
      },
    });
  }
}

function configSyncWorkloads(scope: Construct, plan: Plan, layer: ClusterAddonsPlan, agent: GitOpsAgentPlan): void {
  new ApiObject(scope, 'workloads', {
    apiVersion: CONFIG_SYNC_API,
    kind: 'RootSync',
    metadata: { name: layer.workloadsSync!, namespace: agent.namespace, labels: commonLabels(plan) },
    spec: {
      sourceFormat: 'unstructured',
      sourceType: 'git',
      // a private repository: the token Secret the root-sync reads (same namespace, a one-time prerequisite)
      git: {
        repo: agent.repoURL,
        branch: agent.revision,
        dir: agent.path,
        auth: agent.credentials ? 'token' : 'none',
        ...(agent.credentials ? { secretRef: { name: agent.credentials.secret } } : {}),
        period: `${agent.syncIntervalSeconds}s`,
      },
    },
  });
}

/** Flux HelmRepository name of a chart repository URL (its host, dots as hyphens). */
export const helmRepositoryName = (url: string): string => new URL(url).hostname.replace(/\./g, '-');

function fluxReleases(scope: Construct, plan: Plan, region: RegionPlan, layer: ClusterAddonsPlan, agent: GitOpsAgentPlan): void {
  const interval = `${agent.syncIntervalSeconds}s`;
  const timeout = `${agent.timeoutSeconds}s`;
  for (const url of [...new Set(layer.releases.map((r) => r.repoURL))].sort()) {
    new ApiObject(scope, `repo-${helmRepositoryName(url)}`, {
      apiVersion: FLUX_SOURCE_API,
      kind: 'HelmRepository',
      metadata: { name: helmRepositoryName(url), namespace: agent.namespace, labels: commonLabels(plan) },
      spec: { url, interval, timeout },
    });
  }
  for (const r of layer.releases) {
    const remediation = { retries: FLUX_HELM_RETRIES };
    new ApiObject(scope, `addon-${r.name}`, {
      apiVersion: FLUX_HELM_API,
      kind: 'HelmRelease',
      metadata: { name: r.name, namespace: agent.namespace, labels: commonLabels(plan) },
      spec: {
        releaseName: r.name,
        targetNamespace: r.namespace,
        storageNamespace: r.namespace,
        interval,
        timeout,
        chart: { spec: { chart: r.chart, version: r.version, sourceRef: { kind: 'HelmRepository', name: helmRepositoryName(r.repoURL), namespace: agent.namespace } } },
        install: { crds: 'CreateReplace', remediation, ...(r.waitForReady ? {} : { disableWait: true }) },
        upgrade: { crds: 'CreateReplace', remediation, ...(r.waitForReady ? {} : { disableWait: true }) },
        values: releaseValues(region, r),
      },
    });
  }
}

/** The platform layer of one cluster, in its agent's form. `file` gives the scope of a file path. */
export function addPlatformLayer(plan: Plan, region: RegionPlan, layer: ClusterAddonsPlan, agent: GitOpsAgentPlan, file: (path: string) => Construct): void {
  if (agent.argocd) {
    const scope = file(outputPath(plan, layer.path));
    addFoundation(scope, plan, layer, agent);
    argoApplications(scope, plan, region, layer, agent);
  } else if (agent.configSync) {
    addFoundation(file(layerPath(plan, layer, LAYER_FILE.namespaces)), plan, layer, agent);
    configSyncReleases(file(layerPath(plan, layer, LAYER_FILE.releases)), plan, region, layer, agent);
    configSyncWorkloads(file(layerPath(plan, layer, LAYER_FILE.workloads)), plan, layer, agent);
  } else if (agent.flux) {
    addFoundation(file(layerPath(plan, layer, LAYER_FILE.namespaces)), plan, layer, agent);
    fluxReleases(file(layerPath(plan, layer, LAYER_FILE.releases)), plan, region, layer, agent);
  } else {
    throw new PlanInvariantError('gitops', `cluster ${agent.cluster}: agent ${agent.kind} has no settings the platform layer can be written for`);
  }
}

/** `05-secrets.yaml` of the workloads folder: the ClusterSecretStore and Grafana's generated admin login. */
export function addSecrets(scope: Construct, plan: Plan, layer: ClusterAddonsPlan): void {
  const labels = commonLabels(plan);
  const store = layer.secretStore;
  const eso = layer.releases.find((r) => r.name === 'external-secrets');
  if (!eso) throw new PlanInvariantError('regions', `cluster ${layer.cluster}: a secret store without External Secrets`);
  let provider: Record<string, unknown> | undefined;
  switch (store.kind) {
    case 'aws-secrets-manager':
      // no auth: the controller's own credentials (EKS Pod Identity association of its ServiceAccount)
      provider = { aws: { service: 'SecretsManager', region: store.location } };
      break;
    case 'gcp-secret-manager':
      // no auth: the controller's Workload Identity (its ServiceAccount names the Google service account)
      provider = store.project ? { gcpsm: { projectID: store.project } } : undefined;
      break;
    case 'azure-key-vault':
      provider = {
        azurekv: {
          vaultUrl: store.vault!.url,
          authType: 'WorkloadIdentity',
          tenantId: `\${${store.tenantIdVariable}}`,
          serviceAccountRef: { name: eso.serviceAccount, namespace: eso.namespace },
        },
      };
      break;
  }
  if (provider) {
    new ApiObject(scope, 'secret-store', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: { name: store.name, labels },
      spec: { provider },
    });
  }
  const prometheus = layer.releases.find((r) => r.name === 'kube-prometheus-stack');
  if (!prometheus) return;
  new ApiObject(scope, 'grafana-admin-password', {
    apiVersion: 'generators.external-secrets.io/v1alpha1',
    kind: 'Password',
    metadata: { name: layer.grafanaAdminSecret, namespace: prometheus.namespace, labels },
    spec: { length: 32, digits: 6, symbols: 0, noUpper: false, allowRepeat: true },
  });
  new ApiObject(scope, 'grafana-admin', {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: layer.grafanaAdminSecret, namespace: prometheus.namespace, labels },
    spec: {
      // generated once, never rotated by a refresh
      refreshInterval: '0s',
      target: {
        name: layer.grafanaAdminSecret,
        creationPolicy: 'Owner',
        template: { data: { 'admin-user': 'admin', 'admin-password': '{{ .password }}' } },
      },
      dataFrom: [{ sourceRef: { generatorRef: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'Password', name: layer.grafanaAdminSecret } } }],
    },
  });
}

export const SECRETS_FILE = FILE.secrets;
