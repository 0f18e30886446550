/**
 * Stage 4, plan: a pure function from the normalized spec (and the built-in catalog) to the Plan,
 * a plain data model holding every decision: placement, replicas, zones, node pools, databases,
 * backups, traffic, stacks, and the reports with their proofs. Constructs only translate it.
 */
import { CACHE_SIZES, DATABASE_SIZES, DEFAULT_NODE_SIZE, findLocation, findPop, greatCircleKm, locationsOf, NODE_SIZES } from '../catalog';
import type { CloudLocation } from '../catalog/types';
import type { Diagnostic } from '../util/errors';
import type {
  BackupRule,
  CacheInstancePlan,
  CachePlan,
  DatabaseInstancePlan,
  DatabasePlan,
  DataBackupPlan,
  DnsRecordPlan,
  Endpoint,
  NormalizedSpec,
  NodePoolPlan,
  NRegion,
  NService,
  Plan,
  PoolKind,
  Probe,
  RegionPlan,
  ServicePlan,
  StackPlan,
  Subnet,
  TierPlan,
  WorkloadMode,
  WorkloadPlan,
} from '../model/index';
import { formatCidr, formatIp, parseCidr, subnet } from '../util/net';
import { pascalCase } from '../util/names';
import { formatBytes } from '../util/units';
import { costReport } from './cost';
import * as C from './constants';
import { afterZoneLoss, baseInstances, estimatedRttMs, failureThreshold, growthMultiplier, nodesFor, projectedCapacity, replicasFor, storageRequired } from './formulas';
import { proofs } from './proofs';
import { SUBNET_PREFIX_DELTA } from '../spec/rules';

export interface PlanResult {
  readonly plan: Plan;
  /** Failed proofs (errors) and planning warnings, located by spec path. */
  readonly diagnostics: readonly Diagnostic[];
}

const APP_PROTOCOL: Readonly<Record<string, string>> = { grpc: 'grpc', http2: 'kubernetes.io/h2c', websocket: 'kubernetes.io/ws', http: 'http' };
const PORT_NAME: Readonly<Record<string, string>> = { grpc: 'grpc', http2: 'http2', websocket: 'ws', http: 'http' };

