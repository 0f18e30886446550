/**
 * Kubernetes manifests from the Plan (cdk8s 2, generated Kubernetes 1.27 bindings of cdk8s-plus-27
 * plus raw ApiObjects for CRDs).
 *
 *   kubernetes/<region>/00-namespaces.yaml        Namespaces, PriorityClasses
 *   kubernetes/<region>/01-network-policies.yaml  default deny per namespace
 *   kubernetes/<region>/02-monitoring.yaml        AlertmanagerConfig, receiver ExternalSecrets, Watchdog,
 *                                                 prometheus-adapter rules
 *   kubernetes/<region>/03-dashboards.yaml        Grafana dashboards (ConfigMaps)
 *   kubernetes/<region>/04-gateway.yaml           GKE: the public Gateway, its namespace and TLS policy
 *   kubernetes/<region>/05-database-roles.yaml    GKE, AKS: the database role Job, its namespace and policies
 *   kubernetes/<region>/06-region-probes.yaml     blackbox prober of the other regions, Probes, region-loss rules
 *   kubernetes/<region>/<service>.yaml            ServiceAccount, ConfigMap, ExternalSecret (GKE caches), Deployment, Service,
 *   kubernetes/<region>/07-secrets.yaml           ClusterSecretStore, Grafana's generated admin login
 *                                                 HPA, PDB, NetworkPolicy, TargetGroupBinding
 *                                                 (AWS) / HTTPRoute + HealthCheckPolicy (GKE) /
 *                                                 internal LoadBalancer Service (AKS),
 *                                                 ServiceMonitor, PrometheusRule
 *   kubernetes/argocd/<region>.yaml               EKS (the EKS capability for Argo CD): the platform layer
 *                                                 (add-on namespaces, PriorityClass, an Application per
 *                                                 add-on release) and the cluster's Application
 *   kubernetes/addons/<region>/*.yaml             GKE / AKS: the platform layer (RootSyncs of the releases
 *                                                 and of the cluster folder; HelmRepository + HelmRelease)
 *
 * Only clusters with workloads get a directory (and an Application): the regions' and the restore sites'
 * (`kubernetes/restore-<primary>/`, the restore tiers' services with the site's data subnets in their policies).
 *
 * Performance: one cdk8s App, one Chart per cluster (plus one for Argo CD) with
 * `disableResourceNameHashes`; each file is a plain Construct inside its chart. Objects are
 * serialised with `ApiObject.toJson()` per file scope: `Chart.toJson()` would re-run the app-wide
 * dependency and validation passes once per chart (quadratic in charts), and nothing here uses
 * dependencies or validations. All names are explicit `metadata.name`s derived from plan ids. `toJson()` runs with
 * cdk8s's value resolution taking plain values first (./resolve.ts: the same result, without a resolver pass per
 * string).
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { Plan } from '../../synth/model/index';
import { addPlatformLayer, addSecrets } from './addons';
import { addAutoscaler } from './autoscaling';
import { argocdPath, FILE, regionPath, serviceFile } from './conventions';
import type { ClusterContext } from './context';
import { addDashboards } from './dashboards';
import { addDatabaseRoles } from './database-roles';
import { addApplication } from './gitops';
import { addGateway, addPublicEntry } from './ingress';
import { addAlertRouting, addPrometheusRule, addServiceMonitor } from './monitoring';
import { addReceiverSecrets, addRegionProbes, addWatchdog } from './alerting';
import { addNamespaces } from './namespaces';
import { addDefaultDeny, addWorkloadNetworkPolicy } from './network';
import { addWorkload } from './workload';
import { PlanInvariantError } from '../../synth/util/errors';
import { withPlainFirstResolve } from './resolve';

export interface KubernetesSynthOptions {
  /** The cdk8s App the charts are added to (the `cdk8s synth` route of `npm run bench` passes its own). @default a new App */
  readonly app?: App;
  /** Only these clusters (region ids) and their Argo CD Applications (the synth cache's slices). @default every cluster */
  readonly regions?: readonly string[];
  /** Only the files of these services in each cluster (the synth cache's per-service slices). @default every service */
  readonly services?: readonly string[];
  /** The cluster's own files (fixed files, add-on layer, Argo CD Application); false: only service files. @default true */
  readonly clusterFiles?: boolean;
}

