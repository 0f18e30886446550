/**
 * Autoscaling: a plain autoscaling/v2 HorizontalPodAutoscaler per autoscaled workload, and the
 * prometheus-adapter rules (ConfigMap `adapter-config` in `monitoring`) that make its custom
 * metrics exist.
 *
 * Why HPA + prometheus-adapter rather than KEDA ScaledObjects:
 *  - the scaling policy stays a native, inspectable HPA (`kubectl describe hpa`) whose
 *    min/max/metrics are exactly the plan's numbers; KEDA would generate a hidden `keda-hpa-<name>`
 *    HPA from a ScaledObject and own the scale subresource through a second controller;
 *  - the custom metrics are defined once per cluster (two adapter rules) instead of a PromQL query
 *    and a Prometheus server address repeated in every ScaledObject;
 *  - nothing here needs KEDA's strengths (scale to/from zero, event sources): pilot-light workloads
 *    are 0 replicas with no autoscaler, scaled up by the failover runbook.
 * Requirement: prometheus-adapter is installed in `monitoring` and mounts `adapter-config`
 * (Helm: `rules.existing: adapter-config`), serving custom.metrics.k8s.io.
 *
 * The custom metrics are Pods metrics (average per pod), so the latency target compares the mean
 * of the pods' p99 with `latencyMs`.
 */
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { stringify } from 'yaml';
import type { WorkloadPlan } from '../../synth/model/index';
import { ADDONS, ALERTING, commonLabels, CUSTOM_METRIC, FILE, metricFamily, SERIES, workloadLabels } from './conventions';
import type { ClusterContext } from './context';

export function addAutoscaler(ctx: ClusterContext, scope: Construct, w: WorkloadPlan): void {
  const a = w.autoscaling;
  if (!a) return;
  const pods = (metric: string, value: number): k8s.MetricSpecV2 => ({
    type: 'Pods',
    pods: { metric: { name: metric }, target: { type: 'AverageValue', averageValue: k8s.Quantity.fromString(String(value)) } },
  });
  new k8s.KubeHorizontalPodAutoscalerV2(scope, 'hpa', {
    metadata: { name: w.service, namespace: w.namespace, labels: workloadLabels(ctx.plan, w) },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: w.service },
      minReplicas: a.min,
      maxReplicas: a.max,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: a.cpuUtilization } } },
        { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: a.memoryUtilization } } },
        pods(CUSTOM_METRIC.queueDepth, a.queueDepth),
        ...(a.latencyMs !== undefined ? [pods(CUSTOM_METRIC.latencyP99Ms[metricFamily(w.protocol)], a.latencyMs)] : []),
      ],
    },
  });
}

/** prometheus-adapter rules: pod-level custom metrics from the series of the metrics contract. */
export function adapterRules(): unknown {
  const resources = { overrides: { namespace: { resource: 'namespace' }, pod: { resource: 'pod' } } };
  const latency = (bucket: string, as: string) => ({
    seriesQuery: `${bucket}{namespace!="",pod!=""}`,
    resources,
    name: { matches: `^${bucket}$`, as },
    metricsQuery: `1000 * histogram_quantile(0.99, sum by (le, <<.GroupBy>>) (rate(<<.Series>>{<<.LabelMatchers>>}[${ALERTING.adapterRateWindow}])))`,
  });
  return {
    rules: [
      {
        seriesQuery: `${SERIES.queueDepth}{namespace!="",pod!=""}`,
        resources,
        name: { matches: `^${SERIES.queueDepth}$`, as: CUSTOM_METRIC.queueDepth },
        metricsQuery: 'max by (<<.GroupBy>>) (<<.Series>>{<<.LabelMatchers>>})',
      },
      latency(SERIES.http.durationBucket, CUSTOM_METRIC.latencyP99Ms.http),
      latency(SERIES.grpc.durationBucket, CUSTOM_METRIC.latencyP99Ms.grpc),
    ],
  };
}

export function addAdapterConfig(ctx: ClusterContext): void {
  if (!ctx.region.workloads.some((w) => w.autoscaling)) return;
  new k8s.KubeConfigMap(ctx.file(FILE.monitoring), 'adapter-config', {
    metadata: { name: ADDONS.adapterConfigMap, namespace: ADDONS.monitoringNamespace, labels: commonLabels(ctx.plan) },
    data: { 'config.yaml': stringify(adapterRules(), { lineWidth: 0, aliasDuplicateObjects: false }) },
  });
}
