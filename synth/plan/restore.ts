/**
 * Restore sites: where a primary's restore tiers come back after the primary is lost. Backups are AWS Backup
 * copies in the primary's own cloud (backups.ts), so the tier is restored at the nearest copy location: that
 * location gets a stack of its own (`restore-<primary>`, wave 1) with a network (a planned block overlapping
 * nothing), an EKS cluster whose node pools wait at 0 and scale to the tier's full load, and the restore target
 * (DB subnet group, security group, cluster parameter groups, the IAM role AWS Backup restores with). The restore
 * time is the backup's real size (each shard's logical data) over the catalogued throughput; shards restore in
 * parallel. The runbook (synth/output/restore-runbook.ts) holds the exact commands.
 */
import { findLocation, RESTORE_THROUGHPUT, type CloudLocation } from '../catalog';
import type { NodePoolPlan, RegionPlan, RestoreSitePlan, RestoreTargetPlan, ServicePlan, TierPlan, WorkloadPlan } from '../model/index';
import { formatCidr, overlaps, parseCidr, type Cidr } from '../util/net';
import type { PlanContext } from './context';
import * as C from './constants';
import { nodesFor, wholePerZone } from './formulas';
import { nodeSizeFor } from './pools';
import { planIdentities } from './identity';
import { planInvariant } from './invariant';
import { regionLayout } from './layout';
import { hostsOf } from './entry-points';
import { targetGroupName } from '../util/output-names';

