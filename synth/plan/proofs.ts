/**
 * Proofs over the planned topology: RTO per tier, RPO per data class (zone loss and region loss),
 * availability per service, residency of every replica, backup copy and failover target.
 * A failed proof is an error diagnostic that shows the sum and what would fix it.
 */
import { findLocation } from '../catalog';
import type { Diagnostic } from '../util/errors';
import type { AvailabilityRow, NormalizedSpec, Plan, ResidencyRow, RpoRow, RtoRow, RtoTerm } from '../model/index';
import * as C from './constants';
import { afterZoneLoss, nines, parallelAvailability } from './formulas';
import { formatDuration } from '../util/units';
import { meetsAvailability, percentApart, percentText } from './exact';
import { compareText } from '../util/order';

type PlanCore = Omit<Plan, 'reports'>;

export interface ProofResult {
  readonly rto: RtoRow[];
  readonly rpo: RpoRow[];
  readonly availability: AvailabilityRow[];
  readonly residency: ResidencyRow[];
  readonly diagnostics: Diagnostic[];
  readonly warnings: string[];
}

export function proofs(spec: NormalizedSpec, plan: PlanCore): ProofResult {
  const diagnostics: Diagnostic[] = [];
  const warnings: string[] = [];

  // --- RTO -----------------------------------------------------------------------------------
  const rto: RtoRow[] = plan.tiers.map((tier) => {
    const services = plan.services.filter((s) => s.tier === tier.id);
    // The slowest failover cloud among the tier's failover targets.
    const targets = plan.regions.filter((r) => r.role === 'failover' && services.some((s) => s.primaryRegions.includes(r.failoverFor!)));
    const cloud = [...targets.map((r) => r.cloud)].sort((a, b) => C.NODE_PROVISION_SECONDS[b] + C.DB_PROMOTION_SECONDS[b] - (C.NODE_PROVISION_SECONDS[a] + C.DB_PROMOTION_SECONDS[a]))[0] ?? 'aws';
    const primaries = plan.regions.filter((r) => r.role === 'primary' && services.some((s) => s.primaryRegions.includes(r.id)));
    // A restore tier comes back at its primary's restore site (restore.ts); the slowest site counts.
    const sites = plan.restoreSites.filter((x) => x.tiers.includes(tier.id));
    const site = [...sites].sort((a, b) => b.restoreSeconds - a.restoreSeconds || compareText(a.name, b.name))[0];
    const slowest = site ? [...site.targets].sort((a, b) => b.restoreSeconds - a.restoreSeconds)[0] : undefined;
    const terms: RtoTerm[] = [
      { label: `detection: ${plan.traffic.healthCheck.failureThreshold} failed checks x ${plan.traffic.healthCheck.intervalSeconds}s`, seconds: plan.traffic.healthCheck.failureThreshold * plan.traffic.healthCheck.intervalSeconds },
      { label: 'DNS TTL expiry (dns.ttl)', seconds: spec.dns.ttlSeconds },
    ];
    const usesData = services.some((s) => s.usesDatabases.length > 0);
    const switched = plan.traffic.records.some((r) => r.tier === tier.id && r.healthCheck === 'manual-switch');
    // Promoted standbys that received their data through a replication feed need their sequences advanced.
    const fedStandbys = usesData && plan.replication.some((r) => services.some((s) => s.usesDatabases.includes(r.database) && s.primaryRegions.includes(r.primary)));
    for (const step of C.STRATEGY_STEPS[tier.failover]) {
      if (step === 'decision') terms.push({ label: 'operator paged, failover decided', seconds: C.HUMAN_DECISION_SECONDS });
      if (step === 'promotion' && usesData) terms.push({ label: `database replica promotion (${cloud})`, seconds: C.DB_PROMOTION_SECONDS[cloud] });
      if (step === 'promotion' && fedStandbys) terms.push({ label: 'sequences advanced past the replicated keys (scripted, every shard in parallel)', seconds: C.SEQUENCE_ADVANCE_SECONDS });
      const at = tier.failover === 'restore' ? (site?.cloud ?? 'aws') : cloud;
      if (step === 'restore' && usesData && site && slowest) {
        terms.push({
          label: `restore ${slowest.source} at ${site.name} (${site.location}): ${(slowest.bytes / 1e12).toFixed(1)} TB at ${(site.throughput.bytesPerHour / 1e12).toFixed(1)} TB/h + ${formatDuration(site.throughput.overheadSeconds)} (${site.targets.length} shard(s) in parallel)`,
          seconds: slowest.restoreSeconds,
        });
        terms.push({ label: 'restore runbook: writer instances, private DNS names, the identities\' grants (terraform apply), heartbeat check resumed', seconds: C.RESTORE_RUNBOOK_SECONDS });
      }
      if (step === 'nodes') terms.push({ label: `node scale-up (${at})`, seconds: C.NODE_PROVISION_SECONDS[at] });
      if (step === 'pods') terms.push({ label: 'pods start and pass readiness', seconds: C.POD_START_SECONDS });
      if (step === 'switch' && switched) terms.push({ label: 'operator inverts the DNS switch (Route 53 health check)', seconds: C.MANUAL_SWITCH_SECONDS });
      if (step === 'verification') terms.push({ label: 'runbook verification', seconds: C.VERIFICATION_SECONDS });
    }
    const achieved = terms.reduce((a, t) => a + t.seconds, 0);
    const holds = achieved <= tier.rtoSeconds;
    const coverage = tier.failover !== 'restore' && services.some((s) => s.failoverRegions.length < s.primaryRegions.length);
    // A restore tier with nowhere to restore (restore.ts reported restore-no-copy) recovers never: no RTO holds.
    const noSite = tier.failover === 'restore' && primaries.some((p) => !sites.some((x) => x.primary === p.id));
    if ((!holds || coverage) && !noSite) {
      const sum = terms.map((t) => `${t.label} ${formatDuration(t.seconds)}`).join(' + ');
      diagnostics.push({
        code: 'proof-rto',
        severity: 'error',
        path: `tiers.${tier.id}.rto`,
        message: coverage
          ? `tier \`${tier.id}\` fails over (${tier.failover}) but a primary region running it has no failover region`
          : `tier \`${tier.id}\` cannot recover within its RTO with ${tier.failover} failover: ${sum} = ${formatDuration(achieved)}`,
        expected: coverage
          ? `a failover region (failoverFor) for every primary region of the tier; fix: add a region with failoverFor: ${services.flatMap((s) => s.primaryRegions.filter((p) => !plan.regions.some((r) => r.failoverFor === p)))[0]}, or failover: restore`
          : `at most ${formatDuration(tier.rtoSeconds)}; fix: ${rtoFix(spec, plan, tier, terms, achieved, slowest && site ? { site, target: slowest } : undefined)}`,
        found: formatDuration(achieved),
      });
    }
    return { tier: tier.id, strategy: tier.failover, targetSeconds: tier.rtoSeconds, achievedSeconds: achieved, terms, holds: holds && !coverage && !noSite };
  });

  // --- RPO -----------------------------------------------------------------------------------
  const backupOf = new Map(plan.backups.dataClasses.map((b) => [b.dataClass, b]));
  const rpo: RpoRow[] = spec.data.map((d) => {
    const b = backupOf.get(d.id)!;
    const dbs = plan.databases.filter((db) => db.stores.includes(d.id));
    const multiAz = dbs.length > 0 && dbs.every((db) => db.multiAz);
    const replicated = dbs.some((db) => db.crossRegion.targets.length > 0) && d.replication !== 'backup';
    const zoneLossSeconds = multiAz ? 0 : b.intervalSeconds;
    const zoneLossMechanism = multiAz ? 'synchronous multi-AZ storage quorum in the region' : `${b.frequency} backups`;
    const regionLossSeconds = replicated ? C.ASYNC_REPLICATION_LAG_SECONDS : b.intervalSeconds;
    const regionLossMechanism = replicated
      ? `asynchronous cross-${dbs.some((db) => db.crossRegion.targets.some((t) => plan.regions.find((r) => r.id === t)?.cloud !== 'aws')) ? 'cloud' : 'region'} replication (lag alert at ${C.ASYNC_REPLICATION_LAG_SECONDS}s)`
      : `${b.frequency} backups copied to ${plan.backups.copies - 1} other region(s)`;
    // A synchronous class's RPO is its zone-loss objective: no cross-cloud link replicates synchronously.
    const zoneHolds = zoneLossSeconds <= d.rpoSeconds;
    const regionHolds = regionLossSeconds <= d.rpoSeconds;
    const holds = d.replication === 'synchronous' ? zoneHolds : zoneHolds && regionHolds;
    if (d.replication === 'synchronous' && !regionHolds) {
      warnings.push(`RPO of \`${d.id}\` is ${formatDuration(d.rpoSeconds)} for zone loss; on loss of a whole region up to ${formatDuration(regionLossSeconds)} of writes can be lost (${regionLossMechanism}).`);
    }
    if (!holds) {
      diagnostics.push({
        code: 'proof-rpo',
        severity: 'error',
        path: `data.${d.id}.rpo`,
        message: `data class \`${d.id}\` can lose ${formatDuration(zoneHolds ? regionLossSeconds : zoneLossSeconds)} of writes on ${zoneHolds ? 'region' : 'zone'} loss (${zoneHolds ? regionLossMechanism : zoneLossMechanism})`,
        expected: `at most ${formatDuration(d.rpoSeconds)}; fix: ${rpoFix(spec, plan, d, dbs, replicated, zoneHolds)}`,
        found: formatDuration(zoneHolds ? regionLossSeconds : zoneLossSeconds),
      });
    }
    return { dataClass: d.id, targetSeconds: d.rpoSeconds, zoneLossSeconds, regionLossSeconds, zoneLossMechanism, regionLossMechanism, holds };
  });

  // --- availability --------------------------------------------------------------------------
  const a = spec.availability.instanceAvailability;
  const availability: AvailabilityRow[] = plan.regions.flatMap((r) =>
    r.workloads
      .filter((w) => w.mode === 'active')
      .map((w) => {
        const after = afterZoneLoss(w.replicas, r.zones.length);
        const regionA = parallelAvailability(a, w.replicas);
        return {
          service: w.service,
          region: r.id,
          instanceAvailability: a,
          instances: w.replicas,
          availability: regionA,
          afterZoneLoss: parallelAvailability(a, after),
          nines: nines(a, w.replicas),
          ninesAfterZoneLoss: nines(a, after),
          slo: spec.availability.slo,
          meetsSlo: meetsAvailability(a, after, spec.availability.slo),
        };
      }),
  );
  for (const row of availability.filter((x) => !x.meetsSlo)) {
    diagnostics.push({
      code: 'proof-availability',
      severity: 'error',
      path: `services.${row.service}`,
      message: `service \`${row.service}\` in \`${row.region}\` falls below the SLO after losing a zone`,
      expected: `availability >= ${percentText(spec.availability.slo)}`,
      found: percentApart(row.afterZoneLoss, spec.availability.slo),
    });
  }
  for (const w of plan.regions.flatMap((r) => r.workloads.map((x) => ({ r, w: x })))) {
    if (w.w.mode === 'active' && afterZoneLoss(w.w.replicas, w.r.zones.length) < w.w.n) {
      diagnostics.push({ code: 'proof-zone-loss', severity: 'error', path: `services.${w.w.service}`, message: `losing one zone of \`${w.r.id}\` leaves \`${w.w.service}\` below N`, expected: `>= ${w.w.n} replicas after zone loss`, found: String(afterZoneLoss(w.w.replicas, w.r.zones.length)) });
    }
  }

  // --- residency -----------------------------------------------------------------------------
  const residency: ResidencyRow[] = [];
  const regionById = new Map(plan.regions.map((r) => [r.id, r]));
  // `residency: [j]` partitions the data by jurisdiction: the part of j lives in the regions of j, and every
  // replica, standby and backup copy of a region of j stays in j. Data whose jurisdiction holds none of its
  // regions has no lawful home: each such region holding it is reported (the hole of issue 9).
  for (const d of spec.data.filter((x) => x.residency.length)) {
    for (const j of d.residency) {
      for (const db of plan.databases.filter((x) => x.stores.includes(d.id))) {
        const holders = plan.regions.filter((x) => x.databases.some((i) => i.database === db.id));
        const inJurisdiction = holders.filter((x) => x.role === 'primary' && x.jurisdiction === j);
        if (inJurisdiction.length === 0) {
          for (const r of holders) {
            residency.push({ dataClass: d.id, jurisdiction: j, kind: 'replica', what: `${db.id} (no region of ${j} holds it; ${r.role} in ${r.id})`, location: `${r.cloud}:${r.location}`, locationJurisdiction: r.jurisdiction, ok: false });
          }
        }
        for (const r of inJurisdiction) {
          for (const inst of r.databases.filter((x) => x.database === db.id)) {
            residency.push({ dataClass: d.id, jurisdiction: j, kind: 'replica', what: `${inst.name} (1 writer + ${inst.readers} readers) in ${r.id}`, location: `${r.cloud}:${r.location}`, locationJurisdiction: r.jurisdiction, ok: r.jurisdiction === j });
          }
          for (const copy of r.backup.copyTo) {
            const cj = findLocation(r.cloud, copy)?.jurisdiction ?? '?';
            residency.push({ dataClass: d.id, jurisdiction: j, kind: 'backup-copy', what: `backup copy of ${db.id} from ${r.id}`, location: `${r.cloud}:${copy}`, locationJurisdiction: cj, ok: cj === j });
          }
          if (r.failoverRegion) {
            const f = regionById.get(r.failoverRegion)!;
            residency.push({ dataClass: d.id, jurisdiction: j, kind: 'failover', what: `${db.id} standby for ${r.id}`, location: `${f.cloud}:${f.location}`, locationJurisdiction: f.jurisdiction, ok: f.jurisdiction === j });
            for (const copy of f.backup.copyTo) {
              const cj = findLocation(f.cloud, copy)?.jurisdiction ?? '?';
              if (f.databases.some((i) => i.database === db.id)) residency.push({ dataClass: d.id, jurisdiction: j, kind: 'backup-copy', what: `backup copy of ${db.id} standby in ${f.id}`, location: `${f.cloud}:${copy}`, locationJurisdiction: cj, ok: cj === j });
            }
          }
        }
      }
    }
  }
  for (const row of residency.filter((x) => !x.ok)) {
    diagnostics.push({ code: 'proof-residency', severity: 'error', path: `data.${row.dataClass}.residency`, message: `${row.what} would be stored in ${row.location}, outside ${row.jurisdiction}`, expected: `a location in ${row.jurisdiction}`, found: `${row.location} (${row.locationJurisdiction})` });
  }

  // What a restore site does not bring back (its cluster view: synth/plan/restore.ts).
  for (const site of plan.restoreSites) {
    for (const s of plan.services.filter((x) => site.services.includes(x.id))) {
      if (s.usesCaches.length > 0) {
        warnings.push(`\`${s.id}\` restored at \`${site.name}\` starts without its cache(s) ${s.usesCaches.map((c) => `\`${c}\``).join(', ')}: caches are not restored (their data is lost with \`${site.primary}\`), so its manifests there name none.`);
      }
    }
  }
  return { rto, rpo, availability, residency, diagnostics, warnings };
}

