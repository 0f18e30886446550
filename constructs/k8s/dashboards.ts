/**
 * `03-dashboards.yaml`: Grafana dashboards as ConfigMaps in `monitoring`, labelled
 * `grafana_dashboard: "1"` for the Grafana sidecar.
 *
 *   status          public status board: uptime, latency of the public services, orders/s, volume
 *   infrastructure  nodes per pool, pod readiness, replicas vs N, restarts, HPA headroom
 *   dependencies    the call graph and data stores from the plan, with per-service RED panels
 *   cost            the plan's monthly cost rows for the region, requested capacity, scale-out
 *
 * Panel ids are assigned in construction order (1, 2, ...), so they are stable for a given plan;
 * the dashboard uid is derived from plan name, region and board.
 */
import { k8s } from 'cdk8s-plus-27';
import type { WorkloadPlan } from '../../synth/model/index';
import { ADDONS, commonLabels, digest, FILE, metricFamily, SERIES } from './conventions';
import type { ClusterContext } from './context';

const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };
const GRID_WIDTH = 24;

interface Target {
  readonly expr: string;
  readonly legendFormat?: string;
}

/** A Grafana dashboard under construction: sequential panel ids, left-to-right/top-down layout. */
export class Board {
  private readonly panels: Record<string, unknown>[] = [];
  private nextId = 1;
  private x = 0;
  private y = 0;
  private rowHeight = 0;

  constructor(
    private readonly uid: string,
    private readonly title: string,
    private readonly tags: readonly string[],
  ) {}

  row(title: string): this {
    this.newLine();
    this.panels.push({ id: this.nextId++, type: 'row', title, collapsed: false, gridPos: { h: 1, w: GRID_WIDTH, x: 0, y: this.y }, panels: [] });
    this.y += 1;
    return this;
  }

