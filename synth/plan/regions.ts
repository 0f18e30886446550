/** Regions: placement (zones), network layout, data stores held there, workloads, cluster, backups, load balancer. */
import { CACHE_SIZES, DATABASE_SIZES } from '../catalog';
import type { BackupRule, CacheInstancePlan, CachePlan, DatabaseInstancePlan, DatabasePlan, DataStoreSubnets, NRegion, RegionPlan, ServicePlan, Subnet, TierPlan, WorkloadPlan } from '../model/index';
import { parseCidr } from '../util/net';
import { gkeNodeServiceAccount } from '../util/output-names';
import type { PlanContext } from './context';
import * as C from './constants';
import { planInvariant } from './invariant';
import { regionLayout } from './layout';
import { planDisk } from './disks';
import { planNodePools } from './pools';
import { planWorkload, withCallers, workloadMode } from './workloads';

export interface RegionInputs {
  readonly tiers: readonly TierPlan[];
  readonly services: readonly ServicePlan[];
  readonly databases: readonly DatabasePlan[];
  readonly caches: readonly CachePlan[];
  readonly rules: readonly BackupRule[];
  readonly regionCopyTo: ReadonlyMap<string, string[]>;
}

export function planRegions(ctx: PlanContext, inputs: RegionInputs): RegionPlan[] {
  return ctx.spec.regions.map((r) => planRegion(ctx, inputs, r));
}

function planRegion(ctx: PlanContext, inputs: RegionInputs, r: NRegion): RegionPlan {
  const { spec, tags, names, interval, threshold } = ctx;
  const { databases, caches, services } = inputs;
  const servicePlan = new Map(services.map((s) => [s.id, s]));
  const tierPlan = new Map(inputs.tiers.map((t) => [t.id, t]));
  const l = ctx.loc(r);
  const zones = l.zones.slice(0, spec.availability.zones);
  const net = parseCidr(r.cidr);
  planInvariant(typeof net !== 'string', `regions.${r.id}.cidr`, `invalid CIDR after validation: ${r.cidr}`);
  const layout = regionLayout(r.id, r.cloud, net, zones, C.DNS_SERVICE_HOST);
  const { subnets } = layout;
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
        host: names.dbHost(db.id, shard, db.shards, r.id),
        readerHost: names.dbHost(db.id, shard, db.shards, r.id, true),
        writers: 1,
        readers: db.readReplicas,
        instanceClass: DATABASE_SIZES[r.cloud][db.size].type,
        zones,
        storageBytes: db.storagePerShardBytes / db.replicationFactor,
        role: role === 'primary' ? ('primary' as const) : ('standby' as const),
        port: C.POSTGRES_PORT,
        ...planDisk(r.cloud, db.storagePerShardBytes / db.replicationFactor, { ...tags, region: r.id, database: db.id, 'data-class': db.stores.join('.'), backup: `${spec.name}-${r.id}-${db.temperature}` }),
        ...globalCluster(ctx, r, db, shard),
      })),
    );
  const cacheInstances: CacheInstancePlan[] = caches
    .filter((c) => c.regions.includes(servedPrimary))
    .map((c) => ({
      cache: c.id,
      region: r.id,
      name: c.id,
      host: `${c.id}.cache.${names.privateZone(r.id)}`,
      nodeType: CACHE_SIZES[r.cloud][c.size].type,
      nodes: c.replicas + 1,
      memoryGb: Math.ceil(CACHE_SIZES[r.cloud][c.size].memoryGiB),
      zones,
      port: C.REDIS_TLS_PORT[r.cloud],
      tags: { ...tags, region: r.id, cache: c.id, tier: [...new Set(services.filter((s) => s.usesCaches.includes(c.id)).map((s) => s.tier))].sort().join('.') },
    }));

  // Workloads.
  const placed: WorkloadPlan[] = [];
  for (const s of spec.services) {
    const mode = workloadMode(ctx, s, r.id, role, r.failoverFor);
    if (!mode) continue;
    placed.push(
      planWorkload(ctx, {
        service: s,
        servicePlan: servicePlan.get(s.id)!,
        tier: tierPlan.get(s.tier)!,
        mode,
        region: r.id,
        zones,
        dataCidrs: layout.dataCidrs,
        databasesHere: dbInstances,
        cachesHere: cacheInstances,
        publicCidrs: subnets.filter((x) => x.kind === 'public').map((x) => x.cidr),
        databases,
      }),
    );
  }
  const workloads = withCallers(placed);

  const lbName = `${spec.name}-${r.id}`;
  const publicWorkloads = workloads.filter((w) => w.public);
  const failoverRegion = ctx.failoverOf.get(r.id);
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
    ...(failoverRegion ? { failoverRegion } : {}),
    cidr: r.cidr,
    networkCidr: layout.networkCidr,
    ...(layout.serviceNetworkingCidr ? { serviceNetworkingCidr: layout.serviceNetworkingCidr } : {}),
    zones,
    subnets,
    dataStoreSubnets: dataStoreSubnets(ctx, r, subnets, dbInstances.length > 0, cacheInstances.length > 0),
    storePorts: { database: C.POSTGRES_PORT, cache: C.REDIS_TLS_PORT[r.cloud] },
    privateZone: names.privateZone(r.id),
    cluster: {
      name: `${spec.name}-${r.id}`,
      gitopsApplication: `${spec.name}-${r.id}`,
      kubernetesVersion: C.KUBERNETES_VERSION,
      nodeSubnet: subnets.find((x) => x.kind === 'private')!.name,
      podCidr: layout.podCidr,
      serviceCidr: layout.serviceCidr,
      dnsServiceIp: layout.dnsServiceIp,
      nodePools: planNodePools(ctx, r, workloads, servicePlan),
      ...(r.cloud === 'gcp' ? { nodeServiceAccount: gkeNodeServiceAccount(r.id) } : {}),
    },
    workloads,
    databases: dbInstances,
    caches: cacheInstances,
    backup: {
      vault: `${spec.name}-${r.id}`,
      copyTo: inputs.regionCopyTo.get(r.id)!,
      selectionTagKey: 'backup',
      selections: (['hot', 'warm', 'cold'] as const)
        .filter((t) => dbInstances.some((d) => databases.find((x) => x.id === d.database)!.temperature === t))
        .map((t) => ({ temperature: t, name: `${spec.name}-${r.id}-${t}`, rules: inputs.rules.filter((x) => x.temperatures.includes(t)).map((x) => x.name) })),
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
              healthCheck: {
                intervalSeconds: interval,
                failureThreshold: threshold,
                healthyThreshold: C.HEALTHY_THRESHOLD,
                protocol: w.readiness.kind === 'http' ? ('HTTP' as const) : ('TCP' as const),
                ...(w.readiness.path ? { path: w.readiness.path } : {}),
                port: w.port,
              },
            })),
          },
        }
      : {}),
  };
}

