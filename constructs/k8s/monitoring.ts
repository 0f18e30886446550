/**
 * Monitoring (prometheus-operator CRDs):
 *  - `<service>.yaml`: ServiceMonitor (scrape interval from the plan) and PrometheusRule with
 *      critical: fast error-budget burn against the SLO; available replicas under N
 *      warning:  slow error-budget burn; p99 latency above latencyMs; queue depth above queueDepth
 *      info:     cache hit ratio under target (services using caches); p99 query time above
 *                slowQueryMs (services using databases)
 *  - `02-monitoring.yaml`: one AlertmanagerConfig routing severity -> the plan's alert routes, each
 *    receiver reading its credential from the Secret of its ExternalSecret (constructs/k8s/alerting.ts),
 *    and the Watchdog (dead-man's switch) to the heartbeat receiver.
 *
 * The AlertmanagerConfig lives in `monitoring` but must see every namespace's alerts: the
 * Alertmanager resource has to reference it as its global configuration
 * (`spec.alertmanagerConfiguration.name`) or use `alertmanagerConfigMatcherStrategy: None`;
 * otherwise the operator confines it to alerts with `namespace="monitoring"`.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { AlertReceiverPlan, WorkloadPlan } from '../../synth/model/index';
import { PlanInvariantError } from '../../synth/util/errors';
import { alertingOf } from './alerting';
import {
  ADDONS,
  ALERTING,
  commonLabels,
  duration,
  FILE,
  METRICS,
  metricFamily,
  num,
  pascal,
  selectorLabels,
  SERIES,
  workloadLabels,
} from './conventions';
import type { ClusterContext } from './context';

export type Severity = 'critical' | 'warning' | 'info';

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

export function addServiceMonitor(ctx: ClusterContext, scope: Construct, w: WorkloadPlan): void {
  new ApiObject(scope, 'service-monitor', {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: w.service, namespace: w.namespace, labels: workloadLabels(ctx.plan, w) },
    spec: {
      selector: { matchLabels: selectorLabels(w) },
      namespaceSelector: { matchNames: [w.namespace] },
      endpoints: [
        {
          port: METRICS.portName,
          path: w.metrics.path,
          scheme: 'http',
          interval: duration(ctx.plan.observability.scrapeIntervalSeconds),
        },
      ],
    },
  });
}

/** The alerting rules of one workload, from the plan. */
export function workloadAlerts(ctx: ClusterContext, w: WorkloadPlan): AlertRule[] {
  const { plan, region } = ctx;
  const obs = plan.observability;
  const name = w.alertPrefix;
  const sel = `namespace="${w.namespace}",service="${w.service}"`;
  const fam = SERIES[metricFamily(w.protocol)];
  const labels = (severity: Severity) => ({ severity, service: w.service, tier: w.tier, region: region.id });
  const rule = (alert: string, severity: Severity, expr: string, forDuration: string, summary: string): AlertRule => ({
    alert,
    expr,
    for: forDuration,
    labels: labels(severity),
    annotations: { summary: `${w.service} (${region.id}): ${summary}`, description: `${summary}. Current value: {{ $value | humanize }}.` },
  });
  const errorRatio = (win: string) =>
    `sum(rate(${fam.requests}{${sel},${fam.errorMatcher}}[${win}])) / sum(rate(${fam.requests}{${sel}}[${win}]))`;
  const budget = 1 - obs.slo;
  const burn = (b: { readonly factor: number; readonly long: string; readonly short: string }) => {
    const threshold = num(b.factor * budget);
    return `(${errorRatio(b.long)}) > ${threshold} and (${errorRatio(b.short)}) > ${threshold}`;
  };
  const p99ms = (bucket: string, extra: string, win: string) =>
    `1000 * histogram_quantile(0.99, sum by (le) (rate(${bucket}{${sel}${extra}}[${win}])))`;

  const out: AlertRule[] = [
    rule(w.alerts.errorBudgetFastBurn, 'critical', burn(ALERTING.fastBurn), ALERTING.fastBurn.for,
      `error budget of the ${num(obs.slo * 100)}% SLO burning ${ALERTING.fastBurn.factor}x too fast`),
    rule(w.alerts.errorBudgetSlowBurn, 'warning', burn(ALERTING.slowBurn), ALERTING.slowBurn.for,
      `error budget of the ${num(obs.slo * 100)}% SLO burning ${ALERTING.slowBurn.factor}x too fast`),
  ];
  if (w.minAvailable !== undefined) {
    out.push(rule(w.alerts.replicasBelowN, 'critical',
      `${SERIES.availableReplicas}{namespace="${w.namespace}",deployment="${w.service}"} < ${w.n}`, ALERTING.replicasFor,
      `fewer than N = ${w.n} available replicas`));
  }
  const a = w.autoscaling;
  if (a?.latencyMs !== undefined) {
    out.push(rule(w.alerts.latencyHigh, 'warning', `${p99ms(fam.durationBucket, '', ALERTING.latencyWindow)} > ${a.latencyMs}`, ALERTING.latencyFor,
      `p99 latency above ${a.latencyMs} ms`));
  }
  if (a) {
    out.push(rule(w.alerts.queueDepthHigh, 'warning', `avg(${SERIES.queueDepth}{${sel}}) > ${a.queueDepth}`, ALERTING.queueFor,
      `average queue depth per pod above ${a.queueDepth}`));
  }
  for (const cache of unique(w.endpoints.filter((e) => e.kind === 'cache').map((e) => e.id))) {
    const win = ALERTING.cacheWindow;
    out.push(rule(`${name}CacheHitRatioLow${pascal(cache)}`, 'info',
      `sum(rate(${SERIES.cacheRequests}{${sel},cache="${cache}",result="hit"}[${win}])) / sum(rate(${SERIES.cacheRequests}{${sel},cache="${cache}"}[${win}])) < ${num(obs.cacheHitRatio)}`,
      ALERTING.cacheFor, `hit ratio of cache ${cache} under ${num(obs.cacheHitRatio * 100)}%`));
  }
  for (const db of unique(w.endpoints.filter((e) => e.kind === 'database').map((e) => e.id))) {
    const slowMs = plan.databases.find((d) => d.id === db)?.slowQueryMs ?? obs.slowQueryMs;
    out.push(rule(`${name}SlowQueries${pascal(db)}`, 'info', `${p99ms(SERIES.dbQueryBucket, `,database="${db}"`, ALERTING.slowQueryWindow)} > ${slowMs}`,
      ALERTING.slowQueryFor, `p99 query time on database ${db} above ${slowMs} ms`));
  }
  return out;
}

