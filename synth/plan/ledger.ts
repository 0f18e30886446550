/**
 * The ledger: every RTO step, RPO figure, residency row and availability figure of the report, with what in
 * dist/ implements it (Terraform resources by stack, type and identifying attributes; Kubernetes objects;
 * runbooks for human steps). Pure: reads the Plan only; synth/output/ledger.ts resolves the references against
 * the generated files (Terraform addresses) and marks anything it cannot find, which a test forbids.
 */
import type { LedgerEntry, LedgerRef, Plan, RegionPlan } from '../model/index';
import { promotionRunbookPath, restoreRunbookPath, SEQUENCES_SQL_PATH } from './restore';

const stackOf = (r: RegionPlan) => `region-${r.id}`;
/** The failover cluster's node pool resource type per cloud. */
const NODE_POOL_TYPE: Readonly<Record<RegionPlan['cloud'], string>> = { aws: 'aws_eks_node_group', gcp: 'google_container_node_pool', azure: 'azurerm_kubernetes_cluster_node_pool' };
const DB_TYPE: Readonly<Record<RegionPlan['cloud'], string>> = { aws: 'aws_rds_cluster', gcp: 'google_sql_database_instance', azure: 'azurerm_postgresql_flexible_server' };

function runbookPath(plan: Plan, service: string, primary: string): string {
  const s = plan.services.find((x) => x.id === service)!;
  return `runbooks/${service}${s.primaryRegions.length > 1 ? `-${primary}` : ''}.md`;
}

