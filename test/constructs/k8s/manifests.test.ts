/**
 * Kubernetes manifests of the reference plan: schema validity and (the byte comparison of dist/ in test/synth/output/emit.test.ts guards the rest)
 * assertions derived from the plan (never hard-coded numbers).
 */
import { synthKubernetes } from '../../../constructs/k8s';
import type { Plan } from '../../../synth/model/index';
import { PlanInvariantError } from '../../../synth/util/errors';
import { validateK8sObjects } from '../../helpers/k8s-schema';
import { clone, find, get, reference, regionObjects, workloadRows } from './fixtures';
import { clusterRegions } from '../../helpers/cluster-graph';

const { plan, files } = reference();
const rows = workloadRows(plan);
const activeRows = rows.filter(([, , , w]) => w.autoscaling);
const pilotRows = rows.filter(([, , , w]) => w.replicas === 0 && !w.autoscaling);
const regionsWithWorkloads = clusterRegions(plan).filter((r) => r.workloads.length > 0);
const objectsOf = (region: string) => regionObjects(files, region);
const deploymentOf = (region: string, ns: string, name: string) => get(objectsOf(region), 'Deployment', name, ns);
/** The Helm values an add-on release is delivered with in a cluster's platform layer (whichever agent). */
function addonValues(region: string, release: string): any {
  const objs = [...files].filter(([p]) => p === `kubernetes/argocd/${region}.yaml` || p.startsWith(`kubernetes/addons/${region}/`)).flatMap(([, o]) => o as any[]);
  const o = objs.find((x) => ['Application', 'RootSync', 'HelmRelease'].includes(x.kind) && (x.spec.source?.chart ?? x.spec.helm?.chart ?? x.spec.chart?.spec.chart) === release);
  if (!o) throw new Error(`no release ${release} in ${region}`);
  return o.spec.source?.helm.valuesObject ?? o.spec.helm?.values ?? o.spec.values;
}

