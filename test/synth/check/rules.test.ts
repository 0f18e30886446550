import { checkOutput, POLICY_RULES, UNPARSABLE } from '../../../synth/check/index';
import { compliantOutput, k8s, render, tf, type Output } from './fixture';

const pairs = (files: ReadonlyMap<string, string>) => checkOutput(files).findings.map((f) => [f.rule, f.resource]);
const web = (o: Output) => k8s(o, 'c1', 'web.yaml', 'Deployment', 'web');
const webContainer = (o: Output) => web(o).spec.template.spec.containers[0];

test('GIVEN the hand-made compliant output THEN no rule fires (so every row below fires on its mutation alone)', () => {
  const report = checkOutput(render(compliantOutput()));
  expect(report.findings).toEqual([]);
  expect(report.checked.rules).toBe(POLICY_RULES.length);
  expect(report.checked.objects).toBe(9);
});

test('every rule id is unique, kebab-case, and has a fixture below', () => {
  const ids = POLICY_RULES.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  expect(new Set(CASES.map(([rule]) => rule))).toEqual(new Set([...ids, UNPARSABLE]));
});

/** A mutation of the compliant output; it may return a further edit of the rendered files. */
type Mutation = (o: Output) => unknown;
/** rule id -> what is broken -> the mutation -> the findings expected: `resource` (of this rule) or [rule, resource]. */
type Case = readonly [rule: string, what: string, mutate: Mutation, findings: readonly (string | readonly [string, string])[]];

