import { readFileSync } from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import * as D from '../../../synth/spec/defaults';
import { normalize } from '../../../synth/spec/normalize';
import { plan } from '../../../synth/plan/index';
import type { RawSpec } from '../../../synth/model/spec';

const REFERENCE = parse(readFileSync(path.join(__dirname, '..', '..', '..', 'platform.spec.yaml'), 'utf8')) as RawSpec;

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object') {
    for (const x of Object.values(v as object)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

describe('normalize', () => {
  test('GIVEN alert routes without via, to or smtp WHEN normalized THEN each severity delivers its default way and email goes to the route at the zone', () => {
    const raw = structuredClone(REFERENCE) as any;
    raw.observability.alerts = { critical: { route: 'oncall' }, warning: { route: 'ops-chat' }, info: { route: 'Digest' } };
    delete raw.observability.smtp;
    const n = normalize(raw as RawSpec);
    expect(n.observability.delivery).toEqual({ critical: { via: 'pagerduty' }, warning: { via: 'slack' }, info: { via: 'email', to: `digest@${raw.dns.zone}` } });
    expect(n.observability.smtp).toEqual({ smarthost: `smtp.${raw.dns.zone}:587`, from: `alertmanager@${raw.dns.zone}` });
  });

  test('GIVEN alert routes with via and to WHEN normalized THEN the spec wins over the defaults', () => {
    const raw = structuredClone(REFERENCE) as any;
    raw.observability.alerts = { critical: { route: 'hook', via: 'webhook' }, warning: { route: 'mail', via: 'email', to: 'ops@corp.example' }, info: { route: 'mail', via: 'email', to: 'ops@corp.example' } };
    raw.observability.smtp = { smarthost: 'relay.corp.example:465', from: 'am@corp.example' };
    const n = normalize(raw as RawSpec);
    expect(n.observability.delivery).toEqual({ critical: { via: 'webhook' }, warning: { via: 'email', to: 'ops@corp.example' }, info: { via: 'email', to: 'ops@corp.example' } });
    expect(n.observability.smtp).toEqual({ smarthost: 'relay.corp.example:465', from: 'am@corp.example' });
    // one receiver for the shared route, in every cluster
    const p = plan(n).plan;
    for (const c of p.alerting.clusters) expect(c.receivers.map((r) => [r.name, r.kind, r.severities])).toEqual([['hook', 'webhook', ['critical']], ['mail', 'email', ['warning', 'info']], ['watchdog-heartbeat', 'heartbeat', []]]);
  });

  test('GIVEN a deep-frozen spec WHEN normalized and planned THEN neither stage mutates its input', () => {
    const raw = deepFreeze(structuredClone(REFERENCE));
    const before = JSON.stringify(raw);
    const spec = deepFreeze(normalize(raw));
    const specBefore = JSON.stringify(spec);
    expect(() => plan(spec)).not.toThrow();
    expect(JSON.stringify(raw)).toBe(before);
    expect(JSON.stringify(spec)).toBe(specBefore);
  });

  test('GIVEN the reference THEN units are numbers in base units', () => {
    const n = normalize(REFERENCE);
    expect(n.dns.ttlSeconds).toBe(30);
    expect(n.tiers.find((t) => t.id === 'trading')!.rtoSeconds).toBe(300);
    expect(n.data.find((d) => d.id === 'trades')!.rpoSeconds).toBe(0);
    expect(n.scaling.triggers).toEqual({ cpu: 0.7, memory: 0.8, queueDepth: 1000, latencyMultiple: 2 });
    expect(n.availability).toEqual(expect.objectContaining({ slo: 0.9995, healthCheckIntervalSeconds: 10, removeAfterSeconds: 30 }));
    expect(n.backups.retention).toEqual({ hourlyDays: 7, dailyDays: 30, weeklyDays: 90, monthlyDays: 2555 });
    expect(n.cost.mix).toEqual({ reserved: 0.7, spot: 0.2, onDemand: 0.1 });
    expect(n.databases.find((d) => d.id === 'trading')!.dailyGrowthBytes).toBe(100e9);
    expect(n.capacity).toEqual(expect.objectContaining({ growth: 0.5, horizonMonths: 12 }));
  });

  test('GIVEN a spec without optional fields THEN the named defaults apply', () => {
    const raw = structuredClone(REFERENCE) as unknown as Record<string, any>;
    delete raw.terraform;
    delete raw.gitops;
    delete raw.edge.geoDns;
    delete raw.edge.compression;
    delete raw.data['user-data'].temperature;
    delete raw.data.analytics.temperature;
    delete raw.databases.users.readReplicas;
    delete raw.databases.users.shards;
    delete raw.databases.users.shardBy;
    delete raw.databases.users.storage.replicationFactor;
    delete raw.caches.sessions.latency;
    delete raw.availability.instanceAvailability;
    delete raw.services.wallet.uses;
    const n = normalize(raw as RawSpec);
    expect(n.backend).toEqual({ bucket: D.defaultBackendBucket('exchange', 'production'), keyPrefix: D.defaultBackendKeyPrefix('exchange', 'production'), region: 'us-east-1' });
    expect(n.gitops).toEqual({ repoURL: D.DEFAULT_GITOPS_REPO, revision: D.DEFAULT_GITOPS_REVISION, path: D.DEFAULT_GITOPS_PATH });
    expect(n.edge.geoDns).toBe(D.DEFAULT_GEO_DNS);
    expect(n.edge.compression).toEqual(D.DEFAULT_COMPRESSION);
    expect(n.data.find((d) => d.id === 'user-data')!.temperature).toBe('warm'); // rpo 1h
    expect(n.data.find((d) => d.id === 'analytics')!.temperature).toBe('cold'); // rpo 24h
    const users = n.databases.find((d) => d.id === 'users')!;
    expect([users.readReplicas, users.shards, users.replicationFactor]).toEqual([D.DEFAULT_READ_REPLICAS, D.DEFAULT_SHARDS, D.DEFAULT_REPLICATION_FACTOR]);
    expect(users.regions).toEqual(n.regions.filter((r) => !r.failoverFor).map((r) => r.id));
    expect(n.caches.find((c) => c.id === 'sessions')!.missSeconds).toBe(0.05);
    expect(n.availability.instanceAvailability).toBe(0.999);
    expect(n.services.find((s) => s.id === 'wallet')!.uses).toEqual([]);
  });

  test('GIVEN maps in any order THEN arrays come out sorted by id', () => {
    const n = normalize(REFERENCE);
    for (const list of [n.regions, n.tiers, n.data, n.databases, n.caches, n.services]) {
      const ids = list.map((x) => x.id);
      expect(ids).toEqual([...ids].sort());
    }
  });

  test.each([
    // [case, services.accounts.regions, services.wallet.regions (wallet also uses users), expected users.regions]
    ['used in one region by one service, in another by the other', ['eu-central'], ['us-east'], ['eu-central', 'us-east']],
    ['used only in eu-central', ['eu-central'], ['eu-central'], ['eu-central']],
  ])('GIVEN a database without regions %s WHEN normalized THEN it is held where the services using it run, and the rules agree', (_c, accounts, wallet, expected) => {
    const raw = structuredClone(REFERENCE) as unknown as Record<string, any>;
    raw.services.accounts.regions = accounts;
    raw.services.wallet.regions = wallet;
    raw.services.wallet.uses = ['users'];
    const n = normalize(raw as RawSpec);
    expect(n.databases.find((d) => d.id === 'users')!.regions).toEqual(expected);
    const r = plan(n);
    // no standby, feed or copy where nothing uses it
    const holders = r.plan.regions.filter((x) => x.databases.some((d) => d.database === 'users')).map((x) => x.id).sort();
    const failoverOf = new Map(n.regions.filter((x) => x.failoverFor).map((x) => [x.failoverFor!, x.id]));
    expect(holders).toEqual([...expected, ...expected.map((x) => failoverOf.get(x)!)].sort());
    expect(r.plan.replication.filter((x) => x.database === 'users').map((x) => x.primary).sort()).toEqual(expected);
  });

  test('GIVEN a database no service uses WHEN normalized THEN it is held in every primary region', () => {
    const raw = structuredClone(REFERENCE) as unknown as Record<string, any>;
    for (const s of Object.values(raw.services) as { uses?: string[] }[]) s.uses = (s.uses ?? []).filter((u) => u !== 'history');
    const n = normalize(raw as RawSpec);
    expect(n.databases.find((d) => d.id === 'history')!.regions).toEqual(n.regions.filter((r) => !r.failoverFor).map((r) => r.id));
  });
});
