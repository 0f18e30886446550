/**
 * The policy rules: what `platform check` (and the end of `platform synth`) requires of the GENERATED
 * output, one entry per rule with a stable id. Rules read the Terraform stacks and Kubernetes manifests
 * through output.ts, never the plan or the constructs, so they judge what really ships; each names the
 * resource types and attributes it reads (docs/policy.md is generated from this table: `npm run docs`).
 *
 * A value the rule cannot prove (an interpolation, a missing attribute whose default is unsafe) is a
 * finding: the output must say it, not rely on an account default.
 */
import {
  blocks,
  isFalse,
  isObject,
  isSet,
  isTrue,
  list,
  references,
  refersTo,
  toInt,
  type CheckedOutput,
  type K8sObject,
  type TfResource,
  type TfStack,
} from './output';

export interface Hit {
  readonly at: TfResource | K8sObject;
  readonly message: string;
}

export interface PolicyRule {
  readonly id: string;
  readonly scope: 'terraform' | 'kubernetes';
  /** One line: what the rule requires. */
  readonly title: string;
  /** What it reads, per resource type (docs/policy.md). */
  readonly checks: readonly string[];
  readonly check: (out: CheckedOutput) => readonly Hit[];
}

// ---- Terraform helpers --------------------------------------------------------------------------

function each(out: CheckedOutput, types: readonly string[], fn: (r: TfResource, stack: TfStack) => string | readonly string[] | undefined): Hit[] {
  const hits: Hit[] = [];
  for (const stack of out.stacks) {
    for (const type of types) {
      for (const r of stack.ofType(type)) {
        const result = fn(r, stack);
        for (const message of typeof result === 'string' ? [result] : result ?? []) hits.push({ at: r, message });
      }
    }
  }
  return hits;
}

/** The resource of `type` in the stack that `x` refers to, or whose `attribute` equals the literal `x`. */
function resolve(stack: TfStack, type: string, x: unknown, attribute: string): TfResource | undefined {
  for (const address of references(x)) {
    const [t, n] = address.split('.');
    if (t === type) return stack.get(t, n);
  }
  return typeof x === 'string' && x !== '' ? stack.ofType(type).find((r) => r.body[attribute] === x) : undefined;
}

/** Resources of `type` whose `attribute` refers to `target` (or names it literally by `targetAttribute`). */
function attached(stack: TfStack, type: string, attribute: string, target: TfResource, targetAttribute: string): TfResource[] {
  return stack.ofType(type).filter((r) => refersTo(r.body[attribute], target) || (isSet(target.body[targetAttribute]) && r.body[attribute] === target.body[targetAttribute]));
}

const settings = (r: TfResource): Record<string, any> => blocks(r.body.settings)[0] ?? {};
const ipConfiguration = (r: TfResource): Record<string, any> => blocks(settings(r).ip_configuration)[0] ?? {};

/** A parameter of an RDS parameter group, by name (case-insensitive), as a lower-case string. */
function parameter(group: TfResource | undefined, name: string): string | undefined {
  const p = blocks(group?.body.parameter).find((x) => String(x.name).toLowerCase() === name);
  return p === undefined ? undefined : String(p.value).toLowerCase();
}

/** The TLS parameter an RDS engine needs set to refuse plaintext connections (default off). */
function tlsParameter(engine: unknown): readonly [name: string, on: readonly string[]] | undefined {
  const e = String(engine ?? '');
  if (e.includes('postgres')) return ['rds.force_ssl', ['1']];
  if (e.includes('mysql') || e === 'mariadb') return ['require_secure_transport', ['1', 'on']];
  return undefined;
}

const WORLD_CIDRS = new Set(['0.0.0.0/0', '::/0']);
/** Azure NSG source prefixes meaning "any address on the internet". */
const AZURE_WORLD = new Set(['*', 'internet', 'any', '0.0.0.0/0', '::/0', '0.0.0.0']);

type Range = readonly [lo: number, hi: number];
const ALL_PORTS: Range = [0, 65535];

function portsText(ranges: readonly Range[]): string {
  return ranges.map(([lo, hi]) => (lo === 0 && hi === 65535 ? 'all ports' : lo === hi ? `${lo}` : `${lo}-${hi}`)).join(', ');
}

/** The ranges not inside `allowed`, or [] when every port is a public listener port. */
function outside(ranges: readonly Range[], allowed: ReadonlySet<number>): Range[] {
  return ranges.filter(([lo, hi]) => {
    if (hi - lo + 1 > allowed.size) return true;
    for (let p = lo; p <= hi; p++) if (!allowed.has(p)) return true;
    return false;
  });
}

function worldIngress(r: TfResource, stack: TfStack, out: CheckedOutput, source: string, protocol: unknown, ranges: readonly Range[]): string | undefined {
  const allowed = out.publicPorts(stack.name);
  const proto = String(protocol ?? '').toLowerCase();
  const portless = !['tcp', 'udp', '6', '17'].includes(proto);
  const bad = portless ? [ALL_PORTS] : outside(ranges, allowed);
  if (!bad.length) return undefined;
  const what = portless ? `protocol ${proto || 'unset'} (${proto === '-1' || proto === 'all' || proto === '*' ? 'all traffic' : 'not a listener'})` : `${proto} ${portsText(bad)}`;
  const listeners = allowed.size ? `only the public listener ports of ${stack.name} (${[...allowed].sort((a, b) => a - b).join(', ')})` : `${stack.name} has no public listener port`;
  return `allows ${what} from ${source}; ${listeners} may be reachable from the internet`;
}

function awsRange(from: unknown, to: unknown): Range {
  const lo = toInt(from);
  const hi = toInt(to);
  return lo === undefined || hi === undefined || lo < 0 ? ALL_PORTS : [lo, hi];
}

