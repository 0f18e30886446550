/** Edge: POPs and their nearest serving region, the CDN price class, and the POP latency report. */
import { findPop, greatCircleKm } from '../catalog';
import type { EdgePlan, LatencyRow, RegionPlan } from '../model/index';
import type { PlanContext } from './context';
import { estimatedRttMs } from './formulas';
import { planInvariant } from './invariant';
import { compareText } from '../util/order';

export function planEdge({ spec }: PlanContext, regions: readonly RegionPlan[]): { edge: EdgePlan; latency: LatencyRow[] } {
  const servingRegions = regions.filter((r) => r.role === 'primary');
  const pops = spec.edge.pops.map((code) => {
    const p = findPop(code);
    planInvariant(p, 'edge.pops', `POP ${code} vanished from the catalog after validation`);
    const nearest = servingRegions.map((r) => ({ r, km: greatCircleKm(p, r) })).sort((a, b) => a.km - b.km || compareText(a.r.id, b.r.id))[0];
    return { code, city: p.city, country: p.country, continent: p.continent, lat: p.lat, lon: p.lon, nearestRegion: nearest.r.id, distanceKm: Math.round(nearest.km) };
  });
  const continents = new Set(pops.map((p) => p.continent));
  const priceClass = [...continents].every((c) => c === 'north-america' || c === 'europe') ? 'PriceClass_100' : continents.has('south-america') || continents.has('oceania') ? 'PriceClass_All' : 'PriceClass_200';
  const latency = pops.map((p) => {
    const direct = servingRegions.map((r) => ({ r, km: greatCircleKm(p, r) })).sort((a, b) => a.km - b.km)[0];
    const rttDirectMs = estimatedRttMs(direct.km);
    const rttViaPopMs = estimatedRttMs(0);
    return { pop: p.code, city: p.city, nearestRegion: p.nearestRegion, directRegion: direct.r.id, rttDirectMs, rttViaPopMs, improvementMs: rttDirectMs - rttViaPopMs };
  });
  return {
    edge: {
      routing: spec.edge.routing,
      geoDns: spec.edge.geoDns,
      compression: spec.edge.compression,
      pops,
      cdn: { ...spec.edge.cdn, priceClass: priceClass as 'PriceClass_100' | 'PriceClass_200' | 'PriceClass_All' },
    },
    latency,
  };
}
