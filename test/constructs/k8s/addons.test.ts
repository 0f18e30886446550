/**
 * Platform add-ons, graph-style, on the reference output and on every company spec: every API group of every
 * object a cluster's agent applies is built in, installed by a release delivered to that cluster, or served by
 * a cloud feature its region stack enables; every namespace used exists; add-on pods run above every tier;
 * the layer the agent reads never needs a CRD that only a release installs (no deadlock); releases are pinned.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { ADDONS } from '../../../synth/catalog/addons';
import { compile } from '../../../synth/compile';
import type { Plan } from '../../../synth/model/index';
import { apiGroupProblems, BUILT_IN_GROUPS, clusterObjects, clusterRegions, clusterStackName, groupOf, type K8sObject, namespaceProblems, outputPathOf, priorityClassNames } from '../../helpers/cluster-graph';
import { referenceKubernetes, referencePlan, referenceStacks } from '../../helpers/reference';

const plan = referencePlan();
const files = referenceKubernetes();
const stacks = referenceStacks();
const clusters = plan.addons.map((a) => [a.region, a.cloud] as const);
const layerOf = (p: Plan, region: string) => p.addons.find((a) => a.region === region)!;
const agentOf = (p: Plan, region: string) => p.gitopsAgents.find((a) => a.region === region)!;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

/** The object delivering a release in the cluster's layer, and its values, whatever the agent. */
function delivered(p: Plan, fs: ReadonlyMap<string, readonly unknown[]>, region: string, release: string): { object: any; values: any; version: string } | undefined {
  const layer = outputPathOf(p, layerOf(p, region).path);
  const objs = [...fs].filter(([f]) => f === layer || f.startsWith(`${layer}/`)).flatMap(([, o]) => o as any[]);
  const o = objs.find((x) => (x.kind === 'Application' && x.spec.source?.chart === release) || (x.kind === 'RootSync' && x.spec.helm?.chart === release) || (x.kind === 'HelmRelease' && x.spec.chart.spec.chart === release));
  if (!o) return undefined;
  if (o.kind === 'Application') return { object: o, values: o.spec.source.helm.valuesObject, version: o.spec.source.targetRevision };
  if (o.kind === 'RootSync') return { object: o, values: o.spec.helm.values, version: o.spec.helm.version };
  return { object: o, values: o.spec.values, version: o.spec.chart.spec.version };
}

/** Chart values that must carry the add-on PriorityClass (every pod the chart runs). */
const PRIORITY_PATHS: Readonly<Record<string, readonly string[]>> = {
  'aws-load-balancer-controller': ['priorityClassName'],
  'metrics-server': ['priorityClassName'],
  'cluster-autoscaler': ['priorityClassName'],
  'kube-prometheus-stack': [
    'prometheusOperator.priorityClassName',
    'prometheus.prometheusSpec.priorityClassName',
    'alertmanager.alertmanagerSpec.priorityClassName',
    'grafana.priorityClassName',
    'kube-state-metrics.priorityClassName',
    'prometheus-node-exporter.priorityClassName',
  ],
  'prometheus-adapter': ['priorityClassName'],
  'external-secrets': ['priorityClassName', 'webhook.priorityClassName', 'certController.priorityClassName'],
};

describe('reference: every API group and namespace a cluster uses is installed', () => {
  test('GIVEN the reference THEN the walk covers CRD groups of add-ons and of cloud features on every cloud', () => {
    const groups = new Set(plan.addons.flatMap((a) => clusterObjects(plan, files, a.region).map((o) => groupOf(o.apiVersion))));
    for (const g of ['monitoring.coreos.com', 'elbv2.k8s.aws', 'gateway.networking.k8s.io', 'networking.gke.io', 'external-secrets.io', 'argoproj.io', 'configsync.gke.io', 'helm.toolkit.fluxcd.io']) expect(groups.has(g)).toBe(true);
    expect(new Set(clusters.map(([, c]) => c))).toEqual(new Set(['aws', 'gcp', 'azure']));
  });

  test.each(clusters)('%s (%s): every apiVersion group is built in, installed by a delivered release or enabled in Terraform', (region) => {
    expect(apiGroupProblems(plan, files, stacks, region)).toEqual([]);
  });

  test.each(clusters)('%s (%s): every namespace an object or a release is placed in exists in the cluster', (region) => {
    expect(namespaceProblems(plan, files, region)).toEqual([]);
  });

  test('GIVEN a cluster without kube-prometheus-stack WHEN walked THEN its ServiceMonitors are reported', () => {
    const [region] = clusters[0];
    const p = clone(plan);
    const layer = layerOf(p, region) as any;
    layer.releases = layer.releases.filter((r: any) => r.name !== 'kube-prometheus-stack');
    expect(apiGroupProblems(p, files, stacks, region).join('\n')).toMatch(/ServiceMonitor .* monitoring\.coreos\.com\/v1, which nothing installs/);
  });

  test('GIVEN a GKE stack without the Gateway API WHEN walked THEN the Gateway and HTTPRoutes are reported', () => {
    const gke = clusters.find(([, c]) => c === 'gcp')!;
    const s = new Map(stacks);
    const stack = clone(s.get(`region-${gke[0]}`));
    for (const c of Object.values(stack.resource.google_container_cluster) as any[]) delete c.gateway_api_config;
    s.set(`region-${gke[0]}`, stack);
    expect(apiGroupProblems(plan, files, s, gke[0]).join('\n')).toMatch(/gateway\.networking\.k8s\.io.*claimed by google_container_cluster\.gateway_api_config/);
  });

  test('GIVEN the monitoring Namespace removed WHEN walked THEN every object in monitoring is reported', () => {
    const [region] = clusters[0];
    const fs = new Map([...files].map(([f, o]) => [f, (o as K8sObject[]).filter((x) => !(x.kind === 'Namespace' && x.metadata.name === 'monitoring'))]));
    expect(namespaceProblems(plan, fs, region).join('\n')).toMatch(/AlertmanagerConfig .* namespace monitoring/);
  });
});