/** `"80"`, `"8000-8080"`, `"*"` (Azure, GCP port strings). */
function portString(x: unknown): Range {
  const s = String(x ?? '').trim();
  if (s === '' || s === '*') return ALL_PORTS;
  const m = /^(\d+)(?:-(\d+))?$/.exec(s);
  return m ? [Number(m[1]), Number(m[2] ?? m[1])] : ALL_PORTS;
}

/** Whether an IPv4 range lies inside one RFC 1918 block (a firewall rule that opens nothing public). */
function privateRange(start: unknown, end: unknown): boolean {
  const n = (ip: unknown) => {
    const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(String(ip ?? ''));
    return m ? ((Number(m[1]) << 24) >>> 0) + (Number(m[2]) << 16) + (Number(m[3]) << 8) + Number(m[4]) : undefined;
  };
  const a = n(start);
  const b = n(end);
  if (a === undefined || b === undefined) return false;
  const blocks_: readonly Range[] = [
    [0x0a000000, 0x0affffff],
    [0xac100000, 0xac1fffff],
    [0xc0a80000, 0xc0a8ffff],
  ];
  return blocks_.some(([lo, hi]) => a >= lo && b <= hi && a <= b);
}

/** Whether an AWS Backup selection of the stack (with a plan that has a rule) selects `r`. */
function backupCovered(stack: TfStack, r: TfResource): boolean {
  const tags = isObject(r.body.tags) ? r.body.tags : {};
  return stack.ofType('aws_backup_selection').some((s) => {
    const plan = resolve(stack, 'aws_backup_plan', s.body.plan_id, 'id');
    if (!plan || !blocks(plan.body.rule).length) return false;
    if (list(s.body.not_resources).some((x) => refersTo(x, r))) return false;
    const byResource = list(s.body.resources).some((x) => x === '*' || refersTo(x, r));
    const byTag = blocks(s.body.selection_tag).some((t) => String(t.type).toUpperCase() === 'STRINGEQUALS' && isSet(t.key) && tags[t.key] === t.value);
    return byResource || byTag;
  });
}

/** Whether a management lock that forbids deletion covers `r` (on it or on its resource group). */
function deletionLocked(stack: TfStack, r: TfResource): boolean {
  const group = resolve(stack, 'azurerm_resource_group', r.body.resource_group_name, 'name');
  return stack.ofType('azurerm_management_lock').some((lock) => {
    if (!['CanNotDelete', 'ReadOnly'].includes(String(lock.body.lock_level))) return false;
    return refersTo(lock.body.scope, r) || (group !== undefined && refersTo(lock.body.scope, group));
  });
}

// ---- Kubernetes helpers -------------------------------------------------------------------------

/** Kinds that run pods, and where their pod spec is. */
const POD_SPEC: Readonly<Record<string, (body: any) => unknown>> = {
  Pod: (b) => b.spec,
  Deployment: (b) => b.spec?.template?.spec,
  StatefulSet: (b) => b.spec?.template?.spec,
  DaemonSet: (b) => b.spec?.template?.spec,
  ReplicaSet: (b) => b.spec?.template?.spec,
  Job: (b) => b.spec?.template?.spec,
  CronJob: (b) => b.spec?.jobTemplate?.spec?.template?.spec,
};
/** Kinds whose pods run to completion: probes do not apply. */
const RUN_TO_COMPLETION = new Set(['Job', 'CronJob']);

interface Container {
  readonly name: string;
  readonly init: boolean;
  readonly body: Record<string, any>;
  readonly pod: Record<string, any>;
}

function runsPods(o: K8sObject): boolean {
  return o.kind in POD_SPEC;
}

function containers(o: K8sObject): Container[] {
  const spec = POD_SPEC[o.kind]?.(o.body);
  if (!isObject(spec)) return [];
  return [
    ...list(spec.initContainers).filter(isObject).map((c) => ({ name: String(c.name), init: true, body: c, pod: spec })),
    ...list(spec.containers).filter(isObject).map((c) => ({ name: String(c.name), init: false, body: c, pod: spec })),
  ];
}

function eachContainer(out: CheckedOutput, fn: (c: Container, o: K8sObject) => string | undefined): Hit[] {
  const hits: Hit[] = [];
  for (const o of out.objects.filter(runsPods)) {
    for (const c of containers(o)) {
      const problem = fn(c, o);
      if (problem) hits.push({ at: o, message: `${c.init ? 'init container' : 'container'} ${c.name}: ${problem}` });
    }
  }
  return hits;
}

const ns = (o: K8sObject): string => o.namespace ?? 'default';
/** A cluster and a namespace as one key. */
const placeOf = (cluster: string, namespace: string): string => `${cluster}\u0000${namespace}`;
/** An object's cluster and namespace as one key. */
const place = (o: K8sObject): string => placeOf(o.cluster, ns(o));
/** Objects by their cluster and namespace, each list in the objects' order. */
function byPlace(objects: readonly K8sObject[]): Map<string, K8sObject[]> {
  const out = new Map<string, K8sObject[]>();
  for (const o of objects) {
    const list = out.get(place(o));
    if (list) list.push(o);
    else out.set(place(o), [o]);
  }
  return out;
}

/** Kubernetes label selector semantics (matchLabels and matchExpressions, all must hold). */
function selects(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  if (!isObject(selector)) return false;
  const matchLabels = isObject(selector.matchLabels) ? selector.matchLabels : {};
  const expressions = list(selector.matchExpressions).filter(isObject);
  if (!Object.keys(matchLabels).length && !expressions.length) return true;
  return (
    Object.entries(matchLabels).every(([k, v]) => labels[k] === v) &&
    expressions.every((e) => {
      const has = e.key in labels;
      const values = list(e.values).map(String);
      switch (e.operator) {
        case 'In':
          return has && values.includes(labels[e.key]);
        case 'NotIn':
          return !has || !values.includes(labels[e.key]);
        case 'Exists':
          return has;
        case 'DoesNotExist':
          return !has;
        default:
          return false;
      }
    })
  );
}

