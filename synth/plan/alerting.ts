/**
 * Alerting of every cluster (day one): where alerts go, how their credentials arrive, and who notices the
 * loss of a whole region.
 *
 * - Receivers: one per distinct route of `observability.alerts` (delivering as its `via` says) plus the
 *   heartbeat. Each credential (PagerDuty routing key, Slack / webhook URL, SMTP password, heartbeat URL)
 *   lives in a secret container of the region's cloud secret store (created empty by the region's stack;
 *   dist/terraform/README.md gives the command that sets each value) and reaches the cluster as a Kubernetes
 *   Secret through an ExternalSecret of the `platform-secrets` ClusterSecretStore. Every region holds its own
 *   copy, so no cluster's alerting depends on another region.
 * - Dead-man's switch: every cluster fires `Watchdog` always; Alertmanager sends it to the heartbeat
 *   receiver every minute, and the heartbeat service (one check per cluster) pages when it stops: a silent
 *   Prometheus, Alertmanager or region pages.
 * - Region loss: every cluster probes the public entry points of every other region (blackbox exporter,
 *   one Probe per running public service) and evaluates `RegionDown<Region>` when all of a region's probes
 *   fail, so the loss of any one region is seen by every survivor. A primary's `<service>.<region>.<zone>`
 *   follows Route 53 failover, so the probes use a name that resolves only to the primary's entry point
 *   (`<service>.<region>.probe.<zone>`, a simple record) with the certificate's name as TLS server name.
 *   A region with no running public service, or without another cluster, is covered by its heartbeat only
 *   (the plan says so per region).
 */
import { BLACKBOX_EXPORTER } from '../catalog/alerting';
import type { AlertingPlan, AlertReceiverPlan, ClusterAlertingPlan, DnsRecordPlan, EntryPointPlan, ReceiverKind, RegionLossDetectionPlan, RegionPlan, RegionProbePlan, SecretBackend } from '../model/index';
import type { Cloud } from '../model/index';
import { pascalCase } from '../util/names';
import * as C from './constants';
import type { PlanContext } from './context';
import { regionalHost } from './entry-points';
import { addonPriorityClass } from './addons';
import { planInvariant } from './invariant';
import { externalSecretsAccount, gcpSecretId, SECRET_STORE, secretVaultName } from './secret-store';
import { compareText } from '../util/order';

/** DNS label of the probe names: `<service>.<region>.probe.<zone>` resolves only to that region's entry point. */
export const PROBE_LABEL = 'probe';
export const probeHost = (zone: string, service: string, region: string): string => `${service}.${region}.${PROBE_LABEL}.${zone}`;

const SEVERITIES = ['critical', 'warning', 'info'] as const;
const BACKEND: Readonly<Record<Cloud, SecretBackend>> = { aws: 'aws-secrets-manager', gcp: 'gcp-secret-manager', azure: 'azure-key-vault' };
const SECRET_KEY: Readonly<Record<ReceiverKind, string>> = { pagerduty: 'routingKey', slack: 'apiURL', webhook: 'url', email: 'password', heartbeat: 'url' };

/** `Sre_Pager.1` -> `sre-pager-1`: the receiver's part of secret names (the rule alert-route-conflict keeps it unique). */
export const receiverSlug = (route: string): string => route.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');

export { secretVaultName } from './secret-store';

/** The secret container's name (the ExternalSecret's remote key) in the region's cloud store. */
export function remoteKey(cloud: Cloud, platform: string, region: string, slug: string): string {
  if (cloud === 'aws') return `${platform}/${region}/alertmanager/${slug}`;
  if (cloud === 'gcp') return gcpSecretId(platform, region, `alertmanager-${slug}`); // the prefix External Secrets may read
  return `alertmanager-${slug}`; // one vault per region
}

export const regionDownAlert = (region: string): string => `RegionDown${pascalCase(region)}`;
export const regionProbesAbsentAlert = (region: string): string => `RegionProbesAbsent${pascalCase(region)}`;

/**
 * `sites`: the restore sites' cluster views. Once restored they alert like a region (receivers, the watchdog and its
 * heartbeat, whose check stays paused until the restore runbook resumes it); they probe no region (idle until a
 * restore, they would detect nothing), nothing probes them (no entry point), no region-loss detection names them.
 */
