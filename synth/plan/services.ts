/** Services: N, replicas (safety, redundancy, zone loss), autoscaling max, failover regions, `uses` split by kind. */
import type { ServicePlan } from '../model/index';
import type { PlanContext } from './context';
import { projectedInstances, replicasFor } from './formulas';

export function planServices({ spec, tierOf, failoverOf, multiplier }: PlanContext): ServicePlan[] {
  const storeKind = (id: string): 'database' | 'cache' | 'service' =>
    spec.databases.some((d) => d.id === id) ? 'database' : spec.caches.some((c) => c.id === id) ? 'cache' : 'service';
  return spec.services.map((s) => {
    const r = replicasFor(s.rps, s.perInstance, spec.scaling.safetyFactor, spec.scaling.spareInstances, spec.availability.zones);
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
      maxReplicas: Math.max(r.replicas, projectedInstances(s.rps, multiplier, s.perInstance)),
      primaryRegions: s.regions,
      failoverRegions: tierOf.get(s.tier)!.failover === 'restore' ? [] : s.regions.map((p) => failoverOf.get(p)).filter((x): x is string => !!x).sort(),
      usesServices: s.uses.filter((u) => storeKind(u) === 'service'),
      usesDatabases: s.uses.filter((u) => storeKind(u) === 'database'),
      usesCaches: s.uses.filter((u) => storeKind(u) === 'cache'),
      ...(s.latencyTargetSeconds !== undefined ? { latencyTargetMs: Math.round(s.latencyTargetSeconds * 1000) } : {}),
    };
  });
}
