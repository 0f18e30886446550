/**
 * Public entry, the in-cluster half (the Terraform half is the region stack's entry point):
 *
 * - AWS: a TargetGroupBinding per public workload registers its pods in the Terraform-owned NLB target
 *   group. The target group is Terraform-owned and its ARN exists only after apply, so the binding names it
 *   with `spec.targetGroupName` (aws-load-balancer-controller >= v2.11, whose mutating webhook resolves the
 *   name to `targetGroupARN` on create; not supported by EKS Auto Mode's built-in controller). The name is
 *   immutable on a binding: renaming a target group means deleting and recreating the binding.
 * - GKE: one Gateway (`04-gateway.yaml`, class `gke-l7-global-external-managed`: GKE's built-in controller,
 *   a global external Application Load Balancer) on the Terraform-owned global address (`NamedAddress`), with
 *   the Terraform-owned certificate map (`networking.gke.io/certmap`) and SSL policy (GCPGatewayPolicy); one
 *   HTTPS listener per public port; per public workload an HTTPRoute for its host names and a
 *   HealthCheckPolicy probing its readiness endpoint.
 * - AKS: per public workload a `LoadBalancer` Service on the cluster's internal load balancer at the planned
 *   address of the node subnet (the Application Gateway's backend), `externalTrafficPolicy: Local` so that
 *   the NetworkPolicy sees the gateway's addresses.
 *
 * Nothing in the cluster needs DNS credentials: every public name is a Terraform-owned record.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { EntryPointPlan, ListenerPlan, WorkloadPlan } from '../../synth/model/index';
import { ADDONS, commonLabels, FILE, selectorLabels, workloadLabels } from './conventions';
import type { ClusterContext } from './context';
import { foundationAnnotations } from './namespaces';
import { PlanInvariantError } from '../../synth/util/errors';

export const GKE_CERTMAP_ANNOTATION = 'networking.gke.io/certmap';
export const AZURE_INTERNAL_LB_ANNOTATIONS = {
  internal: 'service.beta.kubernetes.io/azure-load-balancer-internal',
  subnet: 'service.beta.kubernetes.io/azure-load-balancer-internal-subnet',
  ipv4: 'service.beta.kubernetes.io/azure-load-balancer-ipv4',
} as const;

/** Listener name of a public port on the GKE Gateway. */
export const gatewayListenerName = (l: ListenerPlan): string => `${l.service}-${l.port}`;

function entryOf(ctx: ClusterContext): EntryPointPlan | undefined {
  return ctx.plan.entryPoints.find((e) => e.region === ctx.region.id);
}

export function addPublicEntry(ctx: ClusterContext, scope: Construct, w: WorkloadPlan): void {
  if (!w.public) return;
  const meta = { name: w.service, namespace: w.namespace, labels: workloadLabels(ctx.plan, w) };
  const entry = entryOf(ctx);
  const listener = entry?.listeners.find((l) => l.service === w.service);
  if (!entry || !listener) throw new PlanInvariantError('services', `plan: public workload ${w.region}/${w.service} has no listener in the region's entry point`);

  if (ctx.region.cloud === 'aws') {
    if (!w.targetGroup) throw new PlanInvariantError('services', `plan: public workload ${w.region}/${w.service} on AWS has no targetGroup`);
    new ApiObject(scope, 'target-group-binding', {
      apiVersion: 'elbv2.k8s.aws/v1beta1',
      kind: 'TargetGroupBinding',
      metadata: meta,
      spec: { serviceRef: { name: w.service, port: w.port }, targetGroupName: w.targetGroup },
    });
  } else if (ctx.region.cloud === 'gcp') {
    new ApiObject(scope, 'http-route', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: meta,
      spec: {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: ADDONS.gatewayName, namespace: ADDONS.gatewayNamespace, sectionName: gatewayListenerName(listener) }],
        hostnames: [...listener.hosts],
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ group: '', kind: 'Service', name: w.service, port: w.port }] }],
      },
    });
    new ApiObject(scope, 'health-check-policy', {
      apiVersion: 'networking.gke.io/v1',
      kind: 'HealthCheckPolicy',
      metadata: meta,
      spec: {
        default: {
          checkIntervalSec: w.readiness.periodSeconds,
          timeoutSec: w.readiness.timeoutSeconds,
          unhealthyThreshold: w.readiness.failureThreshold,
          config:
            w.readiness.kind === 'http'
              ? { type: 'HTTP', httpHealthCheck: { port: w.port, requestPath: w.readiness.path ?? '/' } }
              : { type: 'GRPC', grpcHealthCheck: { port: w.port } },
        },
        targetRef: { group: '', kind: 'Service', name: w.service },
      },
    });
  } else {
    if (!entry.internalAddress) throw new PlanInvariantError('services', `plan: Azure entry point ${entry.region} has no internal address`);
    new k8s.KubeService(scope, 'internal-load-balancer', {
      metadata: {
        ...meta,
        name: `${w.service}-internal-lb`,
        annotations: {
          [AZURE_INTERNAL_LB_ANNOTATIONS.internal]: 'true',
          [AZURE_INTERNAL_LB_ANNOTATIONS.subnet]: entry.internalAddress.subnet,
          [AZURE_INTERNAL_LB_ANNOTATIONS.ipv4]: entry.internalAddress.ip,
        },
      },
      spec: {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        selector: selectorLabels(w),
        ports: [{ name: w.portName, port: listener.targetPort, targetPort: k8s.IntOrString.fromString(w.portName), protocol: 'TCP' }],
      },
    });
  }
}

/** GKE: the cluster's public Gateway, its namespace and its TLS policy. */
export function addGateway(ctx: ClusterContext): void {
  const entry = entryOf(ctx);
  if (ctx.region.cloud !== 'gcp' || !entry) return;
  if (!entry.gcp) throw new PlanInvariantError('services', `plan: GKE entry point ${entry.region} has no certificate map / SSL policy names`);
  const scope = ctx.file(FILE.gateway);
  const labels = commonLabels(ctx.plan);
  new k8s.KubeNamespace(scope, 'gateway-namespace', { metadata: { name: ADDONS.gatewayNamespace, labels, annotations: foundationAnnotations(ctx) } });
  new ApiObject(scope, 'gateway', {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: ADDONS.gatewayName, namespace: ADDONS.gatewayNamespace, labels, annotations: { [GKE_CERTMAP_ANNOTATION]: entry.gcp.certificateMap } },
    spec: {
      gatewayClassName: ADDONS.gatewayClass,
      addresses: [{ type: 'NamedAddress', value: entry.address }],
      listeners: entry.listeners.map((l) => ({ name: gatewayListenerName(l), protocol: 'HTTPS', port: l.port, allowedRoutes: { namespaces: { from: 'All' } } })),
    },
  });
  new ApiObject(scope, 'gateway-policy', {
    apiVersion: 'networking.gke.io/v1',
    kind: 'GCPGatewayPolicy',
    metadata: { name: ADDONS.gatewayName, namespace: ADDONS.gatewayNamespace, labels },
    spec: { default: { sslPolicy: entry.gcp.sslPolicy }, targetRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: ADDONS.gatewayName } },
  });
}
