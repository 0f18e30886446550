/**
 * Prerequisites in the plan: opt-in regions avoided unless enabled, the state replica, and quota requests for
 * every default quota the plan exceeds (measured here from the plan's own regions, not from planQuotas).
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { AWS_OPT_IN_REGIONS, AWS_QUOTAS } from '../../../synth/catalog';
import { compile } from '../../../synth/compile';
import type { Plan } from '../../../synth/model/index';
import { planQuotas } from '../../../synth/plan/quotas';

const REFERENCE = readFileSync(path.join(__dirname, '..', '..', '..', 'platform.spec.yaml'), 'utf8');
const planOf = (text: string): Plan => {
  const r = compile('platform.spec.yaml', text, 'plan');
  if (!r.plan) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.path} ${d.message}`).join('\n'));
  return r.plan;
};
const reference = planOf(REFERENCE);

/** Every AWS region name the plan makes a provider or a copy target use. */
function awsRegionsUsed(plan: Plan): string[] {
  return [
    ...plan.regions.filter((r) => r.cloud === 'aws').flatMap((r) => [r.location, ...r.backup.copyTo]),
    plan.bootstrap.region,
    plan.bootstrap.replica.region,
    plan.backend.region,
  ];
}

describe('plan: opt-in regions', () => {
  test('GIVEN the reference spec (no opt-in) THEN no AWS region it uses is an opt-in region', () => {
    expect(reference.bootstrap.enableRegions).toEqual([]);
    expect(awsRegionsUsed(reference).filter((r) => AWS_OPT_IN_REGIONS.includes(r))).toEqual([]);
  });

  test('GIVEN ap-southeast-5 and eu-south-1 opted in THEN backup copies may use them and the bootstrap enables exactly those', () => {
    const text = REFERENCE.replace('region: us-east-1 }\n', 'region: us-east-1 }\n  awsOptInRegions: [eu-south-1, ap-southeast-5]\n');
    const plan = planOf(text);
    expect(plan.bootstrap.enableRegions).toEqual(['ap-southeast-5', 'eu-south-1']);
    // Kuala Lumpur is the nearest AWS region to Singapore, Milan one of the nearest EU regions to Frankfurt.
    expect(plan.regions.find((r) => r.id === 'ap-southeast')!.backup.copyTo).toContain('ap-southeast-5');
    for (const used of awsRegionsUsed(plan).filter((r) => AWS_OPT_IN_REGIONS.includes(r))) expect(plan.bootstrap.enableRegions).toContain(used);
  });
});

describe('plan: state bucket', () => {
  test('GIVEN the backend in us-east-1 THEN the bootstrap bucket is the backend bucket there, replicated to another region', () => {
    expect([reference.bootstrap.bucket, reference.bootstrap.region]).toEqual([reference.backend.bucket, reference.backend.region]);
    expect(reference.bootstrap.replica.region).not.toBe(reference.backend.region);
    expect(reference.bootstrap.replica.bucket).not.toBe(reference.backend.bucket);
    expect(reference.stacks.find((s) => s.name === reference.bootstrap.stack)!.wave).toBeLessThan(Math.min(...reference.stacks.filter((s) => s.kind !== 'bootstrap').map((s) => s.wave)));
  });
});

describe('plan: service quotas', () => {
  const used = (plan: Plan, regionId: string, measure: string): number => {
    const r = plan.regions.find((x) => x.id === regionId)!;
    const pools = r.cluster.nodePools;
    switch (measure) {
      case 'db-instances':
        return r.databases.reduce((s, d) => s + d.writers + d.readers, 0);
      case 'on-demand-standard-vcpus':
        return pools.filter((p) => p.capacityType === 'ON_DEMAND').reduce((s, p) => s + p.max * p.vcpu, 0);
      case 'spot-standard-vcpus':
        return pools.filter((p) => p.capacityType === 'SPOT').reduce((s, p) => s + p.max * p.vcpu, 0);
      default:
        return 0;
    }
  };

  test.each(['db-instances', 'on-demand-standard-vcpus', 'spot-standard-vcpus'])('GIVEN the reference spec THEN every AWS region over the default of %s requests at least what it uses', (measure) => {
    const q = AWS_QUOTAS.find((x) => x.measure === measure)!;
    for (const r of reference.regions.filter((x) => x.cloud === 'aws')) {
      const need = used(reference, r.id, measure);
      const request = reference.quotas.find((x) => x.region === r.id && x.quotaCode === q.quotaCode);
      if (need > q.defaultValue) {
        expect(request).toBeDefined();
        expect(request!.value).toBeGreaterThanOrEqual(need);
        expect(request!.location).toBe(r.location);
      } else {
        expect(request).toBeUndefined();
      }
    }
  });

  test('GIVEN the reference spec THEN 96 Aurora instances per AWS region exceed the default 40 and are requested', () => {
    // 8 x 6 + 2 x 6 + 6 x 6 = 96 (trading, users, history: shards x (writer + 5 readers))
    for (const r of reference.regions.filter((x) => x.cloud === 'aws')) {
      expect(reference.quotas.find((x) => x.region === r.id && x.serviceCode === 'rds' && x.name === 'DB instances')?.value).toBe(96);
    }
  });

  test('GIVEN a small spec THEN nothing is requested', () => {
    const small = REFERENCE.replace(/readReplicas: 5\n/g, 'readReplicas: 1\n').replace('shards: 8\n', 'shards: 1\n').replace('shards: 3\n', 'shards: 1\n');
    const plan = planOf(small);
    expect(plan.quotas.filter((q) => q.serviceCode === 'rds')).toEqual([]);
  });
});