function emptySelector(selector: unknown): boolean {
  return selector === undefined || selector === null || (isObject(selector) && !Object.keys(selector.matchLabels ?? {}).length && !list(selector.matchExpressions).length);
}

/** A NetworkPolicy that denies all ingress and egress of every pod of its namespace. */
function defaultDeny(o: K8sObject): boolean {
  const spec = isObject(o.body.spec) ? o.body.spec : {};
  const types = list(spec.policyTypes).map(String);
  return emptySelector(spec.podSelector) && types.includes('Ingress') && types.includes('Egress') && !list(spec.ingress).length && !list(spec.egress).length;
}

/** Why an image reference is not pinned, or undefined: a digest, or a tag other than `latest`. */
function unpinned(image: unknown): string | undefined {
  if (typeof image !== 'string' || image.trim() === '') return 'has no image';
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return undefined;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  if (colon < 0) return `image ${image} has no tag (pulls latest)`;
  const tag = lastSegment.slice(colon + 1);
  return tag === 'latest' || tag === '' ? `image ${image} uses the tag latest` : undefined;
}

/** Annotations that make a Service of type LoadBalancer internal (GKE, AKS, AWS load balancer controller / in-tree). */
const INTERNAL_LB: readonly (readonly [annotation: string, values: readonly string[]])[] = [
  ['networking.gke.io/load-balancer-type', ['internal']],
  ['cloud.google.com/load-balancer-type', ['internal']],
  ['service.beta.kubernetes.io/azure-load-balancer-internal', ['true']],
  ['service.beta.kubernetes.io/aws-load-balancer-internal', ['true']],
  ['service.beta.kubernetes.io/aws-load-balancer-scheme', ['internal']],
];

/** Ports a Kubernetes object opens to the whole internet (external load balancer without source ranges). */
function worldOpenPorts(o: K8sObject): number[] {
  const spec = isObject(o.body.spec) ? o.body.spec : {};
  if (o.kind === 'Service') {
    if (spec.type !== 'LoadBalancer') return [];
    const annotations = isObject(o.body.metadata?.annotations) ? o.body.metadata.annotations : {};
    if (INTERNAL_LB.some(([a, values]) => values.includes(String(annotations[a] ?? '').toLowerCase()))) return [];
    const ranges = [...list(spec.loadBalancerSourceRanges), ...String(annotations['service.beta.kubernetes.io/load-balancer-source-ranges'] ?? '').split(',')]
      .map((r) => String(r).trim())
      .filter((r) => r !== '');
    if (ranges.length && !ranges.some((r) => WORLD_CIDRS.has(r))) return [];
    return list(spec.ports).map((p) => toInt(p?.port)).filter((p): p is number => p !== undefined);
  }
  if (o.kind === 'Gateway' && String(o.body.apiVersion ?? '').startsWith('gateway.networking.k8s.io/')) {
    if (/internal|rilb/.test(String(spec.gatewayClassName ?? ''))) return [];
    return list(spec.listeners).map((l) => toInt(l?.port)).filter((p): p is number => p !== undefined);
  }
  return [];
}

// ---- the table ----------------------------------------------------------------------------------

