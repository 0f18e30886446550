/**
 * The generated alerting rules, checked by Prometheus's own tool:
 *  - `promtool check rules` on every PrometheusRule group of dist/kubernetes (all clusters), one rule file per cluster;
 *  - `promtool test rules` unit tests with input series: the region-down alert fires when every probe of a region
 *    fails (and not while one still succeeds), the prober-broken alert when results are missing, the Watchdog
 *    always, and a service's fast error-budget burn on a 10% error ratio (and not without errors).
 * The rules under test are the generated ones (read from the output), never copies. Skipped when promtool is not on
 * PATH (Debian/Ubuntu: `apt-get install prometheus`).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { referenceKubernetes, referencePlan } from '../../helpers/reference';
import type { K8sObject } from './fixtures';

const PROMTOOL = process.env.PROMTOOL ?? 'promtool';
const available = spawnSync(PROMTOOL, ['--version'], { encoding: 'utf8' }).status === 0;
const suite = available ? describe : describe.skip;
const title = available ? 'promtool' : 'promtool (SKIPPED: promtool not found on PATH; install it with `apt-get install prometheus` or set PROMTOOL)';

function promtool(args: string[], cwd: string): { status: number | null; out: string } {
  const r = spawnSync(PROMTOOL, args, { cwd, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Every PrometheusRule group of one cluster directory of dist/kubernetes. */
function clusterGroups(cluster: string): any[] {
  return [...referenceKubernetes()]
    .filter(([p]) => p.startsWith(`kubernetes/${cluster}/`))
    .flatMap(([, objs]) => objs as K8sObject[])
    .filter((o) => o.kind === 'PrometheusRule')
    .flatMap((o) => o.spec.groups);
}
const clusters = () => [...new Set([...referenceKubernetes().keys()].map((p) => p.split('/')[1]).filter((c) => c !== 'argocd' && c !== 'addons'))].sort();

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promtool-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Writes the cluster's rules and a unit test file; returns promtool's verdict. */
function unitTest(cluster: string, name: string, tests: unknown[], evaluationInterval = '10s') {
  const rules = `${name}-rules.yaml`;
  fs.writeFileSync(path.join(dir, rules), stringify({ groups: clusterGroups(cluster) }));
  fs.writeFileSync(path.join(dir, `${name}-test.yaml`), stringify({ rule_files: [rules], evaluation_interval: evaluationInterval, tests }));
  return promtool(['test', 'rules', `${name}-test.yaml`], dir);
}

const ruleOf = (cluster: string, alert: string) => clusterGroups(cluster).flatMap((g) => g.rules).find((r: any) => r.alert === alert);

