/**
 * Service quotas: what the plan needs of every quota in the catalog (synth/catalog/quotas.ts), per AWS
 * region, GCP region or project and Azure region, and a request for each one the plan exceeds: by the
 * region stack where a provider resource exists (AWS Service Quotas, GCP Cloud Quotas preferences), else a
 * prerequisite with the exact command (Azure `az quota create`) or a support case. A hard (non-adjustable)
 * AWS limit the plan exceeds is an error located at the region.
 */
import { PlanInvariantError } from '../util/errors';
import { AWS_QUOTAS, CLOUD_QUOTAS, DATABASE_SIZES, SIZES, isAzureDsv5, isGcpN2, isStandardFamily, type CloudQuotaMeasure, type QuotaMeasure } from '../catalog';
import type { NodePoolPlan, QuotaRequestPlan, RegionPlan, RestoreSitePlan } from '../model/index';
import type { PlanContext } from './context';
import { compareText } from '../util/order';

/** What a quota measures of a region's plan (a restore site has the same shape: a cluster, databases, no load balancer). */
export interface QuotaSubject {
  readonly cluster: { readonly nodePools: readonly NodePoolPlan[] };
  readonly databases: readonly { readonly writers: number; readers: number }[];
  readonly loadBalancer?: { readonly targetGroups: readonly unknown[] };
}

/** Quotas that limit one resource (a cluster, a node group, a load balancer), not the sum over an account's region. */
const PER_RESOURCE: ReadonlySet<QuotaMeasure> = new Set<QuotaMeasure>(['node-groups-per-cluster', 'nodes-per-node-group', 'listeners-per-nlb']);

/** A restore site as a quota subject: its node pools at max, one writer per restored shard. */
const siteSubject = (site: RestoreSitePlan): QuotaSubject => ({ cluster: site.cluster, databases: site.targets.map(() => ({ writers: 1, readers: 0 })) });

/** What the region's plan uses of a quota; undefined when the plan has nothing it counts. */
export function measureQuota(region: QuotaSubject, measure: QuotaMeasure, extra: QuotaUsageExtras = {}): number | undefined {
  const pools = region.cluster.nodePools;
  const vcpus = (capacity: 'ON_DEMAND' | 'SPOT') =>
    pools.filter((p) => p.capacityType === capacity && isStandardFamily(p.instanceType)).reduce((sum, p) => sum + p.max * p.vcpu, 0);
  switch (measure) {
    case 'db-instances':
      return region.databases.reduce((sum, d) => sum + d.writers + d.readers, 0);
    case 'db-clusters':
      return region.databases.length;
    case 'on-demand-standard-vcpus':
      return vcpus('ON_DEMAND');
    case 'spot-standard-vcpus':
      return vcpus('SPOT');
    case 'node-groups-per-cluster':
      return pools.length;
    case 'nodes-per-node-group':
      return pools.reduce((m, p) => Math.max(m, p.max), 0);
    case 'network-load-balancers':
      return region.loadBalancer ? 1 : 0;
    case 'listeners-per-nlb':
      return extra.listeners ?? region.loadBalancer?.targetGroups.length ?? 0;
    case 'certificates':
      return extra.certificates;
    case 'vpn-connections':
      return extra.vpnConnections;
  }
}

/** Counts that other planning steps own (entry points, VPN), passed in when they exist. */
export interface QuotaUsageExtras {
  readonly listeners?: number;
  readonly certificates?: number;
  readonly vpnConnections?: number;
}

export function planQuotas(
  ctx: PlanContext,
  regions: readonly RegionPlan[],
  extras: ReadonlyMap<string, QuotaUsageExtras> = new Map(),
  projects: ReadonlyMap<string, string> = new Map(),
  sites: readonly RestoreSitePlan[] = [],
): QuotaRequestPlan[] {
  const requests: QuotaRequestPlan[] = [];
  // AWS quotas are per account and region: a restore site counts where it is, together with a spec region at
  // the same location (whose stack then requests the sum); a site alone at its location requests its own.
  const awsRegions = regions.filter((r) => r.cloud === 'aws');
  const holders: { id: string; path: string; location: string; subject: QuotaSubject; extras?: QuotaUsageExtras }[] = [
    ...awsRegions.map((r) => ({ id: r.id, path: `regions.${r.id}`, location: r.location, subject: r as QuotaSubject, extras: extras.get(r.id) })),
    ...sites.filter((x) => x.cloud === 'aws' && !awsRegions.some((r) => r.location === x.location)).map((x) => ({ id: x.name, path: `regions.${x.primary}`, location: x.location, subject: siteSubject(x) })),
  ];
  for (const region of holders) {
    const sharing = sites.filter((x) => x.cloud === 'aws' && x.location === region.location && x.name !== region.id).map(siteSubject);
    for (const q of AWS_QUOTAS) {
      const own = measureQuota(region.subject, q.measure, region.extras);
      const others = sharing.map((x) => measureQuota(x, q.measure)).filter((x): x is number => x !== undefined);
      const planned = own === undefined && others.length === 0 ? undefined : PER_RESOURCE.has(q.measure) ? Math.max(own ?? 0, ...others) : (own ?? 0) + others.reduce((a, b) => a + b, 0);
      if (planned === undefined || planned <= q.defaultValue) continue;
      if (!q.adjustable) {
        ctx.diagnostics.push({
          code: 'quota-hard-limit',
          severity: 'error',
          path: region.path,
          message: `${region.id === region.path.slice('regions.'.length) ? 'region' : 'restore site'} \`${region.id}\` needs ${planned} of "${q.name}", a limit AWS does not raise (${q.defaultValue})`,
          expected: `at most ${q.defaultValue}`,
          found: String(planned),
        });
        continue;
      }
      requests.push({
        region: region.id,
        cloud: 'aws',
        mechanism: 'aws_servicequotas_service_quota',
        location: region.location,
        serviceCode: q.serviceCode,
        quotaCode: q.quotaCode,
        name: q.name,
        defaultValue: q.defaultValue,
        planned,
        value: planned,
        source: q.source,
      });
    }
  }
  return [...requests, ...planCloudQuotas(regions, projects)];
}

