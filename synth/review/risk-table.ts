/**
 * What the risk flags key on: resource types that hold state (a database, bucket, vault, cache, KMS key
 * or cluster: destroying or replacing one loses data or takes the platform down), the attributes that force
 * a replacement per resource type, the attributes that expose a resource publicly, and the resource types
 * that grant network or IAM access. Keyed on Terraform resource types and attribute names only, so it keeps
 * working when new constructs land; a type missing here is simply not flagged (add it with its source).
 *
 * Sources for FORCES_NEW: the provider schemas at the pinned versions (hashicorp/aws 6.25, hashicorp/google
 * 6.50, hashicorp/azurerm 4.55), attributes marked `ForceNew` (registry docs: "Changing this forces a new
 * resource to be created" in azurerm, "Forces new resource" in aws/google). Terraform's JSON schema
 * (`terraform providers schema -json`) does not carry ForceNew, so the table cannot be derived from
 * test/helpers/tf-provider-schema.json; the test next to it checks that every listed attribute exists there.
 */

export type StatefulKind = 'database' | 'bucket' | 'vault' | 'cache' | 'kms-key' | 'cluster' | 'volume';

/** Terraform resource types and Kubernetes kinds whose loss loses data or the platform. */
export const STATEFUL: Readonly<Record<string, StatefulKind>> = {
  // databases
  aws_rds_cluster: 'database',
  aws_rds_global_cluster: 'database',
  aws_db_instance: 'database',
  aws_dynamodb_table: 'database',
  google_sql_database_instance: 'database',
  google_sql_database: 'database',
  azurerm_postgresql_flexible_server: 'database',
  azurerm_postgresql_flexible_server_database: 'database',
  // buckets
  aws_s3_bucket: 'bucket',
  google_storage_bucket: 'bucket',
  azurerm_storage_account: 'bucket',
  azurerm_storage_container: 'bucket',
  // vaults (backups, secrets)
  aws_backup_vault: 'vault',
  aws_secretsmanager_secret: 'vault',
  azurerm_data_protection_backup_vault: 'vault',
  azurerm_recovery_services_vault: 'vault',
  azurerm_key_vault: 'vault',
  google_backup_dr_backup_vault: 'vault',
  google_secret_manager_secret: 'vault',
  // caches
  aws_elasticache_replication_group: 'cache',
  aws_elasticache_cluster: 'cache',
  aws_elasticache_serverless_cache: 'cache',
  google_redis_instance: 'cache',
  google_redis_cluster: 'cache',
  azurerm_redis_cache: 'cache',
  azurerm_managed_redis: 'cache',
  // keys (everything encrypted with a destroyed key is lost)
  aws_kms_key: 'kms-key',
  aws_kms_replica_key: 'kms-key',
  google_kms_crypto_key: 'kms-key',
  google_kms_key_ring: 'kms-key',
  azurerm_key_vault_key: 'kms-key',
  // clusters
  aws_eks_cluster: 'cluster',
  google_container_cluster: 'cluster',
  azurerm_kubernetes_cluster: 'cluster',
  // Kubernetes objects that hold data
  PersistentVolumeClaim: 'volume',
  StatefulSet: 'volume',
  PersistentVolume: 'volume',
};

/**
 * Attributes whose change replaces the resource, per type (paths without list indexes, nested blocks
 * dotted). Listed for the stateful types above and the resources they cannot live without.
 */