/** The private ranges (RFC 1918) a site's block is taken from: the one holding its primary's block. */
const PRIVATE_RANGES: readonly Cidr[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((t) => parseCidr(t) as Cidr);

export function planRestoreSites(ctx: PlanContext, regions: readonly RegionPlan[], tiers: readonly TierPlan[], services: readonly ServicePlan[]): RestoreSitePlan[] {
  const { spec } = ctx;
  const restoreTiers = new Set(tiers.filter((t) => t.failover === 'restore').map((t) => t.id));
  const taken: Cidr[] = regions.map((r) => parseCidr(r.cidr) as Cidr);
  const sites: RestoreSitePlan[] = [];
  for (const primary of regions.filter((r) => r.role === 'primary')) {
    const workloads = primary.workloads.filter((w) => restoreTiers.has(w.tier));
    if (workloads.length === 0) continue;
    const tierIds = [...new Set(workloads.map((w) => w.tier))].sort();
    const location = primary.backup.copyTo[0];
    if (!location) {
      for (const t of tierIds) {
        ctx.diagnostics.push({
          code: 'restore-no-copy',
          severity: 'error',
          path: `tiers.${t}.failover`,
          message: `tier \`${t}\` comes back from backups after losing \`${primary.id}\`, but its backups stay in \`${primary.id}\` (backups.copies: ${spec.backups.copies}): a region loss leaves nothing to restore and nowhere to restore it`,
          expected: `a backup copy in another region, where the restore stack is generated; fix: backups.copies: 2 or more, or give tier \`${t}\` a standby (failover: manual and a failover region)`,
          found: `backups.copies: ${spec.backups.copies}`,
        });
      }
      continue;
    }
    const throughput = RESTORE_THROUGHPUT[primary.cloud];
    planInvariant(throughput, `regions.${primary.id}.cloud`, `no restore throughput catalogued for ${primary.cloud}`);
    const where = findLocation(primary.cloud, location);
    planInvariant(where, 'backups.copies', `backup copy location ${location} is not in the catalog`);
    const name = restoreSiteName(primary.id);
    const net = freeBlock(parseCidr(primary.cidr) as Cidr, taken);
    if (!net) {
      ctx.diagnostics.push({
        code: 'restore-no-address-space',
        severity: 'error',
        path: `regions.${primary.id}.cidr`,
        message: `no free /${(parseCidr(primary.cidr) as Cidr).prefix} is left in the private range of \`${primary.id}\` for the network of its restore site (${location})`,
        expected: 'region blocks that leave one block of the same size free in their private range',
        found: primary.cidr,
      });
      continue;
    }
    taken.push(net);
    const zones = where.zones.slice(0, spec.availability.zones);
    const layout = regionLayout(name, primary.cloud, net, zones, C.DNS_SERVICE_HOST);
    const prefix = `${spec.name}-${name}`;
    const usedDatabases = new Set(services.filter((s) => workloads.some((w) => w.service === s.id)).flatMap((s) => s.usesDatabases));
    const targets: RestoreTargetPlan[] = primary.databases
      .filter((d) => usedDatabases.has(d.database))
      .map((d) => ({
        database: d.database,
        shard: d.shard,
        source: d.name,
        identifier: d.name,
        writerInstance: `${d.name}-writer`,
        instanceClass: d.instanceClass,
        bytes: d.storageBytes,
        restoreSeconds: restoreSeconds(d.storageBytes, throughput),
        parameterGroup: `${prefix}-${d.database}`,
        recoveryPoint: 'latest-snapshot' as const,
      }));
    const cluster = {
      name: prefix,
      gitopsApplication: prefix,
      kubernetesVersion: C.KUBERNETES_VERSION,
      nodeSubnet: layout.subnets.find((x) => x.kind === 'private')!.name,
      podCidr: layout.podCidr,
      serviceCidr: layout.serviceCidr,
      dnsServiceIp: layout.dnsServiceIp,
      nodePools: restorePools(ctx, primary.cloud, zones.length, workloads),
    };
    const region = siteRegion(primary, {
      zone: spec.dns.zone,
      loadBalancerName: `${spec.name}-${name}`,
      name,
      location,
      where,
      cidr: formatCidr(net),
      networkCidr: layout.networkCidr,
      zones,
      subnets: layout.subnets,
      dataCidrs: layout.dataCidrs,
      cluster,
      workloads,
      targets,
    });
    sites.push({
      region,
      // the restored services' identities: planned as a region's, on the site's cluster view, so each is granted
      // exactly the restored clusters its `uses` reach
      identities: planIdentities([region]),
      databaseRoles: 'from-snapshot',
      name,
      primary: primary.id,
      cloud: primary.cloud,
      location,
      jurisdiction: where.jurisdiction,
      copyVault: `${primary.backup.vault}${C.BACKUP_COPY_VAULT_SUFFIX}`,
      tiers: tierIds,
      services: workloads.map((w) => w.service).sort(),
      cidr: formatCidr(net),
      networkCidr: layout.networkCidr,
      zones,
      subnets: layout.subnets,
      cluster,
      dbSubnetGroup: `${prefix}-data`,
      securityGroup: `${prefix}-databases`,
      restoreRole: `${prefix}-backup-restore`,
      port: C.POSTGRES_PORT,
      targets,
      restoreSeconds: Math.max(0, ...targets.map((t) => t.restoreSeconds)),
      throughput,
    });
  }
  return sites;
}

/**
 * The site seen as a cluster region (the view the cluster-level planners and the Kubernetes layer take): its name for
 * the id, its network, zones and EKS cluster; the restore tiers' workloads at the primary's replica counts, reaching
 * only the restored writers (caches and readers are not restored) in the site's data subnets; the primary's private
 * zone name (the restore stack holds a zone of that name on the site's VPC, so the manifests' hosts stay the same).
 * A public service keeps its entry point: the site's NLB, one target group each (health-checked as the primary's),
 * answering the client name, the primary's failover name and its own (`hostsOf`, as a failover region does), so the
 * primary's failover record can name the site as its SECONDARY (traffic.ts).
 */
function siteRegion(
  primary: RegionPlan,
  s: {
    zone: string;
    loadBalancerName: string;
    name: string;
    location: string;
    where: CloudLocation;
    cidr: string;
    networkCidr: string;
    zones: readonly string[];
    subnets: RegionPlan['subnets'];
    dataCidrs: readonly string[];
    cluster: RegionPlan['cluster'];
    workloads: readonly WorkloadPlan[];
    targets: readonly RestoreTargetPlan[];
  },
): RegionPlan {
  const restored = (database: string, shard: number) => s.targets.some((t) => t.database === database && t.shard === shard);
  const publicCidrs = s.subnets.filter((x) => x.kind === 'public').map((x) => x.cidr);
  const publicServices = s.workloads.filter((w) => w.public).map((w) => w.service);
  const view: Pick<RegionPlan, 'id' | 'cloud' | 'failoverFor'> = { id: s.name, cloud: primary.cloud, failoverFor: primary.id };
  const primaryGroups = primary.loadBalancer?.targetGroups ?? [];
  planInvariant(publicServices.every((x) => primaryGroups.some((g) => g.service === x)), `regions.${primary.id}`, `a public restore-tier service of ${primary.id} has no target group there`);
  return {
    id: s.name,
    cloud: primary.cloud,
    location: s.location,
    jurisdiction: s.where.jurisdiction,
    country: s.where.country,
    lat: s.where.lat,
    lon: s.where.lon,
    role: 'restore',
    failoverFor: primary.id,
    cidr: s.cidr,
    networkCidr: s.networkCidr,
    zones: s.zones,
    subnets: s.subnets,
    dataStoreSubnets: {},
    storePorts: primary.storePorts,
    privateZone: primary.privateZone,
    cluster: s.cluster,
    workloads: s.workloads.map((w) => {
      const { targetGroup: _targetGroup, ...rest } = w;
      return {
        ...rest,
        ...(w.public ? { targetGroup: targetGroupName(s.name, w.service) } : {}),
        region: s.name,
        zones: s.zones,
        // the site's pools: on-demand (no reserved pool: nothing runs there before a restore) and spot
        pool: w.spot ? ('spot' as const) : ('on-demand' as const),
        endpoints: w.endpoints.filter((e) => e.kind === 'database' && restored(e.id, e.shard ?? 0)),
        dataCidrs: [...s.dataCidrs],
        hostnames: w.public ? hostsOf(s.zone, view, w.service) : [],
        loadBalancerSourceCidrs: w.public ? publicCidrs : [],
      };
    }),
    databases: primary.databases.filter((d) => restored(d.database, d.shard)),
    caches: [],
    backup: primary.backup,
    ...(publicServices.length > 0
      ? {
          loadBalancer: {
            name: s.loadBalancerName,
            kind: 'network' as const,
            targetGroups: primaryGroups.filter((g) => publicServices.includes(g.service)).map((g) => ({ ...g, name: targetGroupName(s.name, g.service) })),
          },
        }
      : {}),
  };
}

/** Restore time of one backup: its size over the throughput, plus the fixed overhead, in whole seconds. */
export function restoreSeconds(bytes: number, t: { readonly bytesPerHour: number; readonly overheadSeconds: number }): number {
  return Math.ceil((bytes / t.bytesPerHour) * 3600) + t.overheadSeconds;
}

/**
 * The highest block of the primary's size in its private range that overlaps nothing taken (regions, other
 * sites): from the top, away from where spec blocks are usually allocated, so adding a region rarely moves it.
 */
function freeBlock(primary: Cidr, taken: readonly Cidr[]): Cidr | undefined {
  const range = PRIVATE_RANGES.find((r) => r.prefix <= primary.prefix && overlaps(r, primary));
  if (!range) return undefined;
  const size = 2 ** (32 - primary.prefix);
  const count = 2 ** (primary.prefix - range.prefix);
  for (let i = count - 1; i >= 0; i--) {
    const c = { base: range.base + i * size, prefix: primary.prefix };
    if (!taken.some((t) => overlaps(t, c))) return c;
  }
  return undefined;
}

/**
 * Node pools of a restore site: nothing runs before the restore, so every pool waits at 0 nodes; at the
 * restore each grows to the tier's full load at the primary's replica counts (the runbook sets the size).
 * Spot workloads keep a spot pool (their pods select it), the rest an on-demand pool.
 */
function restorePools(ctx: PlanContext, cloud: RegionPlan['cloud'], zones: number, workloads: readonly WorkloadPlan[]): NodePoolPlan[] {
  const size = nodeSizeFor(cloud, workloads);
  const cpuPerNode = size.vcpu * 1000 * C.NODE_ALLOCATABLE;
  const memPerNode = size.memoryGiB * 1024 * C.NODE_ALLOCATABLE;
  const nodes = (ws: readonly WorkloadPlan[]) =>
    Math.max(
      nodesFor(ws.reduce((a, w) => a + w.cpuMillis * w.replicas, 0), cpuPerNode, C.NODE_HEADROOM),
      nodesFor(ws.reduce((a, w) => a + w.memoryMiB * w.replicas, 0), memPerNode, C.NODE_HEADROOM),
    );
  const pool = (kind: 'on-demand' | 'spot', ws: readonly WorkloadPlan[]): NodePoolPlan => {
    const max = wholePerZone(Math.max(nodes(ws), zones), zones);
    return {
      name: kind,
      kind,
      capacityType: kind === 'spot' ? 'SPOT' : 'ON_DEMAND',
      instanceType: size.type,
      vcpu: size.vcpu,
      memoryGiB: size.memoryGiB,
      min: 0,
      desired: 0,
      max,
      zones,
      perZone: { min: 0, desired: 0, max: max / zones },
      labels: { [`${ctx.labelDomain}/pool`]: kind },
      taints: kind === 'spot' ? [{ key: `${ctx.labelDomain}/spot`, value: 'true', effect: 'NoSchedule' as const }, ...C.CLOUD_SPOT_TAINTS[cloud]] : [],
      requestedCpuMillis: 0,
    };
  };
  const spot = workloads.filter((w) => w.spot);
  // The on-demand pool also holds the cluster's add-ons (DNS, the restore's kubectl apply): at least a node per zone.
  return [pool('on-demand', workloads.filter((w) => !w.spot)), ...(spot.length ? [pool('spot', spot)] : [])];
}

/** A primary's restore site: its stack, its cluster view's id (a region id may not take it: rule region-id-reserved). */
export const restoreSiteName = (primary: string): string => `restore-${primary}`;

/** The restore runbook of a primary's restore site (dist/runbooks/). */
export const restoreRunbookPath = (primary: string): string => `runbooks/restore-${primary}.md`;
/** The promotion runbook of a primary whose standbys receive replication feeds (sequences, dist/runbooks/). */
export const promotionRunbookPath = (primary: string): string => `runbooks/promote-${primary}.md`;
/** The SQL every promoted standby shard runs once (psql, \gexec): setval per owned sequence. */
export const SEQUENCES_SQL_PATH = 'runbooks/advance-sequences.sql';
