/**
 * Specs of other companies (test/fixtures/companies/): the reference spec must not be special. Each spec is
 * compiled through plan (cheap) and checked against figures computed by hand below from the spec's numbers
 * and the formulas of docs (replicas = max(ceil(rps / perInstance x safety), N + spare, zone-loss floor);
 * max = max(replicas, ceil(rps x growth multiplier / perInstance)), growth multiplier = (1 + growth)^(horizon / 12)
 * x safety). The smallest one (notely) is also emitted in full and its Terraform stacks and Kubernetes
 * objects checked against the provider schemas and the Kubernetes models.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { compile } from '../../synth/compile';
import type { Plan } from '../../synth/model/index';
import { createSvgRenderer } from '../../synth/output/diagram';
import { validateK8sObjects } from '../helpers/k8s-schema';
import { validateTerraformStack } from '../helpers/tf-schema';

const DIR = path.join(__dirname, '..', 'fixtures', 'companies');
const specFile = (name: string) => path.join(DIR, `${name}.spec.yaml`);
const read = (name: string) => readFileSync(specFile(name), 'utf8');

/** Ids and words of the reference spec (platform.spec.yaml) that must never appear in another company's plan. */
const REFERENCE_VOCABULARY = [
  'exchange', 'trading', 'matching-engine', 'market-data', 'market-data-cache', 'api-gateway', 'treasury', 'wallet',
  'trades', 'balances', 'user-data', 'analytics', 'history', 'sessions', 'symbol', 'orders-per-second',
  'us-central-gcp', 'eu-west-azure', 'ap-southeast-gcp',
];

interface Company {
  readonly name: string;
  /** What the spec exercises. */
  readonly shape: string;
  readonly tiers: readonly string[];
  /** service -> [N, replicas, autoscaling max], computed by hand from the spec (see each row's comment). */
  readonly services: Readonly<Record<string, readonly [number, number, number]>>;
  /** region -> role */
  readonly regions: Readonly<Record<string, 'primary' | 'failover'>>;
  /** `region/service` -> replicas in that cluster (standby modes: warm = max(N + spare, zone-loss floor), hot = full, pilot light = 0). */
  readonly workloads: Readonly<Record<string, number>>;
  readonly zones: number;
  readonly spotTiers: readonly string[];
  /** database -> [shards, regions holding a primary] */
  readonly databases: Readonly<Record<string, readonly [number, readonly string[]]>>;
  readonly caches: readonly string[];
}

