/**
 * constructs/plan-index.ts and the index the planner makes for it (Plan.identitiesByRegion): the lookups give what a
 * scan of the whole list gives, for every region and service of the reference plan and of a plan with more regions.
 */
import * as fs from 'fs';
import * as path from 'path';
import { regionIdentities, workloadIdentity } from '../../constructs/plan-index';
import { compile } from '../../synth/compile';
import type { Plan } from '../../synth/model/index';
import { indexIdentitiesByRegion } from '../../synth/plan/identity';
import { scaledSpec } from '../../bench/scale';
import { referencePlan, ROOT, SPEC_FILE } from '../helpers/reference';

const scaled = (): Plan => compile('scaled.yaml', scaledSpec(fs.readFileSync(path.join(ROOT, SPEC_FILE), 'utf8'), 2, 2), 'plan').plan!;

describe.each<{ what: string; plan: () => Plan }>([
  { what: 'the reference plan', plan: referencePlan },
  { what: 'a plan with twice the regions and services', plan: scaled },
])('GIVEN $what', ({ plan: make }) => {
  let plan: Plan;
  beforeAll(() => {
    plan = make();
  });

  test('THEN every identity is indexed once, under its own region, in plan order', () => {
    const listed = Object.entries(plan.identitiesByRegion).flatMap(([region, at]) => at.map((i) => ({ region, i })));
    expect(listed.map((x) => x.i).sort((a, b) => a - b)).toEqual(plan.identities.map((_, i) => i));
    for (const { region, i } of listed) expect(plan.identities[i].region).toBe(region);
    for (const at of Object.values(plan.identitiesByRegion)) expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(listed.length).toBeGreaterThan(0);
  });

  test('WHEN a region\'s identities and a workload\'s identity are looked up THEN they are what a scan of all identities gives (none for an unknown region or service)', () => {
    const regions = [...plan.regions.map((r) => r.id), ...plan.restoreSites.map((s) => s.region.id), 'no-such-region', 'constructor'];
    for (const region of regions) {
      expect(regionIdentities(plan, region)).toEqual(plan.identities.filter((i) => i.region === region));
      const services = [...new Set([...plan.identities.map((i) => i.service), 'no-such-service'])];
      for (const service of services) expect(workloadIdentity(plan, region, service)).toBe(plan.identities.find((i) => i.region === region && i.service === service));
    }
  });
});

test('GIVEN identities of three regions in mixed order WHEN indexed THEN each region lists its own, ascending', () => {
  const ids = ['a', 'b', 'a', 'c', 'b', 'a'].map((region) => ({ region }) as Plan['identities'][number]);
  expect(indexIdentitiesByRegion(ids)).toEqual({ a: [0, 2, 5], b: [1, 4], c: [3] });
});

test('GIVEN a region named like a property of every object WHEN indexed THEN it is a plain key', () => {
  const ids = ['constructor', 'toString'].map((region) => ({ region }) as Plan['identities'][number]);
  expect({ ...indexIdentitiesByRegion(ids) }).toEqual({ constructor: [0], toString: [1] });
});