export const FORCES_NEW: Readonly<Record<string, readonly string[]>> = {
  aws_rds_cluster: [
    'cluster_identifier', 'cluster_identifier_prefix', 'engine', 'engine_mode', 'database_name', 'master_username', 'storage_encrypted',
    'kms_key_id', 'availability_zones', 'db_subnet_group_name', 'snapshot_identifier', 'source_region', 'restore_to_point_in_time', 's3_import',
  ],
  aws_rds_cluster_instance: ['identifier', 'identifier_prefix', 'cluster_identifier', 'engine', 'availability_zone', 'db_subnet_group_name', 'custom_iam_instance_profile'],
  aws_rds_global_cluster: ['global_cluster_identifier', 'engine', 'database_name', 'source_db_cluster_identifier', 'storage_encrypted'],
  aws_db_instance: ['identifier', 'identifier_prefix', 'engine', 'db_name', 'kms_key_id', 'storage_encrypted', 'availability_zone', 'snapshot_identifier', 'character_set_name', 'timezone'],
  aws_dynamodb_table: ['name', 'hash_key', 'range_key'],
  aws_s3_bucket: ['bucket', 'bucket_prefix', 'object_lock_enabled'],
  aws_backup_vault: ['name', 'kms_key_arn'],
  aws_secretsmanager_secret: ['name', 'name_prefix'],
  google_secret_manager_secret: ['secret_id', 'project', 'replication'],
  aws_elasticache_replication_group: [
    'replication_group_id', 'at_rest_encryption_enabled', 'kms_key_id', 'subnet_group_name', 'port', 'engine', 'snapshot_arns', 'snapshot_name',
    'preferred_cache_cluster_azs', 'data_tiering_enabled', 'global_replication_group_id', 'network_type',
  ],
  aws_elasticache_cluster: ['cluster_id', 'engine', 'port', 'subnet_group_name', 'availability_zone', 'snapshot_arns', 'snapshot_name'],
  aws_kms_key: ['customer_master_key_spec', 'key_usage', 'multi_region', 'custom_key_store_id', 'xks_key_id'],
  aws_eks_cluster: [
    'name', 'role_arn', 'encryption_config.provider.key_arn', 'kubernetes_network_config.service_ipv4_cidr', 'kubernetes_network_config.ip_family',
    'vpc_config.security_group_ids', 'outpost_config', 'bootstrap_self_managed_addons', 'access_config.bootstrap_cluster_creator_admin_permissions',
  ],
  aws_eks_node_group: ['cluster_name', 'node_group_name', 'node_group_name_prefix', 'node_role_arn', 'subnet_ids', 'capacity_type', 'instance_types', 'ami_type', 'disk_size', 'remote_access'],
  google_sql_database_instance: ['name', 'region', 'project', 'master_instance_name', 'encryption_key_name', 'replica_configuration'],
  google_sql_database: ['name', 'instance', 'project'],
  google_storage_bucket: ['name', 'location', 'project'],
  google_redis_instance: [
    'name', 'region', 'project', 'tier', 'location_id', 'alternative_location_id', 'authorized_network', 'connect_mode', 'reserved_ip_range',
    'customer_managed_key', 'transit_encryption_mode', 'read_replicas_mode',
  ],
  google_kms_crypto_key: ['name', 'key_ring', 'purpose', 'import_only', 'skip_initial_version_creation', 'crypto_key_backend'],
  google_kms_key_ring: ['name', 'location', 'project'],
  google_container_cluster: [
    'name', 'location', 'project', 'network', 'subnetwork', 'ip_allocation_policy', 'private_cluster_config.master_ipv4_cidr_block',
    'private_cluster_config.enable_private_endpoint', 'initial_node_count', 'enable_autopilot', 'default_max_pods_per_node',
  ],
  google_container_node_pool: ['name', 'cluster', 'location', 'project', 'node_config.machine_type', 'node_config.disk_size_gb', 'node_config.spot', 'node_config.service_account', 'node_locations', 'max_pods_per_node'],
  azurerm_postgresql_flexible_server: [
    'name', 'resource_group_name', 'location', 'delegated_subnet_id', 'private_dns_zone_id', 'administrator_login', 'create_mode',
    'source_server_id', 'geo_redundant_backup_enabled', 'customer_managed_key.geo_backup_key_vault_key_id',
  ],
  azurerm_postgresql_flexible_server_database: ['name', 'server_id', 'charset', 'collation'],
  azurerm_redis_cache: ['name', 'resource_group_name', 'location', 'subnet_id', 'private_static_ip_address', 'zones', 'family'],
  azurerm_key_vault: ['name', 'resource_group_name', 'location'],
  azurerm_key_vault_key: ['name', 'key_vault_id', 'key_type', 'curve'],
  azurerm_storage_account: ['name', 'resource_group_name', 'location', 'account_kind', 'is_hns_enabled', 'infrastructure_encryption_enabled'],
  azurerm_storage_container: ['name', 'storage_account_name', 'storage_account_id'],
  azurerm_kubernetes_cluster: [
    'name', 'resource_group_name', 'location', 'dns_prefix', 'private_cluster_enabled', 'private_dns_zone_id', 'network_profile.network_plugin',
    'network_profile.network_plugin_mode', 'network_profile.pod_cidr', 'network_profile.service_cidr', 'network_profile.dns_service_ip', 'network_profile.outbound_type',
    'default_node_pool.vnet_subnet_id',
  ],
  azurerm_kubernetes_cluster_node_pool: ['name', 'kubernetes_cluster_id', 'vm_size', 'vnet_subnet_id', 'zones', 'priority', 'os_disk_size_gb', 'max_pods'],
  azurerm_data_protection_backup_vault: ['name', 'resource_group_name', 'location', 'datastore_type', 'redundancy'],
};

