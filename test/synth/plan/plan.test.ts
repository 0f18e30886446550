import { readFileSync } from 'fs';
import * as path from 'path';
import { compile } from '../../../synth/compile';
import { overlaps, parseCidr, type Cidr } from '../../../synth/util/net';

const REFERENCE = readFileSync(path.join(__dirname, '..', '..', '..', 'platform.spec.yaml'), 'utf8');
const plan = compile('platform.spec.yaml', REFERENCE, 'plan').plan!;
const cidr = (s: string) => parseCidr(s) as Cidr;
const inside = (inner: Cidr, outer: Cidr) => inner.prefix >= outer.prefix && overlaps(inner, outer);

describe('plan: network layout', () => {
  test.each(plan.regions.map((r) => [r.id, r] as const))('GIVEN region %s THEN subnets sit in the network half, pods and services outside it, all inside the region block', (_id, r) => {
    const region = cidr(r.cidr);
    const network = cidr(r.networkCidr);
    expect(inside(network, region)).toBe(true);
    for (const s of r.subnets) expect(inside(cidr(s.cidr), network)).toBe(true);
    for (const range of [r.cluster.podCidr, r.cluster.serviceCidr]) {
      expect(inside(cidr(range), region)).toBe(true);
      expect(overlaps(cidr(range), network)).toBe(false);
    }
    expect(overlaps(cidr(r.cluster.podCidr), cidr(r.cluster.serviceCidr))).toBe(false);
    const all = r.subnets.map((s) => cidr(s.cidr));
    all.forEach((a, i) => all.slice(i + 1).forEach((b) => expect(overlaps(a, b)).toBe(false)));
    expect(r.subnets.map((s) => s.name)).toContain(r.cluster.nodeSubnet);
    expect(inside(cidr(`${r.cluster.dnsServiceIp}/32`), cidr(r.cluster.serviceCidr))).toBe(true);
  });

  test.each(plan.regions.map((r) => [r.id, r] as const))('GIVEN region %s THEN it has a public, a private and a data subnet in each of its zones', (_id, r) => {
    expect(r.zones.length).toBeGreaterThanOrEqual(3);
    for (const zone of r.zones) expect(r.subnets.filter((s) => s.zone === zone).map((s) => s.kind).sort()).toEqual(['data', 'private', 'public']);
  });
});

describe('plan: worked examples of the reference document', () => {
  test('api-gateway: (50,000 / 5,000) x 1.5 = 15 replicas in every primary region', () => {
    const s = plan.services.find((x) => x.id === 'api-gateway')!;
    expect([s.n, s.replicasBySafety, s.replicas]).toEqual([10, 15, 15]);
    for (const r of plan.regions.filter((x) => x.role === 'primary')) expect(r.workloads.find((w) => w.service === 'api-gateway')!.replicas).toBe(15);
  });

  test('trading storage: 100 GB x 2,555 days x 3 = 766.5 TB, split over 4 shards', () => {
    const s = plan.reports.storage.find((x) => x.database === 'trading')!;
    expect(s.totalBytes).toBe(766.5e12);
    expect(s.perShardBytes * s.shards).toBe(s.totalBytes);
  });

  test('capacity projection: 100,000 x 1.5 x 1.5 = 225,000 orders/s', () => {
    expect(plan.reports.projection.requiredOrdersPerSecond).toBe(225_000);
  });

  test('health checks every 10 s, removed after 3 failures (30 s)', () => {
    expect(plan.traffic.healthCheck).toEqual(expect.objectContaining({ intervalSeconds: 10, failureThreshold: 3 }));
    for (const w of plan.regions.flatMap((r) => r.workloads)) expect([w.readiness.periodSeconds, w.readiness.failureThreshold]).toEqual([10, 3]);
  });

  test('failover topology per tier: hot standby at full capacity, warm at the larger of N + 2 and what keeps N after a zone loss, pilot light at 0, restore runs nothing', () => {
    const standby = plan.regions.filter((r) => r.role === 'failover');
    for (const r of standby) {
      const mode = (svc: string) => r.workloads.find((w) => w.service === svc);
      const full = plan.services.find((s) => s.id === 'matching-engine')!.replicas;
      expect(mode('matching-engine')).toEqual(expect.objectContaining({ mode: 'hot-standby', replicas: full }));
      const api = plan.services.find((s) => s.id === 'api-gateway')!;
      // N = 10 over 3 zones: 12 pods would leave 8 after losing a zone of 4; 15 (5 per zone) leave 10.
      expect(mode('api-gateway')).toEqual(expect.objectContaining({ mode: 'warm-standby', replicas: Math.max(api.n + 2, 15) }));
      expect(mode('api-gateway')!.autoscaling!.max).toBe(api.maxReplicas);
      expect(mode('wallet')).toEqual(expect.objectContaining({ mode: 'pilot-light', replicas: 0 }));
      expect(mode('reporting')).toBeUndefined();
    }
  });

  test('backups: 3 regions per backup, EU data copied inside the EU only', () => {
    const eu = plan.regions.find((r) => r.id === 'eu-central')!;
    expect(eu.backup.copyTo).toHaveLength(plan.backups.copies - 1);
    expect(plan.reports.residency.filter((x) => x.kind === 'backup-copy').every((x) => x.locationJurisdiction === 'eu')).toBe(true);
    expect(plan.backups.rules.map((r) => [r.name, r.retentionDays])).toEqual(
      expect.arrayContaining([
        ['hourly', 7],
        ['daily', 30],
        ['weekly', 90],
        ['monthly', 2555],
      ]),
    );
  });

  test('cost mix: pools are sized from the mix and the achieved mix is reported', () => {
    const c = plan.reports.cost;
    expect(c.mixTarget).toEqual({ reserved: 0.7, spot: 0.2, onDemand: 0.1 });
    expect(c.mixAchieved.reserved + c.mixAchieved.spot + c.mixAchieved.onDemand).toBeCloseTo(1, 3);
    expect(c.totalMonthly).toBeLessThan(c.allOnDemandMonthly);
  });
});
