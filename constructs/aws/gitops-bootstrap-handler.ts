/**
 * Source of the one-shot Lambda function (Node.js, CommonJS, no dependencies) that applies the GitOps
 * bootstrap objects to a private EKS API endpoint from inside the VPC: Terraform invokes it with the
 * endpoint, its CA and the objects, so nobody needs network access to the endpoint.
 *
 * It authenticates like `aws eks get-token`: a SigV4-presigned STS GetCallerIdentity URL bound to the
 * cluster name (`x-k8s-aws-id`), from the function role's credentials. Its only AWS API call: for a private
 * repository it reads the token from Secrets Manager (the runtime's SDK) and applies Argo CD's repository Secret
 * first, so the token never passes through Terraform. Each object
 * is server-side applied (PATCH, `application/apply-patch+yaml`, field manager `platform-bootstrap`),
 * retried with exponential backoff while the namespace, the CRD or the access entry is not there yet.
 *
 * The source must not contain `${` or `%{`: it is passed to Terraform as a string, where those start
 * template sequences.
 */
export const BOOTSTRAP_HANDLER_FILE = 'index.js';
export const BOOTSTRAP_HANDLER = 'index.handler';

export const BOOTSTRAP_HANDLER_SOURCE = String.raw`'use strict';
const crypto = require('crypto');
const https = require('https');

function sha256hex(s) { return crypto.createHash('sha256').update(s, 'utf8').digest('hex'); }
function hmac(key, s) { return crypto.createHmac('sha256', key).update(s, 'utf8').digest(); }
function rfc3986(s) {
  return encodeURIComponent(s).replace(/[!'()*]/g, function (c) { return '%' + c.charCodeAt(0).toString(16).toUpperCase(); });
}

/** Bearer token of the EKS authenticator: a presigned STS GetCallerIdentity URL bound to the cluster. */
function eksToken(clusterName, region, creds, now) {
  const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const host = 'sts.' + region + '.amazonaws.com';
  const scope = day + '/' + region + '/sts/aws4_request';
  const params = {
    'Action': 'GetCallerIdentity',
    'Version': '2011-06-15',
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': creds.accessKeyId + '/' + scope,
    'X-Amz-Date': amzDate,
    'X-Amz-Expires': '60',
    'X-Amz-SignedHeaders': 'host;x-k8s-aws-id',
  };
  if (creds.sessionToken) params['X-Amz-Security-Token'] = creds.sessionToken;
  const query = Object.keys(params).sort().map(function (k) { return rfc3986(k) + '=' + rfc3986(params[k]); }).join('&');
  const canonical = ['GET', '/', query, 'host:' + host, 'x-k8s-aws-id:' + clusterName, '', 'host;x-k8s-aws-id', sha256hex('')].join('\n');
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256hex(canonical)].join('\n');
  let key = hmac('AWS4' + creds.secretAccessKey, day);
  key = hmac(key, region);
  key = hmac(key, 'sts');
  key = hmac(key, 'aws4_request');
  const signature = crypto.createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
  const url = 'https://' + host + '/?' + query + '&X-Amz-Signature=' + signature;
  return 'k8s-aws-v1.' + Buffer.from(url).toString('base64url');
}

function apply(server, ca, token, path, body) {
  return new Promise(function (resolve, reject) {
    const req = https.request(new URL(path, server), {
      method: 'PATCH',
      ca: ca,
      timeout: 15000,
      headers: { 'Authorization': 'Bearer ' + token, 'Content-Type': 'application/apply-patch+yaml', 'Accept': 'application/json' },
    }, function (res) {
      let data = '';
      res.on('data', function (c) { data += c; });
      res.on('end', function () { resolve({ status: res.statusCode, body: data }); });
    });
    req.on('timeout', function () { req.destroy(new Error('timeout')); });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** The repository Secret of a private repository, its token read from Secrets Manager ({ "password": ... }). */
async function repositoryObject(r) {
  const sm = require('@aws-sdk/client-secrets-manager');
  const out = await new sm.SecretsManagerClient({}).send(new sm.GetSecretValueCommand({ SecretId: r.secretId }));
  const token = JSON.parse(out.SecretString).password;
  if (!token) throw new Error('secret ' + r.secretId + ' has no password');
  return { path: r.path, body: { apiVersion: 'v1', kind: 'Secret', metadata: r.metadata, type: 'Opaque', stringData: { type: 'git', url: r.url, username: r.username, password: token } } };
}

/** event: { clusterName, region, server, certificateAuthority (base64 PEM), deadlineSeconds, repository?, objects: [{ path, body }] } */
exports.handler = async function (event) {
  const deadline = Date.now() + event.deadlineSeconds * 1000;
  const creds = { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY, sessionToken: process.env.AWS_SESSION_TOKEN };
  const ca = Buffer.from(event.certificateAuthority, 'base64');
  const applied = [];
  const objects = event.repository ? [await repositoryObject(event.repository)].concat(event.objects) : event.objects;
  for (const o of objects) {
    let delay = 5000;
    let last = '';
    for (;;) {
      let rejected = false;
      try {
        const r = await apply(event.server, ca, eksToken(event.clusterName, event.region, creds, new Date()), o.path, o.body);
        if (r.status >= 200 && r.status < 300) { applied.push(o.path); break; }
        last = r.status + ' ' + r.body.slice(0, 500);
        // 401/403: the access entry is propagating; 404: namespace or CRD not there yet; 5xx: retry.
        rejected = r.status === 400 || r.status === 409 || r.status === 422;
      } catch (e) {
        last = String(e && e.message);
      }
      if (rejected) throw new Error('rejected ' + o.path + ': ' + last);
      if (Date.now() + delay > deadline) throw new Error('gave up on ' + o.path + ': ' + last);
      await new Promise(function (resolve) { setTimeout(resolve, delay); });
      delay = Math.min(delay * 2, 60000);
    }
  }
  return { applied: applied };
};
exports.eksToken = eksToken;
`;
