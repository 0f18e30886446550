/**
 * The database-roles Lambda's own PostgreSQL client and the statements Terraform hands it, run against a real
 * PostgreSQL server (test/helpers/postgres.ts): TLS verified against the server's CA, SCRAM-SHA-256 and MD5
 * authentication, one transaction per writer, idempotent statements, logins' passwords from their secrets, and a
 * refused statement failing at once without leaving anything behind. Aurora's built-in roles (`rds_iam`,
 * `rds_replication`, `rds_superuser`) are stood in by plain roles of the same names.
 *
 * Skipped, with the reason, where PostgreSQL or openssl is not installed.
 */
import { DATABASE_ROLES_HANDLER_SOURCE } from '../../../constructs/aws/database-roles-handler';
import { MD5_USER, postgresBin, startPostgres, type Postgres } from '../../helpers/postgres';
import { referenceStacks } from '../../helpers/reference';

interface Target {
  instance: string;
  host: string;
  port: number;
  database: string;
  masterSecretArn: string;
  statements: string[];
  logins: { user: string; secretArn: string }[];
}
interface Handler {
  connect(o: { host: string; port: number; user: string; password: string; database: string; ca?: string }): Promise<{ socket: { end(b: Buffer): void; destroy(): void } }>;
  query(c: unknown, sql: string): Promise<void>;
  runInstance(target: Target, secrets: (arn: string) => Promise<string>, ca: string, deadline: number): Promise<string>;
}

/** The handler's source as the Lambda runtime loads it (CommonJS), with its private runInstance exposed to the test. */
function loadHandler(): Handler {
  const module = { exports: {} as Record<string, unknown> };
  new Function('exports', 'require', 'module', `${DATABASE_ROLES_HANDLER_SOURCE}\nexports.runInstance = runInstance;`)(module.exports, require, module);
  return module.exports as unknown as Handler;
}

/** Every writer's target of the database-roles invocation of each AWS region stack. */
function referenceTargets(): { stack: string; target: Target }[] {
  const out: { stack: string; target: Target }[] = [];
  for (const [stack, json] of referenceStacks()) {
    for (const inv of Object.values<any>(json.resource?.aws_lambda_invocation ?? {})) {
      const input = JSON.parse(inv.input);
      if (!Array.isArray(input.instances) || input.caBundleUrl === undefined) continue;
      for (const target of input.instances as Target[]) out.push({ stack, target });
    }
  }
  return out;
}

const { bin, reason } = postgresBin();
const describeWithPostgres = bin ? describe : describe.skip;
if (!bin) test.skip(`real PostgreSQL checks of the database-roles handler: ${reason}`, () => undefined);

