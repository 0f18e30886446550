import { PRIVATE_DNS_ZONE, redisSku, SUBRESOURCE } from '../../../constructs/azure/cache';
import { referencePlan, refTo, regionsOf, regionStack, resources } from '../terraform/fixture';

const plan = referencePlan();
const regions = regionsOf('azure').filter((r) => r.caches.length > 0);
const caches = regions.flatMap((r) => r.caches.map((c) => [r.id, c.name, r, c] as const));
const nameOf = (regionId: string, cache: string) => `${plan.name}-${regionId}-${cache}`;

test('GIVEN the reference plan THEN Azure regions plan caches', () => {
  expect(caches.length).toBeGreaterThan(0);
});

describe.each(caches)('Azure Cache for Redis %s/%s', (_r, _c, region, cache) => {
  // GIVEN a planned cache instance of an Azure region
  const stack = regionStack(region);
  const redis = resources(stack, 'azurerm_redis_cache').find((r) => r.name === nameOf(region.id, cache.name));
  const redisId = refTo(stack, 'azurerm_redis_cache', (r) => r.name === nameOf(region.id, cache.name), 'id');
  const endpoint = resources(stack, 'azurerm_private_endpoint').find((e) => e.private_service_connection.private_connection_resource_id === redisId);

  test('Premium sku, family and capacity read off the plan’s type', () => {
    const sku = redisSku(cache.nodeType);
    expect(`${sku.skuName}_${sku.family}${sku.capacity}`).toBe(cache.nodeType);
    expect(redis).toEqual(expect.objectContaining({ sku_name: 'Premium', family: sku.family, capacity: sku.capacity }));
  });

  test('over the planned zones with nodes - 1 replicas per primary', () => {
    expect(redis).toEqual(expect.objectContaining({ zones: cache.zones, replicas_per_primary: cache.nodes - 1, location: region.location }));
  });

  test('TLS 1.2 only, Entra ID only (no access keys), no public access', () => {
    expect(redis).toEqual(
      expect.objectContaining({
        minimum_tls_version: '1.2',
        non_ssl_port_enabled: false,
        public_network_access_enabled: false,
        access_keys_authentication_enabled: false,
        redis_configuration: expect.objectContaining({ active_directory_authentication_enabled: true }),
      }),
    );
  });

  test('a private endpoint in a data subnet that is not delegated, registered in the privatelink zone', () => {
    const dataSubnets = region.subnets.filter((s) => s.kind === 'data');
    const subnetName = resources(stack, 'azurerm_subnet').find((s) => refTo(stack, 'azurerm_subnet', (x) => x === s, 'id') === endpoint.subnet_id).name;
    // THEN the endpoint's subnet is a planned data subnet without delegation
    expect(dataSubnets.map((s) => s.name)).toContain(subnetName);
    expect(resources(stack, 'azurerm_subnet').find((s) => s.name === subnetName).delegation).toBeUndefined();
    // AND it connects to the cache and registers in privatelink.redis.cache.windows.net, linked to the network
    expect(endpoint.private_service_connection).toEqual(expect.objectContaining({ subresource_names: [SUBRESOURCE], is_manual_connection: false }));
    expect(endpoint.private_dns_zone_group.private_dns_zone_ids).toEqual([refTo(stack, 'azurerm_private_dns_zone', (z) => z.name === PRIVATE_DNS_ZONE, 'id')]);
    const zoneName = refTo(stack, 'azurerm_private_dns_zone', (z) => z.name === PRIVATE_DNS_ZONE, 'name');
    expect(resources(stack, 'azurerm_private_dns_zone_virtual_network_link').filter((l) => l.private_dns_zone_name === zoneName)).toEqual([
      expect.objectContaining({ virtual_network_id: refTo(stack, 'azurerm_virtual_network', () => true, 'id') }),
    ]);
  });

  test('tags: the plan tags and node type', () => {
    expect(redis.tags).toEqual(expect.objectContaining({ ...cache.tags, 'node-type': cache.nodeType }));
  });
});

describe('redisSku', () => {
  test.each([
    { nodeType: 'Premium_P1', sku: { skuName: 'Premium', family: 'P', capacity: 1 } },
    { nodeType: 'Premium_P5', sku: { skuName: 'Premium', family: 'P', capacity: 5 } },
  ])('$nodeType', ({ nodeType, sku }) => {
    // GIVEN a catalog type WHEN read THEN sku, family and capacity by formatting only
    expect(redisSku(nodeType)).toEqual(sku);
  });

  test.each(['Standard_C1', 'Basic_C0', 'cache.r6g.large'])('%s is refused (not Premium)', (nodeType) => {
    expect(() => redisSku(nodeType)).toThrow(/not a Premium type/);
  });
});
