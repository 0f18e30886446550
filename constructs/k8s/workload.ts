/**
 * `<service>.yaml`, the workload itself: ServiceAccount, ConfigMap (data store endpoints and shard
 * map), Deployment, Service and PodDisruptionBudget.
 *
 * Written with the generated Kubernetes 1.27 bindings of cdk8s-plus-27 (`k8s.KubeDeployment`, ...)
 * rather than the cdk8s-plus L2 classes: the plus classes cannot express gRPC probes, both
 * topology-spread constraints, requests = limits without defaults, or exact security contexts, and
 * they add their own labels. The generated bindings are typed, so field names are checked by tsc.
 *
 * Replicas: `spec.replicas` is always the plan's `replicas`, also for autoscaled workloads (where it
 * equals the HPA minimum). A new or recovered cluster then starts at planned capacity instead of one
 * pod per Deployment until the HPA reacts; the Argo CD Application ignores `/spec/replicas` of the
 * autoscaled Deployments (ignoreDifferences + RespectIgnoreDifferences) so self-heal never undoes
 * the HPA. Pilot-light Deployments (replicas 0, no HPA) stay fully Git-controlled. Agents that cannot
 * ignore a field (Flux, Config Sync: `replicasInGit` false) would reset the HPA's count on every sync, so
 * there the autoscaled Deployments carry no `spec.replicas` (the HPA raises them to its minimum).
 */
import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Endpoint, NodePoolPlan, Probe, WorkloadPlan } from '../../synth/model/index';
import { digest, envName, LABEL, METRICS, platformKey, RUN_AS, selectorLabels, workloadLabels } from './conventions';
import type { ClusterContext } from './context';
import { PlanInvariantError } from '../../synth/util/errors';
import { compareText } from '../../synth/util/order';
import { workloadIdentity } from '../plan-index';