export function plan(spec: NormalizedSpec): PlanResult {
  const diagnostics: Diagnostic[] = [];
  const loc = (r: NRegion): CloudLocation => {
    const l = findLocation(r.cloud, r.location);
    if (!l) throw new Error(`location ${r.cloud}/${r.location} vanished from the catalog after validation`);
    return l;
  };
  const primaries = spec.regions.filter((r) => !r.failoverFor);
  const failoverOf = new Map(spec.regions.filter((r) => r.failoverFor).map((r) => [r.failoverFor!, r.id]));
  const tierOf = new Map(spec.tiers.map((t) => [t.id, t]));
  const interval = spec.availability.healthCheckIntervalSeconds;
  const threshold = failureThreshold(interval, spec.availability.removeAfterSeconds);
  const multiplier = growthMultiplier(spec.capacity.growth, spec.scaling.safetyFactor, spec.capacity.horizonMonths);
  const tags = { platform: spec.name, environment: spec.environment, 'managed-by': 'platform-spec' };

  // --- tiers ---------------------------------------------------------------------------------
  const tierOrder = [...spec.tiers].sort((a, b) => Number(b.critical) - Number(a.critical) || a.rtoSeconds - b.rtoSeconds || a.id.localeCompare(b.id));
  const tiers: TierPlan[] = spec.tiers.map((t) => ({
    id: t.id,
    rtoSeconds: t.rtoSeconds,
    failover: t.failover,
    critical: t.critical,
    namespace: t.id,
    priorityClass: `${spec.name}-${t.id}`,
    priority: C.PRIORITY_BASE - tierOrder.indexOf(t) * C.PRIORITY_STEP,
    spot: spec.cost.spotTiers.includes(t.id),
  }));
  const tierPlan = new Map(tiers.map((t) => [t.id, t]));

  // --- services ------------------------------------------------------------------------------
  const storeKind = (id: string): 'database' | 'cache' | 'service' =>
    spec.databases.some((d) => d.id === id) ? 'database' : spec.caches.some((c) => c.id === id) ? 'cache' : 'service';
  const services: ServicePlan[] = spec.services.map((s) => {
    const r = replicasFor(s.rps, s.perInstance, spec.scaling.safetyFactor, spec.scaling.spareInstances, spec.availability.zones);
    const projected = Math.ceil(((s.rps * multiplier) / s.perInstance) - 1e-9);
    return {
      id: s.id,
      tier: s.tier,
      protocol: s.protocol,
      public: s.public,
      rps: s.rps,
      perInstance: s.perInstance,
      n: r.n,
      replicas: r.replicas,
      replicasBySafety: r.bySafety,
      replicasByRedundancy: r.byRedundancy,
      replicasByZoneLoss: r.byZoneLoss,
      maxReplicas: Math.max(r.replicas, projected),
      primaryRegions: s.regions,
      failoverRegions: tierOf.get(s.tier)!.failover === 'restore' ? [] : s.regions.map((p) => failoverOf.get(p)).filter((x): x is string => !!x).sort(),
      usesServices: s.uses.filter((u) => storeKind(u) === 'service'),
      usesDatabases: s.uses.filter((u) => storeKind(u) === 'database'),
      usesCaches: s.uses.filter((u) => storeKind(u) === 'cache'),
      ...(s.latencyTargetSeconds !== undefined ? { latencyTargetMs: Math.round(s.latencyTargetSeconds * 1000) } : {}),
    };
  });
  const servicePlan = new Map(services.map((s) => [s.id, s]));

  // --- databases -----------------------------------------------------------------------------
  const dataOf = new Map(spec.data.map((d) => [d.id, d]));
  const databases: DatabasePlan[] = spec.databases.map((db) => {
    const classes = db.stores.map((id) => dataOf.get(id)!);
    const strictest = [...classes].sort((a, b) => a.rpoSeconds - b.rpoSeconds)[0];
    const total = storageRequired(db.dailyGrowthBytes, db.retentionDays, db.replicationFactor);
    const cloudOfPrimary = 'aws' as const;
    return {
      id: db.id,
      stores: db.stores,
      ...(db.shardBy ? { shardBy: db.shardBy } : {}),
      shards: db.shards,
      readReplicas: db.readReplicas,
      size: db.size,
      instanceClass: DATABASE_SIZES[cloudOfPrimary][db.size].type,
      rpoSeconds: strictest.rpoSeconds,
      replication: strictest.replication,
      temperature: strictest.temperature,
      residency: [...new Set(classes.flatMap((c) => c.residency))].sort(),
      regions: db.regions,
      storageBytes: total,
      storagePerShardBytes: total / db.shards,
      dailyGrowthBytes: db.dailyGrowthBytes,
      retentionDays: db.retentionDays,
      replicationFactor: db.replicationFactor,
      multiAz: true,
      crossRegion: strictest.replication === 'backup' ? { mode: 'none', targets: [] } : { mode: 'asynchronous', targets: db.regions.map((r) => failoverOf.get(r)).filter((x): x is string => !!x).sort() },
      slowQueryMs: Math.round(spec.observability.slowQuerySeconds * 1000),
      backupRetentionDays: Math.min(C.CONTINUOUS_BACKUP_RETENTION_DAYS, spec.backups.retention.dailyDays),
    };
  });
  const caches: CachePlan[] = spec.caches.map((c) => ({
    id: c.id,
    size: c.size,
    nodeType: CACHE_SIZES.aws[c.size].type,
    replicas: c.replicas,
    regions: primaries.map((r) => r.id).filter((rid) => services.some((s) => s.usesCaches.includes(c.id) && s.primaryRegions.includes(rid))),
    hitRatioTarget: spec.observability.cacheHitRatio,
    hitMs: Math.round(c.hitSeconds * 1000 * 1000) / 1000,
    missMs: Math.round(c.missSeconds * 1000 * 1000) / 1000,
  }));

  // --- backups -------------------------------------------------------------------------------
  const ret = spec.backups.retention;
  const warmCold = (freq: 'hourly' | 'daily') => (['warm', 'cold'] as const).filter((t) => spec.backups.snapshots[t] === freq);
  // Hot data: continuous backup (point-in-time recovery) plus the long-term snapshots; warm and cold data:
  // snapshots at their configured frequency plus the long-term ones.
  const rules: BackupRule[] = [
    { name: 'continuous', continuous: true, schedule: 'cron(0 * * * ? *)', retentionDays: Math.min(C.CONTINUOUS_BACKUP_RETENTION_DAYS, ret.dailyDays), temperatures: ['hot'] },
    { name: 'hourly', continuous: false, schedule: 'cron(0 * * * ? *)', retentionDays: ret.hourlyDays, temperatures: warmCold('hourly') },
    { name: 'daily', continuous: false, schedule: 'cron(0 3 * * ? *)', retentionDays: ret.dailyDays, temperatures: ['hot', 'warm', 'cold'] },
    { name: 'weekly', continuous: false, schedule: 'cron(0 4 ? * SUN *)', retentionDays: ret.weeklyDays, temperatures: ['hot', 'warm', 'cold'] },
    { name: 'monthly', continuous: false, schedule: 'cron(0 5 1 * ? *)', retentionDays: ret.monthlyDays, temperatures: ['hot', 'warm', 'cold'] },
  ].filter((r) => r.temperatures.length > 0) as BackupRule[];
  const copyLocations = (region: NRegion, residency: readonly string[]): string[] => {
    const home = loc(region);
    const bound = residency.includes(home.jurisdiction) ? home.jurisdiction : undefined;
    const candidates = locationsOf(region.cloud)
      .filter((l) => l.name !== home.name && (!bound || l.jurisdiction === bound))
      .map((l) => ({ l, km: greatCircleKm(home, l) }))
      .sort((a, b) => a.km - b.km || a.l.name.localeCompare(b.l.name));
    const want = spec.backups.copies - 1;
    if (candidates.length < want) {
      diagnostics.push({
        code: 'backup-copies-jurisdiction',
        severity: 'error',
        path: 'backups.copies',
        message: `region \`${region.id}\` holds data that must stay in ${bound}, which has only ${candidates.length + 1} ${region.cloud} region(s) for ${spec.backups.copies} backup copies`,
        expected: `backups.copies <= ${candidates.length + 1}, or a failover/backup plan that accepts fewer copies`,
        found: String(spec.backups.copies),
      });
    }
    return candidates.slice(0, want).map((c) => c.l.name);
  };
  const residencyIn = (rid: string): string[] => {
    const dbIds = databases.filter((d) => d.regions.includes(rid)).map((d) => d.id);
    return [...new Set(databases.filter((d) => dbIds.includes(d.id)).flatMap((d) => d.residency))].sort();
  };
  const regionCopyTo = new Map(spec.regions.map((r) => [r.id, copyLocations(r, residencyIn(r.failoverFor ?? r.id))]));
  const dataClasses: DataBackupPlan[] = spec.data.map((d) => {
    const holders = databases.filter((db) => db.stores.includes(d.id)).flatMap((db) => db.regions);
    const frequency = d.temperature === 'hot' ? 'continuous' : spec.backups.snapshots[d.temperature];
    return {
      dataClass: d.id,
      temperature: d.temperature,
      frequency,
      intervalSeconds: frequency === 'continuous' ? C.CONTINUOUS_BACKUP_RPO_SECONDS : frequency === 'hourly' ? 3600 : 86400,
      residency: d.residency,
      copies: [...new Set(holders)].sort().map((rid) => ({ region: rid, copyLocations: regionCopyTo.get(rid)! })),
    };
  });

  // --- regions -------------------------------------------------------------------------------
  const privateZone = (rid: string) => `${rid}.internal`;
  /** Name a failover cluster publishes for a public service (external-dns); Route 53 fails over to it. */
  const failoverName = (service: string, rid: string) => `${service}.${rid}.${C.FAILOVER_DNS_LABEL}.${spec.dns.zone}`;
  const dbHost = (db: string, shard: number, shards: number, rid: string, reader = false) =>
    `${shards > 1 ? `${db}-shard-${shard}` : db}${reader ? '-ro' : ''}.db.${privateZone(rid)}`;

  const regions: RegionPlan[] = spec.regions.map((r) => {
    const l = loc(r);
    const zones = l.zones.slice(0, spec.availability.zones);
    const net = parseCidr(r.cidr);
    if (typeof net === 'string') throw new Error(`invalid CIDR after validation: ${r.cidr}`);
    const kinds = ['public', 'private', 'data'] as const;
    const subnets: Subnet[] = kinds.flatMap((kind, k) =>
      zones.map((zone, z) => ({ zone, kind, cidr: formatCidr(subnet(net, net.prefix + SUBNET_PREFIX_DELTA, k * zones.length + z)), name: `${r.id}-${kind}-${z}` })),
    );
    // GCP's managed data stores (Cloud SQL, Memorystore) live in a Private Service Access range, not in a subnet.
    const serviceNetworking = r.cloud === 'gcp' ? formatCidr(subnet(net, net.prefix + 4, 13)) : undefined;
    const dataCidrs = [...subnets.filter((s) => s.kind === 'data').map((s) => s.cidr), ...(serviceNetworking ? [serviceNetworking] : [])];
    const serviceRange = subnet(net, net.prefix + 4, 12);
    const role = r.failoverFor ? 'failover' : 'primary';
    const servedPrimary = r.failoverFor ?? r.id;

    // Databases and caches held in this region.
    const dbInstances: DatabaseInstancePlan[] = databases
      .filter((db) => (role === 'primary' ? db.regions.includes(r.id) : db.crossRegion.targets.includes(r.id)))
      .flatMap((db) =>
        Array.from({ length: db.shards }, (_, shard) => ({
          database: db.id,
          region: r.id,
          shard,
          name: db.shards > 1 ? `${db.id}-shard-${shard}` : db.id,
          host: dbHost(db.id, shard, db.shards, r.id),
          readerHost: dbHost(db.id, shard, db.shards, r.id, true),
          writers: 1,
          readers: db.readReplicas,
          instanceClass: DATABASE_SIZES[r.cloud][db.size].type,
          zones,
          storageBytes: db.storagePerShardBytes / db.replicationFactor,
          role: role === 'primary' ? ('primary' as const) : ('standby' as const),
          port: C.POSTGRES_PORT,
          tags: { ...tags, region: r.id, database: db.id, 'data-class': db.stores.join('.'), backup: `${spec.name}-${r.id}-${db.temperature}` },
        })),
      );
    const cacheInstances: CacheInstancePlan[] = caches
      .filter((c) => c.regions.includes(servedPrimary))
      .map((c) => ({
        cache: c.id,
        region: r.id,
        name: c.id,
        host: `${c.id}.cache.${privateZone(r.id)}`,
        nodeType: CACHE_SIZES[r.cloud][c.size].type,
        nodes: c.replicas + 1,
        memoryGb: Math.ceil(CACHE_SIZES[r.cloud][c.size].memoryGiB),
        zones,
        port: C.REDIS_TLS_PORT[r.cloud],
        tags: { ...tags, region: r.id, cache: c.id, tier: [...new Set(services.filter((s) => s.usesCaches.includes(c.id)).map((s) => s.tier))].sort().join('.') },
      }));

    // Workloads.
    const workloads: WorkloadPlan[] = [];
    for (const s of spec.services) {
      const sp = servicePlan.get(s.id)!;
      const tier = tierOf.get(s.tier)!;
      let mode: WorkloadMode | undefined;
      if (role === 'primary' && s.regions.includes(r.id)) mode = 'active';
      else if (role === 'failover' && s.regions.includes(r.failoverFor!)) {
        mode = tier.failover === 'hot-standby' ? 'hot-standby' : tier.failover === 'automated' ? 'warm-standby' : tier.failover === 'manual' ? 'pilot-light' : undefined;
      }
      if (!mode) continue;
      workloads.push(workload(s, sp, mode, r.id, zones, dataCidrs, dbInstances, cacheInstances, subnets.filter((x) => x.kind === 'public').map((x) => x.cidr)));
    }
    for (const w of workloads) {
      (w.calledBy as { service: string; namespace: string }[]).push(
        ...workloads.filter((o) => o.callsServices.includes(w.service)).map((o) => ({ service: o.service, namespace: o.namespace })),
      );
    }

    const lbName = `${spec.name}-${r.id}`;
    const publicWorkloads = workloads.filter((w) => w.public);
    return {
      id: r.id,
      cloud: r.cloud,
      location: r.location,
      jurisdiction: l.jurisdiction,
      country: l.country,
      lat: l.lat,
      lon: l.lon,
      role,
      ...(r.failoverFor ? { failoverFor: r.failoverFor } : {}),
      ...(failoverOf.get(r.id) ? { failoverRegion: failoverOf.get(r.id) } : {}),
      cidr: r.cidr,
      networkCidr: formatCidr(subnet(net, net.prefix + 1, 0)),
      ...(serviceNetworking ? { serviceNetworkingCidr: serviceNetworking } : {}),
      zones,
      subnets,
      privateZone: privateZone(r.id),
      cluster: {
        name: `${spec.name}-${r.id}`,
        gitopsApplication: `${spec.name}-${r.id}`,
        kubernetesVersion: C.KUBERNETES_VERSION,
        nodeSubnet: subnets.find((x) => x.kind === 'private')!.name,
        podCidr: formatCidr(subnet(net, net.prefix + 2, 2)),
        serviceCidr: formatCidr(serviceRange),
        dnsServiceIp: formatIp(serviceRange.base + C.DNS_SERVICE_HOST),
        nodePools: nodePools(r, workloads),
      },
      workloads,
      databases: dbInstances,
      caches: cacheInstances,
      backup: {
        vault: `${spec.name}-${r.id}`,
        copyTo: regionCopyTo.get(r.id)!,
        selectionTagKey: 'backup',
        selections: (['hot', 'warm', 'cold'] as const)
          .filter((t) => dbInstances.some((d) => databases.find((x) => x.id === d.database)!.temperature === t))
          .map((t) => ({ temperature: t, name: `${spec.name}-${r.id}-${t}`, rules: rules.filter((x) => x.temperatures.includes(t)).map((x) => x.name) })),
      },
      ...(r.cloud === 'aws' && publicWorkloads.length
        ? {
            loadBalancer: {
              name: lbName,
              kind: 'network' as const,
              targetGroups: publicWorkloads.map((w) => ({
                name: w.targetGroup!,
                service: w.service,
                namespace: w.namespace,
                port: w.port,
                protocol: 'TCP' as const,
                healthCheck: { intervalSeconds: interval, failureThreshold: threshold, healthyThreshold: C.HEALTHY_THRESHOLD, protocol: w.readiness.kind === 'http' ? ('HTTP' as const) : ('TCP' as const), ...(w.readiness.path ? { path: w.readiness.path } : {}), port: w.port },
              })),
            },
          }
        : {}),
    };
  });

  function workload(s: NService, sp: ServicePlan, mode: WorkloadMode, rid: string, zones: readonly string[], dataCidrs: readonly string[], dbs: readonly DatabaseInstancePlan[], cs: readonly CacheInstancePlan[], publicCidrs: readonly string[]): WorkloadPlan {
    const boundToTargetGroup = s.public && spec.regions.find((x) => x.id === rid)!.cloud === 'aws';
    const tier = tierPlan.get(s.tier)!;
    const replicas = mode === 'active' || mode === 'hot-standby' ? sp.replicas : mode === 'warm-standby' ? sp.n + spec.scaling.spareInstances : 0;
    const probeKind: Probe['kind'] = s.protocol === 'grpc' ? 'grpc' : 'http';
    const probe: Probe = { kind: probeKind, ...(probeKind === 'http' ? { path: s.healthPath } : {}), port: s.port, periodSeconds: interval, failureThreshold: threshold, timeoutSeconds: Math.max(1, Math.floor(interval / 2)) };
    const endpoints: Endpoint[] = [
      ...sp.usesDatabases.flatMap((id) =>
        dbs.filter((d) => d.database === id).map((d) => ({ kind: 'database' as const, id, ...(databases.find((x) => x.id === id)!.shards > 1 ? { shard: d.shard } : {}), host: d.host, readerHost: d.readerHost, port: d.port })),
      ),
      ...sp.usesDatabases
        .filter((id) => !dbs.some((d) => d.database === id))
        .flatMap((id) => {
          // The database is not held in this region: reach the nearest primary region that holds it.
          const db = databases.find((x) => x.id === id)!;
          const here = spec.regions.find((x) => x.id === rid)!;
          const holder = [...db.regions].sort((a, b) => greatCircleKm(loc(here), loc(spec.regions.find((x) => x.id === a)!)) - greatCircleKm(loc(here), loc(spec.regions.find((x) => x.id === b)!)))[0];
          return Array.from({ length: db.shards }, (_, shard) => ({ kind: 'database' as const, id, ...(db.shards > 1 ? { shard } : {}), host: dbHost(id, shard, db.shards, holder), readerHost: dbHost(id, shard, db.shards, holder, true), port: C.POSTGRES_PORT }));
        }),
      ...sp.usesCaches.flatMap((id) => cs.filter((c) => c.cache === id).map((c) => ({ kind: 'cache' as const, id, host: c.host, port: c.port }))),
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
      maxSurge: Math.max(1, Math.ceil(replicas * 0.25)),
      zones,
      maxPerZone: Math.ceil(replicas / zones.length),
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
      dataCidrs,
      ...(boundToTargetGroup ? { targetGroup: `${rid}-${s.id}`.slice(0, 32) } : {}),
      loadBalancerSourceCidrs: boundToTargetGroup ? publicCidrs : [],
      hostnames: s.public ? [`${s.id}.${spec.dns.zone}`, ...(mode !== 'active' ? [failoverName(s.id, rid)] : [])] : [],
      publishedHostnames: s.public && mode !== 'active' ? [failoverName(s.id, rid)] : [],
      metrics: { port: C.METRICS_PORT, path: C.METRICS_PATH },
      alertPrefix: pascalCase(s.id),
    };
  }

  function nodePools(r: NRegion, workloads: readonly WorkloadPlan[]): NodePoolPlan[] {
    const size = NODE_SIZES[r.cloud][DEFAULT_NODE_SIZE];
    const cpuPerNode = size.vcpu * 1000 * C.NODE_ALLOCATABLE;
    const memPerNode = size.memoryGiB * 1024 * C.NODE_ALLOCATABLE;
    const demand = (ws: readonly WorkloadPlan[], count: (w: WorkloadPlan) => number) => ({
      cpu: ws.reduce((a, w) => a + w.cpuMillis * count(w), 0),
      mem: ws.reduce((a, w) => a + w.memoryMiB * count(w), 0),
    });
    const nodes = (d: { cpu: number; mem: number }) => Math.max(nodesFor(d.cpu, cpuPerNode, C.NODE_HEADROOM), nodesFor(d.mem, memPerNode, C.NODE_HEADROOM));
    const zones = Math.min(spec.availability.zones, findLocation(r.cloud, r.location)!.zones.length);
    const atLeastZones = (n: number) => (n === 0 ? 0 : Math.max(n, zones));
    const spot = workloads.filter((w) => w.spot);
    const steady = workloads.filter((w) => !w.spot);
    // Steady demand at planned replicas; burst = growth to autoscaling max (failover: up to full capacity).
    const steadyNow = demand(steady, (w) => w.replicas);
    const steadyMax = demand(steady, (w) => w.autoscaling?.max ?? servicePlan.get(w.service)!.replicas);
    const reservedShare = spec.cost.mix.reserved / (spec.cost.mix.reserved + spec.cost.mix.onDemand);
    const steadyNodes = nodes(steadyNow);
    const reserved = atLeastZones(Math.floor(steadyNodes * reservedShare + 1e-9));
    const onDemandBase = Math.max(0, steadyNodes - reserved);
    const onDemandMax = Math.max(onDemandBase, nodes(steadyMax) - reserved);
    const spotNow = nodes(demand(spot, (w) => w.replicas));
    const spotMax = nodes(demand(spot, (w) => w.autoscaling?.max ?? servicePlan.get(w.service)!.replicas));
    const pool = (kind: PoolKind, min: number, desired: number, max: number, requested: number): NodePoolPlan => ({
      name: kind,
      kind,
      capacityType: kind === 'spot' ? 'SPOT' : 'ON_DEMAND',
      instanceType: size.type,
      vcpu: size.vcpu,
      memoryGiB: size.memoryGiB,
      min,
      desired,
      max: Math.max(max, desired, 1),
      labels: { 'platform.example.com/pool': kind },
      taints: kind === 'spot' ? [{ key: 'platform.example.com/spot', value: 'true', effect: 'NoSchedule' as const }, ...C.CLOUD_SPOT_TAINTS[r.cloud]] : [],
      requestedCpuMillis: requested,
    });
    const pools = [
      pool('reserved', reserved, reserved, reserved, Math.round(steadyNow.cpu * reservedShare)),
      pool('on-demand', onDemandBase, onDemandBase, atLeastZones(onDemandMax), Math.round(steadyNow.cpu * (1 - reservedShare))),
    ];
    if (spec.cost.spotTiers.length) pools.push(pool('spot', spotNow === 0 ? 0 : atLeastZones(spotNow), spotNow === 0 ? 0 : atLeastZones(spotNow), atLeastZones(Math.max(spotMax, 1)), demand(spot, (w) => w.replicas).cpu));
    return pools;
  }

  // --- storage limits ------------------------------------------------------------------------
  const storageWarnings: string[] = [];
  for (const r of regions) {
    for (const d of r.databases) {
      const max = C.MAX_DATABASE_BYTES[r.cloud];
      if (d.storageBytes <= max) continue;
      const db = databases.find((x) => x.id === d.database)!;
      const need = Math.ceil((db.storageBytes / db.replicationFactor / max) - 1e-9);
      const what = `${db.shards > 1 ? `each of the ${db.shards} shards of \`${db.id}\`` : `\`${db.id}\``} in \`${r.id}\` needs ${formatBytes(d.storageBytes)} of logical storage, over the ${formatBytes(max)} limit of managed PostgreSQL on ${r.cloud}`;
      if (d.role === 'primary') {
        diagnostics.push({ code: 'storage-limit', severity: 'error', path: `databases.${db.id}.shards`, message: what, expected: `shards >= ${need} (or a shorter retention)`, found: String(db.shards) });
      } else {
        storageWarnings.push(`Standby: ${what}, so the standby cannot hold a full copy; ${need} shards would fit.`);
      }
    }
  }
  const uniqueStorageWarnings = [...new Set(storageWarnings)];

  // --- traffic -------------------------------------------------------------------------------
  const awsPrimaries = regions.filter((r) => r.role === 'primary' && r.cloud === 'aws');
  const records: DnsRecordPlan[] = [];
  for (const s of services.filter((x) => x.public)) {
    const tier = tierOf.get(s.tier)!;
    for (const rid of s.primaryRegions) {
      const r = regions.find((x) => x.id === rid)!;
      records.push({ name: `${s.id}.${spec.dns.zone}`, service: s.id, tier: s.tier, routing: 'latency', region: rid, ttlSeconds: spec.dns.ttlSeconds });
      records.push({ name: `${s.id}.${rid}.${spec.dns.zone}`, service: s.id, tier: s.tier, routing: 'failover', region: rid, failoverRole: 'PRIMARY', ttlSeconds: spec.dns.ttlSeconds });
      const fo = r.failoverRegion;
      if (fo && (tier.failover === 'hot-standby' || tier.failover === 'automated')) {
        records.push({ name: `${s.id}.${rid}.${spec.dns.zone}`, service: s.id, tier: s.tier, routing: 'failover', region: fo, failoverRole: 'SECONDARY', target: failoverName(s.id, fo), ttlSeconds: spec.dns.ttlSeconds });
      }
    }
  }

  // --- edge ----------------------------------------------------------------------------------
  const servingRegions = regions.filter((r) => r.role === 'primary');
  const pops = spec.edge.pops.map((code) => {
    const p = findPop(code)!;
    const nearest = servingRegions.map((r) => ({ r, km: greatCircleKm(p, r) })).sort((a, b) => a.km - b.km || a.r.id.localeCompare(b.r.id))[0];
    return { code, city: p.city, country: p.country, continent: p.continent, lat: p.lat, lon: p.lon, nearestRegion: nearest.r.id, distanceKm: Math.round(nearest.km) };
  });
  const continents = new Set(pops.map((p) => p.continent));
  const priceClass = [...continents].every((c) => c === 'north-america' || c === 'europe') ? 'PriceClass_100' : continents.has('south-america') || continents.has('oceania') ? 'PriceClass_All' : 'PriceClass_200';

  // --- stacks --------------------------------------------------------------------------------
  const stacks: StackPlan[] = [
    ...regions.map((r) => ({ name: `region-${r.id}`, kind: 'region' as const, cloud: r.cloud, region: r.id, dependsOn: [], wave: 1 })),
    { name: 'global', kind: 'global', cloud: 'aws', dependsOn: awsPrimaries.map((r) => `region-${r.id}`), wave: 2 },
  ];

  const planWithoutReports = {
    name: spec.name,
    environment: spec.environment,
    dns: spec.dns,
    backend: spec.backend,
    gitops: spec.gitops,
    tags,
    tiers,
    regions,
    services,
    databases,
    caches,
    backups: { rules, copies: spec.backups.copies, dataClasses },
    traffic: {
      healthCheck: { intervalSeconds: interval, failureThreshold: threshold, healthyThreshold: C.HEALTHY_THRESHOLD },
      records,
      acceleratorEndpointGroups: awsPrimaries.map((r) => ({ region: r.id, location: r.location, trafficDial: 100 })),
    },
    edge: {
      routing: spec.edge.routing,
      geoDns: spec.edge.geoDns,
      compression: spec.edge.compression,
      pops,
      cdn: { ...spec.edge.cdn, priceClass: priceClass as 'PriceClass_100' | 'PriceClass_200' | 'PriceClass_All' },
    },
    observability: {
      scrapeIntervalSeconds: spec.observability.scrapeIntervalSeconds,
      slowQueryMs: Math.round(spec.observability.slowQuerySeconds * 1000),
      queryP95Ms: Math.round(spec.observability.queryP95Seconds * 1000),
      cacheHitRatio: spec.observability.cacheHitRatio,
      alertRoutes: spec.observability.alerts,
      slo: spec.availability.slo,
    },
    stacks,
  };

  const latency = pops.map((p) => {
    const direct = servingRegions.map((r) => ({ r, km: greatCircleKm(p, r) })).sort((a, b) => a.km - b.km)[0];
    const rttDirectMs = estimatedRttMs(direct.km);
    const rttViaPopMs = estimatedRttMs(0);
    return { pop: p.code, city: p.city, nearestRegion: p.nearestRegion, directRegion: direct.r.id, rttDirectMs, rttViaPopMs, improvementMs: rttDirectMs - rttViaPopMs };
  });

  const proof = proofs(spec, planWithoutReports);
  diagnostics.push(...proof.diagnostics);
  const cost = costReport(spec, regions);
  const warnings = [...proof.warnings, ...cost.warnings, ...uniqueStorageWarnings];
  const result: Plan = {
    ...planWithoutReports,
    reports: {
      capacity: regions.flatMap((r) =>
        r.workloads.map((w) => ({
          service: w.service,
          region: r.id,
          mode: w.mode,
          n: w.n,
          replicas: w.replicas,
          min: w.autoscaling?.min ?? 0,
          max: w.autoscaling?.max ?? 0,
          perZone: w.maxPerZone,
          survivesZoneLoss: w.replicas === 0 || afterZoneLoss(w.replicas, r.zones.length) >= (w.mode === 'warm-standby' ? 1 : w.n),
        })),
      ),
      projection: {
        ordersPerSecond: spec.capacity.ordersPerSecond,
        growth: spec.capacity.growth,
        safetyFactor: spec.scaling.safetyFactor,
        horizonMonths: spec.capacity.horizonMonths,
        requiredOrdersPerSecond: projectedCapacity(spec.capacity.ordersPerSecond, spec.capacity.growth, spec.scaling.safetyFactor, spec.capacity.horizonMonths),
        multiplier,
      },
      storage: databases.map((d) => ({ database: d.id, dailyGrowthBytes: d.dailyGrowthBytes, retentionDays: d.retentionDays, replicationFactor: d.replicationFactor, totalBytes: d.storageBytes, shards: d.shards, perShardBytes: d.storagePerShardBytes })),
      availability: proof.availability,
      rto: proof.rto,
      rpo: proof.rpo,
      residency: proof.residency,
      cost: cost.report,
      latency,
      warnings,
    },
  };
  return { plan: result, diagnostics };
}

/** Exposed for tests: N for a service. */
export { baseInstances };
