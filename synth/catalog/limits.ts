/**
 * Limits of the clouds and of Kubernetes that the generated output depends on, each stated once with its
 * source. The validator checks them (synth/spec/rules-limits.ts, part of the RULES table), the planner
 * copies the ones the constructs assert into `Plan.limits`, so that a spec `validate` accepts never fails
 * later on one of them. Names are checked against `NAME_RULES` (pattern and length per target).
 *
 * Sources (documentation pages, as of 2026):
 * - Azure Database for PostgreSQL flexible server: "Read replicas" (up to five replicas per primary),
 *   https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-read-replicas;
 *   "Backup and restore" (retention 7 to 35 days),
 *   https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-backup-restore.
 * - Azure Cache for Redis: "Configure the number of replicas for a Premium cache" (1 to 3 replicas per
 *   primary), https://learn.microsoft.com/azure/azure-cache-for-redis/cache-how-to-multi-replicas.
 * - Azure resource names: "Naming rules and restrictions for Azure resources"
 *   (Microsoft.DBforPostgreSQL/flexibleServers 3-63, Microsoft.Cache/redis 1-63, Microsoft.ContainerService/
 *   managedClusters 1-63), https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules.
 * - Memorystore for Redis: "About read replicas" (1 to 5 replicas with read replicas enabled),
 *   https://cloud.google.com/memorystore/docs/redis/about-read-replicas; instance ids: "Create and manage
 *   instances" (lower-case letter first, at most 40 characters),
 *   https://cloud.google.com/memorystore/docs/redis/create-manage-instances.
 * - ElastiCache: "Replication: Redis OSS (cluster mode disabled)" (up to 5 read replicas per node group),
 *   https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Replication.Redis-RedisCluster.html; replication group
 *   ids: CreateReplicationGroup API (1-40, letter first, no "--", no trailing hyphen).
 * - AWS Backup: "Continuous backups and point-in-time recovery (PITR)" (retention 1 to 35 days),
 *   https://docs.aws.amazon.com/aws-backup/latest/devguide/point-in-time-recovery.html.
 * - Aurora: "Replication with Amazon Aurora" (up to 15 Aurora Replicas),
 *   https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Replication.html; identifiers: CreateDBCluster
 *   API, DBClusterIdentifier (1-63 letters, digits, hyphens; letter first; no "--"; no trailing hyphen).
 * - Route 53: HealthCheckConfig API (RequestInterval 10 or 30, FailureThreshold 1-10),
 *   https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html.
 * - Global Accelerator: CreateEndpointGroup API (HealthCheckIntervalSeconds 10 or 30, ThresholdCount 1-10),
 *   https://docs.aws.amazon.com/global-accelerator/latest/api/API_CreateEndpointGroup.html.
 * - Network Load Balancer: "Health checks for Network Load Balancer target groups" (interval 5-300 s,
 *   unhealthy threshold 2-10); names: CreateLoadBalancer / CreateTargetGroup API (at most 32 characters),
 *   https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-health-checks.html.
 * - S3: "General purpose bucket naming rules" (3-63 lower-case letters, digits, dots, hyphens),
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html.
 * - Google IAM: projects.serviceAccounts.create (account id 6-30, `[a-z]([-a-z0-9]*[a-z0-9])`),
 *   https://cloud.google.com/iam/docs/reference/rest/v1/projects.serviceAccounts/create.
 * - GKE: projects.locations.clusters (name at most 40 characters, lower-case letter first),
 *   https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters.
 * - Kubernetes: "Considerations for large clusters" (at most 150,000 pods, 5,000 nodes per cluster),
 *   https://kubernetes.io/docs/setup/best-practices/cluster-large/.
 * - Kubernetes: "Labels and Selectors, Syntax and character set" (values at most 63 characters) and
 *   "Object Names and IDs, DNS Label Names" (RFC 1123 labels, at most 63 characters),
 *   https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/,
 *   https://kubernetes.io/docs/concepts/overview/working-with-objects/names/.
 */

export interface RangeLimit {
  readonly min: number;
  readonly max: number;
  /** Human name of the limit, used in messages ("read replicas of an Azure PostgreSQL flexible server"). */
  readonly what: string;
  readonly source: string;
}

export interface SetLimit {
  readonly allowed: readonly number[];
  readonly what: string;
  readonly source: string;
}

