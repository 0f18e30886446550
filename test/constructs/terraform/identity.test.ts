/**
 * Identity -> grant -> store, evaluated against the `uses` graph (plan.services), not against the planner's
 * own endpoint lists: every ServiceAccount of a service that uses a store has a cloud identity bound to it,
 * whose grants in the Terraform output cover exactly the store instances its `uses` reach in that region.
 */
import { IDENTITY_ENDPOINTS } from '../../../synth/catalog/identity-endpoints';
import { referenceKubernetes, referencePlan, referenceStacks } from '../../helpers/reference';

const plan = referencePlan();
const stacks = referenceStacks();
const serviceOf = (id: string) => plan.services.find((s) => s.id === id)!;

/** [region, service, namespace, expected store instances] for every workload whose service uses a store held in the region. */
const rows = plan.regions.flatMap((r) =>
  r.workloads.flatMap((w) => {
    const s = serviceOf(w.service);
    const dbs = r.databases.filter((d) => s.usesDatabases.includes(d.database)).map((d) => d.name);
    const caches = r.caches.filter((c) => s.usesCaches.includes(c.cache)).map((c) => c.name);
    return dbs.length + caches.length > 0 ? [[r.id, w.service, r.cloud, w.namespace, dbs.sort(), caches.sort()] as const] : [];
  }),
);
const res = (stack: any, type: string): Record<string, any> => stack.resource?.[type] ?? {};
const refName = (ref: string) => /^\$\{[a-z0-9_]+\.([^.}]+)\./.exec(ref)?.[1];
const dataName = (ref: string) => /^\$\{data\.[a-z0-9_]+\.([^.}]+)\./.exec(ref)?.[1];
const refs = (s: string, type: string) => [...s.matchAll(new RegExp(`\\$\\{${type}\\.([^.}]+)\\.`, 'g'))].map((m) => m[1]);