export function planAlerting(ctx: PlanContext, regions: readonly RegionPlan[], entryPoints: readonly EntryPointPlan[], sites: readonly RegionPlan[] = []): AlertingPlan {
  const { spec } = ctx;
  const zone = spec.dns.zone;
  const clusters = [...regions, ...sites].filter((r) => r.workloads.length > 0);
  const obs = spec.observability;

  // Probe targets of each region: its entry point's listeners whose workload runs there.
  const targets = new Map<string, { service: string; tier: string; host: string; serverName: string; port: number; health: EntryPointPlan['listeners'][number]['health'] }[]>();
  for (const r of regions) {
    const entry = entryPoints.find((e) => e.region === r.id);
    const list = (entry?.listeners ?? [])
      .filter((l) => {
        const w = r.workloads.find((x) => x.service === l.service);
        return w !== undefined && w.mode !== 'pilot-light' && w.replicas > 0;
      })
      .map((l) => {
        const serverName = regionalHost(zone, l.service, r.id);
        planInvariant(l.hosts.includes(serverName), `services.${l.service}`, `entry point of ${r.id} does not answer ${serverName}`);
        const w = r.workloads.find((x) => x.service === l.service)!;
        return { service: l.service, tier: w.tier, host: r.role === 'failover' ? serverName : probeHost(zone, l.service, r.id), serverName, port: l.port, health: l.health };
      })
      .sort((a, b) => compareText(a.service, b.service));
    targets.set(r.id, list);
  }

  const forSeconds = ctx.interval * ctx.threshold;
  const probeRecords: DnsRecordPlan[] = [];
  for (const r of regions.filter((x) => x.role === 'primary')) {
    if (!clusters.some((c) => c.id !== r.id && !sites.includes(c))) continue; // nobody would probe it (restore sites probe nothing)
    for (const t of targets.get(r.id)!) {
      probeRecords.push({ name: t.host, service: t.service, tier: t.tier, routing: 'simple', region: r.id, target: { kind: 'entry-point', region: r.id }, ttlSeconds: spec.dns.ttlSeconds });
    }
  }

  const routeReceivers = (region: RegionPlan): AlertReceiverPlan[] => {
    const byRoute = new Map<string, { kind: ReceiverKind; severities: ('critical' | 'warning' | 'info')[]; to?: string }>();
    for (const sev of SEVERITIES) {
      const route = obs.alerts[sev];
      const d = obs.delivery[sev];
      const prev = byRoute.get(route);
      if (prev) {
        planInvariant(prev.kind === d.via && prev.to === d.to, `observability.alerts.${sev}`, `route ${route} delivers two ways (the rule alert-route-conflict refuses that)`);
        prev.severities.push(sev);
      } else byRoute.set(route, { kind: d.via, severities: [sev], ...(d.to ? { to: d.to } : {}) });
    }
    const out = [...byRoute].map(([route, r]): AlertReceiverPlan => receiver(region, route, r.kind, r.severities, r.to));
    out.push(receiver(region, C.HEARTBEAT_RECEIVER, 'heartbeat', []));
    return out;
  };
  const receiver = (region: RegionPlan, name: string, kind: ReceiverKind, severities: ('critical' | 'warning' | 'info')[], to?: string): AlertReceiverPlan => {
    const slug = receiverSlug(name);
    const value = {
      pagerduty: 'PagerDuty Events API v2 integration (routing) key',
      slack: 'Slack incoming-webhook URL',
      webhook: 'HTTPS URL of the webhook receiver',
      email: `SMTP credential of ${obs.smtp.from} at ${obs.smtp.smarthost}`,
      heartbeat: `heartbeat ping URL of the check of cluster ${region.cluster.name} (period ${C.HEARTBEAT_REPEAT_SECONDS}s, grace ${C.HEARTBEAT_GRACE_SECONDS}s)`,
    }[kind];
    return {
      name,
      kind,
      severities,
      secret: { name: `alertmanager-${slug}`, key: SECRET_KEY[kind] },
      remoteKey: remoteKey(region.cloud, spec.name, region.id, slug),
      value,
      ...(kind === 'email' ? { email: { to: to!, from: obs.smtp.from, smarthost: obs.smtp.smarthost } } : {}),
    };
  };

  const clusterPlans: ClusterAlertingPlan[] = clusters.map((c) => {
    // A restore site runs nothing until a restore (its pools wait at 0): it probes no region, so no survivor list names it.
    const others = sites.includes(c) ? [] : regions.filter((r) => r.id !== c.id && targets.get(r.id)!.length > 0);
    const probes: RegionProbePlan[] = others.flatMap((r) =>
      targets.get(r.id)!.map((t) => {
        const http = t.health.protocol === 'HTTPS';
        return {
          name: `region-${r.id}-${t.service}`,
          region: r.id,
          service: t.service,
          module: `${r.id}-${t.service}`,
          prober: http ? ('http' as const) : ('tcp' as const),
          target: http ? `https://${t.host}:${t.port}${t.health.path ?? '/'}` : `${t.host}:${t.port}`,
          host: t.host,
          serverName: t.serverName,
          port: t.port,
          ...(http && t.health.path ? { path: t.health.path } : {}),
        };
      }),
    );
    return {
      region: c.id,
      cloud: c.cloud,
      cluster: c.cluster.name,
      namespace: 'monitoring',
      secretStore: {
        name: SECRET_STORE.name,
        backend: BACKEND[c.cloud],
        location: c.location,
        ...(c.cloud === 'azure' ? { vault: secretVaultName(spec.name, c.id) } : {}),
        ...(c.cloud === 'gcp' ? { reader: externalSecretsAccount(c.id) } : {}),
      },
      refreshIntervalSeconds: C.SECRET_REFRESH_SECONDS,
      receivers: routeReceivers(c),
      watchdog: {
        alert: C.WATCHDOG_ALERT,
        rule: 'platform-watchdog',
        receiver: C.HEARTBEAT_RECEIVER,
        repeatIntervalSeconds: C.HEARTBEAT_REPEAT_SECONDS,
        heartbeatPeriodSeconds: C.HEARTBEAT_REPEAT_SECONDS,
        heartbeatGraceSeconds: C.HEARTBEAT_GRACE_SECONDS,
      },
      ...(probes.length
        ? {
            prober: {
              namespace: C.PROBER_NAMESPACE,
              name: C.PROBER_NAME,
              image: `${BLACKBOX_EXPORTER.image}:${BLACKBOX_EXPORTER.version}`,
              port: BLACKBOX_EXPORTER.port,
              replicas: C.PROBER_REPLICAS,
              // an add-on: above every tier, so that workloads never preempt the eyes on the other regions
              priorityClass: addonPriorityClass(spec.name).name,
              priority: addonPriorityClass(spec.name).value,
              probePorts: [...new Set(probes.map((p) => p.port))].sort((a, b) => a - b),
              intervalSeconds: ctx.interval,
              // a probe answers within one health-check interval (Route 53 waits 4 s for its checks)
              timeoutSeconds: Math.min(ctx.interval, C.PROBE_TIMEOUT_SECONDS),
              jobName: C.REGION_PROBE_JOB,
              runAsUser: BLACKBOX_EXPORTER.runAsUser,
              resources: BLACKBOX_EXPORTER.resources,
            },
          }
        : {}),
      probes,
      regionRules: others.map((r) => ({ region: r.id, alert: regionDownAlert(r.id), absentAlert: regionProbesAbsentAlert(r.id), forSeconds, absentForSeconds: C.PROBE_ABSENT_SECONDS })),
      regionRuleName: 'region-loss',
    };
  });

  const regionLoss: RegionLossDetectionPlan[] = regions.map((r) => ({
    region: r.id,
    alert: regionDownAlert(r.id),
    detectedBy: clusterPlans.filter((c) => c.regionRules.some((x) => x.region === r.id)).map((c) => c.region),
    ...(r.workloads.length > 0 ? { heartbeat: r.cluster.name } : {}),
    detectionSeconds: forSeconds,
  }));

  return { clusters: clusterPlans, regionLoss, probeRecords };
}
