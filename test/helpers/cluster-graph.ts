/**
 * What one cluster receives and what serves it, read from the generated output (Kubernetes objects by file,
 * Terraform stacks by name) and the plan's add-on releases, for the "everything used is installed" graph
 * tests: every apiVersion group of every object delivered to a cluster is built in, installed by an add-on
 * release delivered to that cluster, or served by a cloud feature / agent the region's Terraform enables;
 * every namespace an object (or a release) is placed in exists; every add-on pod runs above every tier.
 */
import type { AddonReleasePlan, ClusterAddonsPlan, Plan } from '../../synth/model/index';

export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly annotations?: Record<string, string> };
  readonly spec?: any;
  readonly value?: number;
}

/** API groups every conformant cluster serves. */
export const BUILT_IN_GROUPS: ReadonlySet<string> = new Set([
  '',
  'apps',
  'autoscaling',
  'batch',
  'policy',
  'networking.k8s.io',
  'scheduling.k8s.io',
  'rbac.authorization.k8s.io',
  'apiextensions.k8s.io',
  'admissionregistration.k8s.io',
  'storage.k8s.io',
  'coordination.k8s.io',
]);

/** Namespaces every cluster has. */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

export const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

/** Every cluster of the plan as a region: the regions' and the restore sites' cluster views. */
export const clusterRegions = (plan: Plan) => [...plan.regions, ...plan.restoreSites.map((s) => s.region)];

/** The Terraform stack that creates a cluster: its region's, or a restore site's own (`restore-<primary>`). */
export const clusterStackName = (plan: Plan, cluster: string): string => (plan.restoreSites.some((s) => s.region.id === cluster) ? cluster : `region-${cluster}`);

/** Output path (`kubernetes/...`) of a repository path under `gitops.path`. */
export const outputPathOf = (plan: Plan, repoPath: string): string => `kubernetes/${repoPath.slice(plan.gitops.path.length + 1)}`;

/** Every object the agent of `region` applies: the workloads folder and the platform layer. */
export function clusterObjects(plan: Plan, files: ReadonlyMap<string, readonly unknown[]>, region: string): K8sObject[] {
  const layer = plan.addons.find((a) => a.region === region);
  const layerPath = layer ? outputPathOf(plan, layer.path) : undefined;
  return [...files]
    .filter(([p]) => p.startsWith(`kubernetes/${region}/`) || (layerPath !== undefined && (p === layerPath || p.startsWith(`${layerPath}/`))))
    .flatMap(([, objs]) => objs as K8sObject[]);
}

const resources = (stack: any, type: string): any[] => Object.values(stack?.resource?.[type] ?? {});

/** Whether the region's Terraform (or the cluster's releases) provides what a managed-group claim names. */
function provides(by: string, stack: any, releases: readonly AddonReleasePlan[]): boolean {
  switch (by) {
    case 'aws_eks_capability':
      return resources(stack, 'aws_eks_capability').some((c) => c.type === 'ARGOCD');
    case 'google_container_cluster.gateway_api_config':
      return resources(stack, 'google_container_cluster').some((c) => c.gateway_api_config?.channel === 'CHANNEL_STANDARD');
    case 'google_gke_hub_feature_membership':
      return resources(stack, 'google_gke_hub_feature_membership').some((m) => m.configmanagement?.config_sync?.enabled === true);
    case 'azurerm_kubernetes_cluster_extension':
      return resources(stack, 'azurerm_kubernetes_cluster_extension').some((e) => e.extension_type === 'microsoft.flux');
    case 'google_container_cluster':
    case 'azurerm_kubernetes_cluster':
      return resources(stack, by).length > 0;
    default:
      return releases.some((r) => r.name === by);
  }
}

/** Groups served in the cluster: built in, its releases' CRDs and aggregated APIs, and the verified managed groups. */
export function servedGroups(layer: ClusterAddonsPlan, stack: any): { served: Set<string>; unverified: string[] } {
  const served = new Set<string>(BUILT_IN_GROUPS);
  for (const r of layer.releases) for (const g of [...r.crdGroups, ...r.apiServices]) served.add(g);
  const unverified: string[] = [];
  for (const m of layer.managedApiGroups) {
    if (provides(m.by, stack, layer.releases)) served.add(m.group);
    else unverified.push(`${m.group} (claimed by ${m.by}, not in the region stack)`);
  }
  return { served, unverified };
}

/** Problems: objects whose API group nothing serves, HPA metrics whose API nothing serves. */
export function apiGroupProblems(plan: Plan, files: ReadonlyMap<string, readonly unknown[]>, stacks: ReadonlyMap<string, any>, region: string): string[] {
  const layer = plan.addons.find((a) => a.region === region);
  if (!layer) return [`${region}: no platform layer`];
  const { served, unverified } = servedGroups(layer, stacks.get(clusterStackName(plan, region)));
  const out = unverified.map((u) => `${region}: ${u}`);
  for (const o of clusterObjects(plan, files, region)) {
    const g = groupOf(o.apiVersion);
    if (!served.has(g)) out.push(`${region}: ${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name} uses ${o.apiVersion}, which nothing installs`);
    if (o.kind === 'HorizontalPodAutoscaler') {
      for (const m of o.spec.metrics ?? []) {
        const api = m.type === 'Resource' ? 'metrics.k8s.io' : m.type === 'Pods' || m.type === 'Object' ? 'custom.metrics.k8s.io' : 'external.metrics.k8s.io';
        if (!served.has(api)) out.push(`${region}: HPA ${o.metadata.namespace}/${o.metadata.name} needs ${api} (${m.type} metric), which nothing serves`);
      }
    }
  }
  return out;
}

/** Problems: namespaces an object or a release is placed in that the cluster does not have. */
export function namespaceProblems(plan: Plan, files: ReadonlyMap<string, readonly unknown[]>, region: string): string[] {
  const layer = plan.addons.find((a) => a.region === region);
  const agent = plan.gitopsAgents.find((a) => a.region === region);
  const objects = clusterObjects(plan, files, region);
  // the agent's own namespace is created with it (Terraform: the capability, Config Sync, the Flux extension)
  const exists = new Set([...SYSTEM_NAMESPACES, ...(agent ? [agent.namespace] : []), ...objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name)]);
  const out: string[] = [];
  for (const o of objects) {
    const used = [o.metadata.namespace, o.spec?.targetNamespace, o.spec?.helm?.namespace, o.kind === 'Application' ? o.spec?.destination?.namespace : undefined];
    for (const ns of used) if (ns !== undefined && !exists.has(ns)) out.push(`${region}: ${o.kind} ${o.metadata.name} is placed in namespace ${ns}, which the cluster does not have`);
  }
  for (const r of layer?.releases ?? []) if (!exists.has(r.namespace)) out.push(`${region}: release ${r.name} installs into namespace ${r.namespace}, which the cluster does not have`);
  return out;
}

/** Every `priorityClassName` in a values tree. */
export function priorityClassNames(values: unknown, at = ''): { path: string; value: unknown }[] {
  if (!values || typeof values !== 'object') return [];
  return Object.entries(values as Record<string, unknown>).flatMap(([k, v]) =>
    k === 'priorityClassName' ? [{ path: `${at}${k}`, value: v }] : priorityClassNames(v, `${at}${k}.`),
  );
}