/** Aurora global database membership: an AWS primary replicating to an AWS failover region sources one per shard; the failover region joins it. */
function globalCluster(ctx: PlanContext, r: NRegion, db: DatabasePlan, shard: number): Pick<DatabaseInstancePlan, 'globalCluster'> {
  const name = db.shards > 1 ? `${db.id}-shard-${shard}` : db.id;
  const replicatesTo = (target: string | undefined) => target !== undefined && db.crossRegion.targets.includes(target) && ctx.region(target).cloud === 'aws';
  if (r.cloud !== 'aws') return {};
  if (!r.failoverFor && replicatesTo(ctx.failoverOf.get(r.id))) return { globalCluster: { identifier: `${ctx.spec.name}-${r.id}-${name}`, role: 'primary' } };
  if (r.failoverFor && ctx.region(r.failoverFor).cloud === 'aws' && replicatesTo(r.id)) return { globalCluster: { identifier: `${ctx.spec.name}-${r.failoverFor}-${name}`, role: 'secondary' } };
  return {};
}

/**
 * Azure: PostgreSQL flexible servers need a subnet delegated to them that then holds nothing else (the first
 * data subnet); the caches' private endpoints go to the next data subnet. Other clouds need no choice.
 */
function dataStoreSubnets(ctx: PlanContext, r: NRegion, subnets: readonly Subnet[], hasDatabases: boolean, hasCaches: boolean): DataStoreSubnets {
  if (r.cloud !== 'azure') return {};
  const data = subnets.filter((s) => s.kind === 'data');
  const databaseDelegated = hasDatabases ? data[0]?.name : undefined;
  const cacheEndpoints = hasCaches ? data.find((s) => s.name !== databaseDelegated)?.name : undefined;
  if (hasCaches && !cacheEndpoints) {
    ctx.diagnostics.push({
      code: 'azure-data-subnets',
      severity: 'error',
      path: 'availability.zones',
      message: `Azure region \`${r.id}\` holds databases and caches: PostgreSQL takes a delegated data subnet of its own and the caches' private endpoints need another, but ${data.length} zone(s) give ${data.length} data subnet(s)`,
      expected: 'availability.zones >= 2',
      found: String(data.length),
    });
  }
  return { ...(databaseDelegated ? { databaseDelegated } : {}), ...(cacheEndpoints ? { cacheEndpoints } : {}) };
}