export const POLICY_RULES: readonly PolicyRule[] = [
  {
    id: 'data-store-encrypted-at-rest',
    scope: 'terraform',
    title: 'Every database and cache stores its data encrypted.',
    checks: [
      '`aws_rds_cluster`, `aws_db_instance`: `storage_encrypted = true`.',
      '`aws_elasticache_replication_group`: `at_rest_encryption_enabled = true`; `aws_elasticache_cluster` outside a replication group cannot be encrypted at rest and is refused.',
      '`google_sql_database_instance`: `encryption_key_name` (the platform key, CMEK); `google_redis_instance`: `customer_managed_key`.',
      'Azure Database for PostgreSQL flexible server and Azure Cache for Redis are always encrypted at rest by the service (nothing can turn it off): not checked.',
    ],
    check: (out) =>
      each(out, ['aws_rds_cluster', 'aws_db_instance', 'aws_elasticache_replication_group', 'aws_elasticache_cluster', 'google_sql_database_instance', 'google_redis_instance'], (r) => {
        switch (r.type) {
          case 'aws_rds_cluster':
          case 'aws_db_instance':
            return isTrue(r.body.storage_encrypted) ? undefined : 'storage_encrypted is not true: the storage and its snapshots are not encrypted';
          case 'aws_elasticache_replication_group':
            return isTrue(r.body.at_rest_encryption_enabled) ? undefined : 'at_rest_encryption_enabled is not true';
          case 'aws_elasticache_cluster':
            return isSet(r.body.replication_group_id) ? undefined : 'a standalone ElastiCache cluster cannot be encrypted at rest: use a replication group';
          case 'google_sql_database_instance':
            return isSet(r.body.encryption_key_name) ? undefined : 'no encryption_key_name: the instance is not encrypted with the platform key (CMEK)';
          default:
            return isSet(r.body.customer_managed_key) ? undefined : 'no customer_managed_key: the instance is not encrypted with the platform key (CMEK)';
        }
      }),
  },
  {
    id: 'data-store-encrypted-in-transit',
    scope: 'terraform',
    title: 'Every database and cache refuses unencrypted connections.',
    checks: [
      '`aws_elasticache_replication_group`: `transit_encryption_enabled = true` and `transit_encryption_mode` not `preferred`.',
      '`aws_rds_cluster` / `aws_db_instance` (PostgreSQL, MySQL): the parameter group it names, in the same stack, sets `rds.force_ssl = 1` / `require_secure_transport = 1` (the engines default to off).',
      '`google_sql_database_instance`: `settings.ip_configuration.ssl_mode` `ENCRYPTED_ONLY` or `TRUSTED_CLIENT_CERTIFICATE_REQUIRED`; `google_redis_instance`: `transit_encryption_mode = SERVER_AUTHENTICATION`.',
      '`azurerm_redis_cache`: `non_ssl_port_enabled` not true, `minimum_tls_version` at least 1.2; `azurerm_postgresql_flexible_server_configuration`: `require_secure_transport` not off.',
    ],
    check: (out) =>
      each(
        out,
        ['aws_elasticache_replication_group', 'aws_rds_cluster', 'aws_db_instance', 'google_sql_database_instance', 'google_redis_instance', 'azurerm_redis_cache', 'azurerm_postgresql_flexible_server_configuration'],
        (r, stack) => {
          const b = r.body;
          switch (r.type) {
            case 'aws_elasticache_replication_group':
              if (!isTrue(b.transit_encryption_enabled)) return 'transit_encryption_enabled is not true';
              return String(b.transit_encryption_mode ?? '') === 'preferred' ? 'transit_encryption_mode is preferred: clients may still connect in plaintext' : undefined;
            case 'aws_rds_cluster':
            case 'aws_db_instance': {
              const tls = tlsParameter(b.engine);
              if (!tls || isSet(b.replication_source_identifier) || isSet(b.replicate_source_db)) return undefined;
              const [groupType, attribute] = r.type === 'aws_rds_cluster' ? ['aws_rds_cluster_parameter_group', 'db_cluster_parameter_group_name'] : ['aws_db_parameter_group', 'parameter_group_name'];
              const group = resolve(stack, groupType, b[attribute], 'name');
              const value = parameter(group, tls[0]);
              if (value !== undefined && tls[1].includes(value)) return undefined;
              return group
                ? `parameter group ${group.address} does not set ${tls[0]} = ${tls[1][0]}: plaintext connections are accepted`
                : `no parameter group of this stack (${attribute}) sets ${tls[0]} = ${tls[1][0]}: the default accepts plaintext connections`;
            }
            case 'google_sql_database_instance': {
              const ip = ipConfiguration(r);
              return ['ENCRYPTED_ONLY', 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED'].includes(String(ip.ssl_mode)) || isTrue(ip.require_ssl)
                ? undefined
                : `settings.ip_configuration.ssl_mode is ${ip.ssl_mode ?? 'unset'}: unencrypted connections are accepted`;
            }
            case 'google_redis_instance':
              return b.transit_encryption_mode === 'SERVER_AUTHENTICATION' ? undefined : `transit_encryption_mode is ${b.transit_encryption_mode ?? 'unset (DISABLED)'}`;
            case 'azurerm_redis_cache':
              if (isTrue(b.non_ssl_port_enabled)) return 'non_ssl_port_enabled is true: the plaintext port 6379 is open';
              return b.minimum_tls_version !== undefined && !['1.2', '1.3'].includes(String(b.minimum_tls_version)) ? `minimum_tls_version is ${b.minimum_tls_version}` : undefined;
            default:
              return String(b.name) === 'require_secure_transport' && String(b.value).toLowerCase() !== 'on' ? `require_secure_transport is ${b.value}: unencrypted connections are accepted` : undefined;
          }
        },
      ),
  },
  {
    id: 'volume-encrypted',
    scope: 'terraform',
    title: 'Every block volume of a node or instance is encrypted.',
    checks: [
      '`aws_launch_template`: at least one `block_device_mappings` entry (the root volume) and every EBS mapping `encrypted = true`.',
      '`aws_ebs_volume`: `encrypted = true`; `aws_instance`: `root_block_device` and every `ebs_block_device` `encrypted = true`.',
      '`aws_eks_node_group`: uses a launch template (without one, the volumes take the AMI defaults, unencrypted unless the account says otherwise).',
      'GKE and AKS node disks are encrypted by the platform: not checked.',
    ],
    check: (out) =>
      each(out, ['aws_launch_template', 'aws_ebs_volume', 'aws_instance', 'aws_eks_node_group'], (r) => {
        const b = r.body;
        switch (r.type) {
          case 'aws_launch_template': {
            const mappings = blocks(b.block_device_mappings);
            if (!mappings.some((m) => isObject(m.ebs))) return 'no block_device_mappings: the root volume takes the AMI default, which this template does not encrypt';
            return mappings.filter((m) => isObject(m.ebs) && !isTrue(m.ebs.encrypted)).map((m) => `volume ${m.device_name ?? '(unnamed)'} is not encrypted (ebs.encrypted)`);
          }
          case 'aws_ebs_volume':
            return isTrue(b.encrypted) ? undefined : 'encrypted is not true';
          case 'aws_instance': {
            const problems: string[] = [];
            if (!blocks(b.root_block_device).some((d) => isTrue(d.encrypted))) problems.push('root_block_device is not encrypted');
            for (const d of blocks(b.ebs_block_device)) if (!isTrue(d.encrypted)) problems.push(`volume ${d.device_name ?? '(unnamed)'} is not encrypted`);
            return problems;
          }
          default:
            return blocks(b.launch_template).length ? undefined : 'no launch_template: the node volumes take the AMI defaults (not encrypted by the output)';
        }
      }),
  },
  {
    id: 'bucket-encrypted',
    scope: 'terraform',
    title: 'Every S3 bucket has default server-side encryption.',
    checks: ['`aws_s3_bucket`: an `aws_s3_bucket_server_side_encryption_configuration` of the same stack names it, with `sse_algorithm` `AES256`, `aws:kms` or `aws:kms:dsse`.'],
    check: (out) =>
      each(out, ['aws_s3_bucket'], (bucket, stack) => {
        const ok = attached(stack, 'aws_s3_bucket_server_side_encryption_configuration', 'bucket', bucket, 'bucket').some((c) =>
          blocks(c.body.rule).some((rule) => blocks(rule.apply_server_side_encryption_by_default).some((d) => ['AES256', 'aws:kms', 'aws:kms:dsse'].includes(String(d.sse_algorithm)))),
        );
        return ok ? undefined : 'no aws_s3_bucket_server_side_encryption_configuration names this bucket';
      }),
  },
  {
    id: 'backup-vault-kms',
    scope: 'terraform',
    title: 'Every backup vault encrypts recovery points with a KMS key of the platform.',
    checks: ['`aws_backup_vault`: `kms_key_arn` set.'],
    check: (out) => each(out, ['aws_backup_vault'], (r) => (isSet(r.body.kms_key_arn) ? undefined : 'no kms_key_arn: recovery points use the AWS-managed default key')),
  },
  {
    id: 'data-store-private',
    scope: 'terraform',
    title: 'No database or cache is reachable from a public network.',
    checks: [
      '`aws_db_instance`, `aws_rds_cluster_instance`: `publicly_accessible` not true.',
      '`google_sql_database_instance`: `settings.ip_configuration.ipv4_enabled = false` (no public IP) and no `authorized_networks` entry `0.0.0.0/0`.',
      '`azurerm_postgresql_flexible_server`, `azurerm_redis_cache`: `public_network_access_enabled = false` (the provider default is true).',
      '`azurerm_postgresql_flexible_server_firewall_rule`, `azurerm_redis_firewall_rule`: the range lies inside one RFC 1918 block.',
    ],
    check: (out) =>
      each(
        out,
        ['aws_db_instance', 'aws_rds_cluster_instance', 'google_sql_database_instance', 'azurerm_postgresql_flexible_server', 'azurerm_redis_cache', 'azurerm_postgresql_flexible_server_firewall_rule', 'azurerm_redis_firewall_rule'],
        (r) => {
          const b = r.body;
          switch (r.type) {
            case 'aws_db_instance':
            case 'aws_rds_cluster_instance':
              return b.publicly_accessible === undefined || isFalse(b.publicly_accessible) ? undefined : 'publicly_accessible is not false: the instance gets a public address';
            case 'google_sql_database_instance': {
              const ip = ipConfiguration(r);
              const problems: string[] = [];
              if (!isFalse(ip.ipv4_enabled)) problems.push('settings.ip_configuration.ipv4_enabled is not false: the instance gets a public IP');
              for (const n of blocks(ip.authorized_networks)) if (WORLD_CIDRS.has(String(n.value))) problems.push(`authorized network ${n.name ?? ''} ${n.value} admits the whole internet`.replace('  ', ' '));
              return problems;
            }
            case 'azurerm_postgresql_flexible_server':
            case 'azurerm_redis_cache':
              return isFalse(b.public_network_access_enabled) ? undefined : 'public_network_access_enabled is not false';
            default:
              return privateRange(b.start_ip, b.end_ip) || privateRange(b.start_ip_address, b.end_ip_address)
                ? undefined
                : `firewall rule admits ${b.start_ip_address ?? b.start_ip}-${b.end_ip_address ?? b.end_ip}, outside the private ranges`;
          }
        },
      ),
  },
  {
    id: 'ingress-world-open',
    scope: 'terraform',
    title: 'Nothing accepts traffic from 0.0.0.0/0 or ::/0 except the public listener ports of the plan.',
    checks: [
      'The allowed ports of a stack are those of its region in `plan.json`: the load balancer target groups and the public workloads; other stacks allow none.',
      '`aws_vpc_security_group_ingress_rule` (`cidr_ipv4` / `cidr_ipv6`), `aws_security_group_rule` of type ingress and inline `aws_security_group.ingress` (`cidr_blocks` / `ipv6_cidr_blocks`): TCP/UDP ports within the allowed ones; protocol `-1` or ICMP is all traffic.',
      '`google_compute_firewall` (INGRESS, not disabled) whose `source_ranges` hold a world range, or that has no source at all (GCP then means 0.0.0.0/0): every `allow` within the allowed ports; `deny` rules are fine.',
      '`azurerm_network_security_group.security_rule` and `azurerm_network_security_rule` (Inbound, Allow) from `*`, `Internet`, `Any` or a world range: destination ports within the allowed ones.',
    ],
    check: (out) =>
      each(out, ['aws_vpc_security_group_ingress_rule', 'aws_security_group_rule', 'aws_security_group', 'google_compute_firewall', 'azurerm_network_security_group', 'azurerm_network_security_rule'], (r, stack) => {
        const b = r.body;
        const problems: (string | undefined)[] = [];
        switch (r.type) {
          case 'aws_vpc_security_group_ingress_rule':
            for (const cidr of [b.cidr_ipv4, b.cidr_ipv6]) if (WORLD_CIDRS.has(String(cidr))) problems.push(worldIngress(r, stack, out, String(cidr), b.ip_protocol, [awsRange(b.from_port, b.to_port)]));
            break;
          case 'aws_security_group_rule':
          case 'aws_security_group': {
            const rules = r.type === 'aws_security_group' ? blocks(b.ingress) : b.type === 'ingress' ? [b] : [];
            for (const rule of rules) {
              const world = [...list(rule.cidr_blocks), ...list(rule.ipv6_cidr_blocks)].map(String).filter((c) => WORLD_CIDRS.has(c));
              for (const cidr of world) problems.push(worldIngress(r, stack, out, cidr, rule.protocol, [awsRange(rule.from_port, rule.to_port)]));
            }
            break;
          }
          case 'google_compute_firewall': {
            if (String(b.direction ?? 'INGRESS') !== 'INGRESS' || isTrue(b.disabled)) break;
            const sources = list(b.source_ranges).map(String);
            const noSource = !sources.length && !list(b.source_tags).length && !list(b.source_service_accounts).length;
            const world = noSource ? ['0.0.0.0/0 (no source given)'] : sources.filter((c) => WORLD_CIDRS.has(c));
            for (const cidr of world.slice(0, 1)) {
              for (const allow of blocks(b.allow)) {
                const ports = list(allow.ports);
                problems.push(worldIngress(r, stack, out, cidr, allow.protocol, ports.length ? ports.map(portString) : [ALL_PORTS]));
              }
            }
            break;
          }
          default: {
            const rules = r.type === 'azurerm_network_security_group' ? blocks(b.security_rule) : [b];
            for (const rule of rules) {
              if (String(rule.direction) !== 'Inbound' || String(rule.access) !== 'Allow') continue;
              const sources = [rule.source_address_prefix, ...list(rule.source_address_prefixes)].filter((s) => typeof s === 'string' && s !== '');
              const world = sources.find((s) => AZURE_WORLD.has(s.toLowerCase()));
              if (world === undefined) continue;
              const ports = [...(isSet(rule.destination_port_range) ? [rule.destination_port_range] : []), ...list(rule.destination_port_ranges)];
              const proto = String(rule.protocol ?? '*');
              const message = worldIngress(r, stack, out, world, proto === '*' ? 'all' : proto, ports.length ? ports.map(portString) : [ALL_PORTS]);
              problems.push(message && `security rule ${rule.name}: ${message}`);
            }
          }
        }
        return problems.filter((p): p is string => p !== undefined);
      }),
  },
  {
    id: 'cluster-api-private',
    scope: 'terraform',
    title: 'No Kubernetes API server is reachable from the whole internet.',
    checks: [
      '`aws_eks_cluster`: `vpc_config.endpoint_public_access = false` (the AWS default is true), or `public_access_cidrs` given and without a world range (the default is 0.0.0.0/0).',
      '`google_container_cluster`: `private_cluster_config.enable_private_endpoint = true`, or `master_authorized_networks_config` with CIDR blocks, none a world range, and `gcp_public_cidrs_access_enabled` not true.',
      '`azurerm_kubernetes_cluster`: `private_cluster_enabled = true`, or `api_server_access_profile.authorized_ip_ranges` given and without a world range.',
    ],
    check: (out) =>
      each(out, ['aws_eks_cluster', 'google_container_cluster', 'azurerm_kubernetes_cluster'], (r) => {
        const b = r.body;
        const restricted = (ranges: unknown[]) => ranges.length > 0 && !ranges.some((c) => WORLD_CIDRS.has(String(c)));
        switch (r.type) {
          case 'aws_eks_cluster': {
            const vpc = blocks(b.vpc_config)[0] ?? {};
            if (isFalse(vpc.endpoint_public_access) || restricted(list(vpc.public_access_cidrs))) return undefined;
            return `the public API endpoint is open to ${list(vpc.public_access_cidrs).length ? list(vpc.public_access_cidrs).join(', ') : '0.0.0.0/0 (public_access_cidrs unset)'}`;
          }
          case 'google_container_cluster': {
            if (isTrue(blocks(b.private_cluster_config)[0]?.enable_private_endpoint)) return undefined;
            const authorized = blocks(b.master_authorized_networks_config)[0];
            const cidrs = blocks(authorized?.cidr_blocks).map((c) => c.cidr_block);
            if (authorized && restricted(cidrs) && !isTrue(authorized.gcp_public_cidrs_access_enabled)) return undefined;
            return 'the control plane has a public endpoint without authorized networks';
          }
          default: {
            if (isTrue(b.private_cluster_enabled)) return undefined;
            if (restricted(list(blocks(b.api_server_access_profile)[0]?.authorized_ip_ranges))) return undefined;
            return 'the API server is public without authorized_ip_ranges';
          }
        }
      }),
  },
  {
    id: 'bucket-public-access-blocked',
    scope: 'terraform',
    title: 'No bucket can be made public.',
    checks: [
      '`aws_s3_bucket`: an `aws_s3_bucket_public_access_block` of the same stack names it with `block_public_acls`, `block_public_policy`, `ignore_public_acls` and `restrict_public_buckets` all true.',
      '`google_storage_bucket`: `public_access_prevention = enforced`; `azurerm_storage_account`: `allow_nested_items_to_be_public = false`.',
    ],
    check: (out) =>
      each(out, ['aws_s3_bucket', 'google_storage_bucket', 'azurerm_storage_account'], (r, stack) => {
        if (r.type === 'google_storage_bucket') return r.body.public_access_prevention === 'enforced' ? undefined : 'public_access_prevention is not enforced';
        if (r.type === 'azurerm_storage_account') return isFalse(r.body.allow_nested_items_to_be_public) ? undefined : 'allow_nested_items_to_be_public is not false';
        const flags = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];
        const blocksFound = attached(stack, 'aws_s3_bucket_public_access_block', 'bucket', r, 'bucket');
        if (!blocksFound.length) return 'no aws_s3_bucket_public_access_block names this bucket';
        const missing = flags.filter((f) => !blocksFound.some((p) => isTrue(p.body[f])));
        return missing.length ? `public access block leaves ${missing.join(', ')} off` : undefined;
      }),
  },
  {
    id: 'imdsv2-required',
    scope: 'terraform',
    title: 'Every node and instance requires IMDSv2 (session tokens) for the instance metadata service.',
    checks: [
      '`aws_launch_template`, `aws_instance`: `metadata_options.http_tokens = required` (or the endpoint disabled).',
      '`aws_eks_node_group`: uses a launch template of the same stack (EKS\'s default template leaves IMDSv1 on).',
      '`google_container_node_pool`: `node_config.workload_metadata_config.mode = GKE_METADATA` (pods reach the GKE metadata server, not the node\'s credentials).',
    ],
    check: (out) =>
      each(out, ['aws_launch_template', 'aws_instance', 'aws_eks_node_group', 'google_container_node_pool'], (r, stack) => {
        if (r.type === 'google_container_node_pool') {
          const mode = blocks(blocks(r.body.node_config)[0]?.workload_metadata_config)[0]?.mode;
          return mode === 'GKE_METADATA' ? undefined : `node_config.workload_metadata_config.mode is ${mode ?? 'unset'}: pods can read the node's metadata and credentials`;
        }
        if (r.type !== 'aws_eks_node_group') {
          const m = blocks(r.body.metadata_options)[0] ?? {};
          return m.http_tokens === 'required' || m.http_endpoint === 'disabled' ? undefined : `metadata_options.http_tokens is ${m.http_tokens ?? 'unset (optional)'}: IMDSv1 answers without a token`;
        }
        const lt = blocks(r.body.launch_template)[0];
        if (!lt) return 'no launch_template: the EKS default template leaves IMDSv1 on';
        const template = resolve(stack, 'aws_launch_template', lt.id, 'id') ?? resolve(stack, 'aws_launch_template', lt.name, 'name');
        return template ? undefined : 'its launch template is not a resource of this stack: IMDSv2 cannot be proven';
      }),
  },
  {
    id: 'data-store-deletion-protection',
    scope: 'terraform',
    title: 'No database can be deleted by one call: deletion protection on, and a final snapshot where the cloud takes one.',
    checks: [
      '`aws_rds_cluster`, `aws_db_instance`: `deletion_protection = true` and `skip_final_snapshot` not true.',
      '`google_sql_database_instance`: `settings.deletion_protection_enabled = true` (the API guard) and `deletion_protection` not false (the Terraform guard).',
      '`azurerm_postgresql_flexible_server` (no such attribute): an `azurerm_management_lock` (`CanNotDelete` or `ReadOnly`) of the same stack on the server or its resource group.',
      'Caches (ElastiCache, Memorystore, Azure Cache for Redis) hold data rebuilt from the databases: not required.',
    ],
    check: (out) =>
      each(out, ['aws_rds_cluster', 'aws_db_instance', 'google_sql_database_instance', 'azurerm_postgresql_flexible_server'], (r, stack) => {
        const b = r.body;
        const problems: string[] = [];
        switch (r.type) {
          case 'aws_rds_cluster':
          case 'aws_db_instance':
            if (!isTrue(b.deletion_protection)) problems.push('deletion_protection is not true');
            if (isTrue(b.skip_final_snapshot)) problems.push('skip_final_snapshot is true: deleting it keeps no snapshot');
            break;
          case 'google_sql_database_instance':
            if (!isTrue(settings(r).deletion_protection_enabled)) problems.push('settings.deletion_protection_enabled is not true');
            if (isFalse(b.deletion_protection)) problems.push('deletion_protection is false: terraform destroy deletes it');
            break;
          default:
            if (!deletionLocked(stack, r)) problems.push('no azurerm_management_lock (CanNotDelete) on the server or its resource group');
        }
        return problems;
      }),
  },
  {
    id: 'data-store-backups',
    scope: 'terraform',
    title: 'Every database is backed up.',
    checks: [
      '`aws_rds_cluster`, `aws_db_instance` (not read replicas): `backup_retention_period` at least 1 and selected by an `aws_backup_selection` of the same stack (by tag `STRINGEQUALS` or by resource) whose `aws_backup_plan` has a rule: the plan that copies backups to other regions.',
      '`google_sql_database_instance` (not read replicas, which Cloud SQL does not back up): `settings.backup_configuration.enabled = true`.',
      'Azure Database for PostgreSQL flexible servers are always backed up by the service (7 to 35 days): not checked.',
      'Caches hold data rebuilt from the databases: not required.',
    ],
    check: (out) =>
      each(out, ['aws_rds_cluster', 'aws_db_instance', 'google_sql_database_instance'], (r, stack) => {
        const b = r.body;
        if (r.type === 'google_sql_database_instance') {
          if (isSet(b.master_instance_name)) return undefined;
          return blocks(settings(r).backup_configuration).some((c) => isTrue(c.enabled)) ? undefined : 'settings.backup_configuration.enabled is not true';
        }
        if (isSet(b.replication_source_identifier) || isSet(b.replicate_source_db)) return undefined;
        const problems: string[] = [];
        if ((toInt(b.backup_retention_period) ?? 0) < 1) problems.push(`backup_retention_period is ${b.backup_retention_period ?? 'unset'}`);
        if (!backupCovered(stack, r)) problems.push('no aws_backup_selection of this stack selects it (by tag or resource)');
        return problems;
      }),
  },
  {
    id: 'k8s-run-as-non-root',
    scope: 'kubernetes',
    title: 'Every container runs as a non-root user, unprivileged.',
    checks: [
      'Pods of Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob: every container and init container has `runAsNonRoot: true` (its own `securityContext` or the pod\'s), no `runAsUser: 0`, is not `privileged`, and has `allowPrivilegeEscalation: false` (the default lets a setuid binary become root).',
    ],
    check: (out) =>
      eachContainer(out, (c) => {
        const own = isObject(c.body.securityContext) ? c.body.securityContext : {};
        const pod = isObject(c.pod.securityContext) ? c.pod.securityContext : {};
        if ((own.runAsNonRoot ?? pod.runAsNonRoot) !== true) return 'runAsNonRoot is not true';
        if ((own.runAsUser ?? pod.runAsUser) === 0) return 'runAsUser is 0 (root)';
        if (own.privileged === true) return 'privileged is true';
        return own.allowPrivilegeEscalation === false ? undefined : 'allowPrivilegeEscalation is not false';
      }),
  },
  {
    id: 'k8s-read-only-root-filesystem',
    scope: 'kubernetes',
    title: 'Every container has a read-only root filesystem.',
    checks: ['Every container and init container: `securityContext.readOnlyRootFilesystem: true` (writable paths are volumes).'],
    check: (out) => eachContainer(out, (c) => (c.body.securityContext?.readOnlyRootFilesystem === true ? undefined : 'securityContext.readOnlyRootFilesystem is not true')),
  },
  {
    id: 'k8s-resource-limits',
    scope: 'kubernetes',
    title: 'Every container has CPU and memory limits.',
    checks: ['Every container and init container: `resources.limits.cpu` and `resources.limits.memory`.'],
    check: (out) =>
      eachContainer(out, (c) => {
        const limits = isObject(c.body.resources?.limits) ? c.body.resources.limits : {};
        const missing = ['cpu', 'memory'].filter((k) => limits[k] === undefined || limits[k] === null || limits[k] === '');
        return missing.length ? `no resources.limits.${missing.join(' or ')}` : undefined;
      }),
  },
  {
    id: 'k8s-probes',
    scope: 'kubernetes',
    title: 'Every long-running container has a readiness and a liveness probe.',
    checks: ['Containers (not init containers) of Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet: `readinessProbe` and `livenessProbe` (Jobs and CronJobs run to completion and are exempt).'],
    check: (out) =>
      eachContainer(out, (c, o) => {
        if (c.init || RUN_TO_COMPLETION.has(o.kind)) return undefined;
        const missing = ['readinessProbe', 'livenessProbe'].filter((p) => !isObject(c.body[p]));
        return missing.length ? `no ${missing.join(' and no ')}` : undefined;
      }),
  },
  {
    id: 'k8s-pod-disruption-budget',
    scope: 'kubernetes',
    title: 'Every Deployment and StatefulSet that runs replicas has a PodDisruptionBudget.',
    checks: ['Deployment, StatefulSet with `spec.replicas` above 0 (unset is 1): a PodDisruptionBudget of the same cluster and namespace whose selector matches the pod template labels.'],
    check: (out) => {
      const hits: Hit[] = [];
      const pdbs = byPlace(out.objects.filter((o) => o.kind === 'PodDisruptionBudget'));
      for (const o of out.objects.filter((x) => x.kind === 'Deployment' || x.kind === 'StatefulSet')) {
        const replicas = o.body.spec?.replicas ?? 1;
        if (typeof replicas === 'number' && replicas <= 0) continue;
        const labels = isObject(o.body.spec?.template?.metadata?.labels) ? o.body.spec.template.metadata.labels : {};
        const covered = (pdbs.get(place(o)) ?? []).some((p) => selects(p.body.spec?.selector, labels));
        if (!covered) hits.push({ at: o, message: `runs ${replicas} replica(s) and no PodDisruptionBudget of namespace ${ns(o)} selects its pods` });
      }
      return hits;
    },
  },
  {
    id: 'k8s-default-deny-network-policy',
    scope: 'kubernetes',
    title: 'Every namespace that runs pods has a default-deny NetworkPolicy.',
    checks: ['For each cluster and each namespace holding a pod-running object: a NetworkPolicy with an empty `podSelector`, `policyTypes` Ingress and Egress, and no ingress or egress rules (the other policies then allow what is needed).'],
    check: (out) => {
      const hits: Hit[] = [];
      const seen = new Set<string>();
      const policies = byPlace(out.objects.filter((p) => p.kind === 'NetworkPolicy'));
      // a Namespace object by cluster and its name (its place were it namespaced), the first of each
      const namespaces = new Map<string, K8sObject>();
      for (const n of out.objects) if (n.kind === 'Namespace' && !namespaces.has(placeOf(n.cluster, n.name))) namespaces.set(placeOf(n.cluster, n.name), n);
      for (const o of out.objects.filter(runsPods)) {
        const key = place(o);
        if (seen.has(key)) continue;
        seen.add(key);
        const denied = (policies.get(key) ?? []).some(defaultDeny);
        if (denied) continue;
        const declared = namespaces.get(key);
        const at: K8sObject = declared ?? { cluster: o.cluster, file: o.file, kind: 'Namespace', name: ns(o), body: {} };
        hits.push({ at, message: `pods run here (${o.kind} ${o.name}) but no NetworkPolicy denies all ingress and egress by default` });
      }
      return hits;
    },
  },
  {
    id: 'k8s-load-balancer-world-open',
    scope: 'kubernetes',
    title: 'No Kubernetes load balancer opens a port to the internet but the public listener ports of the plan.',
    checks: [
      'Service of type LoadBalancer that is not internal (GKE, AKS and AWS internal annotations) and has no `loadBalancerSourceRanges` (or a world range among them): every `spec.ports[].port` is a public listener port of the cluster\'s region in `plan.json` (the cluster\'s folder is the region id).',
      'Gateway (`gateway.networking.k8s.io`) whose class is not internal: every `spec.listeners[].port` likewise.',
    ],
    check: (out) => {
      const hits: Hit[] = [];
      for (const o of out.objects) {
        const allowed = out.clusterPublicPorts(o.cluster);
        const bad = worldOpenPorts(o).filter((p) => !allowed.has(p));
        if (!bad.length) continue;
        const listeners = allowed.size ? `only the public listener ports of ${o.cluster} (${[...allowed].sort((a, b) => a - b).join(', ')})` : `${o.cluster} has no public listener port`;
        hits.push({ at: o, message: `opens port ${bad.join(', ')} to the internet; ${listeners} may be` });
      }
      return hits;
    },
  },
  {
    id: 'k8s-image-pinned',
    scope: 'kubernetes',
    title: 'Every container image has a tag other than latest, or a digest.',
    checks: ['Every container and init container: `image` with a tag that is not `latest`, or `@sha256:` digest.'],
    check: (out) => eachContainer(out, (c) => unpinned(c.body.image)),
  },
];