const poolVcpus = (region: RegionPlan, keep: (p: RegionPlan['cluster']['nodePools'][number]) => boolean) =>
  region.cluster.nodePools.filter(keep).reduce((sum, p) => sum + p.max * p.vcpu, 0);
/** vCores of a database instance class of the catalog (an unknown class is a compiler bug). */
function databaseVcores(instanceClass: string): number {
  for (const cloud of ['aws', 'gcp', 'azure'] as const) {
    for (const size of SIZES) if (DATABASE_SIZES[cloud][size].type === instanceClass) return DATABASE_SIZES[cloud][size].vcpu;
  }
  throw new PlanInvariantError('databases', `instance class ${instanceClass} is not in the catalog's database sizes`);
}
const sqlInstances = (region: RegionPlan) => region.databases.reduce((sum, d) => sum + d.writers + d.readers, 0);

/** What a region (or, for a project-wide quota, the regions of its project) uses of a GCP / Azure quota. */
export function measureCloudQuota(measure: CloudQuotaMeasure, region: RegionPlan, project: readonly RegionPlan[]): number {
  switch (measure) {
    case 'gcp-region-vcpus':
      return poolVcpus(region, () => true);
    case 'gcp-n2-vcpus':
      return poolVcpus(region, (p) => isGcpN2(p.instanceType));
    case 'gcp-project-vcpus':
      return project.reduce((sum, r) => sum + poolVcpus(r, () => true), 0);
    case 'gcp-sql-instances':
      return project.reduce((sum, r) => sum + sqlInstances(r), 0);
    case 'azure-region-vcpus':
      return poolVcpus(region, (p) => p.capacityType !== 'SPOT');
    case 'azure-dsv5-vcpus':
      return poolVcpus(region, (p) => p.capacityType !== 'SPOT' && isAzureDsv5(p.instanceType));
    case 'azure-spot-vcpus':
      return poolVcpus(region, (p) => p.capacityType === 'SPOT');
    case 'azure-postgres-vcores':
      return region.databases.reduce((sum, d) => sum + (d.writers * 2 + d.readers) * databaseVcores(d.instanceClass), 0);
    case 'gcp-redis-capacity-gb':
      return region.caches.reduce((sum, c) => sum + Math.ceil(c.memoryGb), 0);
  }
}

/**
 * GCP and Azure requests. A project-wide GCP quota is measured over the GCP regions naming the same project
 * (`regions.<id>.project`; a region without one is its own project) and requested by the first of them (by id).
 */
function planCloudQuotas(regions: readonly RegionPlan[], projects: ReadonlyMap<string, string>): QuotaRequestPlan[] {
  const out: QuotaRequestPlan[] = [];
  const projectOf = (r: RegionPlan) => projects.get(r.id) ?? `region:${r.id}`;
  for (const region of regions.filter((r) => r.cloud !== 'aws')) {
    const project = region.cloud === 'gcp' ? regions.filter((r) => r.cloud === 'gcp' && projectOf(r) === projectOf(region)) : [region];
    for (const q of CLOUD_QUOTAS.filter((x) => x.cloud === region.cloud)) {
      // A project-wide quota belongs to the project's first region.
      if (q.scope === 'project' && [...project].sort((a, b) => compareText(a.id, b.id))[0].id !== region.id) continue;
      const planned = measureCloudQuota(q.measure, region, project);
      // No published default: a prerequisite wherever the plan uses the quota at all.
      if (q.defaultValue === undefined ? planned === 0 : planned <= q.defaultValue) continue;
      out.push({
        region: region.id,
        cloud: region.cloud,
        mechanism: q.mechanism,
        location: q.scope === 'project' ? 'global' : region.location,
        serviceCode: q.serviceCode,
        quotaCode: q.quotaCode,
        name: q.name,
        ...(q.defaultValue === undefined ? {} : { defaultValue: q.defaultValue }),
        planned,
        value: planned,
        source: q.source,
        ...(q.cloud === 'gcp' && q.mechanism === 'google_cloud_quotas_quota_preference' ? { dimensions: q.scope === 'region' ? { region: region.location } : {} } : {}),
        ...(q.resourceType ? { resourceType: q.resourceType } : {}),
      });
    }
  }
  return out;
}
