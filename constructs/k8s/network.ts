/**
 * NetworkPolicies.
 *  - `01-network-policies.yaml`: default deny (ingress and egress) in every tier namespace.
 *  - `<service>.yaml`: the workload's allow-list.
 *      ingress: from the pods of `calledBy` (namespace + pod selector) on the service port; for
 *               public workloads from the entry point's source ranges (`loadBalancerSourceCidrs`);
 *               from the monitoring namespace on the metrics port.
 *      egress:  DNS (kube-system kube-dns, UDP/TCP 53); the pods of `callsServices` on their
 *               service port; the data subnets `dataCidrs` on the ports of the workload's endpoints;
 *               the credential endpoints of the workload's cloud identity (the plan's `egress`).
 * Namespaces are selected by `kubernetes.io/metadata.name`, which the API server sets on every
 * namespace, so namespaces owned by add-ons (monitoring, kube-system) need no labels.
 */
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { WorkloadPlan } from '../../synth/model/index';
import { ADDONS, commonLabels, FILE, LABEL, METRICS, selectorLabels, workloadLabels, workloadOf } from './conventions';
import type { ClusterContext } from './context';
import { workloadIdentity } from '../plan-index';

const nsSelector = (namespace: string): k8s.LabelSelector => ({ matchLabels: { [LABEL.namespaceName]: namespace } });
const tcp = (port: number): k8s.NetworkPolicyPort => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });

export function addDefaultDeny(ctx: ClusterContext): void {
  const scope = ctx.file(FILE.networkPolicies);
  const namespaces = [...new Set(ctx.region.workloads.map((w) => w.namespace))].sort();
  for (const namespace of namespaces) {
    new k8s.KubeNetworkPolicy(scope, `default-deny-${namespace}`, {
      metadata: { name: 'default-deny', namespace, labels: commonLabels(ctx.plan) },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
  }
}

export function addWorkloadNetworkPolicy(ctx: ClusterContext, scope: Construct, w: WorkloadPlan): void {
  const ingress: k8s.NetworkPolicyIngressRule[] = [];
  if (w.calledBy.length > 0) {
    ingress.push({
      from: w.calledBy.map((c) => ({ namespaceSelector: nsSelector(c.namespace), podSelector: { matchLabels: { [LABEL.name]: c.service } } })),
      ports: [tcp(w.port)],
    });
  }
  // The entry point sends traffic and health checks from the plan's source ranges: the NLB's public
  // subnets (IP targets, AWS), the Application Gateway's subnet (Azure), Google's front ends (GKE Gateway).
  if (w.loadBalancerSourceCidrs.length > 0) ingress.push({ from: w.loadBalancerSourceCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(w.port)] });
  ingress.push({ from: [{ namespaceSelector: nsSelector(ADDONS.monitoringNamespace) }], ports: [tcp(w.metrics.port)] });

  const egress: k8s.NetworkPolicyEgressRule[] = [
    {
      to: [{ namespaceSelector: nsSelector(ADDONS.dnsNamespace), podSelector: { matchLabels: ADDONS.dnsPodLabels } }],
      ports: [
        { protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) },
        { protocol: 'TCP', port: k8s.IntOrString.fromNumber(53) },
      ],
    },
  ];
  for (const callee of w.callsServices.map((s) => workloadOf(ctx.region, s, `${w.service}.callsServices`))) {
    egress.push({
      to: [{ namespaceSelector: nsSelector(callee.namespace), podSelector: { matchLabels: selectorLabels(callee) } }],
      ports: [tcp(callee.port)],
    });
  }
  const dataPorts = [...new Set(w.endpoints.map((e) => e.port))].sort((a, b) => a - b);
  if (dataPorts.length > 0 && w.dataCidrs.length > 0) {
    egress.push({ to: w.dataCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: dataPorts.map(tcp) });
  }

  const identity = workloadIdentity(ctx.plan, ctx.region.id, w.service);
  for (const e of identity?.egress ?? []) egress.push({ to: [{ ipBlock: { cidr: e.cidr } }], ports: [tcp(e.port)] });

  new k8s.KubeNetworkPolicy(scope, 'network-policy', {
    metadata: { name: w.service, namespace: w.namespace, labels: workloadLabels(ctx.plan, w) },
    spec: { podSelector: { matchLabels: selectorLabels(w) }, policyTypes: ['Ingress', 'Egress'], ingress, egress },
  });
}