describeWithPostgres('database-roles handler against a real PostgreSQL', () => {
  let pg: Postgres;
  const handler = loadHandler();
  const targets = referenceTargets();
  const AURORA_BUILT_INS = ['rds_iam', 'rds_replication', 'rds_superuser'];
  const secretValues = new Map<string, string>();
  const secrets = async (arn: string): Promise<string> => {
    const v = secretValues.get(arn);
    if (v === undefined) throw new Error(`no secret ${arn}`);
    return v;
  };
  const local = (t: Target): Target => ({ ...t, host: pg.host, port: pg.port });

  beforeAll(async () => {
    pg = await startPostgres(bin!);
    for (const r of AURORA_BUILT_INS) pg.query(`CREATE ROLE ${r}`);
    for (const { target } of targets) {
      secretValues.set(target.masterSecretArn, JSON.stringify({ username: pg.admin, password: pg.password }));
      for (const l of target.logins) secretValues.set(l.secretArn, JSON.stringify({ username: l.user, password: `pw-of-${l.user}` }));
    }
  }, 60_000);
  afterAll(async () => pg?.stop());

  test('GIVEN the reference stacks THEN there are writers to run statements on, on every AWS region stack', () => {
    const stacks = new Set(targets.map((t) => t.stack));
    expect(targets.length).toBeGreaterThan(0);
    for (const s of referenceStacks().keys()) if (s.startsWith('region-') && JSON.stringify(referenceStacks().get(s).resource?.aws_rds_cluster ?? {}) !== '{}') expect(stacks).toContain(s);
  });

  test('WHEN every writer\'s statements run twice through the handler (TLS, SCRAM) THEN both runs succeed and every role holds what its statements grant', async () => {
    const deadline = Date.now() + 30_000;
    for (let run = 0; run < 2; run++) {
      for (const { target } of targets) await expect(handler.runInstance(local(target), secrets, pg.ca, deadline)).resolves.toBe(target.instance);
    }
    const created = new Set(targets.flatMap(({ target }) => target.statements.flatMap((s) => [...s.matchAll(/CREATE ROLE "([^"]+)" LOGIN/g)].map((m) => m[1]))));
    expect(created.size).toBeGreaterThan(0);
    const logins = new Set(pg.query(`SELECT rolname FROM pg_roles WHERE rolcanlogin AND rolname <> '${pg.admin}'`));
    expect(logins).toEqual(created);
    // Every membership and CONNECT privilege the statements grant, checked in one query.
    const memberships = new Set<string>();
    const connects = new Set<string>();
    for (const { target } of targets) {
      for (const s of target.statements) {
        const connect = /^GRANT CONNECT ON DATABASE "([^"]+)" TO "([^"]+)"$/.exec(s);
        if (connect) connects.add(`('${connect[2]}', '${connect[1]}')`);
        const grant = /^GRANT ((?!CONNECT ).+) TO "([^"]+)"$/.exec(s);
        if (grant) for (const role of grant[1].split(', ')) memberships.add(`('${grant[2]}', '${role}')`);
      }
    }
    expect(memberships.size).toBeGreaterThan(0);
    expect(connects.size).toBeGreaterThan(0);
    expect(pg.query(`SELECT r, g FROM (VALUES ${[...memberships].join(', ')}) AS m(r, g) WHERE NOT pg_has_role(r, g, 'MEMBER')`)).toEqual([]);
    expect(pg.query(`SELECT r, d FROM (VALUES ${[...connects].join(', ')}) AS c(r, d) WHERE NOT has_database_privilege(r, d, 'CONNECT')`)).toEqual([]);
  }, 60_000);

  test('WHEN a target has logins THEN each login can sign in with the password from its secret, over TLS', async () => {
    const withLogins = targets.filter(({ target }) => target.logins.length > 0);
    for (const { target } of withLogins) await handler.runInstance(local(target), secrets, pg.ca, Date.now() + 30_000);
    for (const user of new Set(withLogins.flatMap(({ target }) => target.logins.map((l) => l.user)))) {
      const c = await handler.connect({ host: pg.host, port: pg.port, user, password: `pw-of-${user}`, database: 'postgres', ca: pg.ca });
      await expect(handler.query(c, 'SELECT 1')).resolves.toBeUndefined();
      c.socket.destroy();
    }
  }, 60_000);

  test('WHEN a statement is refused THEN the writer fails on the first attempt with the server\'s error and its transaction leaves nothing behind', async () => {
    const [{ target }] = targets;
    let attempts = 0;
    secretValues.set('arn:probe', JSON.stringify({ password: 'probe' }));
    const counting = async (arn: string) => {
      if (arn === 'arn:probe') attempts++;
      return secrets(arn);
    };
    const bad: Target = { ...local(target), statements: ['CREATE ROLE "half_done" LOGIN', 'GRANT no_such_role TO "half_done"'], logins: [{ user: 'half_done', secretArn: 'arn:probe' }] };
    await expect(handler.runInstance(bad, counting, pg.ca, Date.now() + 120_000)).rejects.toThrow(/ERROR 42704: role "no_such_role" does not exist/);
    expect(attempts).toBe(1);
    expect(pg.query(`SELECT count(*) FROM pg_roles WHERE rolname = 'half_done'`)).toEqual(['0']);
  });

  test('WHEN the password is wrong THEN authentication fails with the server\'s FATAL error', async () => {
    await expect(handler.connect({ host: pg.host, port: pg.port, user: pg.admin, password: 'wrong', database: 'postgres', ca: pg.ca })).rejects.toThrow(/FATAL 28P01/);
    // The refused session's socket is closed by the server; nothing stays open.
  });

  test('WHEN the server offers MD5 instead of SCRAM THEN the client authenticates too', async () => {
    pg.query(`SET password_encryption = 'md5'; CREATE ROLE ${MD5_USER} LOGIN PASSWORD 'md5-secret'`);
    const c = await handler.connect({ host: pg.host, port: pg.port, user: MD5_USER, password: 'md5-secret', database: 'postgres', ca: pg.ca });
    await expect(handler.query(c, 'SELECT 1')).resolves.toBeUndefined();
    c.socket.destroy();
  });

  test('WHEN the CA is not the server\'s THEN the TLS handshake is refused', async () => {
    const other = `-----BEGIN CERTIFICATE-----\n${Buffer.from('not a certificate').toString('base64')}\n-----END CERTIFICATE-----\n`;
    await expect(handler.connect({ host: pg.host, port: pg.port, user: pg.admin, password: pg.password, database: 'postgres', ca: other })).rejects.toThrow();
  });
});
