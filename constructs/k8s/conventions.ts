/**
 * Naming, labels and the fixed platform conventions the Kubernetes constructs share.
 *
 * Constructs translate the Plan and decide nothing. What lives here is not per-spec: label keys,
 * file names, the application metrics contract every service image implements, and the few
 * alerting/scraping constants that are the same for every spec. Each constant that one could argue
 * is a decision is marked `MODEL CANDIDATE`: it belongs in the Plan once the planner owns it.
 */
import { createHash } from 'crypto';
import type { Plan, Protocol, RegionPlan, WorkloadPlan } from '../../synth/model/index';
import { pascalCase } from '../../synth/util/names';
import { PlanInvariantError } from '../../synth/util/errors';

// ---------------------------------------------------------------------------------------------
// Files of one cluster directory (kubernetes/<region>/...). Fixed files start with a two-digit
// prefix so that they sort first and cannot be mistaken for `<service>.yaml`.

export const FILE = {
  namespaces: '00-namespaces.yaml',
  networkPolicies: '01-network-policies.yaml',
  monitoring: '02-monitoring.yaml',
  dashboards: '03-dashboards.yaml',
  gateway: '04-gateway.yaml',
  databaseRoles: '05-database-roles.yaml',
  regionProbes: '06-region-probes.yaml',
  secrets: '07-secrets.yaml',
} as const;

export const serviceFile = (service: string): string => `${service}.yaml`;
export const regionPath = (region: string, file: string): string => `kubernetes/${region}/${file}`;
export const argocdPath = (region: string): string => `kubernetes/argocd/${region}.yaml`;

// ---------------------------------------------------------------------------------------------
// Labels

export const LABEL = {
  name: 'app.kubernetes.io/name',
  partOf: 'app.kubernetes.io/part-of',
  component: 'app.kubernetes.io/component',
  /** Kubernetes sets it on every namespace (1.21+); NetworkPolicies select namespaces by it. */
  namespaceName: 'kubernetes.io/metadata.name',
  zone: 'topology.kubernetes.io/zone',
  hostname: 'kubernetes.io/hostname',
} as const;

/** The platform's own label and annotation keys, in the plan's label domain (`<domain>/tier`, ...). */
export type PlatformKey = 'tier' | 'mode' | 'region' | 'config-hash';
export const platformKey = (plan: Pick<Plan, 'labelDomain'>, key: PlatformKey | string): string => `${plan.labelDomain}/${key}`;

/** Labels on every generated object: part-of and the plan's tags (as `<label domain>/<tag>`). */
export function commonLabels(plan: Plan): Record<string, string> {
  const out: Record<string, string> = { [LABEL.partOf]: plan.name };
  for (const [k, v] of Object.entries(plan.tags)) out[platformKey(plan, k)] = v;
  return out;
}

/** The selector of a workload's pods (immutable on a Deployment: keep it minimal). */
export const selectorLabels = (w: WorkloadPlan): Record<string, string> => ({ [LABEL.name]: w.service });

/** Labels of a workload's pods and of every object belonging to it. */
export function workloadLabels(plan: Plan, w: WorkloadPlan): Record<string, string> {
  return {
    ...commonLabels(plan),
    ...selectorLabels(w),
    [platformKey(plan, 'tier')]: w.tier,
    [platformKey(plan, 'mode')]: w.mode,
  };
}

// ---------------------------------------------------------------------------------------------
// Cluster add-ons the manifests refer to (the platform layer installs them: constructs/k8s/addons.ts).

export const ADDONS = {
  /** GKE: namespace of the cluster's public Gateway (created with it, in 04-gateway.yaml). */
  gatewayNamespace: 'platform-gateway',
  gatewayName: 'public',
  /** GKE's built-in Gateway class for the global external Application Load Balancer. */
  gatewayClass: 'gke-l7-global-external-managed',
  monitoringNamespace: 'monitoring',
  dnsNamespace: 'kube-system',
  dnsPodLabels: { 'k8s-app': 'kube-dns' } as Record<string, string>,
  argocdNamespace: 'argocd',
  argocdProject: 'default',
  grafanaDashboardLabel: 'grafana_dashboard',
} as const;

/** Argo CD sync wave annotation (the plan gives the waves). */
export const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';