export function addWorkload(ctx: ClusterContext, scope: Construct, w: WorkloadPlan): void {
  const labels = workloadLabels(ctx.plan, w);
  const meta = { name: w.service, namespace: w.namespace, labels };

  const identity = workloadIdentity(ctx.plan, ctx.region.id, w.service);
  const saAnnotations = identity?.serviceAccountAnnotations ?? {};
  new k8s.KubeServiceAccount(scope, 'service-account', {
    metadata: { ...meta, ...(Object.keys(saAnnotations).length ? { annotations: { ...saAnnotations } } : {}) },
    automountServiceAccountToken: false,
  });

  const configName = `${w.service}-endpoints`;
  const data = endpointData(ctx, w.service, w.endpoints);
  new k8s.KubeConfigMap(scope, 'endpoints', {
    metadata: { ...meta, name: configName },
    data,
  });

  // Credentials delivered by reference (Memorystore AUTH): an ExternalSecret per store writes the Secret the pods read.
  const secrets = (identity?.grants ?? []).flatMap((g) => (g.secret ? [g.secret] : []));
  for (const sec of secrets) {
    new ApiObject(scope, `secret-${sec.kubernetesSecret}`, {
      apiVersion: sec.store.apiVersion,
      kind: 'ExternalSecret',
      metadata: { ...meta, name: sec.kubernetesSecret },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: sec.store.kind, name: sec.store.name },
        target: { name: sec.kubernetesSecret, creationPolicy: 'Owner' },
        data: [sec.keys.auth, sec.keys.ca].map((key) => ({ secretKey: key, remoteRef: { key: sec.remoteKey, property: key } })),
      },
    });
  }
  const secretEnv: k8s.EnvVar[] = secrets.flatMap((sec) =>
    Object.entries(sec.env)
      .sort(([a], [b]) => compareText(a, b))
      .map(([name, key]) => ({ name, valueFrom: { secretKeyRef: { name: sec.kubernetesSecret, key } } })),
  );

  new k8s.KubeDeployment(scope, 'deployment', {
    metadata: { ...meta, annotations: { [platformKey(ctx.plan, 'mode')]: w.mode } },
    spec: {
      replicas: w.autoscaling && !ctx.agent.replicasInGit ? undefined : w.replicas,
      selector: { matchLabels: selectorLabels(w) },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: {
          maxUnavailable: k8s.IntOrString.fromNumber(w.maxUnavailable),
          maxSurge: k8s.IntOrString.fromNumber(w.maxSurge),
        },
      },
      template: {
        metadata: { labels: { ...labels, ...(identity?.podLabels ?? {}) }, annotations: { [platformKey(ctx.plan, 'config-hash')]: digest(data) } },
        spec: {
          serviceAccountName: w.service,
          automountServiceAccountToken: false,
          priorityClassName: w.priorityClass,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: RUN_AS,
            runAsGroup: RUN_AS,
            fsGroup: RUN_AS,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          topologySpreadConstraints: [
            {
              topologyKey: LABEL.zone,
              maxSkew: 1,
              whenUnsatisfiable: 'DoNotSchedule',
              labelSelector: { matchLabels: selectorLabels(w) },
              matchLabelKeys: ['pod-template-hash'],
            },
            {
              topologyKey: LABEL.hostname,
              maxSkew: 1,
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: selectorLabels(w) },
              matchLabelKeys: ['pod-template-hash'],
            },
          ],
          ...scheduling(ctx, w),
          containers: [
            {
              name: w.service,
              image: w.image,
              imagePullPolicy: 'IfNotPresent',
              ports: [
                { name: w.portName, containerPort: w.port, protocol: 'TCP' },
                { name: METRICS.portName, containerPort: w.metrics.port, protocol: 'TCP' },
              ],
              envFrom: [{ configMapRef: { name: configName } }],
              ...(secretEnv.length ? { env: secretEnv } : {}),
              resources: {
                requests: { cpu: k8s.Quantity.fromString(w.cpu), memory: k8s.Quantity.fromString(w.memory) },
                limits: { cpu: k8s.Quantity.fromString(w.cpu), memory: k8s.Quantity.fromString(w.memory) },
              },
              readinessProbe: probe(w, w.readiness, 'readiness'),
              livenessProbe: probe(w, w.liveness, 'liveness'),
              securityContext: {
                runAsNonRoot: true,
                runAsUser: RUN_AS,
                runAsGroup: RUN_AS,
                readOnlyRootFilesystem: true,
                allowPrivilegeEscalation: false,
                privileged: false,
                capabilities: { drop: ['ALL'] },
                seccompProfile: { type: 'RuntimeDefault' },
              },
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
  });

  new k8s.KubeService(scope, 'service', {
    metadata: meta,
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(w),
      ports: [
        {
          name: w.portName,
          port: w.port,
          targetPort: k8s.IntOrString.fromString(w.portName),
          protocol: 'TCP',
          appProtocol: w.appProtocol,
        },
        {
          name: METRICS.portName,
          port: w.metrics.port,
          targetPort: k8s.IntOrString.fromString(METRICS.portName),
          protocol: 'TCP',
          appProtocol: 'http',
        },
      ],
    },
  });

  if (w.minAvailable !== undefined) {
    new k8s.KubePodDisruptionBudget(scope, 'pdb', {
      metadata: meta,
      spec: {
        minAvailable: k8s.IntOrString.fromNumber(w.minAvailable),
        selector: { matchLabels: selectorLabels(w) },
      },
    });
  }
}

function probe(w: WorkloadPlan, p: Probe, which: string): k8s.Probe {
  const timing = { periodSeconds: p.periodSeconds, failureThreshold: p.failureThreshold, timeoutSeconds: p.timeoutSeconds };
  switch (p.kind) {
    case 'grpc':
      return { grpc: { port: p.port }, ...timing };
    case 'http':
      if (!p.path) throw new PlanInvariantError('services', `plan: ${w.region}/${w.service} ${which} probe is http without a path`);
      return { httpGet: { path: p.path, port: k8s.IntOrString.fromNumber(p.port), scheme: 'HTTP' }, ...timing };
    case 'tcp':
      return { tcpSocket: { port: k8s.IntOrString.fromNumber(p.port) }, ...timing };
  }
}

/** Pool affinity and tolerations: spot workloads require the spot pool and tolerate its taints; others avoid it. */
function scheduling(ctx: ClusterContext, w: WorkloadPlan): Pick<k8s.PodSpec, 'affinity' | 'tolerations'> {
  const pools = ctx.region.cluster.nodePools;
  const spot = pools.find((p) => p.kind === 'spot');
  const own = pools.find((p) => p.kind === w.pool);
  if (w.spot && !spot) throw new PlanInvariantError('services', `plan: ${w.region}/${w.service} runs on spot but cluster ${ctx.region.cluster.name} has no spot pool`);
  if (!own) throw new PlanInvariantError('services', `plan: ${w.region}/${w.service} runs on pool ${w.pool}, absent from cluster ${ctx.region.cluster.name}`);
  const expr = (p: NodePoolPlan, operator: 'In' | 'NotIn'): k8s.NodeSelectorRequirement[] =>
    Object.entries(p.labels).map(([key, value]) => ({ key, operator, values: [value] }));

  if (w.spot) {
    return {
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: expr(spot!, 'In') }] } } },
      tolerations: spot!.taints.map((t) => ({ key: t.key, operator: 'Equal', value: t.value, effect: t.effect })),
    };
  }
  return {
    affinity: {
      nodeAffinity: {
        ...(spot ? { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: expr(spot, 'NotIn') }] } } : {}),
        // the plan's pool is preferred (reserved capacity first); overflow lands on the other non-spot pools
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: { matchExpressions: expr(own, 'In') } }],
      },
    },
  };
}