/**
 * What would actually lower the region-loss (or zone-loss) RPO of a data class, given how it is protected now:
 * replicating data that is already replicated, or suggesting more snapshots for data that is, helps nothing.
 */
function rpoFix(spec: NormalizedSpec, plan: PlanCore, d: NormalizedSpec['data'][number], dbs: PlanCore['databases'], replicated: boolean, zoneHolds: boolean): string {
  const lag = formatDuration(C.ASYNC_REPLICATION_LAG_SECONDS);
  if (!zoneHolds) return `store \`${d.id}\` in a database (multi-AZ synchronous storage loses nothing on zone loss), or set data.${d.id}.rpo to at least the backup interval`;
  if (replicated) {
    return `asynchronous replication already carries \`${d.id}\`: its lag bound (${lag}) is the smallest region-loss RPO across regions; set data.${d.id}.rpo to at least ${lag}, or replication: synchronous (RPO 0 for zone loss; region loss stays at the lag bound and is reported as a warning)`;
  }
  const unCovered = [...new Set(dbs.flatMap((db) => db.regions))].filter((rid) => !plan.regions.some((r) => r.failoverFor === rid)).sort();
  if (d.replication === 'asynchronous' && unCovered.length > 0) {
    return `\`${d.id}\` is asynchronous but ${unCovered.map((r) => `\`${r}\``).join(', ')} has no failover region to replicate to: add a region with failoverFor: ${unCovered[0]} (RPO becomes the ${lag} lag bound), or set data.${d.id}.rpo to at least the backup interval`;
  }
  const faster = d.temperature === 'hot' ? undefined : spec.backups.snapshots[d.temperature] === 'daily' ? `backups.snapshots.${d.temperature}: hourly` : 'temperature: hot (continuous backups, 5m)';
  return `replication: asynchronous (a standby in the failover region, RPO ${lag})${faster ? `, or ${faster}` : ''}, or set data.${d.id}.rpo to at least the backup interval`;
}

/**
 * What would actually bring a tier's recovery under its RTO, from the terms that make it up: a faster strategy
 * only when there is one, the spec fields of the terms it controls (health checks, TTL), and for a restore the
 * shard count whose largest shard restores in the time left.
 */
function rtoFix(
  spec: NormalizedSpec,
  plan: PlanCore,
  tier: PlanCore['tiers'][number],
  terms: readonly RtoTerm[],
  achieved: number,
  restore: { readonly site: PlanCore['restoreSites'][number]; readonly target: PlanCore['restoreSites'][number]['targets'][number] } | undefined,
): string {
  const over = achieved - tier.rtoSeconds;
  const fixes: string[] = [];
  if (restore) {
    const { site, target } = restore;
    const db = plan.databases.find((d) => d.id === target.database)!;
    const budget = target.restoreSeconds - over - site.throughput.overheadSeconds;
    const totalBytes = db.storagePerShardBytes * db.shards / db.replicationFactor;
    const shards = budget > 0 ? Math.ceil(totalBytes / ((budget / 3600) * site.throughput.bytesPerHour)) : undefined;
    if (shards !== undefined) fixes.push(`databases.${db.id}.shards: ${shards} (shards restore in parallel: ${(totalBytes / shards / 1e12).toFixed(1)} TB each)`);
    fixes.push(`a shorter databases.${db.id}.storage.retention`);
    fixes.push(`failover: manual (a standby fed continuously, no restore)`);
  } else {
    const detection = terms[0].seconds;
    const ttl = spec.dns.ttlSeconds;
    if (detection + ttl > over) fixes.push(`lower dns.ttl (${formatDuration(ttl)}) or availability.healthChecks.removeAfter (detection ${formatDuration(detection)})`);
    const faster = tier.failover === 'manual' ? 'automated (no operator decision, no verification run)' : tier.failover === 'automated' ? 'hot-standby (full capacity running: no node scale-up, no pod start)' : undefined;
    if (faster) fixes.push(`failover: ${faster}`);
    if (tier.failover === 'hot-standby') fixes.push(`a failover region on a cloud that promotes faster (${terms.find((t) => t.label.startsWith('database replica promotion'))?.label ?? 'promotion'})`);
  }
  fixes.push(`or raise tiers.${tier.id}.rto to at least ${formatDuration(achieved)}`);
  return fixes.join('; ');
}
