/**
 * Controller identities, graph-style: every add-on controller that calls a cloud API (LB controller,
 * cluster-autoscaler, External Secrets) has a cloud identity bound to the ServiceAccount its release runs as,
 * and that identity holds only its own grants: AWS Pod Identity association -> role (trusted by Pod Identity
 * only) -> one inline policy, nothing attached; GKE Workload Identity -> Google service account -> one
 * conditioned project role; AKS federated credential -> user-assigned identity -> one role on the cluster's
 * secrets vault. Evaluated on the Terraform output and the delivered release values, not on the planner's lists.
 */
import { referenceKubernetes, referencePlan, referenceStacks } from '../../helpers/reference';
import { outputPathOf } from '../../helpers/cluster-graph';
import { clusterRegions, clusterStackName } from '../../helpers/cluster-graph';

const plan = referencePlan();
const stacks = referenceStacks();
const k8s = referenceKubernetes();

/** The add-ons that call a cloud API, per cloud (what the catalog says each one does). */
const CLOUD_CALLERS: Readonly<Record<string, readonly string[]>> = {
  aws: ['aws-load-balancer-controller', 'cluster-autoscaler', 'external-secrets'],
  gcp: ['external-secrets'],
  azure: ['external-secrets'],
};
/** [region, cloud, addon] for every cloud-calling add-on delivered to a cluster. */
const rows = plan.addons.flatMap((a) => a.releases.filter((r) => CLOUD_CALLERS[a.cloud].includes(r.name)).map((r) => [a.region, a.cloud, r.name] as const));

const res = (stack: any, type: string): Record<string, any> => stack.resource?.[type] ?? {};
const refName = (ref: string) => /^\$\{[a-z0-9_]+\.([^.}]+)\./.exec(ref)?.[1];
const dataName = (ref: string) => /^\$\{data\.[a-z0-9_]+\.([^.}]+)\./.exec(ref)?.[1];

/** The values a release is delivered with (whatever the agent). */
function releaseValues(region: string, chart: string): any {
  const layer = outputPathOf(plan, plan.addons.find((a) => a.region === region)!.path);
  const objs = [...k8s].filter(([f]) => f === layer || f.startsWith(`${layer}/`)).flatMap(([, o]) => o as any[]);
  const o = objs.find((x) => x.spec?.source?.chart === chart || x.spec?.helm?.chart === chart || x.spec?.chart?.spec?.chart === chart);
  return o.spec.source?.helm.valuesObject ?? o.spec.helm?.values ?? o.spec.values;
}
/** The ServiceAccount (namespace, name, annotations) the release's pods run as, from its delivered values. */
function serviceAccountOf(region: string, addon: string): { namespace: string; name: string; annotations: Record<string, string> } {
  const r = plan.addons.find((a) => a.region === region)!.releases.find((x) => x.name === addon)!;
  const v = releaseValues(region, r.chart);
  const sa = addon === 'cluster-autoscaler' ? v.rbac.serviceAccount : v.serviceAccount;
  return { namespace: r.namespace, name: sa.name, annotations: sa.annotations ?? {} };
}

