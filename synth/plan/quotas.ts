/**
 * Service quotas: what the plan needs of every quota in the catalog (synth/catalog/quotas.ts), per AWS
 * region, and a request for each one the plan exceeds. A hard (non-adjustable) limit the plan exceeds is an
 * error located at the region.
 */
import { AWS_QUOTAS, isStandardFamily, type QuotaMeasure } from '../catalog';
import type { QuotaRequestPlan, RegionPlan } from '../model/index';
import type { PlanContext } from './context';

/** What the region's plan uses of a quota; undefined when the plan has nothing it counts. */
export function measureQuota(region: RegionPlan, measure: QuotaMeasure, extra: QuotaUsageExtras = {}): number | undefined {
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

export function planQuotas(ctx: PlanContext, regions: readonly RegionPlan[], extras: ReadonlyMap<string, QuotaUsageExtras> = new Map()): QuotaRequestPlan[] {
  const requests: QuotaRequestPlan[] = [];
  for (const region of regions.filter((r) => r.cloud === 'aws')) {
    for (const q of AWS_QUOTAS) {
      const planned = measureQuota(region, q.measure, extras.get(region.id));
      if (planned === undefined || planned <= q.defaultValue) continue;
      if (!q.adjustable) {
        ctx.diagnostics.push({
          code: 'quota-hard-limit',
          severity: 'error',
          path: `regions.${region.id}`,
          message: `region \`${region.id}\` needs ${planned} of "${q.name}", a limit AWS does not raise (${q.defaultValue})`,
          expected: `at most ${q.defaultValue}`,
          found: String(planned),
        });
        continue;
      }
      requests.push({
        region: region.id,
        cloud: 'aws',
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
  return requests;
}
