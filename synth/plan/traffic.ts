/**
 * Traffic: the public DNS records of every public service, the health-check cadence and the anycast endpoint
 * groups. One story for clients (ARCHITECTURE.md, "Traffic"):
 *
 * - Clients use `<service>.<zone>`. With `edge.geoDns: true` Route 53 answers by geoproximity (the primary
 *   region nearest to the client's location); with `false` by latency (the primary region with the lowest
 *   measured latency from the client's resolver). Either answer is a primary's failover name.
 * - `<service>.<primary>.<zone>` is a failover pair. PRIMARY: the primary's entry point, health-checked.
 *   SECONDARY: the failover region's Terraform-owned entry-point address. Tiers that fail over by themselves
 *   (hot-standby, automated) guard the PRIMARY with a health check of its entry point; manual tiers guard it
 *   with a switch (a calculated check that stays healthy until the runbook inverts it); a restore tier's
 *   SECONDARY is its primary's restore site, when the site serves it (its NLB answers once the restore brings
 *   pods; until then nothing answers there, as nothing does at the lost primary).
 * - A failover region and a restore site also answer `<service>.<region>.<zone>` directly (simple record).
 * - Global Accelerator: static anycast addresses in front of the AWS primaries' load balancers, one listener
 *   per public port, each with endpoint groups only in the regions whose load balancer serves that port.
 *   `<service>.anycast.<zone>` is an alias of the accelerator (for clients that pin addresses); it fails over
 *   between the AWS primaries only, never to a GCP / Azure standby.
 */
import { greatCircleKm, locationsOf } from '../catalog';
import type { DnsRecordPlan, EntryPointPlan, RegionPlan, ServicePlan, TrafficPlan } from '../model/index';
import type { PlanContext } from './context';
import * as C from './constants';
import { anycastHost, clientHost, regionalHost } from './entry-points';
import { compareText } from '../util/order';

/** The switch of a manual tier's failover pair: the global stack output of its health check id, and its Name tag. */
export function manualSwitch(service: string, region: string): { output: string; name: string } {
  return { output: `manual_switch_${service}_${region}`, name: `${service}-${region}-manual-failover` };
}

export function planTraffic(ctx: PlanContext, services: readonly ServicePlan[], regions: readonly RegionPlan[], entryPoints: readonly EntryPointPlan[], sites: readonly RegionPlan[] = []): TrafficPlan {
  const { spec, tierOf } = ctx;
  const zone = spec.dns.zone;
  const ttlSeconds = spec.dns.ttlSeconds;
  const regionOf = new Map(regions.map((r) => [r.id, r]));
  const serves = (regionId: string, service: string) => entryPoints.some((e) => e.region === regionId && e.listeners.some((l) => l.service === service));
  const routing = spec.edge.geoDns ? ('geoproximity' as const) : ('latency' as const);
  const routingLocation = (r: RegionPlan): NonNullable<DnsRecordPlan['routingLocation']> => {
    if (r.cloud === 'aws') return { awsRegion: r.location };
    if (routing === 'geoproximity') return { lat: r.lat, lon: r.lon };
    const nearest = locationsOf('aws')
      .map((l) => ({ l, km: greatCircleKm(r, l) }))
      .sort((a, b) => a.km - b.km || compareText(a.l.name, b.l.name))[0];
    return { awsRegion: nearest.l.name };
  };

  const records: DnsRecordPlan[] = [];
  for (const s of services.filter((x) => x.public)) {
    const tier = tierOf.get(s.tier)!;
    const base = { service: s.id, tier: s.tier, ttlSeconds };
    for (const rid of s.primaryRegions.filter((id) => serves(id, s.id))) {
      const r = regionOf.get(rid)!;
      const failoverName = regionalHost(zone, s.id, rid);
      records.push({ ...base, name: clientHost(zone, s.id), routing, region: rid, routingLocation: routingLocation(r), target: { kind: 'record', name: failoverName } });
      // restore tiers fail over to the primary's restore site (its cluster view), the others to the failover region
      const fo = tier.failover === 'restore' ? sites.find((x) => x.failoverFor === rid)?.id : r.failoverRegion;
      const secondary = fo !== undefined && serves(fo, s.id);
      const manual = secondary && tier.failover === 'manual';
      records.push({
        ...base,
        name: failoverName,
        routing: 'failover',
        region: rid,
        failoverRole: 'PRIMARY',
        target: { kind: 'entry-point', region: rid },
        healthCheck: manual ? 'manual-switch' : 'entry-point',
        ...(manual ? { switch: manualSwitch(s.id, rid) } : {}),
      });
      if (secondary) records.push({ ...base, name: failoverName, routing: 'failover', region: fo, failoverRole: 'SECONDARY', target: { kind: 'entry-point', region: fo } });
    }
    for (const r of [...regions, ...sites].filter((x) => (x.role === 'failover' || x.role === 'restore') && serves(x.id, s.id))) {
      records.push({ ...base, name: regionalHost(zone, s.id, r.id), routing: 'simple', region: r.id, target: { kind: 'entry-point', region: r.id } });
    }
  }
  const awsPrimaries = regions.filter((r) => r.role === 'primary' && r.cloud === 'aws');
  const anycast = services
    .filter((s) => s.public)
    .flatMap((s) => {
      const l = entryPoints.filter((e) => awsPrimaries.some((r) => r.id === e.region)).flatMap((e) => e.listeners).find((x) => x.service === s.id);
      return l ? [{ service: s.id, name: anycastHost(zone, s.id), port: l.port }] : [];
    });
  return {
    healthCheck: { intervalSeconds: ctx.interval, failureThreshold: ctx.threshold, healthyThreshold: C.HEALTHY_THRESHOLD },
    records,
    anycast,
    acceleratorEndpointGroups: awsPrimaries
      .map((r) => ({ region: r.id, location: r.location, trafficDial: 100, ports: [...new Set(entryPoints.filter((e) => e.region === r.id).flatMap((e) => e.listeners.map((l) => l.port)))].sort((a, b) => a - b) }))
      .filter((g) => g.ports.length > 0),
  };
}