/**
 * The endpoints ConfigMap: one environment variable per host/port (consumed with envFrom) and the
 * full shard map as JSON in `SHARD_MAP_JSON`.
 */
function endpointData(ctx: ClusterContext, service: string, endpoints: readonly Endpoint[]): Record<string, string> {
  const data: Record<string, string> = {};
  const shardMap: {
    databases: Record<string, { shardBy?: string; shards: { shard: number; host: string; readerHost?: string; port: number }[] }>;
    caches: Record<string, { host: string; port: number }>;
  } = { databases: {}, caches: {} };
  for (const e of endpoints) {
    if (e.kind === 'cache') {
      const key = `CACHE_${envName(e.id)}`;
      data[`${key}_HOST`] = e.host;
      data[`${key}_PORT`] = String(e.port);
      shardMap.caches[e.id] = { host: e.host, port: e.port };
      continue;
    }
    const key = e.shard === undefined ? `DB_${envName(e.id)}` : `DB_${envName(e.id)}_SHARD_${e.shard}`;
    data[`${key}_HOST`] = e.host;
    if (e.readerHost) data[`${key}_READER_HOST`] = e.readerHost;
    data[`${key}_PORT`] = String(e.port);
    const shardBy = ctx.plan.databases.find((d) => d.id === e.id)?.shardBy;
    const db = (shardMap.databases[e.id] ??= { ...(shardBy ? { shardBy } : {}), shards: [] });
    db.shards.push({ shard: e.shard ?? 0, host: e.host, ...(e.readerHost ? { readerHost: e.readerHost } : {}), port: e.port });
  }
  for (const [id, db] of Object.entries(shardMap.databases)) data[`DB_${envName(id)}_SHARDS`] = String(db.shards.length);
  // How to authenticate and verify each store: user, credential kind, TLS mode, CA (from the workload's identity).
  const identity = workloadIdentity(ctx.plan, ctx.region.id, service);
  for (const g of identity?.grants ?? []) {
    const key = `${g.kind === 'database' ? 'DB' : 'CACHE'}_${envName(g.store)}`;
    data[`${key}_USER`] = g.user;
    data[`${key}_AUTH`] = g.connection.auth;
    data[`${key}_TLS_MODE`] = g.connection.tlsMode;
    data[`${key}_CA`] = g.connection.ca;
  }
  data.SHARD_MAP_JSON = JSON.stringify(shardMap);
  return data;
}