/** Pod security identity: the non-root user every image runs as. */
export const RUN_AS = 10001;

// ---------------------------------------------------------------------------------------------
// Application metrics contract: what every service image exposes on the `metrics` port.
//
//   request_queue_depth                      gauge      requests accepted but not yet being served
//   http_requests_total{code}                counter    http, http2, websocket (handshakes + messages)
//   http_request_duration_seconds_bucket     histogram  http, http2, websocket
//   grpc_server_handled_total{grpc_code}     counter    grpc (go-grpc-prometheus names)
//   grpc_server_handling_seconds_bucket      histogram  grpc
//   cache_requests_total{cache,result}       counter    result = hit | miss, cache = cache id
//   db_query_duration_seconds_bucket{database} histogram database = database id

/** Name of the metrics port (its number and path come from WorkloadPlan.metrics). */
export const METRICS = { portName: 'metrics' } as const;

export const CUSTOM_METRIC = {
  queueDepth: 'request_queue_depth',
  latencyP99Ms: { http: 'http_request_latency_p99_ms', grpc: 'grpc_request_latency_p99_ms' },
} as const;

export type MetricFamily = 'http' | 'grpc';
export const metricFamily = (p: Protocol): MetricFamily => (p === 'grpc' ? 'grpc' : 'http');

export const SERIES = {
  http: {
    requests: 'http_requests_total',
    errorMatcher: 'code=~"5.."',
    durationBucket: 'http_request_duration_seconds_bucket',
  },
  grpc: {
    requests: 'grpc_server_handled_total',
    // server-side faults only; client errors (InvalidArgument, NotFound, ...) do not burn the budget
    errorMatcher: 'grpc_code=~"Unknown|DeadlineExceeded|Unimplemented|Internal|Unavailable|DataLoss"',
    durationBucket: 'grpc_server_handling_seconds_bucket',
  },
  queueDepth: 'request_queue_depth',
  cacheRequests: 'cache_requests_total',
  dbQueryBucket: 'db_query_duration_seconds_bucket',
  availableReplicas: 'kube_deployment_status_replicas_available',
} as const;

/**
 * MODEL CANDIDATE (ObservabilityPlan.alerting): multi-window burn-rate alerting as in the Google SRE
 * workbook (2% of a 30-day budget in 1h, 5% in 6h), plus evaluation windows and `for` durations.
 */
export const ALERTING = {
  fastBurn: { factor: 14.4, long: '1h', short: '5m', for: '2m' },
  slowBurn: { factor: 6, long: '6h', short: '30m', for: '15m' },
  latencyWindow: '5m',
  latencyFor: '10m',
  queueFor: '10m',
  cacheWindow: '15m',
  cacheFor: '30m',
  slowQueryWindow: '5m',
  slowQueryFor: '15m',
  replicasFor: '5m',
  /** prometheus-adapter rate window for the latency custom metrics */
  adapterRateWindow: '1m',
  groupBy: ['alertname', 'namespace', 'service'],
} as const;

/** MODEL CANDIDATE (WorkloadPlan.ingress.timeoutSeconds): websocket idle timeout at the ingress. */
export const WEBSOCKET_TIMEOUT_SECONDS = 3600;

// ---------------------------------------------------------------------------------------------
// Formatting helpers

/** `matching-engine` -> `MatchingEngine` (alert names); the planner names workload alerts with the same function. */
export const pascal = pascalCase;

/** `market-data-cache` -> `MARKET_DATA_CACHE` (environment variable names). */
export const envName = (id: string): string => id.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

/** Stable short digest of a JSON-serialisable value. */
export const digest = (value: unknown, length = 16): string =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, length);

/** A number for PromQL without float noise: 1 - 0.9995 -> 0.0005. */
export const num = (n: number): string => String(Number(n.toPrecision(12)));

/** Seconds as a Prometheus duration: 10 -> `10s`. */
export const duration = (seconds: number): string => `${num(seconds)}s`;

/** The region's workloads whose service id is `service`, or an error naming the plan inconsistency. */
export function workloadOf(region: RegionPlan, service: string, from: string): WorkloadPlan {
  const w = region.workloads.find((x) => x.service === service);
  if (!w) throw new PlanInvariantError('services', `plan: ${from} in region ${region.id} refers to service ${service}, which has no workload there`);
  return w;
}
