/**
 * Documented constants of the planner: recovery-time estimates, replication bounds, node sizing.
 * These are engineering estimates, stated once here and shown in the reports next to every sum they enter.
 */
import type { AlertKind } from '../model/index';
import { LIMITS } from '../catalog/limits';
import type { Cloud, FailoverStrategy } from '../model/spec';

export const KUBERNETES_VERSION = '1.32';
/** Host number of the cluster DNS service inside the service range (the conventional .10). */
export const DNS_SERVICE_HOST = 10;
/** Share of a node's vCPU and memory left to pods after system daemons and kubelet reservations. */
export const NODE_ALLOCATABLE = 0.85;
/** Extra node capacity above summed pod requests, for rolling-update surge and bin-packing loss. */
export const NODE_HEADROOM = 0.1;
/**
 * A node holds at least this many of the cluster's largest pod (CPU and memory, after allocatable and headroom):
 * first-fit bin-packing then loses less than a quarter of a node to fragments, and a node lost or drained moves
 * at most a quarter of its pods' worth of the largest service.
 */
export const MIN_LARGEST_PODS_PER_NODE = 4;

/** Seconds to promote a cross-region/cross-cloud database replica to writer (replica promotion, DNS of the writer). */
export const DB_PROMOTION_SECONDS: Readonly<Record<Cloud, number>> = { aws: 60, gcp: 90, azure: 120 };
/** Seconds for new nodes to join a cluster (instance boot + kubelet registration). */
export const NODE_PROVISION_SECONDS: Readonly<Record<Cloud, number>> = { aws: 180, gcp: 120, azure: 240 };
/** Seconds for a pod to pull its image and pass readiness. */
export const POD_START_SECONDS = 60;
/** An operator acknowledging a page and deciding to fail over (manual and restore strategies). */
export const HUMAN_DECISION_SECONDS = 900;
/**
 * A manual tier's DNS switch: the operator runs the runbook's `aws route53 update-health-check --inverted` on
 * the tier's calculated health check (about a minute with the look-up of its id), and Route 53 propagates the
 * check's new status to its DNS servers (about a minute) before the TTL starts to run out.
 */
export const MANUAL_SWITCH_SECONDS = 120;
/** Running the runbook's verification steps after a manual failover. */
export const VERIFICATION_SECONDS = 300;

/** Which strategies need which recovery steps (terms of the RTO sum besides detection and DNS). */
export const STRATEGY_STEPS: Readonly<Record<FailoverStrategy, readonly ('decision' | 'promotion' | 'nodes' | 'pods' | 'switch' | 'restore' | 'verification')[]>> = {
  'hot-standby': ['promotion'],
  automated: ['promotion', 'nodes', 'pods'],
  // `switch`: only for a tier whose public services have a DNS switch (internal callers need none).
  manual: ['decision', 'promotion', 'nodes', 'pods', 'switch', 'verification'],
  restore: ['decision', 'restore', 'nodes', 'pods', 'verification'],
};

/** Upper bound of asynchronous replication lag we alert on (and so the honest region-loss RPO of replicated data). */
export const ASYNC_REPLICATION_LAG_SECONDS = 60;
/** Continuous backup (point-in-time recovery) granularity. */
export const CONTINUOUS_BACKUP_RPO_SECONDS = 300;
/** Max retention AWS Backup allows for continuous (PITR) backups (synth/catalog/limits.ts). */
export const CONTINUOUS_BACKUP_RETENTION_DAYS = LIMITS.awsBackupContinuousRetentionDays.max;

/** Priority classes per tier: critical tiers first, by RTO. */
export const PRIORITY_BASE = 1_000_000;
export const PRIORITY_STEP = 100_000;

/** Alert names are `<WorkloadPlan.alertPrefix><suffix>`; monitoring rules and runbooks both use these. */
export const ALERT_SUFFIX: Readonly<Record<AlertKind, string>> = {
  errorBudgetFastBurn: 'ErrorBudgetFastBurn',
  errorBudgetSlowBurn: 'ErrorBudgetSlowBurn',
  replicasBelowN: 'ReplicasBelowN',
  latencyHigh: 'LatencyHigh',
  queueDepthHigh: 'QueueDepthHigh',
};

/** Largest logical database a managed PostgreSQL holds per cloud (the catalog's, with its sources). */
export { MANAGED_POSTGRES_MAX_BYTES as MAX_DATABASE_BYTES } from '../catalog/managed-postgres';

export const POSTGRES_PORT = 5432;
/** Redis ports with TLS, per cloud. */
export const REDIS_TLS_PORT: Readonly<Record<Cloud, number>> = { aws: 6379, gcp: 6378, azure: 6380 };

/** Prometheus metrics port and path every service image exposes (gRPC ports cannot serve /metrics). */
export const METRICS_PORT = 9464;
export const METRICS_PATH = '/metrics';
/** Consecutive passing checks before a target counts as healthy again. */
export const HEALTHY_THRESHOLD = 2;

/** Taints a cloud puts on spot nodes by itself; the plan lists them so spot workloads tolerate them. */
export const CLOUD_SPOT_TAINTS: Readonly<Record<Cloud, readonly { readonly key: string; readonly value: string; readonly effect: 'NoSchedule' }[]>> = {
  aws: [],
  gcp: [],
  azure: [{ key: 'kubernetes.azure.com/scalesetpriority', value: 'spot', effect: 'NoSchedule' }],
};

/** How often External Secrets re-reads a secret from the cloud store (a rotated credential arrives within this). */
export const SECRET_REFRESH_SECONDS = 3600;
/** Alertmanager receiver of the dead-man's switch (a route of the spec may not take this name). */
export const HEARTBEAT_RECEIVER = 'watchdog-heartbeat';
/** The always-firing alert of every cluster (the name kube-prometheus-stack gives it too). */
export const WATCHDOG_ALERT = 'Watchdog';
/** Alertmanager re-sends the Watchdog to the heartbeat every minute; the heartbeat check expects one a minute and pages after 5 minutes of silence. */
export const HEARTBEAT_REPEAT_SECONDS = 60;
export const HEARTBEAT_GRACE_SECONDS = 300;
/** Namespace and name of each cluster's blackbox prober of the other regions' entry points. */
export const PROBER_NAMESPACE = 'platform-probes';
export const PROBER_NAME = 'blackbox-exporter';
export const PROBER_REPLICAS = 2;
/** Prometheus job of the region probes (the `job` label of probe_success). */
export const REGION_PROBE_JOB = 'region-probe';
/** A region whose probe results are missing this long raises the absent alert (the prober, not the region, is broken). */
export const PROBE_ABSENT_SECONDS = 600;
/** Timeout of one probe of another region's entry point (at most the probe interval). */
export const PROBE_TIMEOUT_SECONDS = 5;

/** Suffix of the AWS Backup vault that holds a region's copies in each copy location (`<vault><suffix>`). */
export const BACKUP_COPY_VAULT_SUFFIX = '-copy';
/** Advancing every sequence of a promoted standby past its table's largest replicated key: one scripted pass per shard, all shards in parallel; each max() reads the end of the key's index (milliseconds), so the bound is the connection and the loop over the sequences. */
export const SEQUENCE_ADVANCE_SECONDS = 30;
/** Gap added above the largest replicated key: ids the lost primary issued within the replication lag are never reused. */
export const SEQUENCE_GAP = 1_000_000;
/** The restore runbook's steps around the restore itself (instances, private DNS names, the identities' grants: one apply of a few IAM policies, the heartbeat check resumed). */
export const RESTORE_RUNBOOK_SECONDS = 900;