describe('workload identities against the uses graph', () => {
  test('GIVEN the reference THEN some workloads of every cloud use stores (the walk below is not empty)', () => {
    expect(new Set(rows.map((r) => r[2]))).toEqual(new Set(['aws', 'gcp', 'azure']));
  });

  test('every planned identity belongs to a workload that uses a store, one per workload', () => {
    const expected = rows.map(([region, service]) => `${region}/${service}`).sort();
    expect(plan.identities.map((i) => `${i.region}/${i.service}`).sort()).toEqual(expected);
  });

  test.each(rows.filter((r) => r[2] === 'aws'))('%s/%s (aws): pod identity -> role -> rds-db:connect / elasticache:Connect on exactly its stores', (region, service, _c, ns, dbs, caches) => {
    const stack = stacks.get(`region-${region}`);
    const assoc = Object.values(res(stack, 'aws_eks_pod_identity_association')).filter((a) => a.namespace === ns && a.service_account === service);
    expect(assoc).toHaveLength(1);
    const roleKey = refName(assoc[0].role_arn)!;
    const role = res(stack, 'aws_iam_role')[roleKey];
    const trust = stack.data.aws_iam_policy_document[dataName(role.assume_role_policy)!];
    expect(trust.statement[0].principals[0].identifiers).toEqual(['pods.eks.amazonaws.com']);
    const inline = Object.values(res(stack, 'aws_iam_role_policy')).find((p) => refName(p.role) === roleKey);
    const doc = stack.data.aws_iam_policy_document[dataName(inline.policy)!];
    const resources: string[] = doc.statement.flatMap((s: any) => s.resources);
    // Aurora: one dbuser ARN per cluster, on the cluster's resource id, for the service's database user
    const rdsClusters = res(stack, 'aws_rds_cluster');
    const granted = resources.filter((x) => x.includes(':rds-db:')).map((x) => {
      const [cluster] = refs(x, 'aws_rds_cluster');
      expect(x).toMatch(/cluster_resource_id\}\/[a-z0-9_]+$/);
      return rdsClusters[cluster].cluster_identifier;
    });
    expect(granted.sort()).toEqual([...dbs]);
    // ElastiCache: exactly the replication groups of its caches; its user is in exactly those groups
    const groups = res(stack, 'aws_elasticache_replication_group');
    const grantedCaches = resources.filter((x) => x.includes(':replicationgroup:')).map((x) => groups[refs(x, 'aws_elasticache_replication_group')[0]].replication_group_id);
    expect(grantedCaches.sort()).toEqual([...caches]);
    const userKey = Object.entries(res(stack, 'aws_elasticache_user')).find(([, u]) => u.user_name === service)?.[0];
    const memberOf = Object.values(groups)
      .filter((g) => (g.user_group_ids ?? []).some((ug: string) => res(stack, 'aws_elasticache_user_group')[refName(ug) ?? '']?.user_ids.some((u: string) => refName(u) === userKey)))
      .map((g) => g.replication_group_id);
    expect(memberOf.sort()).toEqual(caches.length > 0 ? [...caches] : []);
  });

  test.each(rows.filter((r) => r[2] === 'aws'))('%s/%s (aws): every replication group only admits IAM users of services that use it', (region) => {
    const stack = stacks.get(`region-${region}`);
    for (const g of Object.values(res(stack, 'aws_elasticache_replication_group'))) {
      expect(g.user_group_ids).toHaveLength(1);
      expect(g.transit_encryption_enabled).toBe(true);
    }
  });

  test.each(rows.filter((r) => r[2] === 'gcp'))('%s/%s (gcp): Workload Identity -> service account -> Cloud SQL IAM users on exactly its instances', (region, service, _c, ns, dbs) => {
    const stack = stacks.get(`region-${region}`);
    const identity = plan.identities.find((i) => i.region === region && i.service === service)!;
    const [saKey, sa] = Object.entries(res(stack, 'google_service_account')).find(([, a]) => a.account_id === identity.name)!;
    const wi = Object.values(res(stack, 'google_service_account_iam_member')).filter((m) => refName(m.service_account_id) === saKey);
    expect(wi).toHaveLength(1);
    expect(wi[0]).toMatchObject({ role: 'roles/iam.workloadIdentityUser', member: expect.stringMatching(new RegExp(`\\.svc\\.id\\.goog\\[${ns}/${service}\\]$`)) });
    const instances = res(stack, 'google_sql_database_instance');
    const users = Object.values(res(stack, 'google_sql_user')).filter((u) => u.name.startsWith(`${sa.account_id}@`));
    for (const u of users) expect(u.type).toBe('CLOUD_IAM_SERVICE_ACCOUNT');
    const prefix = `${plan.name}-${region}-`;
    expect(users.map((u) => instances[refName(u.instance)!].name.slice(prefix.length)).sort()).toEqual([...dbs]);
    const roles = Object.values(res(stack, 'google_project_iam_member')).filter((m) => m.member.includes(`google_service_account.${saKey}.email`));
    expect(roles.map((m) => m.role).sort()).toEqual(dbs.length > 0 ? ['roles/cloudsql.client', 'roles/cloudsql.instanceUser'] : []);
    for (const m of roles) expect(refs(m.condition.expression, 'google_sql_database_instance').map((k) => instances[k].name.slice(prefix.length)).sort()).toEqual([...dbs]);
  });

  test.each(rows.filter((r) => r[2] === 'azure'))('%s/%s (azure): federated credential -> identity -> Redis access policy on exactly its caches', (region, service, _c, ns, _dbs, caches) => {
    const stack = stacks.get(`region-${region}`);
    const identity = plan.identities.find((i) => i.region === region && i.service === service)!;
    const [uaiKey] = Object.entries(res(stack, 'azurerm_user_assigned_identity')).find(([, u]) => u.name === identity.name)!;
    const fed = Object.values(res(stack, 'azurerm_federated_identity_credential')).filter((f) => refName(f.parent_id) === uaiKey);
    expect(fed).toHaveLength(1);
    expect(fed[0]).toMatchObject({ subject: `system:serviceaccount:${ns}:${service}`, audience: ['api://AzureADTokenExchange'], issuer: expect.stringMatching(/oidc_issuer_url\}$/) });
    const redis = res(stack, 'azurerm_redis_cache');
    const assigned = Object.values(res(stack, 'azurerm_redis_cache_access_policy_assignment'))
      .filter((a) => refName(a.object_id) === uaiKey)
      .map((a) => redis[refName(a.redis_cache_id)!].name);
    const names = caches.map((c) => Object.values(redis).find((x: any) => x.name.endsWith(`-${c}`) || x.name === c)?.name);
    expect(assigned.sort()).toEqual(names.sort());
  });

  test.each(plan.regions.flatMap((r) => r.workloads.map((w) => [r.id, w.service, r.cloud, w.namespace] as const)))(
    '%s/%s: egress to the credential endpoints of its cloud exactly when it has an identity',
    (region, service, cloud, ns) => {
      const objs = [...referenceKubernetes()].filter(([f]) => f.startsWith(`kubernetes/${region}/`)).flatMap(([, o]) => o as any[]);
      const np = objs.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === service && o.metadata.namespace === ns)!;
      // the credential endpoints: every ipBlock outside the region's own data subnets
      const dataCidrs = new Set(plan.regions.find((r) => r.id === region)!.workloads.flatMap((w) => w.dataCidrs));
      const linkLocal = np.spec.egress
        .flatMap((e: any) => (e.to ?? []).filter((t: any) => t.ipBlock && !dataCidrs.has(t.ipBlock.cidr)).map((t: any) => `${t.ipBlock.cidr}:${e.ports.map((p: any) => p.port).join(',')}`))
        .sort();
      const hasIdentity = plan.identities.some((i) => i.region === region && i.service === service);
      expect(linkLocal).toEqual(hasIdentity ? IDENTITY_ENDPOINTS[cloud].map((e) => `${e.cidr}:${e.port}`).sort() : []);
    },
  );

  test.each(rows)('%s/%s (%s): its config names the user, credential, TLS mode and CA of every store it uses', (region, service, _c, ns, dbs, caches) => {
    const r = plan.regions.find((x) => x.id === region)!;
    const objs = [...referenceKubernetes()].filter(([f]) => f.startsWith(`kubernetes/${region}/`)).flatMap(([, o]) => o as any[]);
    const cm = objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name === `${service}-endpoints` && o.metadata.namespace === ns)!;
    const env = (id: string) => id.toUpperCase().replace(/-/g, '_');
    const stores = [
      ...new Set(r.databases.filter((d) => dbs.includes(d.name)).map((d) => `DB_${env(d.database)}`)),
      ...new Set(r.caches.filter((c) => caches.includes(c.name)).map((c) => `CACHE_${env(c.cache)}`)),
    ];
    const keys = Object.keys(cm.data).filter((k) => /_(USER|AUTH|TLS_MODE|CA)$/.test(k));
    expect(keys.sort()).toEqual(stores.flatMap((k) => ['USER', 'AUTH', 'TLS_MODE', 'CA'].map((x) => `${k}_${x}`)).sort());
    for (const k of stores) expect(cm.data[`${k}_TLS_MODE`]).toMatch(/^(verify-full|verify-ca|tls)$/);
  });

  test.each(rows.filter((r) => r[2] === 'azure'))('%s/%s (azure): the ServiceAccount names the identity\'s client id through Flux substitution, the pods opt in', (region, service, _c, ns) => {
    const stack = stacks.get(`region-${region}`);
    const objs = [...referenceKubernetes()].filter(([f]) => f.startsWith(`kubernetes/${region}/`)).flatMap(([, o]) => o as any[]);
    const sa = objs.find((o) => o.kind === 'ServiceAccount' && o.metadata.name === service && o.metadata.namespace === ns)!;
    const variable = /^\$\{([A-Z0-9_]+)\}$/.exec(sa.metadata.annotations['azure.workload.identity/client-id'])![1];
    const [cfg] = Object.values(res(stack, 'azurerm_kubernetes_flux_configuration'));
    const identity = plan.identities.find((i) => i.region === region && i.service === service)!;
    const [uaiKey] = Object.entries(res(stack, 'azurerm_user_assigned_identity')).find(([, u]) => u.name === identity.name)!;
    expect(cfg.kustomizations[0].post_build.substitute[variable]).toBe(`\${azurerm_user_assigned_identity.${uaiKey}.client_id}`);
    const deployment = objs.find((o) => o.kind === 'Deployment' && o.metadata.name === service && o.metadata.namespace === ns)!;
    expect(deployment.spec.template.metadata.labels['azure.workload.identity/use']).toBe('true');
    expect(deployment.spec.template.spec.serviceAccountName).toBe(service);
    // every `${...}` Flux would substitute is a variable the configuration sets (client ids, the caches' object ids);
    // anything else holding `${` opts out of substitution
    const substituted = cfg.kustomizations[0].post_build.substitute;
    for (const o of objs.filter((x) => JSON.stringify(x).includes('${'))) {
      if (o.metadata.annotations?.['kustomize.toolkit.fluxcd.io/substitute'] === 'disabled') continue;
      const vars = [...JSON.stringify(o).matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]);
      for (const v of vars) expect(Object.keys(substituted)).toContain(v);
    }
  });

  test.each(rows.filter((r) => r[2] === 'gcp'))('%s/%s (gcp): the ServiceAccount names its Google service account in the region\'s project', (region, service, _c, ns) => {
    const stack = stacks.get(`region-${region}`);
    const objs = [...referenceKubernetes()].filter(([f]) => f.startsWith(`kubernetes/${region}/`)).flatMap(([, o]) => o as any[]);
    const sa = objs.find((o) => o.kind === 'ServiceAccount' && o.metadata.name === service && o.metadata.namespace === ns)!;
    const identity = plan.identities.find((i) => i.region === region && i.service === service)!;
    const gsa = Object.values(res(stack, 'google_service_account')).find((a) => a.account_id === identity.name)!;
    expect(sa.metadata.annotations['iam.gke.io/gcp-service-account']).toBe(`${gsa.account_id}@${stack.variable.gcp_project.default}.iam.gserviceaccount.com`);
    // AND the project cannot be overridden away from the names the manifests (and the database role Job) use
    const project = stack.variable.gcp_project.default;
    expect(stack.variable.gcp_project.validation).toEqual([{ condition: `\${var.gcp_project == "${project}"}`, error_message: expect.stringContaining(`regions.${region}.project`) }]);
    for (const u of Object.values(res(stack, 'google_sql_user')).filter((x) => x.type === 'CLOUD_IAM_SERVICE_ACCOUNT')) {
      expect(u.name).toMatch(/@\$\{var\.gcp_project\}\.iam$/);
      expect(identity.grants.filter((g) => g.access === 'gcp-cloudsql-iam').every((g) => g.user === `${identity.name}@${project}.iam`)).toBe(true);
    }
  });
});
