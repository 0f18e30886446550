/** Workloads: what each service runs as in one cluster (mode, replicas, probes, endpoints, autoscaling, names). */
import { targetGroupName } from '../util/output-names';
import { greatCircleKm } from '../catalog';
import { GCP_LOAD_BALANCER_SOURCE_RANGES } from '../catalog/tls';
import type { CacheInstancePlan, DatabaseInstancePlan, DatabasePlan, Endpoint, NService, Probe, ServicePlan, TierPlan, WorkloadMode, WorkloadPlan } from '../model/index';
import { pascalCase } from '../util/names';
import type { PlanContext } from './context';
import * as C from './constants';
import { anycastHost } from './entry-points';
import { maxPerZone, maxSurge, probeTimeoutSeconds, replicasForMode } from './formulas';

/**
 * Service port `appProtocol` (Kubernetes standard application protocols, KEP-3726): gRPC and http2 are HTTP/2
 * cleartext to the pod (`kubernetes.io/h2c`, which the GKE Gateway turns into an HTTP/2 backend service; an
 * unknown value such as `grpc` would leave it HTTP/1.1 and break gRPC), websocket `kubernetes.io/ws`.
 */
const APP_PROTOCOL: Readonly<Record<string, string>> = { grpc: 'kubernetes.io/h2c', http2: 'kubernetes.io/h2c', websocket: 'kubernetes.io/ws', http: 'http' };
const PORT_NAME: Readonly<Record<string, string>> = { grpc: 'grpc', http2: 'http2', websocket: 'ws', http: 'http' };

/** What runs of a service in a region of the given role, or undefined (not placed there). */
export function workloadMode(ctx: PlanContext, s: NService, rid: string, role: 'primary' | 'failover', failoverFor: string | undefined): WorkloadMode | undefined {
  const tier = ctx.tierOf.get(s.tier)!;
  if (role === 'primary' && s.regions.includes(rid)) return 'active';
  if (role === 'failover' && failoverFor && s.regions.includes(failoverFor)) {
    return tier.failover === 'hot-standby' ? 'hot-standby' : tier.failover === 'automated' ? 'warm-standby' : tier.failover === 'manual' ? 'pilot-light' : undefined;
  }
  return undefined;
}

export interface WorkloadInputs {
  readonly service: NService;
  readonly servicePlan: ServicePlan;
  readonly tier: TierPlan;
  readonly mode: WorkloadMode;
  readonly region: string;
  readonly zones: readonly string[];
  readonly dataCidrs: readonly string[];
  readonly databasesHere: readonly DatabaseInstancePlan[];
  readonly cachesHere: readonly CacheInstancePlan[];
  readonly publicCidrs: readonly string[];
  readonly databases: readonly DatabasePlan[];
}

