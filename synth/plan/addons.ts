/**
 * Platform add-ons of every cluster with workloads (the controllers and CRDs its manifests depend on), the
 * values each release gets from the plan, the layer the GitOps agent reads them from, the cluster's one
 * ClusterSecretStore, and the cloud identity of every add-on controller that calls a cloud API (least
 * privilege: the LB controller only registers targets of the cluster's target groups, cluster-autoscaler only
 * scales Auto Scaling groups tagged for its cluster, External Secrets only reads the cluster's secrets).
 *
 * Order inside a cluster: the platform layer (add-on namespaces, the add-on PriorityClass, the releases, which
 * install the CRDs) before the workloads folder (`<gitops.path>/<region>`), whose ServiceMonitors,
 * PrometheusRules, TargetGroupBindings and ExternalSecrets need those CRDs:
 * - EKS (Argo CD): the root Application syncs `argocd/<region>.yaml`, holding the layer in sync waves
 *   (foundation, controllers) and the cluster's Application last;
 * - GKE (Config Sync): the Terraform root-sync syncs `addons/<region>`: namespaces, a RootSync per release
 *   (sourceType helm) and a RootSync of the workloads folder. Each RootSync has its own reconciler, so the
 *   workloads sync retrying until the CRDs exist never blocks the releases that install them;
 * - AKS (Flux): kustomization `addons` (HelmRepository + HelmRelease, health-checked) and the cluster's
 *   kustomization `dependsOn` it.
 */
import { ADDONS, CLUSTER_AUTOSCALER_IAM, CLUSTER_AUTOSCALER_IMAGE, LB_CONTROLLER_IAM, MANAGED_API_GROUPS, SECRET_READER } from '../catalog/addons';
import type { AddonName, AddonReleasePlan, ClusterAddonsPlan, ControllerIdentityPlan, GitOpsAgentPlan, RegionPlan, SecretStorePlan, TierPlan } from '../model/index';
import * as C from './constants';
import type { PlanContext } from './context';
import { planInvariant } from './invariant';
import { externalSecretsAccount, gcpSecretId, SECRET_STORE as STORE, secretVaultName } from './secret-store';

/** Name of every cluster's ClusterSecretStore (other objects reference it by this name). */
export const SECRET_STORE = STORE.name;
/** Namespace of the Argo CD-free agents' layer folder under `gitops.path`. */
export const ADDONS_FOLDER = 'addons';
/** RootSync of the workloads folder on GKE (the Terraform-managed one is `root-sync`). */
export const WORKLOADS_ROOT_SYNC = 'workloads';
/** Flux kustomization of the platform layer on AKS. */
export const FLUX_LAYER_KUSTOMIZATION = 'addons';
/** Replicas of the add-on controllers that run leader-elected (one survives a node or zone loss). */
export const CONTROLLER_REPLICAS = 2;
/** The Secret holding Grafana's admin login, generated in the cluster (never in Git or in the spec). */
export const GRAFANA_ADMIN_SECRET = 'grafana-admin';
/** Release name of kube-prometheus-stack (its services are `<release>-prometheus`, ...). */
export const PROMETHEUS_RELEASE = 'kube-prometheus-stack';
export const PROMETHEUS_PORT = 9090;
/** Flux substitution variables of the Azure secrets vault's tenant and the External Secrets identity. */
export const AZURE_TENANT_VARIABLE = 'AZURE_TENANT_ID';
export const ESO_CLIENT_ID_VARIABLE = 'AZURE_CLIENT_ID_ADDON_EXTERNAL_SECRETS';

/**
 * The add-on PriorityClass of every add-on pod (the releases', the region prober's): one step above the highest
 * application tier (tiers are at most PRIORITY_BASE), never a tier's name (it has a dot).
 */
export function addonPriorityClass(platform: string): { name: string; value: number } {
  return { name: `addons.${platform}`, value: C.PRIORITY_BASE + C.PRIORITY_STEP };
}

