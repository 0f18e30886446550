/**
 * Stage 4, plan: a pure function from the normalized spec (and the built-in catalog) to the Plan, a plain
 * data model holding every decision. One file per concern; this one only chains them:
 *
 *   context   shared look-ups and names        tiers     namespaces, priorities
 *   services  replicas, autoscaling max         data      databases, caches
 *   backups   rules, copy locations             regions   placement, layout, stores, workloads, pools
 *   storage   managed PostgreSQL size limits    traffic   DNS records, health checks, anycast
 *   edge      POPs, CDN, latency                stacks    Terraform stacks and waves
 *   proofs    RTO, RPO, availability, residency cost     cost report
 */
import type { NormalizedSpec, Plan } from '../model/index';
import type { Diagnostic } from '../util/errors';
import { planBackups } from './backups';
import { planBootstrap } from './bootstrap';
import { createContext } from './context';
import { costReport } from './cost';
import { planCaches, planDatabases } from './data';
import { planEdge } from './edge';
import { planInterconnects } from './interconnect';
import { planReplication } from './replication';
import { planLimits } from './limits';
import { agentStackDependencies, planGitOpsAgents } from './gitops';
import { planEksAddons } from './cluster-addons';
import { indexIdentitiesByRegion, planIdentities } from './identity';
import { planDatabaseRoles } from './database-roles';
import { planOperatorAccess } from './operator-access';
import { planAddons } from './addons';
import { planGcpProjects } from './cloud-prerequisites';
import { planCdnEntry, planEntryPoints } from './entry-points';
import { baseInstances } from './formulas';
import { proofs } from './proofs';
import { planRegions } from './regions';
import { planRestoreSites } from './restore';
import { capacityRows, projectionReport, storageRows } from './reports';
import { planQuotas } from './quotas';
import { deployedSpec } from './renames';
import { planServices } from './services';
import { planStacks } from './stacks';
import { checkStorageLimits } from './storage';
import { planTiers } from './tiers';
import { planTraffic } from './traffic';
import { planAlerting } from './alerting';

export interface PlanResult {
  readonly plan: Plan;
  /** Failed proofs (errors) and planning warnings, located by spec path. */
  readonly diagnostics: readonly Diagnostic[];
}

export function plan(input: NormalizedSpec): PlanResult {
  const { spec, renames } = deployedSpec(input);
  const diagnostics: Diagnostic[] = [];
  const ctx = createContext(spec, diagnostics);
  const tiers = planTiers(ctx);
  const services = planServices(ctx);
  const databases = planDatabases(ctx);
  const caches = planCaches(ctx, services);
  const { rules, regionCopyTo, dataClasses } = planBackups(ctx, databases);
  const regions = planRegions(ctx, { tiers, services, databases, caches, rules, regionCopyTo });
  const storageWarnings = checkStorageLimits(ctx, regions, databases);
  const { edge, latency } = planEdge(ctx, regions);
  const interconnects = planInterconnects(ctx, regions);
  const restoreSites = planRestoreSites(ctx, regions, tiers, services);
  // Every cluster: the regions' and the restore sites' (their cluster view, RestoreSitePlan.region).
  const clusters = [...regions, ...restoreSites.map((s) => s.region)];
  const gitopsAgents = planGitOpsAgents(ctx, clusters);
  const entryPoints = planEntryPoints(ctx, clusters);
  const projects = new Map(spec.regions.flatMap((r) => (r.project ? [[r.id, r.project] as const] : [])));
  const identities = planIdentities(regions, projects, spec.name);
  const replication = planReplication(ctx, regions, databases, interconnects);
  const operatorAccess = planOperatorAccess(ctx, clusters);
  const quotas = planQuotas(ctx, regions, new Map(entryPoints.filter((e) => e.cloud === 'aws').map((e) => [e.region, { listeners: e.listeners.length, certificates: e.listeners.length }])), projects, restoreSites);
  const alerting = planAlerting(ctx, regions, entryPoints, restoreSites.map((s) => s.region));
  const traffic = planTraffic(ctx, services, regions, entryPoints, restoreSites.map((s) => s.region));
  const platformAddons = planAddons(ctx, clusters, tiers, gitopsAgents);

  const planWithoutReports = {
    name: spec.name,
    labelDomain: ctx.labelDomain,
    environment: spec.environment,
    dns: spec.dns,
    backend: spec.backend,
    gitops: spec.gitops,
    tags: ctx.tags,
    tiers,
    regions,
    services,
    databases,
    caches,
    backups: { rules, copies: spec.backups.copies, dataClasses },
    traffic: { ...traffic, records: [...traffic.records, ...alerting.probeRecords] },
    edge,
    observability: {
      scrapeIntervalSeconds: spec.observability.scrapeIntervalSeconds,
      slowQueryMs: Math.round(spec.observability.slowQuerySeconds * 1000),
      queryP95Ms: Math.round(spec.observability.queryP95Seconds * 1000),
      cacheHitRatio: spec.observability.cacheHitRatio,
      alertRoutes: spec.observability.alerts,
      slo: spec.availability.slo,
    },
    stacks: planStacks(regions, interconnects, agentStackDependencies(gitopsAgents), restoreSites),
    interconnects,
    restoreSites,
    replication,
    bootstrap: planBootstrap(ctx),
    quotas,
    limits: planLimits(),
    ...(renames.length ? { renames } : {}),
    gitopsAgents,
    eksAddons: planEksAddons(clusters),
    identities,
    identitiesByRegion: indexIdentitiesByRegion(identities),
    operatorAccess,
    addons: platformAddons.addons,
    controllerIdentities: platformAddons.controllerIdentities,
    databaseRoles: planDatabaseRoles(regions, identities, replication, projects, spec.name),
    gcpProjects: planGcpProjects(regions, gitopsAgents, projects, new Set(quotas.filter((q) => q.mechanism === 'google_cloud_quotas_quota_preference').map((q) => q.region)), new Set(operatorAccess.filter((o) => o.cloud === 'gcp' && o.principal).map((o) => o.region))),
    entryPoints,
    cdnEntry: planCdnEntry(ctx, entryPoints),
    alerting,
  };

  const proof = proofs(spec, planWithoutReports);
  diagnostics.push(...proof.diagnostics);
  const cost = costReport(spec, regions, planWithoutReports);
  const result: Plan = {
    ...planWithoutReports,
    reports: {
      capacity: capacityRows(regions),
      projection: projectionReport(ctx),
      storage: storageRows(databases),
      availability: proof.availability,
      rto: proof.rto,
      rpo: proof.rpo,
      residency: proof.residency,
      cost: cost.report,
      latency,
      warnings: [...proof.warnings, ...cost.warnings, ...storageWarnings],
    },
  };
  return { plan: result, diagnostics };
}

/** Exposed for tests: N for a service. */
export { baseInstances };