const COMPANIES: readonly Company[] = [
  {
    name: 'notely',
    shape: 'small SaaS: one AWS region, no failover, 2 zones, public http + internal grpc, one unsharded database, no cache',
    tiers: ['bronze', 'gold'],
    services: {
      // rps 900 / 200 = 4.5 -> N 5; x1.2 = 5.4 -> 6; N+1 = 6; 2 zones: 10 - ceil(10/2) = 5 -> 10.
      // growth 2.2^(6/12) x 1.2 = 1.7799; 900 x 1.7799 / 200 = 8.01 -> 9 < 10 -> max 10.
      web: [5, 10, 10],
      // 300 / 120 = 2.5 -> N 3; x1.2 = 3; N+1 = 4; 2 zones: 6 - 3 = 3 -> 6. 300 x 1.7799 / 120 = 4.45 -> 5 < 6 -> 6.
      search: [3, 6, 6],
    },
    regions: { oregon: 'primary' },
    workloads: { 'oregon/web': 10, 'oregon/search': 6 },
    zones: 2,
    spotTiers: [],
    databases: { docs: [1, ['oregon']] },
    caches: [],
  },
  {
    name: 'eurobank',
    shape: 'EU bank: two AWS EU primaries, an Azure failover each, residency [eu], automated/manual/restore tiers, three caches',
    tiers: ['back-office', 'core-banking', 'payments', 'statements'],
    services: {
      // growth multiplier 1.15^(24/12) x 2 = 2.645; 3 zones: floor R with R - ceil(R/3) >= N.
      // 12000 / 800 = 15; x2 = 30; N+3 = 18; floor 23; max 12000 x 2.645 / 800 = 39.7 -> 40.
      'payments-api': [15, 30, 40],
      // 9000 / 1000 = 9; x2 = 18; 12; floor 14; max 23.8 -> 24.
      'core-ledger': [9, 18, 24],
      // 4000 / 400 = 10; x2 = 20; 13; floor 15; max 26.45 -> 27.
      'customer-portal': [10, 20, 27],
      // 150 / 50 = 3; x2 = 6; 6; floor 5; max 7.9 -> 8.
      'back-office': [3, 6, 8],
      // 60 / 20 = 3; x2 = 6; 6; floor 5; max 7.9 -> 8.
      statements: [3, 6, 8],
    },
    regions: { dublin: 'primary', paris: 'primary', 'amsterdam-az': 'failover', 'paris-az': 'failover' },
    workloads: {
      'dublin/payments-api': 30,
      'paris/payments-api': 30,
      'amsterdam-az/payments-api': 23, // automated: warm standby max(N + spare = 15 + 3, zone floor 23)
      'paris-az/core-ledger': 14, // max(9 + 3, zone floor 14)
      'amsterdam-az/back-office': 0, // manual: pilot light
      'dublin/statements': 6, // restore tier, dublin only: no workload in a failover region
    },
    zones: 3,
    spotTiers: [],
    databases: { ledger: [5, ['dublin', 'paris']], crm: [1, ['dublin', 'paris']], archive: [2, ['dublin']] },
    caches: ['card-limits', 'fx-rates', 'login-tokens'],
  },
  {
    name: 'shopasia',
    shape: 'APAC retailer: three AWS primaries in Asia/Oceania, GCP failover for two, hot-standby tier, two spot tiers, 20 POPs, 1.2M rps',
    tiers: ['batch', 'checkout', 'recommendations', 'storefront'],
    services: {
      // growth multiplier 1.8^(18/12) x 1.25 = 3.01869; 3 zones.
      // 1200000 / 15000 = 80; x1.25 = 100; N+4 = 84; floor 120; max 241.5 -> 242.
      storefront: [80, 120, 242],
      // 800000 / 25000 = 32; 40; 36; floor 48; max 96.6 -> 97.
      catalog: [32, 48, 97],
      // 60000 / 3000 = 20; 25; 24; floor 30; max 60.4 -> 61.
      checkout: [20, 30, 61],
      // 300000 / 30000 = 10; 12.5 -> 13; 14; floor 15; max 30.2 -> 31.
      'live-updates': [10, 15, 31],
      // 40000 / 2000 = 20; 25; 24; floor 30; max 61.
      recommender: [20, 30, 61],
      // 150000 / 10000 = 15; 18.75 -> 19; 19; floor 23; max 45.3 -> 46.
      'click-ingest': [15, 23, 46],
    },
    regions: { tokyo: 'primary', singapore: 'primary', sydney: 'primary', 'tokyo-gcp': 'failover', 'sydney-gcp': 'failover' },
    workloads: {
      'tokyo/storefront': 120,
      'tokyo-gcp/checkout': 30, // hot standby: full capacity
      'sydney-gcp/storefront': 120, // warm standby: max(80 + 4, zone floor 120)
      'sydney-gcp/live-updates': 15, // max(10 + 4, zone floor 15)
      'singapore/click-ingest': 23,
      'singapore/recommender': 30,
    },
    zones: 3,
    spotTiers: ['batch', 'recommendations'],
    databases: { orders: [6, ['sydney', 'tokyo']], inventory: [2, ['sydney', 'tokyo']], clickstream: [5, ['singapore']] },
    caches: ['carts', 'catalog-cache'],
  },
];

/** Every string in a value (keys included). */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { out.push(k); strings(x, out); }
  return out;
}

const plans = new Map<string, Plan>();
function planOf(name: string): Plan {
  if (!plans.has(name)) {
    const r = compile(specFile(name), read(name), 'plan');
    if (!r.ok || !r.plan) throw new Error(`${name} does not plan: ${JSON.stringify(r.diagnostics.filter((d) => d.severity === 'error'))}`);
    plans.set(name, r.plan);
  }
  return plans.get(name)!;
}