function secretStore(ctx: PlanContext, r: RegionPlan): SecretStorePlan {
  const project = ctx.spec.regions.find((x) => x.id === r.id)?.project;
  switch (r.cloud) {
    case 'aws':
      // Secrets Manager names may hold `/`: `<platform>/<region>/` cannot be the prefix of another region's.
      return { name: SECRET_STORE, kind: 'aws-secrets-manager', keyPrefix: `${ctx.spec.name}/${r.id}/`, location: r.location };
    case 'gcp':
      // Secret Manager ids are [A-Za-z0-9_-]: `_` never occurs in a platform or region id.
      return { name: SECRET_STORE, kind: 'gcp-secret-manager', keyPrefix: gcpSecretId(ctx.spec.name, r.id, ''), location: r.location, ...(project ? { project } : {}) };
    case 'azure': {
      const name = secretVaultName(ctx.spec.name, r.id);
      return { name: SECRET_STORE, kind: 'azure-key-vault', keyPrefix: '', vault: { name, url: `https://${name}.vault.azure.net/` }, tenantIdVariable: AZURE_TENANT_VARIABLE };
    }
  }
}

/** The workloads of a cluster autoscale on Pods (custom) metrics: every HPA targets queue depth. */
const usesCustomMetrics = (r: RegionPlan) => r.workloads.some((w) => w.autoscaling);

function controllerIdentities(r: RegionPlan, installed: ReadonlySet<AddonName>, store: SecretStorePlan): ControllerIdentityPlan[] {
  const cluster = r.cluster.name;
  const facts = (name: AddonName) => ADDONS.find((a) => a.name === name)!;
  const base = (addon: AddonName) => ({ region: r.id, cloud: r.cloud, cluster, addon, namespace: facts(addon).namespace, serviceAccount: facts(addon).serviceAccount });
  const arn = (service: string, resource: string) => `arn:<partition>:${service}:${r.location}:<account>:${resource}`;
  const out: ControllerIdentityPlan[] = [];
  if (r.cloud === 'aws') {
    if (installed.has('aws-load-balancer-controller')) {
      const groups = (r.loadBalancer?.targetGroups ?? []).map((g) => g.name).sort();
      out.push({
        ...base('aws-load-balancer-controller'),
        name: `${cluster}-lb-controller`,
        iam: [
          { sid: 'Describe', actions: [...LB_CONTROLLER_IAM.describe], resources: ['*'] },
          { sid: 'RegisterTargets', actions: [...LB_CONTROLLER_IAM.register], resources: groups.map((g) => arn('elasticloadbalancing', `targetgroup/${g}/*`)) },
        ],
        serviceAccountAnnotations: {},
        podLabels: {},
      });
    }
    if (installed.has('cluster-autoscaler')) {
      out.push({
        ...base('cluster-autoscaler'),
        name: `${cluster}-cluster-autoscaler`,
        iam: [
          { sid: 'Describe', actions: [...CLUSTER_AUTOSCALER_IAM.describe], resources: ['*'] },
          {
            sid: 'ScaleOwnNodeGroups',
            actions: [...CLUSTER_AUTOSCALER_IAM.scale],
            resources: ['*'],
            conditions: [{ test: 'StringEquals', variable: `aws:ResourceTag/${CLUSTER_AUTOSCALER_IAM.tagKey(cluster)}`, values: [CLUSTER_AUTOSCALER_IAM.tagValue] }],
          },
          { sid: 'DescribeOwnNodeGroups', actions: [...CLUSTER_AUTOSCALER_IAM.nodegroups], resources: [arn('eks', `nodegroup/${cluster}/*/*`)] },
        ],
        serviceAccountAnnotations: {},
        podLabels: {},
      });
    }
    out.push({
      ...base('external-secrets'),
      name: `${cluster}-external-secrets`,
      iam: [{ sid: 'ReadPlatformSecrets', actions: [...SECRET_READER.aws], resources: [arn('secretsmanager', `secret:${store.keyPrefix}*`)] }],
      serviceAccountAnnotations: {},
      podLabels: {},
    });
  } else if (r.cloud === 'gcp') {
    const name = externalSecretsAccount(r.id);
    out.push({
      ...base('external-secrets'),
      name,
      gcpRoles: [{ role: SECRET_READER.gcp, title: `${SECRET_STORE}-${r.id}`, secretPrefix: store.keyPrefix }],
      serviceAccountAnnotations: store.project ? { 'iam.gke.io/gcp-service-account': `${name}@${store.project}.iam.gserviceaccount.com` } : {},
      podLabels: {},
    });
  } else {
    out.push({
      ...base('external-secrets'),
      name: `${cluster}-external-secrets`,
      azureVaultRoles: [SECRET_READER.azure],
      serviceAccountAnnotations: { 'azure.workload.identity/client-id': `\${${ESO_CLIENT_ID_VARIABLE}}` },
      podLabels: {},
      clientIdVariable: ESO_CLIENT_ID_VARIABLE,
    });
  }
  return out;
}