export interface NameRule {
  readonly pattern: RegExp;
  /** The pattern in words, for messages. */
  readonly shape: string;
  readonly minLength: number;
  readonly maxLength: number;
  readonly what: string;
  readonly source: string;
}

const AZURE_PG = 'Azure Database for PostgreSQL flexible server (learn.microsoft.com: concepts-read-replicas, concepts-backup-restore)';
const AZURE_NAMES = 'Azure naming rules (learn.microsoft.com: resource-name-rules)';

export const LIMITS = {
  azurePostgresReadReplicas: { min: 0, max: 5, what: 'read replicas of an Azure PostgreSQL flexible server', source: AZURE_PG },
  azurePostgresBackupRetentionDays: { min: 7, max: 35, what: 'backup retention of an Azure PostgreSQL flexible server, in days', source: AZURE_PG },
  azureRedisReplicasPerPrimary: { min: 1, max: 3, what: 'replicas per primary of a Premium Azure Cache for Redis', source: 'Azure Cache for Redis (learn.microsoft.com: cache-how-to-multi-replicas)' },
  memorystoreReadReplicas: { min: 1, max: 5, what: 'read replicas of a Memorystore for Redis instance', source: 'Memorystore for Redis (cloud.google.com: about-read-replicas)' },
  elasticacheReplicasPerNodeGroup: { min: 0, max: 5, what: 'read replicas of an ElastiCache replication group', source: 'ElastiCache (docs.aws.amazon.com: Replication.Redis-RedisCluster)' },
  awsBackupContinuousRetentionDays: { min: 1, max: 35, what: 'retention of AWS Backup continuous (point-in-time) backups, in days', source: 'AWS Backup Developer Guide: point-in-time recovery' },
  auroraReplicas: { min: 0, max: 15, what: 'Aurora Replicas of a DB cluster', source: 'Aurora (docs.aws.amazon.com: Aurora.Replication)' },
  kubernetesPodsPerCluster: { min: 0, max: 150000, what: 'pods of one Kubernetes cluster', source: 'Kubernetes: Considerations for large clusters' },
  route53FailureThreshold: { min: 1, max: 10, what: 'failure threshold of a Route 53 health check', source: 'Route 53 API HealthCheckConfig' },
  acceleratorThresholdCount: { min: 1, max: 10, what: 'threshold count of a Global Accelerator endpoint group', source: 'Global Accelerator API CreateEndpointGroup' },
  nlbHealthCheckIntervalSeconds: { min: 5, max: 300, what: 'health-check interval of a Network Load Balancer target group, in seconds', source: 'Elastic Load Balancing: target-group-health-checks' },
  nlbUnhealthyThreshold: { min: 2, max: 10, what: 'unhealthy threshold of a Network Load Balancer target group', source: 'Elastic Load Balancing: target-group-health-checks' },
} as const satisfies Readonly<Record<string, RangeLimit>>;

export const INTERVAL_LIMITS = {
  route53HealthCheckIntervalSeconds: { allowed: [10, 30], what: 'request interval of a Route 53 health check, in seconds', source: 'Route 53 API HealthCheckConfig (RequestInterval)' },
  acceleratorHealthCheckIntervalSeconds: { allowed: [10, 30], what: 'health-check interval of a Global Accelerator endpoint group, in seconds', source: 'Global Accelerator API CreateEndpointGroup (HealthCheckIntervalSeconds)' },
} as const satisfies Readonly<Record<string, SetLimit>>;

const LOWER_DNS = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LETTER_DNS = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** Letter first, no trailing hyphen, no two hyphens in a row (RDS, ElastiCache, Azure Redis). */
const NO_DOUBLE_HYPHEN = /^[a-z](-?[a-z0-9])*$/;