describe('reference: order, no deadlock, priorities, pinned releases', () => {
  test.each(clusters)('%s (%s): the layer the agent reads first holds only kinds the cluster serves before any release runs', (region) => {
    const layer = layerOf(plan, region);
    const agent = agentOf(plan, region);
    const path = outputPathOf(plan, layer.path);
    const objs = [...files].filter(([f]) => f === path || f.startsWith(`${path}/`)).flatMap(([, o]) => o as K8sObject[]);
    expect(objs.length).toBeGreaterThan(0);
    const agentGroups = new Set(layer.managedApiGroups.filter((m) => !layer.releases.some((r) => r.name === m.by)).map((m) => m.group));
    for (const o of objs) expect({ kind: o.kind, ok: BUILT_IN_GROUPS.has(groupOf(o.apiVersion)) || agentGroups.has(groupOf(o.apiVersion)) }).toEqual({ kind: o.kind, ok: true });
    if (agent.waves) {
      const wave = (o: K8sObject) => Number(o.metadata.annotations?.['argocd.argoproj.io/sync-wave']);
      for (const o of objs.filter((x) => x.kind === 'Namespace' || x.kind === 'PriorityClass')) expect(wave(o)).toBe(agent.waves.foundation);
      const apps = objs.filter((x) => x.kind === 'Application');
      const cluster = apps.find((x) => x.metadata.name === agent.argocd!.application)!;
      expect(wave(cluster)).toBe(agent.waves.workloads);
      expect(cluster.spec.syncPolicy.syncOptions).toContain('SkipDryRunOnMissingResource=true');
      for (const a of apps.filter((x) => x !== cluster)) expect(wave(a)).toBe(agent.waves.controllers);
      expect(agent.waves.foundation).toBeLessThan(agent.waves.controllers);
      expect(agent.waves.controllers).toBeLessThan(agent.waves.workloads);
    }
  });

  test.each(clusters)('%s (%s): add-on pods run at a priority above every application tier', (region) => {
    const layer = layerOf(plan, region);
    const objs = clusterObjects(plan, files, region);
    const classes = objs.filter((o) => o.kind === 'PriorityClass');
    const addon = classes.find((c) => c.metadata.name === layer.priorityClass.name)!;
    expect(addon.value).toBe(layer.priorityClass.value);
    const tiers = classes.filter((c) => c !== addon);
    expect(tiers.length).toBeGreaterThan(0);
    for (const t of tiers) expect(addon.value!).toBeGreaterThan(t.value!);
    for (const t of plan.tiers) expect(addon.value!).toBeGreaterThan(t.priority);
    for (const r of layer.releases) {
      const d = delivered(plan, files, region, r.chart)!;
      const names = priorityClassNames(d.values);
      expect(names.map((n) => n.path)).toEqual(expect.arrayContaining([...PRIORITY_PATHS[r.name]]));
      for (const n of names) expect({ release: r.name, ...n }).toEqual({ release: r.name, path: n.path, value: layer.priorityClass.name });
    }
  });

  test.each(clusters)('%s (%s): every release is delivered at the catalog pin (an exact version) from the catalog repository', (region) => {
    const layer = layerOf(plan, region);
    expect(layer.releases.length).toBeGreaterThan(0);
    for (const r of layer.releases) {
      const row = ADDONS.find((a) => a.name === r.name)!;
      expect(row.clouds).toContain(layer.cloud);
      const d = delivered(plan, files, region, r.chart)!;
      expect(d.version).toBe(row.version);
      expect(d.version).toMatch(/^\d+\.\d+\.\d+$/);
      const repo = d.object.spec.source?.repoURL ?? d.object.spec.helm?.repo;
      if (repo) expect(repo).toBe(row.repoURL);
    }
    for (const n of layer.notInstalled) expect(layer.releases.some((r) => r.name === n.name)).toBe(false);
    expect([...layer.releases.map((r) => r.name), ...layer.notInstalled.map((n) => n.name)].sort()).toEqual(ADDONS.map((a) => a.name).sort());
  });

  test.each(clusters)('%s (%s): Alertmanager uses the cluster\'s AlertmanagerConfig and Grafana the generated admin Secret', (region) => {
    const layer = layerOf(plan, region);
    const values = delivered(plan, files, region, 'kube-prometheus-stack')!.values;
    const objs = clusterObjects(plan, files, region);
    const amc = objs.filter((o) => o.kind === 'AlertmanagerConfig').map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    expect(amc).toContain(`monitoring/${values.alertmanager.alertmanagerSpec.alertmanagerConfiguration.name}`);
    const secret = objs.find((o) => o.kind === 'ExternalSecret' && o.spec.target.name === values.grafana.admin.existingSecret)!;
    expect(secret.metadata.namespace).toBe('monitoring');
    expect(Object.keys(secret.spec.target.template.data).sort()).toEqual([values.grafana.admin.passwordKey, values.grafana.admin.userKey].sort());
    expect(layer.grafanaAdminSecret).toBe(values.grafana.admin.existingSecret);
  });

  test.each(clusters)('%s (%s): one ClusterSecretStore named by the plan, on the cloud\'s store', (region, cloud) => {
    const layer = layerOf(plan, region);
    const stores = clusterObjects(plan, files, region).filter((o) => o.kind === 'ClusterSecretStore');
    expect(stores.map((s) => s.metadata.name)).toEqual([layer.secretStore.name]);
    const provider = stores[0].spec.provider;
    if (cloud === 'aws') expect(provider).toEqual({ aws: { service: 'SecretsManager', region: layer.secretStore.location } });
    if (cloud === 'gcp') expect(provider).toEqual({ gcpsm: { projectID: layer.secretStore.project } });
    if (cloud === 'azure') expect(provider.azurekv).toMatchObject({ vaultUrl: layer.secretStore.vault!.url, authType: 'WorkloadIdentity', serviceAccountRef: { name: 'external-secrets', namespace: 'external-secrets' } });
  });

  test.each(clusters.filter(([r, c]) => c === 'aws' && layerOf(plan, r).releases.some((x) => x.name === 'aws-load-balancer-controller')))('%s (%s): the LB controller finds the region stack\'s VPC by its Name tag', (region) => {
    const values = delivered(plan, files, region, 'aws-load-balancer-controller')!.values;
    const vpcs = Object.values(stacks.get(clusterStackName(plan, region)).resource.aws_vpc) as any[];
    expect(vpcs.map((v) => v.tags.Name)).toEqual([values.vpcTags.Name]);
    expect(values.clusterName).toBe(plan.regions.find((r) => r.id === region)!.cluster.name);
  });
});

