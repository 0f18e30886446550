/** ServiceMonitors, PrometheusRules, alert routing and dashboards (the Argo CD Applications: gitops.test.ts). */
import { find, get, reference, regionObjects, workloadRows } from './fixtures';

const { plan, files } = reference();
const rows = workloadRows(plan);
const regionsWithWorkloads = plan.regions.filter((r) => r.workloads.length > 0);
const objectsOf = (region: string) => regionObjects(files, region);
const rulesOf = (region: string, ns: string, service: string): any[] =>
  get(objectsOf(region), 'PrometheusRule', service, ns).spec.groups.flatMap((g: any) => g.rules);

describe('ServiceMonitor', () => {
  test.each(rows)('%s/%s: scrapes the metrics port at the plan interval', (region, _s, _r, w) => {
    const objs = objectsOf(region);
    const sm = get(objs, 'ServiceMonitor', w.service, w.namespace);
    expect(sm.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': w.service } });
    expect(sm.spec.endpoints).toHaveLength(1);
    expect(sm.spec.endpoints[0].interval).toBe(`${plan.observability.scrapeIntervalSeconds}s`);
    // the scraped port exists on the Service the monitor selects
    const svc = get(objs, 'Service', w.service, w.namespace);
    expect(svc.spec.ports.map((p: any) => p.name)).toContain(sm.spec.endpoints[0].port);
  });
});

describe('PrometheusRule', () => {
  test.each(rows)('%s/%s: alerts carry a severity and the workload labels', (region, _s, _r, w) => {
    for (const rule of rulesOf(region, w.namespace, w.service)) {
      expect(['critical', 'warning', 'info']).toContain(rule.labels.severity);
      expect(rule.labels).toMatchObject({ service: w.service, tier: w.tier, region });
      expect(rule.expr).toContain(w.namespace);
    }
  });

  test.each(rows)('%s/%s: SLO burn alerts use the error budget of plan.observability.slo', (region, _s, _r, w) => {
    const rules = rulesOf(region, w.namespace, w.service);
    const budget = 1 - plan.observability.slo;
    const fast = rules.find((r) => r.alert.endsWith('ErrorBudgetFastBurn'));
    const slow = rules.find((r) => r.alert.endsWith('ErrorBudgetSlowBurn'));
    expect(fast.labels.severity).toBe('critical');
    expect(slow.labels.severity).toBe('warning');
    const thresholds = (expr: string) => [...expr.matchAll(/\) > ([0-9.e-]+)/g)].map((m) => Number(m[1]));
    for (const t of [...thresholds(fast.expr), ...thresholds(slow.expr)]) {
      // a burn-rate multiple of the budget
      expect(t / budget).toBeGreaterThan(1);
    }
    expect(thresholds(fast.expr)[0]).toBeGreaterThan(thresholds(slow.expr)[0]);
  });

  test.each(rows)('%s/%s: replicas-under-N, latency and queue alerts follow the plan', (region, _s, _r, w) => {
    const rules = rulesOf(region, w.namespace, w.service);
    const byName = (suffix: string) => rules.find((r) => r.alert.endsWith(suffix));
    const replicas = byName('ReplicasBelowN');
    if (w.minAvailable === undefined) expect(replicas).toBeUndefined();
    else {
      expect(replicas.labels.severity).toBe('critical');
      expect(replicas.expr).toMatch(new RegExp(`deployment="${w.service}"} < ${w.n}$`));
    }
    const latency = byName('LatencyHigh');
    if (w.autoscaling?.latencyMs === undefined) expect(latency).toBeUndefined();
    else expect(latency.expr).toMatch(new RegExp(` > ${w.autoscaling.latencyMs}$`));
    const queue = byName('QueueDepthHigh');
    if (!w.autoscaling) expect(queue).toBeUndefined();
    else expect(queue.expr).toMatch(new RegExp(` > ${w.autoscaling.queueDepth}$`));
  });

  test.each(rows)('%s/%s: cache hit ratio and slow query alerts for the data stores used', (region, _s, _r, w) => {
    const rules = rulesOf(region, w.namespace, w.service);
    const caches = [...new Set(w.endpoints.filter((e) => e.kind === 'cache').map((e) => e.id))];
    const dbs = [...new Set(w.endpoints.filter((e) => e.kind === 'database').map((e) => e.id))];
    const cacheRules = rules.filter((r) => r.alert.includes('CacheHitRatioLow'));
    const dbRules = rules.filter((r) => r.alert.includes('SlowQueries'));
    expect(cacheRules).toHaveLength(caches.length);
    expect(dbRules).toHaveLength(dbs.length);
    caches.forEach((c, i) => {
      expect(cacheRules[i].expr).toContain(`cache="${c}"`);
      expect(cacheRules[i].expr).toMatch(new RegExp(` < ${plan.observability.cacheHitRatio}$`));
    });
    dbs.forEach((db, i) => {
      const slow = plan.databases.find((d) => d.id === db)!.slowQueryMs;
      expect(dbRules[i].expr).toContain(`database="${db}"`);
      expect(dbRules[i].expr).toMatch(new RegExp(` > ${slow}$`));
    });
  });

  test('every severity is used somewhere in the reference plan', () => {
    const severities = new Set(rows.flatMap(([region, , , w]) => rulesOf(region, w.namespace, w.service).map((r) => r.labels.severity)));
    expect([...severities].sort()).toEqual(['critical', 'info', 'warning']);
  });
});

