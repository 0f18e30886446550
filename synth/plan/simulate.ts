/**
 * `platform simulate --lose <region>`: what the plan says happens when one region is lost. Pure: reads the Plan
 * only (traffic records, workloads, node pools, replication feeds, the RTO and RPO proofs) and decides nothing
 * new. For every service running in the lost region: where its traffic goes (the failover record's SECONDARY
 * target, automatically for hot-standby and automated tiers, by runbook for manual ones, after a restore for
 * restore tiers), the capacity there now and after scale-up against the load, and whether the failover cluster's
 * node pools can hold it; per data class the RPO the loss costs (a standby without a replication feed holds
 * nothing); the runbooks to run; the expected RTO per tier. An objective missed makes `missed` non-empty.
 */
import type { FailoverStrategy, Plan, RegionPlan, WorkloadMode } from '../model/index';
import { NODE_ALLOCATABLE } from './constants';
import { promotionRunbookPath, restoreRunbookPath } from './restore';

export interface SimulatedService {
  readonly service: string;
  readonly tier: string;
  readonly public: boolean;
  readonly strategy: FailoverStrategy;
  /** Where the lost region's traffic goes (undefined: nowhere). */
  readonly to?: string;
  /** Public services: the failover region's own name, on the address Route 53 fails over to. */
  readonly target?: string;
  readonly how: 'automatic (Route 53 failover record)' | 'automatic (in-cluster callers)' | 'runbook' | 'restore from backup' | 'nowhere';
  readonly modeThere?: WorkloadMode;
  /** Load of the lost region (requests per second). */
  readonly rps: number;
  /** Capacity running in the failover region now, and after autoscaling to its HPA max. */
  readonly capacityNow: number;
  readonly capacityScaled: number;
  readonly holds: boolean;
}

export interface SimulatedPools {
  readonly region: string;
  /** vCPU the failed-over workloads request at full load (the lost region's replica counts). */
  readonly neededMillis: number;
  /** vCPU the failover cluster's node pools offer at their max sizes (allocatable share). */
  readonly maxMillis: number;
  readonly holds: boolean;
}

export interface SimulatedData {
  readonly dataClass: string;
  readonly targetSeconds: number;
  /** undefined: the data is not recoverable from a copy outside the lost region. */
  readonly rpoSeconds?: number;
  readonly mechanism: string;
  readonly holds: boolean;
}

export interface SimulatedTier {
  readonly tier: string;
  readonly strategy: FailoverStrategy;
  readonly rtoSeconds: number;
  readonly targetSeconds: number;
  readonly holds: boolean;
}

export interface Simulation {
  readonly lost: string;
  readonly role: RegionPlan['role'];
  readonly failoverRegion?: string;
  readonly services: readonly SimulatedService[];
  readonly pools?: SimulatedPools;
  readonly data: readonly SimulatedData[];
  readonly runbooks: readonly string[];
  readonly tiers: readonly SimulatedTier[];
  /** Objectives the loss would miss, one sentence each; empty when every objective holds. */
  readonly missed: readonly string[];
  readonly notes: readonly string[];
}

export class UnknownRegionError extends Error {
  constructor(
    readonly region: string,
    readonly known: readonly string[],
  ) {
    super(`unknown region ${region} (regions: ${known.join(', ')})`);
  }
}