  timeseries(title: string, unit: string, targets: readonly Target[], w = 12, h = 8): this {
    return this.place(w, h, {
      type: 'timeseries',
      title,
      datasource: DATASOURCE,
      targets: targets.map((t, i) => ({ refId: refId(i), datasource: DATASOURCE, expr: t.expr, legendFormat: t.legendFormat ?? '__auto' })),
      fieldConfig: { defaults: { unit }, overrides: [] },
      options: { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'none' } },
    });
  }

  stat(title: string, unit: string, target: Target, thresholds: { color: string; value: number | null }[], w = 6, h = 5): this {
    return this.place(w, h, {
      type: 'stat',
      title,
      datasource: DATASOURCE,
      targets: [{ refId: 'A', datasource: DATASOURCE, expr: target.expr, legendFormat: target.legendFormat ?? '__auto', instant: true }],
      fieldConfig: { defaults: { unit, decimals: 3, thresholds: { mode: 'absolute', steps: thresholds } }, overrides: [] },
      options: { colorMode: 'background', graphMode: 'none', justifyMode: 'auto', reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false } },
    });
  }

  text(title: string, markdown: string, w = GRID_WIDTH, h = 10): this {
    return this.place(w, h, { type: 'text', title, options: { mode: 'markdown', content: markdown } });
  }

  toJson(): Record<string, unknown> {
    return {
      uid: this.uid,
      title: this.title,
      tags: [...this.tags],
      timezone: 'utc',
      editable: false,
      graphTooltip: 1,
      schemaVersion: 39,
      version: 1,
      refresh: '30s',
      time: { from: 'now-6h', to: 'now' },
      annotations: { list: [] },
      templating: {
        list: [{ name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus', hide: 0, current: {}, options: [], refresh: 1 }],
      },
      panels: this.panels,
    };
  }

  private place(w: number, h: number, panel: Record<string, unknown>): this {
    if (this.x + w > GRID_WIDTH) this.newLine();
    this.panels.push({ id: this.nextId++, ...panel, gridPos: { h, w, x: this.x, y: this.y } });
    this.x += w;
    this.rowHeight = Math.max(this.rowHeight, h);
    return this;
  }

  private newLine(): void {
    if (this.x === 0) return;
    this.y += this.rowHeight;
    this.x = 0;
    this.rowHeight = 0;
  }
}

const refId = (i: number): string => String.fromCharCode(65 + (i % 26)) + (i >= 26 ? String(Math.floor(i / 26)) : '');

/** Grafana uids are at most 40 characters. */
const uid = (s: string): string => (s.length <= 40 ? s : `${s.slice(0, 31)}-${digest(s, 8)}`);

const sel = (w: WorkloadPlan): string => `namespace="${w.namespace}",service="${w.service}"`;

function requestRate(w: WorkloadPlan): string {
  return `sum(rate(${SERIES[metricFamily(w.protocol)].requests}{${sel(w)}}[5m]))`;
}
function errorRatio(w: WorkloadPlan, range: string): string {
  const f = SERIES[metricFamily(w.protocol)];
  return `sum(rate(${f.requests}{${sel(w)},${f.errorMatcher}}[${range}])) / sum(rate(${f.requests}{${sel(w)}}[${range}]))`;
}
function p99Ms(w: WorkloadPlan): string {
  return `1000 * histogram_quantile(0.99, sum by (le) (rate(${SERIES[metricFamily(w.protocol)].durationBucket}{${sel(w)}}[5m])))`;
}

/** kube-state-metrics exposes node label `a.b/c` as `label_a_b_c` (when allow-listed). */
const ksmLabel = (key: string): string => `label_${key.replace(/[^A-Za-z0-9_]/g, '_')}`;

export function buildDashboards(ctx: ClusterContext): Record<string, Record<string, unknown>> {
  const { plan, region } = ctx;
  const ws = region.workloads;
  const prefix = `${plan.name}-${region.id}`;
  const title = (t: string) => `${plan.name} ${region.id}: ${t}`;
  const namespaces = [...new Set(ws.map((w) => w.namespace))].sort();
  const nsRe = `namespace=~"${namespaces.join('|')}"`;
  const slo = plan.observability.slo;

  // --- public status board
  const status = new Board(uid(`${prefix}-status`), title('status'), [plan.name, 'public', region.id]);
  status.row('Uptime');
  for (const w of ws.filter((x) => x.public)) {
    status.stat(`${w.service} availability`, 'percentunit', { expr: `1 - (${errorRatio(w, '$__range')})` }, [
      { color: 'red', value: null },
      { color: 'green', value: slo },
    ]);
  }
  status.row('Latency');
  status.timeseries('p99 latency (public services)', 'ms', ws.filter((x) => x.public).map((w) => ({ expr: p99Ms(w), legendFormat: w.service })), 24);
  // Throughput per tier, in the spec's own vocabulary (its tiers and services).
  status.row('Throughput by tier');
  for (const tier of plan.tiers.filter((t) => ws.some((w) => w.tier === t.id))) {
    status.timeseries(`${tier.id}: requests per second`, 'reqps', ws.filter((w) => w.tier === tier.id).map((w) => ({ expr: `sum(rate(${SERIES[metricFamily(w.protocol)].requests}{${sel(w)}}[1m]))`, legendFormat: w.service })));
  }

  // --- infrastructure health
  const poolKeys = [...new Set(region.cluster.nodePools.flatMap((p) => Object.keys(p.labels)))].sort();
  const infra = new Board(uid(`${prefix}-infra`), title('infrastructure health'), [plan.name, 'internal', region.id]);
  infra.row('Nodes');
  for (const key of poolKeys) {
    infra.timeseries(`Nodes by ${key}`, 'short', [{ expr: `count by (${ksmLabel(key)}) (kube_node_labels{${ksmLabel(key)}!=""})`, legendFormat: `{{${ksmLabel(key)}}}` }]);
  }
  infra.timeseries('Node CPU utilisation', 'percentunit', [{ expr: '1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m]))', legendFormat: '{{instance}}' }]);
  infra.timeseries('Pods not ready', 'short', [{ expr: `sum by (namespace) (kube_pod_status_ready{condition="false",${nsRe}})`, legendFormat: '{{namespace}}' }]);
  infra.timeseries('Container restarts (1h)', 'short', [
    { expr: `sum by (namespace, pod) (increase(kube_pod_container_status_restarts_total{${nsRe}}[1h]))`, legendFormat: '{{namespace}}/{{pod}}' },
  ]);
  infra.row('Workloads: available replicas vs N');
  for (const w of ws) {
    infra.timeseries(`${w.service} (${w.mode}, N = ${w.n})`, 'short', [
      { expr: `${SERIES.availableReplicas}{namespace="${w.namespace}",deployment="${w.service}"}`, legendFormat: 'available' },
      { expr: `kube_deployment_spec_replicas{namespace="${w.namespace}",deployment="${w.service}"}`, legendFormat: 'desired' },
      { expr: `vector(${w.n})`, legendFormat: 'N' },
    ], 8, 6);
  }

  // --- service dependencies
  const deps = new Board(uid(`${prefix}-deps`), title('service dependencies'), [plan.name, 'internal', region.id]);
  const rows = ws.map((w) => {
    const stores = [...new Set(w.endpoints.map((e) => `${e.kind} ${e.id}`))];
    return `| ${w.service} | ${w.namespace} | ${w.callsServices.join(', ') || '-'} | ${w.calledBy.map((c) => c.service).join(', ') || (w.public ? 'ingress' : '-')} | ${stores.join(', ') || '-'} |`;
  });
  deps.text('Call graph (from the plan)', ['| service | namespace | calls | called by | data stores |', '|---|---|---|---|---|', ...rows].join('\n'), 24, 3 + ws.length);
  for (const w of ws) {
    deps.row(`${w.service}${w.callsServices.length ? ` -> ${w.callsServices.join(', ')}` : ''}`);
    deps.timeseries('Request rate', 'reqps', [{ expr: requestRate(w), legendFormat: w.service }], 8, 6);
    deps.timeseries('Error ratio', 'percentunit', [{ expr: errorRatio(w, '5m'), legendFormat: w.service }], 8, 6);
    deps.timeseries('p99 latency', 'ms', [{ expr: p99Ms(w), legendFormat: w.service }], 8, 6);
    for (const cache of [...new Set(w.endpoints.filter((e) => e.kind === 'cache').map((e) => e.id))]) {
      deps.timeseries(`Cache ${cache} hit ratio`, 'percentunit', [
        {
          expr: `sum(rate(${SERIES.cacheRequests}{${sel(w)},cache="${cache}",result="hit"}[5m])) / sum(rate(${SERIES.cacheRequests}{${sel(w)},cache="${cache}"}[5m]))`,
          legendFormat: cache,
        },
      ], 8, 6);
    }
    for (const db of [...new Set(w.endpoints.filter((e) => e.kind === 'database').map((e) => e.id))]) {
      deps.timeseries(`Database ${db} p99 query time`, 'ms', [
        { expr: `1000 * histogram_quantile(0.99, sum by (le) (rate(${SERIES.dbQueryBucket}{${sel(w)},database="${db}"}[5m])))`, legendFormat: db },
      ], 8, 6);
    }
  }

  // --- cost
  const cost = new Board(uid(`${prefix}-cost`), title('cost'), [plan.name, 'internal', region.id]);
  const report = plan.reports.cost;
  const costRows = report.monthly.filter((r) => r.region === region.id);
  const money = (n: number) => n.toFixed(2);
  const total = report.byRegion[region.id] ?? 0;
  cost.text(
    `Planned monthly cost (${report.currency}, prices of ${report.priceTableDate})`,
    [
      '| item | pool | units | per unit | monthly | all on-demand |',
      '|---|---|---:|---:|---:|---:|',
      ...costRows.map((r) => `| ${r.item} | ${r.pool ?? '-'} | ${r.units} | ${money(r.unitMonthly)} | ${money(r.monthly)} | ${money(r.onDemandMonthly)} |`),
      `| **total** | | | | **${money(total)}** | |`,
    ].join('\n'),
    24,
    4 + costRows.length,
  );
  for (const key of poolKeys) {
    cost.timeseries(`Nodes by ${key}`, 'short', [{ expr: `count by (${ksmLabel(key)}) (kube_node_labels{${ksmLabel(key)}!=""})`, legendFormat: `{{${ksmLabel(key)}}}` }]);
  }
  cost.timeseries('Requested CPU cores by namespace', 'short', [
    { expr: `sum by (namespace) (kube_pod_container_resource_requests{resource="cpu",${nsRe}})`, legendFormat: '{{namespace}}' },
  ]);
  cost.timeseries('Replicas above the autoscaling minimum', 'short', [
    {
      expr: `sum by (namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_status_current_replicas{${nsRe}} - kube_horizontalpodautoscaler_spec_min_replicas{${nsRe}})`,
      legendFormat: '{{namespace}}/{{horizontalpodautoscaler}}',
    },
  ]);

  return { status: status.toJson(), infrastructure: infra.toJson(), dependencies: deps.toJson(), cost: cost.toJson() };
}

export function addDashboards(ctx: ClusterContext): void {
  const scope = ctx.file(FILE.dashboards);
  for (const [board, json] of Object.entries(buildDashboards(ctx))) {
    new k8s.KubeConfigMap(scope, `dashboard-${board}`, {
      metadata: {
        name: `${ctx.plan.name}-dashboard-${board}`,
        namespace: ADDONS.monitoringNamespace,
        labels: { ...commonLabels(ctx.plan), [ADDONS.grafanaDashboardLabel]: '1' },
        // Grafana's own `${...}` variables are not the GitOps agent's to substitute.
        ...(ctx.agent.flux ? { annotations: { ...ctx.agent.flux.noSubstitution } } : {}),
      },
      data: { [`${ctx.plan.name}-${ctx.region.id}-${board}.json`]: JSON.stringify(json, null, 2) + '\n' },
    });
  }
}