export function addPrometheusRule(ctx: ClusterContext, scope: Construct, w: WorkloadPlan): void {
  new ApiObject(scope, 'prometheus-rule', {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: w.service, namespace: w.namespace, labels: workloadLabels(ctx.plan, w) },
    spec: { groups: [{ name: `${w.service}.alerts`, rules: workloadAlerts(ctx, w) }] },
  });
}

export function addAlertRouting(ctx: ClusterContext): void {
  const routes = ctx.plan.observability.alertRoutes;
  const a = alertingOf(ctx);
  const severities: Severity[] = ['critical', 'warning', 'info'];
  const secretRef = (r: AlertReceiverPlan) => ({ name: r.secret.name, key: r.secret.key });
  const hb = a.receivers.find((r) => r.name === a.watchdog.receiver);
  if (!hb) throw new PlanInvariantError('observability', `cluster ${a.cluster}: the Watchdog's receiver ${a.watchdog.receiver} is not planned`);
  new ApiObject(ctx.file(FILE.monitoring), 'alertmanager-config', {
    apiVersion: 'monitoring.coreos.com/v1alpha1',
    kind: 'AlertmanagerConfig',
    metadata: { name: `${ctx.plan.name}-alert-routing`, namespace: ADDONS.monitoringNamespace, labels: commonLabels(ctx.plan) },
    spec: {
      route: {
        // alerts without a known severity go to the least disruptive route
        receiver: routes.info,
        groupBy: [...ALERTING.groupBy],
        routes: [
          // the dead-man's switch first, and only there: re-sent every minute, the heartbeat pages when it stops
          {
            receiver: hb.name,
            matchers: [{ name: 'alertname', matchType: '=', value: a.watchdog.alert }],
            groupWait: '0s',
            groupInterval: duration(a.watchdog.repeatIntervalSeconds),
            repeatInterval: duration(a.watchdog.repeatIntervalSeconds),
            continue: false,
          },
          ...severities.map((s) => ({ receiver: routes[s], matchers: [{ name: 'severity', matchType: '=', value: s }] })),
        ],
      },
      receivers: a.receivers.map((r) => receiverConfig(r, secretRef(r))),
    },
  });
}

/** One Alertmanager receiver; its credential is the Secret its ExternalSecret materialises. */
function receiverConfig(r: AlertReceiverPlan, secret: { name: string; key: string }): Record<string, unknown> {
  switch (r.kind) {
    case 'pagerduty':
      return { name: r.name, pagerdutyConfigs: [{ routingKey: secret, sendResolved: true }] };
    case 'slack':
      return { name: r.name, slackConfigs: [{ apiURL: secret, sendResolved: true, title: '{{ .CommonLabels.alertname }} ({{ .Status }})', text: '{{ range .Alerts }}{{ .Annotations.summary }}\n{{ end }}' }] };
    case 'webhook':
    case 'heartbeat':
      return { name: r.name, webhookConfigs: [{ urlSecret: secret, sendResolved: r.kind === 'webhook' }] };
    case 'email': {
      if (!r.email) throw new PlanInvariantError('observability', `email receiver ${r.name} has no addresses`);
      return { name: r.name, emailConfigs: [{ to: r.email.to, from: r.email.from, smarthost: r.email.smarthost, authUsername: r.email.from, authPassword: secret, requireTLS: true, sendResolved: true }] };
    }
  }
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