describe('plan: GCP and Azure quotas, on the reference and the company specs', () => {
  const COMPANIES = path.join(__dirname, '..', '..', 'fixtures', 'companies');
  const specs: readonly (readonly [string, string])[] = [
    ['reference', REFERENCE],
    ...['notely', 'eurobank', 'shopasia'].map((c) => [c, readFileSync(path.join(COMPANIES, `${c}.spec.yaml`), 'utf8')] as const),
  ];
  /** Usage measured here from the node pools and databases of the plan, by the rule each quota states in its source. */
  const expected = (plan: Plan): string[] => {
    const out: string[] = [];
    const vcpus = (r: Plan['regions'][number], keep: (p: Plan['regions'][number]['cluster']['nodePools'][number]) => boolean) => r.cluster.nodePools.filter(keep).reduce((s, p) => s + p.max * p.vcpu, 0);
    const gcp = plan.regions.filter((r) => r.cloud === 'gcp');
    const projectOf = (id: string) => plan.gcpProjects.find((p) => p.region === id)!.project ?? id;
    for (const r of gcp) {
      if (vcpus(r, () => true) > 24) out.push(`${r.id} CPUS-per-project-region ${vcpus(r, () => true)}`);
      if (vcpus(r, (p) => p.instanceType.startsWith('n2-')) > 24) out.push(`${r.id} N2-CPUS-per-project-region ${vcpus(r, (p) => p.instanceType.startsWith('n2-'))}`);
    }
    for (const project of new Set(gcp.map((r) => projectOf(r.id)))) {
      const members = gcp.filter((r) => projectOf(r.id) === project).sort((a, b) => a.id.localeCompare(b.id));
      const total = members.reduce((s, r) => s + vcpus(r, () => true), 0);
      if (total > 32) out.push(`${members[0].id} CPUS-ALL-REGIONS-per-project ${total}`);
      const sql = members.reduce((s, r) => s + r.databases.reduce((a, d) => a + d.writers + d.readers, 0), 0);
      if (sql > 1000) out.push(`${members[0].id} instances-per-project ${sql}`);
    }
    for (const r of plan.regions.filter((x) => x.cloud === 'azure')) {
      const regular = vcpus(r, (p) => p.capacityType !== 'SPOT');
      const dsv5 = vcpus(r, (p) => p.capacityType !== 'SPOT' && /^Standard_D\d+s_v5$/.test(p.instanceType));
      const spot = vcpus(r, (p) => p.capacityType === 'SPOT');
      if (regular > 20) out.push(`${r.id} cores ${regular}`);
      if (dsv5 > 20) out.push(`${r.id} standardDSv5Family ${dsv5}`);
      if (spot > 20) out.push(`${r.id} lowPriorityCores ${spot}`);
      // Flexible servers: the writer and its zone-redundant standby, plus the read replicas, each of the SKU's vCores
      // (Standard_E16ds_v5 = 16); no published default, so any use is a prerequisite.
      const vcores = r.databases.reduce((s, d) => s + (2 * d.writers + d.readers) * Number(/^Standard_E(\d+)ds_v5$/.exec(d.instanceClass)![1]), 0);
      if (vcores > 0) out.push(`${r.id} Microsoft.DBforPostgreSQL/cores ${vcores}`);
    }
    for (const r of gcp) {
      const gb = r.caches.reduce((s, c) => s + Math.ceil(c.memoryGb), 0);
      if (gb > 1000) out.push(`${r.id} redis ${gb}`);
    }
    return out.sort();
  };

  test.each(specs)('GIVEN %s THEN every GCP / Azure quota the plan exceeds is requested (by the stack on GCP, as an az prerequisite on Azure), and nothing else', (_name, text) => {
    const plan = planOf(text);
    const got = plan.quotas.filter((q) => q.cloud !== 'aws');
    const key = (q: Plan['quotas'][number]) => (q.serviceCode === 'Microsoft.DBforPostgreSQL' ? `Microsoft.DBforPostgreSQL/${q.quotaCode}` : q.serviceCode === 'redis.googleapis.com' ? 'redis' : q.quotaCode);
    expect(got.map((q) => `${q.region} ${key(q)} ${q.value}`).sort()).toEqual(expected(plan));
    const mechanism: Record<string, string> = { 'sqladmin.googleapis.com': 'support case', 'compute.googleapis.com': 'google_cloud_quotas_quota_preference', 'redis.googleapis.com': 'cloud console', 'Microsoft.Compute': 'az quota create', 'Microsoft.DBforPostgreSQL': 'support case' };
    for (const q of got) {
      expect(q.mechanism).toBe(mechanism[q.serviceCode]);
      if (q.serviceCode === 'Microsoft.DBforPostgreSQL') expect(q.defaultValue).toBeUndefined();
      else expect(q.value).toBeGreaterThan(q.defaultValue!);
      expect(q.source).toMatch(/cloud\.google\.com|learn\.microsoft\.com/);
    }
  });

  test('GIVEN the reference THEN both GCP regions request CPUs (12 n2-standard-32 nodes at max = 384 each) and the shared project 768, Azure 9 regular + 3 spot D32s_v5 nodes', () => {
    // (5 reserved + 4 on-demand + 3 spot) x 32 vCPUs = 384 per GCP region; two regions of exchange-prod-failover = 768.
    expect(reference.quotas.filter((q) => q.cloud === 'gcp').map((q) => `${q.region} ${q.quotaCode} ${q.value}`).sort()).toEqual([
      'ap-southeast-gcp CPUS-ALL-REGIONS-per-project 768',
      'ap-southeast-gcp CPUS-per-project-region 384',
      'ap-southeast-gcp N2-CPUS-per-project-region 384',
      'us-central-gcp CPUS-per-project-region 384',
      'us-central-gcp N2-CPUS-per-project-region 384',
    ]);
    // (5 + 4) x 32 = 288 regular, 3 x 32 = 96 spot.
    expect(reference.quotas.filter((q) => q.serviceCode === 'Microsoft.Compute').map((q) => `${q.quotaCode} ${q.value}`).sort()).toEqual(['cores 288', 'lowPriorityCores 96', 'standardDSv5Family 288']);
  });
});

