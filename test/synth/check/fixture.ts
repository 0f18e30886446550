/**
 * A small hand-made output that passes every policy rule: an AWS region stack, a GCP and an Azure
 * region stack, a global stack with a bucket, one cluster's manifests and a plan.json naming the public
 * listener port (443). Tests mutate a fresh copy to make exactly one rule fire.
 */
import { stringify } from 'yaml';

export interface Output {
  /** stack -> Terraform JSON (only `resource` matters to the rules). */
  stacks: Record<string, { resource: Record<string, Record<string, any>> }>;
  /** cluster -> file name -> objects. */
  kubernetes: Record<string, Record<string, any[]>>;
  plan: any;
}

const container = (name: string, image: string) => ({
  name,
  image,
  securityContext: { runAsNonRoot: true, runAsUser: 10001, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false },
  resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } },
  readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
  livenessProbe: { httpGet: { path: '/live', port: 8080 } },
});

export function compliantOutput(): Output {
  return {
    stacks: {
      'region-a': {
        resource: {
          aws_kms_key: { key: { description: 'data' } },
          aws_rds_cluster_parameter_group: { params: { name: 'params', family: 'aurora-postgresql16', parameter: [{ name: 'rds.force_ssl', value: '1' }] } },
          aws_rds_cluster: {
            db: {
              cluster_identifier: 'db',
              engine: 'aurora-postgresql',
              storage_encrypted: true,
              kms_key_id: '${aws_kms_key.key.arn}',
              deletion_protection: true,
              skip_final_snapshot: false,
              backup_retention_period: 7,
              db_cluster_parameter_group_name: '${aws_rds_cluster_parameter_group.params.name}',
              tags: { backup: 'a-daily' },
            },
          },
          aws_rds_cluster_instance: { 'db-0': { cluster_identifier: '${aws_rds_cluster.db.id}', publicly_accessible: false } },
          aws_backup_vault: { vault: { name: 'a', kms_key_arn: '${aws_kms_key.key.arn}' } },
          aws_backup_plan: { daily: { name: 'a-daily', rule: [{ rule_name: 'daily', schedule: 'cron(0 3 * * ? *)', target_vault_name: '${aws_backup_vault.vault.name}' }] } },
          aws_backup_selection: { daily: { name: 'a-daily', plan_id: '${aws_backup_plan.daily.id}', selection_tag: [{ type: 'STRINGEQUALS', key: 'backup', value: 'a-daily' }] } },
          aws_elasticache_replication_group: { cache: { replication_group_id: 'cache', at_rest_encryption_enabled: 'true', transit_encryption_enabled: true } },
          aws_launch_template: {
            nodes: {
              name: 'nodes',
              block_device_mappings: [{ device_name: '/dev/xvda', ebs: { encrypted: 'true', volume_size: 100 } }],
              metadata_options: { http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 2 },
            },
          },
          aws_eks_node_group: { nodes: { node_group_name: 'nodes', launch_template: { id: '${aws_launch_template.nodes.id}', version: '${aws_launch_template.nodes.latest_version}' } } },
          aws_security_group: { lb: { name: 'lb' }, nodes: { name: 'nodes' } },
          aws_eks_cluster: { cluster: { name: 'a', vpc_config: { endpoint_private_access: true, endpoint_public_access: false, subnet_ids: [] } } },
          aws_vpc_security_group_ingress_rule: {
            'lb-443': { security_group_id: '${aws_security_group.lb.id}', cidr_ipv4: '0.0.0.0/0', ip_protocol: 'tcp', from_port: 443, to_port: 443 },
            'nodes-internal': { security_group_id: '${aws_security_group.nodes.id}', cidr_ipv4: '10.0.0.0/16', ip_protocol: '-1' },
          },
        },
      },
      'region-g': {
        resource: {
          google_sql_database_instance: {
            primary: {
              name: 'primary',
              encryption_key_name: '${google_kms_crypto_key.sql.id}',
              deletion_protection: true,
              settings: {
                deletion_protection_enabled: true,
                backup_configuration: { enabled: true, point_in_time_recovery_enabled: true },
                ip_configuration: { ipv4_enabled: false, ssl_mode: 'ENCRYPTED_ONLY', private_network: '${google_compute_network.net.id}' },
              },
            },
            replica: {
              name: 'replica',
              master_instance_name: '${google_sql_database_instance.primary.name}',
              encryption_key_name: '${google_kms_crypto_key.sql.id}',
              settings: { deletion_protection_enabled: true, ip_configuration: { ipv4_enabled: false, ssl_mode: 'ENCRYPTED_ONLY' } },
            },
          },
          google_redis_instance: { cache: { name: 'cache', customer_managed_key: '${google_kms_crypto_key.redis.id}', transit_encryption_mode: 'SERVER_AUTHENTICATION' } },
          google_storage_bucket: { assets: { name: 'assets', public_access_prevention: 'enforced' } },
          google_container_cluster: {
            private: { name: 'g', private_cluster_config: { enable_private_endpoint: true, enable_private_nodes: true } },
            authorized: { name: 'g2', master_authorized_networks_config: { cidr_blocks: [{ cidr_block: '203.0.113.0/24' }] } },
          },
          google_container_node_pool: { pool: { name: 'pool', node_config: { machine_type: 'n2-standard-8', workload_metadata_config: { mode: 'GKE_METADATA' } } } },
          google_compute_firewall: {
            'deny-all': { direction: 'INGRESS', deny: [{ protocol: 'all' }], source_ranges: ['0.0.0.0/0'], priority: 65534 },
            internal: { direction: 'INGRESS', allow: [{ protocol: 'tcp' }], source_ranges: ['10.0.0.0/8'] },
            listener: { direction: 'INGRESS', allow: [{ protocol: 'tcp', ports: ['443'] }], source_ranges: ['0.0.0.0/0'] },
          },
        },
      },
      'region-z': {
        resource: {
          azurerm_resource_group: { databases: { name: 'z-databases' } },
          azurerm_kubernetes_cluster: { cluster: { name: 'z', private_cluster_enabled: true } },
          azurerm_management_lock: { 'no-delete': { name: 'no-delete', scope: '${azurerm_resource_group.databases.id}', lock_level: 'CanNotDelete' } },
          azurerm_postgresql_flexible_server: { pg: { name: 'pg', resource_group_name: '${azurerm_resource_group.databases.name}', public_network_access_enabled: false } },
          azurerm_postgresql_flexible_server_configuration: { tls: { server_id: '${azurerm_postgresql_flexible_server.pg.id}', name: 'require_secure_transport', value: 'on' } },
          azurerm_redis_cache: { cache: { name: 'cache', public_network_access_enabled: false, non_ssl_port_enabled: false, minimum_tls_version: '1.2' } },
          azurerm_storage_account: { logs: { name: 'logs', allow_nested_items_to_be_public: false } },
          azurerm_network_security_group: {
            private: {
              name: 'private',
              security_rule: [
                { name: 'allow-lb', direction: 'Inbound', access: 'Allow', protocol: '*', source_address_prefix: 'AzureLoadBalancer', destination_port_range: '*' },
                { name: 'allow-public', direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source_address_prefix: 'Internet', destination_port_range: '', destination_port_ranges: ['443'] },
                { name: 'deny-all', direction: 'Inbound', access: 'Deny', protocol: '*', source_address_prefix: '*', destination_port_range: '*' },
              ],
            },
          },
        },
      },
      global: {
        resource: {
          aws_s3_bucket: { assets: { bucket: 'assets' } },
          aws_s3_bucket_server_side_encryption_configuration: { assets: { bucket: '${aws_s3_bucket.assets.id}', rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }] } },
          aws_s3_bucket_public_access_block: {
            assets: { bucket: '${aws_s3_bucket.assets.id}', block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true },
          },
        },
      },
    },
    kubernetes: {
      c1: {
        '00-namespaces.yaml': [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'app' } }],
        '01-network-policies.yaml': [
          { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: 'app' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
        ],
        'web.yaml': [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: 'web', namespace: 'app' },
            spec: {
              replicas: 3,
              selector: { matchLabels: { app: 'web' } },
              template: {
                metadata: { labels: { app: 'web', tier: 'api' } },
                spec: { securityContext: { runAsNonRoot: true }, containers: [container('web', 'registry.example.com/web:1.2.3')] },
              },
            },
          },
          { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'app' }, spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } } },
          { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web-public', namespace: 'app' }, spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 443, targetPort: 8080 }] } },
          {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: 'web-internal', namespace: 'app', annotations: { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' } },
            spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 9000 }] },
          },
          { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web-admin', namespace: 'app' }, spec: { type: 'LoadBalancer', loadBalancerSourceRanges: ['203.0.113.0/24'], selector: { app: 'web' }, ports: [{ port: 22 }] } },
          {
            apiVersion: 'gateway.networking.k8s.io/v1',
            kind: 'Gateway',
            metadata: { name: 'web', namespace: 'app' },
            spec: { gatewayClassName: 'gke-l7-global-external-managed', listeners: [{ name: 'https', port: 443, protocol: 'HTTPS' }] },
          },
          {
            apiVersion: 'batch/v1',
            kind: 'Job',
            metadata: { name: 'migrate', namespace: 'app' },
            spec: { template: { spec: { restartPolicy: 'Never', containers: [{ ...container('migrate', 'registry.example.com/web@sha256:' + 'a'.repeat(64)), readinessProbe: undefined, livenessProbe: undefined }] } } },
          },
        ],
      },
    },
    plan: {
      stacks: [
        { name: 'region-a', region: 'a' },
        { name: 'region-g', region: 'g' },
        { name: 'region-z', region: 'z' },
        { name: 'global', kind: 'global' },
      ],
      regions: [
        { id: 'a', loadBalancer: { targetGroups: [{ port: 443 }] }, workloads: [{ public: true, port: 443 }, { public: false, port: 9000 }] },
        { id: 'g', workloads: [{ public: true, port: 443 }] },
        { id: 'z', workloads: [{ public: true, port: 443 }] },
        { id: 'c1', workloads: [{ public: true, port: 8443 }] },
      ],
      entryPoints: [{ region: 'c1', listeners: [{ port: 443 }] }],
    },
  };
}

/** The output as the files map compile() returns. */
export function render(o: Output): Map<string, string> {
  const files = new Map<string, string>();
  for (const [stack, json] of Object.entries(o.stacks)) files.set(`terraform/${stack}/cdk.tf.json`, JSON.stringify(json, null, 2) + '\n');
  for (const [cluster, byFile] of Object.entries(o.kubernetes)) {
    for (const [file, objects] of Object.entries(byFile)) files.set(`kubernetes/${cluster}/${file}`, objects.map((x) => stringify(JSON.parse(JSON.stringify(x)))).join('---\n'));
  }
  files.set('plan.json', JSON.stringify(o.plan, null, 2) + '\n');
  return files;
}

/** Shortcuts into the fixture for mutations. */
export const tf = (o: Output, stack: string, type: string, name: string): Record<string, any> => o.stacks[stack].resource[type][name];
export const k8s = (o: Output, cluster: string, file: string, kind: string, name: string): Record<string, any> =>
  o.kubernetes[cluster][file].find((x) => x.kind === kind && x.metadata.name === name)!;
