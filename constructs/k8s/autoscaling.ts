/**
 * Autoscaling: a plain autoscaling/v2 HorizontalPodAutoscaler per autoscaled workload, and the
 * prometheus-adapter rules (in the adapter's Helm values) that make its custom metrics exist.
 *
 * Why HPA + prometheus-adapter rather than KEDA ScaledObjects:
 *  - the scaling policy stays a native, inspectable HPA (`kubectl describe hpa`) whose
 *    min/max/metrics are exactly the plan's numbers; KEDA would generate a hidden `keda-hpa-<name>`
 *    HPA from a ScaledObject and own the scale subresource through a second controller;
 *  - the custom metrics are defined once per cluster (two adapter rules) instead of a PromQL query
 *    and a Prometheus server address repeated in every ScaledObject;
 *  - nothing here needs KEDA's strengths (scale to/from zero, event sources): pilot-light workloads
 *    are 0 replicas with no autoscaler, scaled up by the failover runbook.
 * prometheus-adapter is a platform add-on in `monitoring` (synth/plan/addons.ts), serving
 * custom.metrics.k8s.io with exactly the rules below.
 *
 * The custom metrics are Pods metrics (average per pod), so the latency target compares the mean
 * of the pods' p99 with `latencyMs`.
 */
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { RegionPlan, WorkloadPlan } from '../../synth/model/index';
import { ALERTING, CUSTOM_METRIC, metricFamily, SERIES, workloadLabels } from './conventions';
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

/**
 * prometheus-adapter rules (its Helm values, `rules.custom`, constructs/k8s/addons.ts): a pod-level custom
 * metric for exactly the custom metrics the region's HPAs use, from the series of the metrics contract.
 */
export function adapterRules(region: RegionPlan): { custom: unknown[] } {
  const scaled = region.workloads.filter((w) => w.autoscaling);
  const resources = { overrides: { namespace: { resource: 'namespace' }, pod: { resource: 'pod' } } };
  const latency = (bucket: string, as: string) => ({
    seriesQuery: `${bucket}{namespace!="",pod!=""}`,
    resources,
    name: { matches: `^${bucket}$`, as },
    metricsQuery: `1000 * histogram_quantile(0.99, sum by (le, <<.GroupBy>>) (rate(<<.Series>>{<<.LabelMatchers>>}[${ALERTING.adapterRateWindow}])))`,
  });
  const families = new Set(scaled.filter((w) => w.autoscaling!.latencyMs !== undefined).map((w) => metricFamily(w.protocol)));
  return {
    custom: [
      ...(scaled.length > 0
        ? [
            {
              seriesQuery: `${SERIES.queueDepth}{namespace!="",pod!=""}`,
              resources,
              name: { matches: `^${SERIES.queueDepth}$`, as: CUSTOM_METRIC.queueDepth },
              metricsQuery: 'max by (<<.GroupBy>>) (<<.Series>>{<<.LabelMatchers>>})',
            },
          ]
        : []),
      ...(families.has('http') ? [latency(SERIES.http.durationBucket, CUSTOM_METRIC.latencyP99Ms.http)] : []),
      ...(families.has('grpc') ? [latency(SERIES.grpc.durationBucket, CUSTOM_METRIC.latencyP99Ms.grpc)] : []),
    ],
  };
}