function releaseValues(ctx: PlanContext, r: RegionPlan, name: AddonName, priorityClassName: string, identity: ControllerIdentityPlan | undefined, alertmanagerConfig: string): Record<string, unknown> {
  const cluster = r.cluster.name;
  const sa = ADDONS.find((a) => a.name === name)!.serviceAccount;
  const annotations = identity && Object.keys(identity.serviceAccountAnnotations).length > 0 ? { annotations: { ...identity.serviceAccountAnnotations } } : {};
  const interval = `${ctx.spec.observability.scrapeIntervalSeconds}s`;
  switch (name) {
    case 'aws-load-balancer-controller':
      return {
        clusterName: cluster,
        region: r.location,
        // pods cannot reach IMDS (hop limit 1): the VPC is found by its Name tag (the region stack's VPC name)
        vpcTags: { Name: `${ctx.spec.name}-${r.id}` },
        replicaCount: CONTROLLER_REPLICAS,
        priorityClassName,
        serviceAccount: { create: true, name: sa, ...annotations },
        // only TargetGroupBindings: no Service / Ingress load balancers, no WAF, Shield or backend security group
        enableServiceMutatorWebhook: false,
        createIngressClassResource: false,
        enableShield: false,
        enableWaf: false,
        enableWafv2: false,
        enableBackendSecurityGroup: false,
      };
    case 'metrics-server':
      return { replicas: CONTROLLER_REPLICAS, priorityClassName, serviceAccount: { create: true, name: sa } };
    case 'cluster-autoscaler': {
      const image = CLUSTER_AUTOSCALER_IMAGE[r.cluster.kubernetesVersion];
      planInvariant(image, `regions.${r.id}`, `no cluster-autoscaler image in the catalog for Kubernetes ${r.cluster.kubernetesVersion}`);
      return {
        cloudProvider: 'aws',
        awsRegion: r.location,
        autoDiscovery: { clusterName: cluster },
        image: { tag: image },
        fullnameOverride: 'cluster-autoscaler',
        priorityClassName,
        rbac: { serviceAccount: { create: true, name: sa, ...annotations } },
        extraArgs: { 'balance-similar-node-groups': true, expander: 'least-waste' },
      };
    }
    case 'kube-prometheus-stack':
      return {
        fullnameOverride: PROMETHEUS_RELEASE,
        crds: { enabled: true },
        // no admission webhooks: their certificates come from Helm hook Jobs, which not every agent runs
        prometheusOperator: { priorityClassName, admissionWebhooks: { enabled: false }, tls: { enabled: false } },
        prometheus: {
          prometheusSpec: {
            priorityClassName,
            scrapeInterval: interval,
            evaluationInterval: interval,
            externalLabels: { cluster, region: r.id },
            // every ServiceMonitor, PodMonitor, Probe and PrometheusRule of the cluster, not only the chart's
            serviceMonitorSelectorNilUsesHelmValues: false,
            podMonitorSelectorNilUsesHelmValues: false,
            probeSelectorNilUsesHelmValues: false,
            ruleSelectorNilUsesHelmValues: false,
          },
        },
        alertmanager: { alertmanagerSpec: { priorityClassName, replicas: CONTROLLER_REPLICAS, alertmanagerConfiguration: { name: alertmanagerConfig } } },
        grafana: {
          priorityClassName,
          admin: { existingSecret: GRAFANA_ADMIN_SECRET, userKey: 'admin-user', passwordKey: 'admin-password' },
          sidecar: { dashboards: { enabled: true, searchNamespace: 'ALL' } },
        },
        'kube-state-metrics': { priorityClassName },
        'prometheus-node-exporter': { priorityClassName },
        // managed control planes: these components are not reachable from the nodes (their targets would be down)
        kubeControllerManager: { enabled: false },
        kubeScheduler: { enabled: false },
        kubeEtcd: { enabled: false },
        kubeProxy: { enabled: false },
      };
    case 'prometheus-adapter':
      return {
        replicas: CONTROLLER_REPLICAS,
        priorityClassName,
        prometheus: { url: `http://${PROMETHEUS_RELEASE}-prometheus.monitoring.svc`, port: PROMETHEUS_PORT },
        // only the custom metrics the HPAs use (rules.custom, from the metrics contract); metrics.k8s.io stays metrics-server's
        rules: { default: false },
      };
    case 'external-secrets':
      return {
        installCRDs: true,
        replicaCount: CONTROLLER_REPLICAS,
        leaderElect: true,
        priorityClassName,
        webhook: { priorityClassName },
        certController: { priorityClassName },
        serviceAccount: { create: true, name: sa, ...annotations },
        ...(identity && Object.keys(identity.podLabels).length > 0 ? { podLabels: { ...identity.podLabels } } : {}),
      };
  }
}

