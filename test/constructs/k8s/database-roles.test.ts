/**
 * The database-roles Job of every GCP and Azure cluster, run for real: its ConfigMap's `run.sh`, `targets` and SQL
 * files with Debian's psql against a real PostgreSQL server (test/helpers/postgres.ts), the Job container's own
 * environment (PGUSER, PGSSLMODE, ...), twice (the statements must be idempotent).
 *
 * What the clouds create before the Job runs is stood in from the Terraform output, never from the SQL itself:
 * - Cloud SQL: the stack's `google_sql_user`s (the BUILT_IN administrator with a password, each
 *   CLOUD_IAM_SERVICE_ACCOUNT user as a role), so a GRANT to a user that Terraform does not create fails here;
 * - Azure: the Entra administrator of the server (`azurerm_postgresql_flexible_server_active_directory_administrator`,
 *   signing in with the token the init container writes) and `pgaadauth_create_principal`, which creates a role.
 *
 * Skipped, with the reason, where PostgreSQL or openssl is not installed.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { postgresBin, startPostgres, type Postgres } from '../../helpers/postgres';
import { referenceKubernetes, referenceStacks } from '../../helpers/reference';

interface Job {
  readonly cluster: string;
  readonly data: Record<string, string>;
  readonly env: Record<string, string>;
  readonly secretEnv: readonly string[];
}

/** The database-roles Job of each cluster: its ConfigMap data and the psql container's environment. */
function jobs(): Job[] {
  const out: Job[] = [];
  for (const [file, objects] of referenceKubernetes()) {
    const all = objects as any[];
    for (const job of all.filter((o) => o.kind === 'Job' && o.metadata?.labels?.['app.kubernetes.io/component'] === 'database-roles')) {
      const pod = job.spec.template.spec;
      const configMap = pod.volumes.find((v: any) => v.configMap)?.configMap.name;
      const data = all.find((o) => o.kind === 'ConfigMap' && o.metadata.name === configMap)?.data;
      const container = pod.containers[0];
      const env: Record<string, string> = {};
      const secretEnv: string[] = [];
      for (const e of container.env ?? []) {
        if (e.value !== undefined) env[e.name] = e.value;
        else secretEnv.push(e.name);
      }
      out.push({ cluster: file.split('/')[1], data, env, secretEnv });
    }
  }
  return out.sort((a, b) => a.cluster.localeCompare(b.cluster));
}

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Grantees of `GRANT ... TO "x"` and the memberships/privileges each SQL file grants. */
function grants(sql: string): { memberships: [string, string][]; connects: [string, string][] } {
  const memberships: [string, string][] = [];
  const connects: [string, string][] = [];
  for (const line of sql.split('\n').map((l) => l.trim())) {
    const connect = /^GRANT CONNECT ON DATABASE "([^"]+)" TO "([^"]+)";$/.exec(line);
    if (connect) connects.push([connect[2], connect[1]]);
    const grant = /^GRANT ((?!CONNECT )[^"]+) TO "([^"]+)";$/.exec(line);
    if (grant) for (const role of grant[1].split(', ')) memberships.push([grant[2], role]);
  }
  return { memberships, connects };
}

const { bin, reason } = postgresBin();
const describeWithPostgres = bin ? describe : describe.skip;
if (!bin) test.skip(`real PostgreSQL runs of the database-roles Jobs: ${reason}`, () => undefined);

const all = jobs();

test('GIVEN the reference output THEN every GCP and Azure cluster with databases has a database-roles Job with its script, targets and SQL', () => {
  const withDatabases = [...referenceStacks()]
    .filter(([, s]) => s.resource?.google_sql_database_instance || s.resource?.azurerm_postgresql_flexible_server)
    .map(([name]) => name.replace(/^region-/, ''))
    .sort();
  expect(withDatabases.length).toBeGreaterThan(0);
  expect(all.map((j) => j.cluster)).toEqual(withDatabases);
  for (const j of all) expect(Object.keys(j.data)).toEqual(expect.arrayContaining(['run.sh', 'targets']));
});

describeWithPostgres.each(all.map((j) => [j.cluster, j] as const))('database-roles Job of %s against a real PostgreSQL', (cluster, job) => {
  let pg: Postgres;
  let work: string;
  const stack = referenceStacks().get(`region-${cluster}`)!;
  const azure = stack.resource?.azurerm_postgresql_flexible_server !== undefined;
  const PASSWORD = 'job-admin-password';

  beforeAll(async () => {
    pg = await startPostgres(bin!, azure ? { allow_system_table_mods: 'on' } : {});
    if (azure) {
      const admins = Object.values<any>(stack.resource.azurerm_postgresql_flexible_server_active_directory_administrator ?? {});
      expect(admins.length).toBeGreaterThan(0);
      for (const name of new Set(admins.map((a) => a.principal_name))) pg.query(`CREATE ROLE ${quote(name)} LOGIN CREATEROLE PASSWORD ${literal(PASSWORD)}`);
      for (const name of new Set(admins.map((a) => a.principal_name))) pg.query(`GRANT pg_read_all_data, pg_write_all_data TO ${quote(name)} WITH ADMIN OPTION; GRANT CONNECT ON DATABASE postgres TO ${quote(name)} WITH GRANT OPTION`);
      // Azure's extension function: creates the principal's role (here without Entra).
      pg.query(
        `CREATE FUNCTION pg_catalog.pgaadauth_create_principal(name text, is_admin boolean, is_mfa boolean) RETURNS text LANGUAGE plpgsql SECURITY DEFINER AS $$ BEGIN EXECUTE format('CREATE ROLE %I LOGIN', name); RETURN name; END $$`,
      );
    } else {
      const users = Object.values<any>(stack.resource.google_sql_user ?? {});
      expect(users.length).toBeGreaterThan(0);
      for (const name of new Set(users.filter((u) => u.type === 'BUILT_IN').map((u) => u.name))) pg.query(`CREATE ROLE ${quote(name)} LOGIN CREATEROLE PASSWORD ${literal(PASSWORD)}`);
      // Cloud SQL's cloudsqlsuperuser may grant the predefined roles; the stand-in gets the same admin option.
      for (const name of new Set(users.filter((u) => u.type === 'BUILT_IN').map((u) => u.name))) pg.query(`GRANT pg_read_all_data, pg_write_all_data TO ${quote(name)} WITH ADMIN OPTION; GRANT CONNECT ON DATABASE postgres TO ${quote(name)} WITH GRANT OPTION`);
      // Terraform resolves the user names' `${var.gcp_project}` to the variable's default (the spec's project).
      const resolve = (name: string) => name.replace(/\$\{var\.([a-z_]+)\}/g, (_m, v: string) => stack.variable[v].default);
      for (const name of new Set(users.filter((u) => u.type === 'CLOUD_IAM_SERVICE_ACCOUNT').map((u) => resolve(u.name)))) pg.query(`CREATE ROLE ${quote(name)} LOGIN`);
    }
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-db-roles-'));
    fs.mkdirSync(path.join(work, 'sql'));
    fs.mkdirSync(path.join(work, 'token'));
    for (const [name, text] of Object.entries(job.data)) {
      let content = text.split('/sql/').join(`${work}/sql/`).split('/run/token/').join(`${work}/token/`);
      if (name === 'targets') content = content.replace(/^(\S+) \S+ \d+ (\S+)$/gm, `$1 localhost ${pg.port} $2`);
      fs.writeFileSync(path.join(work, 'sql', name), content);
    }
    // The init container's output on Azure: the Entra access token, used as the password.
    if (azure) fs.writeFileSync(path.join(work, 'token', 'pg'), PASSWORD);
  }, 60_000);
  afterAll(async () => {
    await pg?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  const run = () =>
    spawnSync('/bin/sh', [path.join(work, 'sql', 'run.sh')], {
      encoding: 'utf8',
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        ...job.env,
        // The server's certificate is self-signed; PGSSLMODE=require (the Job's) does not verify it, TLS still happens.
        ...(job.secretEnv.includes('PGPASSWORD') ? { PGPASSWORD: PASSWORD } : {}),
      },
    });

  test('WHEN the Job\'s script runs twice THEN both runs succeed on every target', () => {
    for (let i = 0; i < 2; i++) {
      const r = run();
      // All targets are one server here, so a second target's GRANT may only NOTICE that the role is a member already.
      const problems = r.stderr.split('\n').filter((l) => l.trim() && !/NOTICE: {2}role ".+" is already a member of role/.test(l));
      expect({ status: r.status, problems }).toEqual({ status: 0, problems: [] });
      const targets = job.data.targets.split('\n').filter((l) => l.trim());
      expect(r.stdout.split('\n').filter((l) => l.startsWith('roles on '))).toHaveLength(targets.length);
    }
  });

  test('THEN every grantee holds what its SQL grants (the server takes TLS sessions only, as the clouds do)', () => {
    const sqlFiles = Object.entries(job.data).filter(([n]) => n.endsWith('.sql'));
    expect(sqlFiles.length).toBeGreaterThan(0);
    const memberships = new Set<string>();
    const connects = new Set<string>();
    for (const [, sql] of sqlFiles) {
      const g = grants(sql);
      for (const [r, m] of g.memberships) memberships.add(`(${literal(r)}, ${literal(m)})`);
      for (const [r, d] of g.connects) connects.add(`(${literal(r)}, ${literal(d)})`);
    }
    expect(memberships.size).toBeGreaterThan(0);
    expect(connects.size).toBeGreaterThan(0);
    expect(pg.query(`SELECT r, g FROM (VALUES ${[...memberships].join(', ')}) AS m(r, g) WHERE NOT pg_has_role(r, g, 'MEMBER')`)).toEqual([]);
    expect(pg.query(`SELECT r, d FROM (VALUES ${[...connects].join(', ')}) AS c(r, d) WHERE NOT has_database_privilege(r, d, 'CONNECT')`)).toEqual([]);
    expect(job.env.PGSSLMODE).toMatch(/^(require|verify-ca|verify-full)$/);
  });
});