describe.each(COMPANIES)('company spec $name ($shape)', (c) => {
  test('GIVEN the spec THEN it validates without errors', () => {
    const r = compile(specFile(c.name), read(c.name), 'validate');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  test('THEN N, replicas and autoscaling max are the hand-computed figures', () => {
    const p = planOf(c.name);
    const got = Object.fromEntries(p.services.map((s) => [s.id, [s.n, s.replicas, s.maxReplicas]]));
    expect(got).toEqual(c.services);
  });

  test('THEN regions, roles and per-cluster replicas follow the tiers (active, warm, hot, pilot light, none)', () => {
    const p = planOf(c.name);
    expect(Object.fromEntries(p.regions.map((r) => [r.id, r.role]))).toEqual(c.regions);
    for (const [key, replicas] of Object.entries(c.workloads)) {
      const [region, service] = key.split('/');
      const w = p.regions.find((r) => r.id === region)!.workloads.find((x) => x.service === service);
      expect({ key, replicas: w?.replicas }).toEqual({ key, replicas });
    }
    // A restore tier runs nothing in a failover region.
    const restore = new Set(p.tiers.filter((t) => t.failover === 'restore').map((t) => t.id));
    for (const r of p.regions.filter((x) => x.role !== 'primary')) expect(r.workloads.filter((w) => restore.has(w.tier))).toEqual([]);
  });

  test("THEN the tiers' namespaces are the spec's tier ids and every workload runs in its tier's namespace", () => {
    const p = planOf(c.name);
    expect(p.tiers.map((t) => t.id).sort()).toEqual([...c.tiers]);
    for (const t of p.tiers) expect(t.namespace).toBe(t.id);
    for (const r of p.regions) for (const w of r.workloads) expect({ w: w.service, ns: w.namespace }).toEqual({ w: w.service, ns: w.tier });
  });

  test('THEN every cluster has untainted nodes in every zone, spot pools are tainted and hold only spot tiers', () => {
    const p = planOf(c.name);
    for (const r of p.regions) {
      const pools = r.cluster.nodePools;
      expect(pools.map((n) => n.kind)).toEqual(c.spotTiers.length ? ['reserved', 'on-demand', 'spot'] : ['reserved', 'on-demand']);
      expect(r.zones).toHaveLength(c.zones);
      // Some steady (untainted) pool alone spreads a node over every zone.
      const steady = pools.filter((n) => n.kind !== 'spot' && n.taints.length === 0);
      expect({ region: r.id, spread: steady.some((n) => n.desired >= c.zones) }).toEqual({ region: r.id, spread: true });
      const steadyCpu = r.workloads.filter((w) => !w.spot).reduce((a, w) => a + w.cpuMillis * w.replicas, 0);
      expect(steady.reduce((a, n) => a + n.desired * n.vcpu * 1000, 0)).toBeGreaterThanOrEqual(steadyCpu);
      for (const n of pools.filter((x) => x.kind === 'spot')) expect(n.taints.length).toBeGreaterThan(0);
      for (const w of r.workloads) expect({ w: w.service, spot: w.spot }).toEqual({ w: w.service, spot: c.spotTiers.includes(w.tier) });
    }
  });

  test('THEN databases have the spec shards and regions, caches are the spec caches', () => {
    const p = planOf(c.name);
    expect(Object.fromEntries(p.databases.map((d) => [d.id, [d.shards, [...d.regions].sort()]]))).toEqual(c.databases);
    expect(p.caches.map((x) => x.id).sort()).toEqual([...c.caches]);
    for (const r of p.regions.filter((x) => x.role === 'primary'))
      for (const [db, [shards, regions]] of Object.entries(c.databases))
        expect({ r: r.id, db, n: r.databases.filter((d) => d.database === db).length }).toEqual({ r: r.id, db, n: regions.includes(r.id) ? shards : 0 });
  });

  test('THEN no name or text of the plan carries the reference vocabulary, and resource names start from the spec name', () => {
    const p = planOf(c.name);
    const all = strings(p);
    for (const word of REFERENCE_VOCABULARY) {
      const re = new RegExp(`(^|[^a-z0-9-])${word.replace(/-/g, '\\-')}($|[^a-z0-9])`, 'i');
      expect({ word, found: all.filter((s) => re.test(s)).slice(0, 3) }).toEqual({ word, found: [] });
    }
    expect(p.name).toBe(c.name);
    for (const r of p.regions) expect(r.cluster.name.startsWith(`${c.name}-`)).toBe(true);
  });
});

describe('company spec notely: full emit', () => {
  let files: ReadonlyMap<string, string>;
  let plan: Plan;
  beforeAll(async () => {
    const r = compile(specFile('notely'), read('notely'), { until: 'emit', svg: await createSvgRenderer() });
    if (!r.ok || !r.files || !r.plan) throw new Error(JSON.stringify(r.diagnostics));
    files = r.files;
    plan = r.plan;
  });

  test('GIVEN the emitted output THEN one stack per region plus bootstrap, global and the restore site of its restore tiers, each passing the provider schemas', () => {
    const stacks = [...files.keys()].filter((f) => f.endsWith('/cdk.tf.json'));
    expect(stacks.map((f) => f.split('/')[1]).sort()).toEqual(['bootstrap', 'global', 'region-oregon', 'restore-oregon']);
    for (const f of stacks) expect({ f, errors: validateTerraformStack(JSON.parse(files.get(f)!)) }).toEqual({ f, errors: [] });
  });

  test('THEN the node group spreads a node over both zones and no data store replicates to a region that does not exist', () => {
    const stack = JSON.parse(files.get('terraform/region-oregon/cdk.tf.json')!);
    const groups = Object.values(stack.resource.aws_eks_node_group ?? {}) as { scaling_config: { desired_size: number; min_size: number } }[];
    expect(Math.max(...groups.map((g) => g.scaling_config.desired_size))).toBeGreaterThanOrEqual(2);
    expect(plan.databases.find((d) => d.id === 'docs')!.crossRegion).toEqual({ mode: 'none', targets: [] });
    expect(files.get('report.md')).not.toMatch(/asynchronous to\s*\|/);
  });

  test('THEN every Kubernetes object passes the Kubernetes models, in the namespaces of the spec tiers', () => {
    const objects = [...files].filter(([f]) => f.startsWith('kubernetes/') && f.endsWith('.yaml')).flatMap(([, text]) => parseAllDocuments(text).map((d) => d.toJSON())) as { kind: string; metadata?: { namespace?: string } }[];
    expect(objects.length).toBeGreaterThan(20);
    expect(validateK8sObjects(objects)).toEqual([]);
    const deployments = objects.filter((o) => o.kind === 'Deployment');
    expect(deployments.map((d) => d.metadata?.namespace).sort()).toEqual(['bronze', 'bronze', 'gold', 'gold']);
    // AND THEN the region runs both tiers, and its restore site holds the same Deployments for its restore tiers
    const folder = (dir: string) =>
      [...files].filter(([f]) => f.startsWith(`kubernetes/${dir}/`)).flatMap(([, text]) => parseAllDocuments(text).map((d) => d.toJSON())).filter((o) => o.kind === 'Deployment').map((d) => d.metadata.namespace).sort();
    expect(folder('oregon')).toEqual(['bronze', 'gold']);
    expect(plan.tiers.filter((t) => t.failover === 'restore').map((t) => t.namespace).sort()).toEqual(['bronze', 'gold']);
    expect(folder('restore-oregon')).toEqual(['bronze', 'gold']);
  });

  test('THEN the report states the spec figures: 2 zones, instance availability 99.5%, no caches', () => {
    const report = files.get('report.md')!;
    expect(report).toContain('us-west-2a, us-west-2b');
    expect(report).toContain('a = 99.5% per instance');
    expect(report).toContain('No caches.');
  });
});
