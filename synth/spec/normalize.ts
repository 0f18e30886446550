/**
 * Stage 3, normalize: applies every default (constants in defaults.ts) and parses units into numbers.
 * Input is a schema-valid, rule-valid RawSpec; output is a new NormalizedSpec (the input is not mutated).
 * Maps become arrays sorted by id so that every later stage iterates in a stable order.
 */
import * as D from './defaults';
import type { NObservability, NormalizedSpec, NService } from '../model/index';
import type { RawSpec } from '../model/spec';
import { durationDays, durationMonths, parseBytes, parseCpuMillis, parseDuration, parseMemoryMiB, parseMultiple, parsePercent } from '../util/units';

function sorted<T>(map: Readonly<Record<string, T>> | undefined): [string, T][] {
  return Object.entries(map ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function normalize(raw: RawSpec): NormalizedSpec {
  const regions = sorted(raw.regions).map(([id, r]) => ({ id, cloud: r.cloud, location: r.location, cidr: r.cidr, ...(r.failoverFor ? { failoverFor: r.failoverFor } : {}), ...(r.project ? { project: r.project } : {}), ...(r.renamedFrom ? { renamedFrom: r.renamedFrom } : {}) }));
  const primaries = regions.filter((r) => !r.failoverFor).map((r) => r.id);
  // "First" in the order the spec lists its regions (the state bucket usually lives in the home region).
  const firstAwsPrimary = Object.values(raw.regions).find((r) => !r.failoverFor && r.cloud === 'aws');
  const backend = raw.terraform?.backend ?? {};
  const services: NService[] = sorted(raw.services).map(([id, s]) => ({
    id,
    tier: s.tier,
    image: s.image,
    protocol: s.protocol,
    port: s.port,
    public: s.public ?? D.DEFAULT_SERVICE_PUBLIC,
    rps: s.load.rps,
    perInstance: s.load.perInstance,
    ...(s.latencyTarget !== undefined ? { latencyTargetSeconds: parseDuration(s.latencyTarget) } : {}),
    cpuMillis: parseCpuMillis(s.resources.cpu),
    memoryMiB: parseMemoryMiB(s.resources.memory),
    cpu: s.resources.cpu,
    memory: s.resources.memory,
    uses: [...(s.uses ?? [])].sort(),
    regions: s.regions?.length ? [...s.regions].sort() : primaries,
    healthPath: s.healthPath ?? D.DEFAULT_HEALTH_PATH,
    ...(s.renamedFrom ? { renamedFrom: s.renamedFrom } : {}),
  }));
  const usersOrPrimaries = (dbId: string): string[] => {
    const users = new Set(services.filter((s) => s.uses.includes(dbId)).flatMap((s) => s.regions));
    return users.size ? primaries.filter((r) => users.has(r)).sort() : primaries;
  };
  return {
    name: raw.name,
    environment: raw.environment,
    dns: { zone: raw.dns.zone, ttlSeconds: parseDuration(raw.dns.ttl) },
    backend: {
      bucket: backend.bucket ?? D.defaultBackendBucket(raw.name, raw.environment),
      keyPrefix: backend.keyPrefix ?? D.defaultBackendKeyPrefix(raw.name, raw.environment),
      region: backend.region ?? firstAwsPrimary?.location ?? 'us-east-1',
    },
    awsOptInRegions: [...(raw.terraform?.awsOptInRegions ?? [])].sort(),
    gitops: {
      repoURL: raw.gitops?.repoURL ?? D.DEFAULT_GITOPS_REPO,
      revision: raw.gitops?.revision ?? D.DEFAULT_GITOPS_REVISION,
      path: raw.gitops?.path ?? D.DEFAULT_GITOPS_PATH,
      ...(raw.gitops?.credentials ? { credentials: { username: raw.gitops.credentials.username ?? D.DEFAULT_GITOPS_USERNAME } } : {}),
    },
    admins: { ...(raw.access?.admins ?? {}) },
    regions,
    edge: {
      routing: raw.edge.routing,
      geoDns: raw.edge.geoDns ?? D.DEFAULT_GEO_DNS,
      pops: [...raw.edge.pops],
      compression: [...(raw.edge.compression ?? D.DEFAULT_COMPRESSION)],
      cdn: {
        staticAssets: raw.edge.cdn?.staticAssets ?? D.DEFAULT_CDN_STATIC_ASSETS,
        cacheApis: [...(raw.edge.cdn?.cacheApis ?? [])].sort(),
        apiTtlSeconds: parseDuration(raw.edge.cdn?.apiTtl ?? D.DEFAULT_CDN_API_TTL),
      },
    },
    tiers: sorted(raw.tiers).map(([id, t]) => ({ id, rtoSeconds: parseDuration(t.rto), failover: t.failover, critical: t.critical ?? D.DEFAULT_TIER_CRITICAL })),
    data: sorted(raw.data).map(([id, d]) => {
      const rpoSeconds = parseDuration(d.rpo);
      return {
        id,
        rpoSeconds,
        replication: d.replication,
        temperature: d.temperature ?? (rpoSeconds === 0 ? 'hot' : rpoSeconds <= D.WARM_MAX_RPO_SECONDS ? 'warm' : 'cold'),
        residency: [...(d.residency ?? [])].sort(),
      };
    }),
    databases: sorted(raw.databases).map(([id, db]) => ({
      id,
      engine: db.engine,
      stores: [...db.stores],
      ...(db.shardBy !== undefined ? { shardBy: db.shardBy } : {}),
      shards: db.shards ?? D.DEFAULT_SHARDS,
      readReplicas: db.readReplicas ?? D.DEFAULT_READ_REPLICAS,
      size: db.size,
      dailyGrowthBytes: parseBytes(db.storage.dailyGrowth),
      retentionDays: durationDays(db.storage.retention),
      replicationFactor: db.storage.replicationFactor ?? D.DEFAULT_REPLICATION_FACTOR,
      // Default: where the services using it run (derived-names.ts databaseRegions, which the rules use), else every primary.
      regions: db.regions?.length ? [...db.regions].sort() : usersOrPrimaries(id),
      ...(db.renamedFrom ? { renamedFrom: db.renamedFrom } : {}),
    })),
    caches: sorted(raw.caches).map(([id, c]) => ({
      id,
      engine: c.engine,
      size: c.size,
      replicas: c.replicas ?? D.DEFAULT_CACHE_REPLICAS,
      hitSeconds: parseDuration(c.latency?.hit ?? D.DEFAULT_CACHE_HIT),
      missSeconds: parseDuration(c.latency?.miss ?? D.DEFAULT_CACHE_MISS),
      ...(c.renamedFrom ? { renamedFrom: c.renamedFrom } : {}),
    })),
    services,
    scaling: {
      safetyFactor: raw.scaling.safetyFactor,
      spareInstances: raw.scaling.spareInstances,
      triggers: {
        cpu: parsePercent(raw.scaling.triggers.cpu),
        memory: parsePercent(raw.scaling.triggers.memory),
        queueDepth: raw.scaling.triggers.queueDepth,
        latencyMultiple: parseMultiple(raw.scaling.triggers.latency),
      },
      readReplicas: { ...(raw.scaling.readReplicas ?? D.DEFAULT_READ_REPLICA_RANGE) },
    },
    availability: {
      zones: raw.availability.zones,
      slo: parsePercent(raw.availability.slo),
      instanceAvailability: parsePercent(raw.availability.instanceAvailability ?? D.DEFAULT_INSTANCE_AVAILABILITY),
      healthCheckIntervalSeconds: parseDuration(raw.availability.healthChecks.interval),
      removeAfterSeconds: parseDuration(raw.availability.healthChecks.removeAfter),
    },
    backups: {
      snapshots: { ...raw.backups.snapshots },
      retention: {
        hourlyDays: durationDays(raw.backups.retention.hourly),
        dailyDays: durationDays(raw.backups.retention.daily),
        weeklyDays: durationDays(raw.backups.retention.weekly),
        monthlyDays: durationDays(raw.backups.retention.monthly),
      },
      copies: raw.backups.copies,
    },
    cost: {
      mix: { reserved: parsePercent(raw.cost.mix.reserved), spot: parsePercent(raw.cost.mix.spot), onDemand: parsePercent(raw.cost.mix.onDemand) },
      spotTiers: [...(raw.cost.spotTiers ?? [])].sort(),
      reservedTerm: raw.cost.reservedTerm ?? D.DEFAULT_RESERVED_TERM,
      review: raw.cost.review ?? D.DEFAULT_COST_REVIEW,
    },
    observability: {
      scrapeIntervalSeconds: parseDuration(raw.observability.scrapeInterval),
      slowQuerySeconds: parseDuration(raw.observability.slowQuery),
      queryP95Seconds: parseDuration(raw.observability.queryTarget.p95),
      cacheHitRatio: parsePercent(raw.observability.cacheHitRatio),
      alerts: { critical: raw.observability.alerts.critical.route, warning: raw.observability.alerts.warning.route, info: raw.observability.alerts.info.route },
      delivery: Object.fromEntries(
        D.ALERT_SEVERITIES.map((sev) => {
          const r = raw.observability.alerts[sev];
          const via = r.via ?? D.DEFAULT_ALERT_VIA[sev];
          return [sev, via === 'email' ? { via, to: r.to ?? D.defaultAlertEmail(r.route, raw.dns.zone) } : { via }];
        }),
      ) as NObservability['delivery'],
      smtp: {
        smarthost: raw.observability.smtp?.smarthost ?? D.defaultSmarthost(raw.dns.zone),
        from: raw.observability.smtp?.from ?? D.defaultAlertSender(raw.dns.zone),
      },
    },
    capacity: {
      ordersPerSecond: raw.capacity.ordersPerSecond,
      growth: parsePercent(raw.capacity.growth),
      horizonMonths: durationMonths(raw.capacity.horizon),
      review: raw.capacity.review ?? D.DEFAULT_CAPACITY_REVIEW,
    },
  };
}
