/**
 * Cache credentials against the `uses` graph: every workload whose service uses a cache gets the login of that
 * cache in its config (ElastiCache: its IAM user in the cache's user group; Memorystore: AUTH's `default` user with
 * the AUTH string and the server CA delivered by reference; Azure Cache for Redis: its identity's object id), and
 * on GKE the secret chain Terraform -> Secret Manager -> ExternalSecret -> Secret -> pod environment is whole,
 * with no value in the output.
 */
import { referenceKubernetes, referencePlan, referenceStacks } from '../../helpers/reference';

const plan = referencePlan();
const stacks = referenceStacks();
const res = (stack: any, type: string): Record<string, any> => stack.resource?.[type] ?? {};
const refName = (ref: string) => /^\$\{[a-z0-9_]+\.([^.}]+)\./.exec(ref)?.[1];
const env = (id: string) => id.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
const objectsOf = (region: string) => [...referenceKubernetes()].filter(([f]) => f.startsWith(`kubernetes/${region}/`)).flatMap(([, o]) => o as any[]);

/** [region, cloud, service, namespace, cache id, cache instance] for every workload whose service uses a cache held in its region. */
const rows = plan.regions.flatMap((r) =>
  r.workloads.flatMap((w) => {
    const s = plan.services.find((x) => x.id === w.service)!;
    return r.caches.filter((c) => s.usesCaches.includes(c.cache)).map((c) => [r.id, r.cloud, w.service, w.namespace, c.cache, c.name] as const);
  }),
);

describe('cache logins against the uses graph', () => {
  test('GIVEN the reference THEN workloads of every cloud use caches', () => {
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(['aws', 'gcp', 'azure']));
  });

  test.each(rows)('%s (%s) %s -> %s: the config carries host, port, user, TLS and CA of the cache', (region, cloud, service, ns, cache, instance) => {
    const cm = objectsOf(region).find((o) => o.kind === 'ConfigMap' && o.metadata.name === `${service}-endpoints` && o.metadata.namespace === ns)!;
    const key = `CACHE_${env(cache)}`;
    for (const k of ['HOST', 'PORT', 'USER', 'AUTH', 'TLS_MODE', 'CA']) expect(cm.data[`${key}_${k}`]).toEqual(expect.any(String));
    expect(cm.data[`${key}_TLS_MODE`]).toBe('tls');
    const stack = stacks.get(`region-${region}`);
    const user = cm.data[`${key}_USER`];
    if (cloud === 'aws') {
      // the IAM-authenticated ElastiCache user of that name is in the user group of exactly this cache's replication group
      const [userKey] = Object.entries(res(stack, 'aws_elasticache_user')).find(([, u]) => u.user_name === user)!;
      const group = Object.values(res(stack, 'aws_elasticache_replication_group')).find((g) => g.replication_group_id.endsWith(instance))!;
      const members = res(stack, 'aws_elasticache_user_group')[refName(group.user_group_ids[0])!].user_ids.map(refName);
      expect(members).toContain(userKey);
      expect(res(stack, 'aws_elasticache_user')[userKey].authentication_mode).toEqual({ type: 'iam' });
    } else if (cloud === 'azure') {
      // Flux substitutes the identity's object id: the principal of the cache's access policy assignment
      const variable = /^\$\{([A-Z0-9_]+)\}$/.exec(user)![1];
      const [cfg] = Object.values(res(stack, 'azurerm_kubernetes_flux_configuration'));
      const principal = cfg.kustomizations[0].post_build.substitute[variable];
      const assignments = Object.values(res(stack, 'azurerm_redis_cache_access_policy_assignment')).filter((a) => a.object_id === principal);
      expect(assignments.map((a) => res(stack, 'azurerm_redis_cache')[refName(a.redis_cache_id)!].name)).toContainEqual(expect.stringMatching(new RegExp(`${instance}$`)));
    } else {
      expect(user).toBe('default');
    }
  });

  test.each(rows.filter((r) => r[1] === 'gcp'))('%s (gcp) %s -> %s: AUTH string and CA from Terraform to the pod by reference', (region, _c, service, ns, cache, instance) => {
    const stack = stacks.get(`region-${region}`);
    const objs = objectsOf(region);
    const deployment = objs.find((o) => o.kind === 'Deployment' && o.metadata.name === service && o.metadata.namespace === ns)!;
    const container = deployment.spec.template.spec.containers[0];
    const refs = Object.fromEntries((container.env ?? []).filter((e: any) => e.name.startsWith(`CACHE_${env(cache)}_`)).map((e: any) => [e.name, e.valueFrom.secretKeyRef]));
    expect(Object.keys(refs).sort()).toEqual([`CACHE_${env(cache)}_AUTH_STRING`, `CACHE_${env(cache)}_CA_PEM`]);
    const secretName = refs[`CACHE_${env(cache)}_AUTH_STRING`].name;
    const es = objs.find((o) => o.kind === 'ExternalSecret' && o.metadata.name === secretName && o.metadata.namespace === ns)!;
    expect(es.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'platform-secrets' });
    expect(es.spec.target.name).toBe(secretName);
    const byKey = Object.fromEntries(es.spec.data.map((d: any) => [d.secretKey, d.remoteRef]));
    for (const r of Object.values(refs) as any[]) expect(byKey[r.key]).toBeDefined();
    // the remote key is the Secret Manager secret whose version holds this very instance's AUTH string and CA
    const [secretKey, secret] = Object.entries(res(stack, 'google_secret_manager_secret')).find(([, x]) => x.secret_id === byKey.auth.key)!;
    expect(secret.secret_id.startsWith(`${plan.name}_${region}_`)).toBe(true);
    const [version] = Object.values(res(stack, 'google_secret_manager_secret_version')).filter((v) => refName(v.secret) === secretKey);
    const [redisKey, redis] = Object.entries(res(stack, 'google_redis_instance')).find(([, x]) => x.name.endsWith(instance))!;
    expect(redis.auth_enabled).toBe(true);
    expect(redis.transit_encryption_mode).toBe('SERVER_AUTHENTICATION');
    expect(version.secret_data).toBe(`\${jsonencode({"${byKey.auth.property}" = google_redis_instance.${redisKey}.auth_string, "${byKey.ca.property}" = google_redis_instance.${redisKey}.server_ca_certs[0].cert})}`);
  });
});