export function synthKubernetes(plan: Plan, options: KubernetesSynthOptions = {}): Map<string, unknown[]> {
  const app = options.app ?? new App();
  const files = new Map<string, Construct>();
  const fileScope = (parent: Construct, path: string): Construct => {
    let scope = files.get(path);
    if (!scope) {
      scope = new Construct(parent, path.replace(/[/.]/g, "_"));
      files.set(path, scope);
    }
    return scope;
  };

  // Every cluster: the regions' and the restore sites' (their cluster view: kubernetes/restore-<primary>/).
  const clusters = [...plan.regions, ...plan.restoreSites.map((s) => s.region)];
  const regions = clusters.filter((r) => r.workloads.length > 0 && (!options.regions || options.regions.includes(r.id)));
  const reserved = new Set<string>(Object.values(FILE));
  for (const region of regions) {
    for (const w of region.workloads) {
      if (reserved.has(serviceFile(w.service))) {
        throw new PlanInvariantError('services', `service id ${w.service} collides with the fixed file ${serviceFile(w.service)} of kubernetes/${region.id}/`);
      }
    }
    const agent = plan.gitopsAgents.find((a) => a.region === region.id);
    if (!agent) throw new PlanInvariantError('gitops', `region ${region.id} has workloads but the plan gives it no GitOps agent`);
    const chart = new Chart(app, region.id, { disableResourceNameHashes: true });
    const ctx: ClusterContext = { plan, region, agent, file: (name) => fileScope(chart, regionPath(region.id, name)) };

    const cluster = options.clusterFiles !== false;
    if (cluster) {
      addNamespaces(ctx);
      addDefaultDeny(ctx);
    }
    for (const w of region.workloads) {
      if (options.services && !options.services.includes(w.service)) continue;
      const scope = ctx.file(serviceFile(w.service));
      addWorkload(ctx, scope, w);
      addAutoscaler(ctx, scope, w);
      addWorkloadNetworkPolicy(ctx, scope, w);
      addPublicEntry(ctx, scope, w);
      addServiceMonitor(ctx, scope, w);
      addPrometheusRule(ctx, scope, w);
    }
    if (!cluster) continue;
    addAlertRouting(ctx);
    addReceiverSecrets(ctx);
    addWatchdog(ctx);
    addRegionProbes(ctx);
    addDashboards(ctx);
    addGateway(ctx);
    addDatabaseRoles(ctx);
    const layer = plan.addons.find((a) => a.region === region.id);
    if (!layer) throw new PlanInvariantError('regions', `region ${region.id} has workloads but the plan gives it no platform add-ons`);
    addSecrets(ctx.file(FILE.secrets), plan, layer);
    // GKE, AKS: the platform layer folder (kubernetes/addons/<region>/); EKS: the Argo CD file, below
    if (!agent.argocd) addPlatformLayer(plan, region, layer, agent, (path) => fileScope(chart, path));
  }

  const argocd = new Chart(app, 'argocd', { disableResourceNameHashes: true });
  for (const agent of plan.gitopsAgents.filter((a) => a.argocd && options.clusterFiles !== false && (!options.regions || options.regions.includes(a.region)))) {
    const region = clusters.find((r) => r.id === agent.region)!;
    const layer = plan.addons.find((a) => a.region === agent.region);
    if (!layer) throw new PlanInvariantError('regions', `region ${agent.region} has an Argo CD agent but the plan gives it no platform add-ons`);
    addPlatformLayer(plan, region, layer, agent, (path) => fileScope(argocd, path));
    addApplication(fileScope(argocd, argocdPath(agent.region)), plan, region, agent);
  }

  const out = new Map<string, unknown[]>();
  withPlainFirstResolve(() => {
    for (const path of [...files.keys()].sort()) {
      const objects = files
        .get(path)!
        .node.children.filter((c): c is ApiObject => c instanceof ApiObject)
        .map((o) => o.toJson());
      out.set(path, objects);
    }
  });
  return out;
}
