/**
 * Source of the one-shot Lambda function (Node.js, CommonJS, no dependencies beyond the runtime's AWS SDK) that
 * runs the planned role statements on each Aurora primary writer from inside the VPC: Terraform invokes it with
 * the writers' endpoints, the ARNs of their managed master secrets and of the logins' secrets, and the SQL. It
 * reads the secrets itself (their values never pass through Terraform), connects over TLS (verifying the server
 * against the RDS trust store, fetched over HTTPS), authenticates with SCRAM-SHA-256 (or MD5), runs the
 * statements in one transaction per writer and sets each login's password from its secret.
 *
 * The PostgreSQL client is the frontend/backend protocol v3 (startup, SASL, simple query) in a few functions.
 * The source must not contain a dollar sign followed by a brace, nor a percent sign followed by one: it is passed
 * to Terraform as a string, where those start template sequences.
 */
export const DATABASE_ROLES_HANDLER_FILE = 'index.js';
export const DATABASE_ROLES_HANDLER = 'index.handler';

export const DATABASE_ROLES_HANDLER_SOURCE = String.raw`'use strict';
const crypto = require('crypto');
const https = require('https');
const net = require('net');
const tls = require('tls');

function int32(n) { const b = Buffer.alloc(4); b.writeInt32BE(n); return b; }
function msg(type, body) { return Buffer.concat([Buffer.from(type), int32(body.length + 4), body]); }
function cstr(s) { return Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])]); }

/** Reads backend messages from a socket: await next() -> { type, body }. */
function reader(socket) {
  let buf = Buffer.alloc(0);
  const waiting = [];
  let failure = null;
  function pump() {
    while (waiting.length && buf.length >= 5) {
      const len = buf.readInt32BE(1);
      if (buf.length < len + 1) break;
      const m = { type: String.fromCharCode(buf[0]), body: buf.subarray(5, len + 1) };
      buf = buf.subarray(len + 1);
      waiting.shift().resolve(m);
    }
    if (failure) while (waiting.length) waiting.shift().reject(failure);
  }
  socket.on('data', function (d) { buf = Buffer.concat([buf, d]); pump(); });
  socket.on('error', function (e) { failure = e; pump(); });
  socket.on('close', function () { failure = failure || new Error('connection closed'); pump(); });
  return function next() { return new Promise(function (resolve, reject) { waiting.push({ resolve: resolve, reject: reject }); pump(); }); };
}

function errorText(body) {
  const fields = {};
  let i = 0;
  while (i < body.length && body[i] !== 0) {
    const code = String.fromCharCode(body[i]);
    const end = body.indexOf(0, i + 1);
    fields[code] = body.toString('utf8', i + 1, end);
    i = end + 1;
  }
  return (fields.S || 'ERROR') + ' ' + (fields.C || '') + ': ' + (fields.M || '');
}

function hmac(key, s) { return crypto.createHmac('sha256', key).update(s).digest(); }
function xor(a, b) { const o = Buffer.alloc(a.length); for (let i = 0; i < a.length; i++) o[i] = a[i] ^ b[i]; return o; }

/** TLS to the server (SSLRequest first), then startup, authentication and ReadyForQuery. */
async function connect(o) {
  const raw = net.connect({ host: o.host, port: o.port });
  await new Promise(function (resolve, reject) { raw.once('connect', resolve); raw.once('error', reject); });
  let socket = raw;
  if (o.ca) {
    raw.write(Buffer.concat([int32(8), int32(80877103)]));
    const answer = await new Promise(function (resolve, reject) { raw.once('data', resolve); raw.once('error', reject); });
    if (answer.toString('utf8', 0, 1) !== 'S') throw new Error(o.host + ': the server refused TLS');
    socket = tls.connect({ socket: raw, servername: o.host, ca: o.ca });
    await new Promise(function (resolve, reject) { socket.once('secureConnect', resolve); socket.once('error', reject); });
  }
  const next = reader(socket);
  const params = Buffer.concat([cstr('user'), cstr(o.user), cstr('database'), cstr(o.database), cstr('application_name'), cstr('platform-db-roles'), Buffer.from([0])]);
  socket.write(Buffer.concat([int32(params.length + 8), int32(196608), params]));
  let scram = null;
  for (;;) {
    const m = await next();
    if (m.type === 'E') throw new Error(o.host + ': ' + errorText(m.body));
    if (m.type === 'Z') return { socket: socket, next: next };
    if (m.type !== 'R') continue;
    const code = m.body.readInt32BE(0);
    if (code === 0) continue;
    if (code === 3) { socket.write(msg('p', cstr(o.password))); continue; }
    if (code === 5) {
      const inner = crypto.createHash('md5').update(o.password + o.user).digest('hex');
      socket.write(msg('p', cstr('md5' + crypto.createHash('md5').update(Buffer.concat([Buffer.from(inner), m.body.subarray(4, 8)])).digest('hex'))));
      continue;
    }
    if (code === 10) {
      if (m.body.toString('utf8', 4).split('\u0000').indexOf('SCRAM-SHA-256') < 0) throw new Error(o.host + ': no SCRAM-SHA-256');
      const nonce = crypto.randomBytes(18).toString('base64');
      scram = { nonce: nonce, first: 'n=*,r=' + nonce };
      const data = Buffer.from('n,,' + scram.first);
      socket.write(msg('p', Buffer.concat([cstr('SCRAM-SHA-256'), int32(data.length), data])));
      continue;
    }
    if (code === 11) {
      const server = m.body.toString('utf8', 4);
      const f = Object.fromEntries(server.split(',').map(function (kv) { return [kv[0], kv.slice(2)]; }));
      if (!f.r || f.r.indexOf(scram.nonce) !== 0) throw new Error(o.host + ': bad SCRAM nonce');
      const salted = crypto.pbkdf2Sync(o.password.normalize('NFKC'), Buffer.from(f.s, 'base64'), parseInt(f.i, 10), 32, 'sha256');
      const clientKey = hmac(salted, 'Client Key');
      const withoutProof = 'c=biws,r=' + f.r;
      const auth = scram.first + ',' + server + ',' + withoutProof;
      const proof = xor(clientKey, hmac(crypto.createHash('sha256').update(clientKey).digest(), auth));
      scram.serverSignature = hmac(hmac(salted, 'Server Key'), auth).toString('base64');
      socket.write(msg('p', Buffer.from(withoutProof + ',p=' + proof.toString('base64'))));
      continue;
    }
    if (code === 12) {
      if (m.body.toString('utf8', 4) !== 'v=' + scram.serverSignature) throw new Error(o.host + ': the server failed SCRAM verification');
      continue;
    }
    throw new Error(o.host + ': unsupported authentication ' + code);
  }
}

/** Simple query: resolves when ReadyForQuery arrives, rejects with the first error. */
async function query(c, sql) {
  c.socket.write(msg('Q', cstr(sql)));
  let error = null;
  for (;;) {
    const m = await c.next();
    if (m.type === 'E' && !error) error = new Error(errorText(m.body));
    if (m.type === 'Z') { if (error) throw error; return; }
  }
}

function quoteIdent(s) { return '"' + s.replace(/"/g, '""') + '"'; }
function quoteLiteral(s) { return "'" + s.replace(/'/g, "''") + "'"; }

function get(url) {
  return new Promise(function (resolve, reject) {
    https.get(url, { timeout: 15000 }, function (res) {
      let data = '';
      res.on('data', function (c) { data += c; });
      res.on('end', function () { res.statusCode === 200 ? resolve(data) : reject(new Error(url + ': ' + res.statusCode)); });
    }).on('error', reject).on('timeout', function () { this.destroy(new Error(url + ': timeout')); });
  });
}

/** Runs one writer's statements; retried with backoff while the writer is not reachable yet. */
async function runInstance(target, secrets, ca, deadline) {
  const master = JSON.parse(await secrets(target.masterSecretArn));
  let delay = 5000;
  for (;;) {
    let c = null;
    try {
      c = await connect({ host: target.host, port: target.port, user: master.username, password: master.password, database: target.database, ca: ca });
      const statements = target.statements.slice();
      for (const l of target.logins) {
        const login = JSON.parse(await secrets(l.secretArn));
        statements.push('ALTER ROLE ' + quoteIdent(l.user) + ' PASSWORD ' + quoteLiteral(login.password));
      }
      await query(c, 'BEGIN');
      for (const s of statements) await query(c, s);
      await query(c, 'COMMIT');
      c.socket.end(msg('X', Buffer.alloc(0)));
      return target.instance;
    } catch (e) {
      if (c) c.socket.destroy();
      const text = String(e && e.message);
      // A refused statement will not succeed by waiting; a connection may (DNS, security groups, instance start).
      if (/^(ERROR|FATAL) /.test(text) || Date.now() + delay > deadline) throw new Error(target.instance + ': ' + text);
      await new Promise(function (resolve) { setTimeout(resolve, delay); });
      delay = Math.min(delay * 2, 60000);
    }
  }
}

/** event: { caBundleUrl, deadlineSeconds, instances: [{ instance, host, port, database, masterSecretArn, statements, logins: [{ user, secretArn }] }] } */
exports.handler = async function (event) {
  const deadline = Date.now() + event.deadlineSeconds * 1000;
  const sm = require('@aws-sdk/client-secrets-manager');
  const client = new sm.SecretsManagerClient({});
  const secrets = async function (arn) { return (await client.send(new sm.GetSecretValueCommand({ SecretId: arn }))).SecretString; };
  const ca = await get(event.caBundleUrl);
  const done = [];
  for (const target of event.instances) done.push(await runInstance(target, secrets, ca, deadline));
  return { instances: done };
};
exports.connect = connect;
exports.query = query;
`;
