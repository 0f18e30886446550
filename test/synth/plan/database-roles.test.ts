/**
 * Database roles against the `uses` graph: for every service that uses a database, the planned SQL (evaluated,
 * not compared as text) creates a login role on exactly the writers of the stores in its `uses` (a global
 * database's secondaries through their primary), mapped to the service's identity (Aurora: the user its
 * `rds-db:connect` names; Cloud SQL: the IAM user of its Google service account; Azure: the principal of its
 * managed identity), with CONNECT and read/write on the store's data and no other membership. Then the output
 * wiring: who runs the SQL, as whom, and that no secret value is anywhere in it.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { AURORA_IAM_ROLE, AURORA_REPLICATION_ROLES, DATA_ROLES } from '../../../synth/catalog/database-roles';
import { compile } from '../../../synth/compile';
import type { Plan } from '../../../synth/model/index';
import { referenceKubernetes, referencePlan, referenceStacks } from '../../helpers/reference';

/** What a list of statements does: roles created, memberships granted, databases a role may connect to. */
function evaluate(statements: readonly string[]) {
  const created = new Map<string, 'login' | 'entra'>();
  const memberOf = new Map<string, Set<string>>();
  const connect = new Map<string, Set<string>>();
  const unknown: string[] = [];
  const name = (s: string) => s.replace(/^"|"$/g, '').replace(/""/g, '"');
  for (const s of statements) {
    let m: RegExpExecArray | null;
    if ((m = /^DO \$\$ BEGIN IF NOT EXISTS \(SELECT FROM pg_catalog\.pg_roles WHERE rolname = '([^']+)'\) THEN (.*); END IF; END \$\$$/.exec(s))) {
      const [, guarded, body] = m;
      let c: RegExpExecArray | null;
      if ((c = /^CREATE ROLE ("[^"]+") LOGIN$/.exec(body)) && name(c[1]) === guarded) created.set(guarded, 'login');
      else if ((c = /^PERFORM pg_catalog\.pgaadauth_create_principal\('([^']+)', false, false\)$/.exec(body)) && c[1] === guarded) created.set(guarded, 'entra');
      else unknown.push(s);
    } else if ((m = /^GRANT CONNECT ON DATABASE ("[^"]+") TO ("[^"]+")$/.exec(s))) {
      connect.set(name(m[2]), new Set([...(connect.get(name(m[2])) ?? []), name(m[1])]));
    } else if ((m = /^GRANT ([a-z_, ]+) TO ("[^"]+")$/.exec(s))) {
      memberOf.set(name(m[2]), new Set([...(memberOf.get(name(m[2])) ?? []), ...m[1].split(', ')]));
    } else unknown.push(s);
  }
  return { created, memberOf, connect, unknown };
}

/** [region, writer instance, expected role -> service] from plan.services, the regions' workloads and identities. */
function expectedRoles(plan: Plan) {
  const out = new Map<string, Map<string, string>>();
  const projectOf = (region: string) => plan.gcpProjects.find((p) => p.region === region)?.project;
  for (const r of plan.regions) {
    for (const w of r.workloads) {
      const s = plan.services.find((x) => x.id === w.service)!;
      const identity = plan.identities.find((i) => i.region === r.id && i.service === w.service);
      for (const d of r.databases.filter((x) => s.usesDatabases.includes(x.database))) {
        // the writer that takes SQL: the instance itself, or the primary of its global database
        const writer =
          d.globalCluster?.role === 'secondary'
            ? plan.regions.flatMap((x) => x.databases.map((y) => [x.id, y] as const)).find(([, y]) => y.globalCluster?.identifier === d.globalCluster!.identifier && y.globalCluster.role === 'primary')!
            : ([r.id, d] as const);
        const role = r.cloud === 'aws' ? w.service.replace(/-/g, '_') : r.cloud === 'azure' ? identity!.name : `${identity!.name}@${projectOf(r.id)}.iam`;
        if (r.cloud === 'gcp' && !projectOf(r.id)) continue; // no project: the IAM user's name is unknown, no role step (README)
        const key = `${writer[0]}/${writer[1].name}`;
        if (!out.has(key)) out.set(key, new Map());
        out.get(key)!.set(role, w.service);
      }
    }
  }
  return out;
}

const DIR = path.join(__dirname, '..', '..', 'fixtures', 'companies');
const companyPlan = (name: string): Plan => {
  const file = path.join(DIR, `${name}.spec.yaml`);
  const r = compile(file, readFileSync(file, 'utf8'), 'plan');
  if (!r.plan) throw new Error(`${name}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.plan;
};

const plans: [string, Plan][] = [['reference', referencePlan()], ...['notely', 'shopasia', 'eurobank'].map((n) => [n, companyPlan(n)] as [string, Plan])];

describe.each(plans)('database roles of %s against the uses graph', (_name, plan) => {
  const expected = expectedRoles(plan);
  const planned = new Map<string, { step: (typeof plan.databaseRoles)[number]; instance: (typeof plan.databaseRoles)[number]["instances"][number] }>(
    plan.databaseRoles.flatMap((d) => d.instances.map((i) => [`${d.region}/${i.instance}`, { step: d, instance: i }] as [string, { step: typeof d; instance: typeof i }])),
  );

  test('GIVEN the services that use databases WHEN the roles are planned THEN exactly the writers their uses reach have roles', () => {
    const withRoles = [...planned].filter(([, v]) => v.instance.roles.length > 0).map(([k]) => k);
    expect(withRoles.sort()).toEqual([...expected.keys()].sort());
  });

  test('THEN each writer\'s SQL creates a login for exactly the services that use its store, with CONNECT and read/write only', () => {
    for (const [key, roles] of expected) {
      const { step, instance } = planned.get(key)!;
      const e = evaluate(instance.statements);
      expect(e.unknown).toEqual([]);
      const logins = new Set(instance.logins.map((l) => l.user));
      const serviceRoles = [...new Set([...e.memberOf.keys(), ...e.connect.keys()])].filter((r) => !logins.has(r));
      expect(serviceRoles.sort()).toEqual([...roles.keys()].sort());
      for (const role of roles.keys()) {
        // Aurora and Azure: the SQL creates the role (guarded: idempotent); Cloud SQL: Terraform's IAM user
        expect(e.created.get(role)).toBe(step.cloud === 'aws' ? 'login' : step.cloud === 'azure' ? 'entra' : undefined);
        expect([...e.connect.get(role)!]).toEqual([instance.database]);
        expect([...e.memberOf.get(role)!].sort()).toEqual([...DATA_ROLES, ...(step.cloud === 'aws' ? [AURORA_IAM_ROLE] : [])].sort());
      }
      // the plan's role list says the same, with the identity that logs in as it
      expect(instance.roles.map((r) => [r.role, r.service])).toEqual([...roles].sort(([a], [b]) => a.localeCompare(b)));
    }
  });

  test('THEN the role is the user the service\'s identity authenticates as (its grant, its config)', () => {
    for (const { step, instance } of planned.values()) {
      for (const role of instance.roles) {
        for (const { region, name } of role.identities) {
          const identity = plan.identities.find((i) => i.region === region && i.name === name)!;
          expect(identity.service).toBe(role.service);
          const grants = identity.grants.filter((g) => g.kind === 'database' && g.store === instance.store);
          expect(grants.length).toBeGreaterThan(0);
          for (const g of grants) expect(g.user).toBe(role.role);
          if (step.cloud === 'gcp') expect(role.role).toBe(`${identity.name}@${plan.gcpProjects.find((p) => p.region === region)!.project}.iam`);
          if (step.cloud === 'azure') expect(role.role).toBe(identity.name);
        }
      }
    }
  });

  test('THEN the DMS source login exists on exactly the primary shards that feed a standby', () => {
    const feeds = plan.replication.flatMap((r) => r.feeds.map((f) => `${r.primary}/${f.source}`));
    const withLogin = [...planned].filter(([, v]) => v.instance.logins.length > 0).map(([k]) => k);
    expect(withLogin.sort()).toEqual([...new Set(feeds)].sort());
    for (const [, { instance }] of planned) {
      const e = evaluate(instance.statements);
      for (const l of instance.logins) {
        expect(e.created.get(l.user)).toBe('login');
        expect([...e.memberOf.get(l.user)!].sort()).toEqual([...AURORA_REPLICATION_ROLES].sort());
      }
    }
  });

  test('THEN no statement carries a secret (passwords are set at run time from the secret store)', () => {
    for (const { instance } of planned.values()) for (const s of instance.statements) expect(s).not.toMatch(/PASSWORD|\$\{/i);
  });
});

describe('database roles in the reference output', () => {
  const plan = referencePlan();
  const stacks = referenceStacks();
  const res = (stack: any, type: string): Record<string, any> => stack.resource?.[type] ?? {};
  const refName = (ref: string) => /^\$\{[a-z0-9_]+\.([^.}]+)\./.exec(ref)?.[1];
  const steps = (cloud: string) => plan.databaseRoles.filter((d) => d.cloud === cloud).map((d) => [d.region, d] as const);

  test('GIVEN the reference THEN every cloud has a role step', () => {
    expect(new Set(plan.databaseRoles.map((d) => d.cloud))).toEqual(new Set(['aws', 'gcp', 'azure']));
  });

  test.each(steps('aws'))('%s (aws): a function in the private subnets runs exactly the planned SQL as the master user of each writer', (region, step) => {
    const stack = stacks.get(`region-${region}`);
    const fn = Object.values(res(stack, 'aws_lambda_function')).find((f) => f.function_name === step.name)!;
    for (const s of fn.vpc_config.subnet_ids) expect(res(stack, 'aws_subnet')[refName(s)!].tags.Name).toMatch(/private/);
    const [invocation] = Object.values(res(stack, 'aws_lambda_invocation')).filter((i) => i.function_name === `\${aws_lambda_function.${Object.entries(res(stack, 'aws_lambda_function')).find(([, f]) => f === fn)![0]}.function_name}`);
    const input = JSON.parse(invocation.input);
    const clusters = res(stack, 'aws_rds_cluster');
    expect(input.instances.map((i: any) => i.instance)).toEqual(step.instances.map((i) => i.instance));
    for (const [k, i] of step.instances.entries()) {
      const got = input.instances[k];
      expect(got.statements).toEqual(i.statements);
      // the master secret and the writer endpoint of that very cluster
      const cluster = refName(got.masterSecretArn)!;
      expect(clusters[cluster].cluster_identifier).toBe(i.instance);
      expect(got.masterSecretArn).toBe(`\${aws_rds_cluster.${cluster}.master_user_secret[0].secret_arn}`);
      expect(got.host).toBe(`\${aws_rds_cluster.${cluster}.endpoint}`);
      expect(got.logins.map((l: any) => l.user)).toEqual(i.logins.map((l) => l.user));
    }
    // it waits for the writers' instances
    expect(invocation.depends_on.filter((d: string) => d.startsWith('aws_rds_cluster_instance.')).length).toBe(Object.keys(res(stack, 'aws_rds_cluster_instance')).length);
    // its role may read exactly the secrets it is given
    const role = Object.entries(res(stack, 'aws_iam_role')).find(([, r]) => r.name === step.identity)!;
    const inline = Object.values(res(stack, 'aws_iam_role_policy')).find((p) => refName(p.role) === role[0]);
    const doc = stack.data.aws_iam_policy_document[/^\$\{data\.aws_iam_policy_document\.([^.]+)\./.exec(inline.policy)![1]];
    const read = doc.statement.find((s: any) => s.actions.includes('secretsmanager:GetSecretValue'));
    expect([...read.resources].sort()).toEqual([...new Set(input.instances.flatMap((i: any) => [i.masterSecretArn, ...i.logins.map((l: any) => l.secretArn)]))].sort());
  });

  test.each(steps('gcp'))('%s (gcp): the Job runs the planned SQL as the built-in administrator, whose password only External Secrets reads', (region, step) => {
    const stack = stacks.get(`region-${region}`);
    const objects = [...referenceKubernetes()].filter(([f]) => f === `kubernetes/${region}/05-database-roles.yaml`).flatMap(([, o]) => o as any[]);
    const cm = objects.find((o) => o.kind === 'ConfigMap')!;
    for (const i of step.instances) expect(cm.data[`${i.instance}.sql`]).toBe(i.statements.map((s) => `${s};\n`).join(''));
    const job = objects.find((o) => o.kind === 'Job')!;
    expect(job.metadata.name).toBe(step.name);
    const env = job.spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'PGUSER', value: step.admin.user });
    const password = env.find((e: any) => e.name === 'PGPASSWORD');
    const es = objects.find((o) => o.kind === 'ExternalSecret')!;
    expect(password.valueFrom.secretKeyRef.name).toBe(es.spec.target.name);
    expect(es.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'platform-secrets' });
    const [secretKey, secret] = Object.entries(res(stack, 'google_secret_manager_secret')).find(([, x]) => x.secret_id === step.admin.secret)!;
    expect(es.spec.data[0].remoteRef.key).toBe(secret.secret_id);
    // named with the region's prefix, the only secrets External Secrets' service account may read
    expect(secret.secret_id.startsWith(`${plan.name}_${region}_`)).toBe(true);
    expect(secret.replication.user_managed.replicas).toEqual([{ location: plan.regions.find((r) => r.id === region)!.location }]);
    const [version] = Object.values(res(stack, 'google_secret_manager_secret_version')).filter((v) => refName(v.secret) === secretKey);
    const admins0 = Object.values(res(stack, 'google_sql_user')).filter((u) => u.type === 'BUILT_IN');
    for (const u of admins0) expect(u.password).toBe(version.secret_data);
    // the administrator exists on exactly the writers with roles, with the generated password
    const instances = res(stack, 'google_sql_database_instance');
    const admins = Object.values(res(stack, 'google_sql_user')).filter((u) => u.type === 'BUILT_IN');
    expect(admins.map((u) => instances[refName(u.instance)!].name).sort()).toEqual(step.instances.map((i) => `${plan.name}-${region}-${i.instance}`).sort());
    // every IAM user a role names exists on that writer (Terraform creates it)
    for (const i of step.instances) {
      const users = Object.values(res(stack, 'google_sql_user')).filter((u) => u.type === 'CLOUD_IAM_SERVICE_ACCOUNT' && instances[refName(u.instance)!].name === `${plan.name}-${region}-${i.instance}`);
      expect(users.map((u) => u.name.split('@')[0]).sort()).toEqual(i.roles.map((r) => r.role.split('@')[0]).sort());
    }
  });

  test.each(steps('azure'))('%s (azure): the Job\'s managed identity is the Entra administrator of exactly the writers with roles', (region, step) => {
    const stack = stacks.get(`region-${region}`);
    const [uaiKey] = Object.entries(res(stack, 'azurerm_user_assigned_identity')).find(([, u]) => u.name === step.identity)!;
    const admins = Object.values(res(stack, 'azurerm_postgresql_flexible_server_active_directory_administrator'));
    expect(admins).toHaveLength(step.instances.length);
    for (const a of admins) expect(a).toMatchObject({ object_id: `\${azurerm_user_assigned_identity.${uaiKey}.principal_id}`, principal_name: step.identity, principal_type: 'ServicePrincipal' });
    const servers = res(stack, 'azurerm_postgresql_flexible_server');
    expect(admins.map((a) => servers[refName(a.server_name)!].name).sort()).toEqual(step.instances.map((i) => `${plan.name}-${region}-${i.instance}`).sort());
    const fed = Object.values(res(stack, 'azurerm_federated_identity_credential')).filter((f) => refName(f.parent_id) === uaiKey);
    expect(fed.map((f) => f.subject)).toEqual([`system:serviceaccount:${step.job!.namespace}:${step.job!.serviceAccount}`]);
    // the Job's ServiceAccount gets the identity's client id from Flux
    const [cfg] = Object.values(res(stack, 'azurerm_kubernetes_flux_configuration'));
    const substitute = cfg.kustomizations[0].post_build.substitute;
    expect(substitute[step.job!.clientIdVariable!]).toBe(`\${azurerm_user_assigned_identity.${uaiKey}.client_id}`);
  });
});

describe('the in-cluster role step\'s network', () => {
  const plan = referencePlan();
  const steps = plan.databaseRoles.filter((d) => d.mechanism === 'k8s-job').map((d) => [d.region, d.cloud, d] as const);

  test.each(steps)('%s (%s): the Job may reach DNS, the writers\' data subnets on PostgreSQL, and only on AKS Entra ID; nothing else', (region, cloud, step) => {
    const objects = [...referenceKubernetes()].filter(([f]) => f === `kubernetes/${region}/05-database-roles.yaml`).flatMap(([, o]) => o as any[]);
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
    expect(policies.find((p) => p.metadata.name === 'default-deny')!.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const np = policies.find((p) => p.metadata.name !== 'default-deny')!;
    expect(np.spec.ingress).toEqual([]);
    const r = plan.regions.find((x) => x.id === region)!;
    const dataCidrs = new Set(r.workloads.flatMap((w) => w.dataCidrs));
    const blocks = np.spec.egress.flatMap((e: any) => (e.to ?? []).filter((t: any) => t.ipBlock).map((t: any) => [t.ipBlock.cidr, e.ports.map((p: any) => p.port)]));
    for (const [cidr, ports] of blocks) {
      if (dataCidrs.has(cidr)) expect(ports).toEqual([r.storePorts.database]);
      else {
        expect(cloud).toBe('azure');
        expect(ports).toEqual([443]);
      }
    }
    expect(blocks.filter(([c]: [string]) => dataCidrs.has(c)).length).toBeGreaterThan(0);
    expect(blocks.some(([c]: [string]) => c === '0.0.0.0/0')).toBe(false);
    // the Job's pods are the policy's pods
    const job = objects.find((o) => o.kind === 'Job')!;
    for (const [k, v] of Object.entries(np.spec.podSelector.matchLabels)) expect(job.spec.template.metadata.labels[k]).toBe(v);
    expect(step.job!.namespace).toBe(np.metadata.namespace);
  });
});
