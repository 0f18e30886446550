import { DATABASE_ROLES_HANDLER_SOURCE } from '../../../constructs/aws/database-roles-handler';
import { BOOTSTRAP_HANDLER_SOURCE } from '../../../constructs/aws/gitops-bootstrap-handler';
import * as fs from 'fs';
import * as path from 'path';
import { synthTerraform } from '../../../constructs/terraform';
import { compile } from '../../../synth/compile';
import type { Plan } from '../../../synth/model/index';
import { awsRegions, deepClone, referencePlan, referenceStacks, refTo, regionsOf, regionStack, resources, ROOT, withoutSensitiveVariables } from '../terraform/fixture';

const plan = referencePlan();
const regions = awsRegions();
const instances = regions.flatMap((r) => r.databases.map((d) => [r.id, d.name, r, d] as const));

/** Strings of a JSON value. */
const strings = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(strings) : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : [];

describe.each(instances)('Aurora cluster %s/%s', (_r, _n, region, instance) => {
  const stack = regionStack(region);
  const database = plan.databases.find((d) => d.id === instance.database)!;
  const cluster = resources(stack, 'aws_rds_cluster').find((c) => c.cluster_identifier === instance.name);
  const clusterRef = refTo(stack, 'aws_rds_cluster', (c) => c.cluster_identifier === instance.name, 'id');
  const members = resources(stack, 'aws_rds_cluster_instance').filter((i) => i.cluster_identifier === clusterRef);

  test('is encrypted, protected, private and without a password in the configuration', () => {
    expect(cluster).toEqual(
      expect.objectContaining({
        engine: 'aurora-postgresql',
        storage_encrypted: true,
        deletion_protection: true,
        manage_master_user_password: true,
        copy_tags_to_snapshot: true,
        skip_final_snapshot: false,
      }),
    );
    expect(cluster.kms_key_id).toMatch(/^\$\{aws_kms_key\./);
    expect(cluster.master_password).toBeUndefined();
  });

  test('backup retention and slow query threshold come from the plan', () => {
    expect(cluster.backup_retention_period).toBe(database.backupRetentionDays);
    const pgName = /^\$\{aws_rds_cluster_parameter_group\.([^.]+)\.name\}$/.exec(cluster.db_cluster_parameter_group_name)![1];
    const pg = stack.resource.aws_rds_cluster_parameter_group[pgName];
    expect(pg.parameter).toContainEqual(expect.objectContaining({ name: 'log_min_duration_statement', value: String(database.slowQueryMs) }));
  });

  test('the parameter group refuses plaintext connections (rds.force_ssl; Aurora PostgreSQL defaults to off)', () => {
    const pgName = /^\$\{aws_rds_cluster_parameter_group\.([^.]+)\.name\}$/.exec(cluster.db_cluster_parameter_group_name)![1];
    expect(stack.resource.aws_rds_cluster_parameter_group[pgName].parameter).toContainEqual(expect.objectContaining({ name: 'rds.force_ssl', value: '1' }));
  });

  test('carries the plan tags (including the AWS Backup selection tag)', () => {
    expect(cluster.tags).toEqual(expect.objectContaining(instance.tags));
    expect(region.backup.selections.map((x) => x.name)).toContain(cluster.tags[region.backup.selectionTagKey]);
  });

  test('has the planned writers and readers, spread over the planned zones in order', () => {
    expect(members).toHaveLength(instance.writers + instance.readers);
    const ordered = [...members].sort((a, b) => Number(a.identifier.split('-').pop()) - Number(b.identifier.split('-').pop()));
    expect(ordered.filter((m) => m.tags.role === 'reader')).toHaveLength(instance.readers);
    expect(ordered.filter((m) => m.tags.role === 'writer')).toHaveLength(instance.writers);
    expect(ordered.map((m) => m.availability_zone)).toEqual(ordered.map((_, k) => instance.zones[k % instance.zones.length]));
    for (const m of members) {
      expect(m).toEqual(expect.objectContaining({ instance_class: instance.instanceClass, publicly_accessible: false, performance_insights_enabled: true }));
      expect(m.performance_insights_kms_key_id).toMatch(/^\$\{aws_kms_key\./);
    }
  });

  test('lives in the data subnets behind a security group open to the cluster nodes only', () => {
    const sgName = /^\$\{aws_security_group\.([^.]+)\.id\}$/.exec(cluster.vpc_security_group_ids[0])![1];
    const rules = resources(stack, 'aws_vpc_security_group_ingress_rule').filter((r) => r.security_group_id === `\${aws_security_group.${sgName}.id}`);
    const nodeSg = refTo(stack, 'aws_security_group', (s) => s.name === `${region.cluster.name}-nodes`, 'id');
    const port = region.workloads.flatMap((w) => w.endpoints).find((e) => e.host === instance.host)?.port ?? cluster.port;
    // The cluster nodes, plus the DMS replication instances where a feed reads this region's primaries, plus the
    // database role function where the region plans roles.
    const from = (sg: string) => expect.objectContaining({ referenced_security_group_id: sg, from_port: port, to_port: port, ip_protocol: 'tcp' });
    const dms = plan.replication.some((r) => r.primary === region.id) ? [from(refTo(stack, 'aws_security_group', (s) => s.name.endsWith('-replication'), 'id'))] : [];
    const roles = plan.databaseRoles.find((r) => r.region === region.id);
    const fn = roles ? [from(refTo(stack, 'aws_security_group', (s) => s.name === roles.name, 'id'))] : [];
    const expected = [from(nodeSg), ...dms, ...fn];
    expect(rules).toHaveLength(expected.length);
    expect(rules).toEqual(expect.arrayContaining(expected));
    const sgId = /^\$\{aws_db_subnet_group\.([^.]+)\.name\}$/.exec(cluster.db_subnet_group_name)![1];
    const dataRefs = region.subnets.filter((s) => s.kind === 'data').map((s) => refTo(stack, 'aws_subnet', (x) => x.tags?.Name === s.name, 'id'));
    expect([...stack.resource.aws_db_subnet_group[sgId].subnet_ids].sort()).toEqual(dataRefs.sort());
  });
});

describe('databases across stacks', () => {
  const stacks = referenceStacks();

  test('no stack sets a database password, nothing is publicly accessible, all storage is encrypted', () => {
    for (const stack of stacks.values()) {
      for (const c of resources(stack, 'aws_rds_cluster')) {
        expect(c.storage_encrypted).toBe(true);
        expect(c.master_password).toBeUndefined();
      }
      for (const i of resources(stack, 'aws_rds_cluster_instance')) expect(i.publicly_accessible).toBe(false);
      // Generated passwords (random_password, in state) are referenced, never written; `no-password-required` is the
      // disabled `default` ElastiCache user.
      // (Output descriptions are prose; output values are references, checked with the rest.)
      const outputValues = Object.values<any>(stack.output ?? {}).map((o) => o.value);
      expect(strings(withoutSensitiveVariables({ ...stack, output: outputValues })).filter((s) => /password/i.test(s) && !/manage_master_user_password/.test(s) && !/random_password\.[\w-]+\.result/.test(s) && !/^random_password$/.test(s) && !/^(standby_replication_password|password_auth_enabled|administrator_password)$/.test(s) && !/outputs\.standby_replication_password/.test(s) && s !== 'no-password-required' && s !== DATABASE_ROLES_HANDLER_SOURCE && s !== BOOTSTRAP_HANDLER_SOURCE && s !== 'password')).toEqual([]);
    }
  });

  test('standby entries of GCP/Azure regions create no AWS databases there', () => {
    for (const region of [...regionsOf('gcp'), ...regionsOf('azure')]) {
      expect(region.databases.length).toBeGreaterThan(0);
      const stack = regionStack(region);
      expect(stack.resource?.aws_rds_cluster).toBeUndefined();
      expect(stack.provider.aws).toBeUndefined();
    }
  });

  test('no global cluster where the plan does not replicate between AWS regions', () => {
    const awsIds = new Set(awsRegions().map((r) => r.id));
    const replicatesInAws = plan.databases.some((d) => d.crossRegion.targets.some((t) => awsIds.has(t)));
    const globals = [...stacks.values()].flatMap((s) => resources(s, 'aws_rds_global_cluster'));
    if (!replicatesInAws) expect(globals).toEqual([]);
  });
});

describe('Aurora global clusters when the plan replicates to an AWS failover region', () => {
  // GIVEN the reference spec with us-east's failover region moved to AWS (us-east-2), planned by the planner
  const variant: Plan = (() => {
    const text = fs
      .readFileSync(path.join(ROOT, 'platform.spec.yaml'), 'utf8')
      .replace('us-central-gcp:   { cloud: gcp,   location: us-central1, ', 'us-central-gcp:   { cloud: aws,   location: us-east-2,   ')
      // (an AWS region has no GCP project)
      .replace(/(us-central-gcp:[^\n]*?) project: [a-z0-9-]+,/, '$1');
    const r = compile('platform.spec.yaml', text, 'plan');
    if (!r.plan) throw new Error(JSON.stringify(r.diagnostics.filter((d) => d.severity === 'error')));
    return r.plan;
  })();
  const primary = variant.regions.find((r) => r.id === 'us-east')!;
  const failover = variant.regions.find((r) => r.id === primary.failoverRegion)!;
  // WHEN synthesized
  // (only the two stacks concerned)
  const files = synthTerraform({ ...variant, stacks: variant.stacks.filter((s) => s.region === primary.id || s.region === failover.id) });
  const primaryStack = files.get(`terraform/region-${primary.id}/cdk.tf.json`) as any;
  const failoverStack = files.get(`terraform/region-${failover.id}/cdk.tf.json`) as any;
  const replicated = primary.databases.filter((i) => variant.databases.find((d) => d.id === i.database)!.crossRegion.targets.includes(failover.id));

  test('the plan decides the membership: every replicated primary shard sources a global cluster, its standby joins it', () => {
    expect(replicated.length).toBeGreaterThan(0);
    for (const i of replicated) expect(i.globalCluster).toEqual({ identifier: `${variant.name}-${primary.id}-${i.name}`, role: 'primary' });
    for (const i of failover.databases.filter((d) => replicated.some((r) => r.name === d.name))) {
      expect(i.globalCluster).toEqual({ identifier: `${variant.name}-${primary.id}-${i.name}`, role: 'secondary' });
    }
  });

  test('the primary region sources one global cluster per replicated shard', () => {
    expect(replicated.length).toBeGreaterThan(0);
    const globals = resources(primaryStack, 'aws_rds_global_cluster');
    expect(globals).toHaveLength(replicated.length);
    for (const i of replicated) {
      const src = refTo(primaryStack, 'aws_rds_cluster', (c) => c.cluster_identifier === i.name, 'arn');
      expect(globals.filter((g) => g.source_db_cluster_identifier === src)).toHaveLength(1);
    }
  });

  test('the failover region joins them as secondaries (no master credentials of its own)', () => {
    const globalIds = new Set(resources(primaryStack, 'aws_rds_global_cluster').map((g) => g.global_cluster_identifier));
    const secondaries = resources(failoverStack, 'aws_rds_cluster').filter((c) => c.global_cluster_identifier !== undefined);
    expect(secondaries).toHaveLength(failover.databases.filter((d) => d.role === 'standby' && replicated.some((r) => r.name === d.name)).length);
    for (const c of secondaries) {
      expect(globalIds.has(c.global_cluster_identifier)).toBe(true);
      expect(c.master_username).toBeUndefined();
      expect(c.manage_master_user_password).toBeUndefined();
      expect(c.storage_encrypted).toBe(true);
    }
  });
});