suite(title, () => {
  test('GIVEN every cluster of dist/kubernetes WHEN all its PrometheusRule groups are put in one rule file THEN promtool check rules accepts every file', () => {
    const files = clusters().map((c) => {
      const groups = clusterGroups(c);
      expect(groups.length).toBeGreaterThan(0);
      const f = `${c}.rules.yaml`;
      fs.writeFileSync(path.join(dir, f), stringify({ groups }));
      return f;
    });
    expect(files.length).toBe(referencePlan().alerting.clusters.length);
    const r = promtool(['check', 'rules', ...files], dir);
    expect({ status: r.status, out: r.out }).toEqual({ status: 0, out: expect.stringContaining('SUCCESS') });
    expect(r.out).not.toMatch(/FAILED/);
  });

  test('GIVEN a cluster probing another region WHEN every probe of that region fails THEN its region-down alert fires (critical) after its `for`; while one probe still succeeds it does not', () => {
    const plan = referencePlan();
    const c = plan.alerting.clusters.find((x) => x.regionRules.length > 0 && x.probes.filter((p) => p.region === x.regionRules[0].region).length > 1)!;
    const lost = c.regionRules[0];
    const probes = c.probes.filter((p) => p.region === lost.region);
    const job = c.prober!.jobName;
    const series = (service: string, values: string) => ({ series: `probe_success{job="${job}",target_region="${lost.region}",probe_service="${service}"}`, values });
    const rule = ruleOf(c.region, lost.alert);
    expect(rule.labels).toEqual({ severity: 'critical', region: lost.region });
    const r = unitTest(c.region, 'region-down', [
      {
        interval: '10s',
        // up for a minute, then every probe fails
        input_series: probes.map((p) => series(p.service, '1x6 0x60')),
        alert_rule_test: [
          { eval_time: '50s', alertname: lost.alert, exp_alerts: [] },
          { eval_time: '3m', alertname: lost.alert, exp_alerts: [{ exp_labels: rule.labels, exp_annotations: rule.annotations }] },
        ],
      },
      {
        interval: '10s',
        // one service of the region still answers: not a region loss
        input_series: probes.map((p, i) => series(p.service, i === 0 ? '1x60' : '0x60')),
        alert_rule_test: [{ eval_time: '5m', alertname: lost.alert, exp_alerts: [] }],
      },
      {
        interval: '10s',
        // no probe results at all: the prober is broken, which the absent alert says
        input_series: [{ series: 'up{job="unrelated"}', values: '1x100' }],
        alert_rule_test: [
          { eval_time: '5m', alertname: lost.absentAlert, exp_alerts: [] },
          // absent() carries the selector's equality labels
          { eval_time: '11m', alertname: lost.absentAlert, exp_alerts: [{ exp_labels: { ...ruleOf(c.region, lost.absentAlert).labels, job, target_region: lost.region }, exp_annotations: ruleOf(c.region, lost.absentAlert).annotations }] },
        ],
      },
    ]);
    expect({ status: r.status, out: r.out }).toEqual({ status: 0, out: expect.stringContaining('SUCCESS') });
  });

  test.each(clusters().map((c) => [c]))('GIVEN cluster %s WHEN nothing is wrong THEN the Watchdog fires', (cluster) => {
    const a = referencePlan().alerting.clusters.find((x) => x.region === cluster)!;
    const rule = ruleOf(cluster, a.watchdog.alert);
    const r = unitTest(cluster, `watchdog-${cluster}`, [
      { interval: '1m', input_series: [], alert_rule_test: [{ eval_time: '1m', alertname: a.watchdog.alert, exp_alerts: [{ exp_labels: rule.labels, exp_annotations: rule.annotations }] }] },
    ]);
    expect({ status: r.status, out: r.out }).toEqual({ status: 0, out: expect.stringContaining('SUCCESS') });
  });

  test('GIVEN an HTTP service WHEN 10% of its requests fail for over an hour THEN its fast error-budget burn fires (critical); without errors it does not', () => {
    const plan = referencePlan();
    const region = plan.regions.find((r) => r.workloads.some((w) => w.protocol !== 'grpc' && w.mode === 'active'))!;
    const w = region.workloads.find((x) => x.protocol !== 'grpc' && x.mode === 'active')!;
    const rule = ruleOf(region.id, w.alerts.errorBudgetFastBurn);
    // the threshold the rule states is under 10%: 14.4 x the budget of the SLO
    expect(14.4 * (1 - plan.observability.slo)).toBeLessThan(0.1);
    const requests = (code: string, perMinute: number) => ({ series: `http_requests_total{namespace="${w.namespace}",service="${w.service}",code="${code}"}`, values: `0+${perMinute}x90` });
    // humanize writes 0.1 with an SI prefix
    const annotations = { ...rule.annotations, description: rule.annotations.description.replace('{{ $value | humanize }}', '100m') };
    const r = unitTest(
      region.id,
      'fast-burn',
      [
        {
          interval: '1m',
          input_series: [requests('200', 90), requests('500', 10)],
          alert_rule_test: [{ eval_time: '70m', alertname: rule.alert, exp_alerts: [{ exp_labels: rule.labels, exp_annotations: annotations }] }],
        },
        {
          interval: '1m',
          input_series: [requests('200', 100), requests('500', 0)],
          alert_rule_test: [{ eval_time: '70m', alertname: rule.alert, exp_alerts: [] }],
        },
      ],
      '1m',
    );
    expect({ status: r.status, out: r.out }).toEqual({ status: 0, out: expect.stringContaining('SUCCESS') });
  });
});
