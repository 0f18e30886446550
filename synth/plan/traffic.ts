/** Traffic: latency and failover DNS records per public service, health-check cadence, anycast endpoint groups. */
import type { DnsRecordPlan, RegionPlan, ServicePlan, TrafficPlan } from '../model/index';
import type { PlanContext } from './context';
import * as C from './constants';

export function planTraffic(ctx: PlanContext, services: readonly ServicePlan[], regions: readonly RegionPlan[]): TrafficPlan {
  const { spec, tierOf, names } = ctx;
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
        records.push({ name: `${s.id}.${rid}.${spec.dns.zone}`, service: s.id, tier: s.tier, routing: 'failover', region: fo, failoverRole: 'SECONDARY', target: names.failoverName(s.id, fo), ttlSeconds: spec.dns.ttlSeconds });
      }
    }
  }
  return {
    healthCheck: { intervalSeconds: ctx.interval, failureThreshold: ctx.threshold, healthyThreshold: C.HEALTHY_THRESHOLD },
    records,
    acceleratorEndpointGroups: awsPrimaries.map((r) => ({ region: r.id, location: r.location, trafficDial: 100 })),
  };
}