export const NAME_RULES = {
  k8sDnsLabel: { pattern: LOWER_DNS, shape: "lower-case letters, digits and '-', starting and ending with a letter or digit", minLength: 1, maxLength: 63, what: 'Kubernetes DNS-1123 label (namespace, Service, Deployment names)', source: 'Kubernetes: Object Names and IDs' },
  k8sLabelValue: { pattern: /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/, shape: "letters, digits, '-', '_' and '.', starting and ending with a letter or digit", minLength: 0, maxLength: 63, what: 'Kubernetes label value', source: 'Kubernetes: Labels and Selectors' },
  auroraIdentifier: { pattern: NO_DOUBLE_HYPHEN, shape: "lower-case letters, digits and single '-', starting with a letter, not ending with '-'", minLength: 1, maxLength: 63, what: 'Aurora DB cluster / instance identifier', source: 'RDS API CreateDBCluster (DBClusterIdentifier)' },
  elasticacheReplicationGroupId: { pattern: NO_DOUBLE_HYPHEN, shape: "lower-case letters, digits and single '-', starting with a letter, not ending with '-'", minLength: 1, maxLength: 40, what: 'ElastiCache replication group id', source: 'ElastiCache API CreateReplicationGroup' },
  memorystoreInstanceId: { pattern: LETTER_DNS, shape: "lower-case letters, digits and '-', starting with a letter, not ending with '-'", minLength: 1, maxLength: 40, what: 'Memorystore for Redis instance id', source: 'Memorystore: create-manage-instances' },
  azurePostgresServerName: { pattern: LOWER_DNS, shape: "lower-case letters, digits and '-', not starting or ending with '-'", minLength: 3, maxLength: 63, what: 'Azure PostgreSQL flexible server name', source: AZURE_NAMES },
  azureRedisName: { pattern: /^[a-z0-9](-?[a-z0-9])*$/, shape: "lower-case letters, digits and single '-', not starting or ending with '-'", minLength: 1, maxLength: 63, what: 'Azure Cache for Redis name', source: AZURE_NAMES },
  aksClusterName: { pattern: LOWER_DNS, shape: "letters, digits and '-'", minLength: 1, maxLength: 63, what: 'AKS cluster name', source: AZURE_NAMES },
  gkeClusterName: { pattern: LETTER_DNS, shape: "lower-case letters, digits and '-', starting with a letter", minLength: 1, maxLength: 40, what: 'GKE cluster name', source: 'GKE API projects.locations.clusters' },
  cloudSqlInstanceName: { pattern: LETTER_DNS, shape: "lower-case letters, digits and '-', starting with a letter", minLength: 1, maxLength: 68, what: 'Cloud SQL instance id (98 characters with the project id, which has up to 30)', source: 'Cloud SQL: Create instances (instance ID)' },
  gcpServiceAccountId: { pattern: LETTER_DNS, shape: "lower-case letters, digits and '-', starting with a letter", minLength: 6, maxLength: 30, what: 'Google service account id', source: 'IAM API projects.serviceAccounts.create' },
  nlbName: { pattern: /^[a-zA-Z0-9](-?[a-zA-Z0-9])*$/, shape: "letters, digits and '-', not starting or ending with '-'", minLength: 1, maxLength: 32, what: 'Network Load Balancer name', source: 'Elastic Load Balancing API CreateLoadBalancer' },
  nlbTargetGroupName: { pattern: /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/, shape: "letters, digits and '-', not starting or ending with '-'", minLength: 1, maxLength: 32, what: 'target group name', source: 'Elastic Load Balancing API CreateTargetGroup' },
  eksClusterName: { pattern: /^[0-9A-Za-z][A-Za-z0-9_-]*$/, shape: "letters, digits, '-' and '_', starting with a letter or digit", minLength: 1, maxLength: 100, what: 'EKS cluster name', source: 'EKS API CreateCluster' },
  s3BucketName: { pattern: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, shape: "lower-case letters, digits, '.' and '-', starting and ending with a letter or digit", minLength: 3, maxLength: 63, what: 'S3 bucket name', source: 'S3: bucketnamingrules' },
  iamRoleName: { pattern: /^[\w+=,.@-]+$/, shape: "letters, digits and '+=,.@_-'", minLength: 1, maxLength: 64, what: 'IAM role name', source: 'IAM API CreateRole' },
} as const satisfies Readonly<Record<string, NameRule>>;

export type NameRuleId = keyof typeof NAME_RULES;

/** Why a name breaks its rule, or undefined when it fits. */
export function nameProblem(rule: NameRule, name: string): string | undefined {
  if (name.length < rule.minLength) return `${name.length} characters, the minimum is ${rule.minLength}`;
  if (name.length > rule.maxLength) return `${name.length} characters, the maximum is ${rule.maxLength}`;
  if (!rule.pattern.test(name)) return `not ${rule.shape}`;
  return undefined;
}

export function inRange(limit: RangeLimit, n: number): boolean {
  return Number.isFinite(n) && n >= limit.min && n <= limit.max;
}