export function planLedger(plan: Plan): LedgerEntry[] {
  const out: LedgerEntry[] = [];
  const region = (id: string) => plan.regions.find((r) => r.id === id)!;
  const primaries = plan.regions.filter((r) => r.role === 'primary');

  // --- RTO: each term of each tier ------------------------------------------------------------
  for (const row of plan.reports.rto) {
    const tier = plan.tiers.find((t) => t.id === row.tier)!;
    const services = plan.services.filter((s) => s.tier === row.tier);
    const pairs = primaries.filter((p) => services.some((s) => s.primaryRegions.includes(p.id)) && p.failoverRegion).map((p) => [p, region(p.failoverRegion!)] as const);
    // Restore tiers come back at their primaries' restore sites (restore.ts), not in the failover regions.
    const sites = plan.restoreSites.filter((x) => x.tiers.includes(row.tier));
    const restoring = tier.failover === 'restore';
    for (const term of row.terms) {
      const refs: LedgerRef[] = [];
      let human = false;
      const label = term.label;
      if (label.startsWith('detection')) {
        for (const s of services) {
          for (const [p] of pairs) {
            if (s.public) refs.push({ kind: 'terraform', stack: 'global', type: 'aws_route53_health_check', equals: { 'tags.service': s.id, 'tags.region': p.id } });
            else refs.push({ kind: 'kubernetes', cluster: p.id, apiKind: 'PrometheusRule', name: s.id, namespace: tier.namespace });
          }
        }
        // the loss of the whole region is seen from a surviving cluster (its own rules die with it)
        for (const [p] of pairs) {
          const loss = plan.alerting.regionLoss.find((d) => d.region === p.id);
          const by = loss?.detectedBy[0];
          const c = plan.alerting.clusters.find((x) => x.region === by);
          if (c) refs.push({ kind: 'kubernetes', cluster: c.region, apiKind: 'PrometheusRule', name: c.regionRuleName, namespace: c.namespace });
        }
      } else if (label.startsWith('DNS TTL')) {
        // the SECONDARY of each primary's failover name: the failover region's entry point, or a restore tier's site
        const secondaries = restoring ? sites.map((x) => [region(x.primary), x.region] as const) : pairs;
        for (const s of services.filter((x) => x.public)) {
          for (const [p, f] of secondaries) {
            if (restoring && !f.workloads.some((w) => w.service === s.id && w.public)) continue;
            refs.push({ kind: 'terraform', stack: 'global', type: 'aws_route53_record', equals: { set_identifier: `${f.id}-secondary`, name: `${s.id}.${p.id}.${plan.dns.zone}` } });
          }
        }
        if (refs.length === 0) refs.push({ kind: 'not-delivered', reason: 'no DNS record: the tier has no public entry (callers in the failover cluster use its own names; the RTO counts the TTL anyway)' });
      } else if (label.startsWith('database replica promotion')) {
        // The standby databases that take the writes (fed by the replication feeds, see RPO).
        for (const [, f] of pairs) {
          for (const d of f.databases.filter((x) => services.some((s) => s.usesDatabases.includes(x.database)))) {
            refs.push({ kind: 'terraform', stack: stackOf(f), type: DB_TYPE[f.cloud], contains: { name: d.name } });
          }
        }
      } else if (label.startsWith('sequences')) {
        // A human step of the promotion runbook, with the SQL it runs.
        human = true;
        for (const [p] of pairs) if (plan.replication.some((r) => r.primary === p.id)) refs.push({ kind: 'file', path: promotionRunbookPath(p.id) });
        if (refs.length > 0) refs.push({ kind: 'file', path: SEQUENCES_SQL_PATH });
      } else if (label.startsWith('node scale-up')) {
        if (restoring) for (const x of sites) refs.push({ kind: 'terraform', stack: x.name, type: 'aws_eks_node_group' });
        else for (const [, f] of pairs) refs.push({ kind: 'terraform', stack: stackOf(f), type: NODE_POOL_TYPE[f.cloud] });
      } else if (label.startsWith('pods')) {
        // A restore site runs its own folder (kubernetes/restore-<primary>/, synced by its Argo CD once nodes exist).
        const clusters = restoring ? sites.map((x) => x.region) : pairs.map(([, f]) => f);
        for (const r of clusters) {
          for (const s of services.filter((x) => r.workloads.some((w) => w.service === x.id))) {
            refs.push({ kind: 'kubernetes', cluster: r.id, apiKind: 'Deployment', name: s.id, namespace: tier.namespace });
          }
        }
      } else if (label.startsWith('restore runbook')) {
        human = true;
        for (const x of sites) refs.push({ kind: 'file', path: restoreRunbookPath(x.primary) });
      } else if (label.startsWith('restore')) {
        // restore target (restore stack) -> the copies it restores (the primary's copy vault at that location).
        human = true;
        for (const x of sites) {
          refs.push(
            { kind: 'terraform', stack: x.name, type: 'aws_db_subnet_group', equals: { name: x.dbSubnetGroup } },
            { kind: 'terraform', stack: x.name, type: 'aws_iam_role', equals: { name: x.restoreRole } },
            { kind: 'terraform', stack: `region-${x.primary}`, type: 'aws_backup_vault', equals: { name: x.copyVault, provider: `aws.copy-${x.location}` } },
            { kind: 'file', path: restoreRunbookPath(x.primary) },
          );
        }
      } else if (label.startsWith('operator inverts the DNS switch')) {
        // The calculated health check the runbook inverts, and the runbook that says how.
        human = true;
        for (const r of plan.traffic.records.filter((x) => x.tier === tier.id && x.switch)) {
          refs.push({ kind: 'terraform', stack: 'global', type: 'aws_route53_health_check', equals: { type: 'CALCULATED', 'tags.Name': r.switch!.name } });
          refs.push({ kind: 'file', path: runbookPath(plan, r.service, r.region) });
        }
      } else if (label.startsWith('operator') || label.startsWith('runbook')) {
        human = true;
        for (const s of services) for (const [p] of pairs) if (tier.failover === 'manual') refs.push({ kind: 'file', path: runbookPath(plan, s.id, p.id) });
        if (restoring) for (const x of sites) refs.push({ kind: 'file', path: restoreRunbookPath(x.primary) });
        if (refs.length === 0) refs.push({ kind: 'not-delivered', reason: `no runbook is generated for ${tier.failover} tiers: the operator follows the report's procedure` });
      }
      if (refs.length === 0) refs.push({ kind: 'not-delivered', reason: 'no generated resource implements this step' });
      out.push({ section: 'rto', claim: `${row.tier}: ${label} ${term.seconds}s`, refs, ...(human ? { human } : {}) });
    }
  }

  // --- RPO: each data class, zone loss and region loss ----------------------------------------
  for (const row of plan.reports.rpo) {
    const dbs = plan.databases.filter((d) => d.stores.includes(row.dataClass));
    const zoneRefs: LedgerRef[] = primaries.flatMap((p) => p.databases.filter((d) => dbs.some((x) => x.id === d.database)).map((d) => ({ kind: 'terraform' as const, stack: stackOf(p), type: 'aws_rds_cluster', equals: { cluster_identifier: d.name } })));
    out.push({ section: 'rpo', claim: `${row.dataClass}: zone loss ${row.zoneLossSeconds}s (${row.zoneLossMechanism})`, refs: zoneRefs });
    const regionRefs: LedgerRef[] = [];
    const replicated = dbs.some((d) => d.crossRegion.mode !== 'none');
    if (replicated) {
      for (const p of primaries) {
        const f = p.failoverRegion ? region(p.failoverRegion) : undefined;
        for (const d of p.databases.filter((x) => dbs.some((y) => y.id === x.database))) {
          const feed = plan.replication.find((r) => r.primary === p.id && r.feeds.some((x) => x.source === d.name));
          const fd = feed?.feeds.find((x) => x.source === d.name);
          if (!feed || !fd) {
            regionRefs.push({ kind: 'not-delivered', reason: `${d.name} in ${p.id} has no replication feed into ${f?.id ?? 'a standby'}` });
            continue;
          }
          regionRefs.push(
            { kind: 'terraform', stack: feed.interconnect, type: 'aws_dms_replication_task', equals: { replication_task_id: fd.name } },
            { kind: 'terraform', stack: feed.interconnect, type: 'aws_cloudwatch_metric_alarm', equals: { alarm_name: fd.lagAlarm.name } },
          );
        }
      }
    } else {
      for (const p of primaries.filter((x) => x.databases.some((d) => dbs.some((y) => y.id === d.database)))) regionRefs.push({ kind: 'terraform', stack: stackOf(p), type: 'aws_backup_plan' });
    }
    out.push({ section: 'rpo', claim: `${row.dataClass}: region loss ${row.regionLossSeconds}s (${row.regionLossMechanism})`, refs: regionRefs });
  }

  // --- Residency: where each copy of resident data lives --------------------------------------
  for (const row of plan.reports.residency) {
    const [cloud, location] = row.location.split(':');
    const r = plan.regions.find((x) => x.cloud === cloud && x.location === location);
    const refs: LedgerRef[] = [];
    if (row.kind === 'backup-copy') {
      // Copies are made by the source region's backup plan (copy actions to this location).
      for (const p of primaries.filter((x) => x.backup.copyTo.includes(location))) refs.push({ kind: 'terraform', stack: stackOf(p), type: 'aws_backup_plan' });
    } else if (r) {
      const name = row.what.split(' ')[0];
      refs.push({ kind: 'terraform', stack: stackOf(r), type: DB_TYPE[r.cloud], ...(r.cloud === 'aws' ? { equals: { cluster_identifier: name } } : { contains: { name } }) });
    }
    if (refs.length === 0) refs.push({ kind: 'not-delivered', reason: `no generated resource at ${row.location}` });
    out.push({ section: 'residency', claim: `${row.dataClass} (${row.jurisdiction}): ${row.kind} ${row.what} at ${row.location}`, refs });
  }

  // --- Availability: the instances each figure counts ------------------------------------------
  for (const row of plan.reports.availability) {
    const tier = plan.tiers.find((t) => t.id === plan.services.find((s) => s.id === row.service)!.tier)!;
    out.push({
      section: 'availability',
      claim: `${row.service} in ${row.region}: ${row.instances} instances`,
      refs: [
        { kind: 'kubernetes', cluster: row.region, apiKind: 'Deployment', name: row.service, namespace: tier.namespace },
        { kind: 'kubernetes', cluster: row.region, apiKind: 'PodDisruptionBudget', name: row.service, namespace: tier.namespace },
      ],
    });
  }
  return out;
}
