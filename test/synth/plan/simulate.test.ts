/** `simulate --lose <region>` from the reference plan: traffic, capacity, RPO, runbooks, RTO, exit codes. */
import { readFileSync } from 'fs';
import * as path from 'path';
import { formatSimulation, runSimulate } from '../../../synth/cli/simulate';
import { compile } from '../../../synth/compile';
import type { Io } from '../../../synth/cli/cli';
import type { Plan } from '../../../synth/model/index';
import { simulate } from '../../../synth/plan/simulate';
import { referenceFiles, referencePlan, SPEC_FILE } from '../../helpers/reference';

const plan = referencePlan();
const primaries = plan.regions.filter((r) => r.role === 'primary').map((r) => [r.id] as const);
const clone = (): Plan => JSON.parse(JSON.stringify(plan));

function cli(args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => (out += t), err: (t) => (err += t), isTTY: false, env: {} };
  const code = runSimulate(args, io);
  return { code, out, err };
}

describe('simulate', () => {
  test.each(primaries)('GIVEN the loss of %s THEN each public service goes to the failover region the SECONDARY record names, at the name that region answers', (id) => {
    const sim = simulate(plan, id);
    const region = plan.regions.find((r) => r.id === id)!;
    expect(sim.failoverRegion).toBe(region.failoverRegion);
    const standby = plan.regions.find((r) => r.id === region.failoverRegion)!;
    for (const s of sim.services.filter((x) => x.public && x.strategy !== 'restore')) {
      const secondary = plan.traffic.records.find((r) => r.service === s.service && r.failoverRole === 'SECONDARY' && r.region === standby.id)!;
      expect([s.to, secondary.target]).toEqual([standby.id, { kind: 'entry-point', region: standby.id }]);
      expect(s.target).toBe(`${s.service}.${standby.id}.${plan.dns.zone}`);
      expect(standby.workloads.find((w) => w.service === s.service)!.hostnames).toContain(s.target);
    }
    // Every service of the lost region appears once.
    expect(sim.services.map((s) => s.service).sort()).toEqual(region.workloads.map((w) => w.service).sort());
  });

  test.each(primaries)('GIVEN the loss of %s THEN capacity there is the standby replicas (now) and HPA max (scaled) times the per-instance load, against the service load', (id) => {
    const sim = simulate(plan, id);
    const standby = plan.regions.find((r) => r.id === sim.failoverRegion)!;
    for (const s of sim.services.filter((x) => x.strategy === 'hot-standby' || x.strategy === 'automated')) {
      const w = standby.workloads.find((x) => x.service === s.service)!;
      const svc = plan.services.find((x) => x.id === s.service)!;
      expect(s.capacityNow).toBe(w.replicas * svc.perInstance);
      expect(s.capacityScaled).toBe(w.autoscaling!.max * svc.perInstance);
      expect(s.rps).toBe(svc.rps);
      expect(s.holds).toBe((s.strategy === 'hot-standby' ? s.capacityNow : s.capacityScaled) >= s.rps);
    }
  });

  test.each(primaries)('GIVEN the loss of %s THEN the runbooks it names exist in dist/ and the tiers carry the RTO proofs', (id) => {
    const sim = simulate(plan, id);
    const files = referenceFiles();
    for (const r of sim.runbooks) expect(files.has(r)).toBe(true);
    // one per manual service, plus the promotion runbook when standbys are fed, plus the restore runbook when a restore tier runs here
    const fed = plan.replication.some((r) => r.primary === id);
    const restored = sim.services.some((s) => s.strategy === 'restore');
    expect(sim.runbooks.length).toBe(sim.services.filter((s) => s.how === 'runbook').length + (fed ? 1 : 0) + (restored ? 1 : 0));
    if (fed) expect(sim.runbooks).toContain(`runbooks/promote-${id}.md`);
    if (restored) expect(sim.runbooks).toContain(`runbooks/restore-${id}.md`);
    for (const t of sim.tiers) expect(t.rtoSeconds).toBe(plan.reports.rto.find((r) => r.tier === t.tier)!.achievedSeconds);
  });

  test('GIVEN the reference THEN a standby without a replication feed, or too small for its data, is an RPO objective missed (exit 1); a fed one that fits is not (exit 0)', () => {
    for (const [id] of primaries) {
      const sim = simulate(plan, id);
      const region = plan.regions.find((r) => r.id === id)!;
      const replicated = region.databases.filter((d) => plan.databases.find((x) => x.id === d.database)!.crossRegion.mode !== 'none');
      const fedAll = replicated.every((d) => plan.replication.some((r) => r.primary === id && r.feeds.some((f) => f.source === d.name)));
      const standby = plan.regions.find((r) => r.id === region.failoverRegion)!;
      const tooSmall = standby.databases.some((d) => d.disk !== undefined && d.storageBytes > d.disk.limit * (d.disk.unit === 'MiB' ? 2 ** 20 : 1e9));
      expect({ id, missedData: sim.data.some((d) => !d.holds) }).toEqual({ id, missedData: !fedAll || tooSmall });
      const { code, out } = cli(['--spec', SPEC_FILE, '--lose', id]);
      expect(code).toBe(sim.missed.length > 0 ? 1 : 0);
      expect(out).toBe(formatSimulation(sim));
    }
  });

  test('GIVEN a standby too small for the load THEN the service is missed and the command exits 1', () => {
    // GIVEN the reference plan with the hot standby of market-data in us-central-gcp cut to one pod
    const p = clone();
    const standby = p.regions.find((r) => r.id === 'us-central-gcp')!;
    const w = standby.workloads.find((x) => x.service === 'market-data')! as { replicas: number };
    w.replicas = 1;
    // WHEN us-east is lost THEN market-data misses (hot standby must carry the load at once)
    const sim = simulate(p, 'us-east');
    expect(sim.services.find((s) => s.service === 'market-data')!.holds).toBe(false);
    expect(sim.missed.some((m) => m.includes('market-data'))).toBe(true);
  });

  test('GIVEN node pools too small THEN the pools are missed', () => {
    const p = clone();
    const standby = p.regions.find((r) => r.id === 'us-central-gcp')!;
    for (const pool of standby.cluster.nodePools as unknown as { max: number }[]) pool.max = 1;
    const sim = simulate(p, 'us-east');
    expect(sim.pools!.holds).toBe(false);
    expect(sim.missed.some((m) => m.includes('node pools'))).toBe(true);
  });

  test('GIVEN a bad region or arguments THEN exit 2 with a suggestion', () => {
    const bad = cli(['--spec', SPEC_FILE, '--lose', 'us-eats']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('did you mean us-east');
    expect(cli(['--spec', SPEC_FILE]).code).toBe(2);
    expect(cli(['--lose']).code).toBe(2);
  });
});

describe('standby capacity', () => {
  const standbys = plan.regions.flatMap((r) => r.workloads.filter((w) => w.mode === 'warm-standby' || w.mode === 'hot-standby').map((w) => [`${w.service}@${r.id}`, w, r.zones.length] as const));
  test.each(standbys)('GIVEN the standby %s THEN it keeps N after losing its fullest zone, and the report says so by the same definition as for primaries', (_n, w, zones) => {
    const left = w.replicas - Math.ceil(w.replicas / zones);
    expect(left).toBeGreaterThanOrEqual(w.n);
    const row = plan.reports.capacity.find((c) => c.service === w.service && c.region === w.region)!;
    expect(row.survivesZoneLoss).toBe(left >= w.n);
  });
});

describe('simulate: public restore tiers (notely)', () => {
  test('GIVEN notely losing its only region THEN a public restore-tier service goes to the restore site, at the name the site answers, which the SECONDARY record names', () => {
    const file = path.join(__dirname, '..', '..', 'fixtures', 'companies', 'notely.spec.yaml');
    const p = compile(file, readFileSync(file, 'utf8'), 'plan').plan!;
    const site = p.restoreSites[0];
    const sim = simulate(p, site.primary);
    const pub = sim.services.filter((s) => s.public);
    expect(pub.length).toBeGreaterThan(0);
    for (const s of pub) {
      expect([s.strategy, s.to, s.target]).toEqual(['restore', site.name, `${s.service}.${site.region.id}.${p.dns.zone}`]);
      const secondary = p.traffic.records.find((r) => r.service === s.service && r.failoverRole === 'SECONDARY')!;
      expect(secondary.target).toEqual({ kind: 'entry-point', region: site.region.id });
      expect(site.region.workloads.find((w) => w.service === s.service)!.hostnames).toContain(s.target);
    }
  });
});