describe('plan: Azure Database for PostgreSQL flexible server vCores and Memorystore capacity', () => {
  test('GIVEN the reference (8 trading shards on Standard_E16ds_v5, 2 users shards on E8ds_v5, writer + 5 replicas each, zone-redundant HA) WHEN planned THEN eu-west-azure lists 1008 vCores as a support-request prerequisite', () => {
    // 60 servers: 8 x 6 x 16 + 2 x 6 x 8 = 864 vCores, plus each writer's zone-redundant standby of its SKU: 8 x 16 + 2 x 8 = 144.
    const r = reference.regions.find((x) => x.id === 'eu-west-azure')!;
    expect(r.databases.reduce((s, d) => s + d.writers + d.readers, 0)).toBe(60);
    const q = reference.quotas.filter((x) => x.serviceCode === 'Microsoft.DBforPostgreSQL');
    expect(q).toHaveLength(1);
    expect(q[0]).toEqual(expect.objectContaining({ region: 'eu-west-azure', location: 'westeurope', quotaCode: 'cores', mechanism: 'support case', planned: 1008, value: 1008 }));
    expect(q[0].defaultValue).toBeUndefined();
    expect(q[0].source).toMatch(/learn\.microsoft\.com\/azure\/postgresql/);
  });

  test('GIVEN the reference (Memorystore 26 + 13 GB per GCP region) THEN the 1 TB regional capacity default holds and nothing is requested', () => {
    expect(reference.quotas.filter((x) => x.serviceCode === 'redis.googleapis.com')).toEqual([]);
  });

  test('GIVEN a GCP region whose Memorystore instances hold 10 x 110 GB WHEN its quotas are planned THEN it lists a Quotas-page request for 1100 GB, and 9 x 110 GB stays under the 1 TB default', () => {
    const gcp = reference.regions.find((x) => x.id === 'us-central-gcp')!;
    const withCaches = (n: number) => ({ ...gcp, caches: Array.from({ length: n }, (_, i) => ({ ...gcp.caches[0], name: `c${i}`, memoryGb: 110 })) });
    const ctx = { diagnostics: [] } as unknown as Parameters<typeof planQuotas>[0];
    const over = planQuotas(ctx, [withCaches(10)]).filter((x) => x.serviceCode === 'redis.googleapis.com');
    expect(over).toEqual([expect.objectContaining({ region: 'us-central-gcp', mechanism: 'cloud console', location: 'us-central1', defaultValue: 1000, planned: 1100, value: 1100 })]);
    expect(planQuotas(ctx, [withCaches(9)]).filter((x) => x.serviceCode === 'redis.googleapis.com')).toEqual([]);
  });
});
