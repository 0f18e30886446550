/**
 * Cloud and Kubernetes limits at validate time (issue 9): each mutation of the reference spec below used to
 * pass `validate` and crash `synth` with an internal error (or reach Terraform broken). Now each yields a
 * located error with a stable code at the spec path to fix; the boundary value itself still validates.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { parseDocument, type Document } from 'yaml';
import { compile } from '../../../synth/compile';
import { INTERVAL_LIMITS, LIMITS, NAME_RULES } from '../../../synth/catalog/limits';
import { formatDiagnostic } from '../../../synth/util/errors';

const REFERENCE = readFileSync(path.join(__dirname, '..', '..', '..', 'platform.spec.yaml'), 'utf8');

type Mutation = (d: Document) => void;
const rename = (section: string, from: string, to: string): Mutation => (d) => {
  const v = d.getIn([section, from]);
  d.deleteIn([section, from]);
  d.setIn([section, to], v);
};
const all = (...ms: Mutation[]): Mutation => (d) => ms.forEach((m) => m(d));

function mutate(m: Mutation): string {
  const d = parseDocument(REFERENCE);
  m(d);
  return d.toString();
}

function validate(m: Mutation) {
  return compile('spec.yaml', mutate(m), 'validate');
}

// [name, mutation, code, path]
const CASES: readonly (readonly [string, Mutation, string, string])[] = [
  [`Azure PostgreSQL: ${LIMITS.azurePostgresReadReplicas.max + 1} read replicas`, (d) => d.setIn(['databases', 'users', 'readReplicas'], LIMITS.azurePostgresReadReplicas.max + 1), 'limit-database-replicas', 'databases.users.readReplicas'],
  ['Azure PostgreSQL: daily retention 3d (< 7 days)', (d) => d.setIn(['backups', 'retention', 'daily'], '3d'), 'limit-backup-retention', 'backups.retention.daily'],
  ['Azure PostgreSQL: server name not lower-case (name: Exchange)', (d) => d.setIn(['name'], 'Exchange'), 'bad-format', 'name'],
  ['Azure PostgreSQL: server name over 63 characters', (d) => d.setIn(['name'], 'a'.repeat(36)), 'name-limit', 'databases.trading'],
  [`Azure Redis Premium: ${LIMITS.azureRedisReplicasPerPrimary.max + 1} replicas`, (d) => d.setIn(['caches', 'sessions', 'replicas'], LIMITS.azureRedisReplicasPerPrimary.max + 1), 'limit-cache-replicas', 'caches.sessions.replicas'],
  ['Azure Redis / Memorystore: 0 replicas', (d) => d.setIn(['caches', 'sessions', 'replicas'], 0), 'limit-cache-replicas', 'caches.sessions.replicas'],
  ['Route 53 / Global Accelerator: health-check interval 15s', all((d) => d.setIn(['availability', 'healthChecks', 'interval'], '15s'), (d) => d.setIn(['availability', 'healthChecks', 'removeAfter'], '45s')), 'limit-health-check-interval', 'availability.healthChecks.interval'],
  ['NLB: removeAfter = one interval (unhealthy threshold 1 < 2)', (d) => d.setIn(['availability', 'healthChecks', 'removeAfter'], '10s'), 'limit-health-check-interval', 'availability.healthChecks.removeAfter'],
  ['GKE service account: region id of 1 character', rename('regions', 'us-central-gcp', 'g'), 'name-limit', 'regions.g'],
  ['GKE service account: region id of 28 characters', rename('regions', 'us-central-gcp', 'g'.repeat(28)), 'name-limit', `regions.${'g'.repeat(28)}`],
  ['primary region on GCP', all((d) => d.setIn(['regions', 'us-east', 'cloud'], 'gcp'), (d) => d.setIn(['regions', 'us-east', 'location'], 'us-east1')), 'primary-not-aws', 'regions.us-east.cloud'],
  ['primary region on Azure', all((d) => d.setIn(['regions', 'eu-central', 'cloud'], 'azure'), (d) => d.setIn(['regions', 'eu-central', 'location'], 'northeurope')), 'primary-not-aws', 'regions.eu-central.cloud'],
  ['no public service at all', all((d) => d.setIn(['services', 'market-data', 'public'], false), (d) => d.setIn(['services', 'api-gateway', 'public'], false), (d) => d.setIn(['edge', 'cdn', 'cacheApis'], [])), 'no-public-service', 'services'],
  ['service id equal to a fixed output file (03-dashboards)', rename('services', 'reporting', '03-dashboards'), 'reserved-id', 'services.03-dashboards'],
  ['region id equal to an output folder (argocd)', all(rename('regions', 'us-central-gcp', 'argocd')), 'reserved-id', 'regions.argocd'],
  ['RDS identifier: database id with two hyphens in a row', all(rename('databases', 'history', 'hist--ory'), (d) => d.setIn(['services', 'reporting', 'uses'], ['hist--ory'])), 'name-limit', 'databases.hist--ory'],
  ['ElastiCache / Memorystore id starting with a digit', all(rename('caches', 'sessions', '9sessions'), (d) => d.setIn(['services', 'api-gateway', 'uses'], ['matching-engine', 'accounts', '9sessions']), (d) => d.setIn(['services', 'accounts', 'uses'], ['users', '9sessions'])), 'name-limit', 'caches.9sessions'],
  ['Kubernetes label value: environment with a space', (d) => d.setIn(['environment'], 'prod env'), 'bad-format', 'environment'],
  ['a service running where its database is not held', (d) => d.setIn(['databases', 'users', 'regions'], ['eu-central']), 'uses-database-elsewhere', 'services.accounts.uses[0]'],
  ['load balancer name over 32 characters', (d) => d.setIn(['name'], 'n'.repeat(25)), 'name-limit', 'regions.ap-southeast'],
];

describe('cloud limits at validate time', () => {
  test('GIVEN a primary running a restore tier whose id makes its restore site\'s IAM role longer than 64 characters WHEN validated THEN name-limit names that role at the region', () => {
    // the longest role named after the site's cluster: exchange-restore-<29>-cluster-autoscaler = 65 characters
    const rid = 'a'.repeat(29);
    const result = validate(all(rename('regions', 'ap-southeast', rid), (d) => d.setIn(['regions', 'ap-southeast-gcp', 'failoverFor'], rid)));
    const hits = result.diagnostics.filter((d) => d.code === 'name-limit' && d.path === `regions.${rid}` && d.message.includes('restore site'));
    expect(hits.map((d) => formatDiagnostic(d))).toEqual([expect.stringContaining(`exchange-restore-${rid}-cluster-autoscaler`)]);
    const hit = hits[0];
    expect(hit!.line).toBeGreaterThan(1);
    // one character less fits the role (the region's own load balancer name is a separate limit)
    const ok = validate(all(rename('regions', 'ap-southeast', rid.slice(1)), (d) => d.setIn(['regions', 'ap-southeast-gcp', 'failoverFor'], rid.slice(1))));
    expect(ok.diagnostics.some((d) => d.code === 'name-limit' && d.message.includes('restore site'))).toBe(false);
  });

  test('GIVEN a public restore-tier service whose restore-site name is one character too long for DNS, though its region\'s names fit, WHEN validated THEN public-host-outside-zone names that host', () => {
    // notely: `web` (public, tier gold restores) in region `oregon`; its site answers `web.restore-oregon.<zone>`
    const NOTELY = readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'companies', 'notely.spec.yaml'), 'utf8');
    const withZone = (zone: string) => { const d = parseDocument(NOTELY); d.setIn(['dns', 'zone'], zone); return d.toString(); };
    const site = (zone: string) => `web.restore-oregon.${zone}`;
    const probe = (zone: string) => `web.oregon.probe.${zone}`;
    // a zone of 235 characters in labels of at most 63: the site's host is 254, the probe name 252
    const tooLong = [60, 60, 60, 52].map((n) => 'z'.repeat(n)).join('.');
    expect(site(tooLong).length).toBe(254);
    expect(probe(tooLong).length).toBeLessThanOrEqual(253);
    const hit = compile('notely.spec.yaml', withZone(tooLong), 'validate').diagnostics.filter((d) => d.code === 'public-host-outside-zone');
    expect(hit.map((d) => [d.path, d.message.includes(site(tooLong))])).toEqual([['services.web', true]]);
    // one character shorter fits
    const fits = tooLong.slice(1);
    expect(site(fits).length).toBe(253);
    expect(compile('notely.spec.yaml', withZone(fits), 'validate').diagnostics.filter((d) => d.code === 'public-host-outside-zone')).toEqual([]);
  });

  test.each(CASES.map(([name, m, code, at]) => [name, m, code, at] as const))('GIVEN %s WHEN validated THEN a located error', (_name, m, code, at) => {
    // WHEN
    const result = validate(m);
    // THEN
    const hit = result.diagnostics.find((d) => d.code === code && d.path === at);
    expect({ hit: hit && formatDiagnostic(hit), all: result.diagnostics.map((d) => formatDiagnostic(d)) }).toEqual(expect.objectContaining({ hit: expect.any(String) }));
    expect(result.ok).toBe(false);
    expect(hit!.severity).toBe('error');
    expect(hit!.line).toBeGreaterThan(1);
    expect(hit!.expected).toBeTruthy();
  });

  test.each([
    ['Azure PostgreSQL read replicas', (d: Document) => d.setIn(['databases', 'users', 'readReplicas'], LIMITS.azurePostgresReadReplicas.max)],
    ['daily retention at the Azure minimum', (d: Document) => d.setIn(['backups', 'retention', 'daily'], `${LIMITS.azurePostgresBackupRetentionDays.min}d`)],
    ['Azure Redis replicas at the maximum', (d: Document) => d.setIn(['caches', 'sessions', 'replicas'], LIMITS.azureRedisReplicasPerPrimary.max)],
    ['health-check interval 30s', all((d) => d.setIn(['availability', 'healthChecks', 'interval'], `${INTERVAL_LIMITS.route53HealthCheckIntervalSeconds.allowed[1]}s`), (d) => d.setIn(['availability', 'healthChecks', 'removeAfter'], '90s'))],
    ['GKE region id at the longest service account id', rename('regions', 'us-central-gcp', 'g'.repeat(NAME_RULES.gcpServiceAccountId.maxLength - 'gke-'.length))],
  ] as const)('GIVEN %s exactly at the limit WHEN validated THEN no limit error', (_name, m) => {
    const result = validate(m as Mutation);
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d))).toEqual([]);
  });

  test('every limit and naming rule of the catalog names its source', () => {
    for (const l of [...Object.values(LIMITS), ...Object.values(INTERVAL_LIMITS), ...Object.values(NAME_RULES)]) {
      expect(l.source.length).toBeGreaterThan(5);
      expect(l.what.length).toBeGreaterThan(5);
    }
  });
});

describe('numbers finite and bounded, huge inputs refused early', () => {
  test.each([
    ['rps .inf', (d: Document) => d.setIn(['services', 'reporting', 'load', 'rps'], Infinity), 'non-finite-number', 'services.reporting.load.rps'],
    ['rps .nan', (d: Document) => d.setIn(['services', 'reporting', 'load', 'rps'], NaN), 'non-finite-number', 'services.reporting.load.rps'],
    ['ordersPerSecond 1e308', (d: Document) => d.setIn(['capacity', 'ordersPerSecond'], 1e308), 'out-of-range', 'capacity.ordersPerSecond'],
    ['shards 65535', (d: Document) => d.setIn(['databases', 'trading', 'shards'], 65535), 'out-of-range', 'databases.trading.shards'],
    ['perInstance tiny (replicas beyond one cluster)', (d: Document) => d.setIn(['services', 'reporting', 'load', 'perInstance'], 0.0001), 'limit-replicas', 'services.reporting.load'],
    ['slo 150%', (d: Document) => d.setIn(['availability', 'slo'], '150%'), 'bad-format', 'availability.slo'],
    ['slo 100%', (d: Document) => d.setIn(['availability', 'slo'], '100%'), 'percent-range', 'availability.slo'],
    ['instanceAvailability 100%', (d: Document) => d.setIn(['availability', 'instanceAvailability'], '100%'), 'percent-range', 'availability.instanceAvailability'],
    ['cpu trigger 0%', (d: Document) => d.setIn(['scaling', 'triggers', 'cpu'], '0%'), 'percent-range', 'scaling.triggers.cpu'],
    ['a 400-digit duration', (d: Document) => d.setIn(['dns', 'ttl'], `${'9'.repeat(400)}s`), 'bad-format', 'dns.ttl'],
    ['zones: 1', (d: Document) => d.setIn(['availability', 'zones'], 1), 'out-of-range', 'availability.zones'],
  ] as const)('GIVEN %s WHEN validated THEN a located error', (_name, m, code, at) => {
    const result = validate(m as Mutation);
    const hit = result.diagnostics.find((d) => d.code === code && d.path === at);
    expect({ hit: hit && formatDiagnostic(hit), all: result.diagnostics.map((d) => formatDiagnostic(d)) }).toEqual(expect.objectContaining({ hit: expect.any(String) }));
    expect(hit!.line).toBeGreaterThan(1);
  });

  test('GIVEN zones: 1 WHEN validated THEN the one error is at availability.zones (no cascade of proofs)', () => {
    const errors = validate((d) => d.setIn(['availability', 'zones'], 1)).diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.code}@${d.path}`)).toEqual(['out-of-range@availability.zones']);
  });

  test('GIVEN 20,000 unknown top-level keys WHEN validated THEN it is refused before parsing, with one error', () => {
    const text = REFERENCE + Array.from({ length: 20000 }, (_, i) => `k${i}: 1`).join('\n') + '\n';
    const result = compile('spec.yaml', text, 'validate');
    expect(result.diagnostics.map((d) => d.code)).toEqual(['file-too-large']);
  });

  test('GIVEN 3,000 unknown keys (under the line cap) WHEN validated THEN 100 are shown and the rest counted', () => {
    const text = REFERENCE + Array.from({ length: 3000 }, (_, i) => `k${i}: 1`).join('\n') + '\n';
    const result = compile('spec.yaml', text, 'validate');
    expect(result.diagnostics.filter((d) => d.code === 'unknown-key')).toHaveLength(100);
    expect(result.diagnostics.find((d) => d.code === 'too-many-errors')?.message).toMatch(/^2900 more problem/);
  });

  test('GIVEN a nested duplicate key WHEN loaded THEN the error names the key and its path', () => {
    const text = REFERENCE.replace('  ttl: 30s', '  ttl: 30s\n  ttl: 60s');
    const [d] = compile('spec.yaml', text, 'validate').diagnostics;
    expect(d).toEqual(expect.objectContaining({ code: 'duplicate-key', path: 'dns.ttl', found: 'ttl' }));
    expect(d.message).toContain('`ttl`');
  });
});

describe('no spec text reaches Terraform as an interpolation', () => {
  test.each([
    ['healthPath', ['services', 'reporting', 'healthPath'], '/${path.root}'],
    ['terraform.backend.keyPrefix', ['terraform', 'backend', 'keyPrefix'], 'a/${var.x}'],
    ['terraform.backend.region', ['terraform', 'backend', 'region'], '${var.region}'],
    ['name', ['name'], 'x${a}'],
    ['gitops.revision', ['gitops', 'revision'], '%{ if true }main%{ endif }'],
    ['gitops.repoURL', ['gitops', 'repoURL'], 'https://git.example.com/${x}.git'],
    ['an image', ['services', 'reporting', 'image'], 'registry.example.com/${x}:1'],
    ['an alert route', ['observability', 'alerts', 'critical', 'route'], 'pager-${x}'],
    ['a shard key', ['databases', 'trading', 'shardBy'], '${symbol}'],
  ] as const)('GIVEN `${` or `%%{` in %s WHEN validated THEN terraform-interpolation at that path', (_name, at, value) => {
    const result = validate((d) => d.setIn([...at], value));
    const hit = result.diagnostics.find((d) => d.code === 'terraform-interpolation' && d.path === at.join('.'));
    expect({ hit: hit && formatDiagnostic(hit), all: result.diagnostics.map((d) => formatDiagnostic(d)) }).toEqual(expect.objectContaining({ hit: expect.any(String) }));
    expect(result.ok).toBe(false);
  });

  test('GIVEN `${` in a key WHEN validated THEN the key is refused', () => {
    const result = validate((d) => d.setIn(['services', 'reporting', 'x${y}'], 1));
    expect(result.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['terraform-interpolation', 'unknown-key']));
  });
});

describe('an AWS primary that runs internal services only (no-public-service)', () => {
  // GIVEN the reference with both public services kept out of ap-southeast (it still runs the internal ones)
  const internalOnly = all((d) => d.setIn(['services', 'market-data', 'regions'], ['us-east', 'eu-central']), (d) => d.setIn(['services', 'api-gateway', 'regions'], ['us-east', 'eu-central']));
  let result: ReturnType<typeof compile>;
  beforeAll(async () => {
    const { createSvgRenderer } = await import('../../../synth/output/diagram');
    // WHEN compiled in full
    result = compile('spec.yaml', mutate(internalOnly), { until: 'emit', svg: await createSvgRenderer() });
  });

  test('THEN it validates and emits without errors', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d))).toEqual([]);
    expect(result.files).toBeDefined();
  });

  test('THEN ap-southeast runs its internal services but has no load balancer, accelerator endpoint group or public record', () => {
    const plan = result.plan!;
    const region = plan.regions.find((r) => r.id === 'ap-southeast')!;
    expect(region.workloads.map((w) => w.service)).toEqual(expect.arrayContaining(['matching-engine', 'accounts']));
    expect(region.workloads.filter((w) => w.public)).toEqual([]);
    expect(region.loadBalancer).toBeUndefined();
    const stack = JSON.parse(result.files!.get('terraform/region-ap-southeast/cdk.tf.json')!);
    expect(stack.resource.aws_lb).toBeUndefined();
    const global = JSON.parse(result.files!.get('terraform/global/cdk.tf.json')!);
    const groups = Object.values(global.resource.aws_globalaccelerator_endpoint_group) as { endpoint_group_region: string }[];
    expect(groups.map((g) => g.endpoint_group_region)).not.toContain(region.location);
    expect(groups.length).toBeGreaterThan(0);
    const names = (Object.values(global.resource.aws_route53_record) as { name: string; set_identifier?: string }[]).map((r) => `${r.name} ${r.set_identifier ?? ''}`);
    expect(names.filter((n) => n.includes('ap-southeast') && !n.includes('ap-southeast-gcp'))).toEqual([]);
  });

  test('THEN the policy check of the output has no finding', async () => {
    const { checkOutput } = await import('../../../synth/check/index');
    expect(checkOutput(result.files!).findings).toEqual([]);
  });
});