export interface PlannedAddons {
  readonly addons: ClusterAddonsPlan[];
  readonly controllerIdentities: ControllerIdentityPlan[];
}

export function planAddons(ctx: PlanContext, regions: readonly RegionPlan[], tiers: readonly TierPlan[], agents: readonly GitOpsAgentPlan[]): PlannedAddons {
  const priorityClass = addonPriorityClass(ctx.spec.name);
  for (const t of tiers) planInvariant(t.priority < priorityClass.value, `tiers.${t.id}`, `tier ${t.id} priority ${t.priority} is not below the add-ons' ${priorityClass.value}`);
  const alertmanagerConfig = `${ctx.spec.name}-alert-routing`;
  const addons: ClusterAddonsPlan[] = [];
  const identities: ControllerIdentityPlan[] = [];
  for (const r of regions.filter((x) => x.workloads.length > 0)) {
    const agent = agents.find((a) => a.region === r.id);
    planInvariant(agent, `regions.${r.id}`, `cluster ${r.cluster.name} has workloads but no GitOps agent`);
    const notInstalled: { name: AddonName; why: string }[] = [];
    const wanted = ADDONS.filter((a) => {
      if (!a.clouds.includes(r.cloud)) {
        notInstalled.push({ name: a.name, why: a.elsewhere ?? `not needed on ${r.cloud}` });
        return false;
      }
      if (a.onlyWithCustomMetrics && !usesCustomMetrics(r)) {
        notInstalled.push({ name: a.name, why: 'no HPA of the cluster uses custom metrics' });
        return false;
      }
      if (a.name === 'aws-load-balancer-controller' && !r.workloads.some((w) => w.targetGroup)) {
        notInstalled.push({ name: a.name, why: 'no public service of the cluster binds a target group' });
        return false;
      }
      return true;
    });
    const store = secretStore(ctx, r);
    const installed = new Set(wanted.map((a) => a.name));
    const ids = controllerIdentities(r, installed, store);
    identities.push(...ids);
    const releases: AddonReleasePlan[] = wanted.map((a) => ({
      name: a.name,
      chart: a.chart,
      repoURL: a.repoURL,
      version: a.version,
      appVersion: a.appVersion,
      namespace: a.namespace,
      serviceAccount: a.serviceAccount,
      crdGroups: [...a.crdGroups],
      apiServices: [...a.apiServices],
      values: releaseValues(ctx, r, a.name, priorityClass.name, ids.find((i) => i.addon === a.name), alertmanagerConfig),
      serverSideApply: a.serverSideApply,
      waitForReady: a.waitForReady,
      why: a.why,
      source: a.source,
    }));
    const namespaces = [...new Set(releases.map((x) => x.namespace).filter((n) => n !== 'kube-system'))].sort();
    addons.push({
      region: r.id,
      cloud: r.cloud,
      cluster: r.cluster.name,
      path: agent.argocd ? `${agent.argocd.rootPath}/${agent.argocd.rootInclude}` : `${ctx.spec.gitops.path}/${ADDONS_FOLDER}/${r.id}`,
      priorityClass: { ...priorityClass },
      namespaces,
      releases,
      notInstalled,
      managedApiGroups: MANAGED_API_GROUPS[r.cloud].map((g) => ({ ...g })),
      secretStore: store,
      grafanaAdminSecret: GRAFANA_ADMIN_SECRET,
      alertmanagerConfig,
      ...(agent.configSync ? { workloadsSync: WORKLOADS_ROOT_SYNC } : {}),
      ...(agent.flux ? { fluxKustomization: FLUX_LAYER_KUSTOMIZATION } : {}),
    });
  }
  // Cloud identity names are account- / project-wide: two controllers (or a controller and a workload) must never share one.
  const seen = new Set<string>();
  for (const i of identities) {
    const key = `${i.cloud}/${i.name}`;
    planInvariant(!seen.has(key), `regions.${i.region}`, `controller identity ${i.name} is planned twice`);
    seen.add(key);
  }
  return { addons, controllerIdentities: identities };
}