export function simulate(plan: Plan, lost: string): Simulation {
  const region = plan.regions.find((r) => r.id === lost);
  if (!region) throw new UnknownRegionError(lost, plan.regions.map((r) => r.id));
  const missed: string[] = [];
  if (region.role === 'failover') {
    // Losing a standby moves no traffic; what it costs is the protection of its primary.
    return { lost, role: region.role, services: [], data: [], runbooks: [], tiers: [], missed: [], notes: [`\`${lost}\` is a standby: no traffic moves; \`${region.failoverFor}\` keeps serving but has no failover region until it is rebuilt`] };
  }
  const standby = plan.regions.find((r) => r.id === region.failoverRegion);
  const site = plan.restoreSites.find((x) => x.primary === lost);
  const tierOf = new Map(plan.tiers.map((t) => [t.id, t]));
  const services: SimulatedService[] = region.workloads.map((w) => {
    const s = plan.services.find((x) => x.id === w.service)!;
    const tier = tierOf.get(s.tier)!;
    const there = standby?.workloads.find((x) => x.service === w.service);
    // where the primary's failover name sends it: the failover region, or a restore tier's site
    const to = tier.failover === 'restore' ? site?.region : standby;
    const secondary = plan.traffic.records.find((r) => r.service === w.service && r.routing === 'failover' && r.failoverRole === 'SECONDARY' && r.region === to?.id);
    const how: SimulatedService['how'] =
      tier.failover === 'restore' ? 'restore from backup' : !there ? 'nowhere' : tier.failover === 'manual' ? 'runbook' : w.public ? 'automatic (Route 53 failover record)' : 'automatic (in-cluster callers)';
    const restoredAt = tier.failover === 'restore' && site?.services.includes(w.service);
    const capacityNow = (there?.replicas ?? 0) * s.perInstance;
    // A restored tier runs the primary's manifests (its replica counts) on the restore site's pools.
    const capacityScaled = Math.max(there?.autoscaling?.max ?? 0, there?.replicas ?? 0, (tier.failover === 'manual' && there) || restoredAt ? w.replicas : 0) * s.perInstance;
    const rps = s.rps;
    // Hot standby carries the load at once; the others once scaled (manual: the runbook scales the pilot light);
    // a restore tier is judged by its RTO only (it comes back where the backups are).
    const holds = tier.failover === 'restore' ? !!restoredAt : tier.failover === 'hot-standby' ? capacityNow >= rps : capacityScaled >= rps;
    if (tier.failover === 'restore' && !restoredAt) missed.push(`\`${w.service}\`: no restore site for \`${lost}\` (its backups have no copy in another region)`);
    if (!holds && tier.failover !== 'restore') missed.push(`\`${w.service}\` in \`${standby?.id ?? 'no region'}\`: capacity ${tier.failover === 'hot-standby' ? capacityNow : capacityScaled} rps < load ${rps} rps`);
    return {
      service: w.service,
      tier: s.tier,
      public: w.public,
      strategy: tier.failover,
      ...(there && tier.failover !== 'restore' ? { to: standby!.id, modeThere: there.mode } : {}),
      // A restore tier comes back at the primary's restore site (restore.ts), after its restore.
      ...(tier.failover === 'restore' && site?.services.includes(w.service) ? { to: site.name } : {}),
      // the failover region's own name for the service (a record on its Terraform-owned entry-point address)
      ...(secondary && to ? { target: plan.traffic.records.find((r) => r.service === w.service && r.routing === 'simple' && r.region === to.id)?.name ?? secondary.name } : {}),
      how,
      rps,
      capacityNow,
      capacityScaled,
      holds,
    };
  });

  let pools: SimulatedPools | undefined;
  if (standby) {
    const moving = region.workloads.filter((w) => tierOf.get(w.tier)!.failover !== 'restore' && standby.workloads.some((x) => x.service === w.service));
    const neededMillis = moving.reduce((sum, w) => sum + w.replicas * w.cpuMillis, 0);
    const maxMillis = Math.floor(standby.cluster.nodePools.filter((p) => p.kind !== 'spot').reduce((sum, p) => sum + p.max * p.vcpu * 1000 * NODE_ALLOCATABLE, 0));
    pools = { region: standby.id, neededMillis, maxMillis, holds: maxMillis >= neededMillis };
    if (!pools.holds) missed.push(`node pools of \`${standby.id}\` reach ${(maxMillis / 1000).toFixed(1)} vCPU at their max, the failed-over load requests ${(neededMillis / 1000).toFixed(1)} vCPU`);
  }

  // Data: the RPO the loss costs per data class held in the lost region.
  const fed = new Set(plan.replication.filter((r) => r.primary === lost).flatMap((r) => r.feeds.map((f) => f.source)));
  const data: SimulatedData[] = plan.reports.rpo
    .filter((row) => plan.databases.some((d) => d.stores.includes(row.dataClass) && region.databases.some((i) => i.database === d.id)))
    .map((row) => {
      const db = plan.databases.find((d) => d.stores.includes(row.dataClass))!;
      const shards = region.databases.filter((i) => i.database === db.id);
      const standbyShards = standby?.databases.filter((i) => i.database === db.id) ?? [];
      const replicated = db.crossRegion.mode !== 'none' && standbyShards.length > 0;
      if (replicated && !shards.every((s) => fed.has(s.name))) {
        const line = `\`${row.dataClass}\`: the standby shards in \`${standby?.id}\` receive no replication feed, so nothing recent survives outside \`${lost}\``;
        missed.push(line);
        return { dataClass: row.dataClass, targetSeconds: row.targetSeconds, mechanism: 'standby without a replication feed (backups are copies in the lost region\'s cloud)', holds: false };
      }
      const capped = standbyShards.filter((d) => d.disk?.capped);
      if (replicated && capped.length > 0) {
        missed.push(`\`${row.dataClass}\`: ${capped.map((d) => `\`${d.name}\``).join(', ')} in \`${standby?.id}\` cannot hold the data (disk capped at the cloud's limit): the feed stops when it is full`);
        return { dataClass: row.dataClass, targetSeconds: row.targetSeconds, rpoSeconds: row.regionLossSeconds, mechanism: `${row.regionLossMechanism}, into standby shards too small for the data`, holds: false };
      }
      // The spec's RPO of synchronous data is a zone-loss objective; the region-loss figure is the honest bound (proofs.ts).
      const holds = row.holds;
      return { dataClass: row.dataClass, targetSeconds: row.targetSeconds, rpoSeconds: row.regionLossSeconds, mechanism: row.regionLossMechanism, holds };
    });

  const runbooks = services.filter((s) => s.how === 'runbook').map((s) => {
    const svc = plan.services.find((x) => x.id === s.service)!;
    return `runbooks/${s.service}${svc.primaryRegions.length > 1 ? `-${lost}` : ''}.md`;
  });
  // Promoted standbys fed by replication advance their sequences first; restore tiers follow the restore runbook.
  if (plan.replication.some((r) => r.primary === lost)) runbooks.unshift(promotionRunbookPath(lost));
  if (site && services.some((s) => s.strategy === 'restore' && s.to === site.name)) runbooks.push(restoreRunbookPath(lost));
  const tiersHere = new Set(services.map((s) => s.tier));
  const tiers: SimulatedTier[] = plan.reports.rto
    .filter((r) => tiersHere.has(r.tier))
    .map((r) => ({ tier: r.tier, strategy: r.strategy, rtoSeconds: r.achievedSeconds, targetSeconds: r.targetSeconds, holds: r.holds }));
  for (const t of tiers) if (!t.holds) missed.push(`tier \`${t.tier}\`: RTO ${t.rtoSeconds}s > objective ${t.targetSeconds}s`);
  const notes = [
    `Caches (${plan.caches.map((c) => c.id).join(', ') || 'none'}): the failover region's Redis starts empty (no cross-cloud cache replication); cached values refill on misses, whatever lives only in a cache (sessions) is lost and those users sign in again.`,
  ];
  return { lost, role: region.role, ...(standby ? { failoverRegion: standby.id } : {}), services, ...(pools ? { pools } : {}), data, runbooks, tiers, missed, notes };
}