describe('company specs: the same graph holds', () => {
  const DIR = path.join(__dirname, '..', '..', 'fixtures', 'companies');
  const companies = ['notely', 'shopasia', 'eurobank'];
  const outputs = new Map<string, { plan: Plan; files: Map<string, unknown[]>; stacks: Map<string, any> }>();
  beforeAll(() => {
    for (const name of companies) {
      const file = path.join(DIR, `${name}.spec.yaml`);
      const r = compile(file, readFileSync(file, 'utf8'), { until: 'emit', svg: (dot: string) => dot });
      if (!r.ok || !r.files || !r.plan) throw new Error(JSON.stringify(r.diagnostics));
      const fs = new Map<string, unknown[]>();
      const st = new Map<string, any>();
      for (const [f, text] of r.files) {
        if (f.startsWith('kubernetes/') && f.endsWith('.yaml')) fs.set(f, parseAllDocuments(text).map((d) => d.toJSON()));
        if (f.startsWith('terraform/') && f.endsWith('/cdk.tf.json')) st.set(f.split('/')[1], JSON.parse(text));
      }
      outputs.set(name, { plan: r.plan, files: fs, stacks: st });
    }
  });

  test.each(companies)('%s: every cluster has a layer, and every API group and namespace it uses is installed', (name) => {
    const o = outputs.get(name)!;
    const withWorkloads = clusterRegions(o.plan).filter((r) => r.workloads.length > 0).map((r) => r.id).sort();
    expect(o.plan.addons.map((a) => a.region).sort()).toEqual(withWorkloads);
    for (const a of o.plan.addons) {
      expect(apiGroupProblems(o.plan, o.files, o.stacks, a.region)).toEqual([]);
      expect(namespaceProblems(o.plan, o.files, a.region)).toEqual([]);
      for (const r of a.releases) for (const n of priorityClassNames(delivered(o.plan, o.files, a.region, r.chart)!.values)) expect(n.value).toBe(a.priorityClass.name);
      for (const t of o.plan.tiers) expect(a.priorityClass.value).toBeGreaterThan(t.priority);
    }
  });
});
