/**
 * Prerequisites in the plan: opt-in regions avoided unless enabled, the state replica, and quota requests for
 * every default quota the plan exceeds (measured here from the plan's own regions, not from planQuotas).
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { AWS_OPT_IN_REGIONS, AWS_QUOTAS } from '../../../synth/catalog';
import { compile } from '../../../synth/compile';
import type { Plan } from '../../../synth/model/index';

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

  test('GIVEN the reference spec THEN 78 Aurora instances per AWS region exceed the default 40 and are requested', () => {
    // 8 x 6 + 2 x 6 + 3 x 6 = 78 (trading, users, history: shards x (writer + 5 readers))
    for (const r of reference.regions.filter((x) => x.cloud === 'aws')) {
      expect(reference.quotas.find((x) => x.region === r.id && x.serviceCode === 'rds' && x.name === 'DB instances')?.value).toBe(78);
    }
  });

  test('GIVEN a small spec THEN nothing is requested', () => {
    const small = REFERENCE.replace(/readReplicas: 5\n/g, 'readReplicas: 1\n').replace('shards: 8\n', 'shards: 1\n').replace('shards: 3\n', 'shards: 1\n');
    const plan = planOf(small);
    expect(plan.quotas.filter((q) => q.serviceCode === 'rds')).toEqual([]);
  });
});