describe('files', () => {
  test('GIVEN the reference plan WHEN synthesised THEN there is one directory per cluster with workloads, plus argocd/ and addons/', () => {
    const dirs = new Set([...files.keys()].map((p) => p.split('/')[1]));
    expect([...dirs].sort()).toEqual([...regionsWithWorkloads.map((r) => r.id), 'argocd', 'addons'].sort());
    for (const path of files.keys()) expect(path).toMatch(/^kubernetes\/([a-z0-9-]+|addons\/[a-z0-9-]+)\/[a-z0-9-]+\.yaml$/);
  });

  test.each(regionsWithWorkloads.map((r) => [r.id, r]))('%s: one file per workload plus the fixed files', (id, region) => {
    const names = [...files.keys()].filter((p) => p.startsWith(`kubernetes/${id}/`)).map((p) => p.split('/')[2]);
    const expected = ['00-namespaces.yaml', '01-network-policies.yaml', '02-monitoring.yaml', '03-dashboards.yaml', '07-secrets.yaml', ...region.workloads.map((w) => `${w.service}.yaml`)];
    if (region.cloud === 'gcp' && region.workloads.some((w) => w.public)) expected.push('04-gateway.yaml');
    if (plan.databaseRoles.some((r) => r.region === id && r.mechanism === 'k8s-job')) expected.push('05-database-roles.yaml');
    if (plan.alerting.clusters.find((c) => c.region === id)!.regionRules.length > 0) expected.push('06-region-probes.yaml');
    expect(names.sort()).toEqual(expected.sort());
  });

  test.each(regionsWithWorkloads.map((r) => [r.id, r]))('%s: the platform layer is where its agent reads it (Argo CD file, or addons/<region>/)', (id, region) => {
    const layer = plan.addons.find((a) => a.region === id)!;
    const agent = plan.gitopsAgents.find((a) => a.region === id)!;
    const layerFiles = [...files.keys()].filter((p) => p.startsWith(`kubernetes/addons/${id}/`)).map((p) => p.split('/')[3]).sort();
    if (agent.argocd) {
      expect(layer.path).toBe(`${agent.argocd.rootPath}/${agent.argocd.rootInclude}`);
      expect(layerFiles).toEqual([]);
    } else {
      expect(layer.path).toBe(`${plan.gitops.path}/addons/${id}`);
      expect(layerFiles).toEqual(agent.configSync ? ['00-namespaces.yaml', '01-releases.yaml', '02-workloads.yaml'] : ['00-namespaces.yaml', '01-releases.yaml']);
    }
    expect(region.cloud).toBe(agent.cloud);
  });

  test('metadata.names are unique per kind and namespace in each cluster', () => {
    for (const region of regionsWithWorkloads) {
      const keys = objectsOf(region.id).map((o) => `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});

describe('schema', () => {
  test.each([...files.keys()].map((p) => [p]))('%s validates against kubernetes-models (no unknown fields)', (path) => {
    // GIVEN the objects of one output file WHEN validated THEN there are no problems
    expect(validateK8sObjects(files.get(path)!)).toEqual([]);
  });
});

describe('namespaces and priority classes', () => {
  test.each(regionsWithWorkloads.map((r) => [r.id, r]))('%s: a restricted Namespace and a PriorityClass per tier in use', (id, region) => {
    const objs = objectsOf(id);
    for (const tier of plan.tiers.filter((t) => region.workloads.some((w) => w.tier === t.id))) {
      const ns = get(objs, 'Namespace', tier.namespace);
      expect(ns.metadata.labels).toMatchObject({
        [`${plan.labelDomain}/tier`]: tier.id,
        [`${plan.labelDomain}/platform`]: plan.tags.platform,
        'pod-security.kubernetes.io/enforce': 'restricted',
      });
      expect(get(objs, 'PriorityClass', tier.priorityClass).value).toBe(tier.priority);
      // TargetGroupBinding targets get the aws-load-balancer-controller readiness gate
      const bound = region.workloads.some((w) => w.namespace === tier.namespace && w.targetGroup);
      expect(ns.metadata.labels!['elbv2.k8s.aws/pod-readiness-gate-inject']).toBe(bound ? 'enabled' : undefined);
    }
  });
});

describe('deployments', () => {
  test.each(rows)('%s/%s: replicas, strategy, resources, port and labels come from the plan', (region, _s, _r, w) => {
    // GIVEN the workload's plan WHEN its Deployment is read
    const d = deploymentOf(region, w.namespace, w.service);
    const pod = d.spec.template.spec;
    const c = pod.containers[0];
    // THEN
    // (an agent that cannot ignore the HPA-owned field gets no replicas for autoscaled Deployments)
    const agent = plan.gitopsAgents.find((a) => a.region === region)!;
    expect(d.spec.replicas).toBe(w.autoscaling && !agent.replicasInGit ? undefined : w.replicas);
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: w.maxUnavailable, maxSurge: w.maxSurge } });
    expect(c.image).toBe(w.image);
    expect(c.resources).toEqual({ requests: { cpu: w.cpu, memory: w.memory }, limits: { cpu: w.cpu, memory: w.memory } });
    expect(c.ports).toContainEqual({ name: w.portName, containerPort: w.port, protocol: 'TCP' });
    expect(pod.priorityClassName).toBe(w.priorityClass);
    expect(pod.serviceAccountName).toBe(w.service);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(d.metadata.annotations).toEqual({ [`${plan.labelDomain}/mode`]: w.mode });
    expect(d.spec.template.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': w.service,
      'app.kubernetes.io/part-of': plan.name,
      [`${plan.labelDomain}/tier`]: w.tier,
      [`${plan.labelDomain}/mode`]: w.mode,
    });
    expect(pod.volumes).toContainEqual({ name: 'tmp', emptyDir: {} });
    expect(c.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
  });

  test.each(rows)('%s/%s: rolling updates of critical tiers never go below the replica count', (_region, _s, _r, w) => {
    const tier = plan.tiers.find((t) => t.id === w.tier)!;
    if (tier.critical) expect(w.maxUnavailable).toBe(0);
    const d = deploymentOf(w.region, w.namespace, w.service);
    expect(d.spec.strategy.rollingUpdate.maxUnavailable).toBe(w.maxUnavailable);
  });

  test.each(rows)('%s/%s: spread across zones (hard) and hosts (soft)', (region, _s, _r, w) => {
    const tsc = deploymentOf(region, w.namespace, w.service).spec.template.spec.topologySpreadConstraints;
    const selector = { matchLabels: { 'app.kubernetes.io/name': w.service } };
    expect(tsc).toContainEqual(expect.objectContaining({ topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule', labelSelector: selector }));
    expect(tsc).toContainEqual(expect.objectContaining({ topologyKey: 'kubernetes.io/hostname', maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector }));
  });

  test.each(rows)('%s/%s: readiness and liveness probes follow the plan', (region, _s, _r, w) => {
    const c = deploymentOf(region, w.namespace, w.service).spec.template.spec.containers[0];
    for (const [probe, p] of [
      [c.readinessProbe, w.readiness],
      [c.livenessProbe, w.liveness],
    ] as const) {
      expect(probe).toMatchObject({ periodSeconds: p.periodSeconds, failureThreshold: p.failureThreshold, timeoutSeconds: p.timeoutSeconds });
      if (p.kind === 'grpc') expect(probe.grpc).toEqual({ port: p.port });
      if (p.kind === 'http') expect(probe.httpGet).toEqual({ path: p.path, port: p.port, scheme: 'HTTP' });
      if (p.kind === 'tcp') expect(probe.tcpSocket).toEqual({ port: p.port });
    }
  });

  test.each(rows)('%s/%s: spot tolerations and affinity only for spot workloads', (region, _s, r, w) => {
    const pod = deploymentOf(region, w.namespace, w.service).spec.template.spec;
    const spotPool = r.cluster.nodePools.find((p) => p.kind === 'spot')!;
    const spotExpr = (op: string) => Object.entries(spotPool.labels).map(([key, value]) => ({ key, operator: op, values: [value] }));
    const required = pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    if (w.spot) {
      expect(pod.tolerations).toEqual(spotPool.taints.map((t) => ({ key: t.key, operator: 'Equal', value: t.value, effect: t.effect })));
      expect(required).toEqual([{ matchExpressions: spotExpr('In') }]);
    } else {
      expect(pod.tolerations).toBeUndefined();
      expect(required).toEqual([{ matchExpressions: spotExpr('NotIn') }]);
    }
    const tier = plan.tiers.find((t) => t.id === w.tier)!;
    expect(w.spot).toBe(tier.spot);
  });

  test('every pod and container in every cluster runs non-root with a locked-down security context', () => {
    for (const region of regionsWithWorkloads) {
      // the workloads' Deployments (the region prober runs as its image's user: test/constructs/k8s/alerting.test.ts)
      const workloadNamespaces = new Set(region.workloads.map((w) => w.namespace));
      for (const d of objectsOf(region.id).filter((o) => o.kind === 'Deployment' && workloadNamespaces.has(o.metadata.namespace ?? ''))) {
        const pod = d.spec.template.spec;
        expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } });
        for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
          expect(c.securityContext).toMatchObject({
            runAsNonRoot: true,
            runAsUser: 10001,
            runAsGroup: 10001,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
            seccompProfile: { type: 'RuntimeDefault' },
          });
        }
      }
    }
  });
});

describe('pilot light', () => {
  test('GIVEN the reference plan THEN it has pilot-light workloads to check', () => {
    expect(pilotRows.length).toBeGreaterThan(0);
  });

  test.each(pilotRows)('%s/%s: Deployment with 0 replicas, no HPA, no PDB', (region, _s, _r, w) => {
    const objs = objectsOf(region);
    expect(get(objs, 'Deployment', w.service, w.namespace).spec.replicas).toBe(0);
    expect(find(objs, 'HorizontalPodAutoscaler', w.service, w.namespace)).toBeUndefined();
    expect(find(objs, 'PodDisruptionBudget', w.service, w.namespace)).toBeUndefined();
  });
});

describe('autoscaling and disruption budgets', () => {
  test.each(activeRows)('%s/%s: HPA bounds and metrics = plan', (region, _s, _r, w) => {
    const a = w.autoscaling!;
    const hpa = get(objectsOf(region), 'HorizontalPodAutoscaler', w.service, w.namespace);
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: w.service });
    expect(hpa.spec.minReplicas).toBe(a.min);
    expect(hpa.spec.maxReplicas).toBe(a.max);
    const metrics = hpa.spec.metrics;
    expect(metrics).toContainEqual({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: a.cpuUtilization } } });
    expect(metrics).toContainEqual({ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: a.memoryUtilization } } });
    const pods = metrics.filter((m: any) => m.type === 'Pods');
    expect(pods).toContainEqual({ type: 'Pods', pods: { metric: { name: 'request_queue_depth' }, target: { type: 'AverageValue', averageValue: String(a.queueDepth) } } });
    const latency = pods.filter((m: any) => /latency/.test(m.pods.metric.name));
    expect(latency.map((m: any) => m.pods.target.averageValue)).toEqual(a.latencyMs !== undefined ? [String(a.latencyMs)] : []);
    // Deployment replicas equal the HPA minimum where the agent leaves them to the HPA (a fresh cluster starts at planned capacity)
    const agent = plan.gitopsAgents.find((x) => x.region === region)!;
    expect(get(objectsOf(region), 'Deployment', w.service, w.namespace).spec.replicas).toBe(agent.replicasInGit ? w.replicas : undefined);
  });

  test.each(activeRows)('%s/%s: the custom metrics of the HPA are served by the prometheus-adapter release of its cluster', (region, _s, _r, w) => {
    const objs = objectsOf(region);
    const release = plan.addons.find((a) => a.region === region)!.releases.find((r) => r.name === 'prometheus-adapter');
    expect(release).toBeDefined();
    const values = addonValues(region, 'prometheus-adapter');
    const served = (values.rules.custom as any[]).map((r) => r.name.as);
    const hpa = get(objs, 'HorizontalPodAutoscaler', w.service, w.namespace);
    const used = hpa.spec.metrics.filter((x: any) => x.type === 'Pods').map((m: any) => m.pods.metric.name);
    expect(used.length).toBeGreaterThan(0);
    expect(served).toEqual(expect.arrayContaining(used));
    expect(values.rules.default).toBe(false);
  });

  test.each(regionsWithWorkloads.map((r) => [r.id]))('%s: prometheus-adapter serves exactly the custom metrics the HPAs use, nothing more', (region) => {
    const used = new Set(objectsOf(region).filter((o) => o.kind === 'HorizontalPodAutoscaler').flatMap((h: any) => h.spec.metrics.filter((x: any) => x.type === 'Pods').map((m: any) => m.pods.metric.name)));
    const release = plan.addons.find((a) => a.region === region)!.releases.find((r) => r.name === 'prometheus-adapter');
    if (used.size === 0) {
      expect(release).toBeUndefined();
      return;
    }
    expect(new Set((addonValues(region, 'prometheus-adapter').rules.custom as any[]).map((r) => r.name.as))).toEqual(used);
  });

  test.each(rows)('%s/%s: PDB minAvailable = N when something runs', (region, _s, _r, w) => {
    const pdb = find(objectsOf(region), 'PodDisruptionBudget', w.service, w.namespace);
    if (w.minAvailable === undefined) {
      expect(pdb).toBeUndefined();
    } else {
      expect(w.minAvailable).toBe(w.n);
      expect(pdb!.spec).toEqual({ minAvailable: w.minAvailable, selector: { matchLabels: { 'app.kubernetes.io/name': w.service } } });
    }
  });
});

describe('service, config and entry points', () => {
  test.each(rows)('%s/%s: ClusterIP Service with the named port and appProtocol', (region, _s, _r, w) => {
    const svc = get(objectsOf(region), 'Service', w.service, w.namespace);
    expect(svc.spec.type).toBe('ClusterIP');
    expect(svc.spec.ports).toContainEqual({ name: w.portName, port: w.port, targetPort: w.portName, protocol: 'TCP', appProtocol: w.appProtocol });
  });

  test.each(rows)('%s/%s: endpoints ConfigMap holds every endpoint and the shard map', (region, _s, _r, w) => {
    const objs = objectsOf(region);
    const cm = get(objs, 'ConfigMap', `${w.service}-endpoints`, w.namespace);
    const values = Object.values(cm.data!);
    for (const e of w.endpoints) {
      expect(values).toContain(e.host);
      if (e.readerHost) expect(values).toContain(e.readerHost);
    }
    const map = JSON.parse(cm.data!.SHARD_MAP_JSON);
    for (const e of w.endpoints.filter((x) => x.kind === 'database')) {
      expect(map.databases[e.id].shards).toContainEqual(expect.objectContaining({ shard: e.shard ?? 0, host: e.host, port: e.port }));
    }
    for (const e of w.endpoints.filter((x) => x.kind === 'cache')) expect(map.caches[e.id]).toEqual({ host: e.host, port: e.port });
    const d = get(objs, 'Deployment', w.service, w.namespace);
    expect(d.spec.template.spec.containers[0].envFrom).toEqual([{ configMapRef: { name: cm.metadata.name } }]);
  });

  test.each(rows)('%s/%s: no Ingress (no in-cluster controller); public workloads are wired to their cloud entry point', (region, _s, r, w) => {
    const objs = objectsOf(region);
    expect(objs.filter((o) => o.kind === 'Ingress')).toEqual([]);
    const route = find(objs, 'HTTPRoute', w.service, w.namespace);
    const internalLb = find(objs, 'Service', `${w.service}-internal-lb`, w.namespace);
    if (!w.public) return expect([route, internalLb]).toEqual([undefined, undefined]);
    const entry = plan.entryPoints.find((e) => e.region === region)!;
    const listener = entry.listeners.find((l) => l.service === w.service)!;
    expect(w.hostnames).toContain(`${w.service}.${plan.dns.zone}`);
    expect(listener.hosts).toEqual(w.hostnames);
    if (r.cloud === 'gcp') {
      // HTTPRoute on the Gateway listener of the service's port, for every host name, to the Service port
      const gateway = get(objs, 'Gateway', 'public', 'platform-gateway');
      const section = route!.spec.parentRefs[0].sectionName;
      expect(gateway.spec.listeners.find((l: any) => l.name === section)).toEqual(expect.objectContaining({ protocol: 'HTTPS', port: listener.port }));
      expect(route!.spec.hostnames).toEqual(w.hostnames);
      expect(route!.spec.rules[0].backendRefs).toEqual([{ group: '', kind: 'Service', name: w.service, port: w.port }]);
      expect(get(objs, 'HealthCheckPolicy', w.service, w.namespace).spec.targetRef).toEqual({ group: '', kind: 'Service', name: w.service });
    } else {
      expect(route).toBeUndefined();
    }
    if (r.cloud === 'azure') {
      // the internal load balancer at the address the Application Gateway forwards to
      expect(internalLb!.spec.type).toBe('LoadBalancer');
      expect(internalLb!.metadata.annotations).toEqual({
        'service.beta.kubernetes.io/azure-load-balancer-internal': 'true',
        'service.beta.kubernetes.io/azure-load-balancer-internal-subnet': entry.internalAddress!.subnet,
        'service.beta.kubernetes.io/azure-load-balancer-ipv4': entry.internalAddress!.ip,
      });
      expect(internalLb!.spec.ports[0].port).toBe(listener.targetPort);
      expect(internalLb!.spec.selector).toEqual(get(objs, 'Service', w.service, w.namespace).spec.selector);
    } else {
      expect(internalLb).toBeUndefined();
    }
  });

  test.each(rows)('%s/%s: TargetGroupBinding by name on AWS for public workloads only', (region, _s, r, w) => {
    const tgb = find(objectsOf(region), 'TargetGroupBinding', w.service, w.namespace);
    if (!(w.public && r.cloud === 'aws')) return expect(tgb).toBeUndefined();
    const tg = r.loadBalancer!.targetGroups.find((t) => t.service === w.service)!;
    expect(tgb!.spec).toEqual({ serviceRef: { name: w.service, port: w.port }, targetGroupName: tg.name });
    expect(tg.name).toBe(w.targetGroup);
    expect(tgb!.spec.targetGroupARN).toBeUndefined();
  });

  test.each(regionsWithWorkloads.map((r) => [r.id, r]))('%s: a GKE Gateway of the built-in controller on the Terraform-owned address, certificate map and TLS policy (GKE only)', (id, region) => {
    const gateway = find(objectsOf(id), 'Gateway', 'public', 'platform-gateway');
    const entry = plan.entryPoints.find((e) => e.region === id);
    if (region.cloud !== 'gcp' || !entry) return expect(gateway).toBeUndefined();
    expect(gateway!.spec.gatewayClassName).toBe('gke-l7-global-external-managed');
    expect(gateway!.spec.addresses).toEqual([{ type: 'NamedAddress', value: entry.address }]);
    expect(gateway!.metadata.annotations).toEqual({ 'networking.gke.io/certmap': entry.gcp!.certificateMap });
    expect(gateway!.spec.listeners.map((l: any) => l.port).sort()).toEqual(entry.listeners.map((l) => l.port).sort());
    expect(get(objectsOf(id), 'GCPGatewayPolicy', 'public', 'platform-gateway').spec.default).toEqual({ sslPolicy: entry.gcp!.sslPolicy });
    expect(find(objectsOf(id), 'Namespace', 'platform-gateway')).toBeDefined();
  });
});

describe('determinism and edge cases', () => {
  test('GIVEN the same plan WHEN synthesised twice THEN the outputs are deep-equal and byte-identical as JSON', () => {
    // (the shared reference output is the first synth)
    const b = synthKubernetes(clone(plan));
    expect([...b.keys()]).toEqual([...files.keys()]);
    expect(JSON.stringify([...b])).toBe(JSON.stringify([...files]));
  });

  test('GIVEN a region without workloads THEN it gets no directory and no Application', () => {
    const p = clone(plan) as { -readonly [K in keyof Plan]: Plan[K] } & { regions: any[] };
    p.regions[0] = { ...p.regions[0], workloads: [] };
    (p as any).gitopsAgents = p.gitopsAgents.filter((a) => a.region !== p.regions[0].id);
    const out = synthKubernetes(p as Plan);
    expect([...out.keys()].some((k) => k.startsWith(`kubernetes/${p.regions[0].id}/`))).toBe(false);
    expect(out.has(`kubernetes/argocd/${p.regions[0].id}.yaml`)).toBe(false);
  });

  test('GIVEN a spot workload in a cluster without a spot pool THEN synthesis fails naming the plan inconsistency', () => {
    const p = clone(plan) as any;
    const region = p.regions.find((r: any) => r.workloads.some((w: any) => w.spot));
    region.cluster.nodePools = region.cluster.nodePools.filter((np: any) => np.kind !== 'spot');
    expect(() => synthKubernetes(p)).toThrow(/no spot pool/);
    expect(() => synthKubernetes(p)).toThrow(PlanInvariantError);
  });

  test('GIVEN a service whose id collides with a fixed file THEN synthesis fails', () => {
    const p = clone(plan) as any;
    p.regions[0].workloads[0].service = '02-monitoring';
    expect(() => synthKubernetes(p)).toThrow(/collides/);
  });
});
