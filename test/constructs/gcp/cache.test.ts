/**
 * Memorystore construct, synthesized on its own in a scratch stack from the reference plan's GCP cache
 * instances (memory size, replicas, zones, port and tags all come from the plan).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { GcpCaches, type GcpCacheSpec, PORT_WITH_TLS } from '../../../constructs/gcp/cache';
import { gcpLabels } from '../../../constructs/gcp/database';
import { referencePlan as referencePlanForLimits } from '../../helpers/reference';
import type { CacheInstancePlan } from '../../../synth/model/index';
import { validateTerraformStack } from '../../helpers/tf-schema';
import { regionsOf } from '../terraform/fixture';

const NETWORK = 'projects/p/global/networks/n';
const RANGE = 'psa-range';
const KEY = 'projects/p/locations/l/keyRings/r/cryptoKeys/redis';

/** The plan's memory size of a cache node. */
const memoryOf = (c: CacheInstancePlan) => c.memoryGb;

function synthCaches(location: string, caches: readonly GcpCacheSpec[]): any {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcp-cache-test-'));
  try {
    const stack = new TerraformStack(new App({ outdir }), 'caches');
    new GoogleProvider(stack, 'google', { project: 'p', region: location });
    new GcpCaches(stack, 'caches', { location, networkId: NETWORK, reservedIpRange: RANGE, caches, kmsKeyId: KEY, dependsOn: [], limits: referencePlanForLimits().limits });
    return JSON.parse(Testing.synth(stack));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const regions = regionsOf('gcp').filter((r) => r.caches.length > 0);
const caches = regions.flatMap((r) => r.caches.map((c) => [r.id, c.name, r, c] as const));

test('GIVEN the reference plan THEN GCP regions plan caches', () => {
  expect(caches.length).toBeGreaterThan(0);
});

describe.each(caches)('Memorystore %s/%s', (_r, _c, region, cache) => {
  // GIVEN a planned cache instance and its memory size WHEN synthesized on its own
  const memorySizeGb = memoryOf(cache);
  const stack = synthCaches(region.location, [{ instance: cache, memorySizeGb }]);
  const redis = Object.values(stack.resource.google_redis_instance as Record<string, any>)[0];

  test('validates against the provider schema', () => {
    expect(validateTerraformStack(stack)).toEqual([]);
  });

  test('standard tier with automatic failover: nodes - 1 read replicas over the planned zones', () => {
    expect(redis).toEqual(
      expect.objectContaining({
        name: cache.name,
        region: region.location,
        tier: 'STANDARD_HA',
        memory_size_gb: memorySizeGb,
        replica_count: cache.nodes - 1,
        read_replicas_mode: 'READ_REPLICAS_ENABLED',
        location_id: cache.zones[0],
        alternative_location_id: cache.zones[1],
      }),
    );
  });

  test('private only (Private Service Access), TLS, AUTH, CMEK', () => {
    expect(redis).toEqual(
      expect.objectContaining({
        authorized_network: NETWORK,
        connect_mode: 'PRIVATE_SERVICE_ACCESS',
        reserved_ip_range: RANGE,
        transit_encryption_mode: 'SERVER_AUTHENTICATION',
        auth_enabled: true,
        customer_managed_key: KEY,
      }),
    );
  });

  test('labels: the plan tags and node type, formatted to GCP label rules', () => {
    expect(redis.labels).toEqual(gcpLabels({ ...cache.tags, 'node-type': cache.nodeType }));
  });
});

describe('GcpCaches refuses what Memorystore cannot do', () => {
  const [, , region, cache] = caches[0];
  test.each([
    { what: 'a single node (no replica)', spec: { instance: { ...cache, nodes: 1 }, memorySizeGb: 8 }, error: /1 to 5/ },
    { what: 'more than 5 read replicas', spec: { instance: { ...cache, nodes: 7 }, memorySizeGb: 8 }, error: /1 to 5/ },
    { what: 'a fractional size', spec: { instance: cache, memorySizeGb: 6.5 }, error: /whole number/ },
    { what: 'under 5 GB with read replicas', spec: { instance: cache, memorySizeGb: 4 }, error: /at least 5 GB/ },
    { what: 'an id over 40 characters', spec: { instance: { ...cache, name: 'c'.repeat(41) }, memorySizeGb: 8 }, error: /at most 40/ },
  ])('$what', ({ spec, error }) => {
    // GIVEN a cache Memorystore cannot run WHEN synthesized THEN an error says why
    expect(() => synthCaches(region.location, [spec])).toThrow(error);
  });

  test('reports the TLS port, which is not the plan’s', () => {
    // GIVEN a construct WHEN built THEN its endpoint names Memorystore's TLS port
    const stack = new TerraformStack(Testing.app(), 'ports');
    const built = new GcpCaches(stack, 'caches', { location: region.location, networkId: NETWORK, reservedIpRange: RANGE, caches: [{ instance: cache, memorySizeGb: 8 }], kmsKeyId: KEY, dependsOn: [], limits: referencePlanForLimits().limits });
    expect(built.endpoints.map((e) => [e.host, e.port])).toEqual([[cache.host, PORT_WITH_TLS]]);
  });
});