/** Whether `path` (with list indexes) is, or lies below, one of `type`'s replacing attributes. */
export function forcesNew(type: string, path: string): boolean {
  const bare = path.replace(/\[\d+\]/g, '');
  return (FORCES_NEW[type] ?? []).some((a) => bare === a || bare.startsWith(`${a}.`));
}

/**
 * Attribute names (at any depth) whose value means "reachable from the internet", with that value.
 * `internal: false` counts for load balancers only.
 */
export const PUBLIC_WHEN: Readonly<Record<string, unknown>> = {
  publicly_accessible: true,
  public_network_access_enabled: true,
  map_public_ip_on_launch: true,
  associate_public_ip_address: true,
  endpoint_public_access: true,
  ipv4_enabled: true,
  enable_private_endpoint: false,
  enable_private_nodes: false,
  private_cluster_enabled: false,
  block_public_acls: false,
  block_public_policy: false,
  ignore_public_acls: false,
  restrict_public_buckets: false,
  allow_nested_items_to_be_public: true,
};

export const LOAD_BALANCER_TYPES: readonly string[] = ['aws_lb', 'aws_alb', 'aws_elb'];

/** Source ranges that mean "anyone". */
export const ANYWHERE: readonly string[] = ['0.0.0.0/0', '::/0', '*', 'Internet', 'Any', 'any'];

/**
 * Network guards: resource types whose rules allow traffic, with the attribute that names the thing they
 * guard (rules on an existing guard that grow widen access; a new guard guards something new).
 */
export const NETWORK_GUARDS: Readonly<Record<string, { readonly guard: string | undefined }>> = {
  aws_security_group: { guard: undefined },
  aws_security_group_rule: { guard: 'security_group_id' },
  aws_vpc_security_group_ingress_rule: { guard: 'security_group_id' },
  aws_vpc_security_group_egress_rule: { guard: 'security_group_id' },
  aws_network_acl_rule: { guard: 'network_acl_id' },
  google_compute_firewall: { guard: 'network' },
  azurerm_network_security_group: { guard: undefined },
  azurerm_network_security_rule: { guard: 'network_security_group_name' },
};

/**
 * IAM grants: resource types that grant permissions, with the attribute naming the identity they grant to.
 * A new grant to an existing identity widens it; grants of a new identity are new, not wider.
 */
export const IAM_GRANTS: Readonly<Record<string, { readonly identity: string | undefined }>> = {
  aws_iam_role: { identity: undefined },
  /** data source: the document an inline or managed policy renders */
  aws_iam_policy_document: { identity: undefined },
  aws_iam_role_policy: { identity: 'role' },
  aws_iam_role_policy_attachment: { identity: 'role' },
  aws_iam_policy: { identity: undefined },
  aws_iam_user_policy: { identity: 'user' },
  aws_kms_key: { identity: undefined },
  aws_kms_key_policy: { identity: 'key_id' },
  aws_s3_bucket_policy: { identity: 'bucket' },
  aws_eks_access_policy_association: { identity: 'principal_arn' },
  aws_eks_pod_identity_association: { identity: 'service_account' },
  google_project_iam_member: { identity: 'member' },
  google_project_iam_binding: { identity: 'role' },
  google_service_account_iam_member: { identity: 'member' },
  google_kms_crypto_key_iam_member: { identity: 'member' },
  google_storage_bucket_iam_member: { identity: 'member' },
  azurerm_role_assignment: { identity: 'principal_id' },
  azurerm_key_vault_access_policy: { identity: 'object_id' },
};
