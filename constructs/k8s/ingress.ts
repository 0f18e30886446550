/**
 * Public entry: Ingress (ingress-nginx) per public workload, TargetGroupBinding (AWS) per public
 * workload, and the ingress-nginx controller ConfigMap (`04-ingress-nginx.yaml`).
 *
 * Backend protocol per workload protocol (ingress-nginx `backend-protocol` accepts HTTP, HTTPS,
 * AUTO_HTTP, GRPC, GRPCS, FCGI; there is no H2C):
 *   grpc      -> GRPC (grpc_pass, HTTP/2 cleartext upstream)
 *   http2     -> HTTP: clients speak HTTP/2 to nginx (use-http2), nginx proxies HTTP/1.1 upstream
 *                (an h2c server accepts HTTP/1.1 on the same port)
 *   websocket -> HTTP with proxy read/send timeouts raised for long-lived connections
 *   http      -> HTTP
 *
 * TargetGroupBinding: the target group is Terraform-owned and its ARN exists only after apply, so
 * the binding names it with `spec.targetGroupName` (aws-load-balancer-controller >= v2.11, whose
 * mutating webhook resolves the name to `targetGroupARN` on create; not supported by EKS Auto
 * Mode's built-in controller). The name is immutable on a binding: renaming a target group means
 * deleting and recreating the binding. `targetType` is left to the webhook, which reads it from AWS.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { Protocol, WorkloadPlan } from '../../synth/model/index';
import { ADDONS, commonLabels, FILE, WEBSOCKET_TIMEOUT_SECONDS, workloadLabels } from './conventions';
import type { ClusterContext } from './context';
import { PlanInvariantError } from '../../synth/util/errors';

const NGINX = 'nginx.ingress.kubernetes.io';

export function ingressAnnotations(protocol: Protocol): Record<string, string> {
  switch (protocol) {
    case 'grpc':
      return { [`${NGINX}/backend-protocol`]: 'GRPC' };
    case 'http2':
    case 'http':
      return { [`${NGINX}/backend-protocol`]: 'HTTP' };
    case 'websocket':
      return {
        [`${NGINX}/backend-protocol`]: 'HTTP',
        [`${NGINX}/proxy-read-timeout`]: String(WEBSOCKET_TIMEOUT_SECONDS),
        [`${NGINX}/proxy-send-timeout`]: String(WEBSOCKET_TIMEOUT_SECONDS),
      };
  }
}

/** external-dns publishes the names listed here (the failover names Route 53's SECONDARY records point at). */
export const EXTERNAL_DNS_HOSTNAME = 'external-dns.alpha.kubernetes.io/hostname';

export function addPublicEntry(ctx: ClusterContext, scope: Construct, w: WorkloadPlan): void {
  if (!w.public) return;
  const meta = { name: w.service, namespace: w.namespace, labels: workloadLabels(ctx.plan, w) };
  const published: Record<string, string> = w.publishedHostnames.length ? { [EXTERNAL_DNS_HOSTNAME]: w.publishedHostnames.join(',') } : {};
  new k8s.KubeIngress(scope, 'ingress', {
    metadata: { ...meta, annotations: { ...ingressAnnotations(w.protocol), ...published } },
    spec: {
      ingressClassName: ADDONS.ingressClass,
      rules: w.hostnames.map((host) => ({
        host,
        http: {
          paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: w.service, port: { name: w.portName } } } }],
        },
      })),
    },
  });

  if (ctx.region.cloud === 'aws') {
    if (!w.targetGroup) throw new PlanInvariantError('services', `plan: public workload ${w.region}/${w.service} on AWS has no targetGroup`);
    new ApiObject(scope, 'target-group-binding', {
      apiVersion: 'elbv2.k8s.aws/v1beta1',
      kind: 'TargetGroupBinding',
      metadata: meta,
      spec: { serviceRef: { name: w.service, port: w.port }, targetGroupName: w.targetGroup },
    });
  }
}

export function addIngressControllerConfig(ctx: ClusterContext): void {
  if (!ctx.region.workloads.some((w) => w.public)) return;
  const c = ctx.plan.edge.compression;
  new k8s.KubeConfigMap(ctx.file(FILE.ingressController), 'ingress-nginx-controller', {
    metadata: { name: ADDONS.ingressControllerConfigMap, namespace: ADDONS.ingressNamespace, labels: commonLabels(ctx.plan) },
    data: {
      'use-gzip': String(c.includes('gzip')),
      'enable-brotli': String(c.includes('br')),
      'use-http2': 'true',
    },
  });
}
