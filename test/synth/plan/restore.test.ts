/**
 * Restore tiers: where they come back (a restore site at the primary's nearest backup copy location, with a
 * network, a cluster and a restore target), how long the restore takes (the real backup size over the
 * catalogued throughput) and what validate says when it cannot work. Also on the company specs.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { findLocation, RESTORE_THROUGHPUT } from '../../../synth/catalog';
import { compile } from '../../../synth/compile';
import type { Plan } from '../../../synth/model/index';
import { NODE_ALLOCATABLE } from '../../../synth/plan/constants';
import { AWS_QUOTAS } from '../../../synth/catalog';
import { overlaps, parseCidr, type Cidr } from '../../../synth/util/net';
import { referencePlan, ROOT } from '../../helpers/reference';

const REFERENCE = readFileSync(path.join(ROOT, 'platform.spec.yaml'), 'utf8');
const company = (name: string): Plan => {
  const file = path.join(ROOT, 'test', 'fixtures', 'companies', `${name}.spec.yaml`);
  const r = compile(file, readFileSync(file, 'utf8'), 'plan');
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.plan!;
};
const plans: [string, Plan][] = [['reference', referencePlan()], ...['notely', 'eurobank', 'shopasia'].map((n) => [n, company(n)] as [string, Plan])];
const cidr = (s: string) => parseCidr(s) as Cidr;
const inside = (inner: string, outer: string) => cidr(inner).prefix >= cidr(outer).prefix && overlaps(cidr(inner), cidr(outer));
const TB = 1e12;

describe('restore sites', () => {
  test.each(plans)('GIVEN %s WHEN planned THEN every primary running a restore tier has one restore site, at the nearest of its backup copy locations', (_n, plan) => {
    const restoreTiers = plan.tiers.filter((t) => t.failover === 'restore').map((t) => t.id);
    const expected = plan.regions.filter((r) => r.role === 'primary' && r.workloads.some((w) => restoreTiers.includes(w.tier))).map((r) => r.id).sort();
    expect(plan.restoreSites.map((x) => x.primary).sort()).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
    for (const site of plan.restoreSites) {
      const primary = plan.regions.find((r) => r.id === site.primary)!;
      expect(site.location).toBe(primary.backup.copyTo[0]);
      expect(site.cloud).toBe(primary.cloud);
      expect(site.jurisdiction).toBe(findLocation(site.cloud, site.location)!.jurisdiction);
      expect(site.copyVault).toBe(`${primary.backup.vault}-copy`);
      // data that must stay in a jurisdiction is restored inside it (the site is one of its backup copies)
      const residency = plan.databases.filter((d) => site.targets.some((t) => t.database === d.id)).flatMap((d) => d.residency);
      if (residency.includes(primary.jurisdiction)) expect(site.jurisdiction).toBe(primary.jurisdiction);
      expect(site.services).toEqual(primary.workloads.filter((w) => restoreTiers.includes(w.tier)).map((w) => w.service).sort());
      // the stack that holds it applies in wave 1 and reads nothing
      const stack = plan.stacks.find((s) => s.name === site.name)!;
      expect([stack.kind, stack.wave, stack.dependsOn]).toEqual(['restore', 1, [plan.bootstrap.stack]]);
    }
  });

  test.each(plans)('GIVEN %s THEN each site network overlaps no region and no other site, and its subnets lie inside its network in the planned zones', (_n, plan) => {
    const blocks = [...plan.regions.map((r) => [r.id, r.cidr]), ...plan.restoreSites.map((x) => [x.name, x.cidr])];
    for (const site of plan.restoreSites) {
      for (const [id, c] of blocks) if (id !== site.name) expect({ site: site.name, id, overlaps: overlaps(cidr(site.cidr), cidr(c)) }).toEqual({ site: site.name, id, overlaps: false });
      expect(inside(site.networkCidr, site.cidr)).toBe(true);
      for (const s of site.subnets) expect({ s: s.name, inside: inside(s.cidr, site.networkCidr) }).toEqual({ s: s.name, inside: true });
      expect(site.zones).toEqual(findLocation(site.cloud, site.location)!.zones.slice(0, site.zones.length));
      expect(new Set(site.subnets.map((s) => s.zone))).toEqual(new Set(site.zones));
      expect(site.subnets.filter((s) => s.kind === 'data').length).toBe(site.zones.length);
    }
  });

  test.each(plans)('GIVEN %s THEN the restore targets are exactly the primary shards the restore tiers use, each sized by its logical data', (_n, plan) => {
    for (const site of plan.restoreSites) {
      const primary = plan.regions.find((r) => r.id === site.primary)!;
      const used = new Set(plan.services.filter((s) => site.services.includes(s.id)).flatMap((s) => s.usesDatabases));
      expect(site.targets.map((t) => t.source).sort()).toEqual(primary.databases.filter((d) => used.has(d.database)).map((d) => d.name).sort());
      for (const t of site.targets) {
        const db = plan.databases.find((d) => d.id === t.database)!;
        // daily growth x retention days x replication factor / shards / replication factor = the shard's logical bytes
        expect(t.bytes).toBeCloseTo((db.dailyGrowthBytes * db.retentionDays) / db.shards, -3);
        const tp = RESTORE_THROUGHPUT[site.cloud]!;
        expect(t.restoreSeconds).toBe(Math.ceil((t.bytes / tp.bytesPerHour) * 3600) + tp.overheadSeconds);
        expect(t.identifier).toBe(t.source);
      }
      expect(site.restoreSeconds).toBe(Math.max(0, ...site.targets.map((t) => t.restoreSeconds)));
    }
  });

  test.each(plans)('GIVEN %s THEN the site node pools wait at 0 and reach the restored tiers\' full load (the primary\'s replica counts), spot workloads on a spot pool', (_n, plan) => {
    for (const site of plan.restoreSites) {
      const primary = plan.regions.find((r) => r.id === site.primary)!;
      const moving = primary.workloads.filter((w) => site.services.includes(w.service));
      for (const kind of ['on-demand', 'spot'] as const) {
        const ws = moving.filter((w) => w.spot === (kind === 'spot'));
        const pool = site.cluster.nodePools.find((p) => p.kind === kind);
        if (ws.length === 0 && kind === 'spot') {
          expect(pool).toBeUndefined();
          continue;
        }
        expect([pool!.min, pool!.desired]).toEqual([0, 0]);
        const cpu = ws.reduce((a, w) => a + w.replicas * w.cpuMillis, 0);
        const mem = ws.reduce((a, w) => a + w.replicas * w.memoryMiB, 0);
        expect(pool!.max * pool!.vcpu * 1000 * NODE_ALLOCATABLE).toBeGreaterThanOrEqual(cpu);
        expect(pool!.max * pool!.memoryGiB * 1024 * NODE_ALLOCATABLE).toBeGreaterThanOrEqual(mem);
        expect(pool!.max).toBeGreaterThanOrEqual(site.zones.length);
      }
    }
  });

  test.each(plans)('GIVEN %s THEN each restore tier\'s RTO counts the slowest site\'s restore, and no constant restore time', (_n, plan) => {
    for (const row of plan.reports.rto.filter((r) => r.strategy === 'restore')) {
      const sites = plan.restoreSites.filter((x) => x.tiers.includes(row.tier));
      const usesData = plan.services.some((s) => s.tier === row.tier && s.usesDatabases.length > 0);
      const restore = row.terms.filter((t) => t.label.startsWith('restore ') && !t.label.startsWith('restore runbook'));
      expect(restore.map((t) => t.seconds)).toEqual(usesData ? [Math.max(...sites.map((x) => x.restoreSeconds))] : []);
      expect(row.achievedSeconds).toBe(row.terms.reduce((a, t) => a + t.seconds, 0));
      expect(row.holds).toBe(row.achievedSeconds <= row.targetSeconds);
    }
  });

  test('GIVEN the reference history database (100 GB/day for 7 years, 6 shards) THEN each shard restores 42.6 TB in 21h 17m + 30m, within reporting\'s 24h', () => {
    const plan = referencePlan();
    const site = plan.restoreSites.find((x) => x.primary === 'us-east')!;
    const t = site.targets.find((x) => x.source === 'history-shard-0')!;
    // 100e9 x 2555 x 3 / 6 shards / 3 = 42.583 TB; at 2 TB/h = 21.29 h = 76,650 s; + 1,800 s
    expect(t.bytes / TB).toBeCloseTo(42.583, 3);
    expect(t.restoreSeconds).toBe(76650 + 1800);
    const row = plan.reports.rto.find((r) => r.tier === 'reporting')!;
    expect(row.holds).toBe(true);
  });
});

describe('restore tiers that cannot work are refused at validate', () => {
  test('GIVEN backups kept only in the primary (copies: 1) WHEN validated THEN restore-no-copy at the tier, naming the fix, and the RTO does not hold', () => {
    const r = compile('spec.yaml', REFERENCE.replace('  copies: 3 ', '  copies: 1 '), 'validate');
    const hits = r.diagnostics.filter((d) => d.code === 'restore-no-copy');
    expect(hits.map((d) => d.path)).toEqual(['tiers.reporting.failover', 'tiers.reporting.failover', 'tiers.reporting.failover']);
    expect(hits[0].expected).toContain('backups.copies: 2 or more');
    expect(hits[0].line).toBeGreaterThan(0);
    expect(r.ok).toBe(false);
  });

  test('GIVEN history in 3 shards (85 TB each) WHEN validated THEN proof-rto names the shard count whose shards restore in time', () => {
    const r = compile('spec.yaml', REFERENCE.replace('    shards: 6\n', '    shards: 3\n'), 'validate');
    const hit = r.diagnostics.find((d) => d.code === 'proof-rto' && d.path === 'tiers.reporting.rto')!;
    expect(hit.message).toContain('restore history-shard-0');
    // the budget left for the restore: 24h - (the other terms) - 30m overhead, at 2 TB/h, for 255.5 TB of logical data
    const other = 30 + 30 + 900 + 900 + 180 + 60 + 300;
    const shards = Math.ceil(255.5e12 / (((86400 - other - 1800) / 3600) * 2e12));
    expect(hit.expected).toContain(`databases.history.shards: ${shards}`);
    expect(hit.expected).not.toContain('hot-standby');
  });

  test('GIVEN a single region with a restore tier and no failover region (notely) THEN the tier restores at the site in its backup copy region, not in a region that does not exist', () => {
    const plan = plans.find(([n]) => n === 'notely')![1];
    const oregon = plan.regions.find((r) => r.id === 'oregon')!;
    expect(oregon.failoverRegion).toBeUndefined();
    expect(plan.restoreSites.map((x) => [x.name, x.location])).toEqual([['restore-oregon', oregon.backup.copyTo[0]]]);
    for (const row of plan.reports.rto) expect(row.terms.some((t) => t.label.includes('restore-oregon'))).toBe(true);
  });
});

describe('restore sites: service quotas where they restore', () => {
  const vcpus = (pools: Plan['restoreSites'][number]['cluster']['nodePools'], capacity: 'ON_DEMAND' | 'SPOT') => pools.filter((p) => p.capacityType === capacity).reduce((a, p) => a + p.max * p.vcpu, 0);
  const vcpuQuota = (capacity: 'ON_DEMAND' | 'SPOT') => AWS_QUOTAS.find((q) => q.measure === (capacity === 'SPOT' ? 'spot-standard-vcpus' : 'on-demand-standard-vcpus'))!;

  test.each(plans)('GIVEN %s THEN every site alone at its location requests the vCPUs its pools reach at max, above the account default', (_n, plan) => {
    for (const site of plan.restoreSites.filter((x) => !plan.regions.some((r) => r.cloud === 'aws' && r.location === x.location))) {
      for (const capacity of ['ON_DEMAND', 'SPOT'] as const) {
        const need = vcpus(site.cluster.nodePools, capacity);
        const q = vcpuQuota(capacity);
        const req = plan.quotas.find((x) => x.region === site.name && x.quotaCode === q.quotaCode);
        expect({ site: site.name, capacity, requested: req?.value }).toEqual({ site: site.name, capacity, requested: need > q.defaultValue ? need : undefined });
        if (req) expect(req.location).toBe(site.location);
      }
    }
  });

  test('GIVEN a spec region at the location of a restore site WHEN planned THEN that region\'s stack requests the sum of both, and the site requests nothing', () => {
    const spec = REFERENCE.replace('  ap-southeast:     { cloud: aws,   location: ap-southeast-1,  cidr: 10.30.0.0/16 }\n', '  ap-southeast:     { cloud: aws,   location: ap-southeast-1,  cidr: 10.30.0.0/16 }\n  mumbai:           { cloud: aws,   location: ap-south-1,      cidr: 10.40.0.0/16 }\n');
    expect(spec).not.toBe(REFERENCE);
    const plan = compile('spec.yaml', spec, 'plan').plan!;
    const site = plan.restoreSites.find((x) => x.primary === 'ap-southeast')!;
    expect(site.location).toBe('ap-south-1');
    const mumbai = plan.regions.find((r) => r.id === 'mumbai')!;
    const q = vcpuQuota('ON_DEMAND');
    const regionNeed = mumbai.cluster.nodePools.filter((p) => p.capacityType === 'ON_DEMAND').reduce((a, p) => a + p.max * p.vcpu, 0);
    expect(plan.quotas.find((x) => x.region === 'mumbai' && x.quotaCode === q.quotaCode)!.value).toBe(regionNeed + vcpus(site.cluster.nodePools, 'ON_DEMAND'));
    expect(plan.quotas.filter((x) => x.region === site.name)).toEqual([]);
  });
});

describe('restore sites: the restored services\' identities', () => {
  test.each(plans)('GIVEN %s WHEN planned THEN each restored service that uses a database has one identity on the site\'s cluster, granted exactly the restored writers of the databases it uses', (_n, plan) => {
    let grants = 0;
    for (const site of plan.restoreSites) {
      const primary = plan.regions.find((r) => r.id === site.primary)!;
      const using = site.services.filter((s) => plan.services.find((x) => x.id === s)!.usesDatabases.some((d) => site.targets.some((t) => t.database === d)));
      expect(site.identities.map((i) => i.service).sort()).toEqual(using.sort());
      for (const i of site.identities) {
        const w = primary.workloads.find((x) => x.service === i.service)!;
        expect([i.region, i.cloud, i.cluster, i.namespace, i.serviceAccount]).toEqual([site.name, 'aws', site.cluster.name, w.namespace, w.service]);
        expect(i.name).toBe(`${site.cluster.name}-${i.service}`);
        // the same store and login as the primary's grant, on the restored cluster of the same shard
        const primaryGrants = plan.identities.find((x) => x.region === site.primary && x.service === i.service)!.grants.filter((g) => g.kind === 'database');
        const restoredOf = (instance: string) => {
          const d = primary.databases.find((x) => x.name === instance)!;
          return site.targets.find((t) => t.database === d.database && t.shard === d.shard)!.identifier;
        };
        expect(i.grants.map((g) => [g.kind, g.access, g.store, g.instance, g.user]).sort()).toEqual(
          primaryGrants.map((g) => [g.kind, g.access, g.store, restoredOf(g.instance), g.user]).sort(),
        );
        grants += i.grants.length;
      }
      // no grant on anything but a restored writer (caches and readers are not restored)
      for (const g of site.identities.flatMap((i) => i.grants)) expect(site.targets.map((t) => t.identifier)).toContain(g.instance);
      expect(site.databaseRoles).toBe('from-snapshot');
    }
    if (plan.restoreSites.some((s) => s.targets.length > 0)) expect(grants).toBeGreaterThan(0);
  });
});
