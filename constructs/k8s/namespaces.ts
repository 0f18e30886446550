/**
 * `00-namespaces.yaml`: one Namespace and one PriorityClass per tier running in the cluster, in the first
 * sync wave, with the GitOps agent's keep annotations (never pruned or deleted without confirmation).
 */
import { k8s } from 'cdk8s-plus-27';
import { commonLabels, FILE, platformKey, SYNC_WAVE } from './conventions';
import type { ClusterContext } from './context';

/** Annotations of the objects the agent applies first and never prunes by itself. */
export function foundationAnnotations(ctx: ClusterContext): Record<string, string> {
  return { ...ctx.agent.keepAnnotations, ...(ctx.agent.waves ? { [SYNC_WAVE]: String(ctx.agent.waves.foundation) } : {}) };
}

export function addNamespaces(ctx: ClusterContext): void {
  const { plan, region } = ctx;
  const annotations = foundationAnnotations(ctx);
  const scope = ctx.file(FILE.namespaces);
  const used = new Set(region.workloads.map((w) => w.tier));
  for (const tier of plan.tiers.filter((t) => used.has(t.id))) {
    new k8s.KubeNamespace(scope, `ns-${tier.namespace}`, {
      metadata: {
        name: tier.namespace,
        annotations,
        labels: {
          ...commonLabels(plan),
          [platformKey(plan, 'tier')]: tier.id,
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
          // pods bound to an NLB target group become Ready only once healthy in it, so rolling
          // updates keep `maxUnavailable` also as seen by the load balancer
          ...(region.workloads.some((w) => w.namespace === tier.namespace && w.targetGroup) ? { 'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled' } : {}),
        },
      },
    });
  }
  for (const tier of plan.tiers.filter((t) => used.has(t.id))) {
    new k8s.KubePriorityClass(scope, `pc-${tier.priorityClass}`, {
      metadata: { name: tier.priorityClass, annotations, labels: { ...commonLabels(plan), [platformKey(plan, 'tier')]: tier.id } },
      value: tier.priority,
      globalDefault: false,
      description: `${plan.name} tier ${tier.id} (rto ${tier.rtoSeconds}s, ${tier.failover}${tier.critical ? ', critical' : ''})`,
    });
  }
}