export function planWorkload(ctx: PlanContext, w: WorkloadInputs): WorkloadPlan {
  const { spec, interval, threshold, names, loc } = ctx;
  const { service: s, servicePlan: sp, tier, mode, region: rid, zones, databases } = w;
  const boundToTargetGroup = s.public && ctx.region(rid).cloud === 'aws';
  const failoverFor = ctx.region(rid).failoverFor;
  const replicas = replicasForMode(mode, sp.replicas, sp.n, spec.scaling.spareInstances, zones.length);
  const probeKind: Probe['kind'] = s.protocol === 'grpc' ? 'grpc' : 'http';
  const probe: Probe = { kind: probeKind, ...(probeKind === 'http' ? { path: s.healthPath } : {}), port: s.port, periodSeconds: interval, failureThreshold: threshold, timeoutSeconds: probeTimeoutSeconds(interval) };
  const endpoints: Endpoint[] = [
    ...sp.usesDatabases.flatMap((id) =>
      w.databasesHere.filter((d) => d.database === id).map((d) => ({ kind: 'database' as const, id, ...(databases.find((x) => x.id === id)!.shards > 1 ? { shard: d.shard } : {}), host: d.host, readerHost: d.readerHost, port: d.port })),
    ),
    ...sp.usesDatabases
      .filter((id) => !w.databasesHere.some((d) => d.database === id))
      .flatMap((id) => {
        // The database is not held in this region: reach the nearest primary region that holds it.
        const db = databases.find((x) => x.id === id)!;
        const here = ctx.region(rid);
        const holder = [...db.regions].sort((a, b) => greatCircleKm(loc(here), loc(ctx.region(a))) - greatCircleKm(loc(here), loc(ctx.region(b))))[0];
        return Array.from({ length: db.shards }, (_, shard) => ({
          kind: 'database' as const,
          id,
          ...(db.shards > 1 ? { shard } : {}),
          host: names.dbHost(id, shard, db.shards, holder),
          readerHost: names.dbHost(id, shard, db.shards, holder, true),
          port: C.POSTGRES_PORT,
        }));
      }),
    ...sp.usesCaches.flatMap((id) => w.cachesHere.filter((c) => c.cache === id).map((c) => ({ kind: 'cache' as const, id, host: c.host, port: c.port }))),
  ];
  const running = replicas > 0;
  return {
    service: s.id,
    region: rid,
    tier: s.tier,
    namespace: tier.namespace,
    mode,
    image: s.image,
    protocol: s.protocol,
    appProtocol: APP_PROTOCOL[s.protocol],
    portName: PORT_NAME[s.protocol],
    port: s.port,
    public: s.public,
    replicas,
    ...(running
      ? {
          autoscaling: {
            min: replicas,
            max: sp.maxReplicas,
            cpuUtilization: Math.round(spec.scaling.triggers.cpu * 100),
            memoryUtilization: Math.round(spec.scaling.triggers.memory * 100),
            queueDepth: spec.scaling.triggers.queueDepth,
            ...(sp.latencyTargetMs !== undefined ? { latencyMs: Math.round(sp.latencyTargetMs * spec.scaling.triggers.latencyMultiple) } : {}),
          },
        }
      : {}),
    n: sp.n,
    ...(running ? { minAvailable: Math.min(sp.n, replicas) } : {}),
    maxUnavailable: tier.critical ? 0 : Math.max(0, Math.min(spec.scaling.spareInstances, replicas - sp.n)),
    maxSurge: maxSurge(replicas),
    zones,
    maxPerZone: maxPerZone(replicas, zones.length),
    cpu: s.cpu,
    memory: s.memory,
    cpuMillis: s.cpuMillis,
    memoryMiB: s.memoryMiB,
    pool: tier.spot ? 'spot' : 'reserved',
    spot: tier.spot,
    priorityClass: tier.priorityClass,
    readiness: probe,
    liveness: probe,
    callsServices: sp.usesServices,
    calledBy: [],
    endpoints,
    dataCidrs: w.dataCidrs,
    ...(boundToTargetGroup ? { targetGroup: targetGroupName(rid, s.id) } : {}),
    // Where the entry point's traffic and health checks come from: the NLB (public subnets, AWS), the
    // Application Gateway (its public subnet, Azure), Google's front ends (GCP).
    loadBalancerSourceCidrs: s.public ? (ctx.region(rid).cloud === 'gcp' ? [...GCP_LOAD_BALANCER_SOURCE_RANGES] : w.publicCidrs) : [],
    // The names the region's entry point answers (entry-points.ts hostsOf): an AWS primary also the anycast name.
    hostnames: s.public
      ? [`${s.id}.${spec.dns.zone}`, ...(failoverFor ? [names.failoverName(s.id, failoverFor)] : []), names.failoverName(s.id, rid), ...(!failoverFor && ctx.region(rid).cloud === 'aws' ? [anycastHost(spec.dns.zone, s.id)] : [])]
      : [],
    metrics: { port: C.METRICS_PORT, path: C.METRICS_PATH },
    alertPrefix: pascalCase(s.id),
    alerts: Object.fromEntries(Object.entries(C.ALERT_SUFFIX).map(([kind, suffix]) => [kind, `${pascalCase(s.id)}${suffix}`])) as WorkloadPlan['alerts'],
  };
}

/** Each workload's callers in the same cluster, for NetworkPolicy ingress; returns new workloads. */
export function withCallers(workloads: readonly WorkloadPlan[]): WorkloadPlan[] {
  return workloads.map((w) => ({
    ...w,
    calledBy: workloads.filter((o) => o.callsServices.includes(w.service)).map((o) => ({ service: o.service, namespace: o.namespace })),
  }));
}
