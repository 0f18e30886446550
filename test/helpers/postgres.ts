/**
 * A throwaway PostgreSQL server for tests that run generated SQL and the generated database clients against a real
 * server: Debian's `postgresql` package (initdb, postgres, psql), a data folder under the OS temp folder, a random
 * port on 127.0.0.1, SCRAM-SHA-256 passwords, TLS with a self-signed certificate for `localhost` (openssl), and a
 * superuser `admin`. Tests skip (with the reason) when the binaries are absent, e.g. on a CI machine without them.
 *
 * Running as root (containers), the server runs as the `postgres` system user through `runuser`, since PostgreSQL
 * refuses to run as root.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export interface Postgres {
  readonly host: 'localhost';
  readonly port: number;
  readonly admin: string;
  readonly password: string;
  /** PEM of the server's self-signed certificate (its own CA). */
  readonly ca: string;
  readonly caFile: string;
  /** Rows of a query as the superuser (psql -At, one string per row, columns joined by `|`). */
  query(sql: string, database?: string): string[];
  /** Fast shutdown, then the data folder is removed. */
  stop(): Promise<void>;
}

const PG_ROOT = '/usr/lib/postgresql';
/** The one login that authenticates with MD5 instead of SCRAM (pg_hba), for clients that must speak both. */
export const MD5_USER = 'md5_login';

/** The bin folder of the newest installed PostgreSQL, or why there is none. */
export function postgresBin(): { readonly bin?: string; readonly reason?: string } {
  if (!fs.existsSync(PG_ROOT)) return { reason: `PostgreSQL is not installed (${PG_ROOT} is absent; Debian: apt-get install postgresql)` };
  const versions = fs.readdirSync(PG_ROOT).filter((v) => fs.existsSync(path.join(PG_ROOT, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) return { reason: `no initdb under ${PG_ROOT}` };
  if (spawnSync('openssl', ['version']).status !== 0) return { reason: 'openssl is not installed (needed for the TLS certificate)' };
  if (process.getuid?.() === 0 && spawnSync('id', ['postgres']).status !== 0) return { reason: 'running as root without a postgres system user' };
  return { bin: path.join(PG_ROOT, versions[0], 'bin') };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Starts a server; `settings` become `-c key=value` arguments. */
export async function startPostgres(bin: string, settings: Readonly<Record<string, string>> = {}): Promise<Postgres> {
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-pg-'));
  const data = path.join(dir, 'data');
  const password = 'test-admin-password';
  fs.writeFileSync(path.join(dir, 'pw'), password);
  const certFile = path.join(dir, 'server.crt');
  const keyFile = path.join(dir, 'server.key');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost', '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
  fs.chmodSync(keyFile, 0o600);
  const as = (cmd: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  execFileSync(...as(path.join(bin, 'initdb'), ['-D', data, '-U', 'admin', '--auth=scram-sha-256', `--pwfile=${path.join(dir, 'pw')}`, '-E', 'UTF8', '--no-instructions']), { stdio: 'ignore' });
  fs.writeFileSync(path.join(data, 'pg_hba.conf'), ['local all all scram-sha-256', `hostssl all ${MD5_USER} 127.0.0.1/32 md5`, 'hostssl all all 127.0.0.1/32 scram-sha-256', 'hostssl all all ::1/128 scram-sha-256', ''].join('\n'));
  const port = await freePort();
  const args = ['-D', data, '-p', String(port), '-h', 'localhost', '-k', dir, '-c', 'ssl=on', '-c', `ssl_cert_file=${certFile}`, '-c', `ssl_key_file=${keyFile}`, '-c', 'password_encryption=scram-sha-256', '-c', 'fsync=off'];
  for (const [k, v] of Object.entries(settings)) args.push('-c', `${k}=${v}`);
  const server: ChildProcess = spawn(...as(path.join(bin, 'postgres'), args), { stdio: 'ignore' });
  const env = { ...process.env, PGPASSWORD: password, PGSSLMODE: 'verify-full', PGSSLROOTCERT: certFile, PGCONNECT_TIMEOUT: '5' };
  const psql = path.join(bin, 'psql');
  const query = (sql: string, database = 'postgres'): string[] => {
    const out = execFileSync(psql, ['-h', 'localhost', '-p', String(port), '-U', 'admin', '-d', database, '-v', 'ON_ERROR_STOP=1', '-At', '-c', sql], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return out.split('\n').filter((l) => l.length > 0);
  };
  for (let i = 0; ; i++) {
    try {
      query('SELECT 1');
      break;
    } catch (e) {
      if (i > 100 || server.exitCode !== null) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    host: 'localhost',
    port,
    admin: 'admin',
    password,
    ca: fs.readFileSync(certFile, 'utf8'),
    caFile: certFile,
    query,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          fs.rmSync(dir, { recursive: true, force: true });
          resolve();
        };
        if (server.exitCode !== null) return done();
        server.once('exit', done);
        // pg_ctl signals the postmaster itself (runuser, its parent when running as root, forwards no SIGINT).
        spawnSync(...as(path.join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'fast', '-w']), { stdio: 'ignore' });
      }),
  };
}
