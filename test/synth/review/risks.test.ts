/**
 * Risk flags, one fixture pair per flag: the reference spec (or one of its stacks / manifests) before, a
 * small edit after, and the exact flags expected. Plan-level flags compile the edited spec to its plan only;
 * Terraform and Kubernetes flags edit the shared reference output (no synthesis in this file).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments, stringify } from 'yaml';
import { compile } from '../../../synth/compile';
import { review, type ReviewSide } from '../../../synth/review/index';
import { referenceFiles, referencePlan, referenceStacks, ROOT, SPEC_FILE } from '../../helpers/reference';

const REFERENCE = fs.readFileSync(path.join(ROOT, SPEC_FILE), 'utf8');
const flags = (r: ReturnType<typeof review>) => r.risks.map((x) => [x.code, x.resource]);

describe('plan-level risks (spec edits)', () => {
  const base: ReviewSide = { label: 'base', plan: referencePlan(), diagnostics: [] };
  const headOf = (find: string, replace: string): ReviewSide => {
    expect(REFERENCE.includes(find)).toBe(true);
    const r = compile('spec.yaml', REFERENCE.replace(find, replace), 'plan');
    expect(r.plan).toBeDefined();
    return { label: 'head', plan: r.plan, diagnostics: r.diagnostics };
  };
  const standbys = ['ap-southeast-gcp', 'eu-west-azure', 'us-central-gcp'];

  test.each<[string, string, string, string[][]]>([
    [
      // Warm standbys run max(N + spare, zone-loss floor): the floor (above N + 2 here) keeps them where they were.
      // Reporting's floor was N + 2 = 4, now 3 (zone loss).
      'replicas-below-spare: spareInstances 2 -> 0',
      'spareInstances: 2 ',
      'spareInstances: 0 ',
      [...['ap-southeast', 'eu-central', 'us-east'].map((r) => ['replicas-below-spare', `reporting@${r}`])],
    ],
    [
      // api's warm standbys become pilot lights: 0 replicas, no PDB; the RTO of the api tier fails.
      'pdb-below-n + proof-fails: api tier failover automated -> manual',
      'api:       { rto: 15m, failover: automated',
      'api:       { rto: 15m, failover: manual',
      [
        ...standbys.map((r) => ['pdb-below-n', `accounts@${r}`]),
        ...standbys.map((r) => ['pdb-below-n', `api-gateway@${r}`]),
        ['proof-fails', 'rto:api'],
        ...standbys.map((r) => ['replicas-below-spare', `accounts@${r}`]),
        ...standbys.map((r) => ['replicas-below-spare', `api-gateway@${r}`]),
      ],
    ],
    [
      // Continuous backups keep the daily retention (and so do the databases' automated backups).
      'backup-shortened: daily retention 30d -> 7d',
      'daily: 30d',
      'daily: 7d',
      [
        ['backup-shortened', 'backup-rule:continuous'],
        ['backup-shortened', 'backup-rule:daily'],
        ['backup-shortened', 'database:history'],
        ['backup-shortened', 'database:trading'],
        ['backup-shortened', 'database:users'],
      ],
    ],
    [
      'backup-removed: copies 3 -> 2',
      'copies: 3 ',
      'copies: 2 ',
      [['backup-removed', 'backup-copies'], ...['ap-southeast', 'ap-southeast-gcp', 'eu-central', 'eu-west-azure', 'us-central-gcp', 'us-east'].map((r) => ['backup-removed', `backup-copy:${r}`])],
    ],
    ['proof-fails: DNS TTL 30s -> 300s breaks the trading RTO', '  ttl: 30s', '  ttl: 300s', [['proof-fails', 'rto:trading']]],
    // (reporting speaks http on its own port: a public gRPC service behind Azure's Application Gateway, or two
    // public services on one port, are refused at validate time)
    ['public-exposure: reporting becomes public', '    port: 8080\n    load: { rps: 500', '    port: 8081\n    public: true\n    load: { rps: 500', [['public-exposure', 'service:reporting']]],
    [
      // Without residency the EU region's backup copies are chosen without the EU constraint.
      'residency-changed: user-data no longer resident in the EU',
      ', residency: [eu] }',
      ' }',
      [['backup-removed', 'backup-copy:eu-central'], ['backup-removed', 'backup-copy:eu-west-azure'], ['residency-changed', 'data:user-data']],
    ],
  ])('GIVEN %s WHEN reviewed THEN exactly these flags', (_name, find, replace, expected) => {
    // WHEN
    const r = review(base, headOf(find, replace));
    // THEN
    expect(flags(r)).toEqual(expected);
    expect(r.risks.every((x) => x.reason.length > 0 && !x.accepted)).toBe(true);
  });

  test('GIVEN a residency row whose location changes jurisdiction WHEN reviewed THEN residency-changed names the row', () => {
    // GIVEN a hand-edited plan: the EU backup copy of users lands in London (GB)
    const after = structuredClone(referencePlan()) as any;
    const row = after.reports.residency.find((x: any) => x.kind === 'backup-copy');
    row.location = 'aws:eu-west-2';
    row.locationJurisdiction = 'uk';
    row.ok = false;
    // WHEN
    const r = review(base, { label: 'head', plan: after, diagnostics: [] });
    // THEN
    expect(flags(r)).toEqual([
      ['proof-fails', `residency:user-data/${row.what}#0`],
      ['residency-changed', `residency:user-data/${row.what}#0`],
    ]);
    expect(r.risks[1].reason).toContain('(eu) to aws:eu-west-2 (uk)');
  });

  test('GIVEN the same spec WHEN reviewed THEN nothing changes and no flag is raised', () => {
    const r = review(base, { label: 'head', plan: referencePlan(), diagnostics: [] });
    expect(r.risks).toEqual([]);
    expect(r.plan).toEqual([]);
    expect(r.cost.deltaMonthly).toBe(0);
  });
});

describe('Terraform risks (stack edits)', () => {
  const STACK = 'region-us-east';
  const file = `terraform/${STACK}/cdk.tf.json`;
  const side = (label: string, stack: unknown): ReviewSide => ({ label, plan: referencePlan(), files: new Map([[file, JSON.stringify(stack)]]), diagnostics: [] });
  const base = side('base', referenceStacks().get(STACK));
  const edited = (edit: (s: any) => void) => {
    const s = structuredClone(referenceStacks().get(STACK));
    edit(s);
    return side('head', s);
  };
  const at = (address: string) => `${STACK}/${address}`;

  test.each<[string, (s: any) => void, string[][]]>([
    ['destroy-stateful: a cache disappears', (s) => delete s.resource.aws_elasticache_replication_group['caches_redis-sessions'], [['destroy-stateful', at('aws_elasticache_replication_group.caches_redis-sessions')]]],
    [
      'replace-stateful: a database cluster identifier changes',
      (s) => (s.resource.aws_rds_cluster['databases_cluster-users-shard-0'].cluster_identifier = 'exchange-us-east-customers-shard-0'),
      [['replace-stateful', at('aws_rds_cluster.databases_cluster-users-shard-0')]],
    ],
    [
      // kms_key_id forces a new Aurora cluster: every cluster encrypted with the replaced key is replaced too.
      'replace-stateful: a KMS key becomes multi-region',
      (s) => (s.resource.aws_kms_key['key-rds_key'].multi_region = true),
      [
        ['replace-stateful', at('aws_kms_key.key-rds_key')],
        ...Object.entries(referenceStacks().get(STACK).resource.aws_rds_cluster)
          .filter(([, c]: [string, any]) => c.kms_key_id === '${aws_kms_key.key-rds_key.arn}')
          .map(([name]) => ['replace-stateful', at(`aws_rds_cluster.${name}`)]),
      ],
    ],
    [
      'network-widened: a new rule on an existing security group',
      (s) =>
        (s.resource.aws_vpc_security_group_ingress_rule['caches_access_sg-from-office'] = {
          from_port: 6379,
          to_port: 6379,
          ip_protocol: 'tcp',
          cidr_ipv4: '192.168.0.0/16',
          security_group_id: '${aws_security_group.caches_access_sg.id}',
        }),
      [['network-widened', at('aws_vpc_security_group_ingress_rule.caches_access_sg-from-office')]],
    ],
    [
      'iam-widened: a policy document gains an action',
      (s) => s.data.aws_iam_policy_document['network_flow-log-role_inline-document'].statement[1].actions.push('s3:*'),
      [['iam-widened', at('data.aws_iam_policy_document.network_flow-log-role_inline-document')]],
    ],
    [
      'public-exposure: a database instance becomes publicly accessible',
      (s) => (s.resource.aws_rds_cluster_instance['databases_instance-users-shard-0-0'].publicly_accessible = true),
      [['public-exposure', at('aws_rds_cluster_instance.databases_instance-users-shard-0-0')]],
    ],
    [
      'public-exposure: a rule opens a port to the internet',
      (s) =>
        (s.resource.aws_vpc_security_group_ingress_rule['lb_open'] = { from_port: 22, to_port: 22, ip_protocol: 'tcp', cidr_ipv4: '0.0.0.0/0', security_group_id: '${aws_security_group.brand-new.id}' }),
      [['public-exposure', at('aws_vpc_security_group_ingress_rule.lb_open')]],
    ],
    [
      'no flag: a new security group with its own rule guards something new',
      (s) => {
        s.resource.aws_security_group['brand-new'] = { name: 'brand-new', vpc_id: '${aws_vpc.network_vpc.id}' };
        s.resource.aws_vpc_security_group_ingress_rule['brand-new-from-nodes'] = { from_port: 80, to_port: 80, ip_protocol: 'tcp', referenced_security_group_id: '${aws_security_group.cluster_node-sg.id}', security_group_id: '${aws_security_group.brand-new.id}' };
      },
      [],
    ],
  ])('GIVEN %s WHEN reviewed THEN exactly these flags', (_name, edit, expected) => {
    expect(flags(review(base, edited(edit)))).toEqual(expected);
  });

  test('GIVEN a replaced database cluster WHEN reviewed THEN its instances are replaced too, by reference', () => {
    // GIVEN
    const head = edited((s) => (s.resource.aws_rds_cluster['databases_cluster-users-shard-0'].cluster_identifier = 'other'));
    // WHEN
    const stack = review(base, head).stacks[0];
    // THEN
    const cluster = stack.resources.find((r) => r.address === 'aws_rds_cluster.databases_cluster-users-shard-0')!;
    expect(cluster).toMatchObject({ action: 'replace', forcedBy: ['cluster_identifier'], changes: [{ path: 'cluster_identifier', before: 'users-shard-0', after: 'other' }] });
    const instances = Object.keys(referenceStacks().get(STACK).resource.aws_rds_cluster_instance).filter((k) => k.startsWith('databases_instance-users-shard-0-'));
    expect(instances.length).toBeGreaterThan(1);
    for (const i of instances) {
      const r = stack.resources.find((x) => x.address === `aws_rds_cluster_instance.${i}`)!;
      expect(r.action).toBe('replace');
      expect(r.forcedBy).toEqual(['cluster_identifier (references aws_rds_cluster.databases_cluster-users-shard-0, replaced)']);
    }
    expect(stack.counts.replace).toBe(instances.length + 1);
  });

  test('GIVEN a resource renamed with a moved block WHEN reviewed THEN it is moved, not destroyed', () => {
    // GIVEN
    const head = edited((s) => {
      const groups = s.resource.aws_elasticache_replication_group;
      groups['caches_redis-sessions-v2'] = groups['caches_redis-sessions'];
      delete groups['caches_redis-sessions'];
      s.moved = [{ from: 'aws_elasticache_replication_group.caches_redis-sessions', to: 'aws_elasticache_replication_group.caches_redis-sessions-v2' }];
    });
    // WHEN
    const r = review(base, head);
    // THEN
    expect(r.stacks[0].resources).toEqual([{ address: 'aws_elasticache_replication_group.caches_redis-sessions-v2', type: 'aws_elasticache_replication_group', action: 'move', movedFrom: 'aws_elasticache_replication_group.caches_redis-sessions', changes: [] }]);
    expect(r.risks).toEqual([]);
  });
});

describe('Kubernetes risks (manifest edits)', () => {
  const CLUSTER = 'us-east';
  const objectsFile = (name: string) => `kubernetes/${CLUSTER}/${name}`;
  const side = (label: string, name: string, text: string): ReviewSide => ({ label, plan: referencePlan(), files: new Map([[objectsFile(name), text]]), diagnostics: [] });
  const edit = (name: string, change: (docs: any[]) => any[]) => {
    const text = referenceFiles().get(objectsFile(name))!;
    const docs = parseAllDocuments(text).map((d) => d.toJS());
    return change(docs).map((d) => stringify(d)).join('---\n');
  };

  test('GIVEN a NetworkPolicy that gains an ingress peer WHEN reviewed THEN network-widened names it', () => {
    const head = edit('accounts.yaml', (docs) => {
      const np = docs.find((d) => d.kind === 'NetworkPolicy');
      np.spec.ingress = [...(np.spec.ingress ?? []), { from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }];
      return docs;
    });
    const r = review(side('base', 'accounts.yaml', referenceFiles().get(objectsFile('accounts.yaml'))!), side('head', 'accounts.yaml', head));
    expect(flags(r)).toEqual([['network-widened', `${CLUSTER}/NetworkPolicy/api/accounts`]]);
  });

  test('GIVEN a namespace default-deny that disappears WHEN reviewed THEN network-widened names it', () => {
    const name = '01-network-policies.yaml';
    const head = edit(name, (docs) => docs.filter((d) => d.metadata.namespace !== 'api'));
    const r = review(side('base', name, referenceFiles().get(objectsFile(name))!), side('head', name, head));
    expect(flags(r)).toEqual([['network-widened', `${CLUSTER}/NetworkPolicy/api/default-deny`]]);
    expect(r.clusters[0].objects).toEqual([expect.objectContaining({ id: 'NetworkPolicy/api/default-deny', action: 'delete' })]);
  });
});