const CASES: readonly Case[] = [
  // ---- encryption at rest ----
  ['data-store-encrypted-at-rest', 'Aurora without storage_encrypted', (o) => delete tf(o, 'region-a', 'aws_rds_cluster', 'db').storage_encrypted, ['region-a aws_rds_cluster.db']],
  ['data-store-encrypted-at-rest', 'ElastiCache at_rest_encryption_enabled "false"', (o) => (tf(o, 'region-a', 'aws_elasticache_replication_group', 'cache').at_rest_encryption_enabled = 'false'), ['region-a aws_elasticache_replication_group.cache']],
  ['data-store-encrypted-at-rest', 'standalone ElastiCache cluster', (o) => (o.stacks['region-a'].resource.aws_elasticache_cluster = { solo: { cluster_id: 'solo', engine: 'redis' } }), ['region-a aws_elasticache_cluster.solo']],
  ['data-store-encrypted-at-rest', 'Cloud SQL without CMEK', (o) => delete tf(o, 'region-g', 'google_sql_database_instance', 'primary').encryption_key_name, ['region-g google_sql_database_instance.primary']],
  ['data-store-encrypted-at-rest', 'Memorystore without CMEK', (o) => delete tf(o, 'region-g', 'google_redis_instance', 'cache').customer_managed_key, ['region-g google_redis_instance.cache']],
  // ---- encryption in transit ----
  ['data-store-encrypted-in-transit', 'ElastiCache without transit encryption', (o) => (tf(o, 'region-a', 'aws_elasticache_replication_group', 'cache').transit_encryption_enabled = false), ['region-a aws_elasticache_replication_group.cache']],
  ['data-store-encrypted-in-transit', 'ElastiCache transit mode preferred', (o) => (tf(o, 'region-a', 'aws_elasticache_replication_group', 'cache').transit_encryption_mode = 'preferred'), ['region-a aws_elasticache_replication_group.cache']],
  ['data-store-encrypted-in-transit', 'Aurora parameter group without rds.force_ssl', (o) => (tf(o, 'region-a', 'aws_rds_cluster_parameter_group', 'params').parameter = [{ name: 'log_min_duration_statement', value: '100' }]), ['region-a aws_rds_cluster.db']],
  ['data-store-encrypted-in-transit', 'Aurora on the default parameter group', (o) => delete tf(o, 'region-a', 'aws_rds_cluster', 'db').db_cluster_parameter_group_name, ['region-a aws_rds_cluster.db']],
  ['data-store-encrypted-in-transit', 'Cloud SQL accepting plaintext', (o) => (tf(o, 'region-g', 'google_sql_database_instance', 'replica').settings.ip_configuration.ssl_mode = 'ALLOW_UNENCRYPTED_AND_ENCRYPTED'), ['region-g google_sql_database_instance.replica']],
  ['data-store-encrypted-in-transit', 'Memorystore without TLS', (o) => delete tf(o, 'region-g', 'google_redis_instance', 'cache').transit_encryption_mode, ['region-g google_redis_instance.cache']],
  ['data-store-encrypted-in-transit', 'Azure Redis with the non-TLS port', (o) => (tf(o, 'region-z', 'azurerm_redis_cache', 'cache').non_ssl_port_enabled = true), ['region-z azurerm_redis_cache.cache']],
  ['data-store-encrypted-in-transit', 'Azure Redis TLS 1.0', (o) => (tf(o, 'region-z', 'azurerm_redis_cache', 'cache').minimum_tls_version = '1.0'), ['region-z azurerm_redis_cache.cache']],
  ['data-store-encrypted-in-transit', 'Azure PostgreSQL require_secure_transport off', (o) => (tf(o, 'region-z', 'azurerm_postgresql_flexible_server_configuration', 'tls').value = 'off'), ['region-z azurerm_postgresql_flexible_server_configuration.tls']],
  // ---- volumes ----
  ['volume-encrypted', 'launch template volume not encrypted', (o) => (tf(o, 'region-a', 'aws_launch_template', 'nodes').block_device_mappings[0].ebs.encrypted = 'false'), ['region-a aws_launch_template.nodes']],
  ['volume-encrypted', 'launch template without block device mappings', (o) => delete tf(o, 'region-a', 'aws_launch_template', 'nodes').block_device_mappings, ['region-a aws_launch_template.nodes']],
  ['volume-encrypted', 'EBS volume not encrypted', (o) => (o.stacks['region-a'].resource.aws_ebs_volume = { data: { size: 10 } }), ['region-a aws_ebs_volume.data']],
  // ---- buckets ----
  ['bucket-encrypted', 'bucket without SSE configuration', (o) => delete o.stacks.global.resource.aws_s3_bucket_server_side_encryption_configuration, ['global aws_s3_bucket.assets']],
  ['bucket-encrypted', 'SSE configuration of another bucket', (o) => (tf(o, 'global', 'aws_s3_bucket_server_side_encryption_configuration', 'assets').bucket = 'other'), ['global aws_s3_bucket.assets']],
  ['backup-vault-kms', 'backup vault on the default key', (o) => delete tf(o, 'region-a', 'aws_backup_vault', 'vault').kms_key_arn, ['region-a aws_backup_vault.vault']],
  // ---- public data stores ----
  ['data-store-private', 'Aurora instance publicly accessible', (o) => (tf(o, 'region-a', 'aws_rds_cluster_instance', 'db-0').publicly_accessible = true), ['region-a aws_rds_cluster_instance.db-0']],
  ['data-store-private', 'Cloud SQL with a public IP (ipv4_enabled defaults to true)', (o) => delete tf(o, 'region-g', 'google_sql_database_instance', 'primary').settings.ip_configuration.ipv4_enabled, ['region-g google_sql_database_instance.primary']],
  [
    'data-store-private',
    'Cloud SQL authorizing 0.0.0.0/0',
    (o) => (tf(o, 'region-g', 'google_sql_database_instance', 'replica').settings.ip_configuration.authorized_networks = [{ name: 'all', value: '0.0.0.0/0' }]),
    ['region-g google_sql_database_instance.replica'],
  ],
  ['data-store-private', 'Azure PostgreSQL with public network access', (o) => (tf(o, 'region-z', 'azurerm_postgresql_flexible_server', 'pg').public_network_access_enabled = true), ['region-z azurerm_postgresql_flexible_server.pg']],
  ['data-store-private', 'Azure Redis relying on the provider default (public)', (o) => delete tf(o, 'region-z', 'azurerm_redis_cache', 'cache').public_network_access_enabled, ['region-z azurerm_redis_cache.cache']],
  [
    'data-store-private',
    'Azure PostgreSQL firewall rule for the whole internet',
    (o) => (o.stacks['region-z'].resource.azurerm_postgresql_flexible_server_firewall_rule = { all: { server_id: '${azurerm_postgresql_flexible_server.pg.id}', start_ip_address: '0.0.0.0', end_ip_address: '255.255.255.255' } }),
    ['region-z azurerm_postgresql_flexible_server_firewall_rule.all'],
  ],
  // ---- world-open ingress ----
  [
    'ingress-world-open',
    'SSH from 0.0.0.0/0',
    (o) => (tf(o, 'region-a', 'aws_vpc_security_group_ingress_rule', 'lb-443').from_port = tf(o, 'region-a', 'aws_vpc_security_group_ingress_rule', 'lb-443').to_port = 22),
    ['region-a aws_vpc_security_group_ingress_rule.lb-443'],
  ],
  [
    'ingress-world-open',
    'a range around the listener port',
    (o) => (tf(o, 'region-a', 'aws_vpc_security_group_ingress_rule', 'lb-443').to_port = 444),
    ['region-a aws_vpc_security_group_ingress_rule.lb-443'],
  ],
  ['ingress-world-open', 'all traffic from ::/0', (o) => Object.assign(tf(o, 'region-a', 'aws_vpc_security_group_ingress_rule', 'nodes-internal'), { cidr_ipv4: undefined, cidr_ipv6: '::/0' }), ['region-a aws_vpc_security_group_ingress_rule.nodes-internal']],
  ['ingress-world-open', 'inline security group ingress', (o) => (tf(o, 'region-a', 'aws_security_group', 'nodes').ingress = [{ protocol: 'tcp', from_port: 0, to_port: 65535, cidr_blocks: ['0.0.0.0/0'] }]), ['region-a aws_security_group.nodes']],
  ['ingress-world-open', 'security group rule resource', (o) => (o.stacks['region-a'].resource.aws_security_group_rule = { rdp: { type: 'ingress', protocol: 'tcp', from_port: 3389, to_port: 3389, cidr_blocks: ['0.0.0.0/0'] } }), ['region-a aws_security_group_rule.rdp']],
  ['ingress-world-open', 'the listener port in a stack without listeners', (o) => (o.stacks.global.resource.aws_vpc_security_group_ingress_rule = { https: { cidr_ipv4: '0.0.0.0/0', ip_protocol: 'tcp', from_port: 443, to_port: 443 } }), ['global aws_vpc_security_group_ingress_rule.https']],
  ['ingress-world-open', 'GCP firewall allowing SSH from anywhere', (o) => (tf(o, 'region-g', 'google_compute_firewall', 'listener').allow = [{ protocol: 'tcp', ports: ['22', '443'] }]), ['region-g google_compute_firewall.listener']],
  ['ingress-world-open', 'GCP firewall without a source (means 0.0.0.0/0)', (o) => delete tf(o, 'region-g', 'google_compute_firewall', 'internal').source_ranges, ['region-g google_compute_firewall.internal']],
  ['ingress-world-open', 'Azure NSG rule from Internet on every port', (o) => (tf(o, 'region-z', 'azurerm_network_security_group', 'private').security_rule[1].destination_port_ranges = ['*']), ['region-z azurerm_network_security_group.private']],
  [
    'ingress-world-open',
    'Azure NSG rule resource from any source',
    (o) => (o.stacks['region-z'].resource.azurerm_network_security_rule = { ssh: { name: 'ssh', direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source_address_prefix: '*', destination_port_range: '22' } }),
    ['region-z azurerm_network_security_rule.ssh'],
  ],
  // ---- public API servers ----
  ['cluster-api-private', 'EKS public endpoint (the AWS default)', (o) => delete tf(o, 'region-a', 'aws_eks_cluster', 'cluster').vpc_config.endpoint_public_access, ['region-a aws_eks_cluster.cluster']],
  ['cluster-api-private', 'EKS public endpoint for 0.0.0.0/0', (o) => Object.assign(tf(o, 'region-a', 'aws_eks_cluster', 'cluster').vpc_config, { endpoint_public_access: true, public_access_cidrs: ['0.0.0.0/0'] }), ['region-a aws_eks_cluster.cluster']],
  ['cluster-api-private', 'GKE public endpoint', (o) => (tf(o, 'region-g', 'google_container_cluster', 'private').private_cluster_config.enable_private_endpoint = false), ['region-g google_container_cluster.private']],
  ['cluster-api-private', 'GKE authorized networks with Google public ranges', (o) => (tf(o, 'region-g', 'google_container_cluster', 'authorized').master_authorized_networks_config.gcp_public_cidrs_access_enabled = true), ['region-g google_container_cluster.authorized']],
  ['cluster-api-private', 'AKS public API server', (o) => (tf(o, 'region-z', 'azurerm_kubernetes_cluster', 'cluster').private_cluster_enabled = false), ['region-z azurerm_kubernetes_cluster.cluster']],
  // ---- public buckets ----
  ['bucket-public-access-blocked', 'bucket without a public access block', (o) => delete o.stacks.global.resource.aws_s3_bucket_public_access_block, ['global aws_s3_bucket.assets']],
  ['bucket-public-access-blocked', 'public access block with restrict_public_buckets off', (o) => (tf(o, 'global', 'aws_s3_bucket_public_access_block', 'assets').restrict_public_buckets = false), ['global aws_s3_bucket.assets']],
  ['bucket-public-access-blocked', 'GCS bucket inheriting public access', (o) => (tf(o, 'region-g', 'google_storage_bucket', 'assets').public_access_prevention = 'inherited'), ['region-g google_storage_bucket.assets']],
  ['bucket-public-access-blocked', 'Azure storage allowing public blobs', (o) => delete tf(o, 'region-z', 'azurerm_storage_account', 'logs').allow_nested_items_to_be_public, ['region-z azurerm_storage_account.logs']],
  // ---- IMDSv2 ----
  ['imdsv2-required', 'launch template with optional tokens', (o) => (tf(o, 'region-a', 'aws_launch_template', 'nodes').metadata_options.http_tokens = 'optional'), ['region-a aws_launch_template.nodes']],
  ['imdsv2-required', 'GKE node pool exposing the node metadata', (o) => (tf(o, 'region-g', 'google_container_node_pool', 'pool').node_config.workload_metadata_config.mode = 'GCE_METADATA'), ['region-g google_container_node_pool.pool']],
  ['imdsv2-required', 'launch template without metadata options', (o) => delete tf(o, 'region-a', 'aws_launch_template', 'nodes').metadata_options, ['region-a aws_launch_template.nodes']],
  // a node group without a launch template has neither IMDSv2 nor encrypted volumes: both rules name it
  ['imdsv2-required', 'node group without a launch template', (o) => delete tf(o, 'region-a', 'aws_eks_node_group', 'nodes').launch_template, ['region-a aws_eks_node_group.nodes', ['volume-encrypted', 'region-a aws_eks_node_group.nodes']]],
  // ---- deletion protection ----
  ['data-store-deletion-protection', 'Aurora without deletion protection', (o) => (tf(o, 'region-a', 'aws_rds_cluster', 'db').deletion_protection = false), ['region-a aws_rds_cluster.db']],
  ['data-store-deletion-protection', 'Aurora skipping the final snapshot', (o) => (tf(o, 'region-a', 'aws_rds_cluster', 'db').skip_final_snapshot = true), ['region-a aws_rds_cluster.db']],
  ['data-store-deletion-protection', 'Cloud SQL without the API guard', (o) => delete tf(o, 'region-g', 'google_sql_database_instance', 'replica').settings.deletion_protection_enabled, ['region-g google_sql_database_instance.replica']],
  ['data-store-deletion-protection', 'Cloud SQL with the Terraform guard off', (o) => (tf(o, 'region-g', 'google_sql_database_instance', 'primary').deletion_protection = false), ['region-g google_sql_database_instance.primary']],
  ['data-store-deletion-protection', 'Azure PostgreSQL without a lock', (o) => delete o.stacks['region-z'].resource.azurerm_management_lock, ['region-z azurerm_postgresql_flexible_server.pg']],
  ['data-store-deletion-protection', 'a lock on another resource group', (o) => (tf(o, 'region-z', 'azurerm_management_lock', 'no-delete').scope = '${azurerm_resource_group.other.id}'), ['region-z azurerm_postgresql_flexible_server.pg']],
  // ---- backups ----
  ['data-store-backups', 'Aurora outside every backup selection', (o) => (tf(o, 'region-a', 'aws_rds_cluster', 'db').tags.backup = 'none'), ['region-a aws_rds_cluster.db']],
  ['data-store-backups', 'a selection whose plan has no rule', (o) => (tf(o, 'region-a', 'aws_backup_plan', 'daily').rule = []), ['region-a aws_rds_cluster.db']],
  ['data-store-backups', 'Cloud SQL primary without backups', (o) => (tf(o, 'region-g', 'google_sql_database_instance', 'primary').settings.backup_configuration.enabled = false), ['region-g google_sql_database_instance.primary']],
  // ---- Kubernetes ----
  ['k8s-run-as-non-root', 'no runAsNonRoot anywhere', (o) => (delete webContainer(o).securityContext.runAsNonRoot, delete web(o).spec.template.spec.securityContext), ['c1 Deployment app/web']],
  ['k8s-run-as-non-root', 'privilege escalation left at its default', (o) => delete webContainer(o).securityContext.allowPrivilegeEscalation, ['c1 Deployment app/web']],
  ['k8s-run-as-non-root', 'runAsUser 0', (o) => (webContainer(o).securityContext.runAsUser = 0), ['c1 Deployment app/web']],
  ['k8s-run-as-non-root', 'privileged init container', (o) => (web(o).spec.template.spec.initContainers = [{ ...webContainer(o), name: 'init', securityContext: { ...webContainer(o).securityContext, privileged: true } }]), ['c1 Deployment app/web']],
  ['k8s-read-only-root-filesystem', 'writable root filesystem', (o) => (webContainer(o).securityContext.readOnlyRootFilesystem = false), ['c1 Deployment app/web']],
  ['k8s-resource-limits', 'no memory limit', (o) => delete webContainer(o).resources.limits.memory, ['c1 Deployment app/web']],
  ['k8s-resource-limits', 'Job without limits', (o) => delete k8s(o, 'c1', 'web.yaml', 'Job', 'migrate').spec.template.spec.containers[0].resources, ['c1 Job app/migrate']],
  ['k8s-probes', 'no liveness probe', (o) => delete webContainer(o).livenessProbe, ['c1 Deployment app/web']],
  ['k8s-pod-disruption-budget', 'replicas without a PDB', (o) => (o.kubernetes.c1['web.yaml'] = o.kubernetes.c1['web.yaml'].filter((x) => x.kind !== 'PodDisruptionBudget')), ['c1 Deployment app/web']],
  ['k8s-pod-disruption-budget', 'a PDB selecting other pods', (o) => (k8s(o, 'c1', 'web.yaml', 'PodDisruptionBudget', 'web').spec.selector = { matchLabels: { app: 'api' } }), ['c1 Deployment app/web']],
  ['k8s-pod-disruption-budget', 'a PDB in another namespace', (o) => (k8s(o, 'c1', 'web.yaml', 'PodDisruptionBudget', 'web').metadata.namespace = 'other'), ['c1 Deployment app/web']],
  ['k8s-default-deny-network-policy', 'no default-deny policy', (o) => (o.kubernetes.c1['01-network-policies.yaml'] = []), ['c1 Namespace app']],
  ['k8s-default-deny-network-policy', 'a policy that denies ingress only', (o) => (k8s(o, 'c1', '01-network-policies.yaml', 'NetworkPolicy', 'default-deny').spec.policyTypes = ['Ingress']), ['c1 Namespace app']],
  ['k8s-default-deny-network-policy', 'a policy that selects some pods only', (o) => (k8s(o, 'c1', '01-network-policies.yaml', 'NetworkPolicy', 'default-deny').spec.podSelector = { matchLabels: { app: 'web' } }), ['c1 Namespace app']],
  ['k8s-default-deny-network-policy', 'the policy in another cluster', (o) => ((o.kubernetes.c2 = { 'netpol.yaml': o.kubernetes.c1['01-network-policies.yaml'] }), (o.kubernetes.c1['01-network-policies.yaml'] = [])), ['c1 Namespace app']],
  ['k8s-load-balancer-world-open', 'a public LoadBalancer Service on SSH', (o) => (k8s(o, 'c1', 'web.yaml', 'Service', 'web-public').spec.ports[0].port = 22), ['c1 Service app/web-public']],
  ['k8s-load-balancer-world-open', 'an internal Service made public', (o) => delete k8s(o, 'c1', 'web.yaml', 'Service', 'web-internal').metadata.annotations, ['c1 Service app/web-internal']],
  ['k8s-load-balancer-world-open', 'source ranges including 0.0.0.0/0', (o) => k8s(o, 'c1', 'web.yaml', 'Service', 'web-admin').spec.loadBalancerSourceRanges.push('0.0.0.0/0'), ['c1 Service app/web-admin']],
  ['k8s-load-balancer-world-open', 'an external Gateway listener off the plan', (o) => (k8s(o, 'c1', 'web.yaml', 'Gateway', 'web').spec.listeners[0].port = 80), ['c1 Gateway app/web']],
  ['k8s-load-balancer-world-open', 'a cluster the plan does not know', (o) => ((o.kubernetes.c9 = { 'web.yaml': o.kubernetes.c1['web.yaml'].filter((x) => x.metadata.name === 'web-public') }), undefined), ['c9 Service app/web-public']],
  ['k8s-image-pinned', 'tag latest', (o) => (webContainer(o).image = 'registry.example.com/web:latest'), ['c1 Deployment app/web']],
  ['k8s-image-pinned', 'no tag (a registry port is not a tag)', (o) => (webContainer(o).image = 'registry.example.com:5000/web'), ['c1 Deployment app/web']],
  // ---- the engine ----
  [UNPARSABLE, 'a stack that is not JSON', () => (files: Map<string, string>) => files.set('terraform/region-a/cdk.tf.json', '{ "resource": '), ['terraform/region-a/cdk.tf.json']],
  [UNPARSABLE, 'a manifest expanding aliases without end', () => (files: Map<string, string>) => files.set('kubernetes/c1/bomb.yaml', ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill('*' + 'abcdefghi'[i]).join(', ')}]`), 'kind: Pod'].join('\n')), ['kubernetes/c1/bomb.yaml']],
  [UNPARSABLE, 'a manifest that is not YAML', () => (files: Map<string, string>) => files.set('kubernetes/c1/extra.yaml', 'kind: [Deployment\n'), ['kubernetes/c1/extra.yaml']],
];

test.each(CASES)('rule %s fires on: %s', (rule, _what, mutate, findings) => {
  // GIVEN the compliant output with one thing broken
  const o = compliantOutput();
  const edit = mutate(o);
  const files = render(o);
  if (typeof edit === 'function') edit(files);
  // WHEN checked THEN the rule names the resource, and nothing else fires (unless the row says so)
  const expected = findings.map((f) => (typeof f === 'string' ? [rule, f] : [...f]));
  expect(pairs(files).sort()).toEqual(expected.sort());
});

test('a finding carries rule, message, file and the structured target', () => {
  const o = compliantOutput();
  tf(o, 'region-a', 'aws_rds_cluster', 'db').storage_encrypted = 'false';
  webContainer(o).image = 'web';
  const [tfFinding, k8sFinding] = checkOutput(render(o)).findings.slice().sort((a, b) => a.file.localeCompare(b.file)).reverse();
  expect(tfFinding).toEqual({
    rule: 'data-store-encrypted-at-rest',
    message: expect.stringContaining('storage_encrypted'),
    file: 'terraform/region-a/cdk.tf.json',
    resource: 'region-a aws_rds_cluster.db',
    stack: 'region-a',
    address: 'aws_rds_cluster.db',
  });
  expect(k8sFinding).toEqual(
    expect.objectContaining({ rule: 'k8s-image-pinned', file: 'kubernetes/c1/web.yaml', cluster: 'c1', kind: 'Deployment', namespace: 'app', name: 'web', message: 'container web: image web has no tag (pulls latest)' }),
  );
});

test('the world-open message names the offending ports and the allowed ones', () => {
  const o = compliantOutput();
  tf(o, 'region-a', 'aws_vpc_security_group_ingress_rule', 'lb-443').to_port = 450;
  const [f] = checkOutput(render(o)).findings;
  expect(f.message).toBe('allows tcp 443-450 from 0.0.0.0/0; only the public listener ports of region-a (443) may be reachable from the internet');
});

test('a Deployment scaled to 0 (a pilot light) needs no PDB', () => {
  const o = compliantOutput();
  web(o).spec.replicas = 0;
  o.kubernetes.c1['web.yaml'] = o.kubernetes.c1['web.yaml'].filter((x) => x.kind !== 'PodDisruptionBudget');
  expect(pairs(render(o))).toEqual([]);
});

test('without plan.json no port may be open to the world', () => {
  const files = render(compliantOutput());
  files.delete('plan.json');
  expect(pairs(files).sort()).toEqual(
    [
      ['ingress-world-open', 'region-a aws_vpc_security_group_ingress_rule.lb-443'],
      ['ingress-world-open', 'region-g google_compute_firewall.listener'],
      ['ingress-world-open', 'region-z azurerm_network_security_group.private'],
      ['k8s-load-balancer-world-open', 'c1 Gateway app/web'],
      ['k8s-load-balancer-world-open', 'c1 Service app/web-public'],
    ].sort(),
  );
});
