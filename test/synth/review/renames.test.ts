/**
 * Renames never destroy: a region, a service and a database renamed with `renamedFrom` (the fixture edits
 * the reference spec) plan exactly like the reference, and the Terraform output differs from the reference
 * only by resource addresses, each carried over by a `moved` block. Undeclared renames are suggested.
 */
import * as fs from 'fs';
import * as path from 'path';
import { synthTerraform } from '../../../constructs/terraform';
import { renameAddress } from '../../../constructs/terraform/stacks/base';
import { compile } from '../../../synth/compile';
import { review } from '../../../synth/review/index';
import { diffStack } from '../../../synth/review/terraform';
import { referencePlan, referenceStacks, ROOT, SPEC_FILE } from '../../helpers/reference';
import { validateTerraformStack } from '../../helpers/tf-schema';

const REFERENCE = fs.readFileSync(path.join(ROOT, SPEC_FILE), 'utf8');
const FIXTURE = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'review-rename', 'edits.json'), 'utf8')) as { edits: { find: string; replace: string }[] };
const renamed = FIXTURE.edits.reduce((text, e) => {
  expect(text.split(e.find)).toHaveLength(2);
  return text.replace(e.find, e.replace);
}, REFERENCE);

describe('declared renames', () => {
  const result = compile('spec.yaml', renamed, 'plan');
  const plan = result.plan!;

  test('GIVEN renamedFrom on a region, a service and a database WHEN planned THEN the plan is the reference plan plus the renames', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(plan.renames).toEqual([
      { kind: 'database', from: 'users', to: 'customers' },
      { kind: 'region', from: 'eu-central', to: 'frankfurt' },
      { kind: 'service', from: 'api-gateway', to: 'edge-api' },
    ]);
    const { renames: _renames, ...rest } = plan;
    expect(rest).toEqual(referencePlan());
  });

  describe('Terraform', () => {
    const stacks = synthTerraform(plan);
    const stackOf = (name: string) => stacks.get(`terraform/${name}/cdk.tf.json`) as any;

    test.each(referencePlan().stacks.map((s) => s.name))('GIVEN stack %s WHEN diffed against the reference THEN it only moves resources, each by a moved block', (name) => {
      const after = stackOf(name);
      const changes = diffStack(referenceStacks().get(name), after);
      expect(changes.filter((c) => c.action !== 'move')).toEqual([]);
      expect(changes.every((c) => c.changes.length === 0)).toBe(true);
      expect((after.moved ?? []).map((m: any) => [m.from, m.to])).toEqual(changes.map((c) => [c.movedFrom, c.address]));
      expect(validateTerraformStack(after)).toEqual([]);
    });

    test('GIVEN the renamed ids WHEN the moved blocks are read THEN they map the old addresses of each renamed id to the new ones', () => {
      const moved = (name: string) => new Map((stackOf(name).moved ?? []).map((m: any) => [m.from, m.to]));
      expect(moved('region-us-east').get('aws_rds_cluster.databases_cluster-users-shard-0')).toBe('aws_rds_cluster.databases_cluster-customers-shard-0');
      expect(moved('region-us-east').get('aws_lb_target_group.load-balancer_tg-api-gateway')).toBe('aws_lb_target_group.load-balancer_tg-edge-api');
      // Both renames in one address; the AWS location (eu-central-1) is not the region id.
      expect(moved('region-eu-central').get('aws_route53_record.private-dns_cname-users-shard-0_db_eu-central_internal')).toBe('aws_route53_record.private-dns_cname-customers-shard-0_db_frankfurt_internal');
      expect(moved('region-eu-central').has('aws_nat_gateway.network_nat-eu-central-1a')).toBe(false);
      expect(stackOf('region-eu-central').resource.aws_nat_gateway['network_nat-eu-central-1a']).toBeDefined();
      // Cloud names keep the deployed ids: nothing is replaced.
      expect(stackOf('region-us-east').resource.aws_rds_cluster['databases_cluster-customers-shard-0'].cluster_identifier).toBe(
        referenceStacks().get('region-us-east').resource.aws_rds_cluster['databases_cluster-users-shard-0'].cluster_identifier,
      );
    });

    test('GIVEN the renamed spec WHEN reviewed against the reference THEN no risk, no destroy, no create', () => {
      const files = (m: ReadonlyMap<string, unknown>) => new Map([...m].map(([k, v]) => [k, JSON.stringify(v)]));
      const base = new Map([...referenceStacks()].map(([k, v]) => [`terraform/${k}/cdk.tf.json`, v] as const));
      const r = review({ label: 'base', plan: referencePlan(), files: files(base), diagnostics: [] }, { label: 'head', plan, files: files(stacks), diagnostics: [] });
      expect(r.risks).toEqual([]);
      const total = r.stacks.reduce((n, s) => n + s.counts.add + s.counts.destroy + s.counts.replace + s.counts.change, 0);
      expect(total).toBe(0);
      expect(r.stacks.reduce((n, s) => n + s.counts.move, 0)).toBeGreaterThan(0);
    });
  });
});

describe('renameAddress', () => {
  const ctx = { renames: [{ from: 'users', to: 'customers' }], ids: ['users', 'users-archive', 'eu-central', 'eu-central-1', 'eu-central-1a'] };
  test.each([
    ['databases_cluster-users-shard-0', 'databases_cluster-customers-shard-0'],
    ['users', 'customers'],
    ['private-dns_cname-users_db_x.internal', 'private-dns_cname-customers_db_x.internal'],
    ['databases_cluster-users-archive-shard-0', 'databases_cluster-users-archive-shard-0'],
    ['superusers-x', 'superusers-x'],
    ['users_users', 'customers_customers'],
  ])('GIVEN %s WHEN users is renamed to customers THEN %s', (address, expected) => {
    expect(renameAddress(address, ctx)).toBe(expected);
  });

  test('GIVEN a region id that prefixes its location WHEN renamed THEN only the id is renamed', () => {
    const region = { renames: [{ from: 'eu-central', to: 'frankfurt' }], ids: ctx.ids };
    expect(renameAddress('network_nat-eu-central-1a', region)).toBe('network_nat-eu-central-1a');
    expect(renameAddress('cname-x_db_eu-central_internal', region)).toBe('cname-x_db_frankfurt_internal');
  });
});

describe('undeclared renames', () => {
  test('GIVEN ids renamed without renamedFrom WHEN reviewed THEN each is suggested with the line to add', () => {
    const undeclared = renamed.replace(/\n\s+renamedFrom: [a-z-]+/g, '').replace(/, renamedFrom: [a-z-]+/g, '');
    expect(undeclared).not.toContain('renamedFrom');
    const base = compile('base.yaml', REFERENCE, 'plan');
    const head = compile('head.yaml', undeclared, 'plan');
    const r = review({ label: 'base', spec: base.spec, plan: base.plan, diagnostics: [] }, { label: 'head', spec: head.spec, plan: head.plan, diagnostics: head.diagnostics });
    expect(r.renames.map((x) => x.suggestion)).toEqual(['regions.frankfurt.renamedFrom: eu-central', 'services.edge-api.renamedFrom: api-gateway', 'databases.customers.renamedFrom: users']);
  });

  test('GIVEN a renamedFrom that names a current id WHEN validated THEN renamed-from-conflict', () => {
    const r = compile('spec.yaml', REFERENCE.replace('  sessions:    { engine: redis,', '  sessions:    { renamedFrom: market-data-cache, engine: redis,'), 'validate');
    expect(r.diagnostics.map((d) => [d.code, d.path])).toEqual([['renamed-from-conflict', 'caches.sessions.renamedFrom']]);
  });
});