describe('controller identities against the delivered releases', () => {
  test('GIVEN the reference THEN every cloud has a controller that calls its API (the walk is not empty)', () => {
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(['aws', 'gcp', 'azure']));
    expect(plan.controllerIdentities.map((i) => `${i.region}/${i.addon}`).sort()).toEqual(rows.map(([r, , a]) => `${r}/${a}`).sort());
  });

  test.each(rows.filter((r) => r[1] === 'aws'))('%s (%s) %s: Pod Identity association -> role -> only its inline policy', (region, _c, addon) => {
    const stack = stacks.get(clusterStackName(plan, region));
    const sa = serviceAccountOf(region, addon);
    const assoc = Object.values(res(stack, 'aws_eks_pod_identity_association')).filter((a) => a.namespace === sa.namespace && a.service_account === sa.name);
    expect(assoc).toHaveLength(1);
    const roleKey = refName(assoc[0].role_arn)!;
    const role = res(stack, 'aws_iam_role')[roleKey];
    const trust = stack.data.aws_iam_policy_document[dataName(role.assume_role_policy)!];
    expect(trust.statement).toEqual([expect.objectContaining({ actions: ['sts:AssumeRole', 'sts:TagSession'], principals: [{ type: 'Service', identifiers: ['pods.eks.amazonaws.com'] }] })]);
    expect(Object.values(res(stack, 'aws_iam_role_policy_attachment')).filter((p) => refName(p.role) === roleKey)).toEqual([]);
    const inline = Object.values(res(stack, 'aws_iam_role_policy')).filter((p) => refName(p.role) === roleKey);
    expect(inline).toHaveLength(1);
    const statements: any[] = stack.data.aws_iam_policy_document[dataName(inline[0].policy)!].statement;
    const r = clusterRegions(plan).find((x) => x.id === region)!;
    const writes = statements.filter((s) => !s.actions.every((a: string) => /:(Describe|Get|List)/.test(a)) || s.actions.includes('secretsmanager:GetSecretValue'));
    if (addon === 'aws-load-balancer-controller') {
      // registers targets in exactly the cluster's target groups, nothing that creates or changes load balancers
      expect(writes.flatMap((s) => s.actions).sort()).toEqual(['elasticloadbalancing:DeregisterTargets', 'elasticloadbalancing:RegisterTargets']);
      const groups = writes.flatMap((s) => s.resources).map((a: string) => /:targetgroup\/([^/]+)\/\*$/.exec(a)?.[1]);
      expect(groups.sort()).toEqual((r.loadBalancer?.targetGroups ?? []).map((g) => g.name).sort());
      expect(statements.flatMap((s) => s.actions).some((a: string) => /Create|Delete|Modify|Authorize|Revoke/.test(a))).toBe(false);
    } else if (addon === 'cluster-autoscaler') {
      // scales only the Auto Scaling groups tagged for its own cluster
      const scale = writes.find((s) => s.actions.includes('autoscaling:SetDesiredCapacity'))!;
      expect(scale.condition).toEqual([{ test: 'StringEquals', variable: `aws:ResourceTag/k8s.io/cluster-autoscaler/${r.cluster.name}`, values: ['owned'] }]);
      const values = releaseValues(region, 'cluster-autoscaler');
      expect(values.autoDiscovery.clusterName).toBe(r.cluster.name);
      const ng = statements.find((s) => s.actions.includes('eks:DescribeNodegroup'))!;
      expect(ng.resources).toEqual([expect.stringContaining(`:nodegroup/${r.cluster.name}/*/*`)]);
    } else {
      // reads only the secrets under the cluster's prefix
      const layer = plan.addons.find((a) => a.region === region)!;
      expect(statements.flatMap((s) => s.actions).sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
      expect(statements.flatMap((s) => s.resources)).toEqual([expect.stringMatching(new RegExp(`:secretsmanager:${r.location}:.*:secret:${layer.secretStore.keyPrefix.replace(/\//g, '\\/')}\\*$`))]);
    }
  });

  test.each(rows.filter((r) => r[1] === 'gcp'))('%s (%s) %s: Workload Identity -> service account -> one role on the cluster\'s secrets only', (region, _c, addon) => {
    const stack = stacks.get(clusterStackName(plan, region));
    const sa = serviceAccountOf(region, addon);
    const project = plan.gcpProjects.find((p) => p.region === region)!.project!;
    const email = sa.annotations['iam.gke.io/gcp-service-account'];
    expect(email).toMatch(new RegExp(`@${project}\\.iam\\.gserviceaccount\\.com$`));
    const [gsaKey] = Object.entries(res(stack, 'google_service_account')).find(([, a]) => a.account_id === email.split('@')[0])!;
    const wi = Object.values(res(stack, 'google_service_account_iam_member')).filter((m) => refName(m.service_account_id) === gsaKey);
    expect(wi.map((m) => [m.role, m.member])).toEqual([['roles/iam.workloadIdentityUser', `serviceAccount:\${var.gcp_project}.svc.id.goog[${sa.namespace}/${sa.name}]`]]);
    const roles = Object.values(res(stack, 'google_project_iam_member')).filter((m) => m.member === `serviceAccount:\${google_service_account.${gsaKey}.email}`);
    expect(roles.map((m) => m.role)).toEqual(['roles/secretmanager.secretAccessor']);
    const prefix = plan.addons.find((a) => a.region === region)!.secretStore.keyPrefix;
    expect(roles[0].condition.expression).toMatch(new RegExp(`^resource\\.name\\.startsWith\\("projects/\\$\\{data\\.google_project\\.[^.]+\\.number\\}/secrets/${prefix}"\\)$`));
  });

  test.each(rows.filter((r) => r[1] === 'azure'))('%s (%s) %s: federated credential -> identity -> Secrets User on the cluster\'s vault only', (region, _c, addon) => {
    const stack = stacks.get(clusterStackName(plan, region));
    const sa = serviceAccountOf(region, addon);
    const layer = plan.addons.find((a) => a.region === region)!;
    const fed = Object.values(res(stack, 'azurerm_federated_identity_credential')).filter((f) => f.subject === `system:serviceaccount:${sa.namespace}:${sa.name}`);
    expect(fed).toHaveLength(1);
    const uaiKey = refName(fed[0].parent_id)!;
    const roles = Object.values(res(stack, 'azurerm_role_assignment')).filter((a) => refName(a.principal_id) === uaiKey);
    expect(roles.map((a) => a.role_definition_name)).toEqual(['Key Vault Secrets User']);
    const vault = res(stack, 'azurerm_key_vault')[refName(roles[0].scope)!];
    expect(vault).toMatchObject({ name: layer.secretStore.vault!.name, rbac_authorization_enabled: true, purge_protection_enabled: true });
    // the ServiceAccount annotation carries the identity's client id through Flux's substitution
    const variable = /^\$\{([A-Z0-9_]+)\}$/.exec(sa.annotations['azure.workload.identity/client-id'])![1];
    const [cfg] = Object.values(res(stack, 'azurerm_kubernetes_flux_configuration'));
    for (const k of cfg.kustomizations) expect(k.post_build.substitute[variable]).toBe(`\${azurerm_user_assigned_identity.${uaiKey}.client_id}`);
    expect(cfg.kustomizations[0].post_build.substitute[layer.secretStore.tenantIdVariable!]).toMatch(/tenant_id\}$/);
  });
});
