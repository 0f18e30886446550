/** The alerting plan (synth/plan/alerting.ts): who probes whom, through which names, and what a one-region spec falls back to. */
import { readFileSync } from 'fs';
import * as path from 'path';
import { compile } from '../../../synth/compile';
import type { Plan } from '../../../synth/model/index';
import { referencePlan } from '../../helpers/reference';

function companyPlan(name: string): Plan {
  const file = path.join(__dirname, '..', '..', 'fixtures', 'companies', `${name}.spec.yaml`);
  const r = compile(file, readFileSync(file, 'utf8'), 'plan');
  if (!r.plan) throw new Error(r.diagnostics.map((d) => d.code).join(', '));
  return r.plan;
}

describe('region probes', () => {
  const plan = referencePlan();
  const clusters = plan.regions.filter((r) => r.workloads.length > 0).map((r) => r.id);
  const sites = new Set(plan.restoreSites.map((s) => s.region.id));

  test('GIVEN the reference WHEN every cluster plans its probes THEN it probes every other region and never its own; a restore site probes nothing', () => {
    expect(sites.size).toBeGreaterThan(0);
    for (const c of plan.alerting.clusters.filter((x) => sites.has(x.region))) {
      expect(c.probes).toEqual([]);
      expect(c.regionRules).toEqual([]);
      expect(c.prober).toBeUndefined();
    }
    // nothing probes a restore site, and no region-loss detection names it
    expect(plan.alerting.clusters.flatMap((c) => c.probes).filter((p) => sites.has(p.region))).toEqual([]);
    expect(plan.alerting.regionLoss.filter((d) => sites.has(d.region) || d.detectedBy.some((x) => sites.has(x)))).toEqual([]);
    for (const c of plan.alerting.clusters.filter((x) => !sites.has(x.region))) {
      expect(c.probes.some((p) => p.region === c.region)).toBe(false);
      expect(new Set(c.probes.map((p) => p.region))).toEqual(new Set(clusters.filter((x) => x !== c.region)));
    }
  });

  test('GIVEN a primary region WHEN probed THEN through its probe name, a simple record on its own entry point; a failover region through its own simple name', () => {
    const simple = plan.traffic.records.filter((r) => r.routing === 'simple');
    for (const p of plan.alerting.clusters.flatMap((c) => c.probes)) {
      const region = plan.regions.find((r) => r.id === p.region)!;
      expect(p.host).toBe(region.role === 'primary' ? `${p.service}.${p.region}.probe.${plan.dns.zone}` : `${p.service}.${p.region}.${plan.dns.zone}`);
      expect(simple.filter((r) => r.name === p.host).map((r) => r.target)).toEqual([{ kind: 'entry-point', region: p.region }]);
      // the TLS server name is on the region's certificate
      const listener = plan.entryPoints.find((e) => e.region === p.region)!.listeners.find((l) => l.service === p.service)!;
      expect(listener.certificate.domains).toContain(p.serverName);
    }
  });

  test('GIVEN a standby that runs nothing (pilot light) WHEN planned THEN it is never a probe target (it would always fail)', () => {
    for (const p of plan.alerting.clusters.flatMap((c) => c.probes)) {
      const w = plan.regions.find((r) => r.id === p.region)!.workloads.find((x) => x.service === p.service)!;
      expect(w.mode).not.toBe('pilot-light');
      expect(w.replicas).toBeGreaterThan(0);
    }
  });

  test('GIVEN the Route 53 detection time WHEN the region-down alert waits THEN it waits the same (interval x threshold)', () => {
    const hc = plan.traffic.healthCheck;
    for (const d of plan.alerting.regionLoss) expect(d.detectionSeconds).toBe(hc.intervalSeconds * hc.failureThreshold);
  });
});

describe('a one-region spec (notely)', () => {
  const plan = companyPlan('notely');
  test('GIVEN one cluster WHEN its region is lost THEN no survivor probes it and its heartbeat is the only signal', () => {
    // the region's cluster, and its restore site's (idle until a restore: it probes nothing)
    expect(plan.alerting.clusters.map((x) => x.region)).toEqual(['oregon', 'restore-oregon']);
    expect(plan.alerting.clusters[1].probes).toEqual([]);
    const c = plan.alerting.clusters[0];
    expect(c.probes).toEqual([]);
    expect(c.prober).toBeUndefined();
    expect(plan.alerting.probeRecords).toEqual([]);
    expect(plan.alerting.regionLoss).toEqual([expect.objectContaining({ region: c.region, detectedBy: [], heartbeat: c.cluster })]);
    expect(c.receivers.map((r) => r.kind)).toContain('heartbeat');
  });
});