describe('AlertmanagerConfig', () => {
  test.each(regionsWithWorkloads.map((r) => [r.id]))('%s: routes each severity to the plan route', (region) => {
    const amc = find(objectsOf(region), 'AlertmanagerConfig', `${plan.name}-alert-routing`, 'monitoring')!;
    const routes = plan.observability.alertRoutes;
    // after the dead-man's switch (first, no continue: test/constructs/k8s/alerting.test.ts), one route per severity
    expect(amc.spec.route.routes.slice(1)).toEqual(
      (['critical', 'warning', 'info'] as const).map((s) => ({ receiver: routes[s], matchers: [{ name: 'severity', matchType: '=', value: s }] })),
    );
    const receivers = amc.spec.receivers.map((r: any) => r.name);
    for (const r of [amc.spec.route.receiver, ...amc.spec.route.routes.map((x: any) => x.receiver)]) expect(receivers).toContain(r);
    // no credential in the output: every integration reads it from a Secret (key reference, never a value)
    const text = JSON.stringify(amc.spec.receivers);
    expect(text).not.toMatch(/https?:\/\//);
    for (const r of amc.spec.receivers) for (const [k, cfgs] of Object.entries(r)) if (k !== 'name') for (const c of cfgs as any[]) {
      const refs = ['routingKey', 'apiURL', 'urlSecret', 'authPassword'].filter((f) => c[f] !== undefined);
      expect(refs).toHaveLength(1);
      expect(Object.keys(c[refs[0]]).sort()).toEqual(['key', 'name']);
    }
  });
});

describe('dashboards', () => {
  test.each(regionsWithWorkloads.map((r) => [r.id, r]))('%s: valid Grafana JSON with unique, sequential panel ids', (region, r) => {
    const cms = objectsOf(region).filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1');
    expect(cms.map((c) => c.metadata.name).sort()).toEqual(
      ['cost', 'dependencies', 'infrastructure', 'status'].map((b) => `${plan.name}-dashboard-${b}`),
    );
    const uids = new Set<string>();
    for (const cm of cms) {
      expect(cm.metadata.namespace).toBe('monitoring');
      const [key, text] = Object.entries(cm.data!)[0];
      expect(key).toMatch(/\.json$/);
      const d = JSON.parse(text);
      expect(d.uid.length).toBeLessThanOrEqual(40);
      uids.add(d.uid);
      expect(d.schemaVersion).toEqual(expect.any(Number));
      const ids = d.panels.map((p: any) => p.id);
      expect(ids).toEqual(ids.map((_: unknown, i: number) => i + 1));
      for (const p of d.panels) {
        expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
        for (const t of p.targets ?? []) expect(t.expr).toEqual(expect.any(String));
      }
    }
    expect(uids.size).toBe(cms.length);
    // the public board covers every public workload
    const status = JSON.parse(Object.values(get(objectsOf(region), 'ConfigMap', `${plan.name}-dashboard-status`, 'monitoring').data!)[0]);
    const titles = status.panels.map((p: any) => p.title);
    for (const w of r.workloads.filter((x) => x.public)) expect(titles).toContain(`${w.service} availability`);
    // throughput in the spec's vocabulary: one panel per tier running here, one query per service of the tier
    const tiersHere = plan.tiers.filter((t) => r.workloads.some((w) => w.tier === t.id));
    for (const t of tiersHere) {
      const panel = status.panels.find((p: any) => p.title === `${t.id}: requests per second`);
      expect(panel.targets.map((x: any) => x.legendFormat).sort()).toEqual(r.workloads.filter((w) => w.tier === t.id).map((w) => w.service).sort());
    }
    expect(JSON.stringify(status)).not.toMatch(/orders_total|trade_volume_total|Trading/);
  });
});
