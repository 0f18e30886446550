/**
 * The formulas of the reference document, as pure functions. Every number the planner derives goes
 * through one of these; test/synth/plan-formulas.test.ts checks them with properties and the worked examples.
 */
import { round } from '../util/units';

/** N: instances that carry `rps` at `perInstance` each, without headroom. */
export function baseInstances(rps: number, perInstance: number): number {
  return Math.max(1, Math.ceil(round(rps / perInstance)));
}

/** Instances_Required = Expected_Load / Capacity_Per_Instance x Safety_Factor (rounded up). 50,000 / 5,000 x 1.5 = 15. */
export function instancesBySafety(rps: number, perInstance: number, safetyFactor: number): number {
  return Math.ceil(round((rps / perInstance) * safetyFactor));
}

/** Smallest R such that losing the fullest of `zones` zones (ceil(R / zones) replicas) leaves at least n. */
export function zoneLossFloor(n: number, zones: number): number {
  // With one zone, no replica count survives its loss: the zone-loss proof reports it.
  if (zones <= 1) return n;
  let r = n + Math.ceil(n / (zones - 1));
  while (r - 1 - Math.ceil((r - 1) / zones) >= n) r--;
  return r;
}

/** Replicas left after the fullest zone is lost, with replicas spread evenly (maxSkew 1). */
export function afterZoneLoss(replicas: number, zones: number): number {
  return replicas - Math.ceil(replicas / zones);
}

/**
 * Replicas per region. The safety factor sizes for load with headroom; N + spare (N+2) is a floor that
 * guarantees two instances can fail with N left; the zone-loss floor guarantees a whole zone can fail
 * with N left. The plan takes the largest of the three: they are independent guarantees, not multiplied.
 */
export function replicasFor(rps: number, perInstance: number, safetyFactor: number, spare: number, zones: number) {
  const n = baseInstances(rps, perInstance);
  const bySafety = instancesBySafety(rps, perInstance, safetyFactor);
  const byRedundancy = n + spare;
  const byZoneLoss = zoneLossFloor(n, zones);
  return { n, bySafety, byRedundancy, byZoneLoss, replicas: Math.max(bySafety, byRedundancy, byZoneLoss) };
}

/** Storage_Required = Daily_Growth x Retention_Days x Replication_Factor. 100 GB x 2,555 x 3 = 766.5 TB. */
export function storageRequired(dailyGrowthBytes: number, retentionDays: number, replicationFactor: number): number {
  return dailyGrowthBytes * retentionDays * replicationFactor;
}

/** Capacity_t+1 = Capacity_t x (1 + Growth_Rate) x Safety_Factor, compounded over the horizon in years. */
export function projectedCapacity(capacity: number, growth: number, safetyFactor: number, horizonMonths: number): number {
  return round(capacity * (1 + growth) ** (horizonMonths / 12) * safetyFactor, 6);
}

export function growthMultiplier(growth: number, safetyFactor: number, horizonMonths: number): number {
  return round((1 + growth) ** (horizonMonths / 12) * safetyFactor, 9);
}

/** Availability = 1 - (1 - a)^N. */
export function parallelAvailability(a: number, n: number): number {
  return 1 - (1 - a) ** n;
}

/** Nines of 1 - (1 - a)^N, computed in log space so 45 nines stay exact: N x -log10(1 - a). */
export function nines(a: number, n: number): number {
  if (a >= 1) return Infinity;
  return round(n * -Math.log10(1 - a), 6);
}

/** Failure threshold of a health check: removeAfter / interval (30 s / 10 s = 3). */
export function failureThreshold(intervalSeconds: number, removeAfterSeconds: number): number {
  return Math.max(1, Math.round(removeAfterSeconds / intervalSeconds));
}

/** Mean radius of the Earth in km. */
export const EARTH_RADIUS_KM = 6371;
/** Light in fibre covers ~200 km per millisecond (refractive index ~1.47). */
export const FIBRE_KM_PER_MS = 200;
/** Real routes are longer than the great circle: a route factor of 1.5 (published path-stretch measurements). */
export const ROUTE_FACTOR = 1.5;
/** Last-mile access RTT (user to the nearest metro POP). */
export const LAST_MILE_RTT_MS = 20;

/** Round-trip time over `km` of great-circle distance: last mile + 2 x km x route factor / fibre speed. */
export function estimatedRttMs(km: number): number {
  return Math.round(LAST_MILE_RTT_MS + (2 * km * ROUTE_FACTOR) / FIBRE_KM_PER_MS);
}

/** Node count to hold `demand` given per-node allocatable capacity and headroom. */
export function nodesFor(demand: number, perNode: number, headroom: number): number {
  if (demand <= 0) return 0;
  return Math.ceil(round((demand * (1 + headroom)) / perNode));
}

/**
 * Index of the node size to use: the first of `sizes` (ascending) whose allocatable capacity, less headroom, holds
 * `pods` of the largest pod by CPU and by memory; the last (largest) when none does.
 */
export function nodeSizeIndex(sizes: readonly { readonly vcpu: number; readonly memoryGiB: number }[], largestCpuMillis: number, largestMemoryMiB: number, pods: number, allocatable: number, headroom: number): number {
  const fits = (s: { readonly vcpu: number; readonly memoryGiB: number }) =>
    pods * largestCpuMillis * (1 + headroom) <= s.vcpu * 1000 * allocatable + 1e-9 && pods * largestMemoryMiB * (1 + headroom) <= s.memoryGiB * 1024 * allocatable + 1e-9;
  const i = sizes.findIndex(fits);
  return i < 0 ? sizes.length - 1 : i;
}

/** `n` nodes rounded up to a whole number per zone: a pool spreads its nodes evenly over its zones. */
export function wholePerZone(n: number, zones: number): number {
  if (n <= 0) return 0;
  return Math.ceil(n / zones - 1e-9) * zones;
}

/** Instances needed at the end of the projection horizon: ceil(rps x growth multiplier / perInstance). */
export function projectedInstances(rps: number, multiplier: number, perInstance: number): number {
  return Math.ceil((rps * multiplier) / perInstance - 1e-9);
}

/**
 * Replicas of a workload by mode: full where it serves, 0 for a pilot light, and for a warm standby the larger of
 * N + spare and the zone-loss floor, so that a warm standby keeps N after losing a zone (the same definition of
 * "survives zone loss" as for the primaries).
 */
export function replicasForMode(mode: 'active' | 'hot-standby' | 'warm-standby' | 'pilot-light', replicas: number, n: number, spare: number, zones = 1): number {
  return mode === 'active' || mode === 'hot-standby' ? replicas : mode === 'warm-standby' ? Math.max(n + spare, zones > 1 ? zoneLossFloor(n, zones) : 0) : 0;
}

/** Pods at most per zone when spread evenly (maxSkew 1). */
export function maxPerZone(replicas: number, zones: number): number {
  return Math.ceil(replicas / zones);
}

/** Probe timeout: half the check interval, at least 1 s. */
export function probeTimeoutSeconds(intervalSeconds: number): number {
  return Math.max(1, Math.floor(intervalSeconds / 2));
}

/** Rolling-update surge: a quarter of the replicas, at least 1. */
export function maxSurge(replicas: number): number {
  return Math.max(1, Math.ceil(replicas * 0.25));
}

/** Shards a database needs so that each fits `maxBytes` of logical storage. */
export function shardsToFit(logicalBytes: number, maxBytes: number): number {
  return Math.ceil(logicalBytes / maxBytes - 1e-9);
}
