import { referencePlan, refTo, regionsOf, regionStack, resources } from '../terraform/fixture';

const plan = referencePlan();

describe.each(regionsOf('gcp').map((r) => [r.id, r] as const))('GCP private DNS of %s', (_id, region) => {
  // GIVEN the synthesized stack of a GCP region
  const stack = regionStack(region);
  const network = refTo(stack, 'google_compute_network', () => true, 'id');
  const zone = refTo(stack, 'google_dns_managed_zone', () => true, 'name');
  const records = resources(stack, 'google_dns_record_set');
  const recordOf = (host: string) => records.find((r) => r.name === `${host}.`);
  const sqlIp = (name: string) => refTo(stack, 'google_sql_database_instance', (x) => x.name === name, 'private_ip_address');

  test('a private zone named as the plan’s private zone, visible to the region network only', () => {
    expect(resources(stack, 'google_dns_managed_zone')).toEqual([
      expect.objectContaining({ dns_name: `${region.privateZone}.`, visibility: 'private', private_visibility_config: { networks: [{ network_url: network }] } }),
    ]);
  });

  test('record names = the plan’s database writer and reader hosts and cache hosts', () => {
    // THEN exactly the planned names, in the zone, with the plan's TTL
    expect(records.map((r) => r.name).sort()).toEqual([...region.databases.flatMap((d) => [`${d.host}.`, `${d.readerHost}.`]), ...region.caches.map((c) => `${c.host}.`)].sort());
    for (const r of records) expect(r).toEqual(expect.objectContaining({ managed_zone: zone, type: 'A', ttl: plan.dns.ttlSeconds }));
  });

  test.each(region.databases.map((d) => [d.name, d] as const))('%s: writer name -> writer IP, reader name -> every read replica IP', (_n, d) => {
    const writer = `${plan.name}-${region.id}-${d.name}`;
    expect(recordOf(d.host).rrdatas).toEqual([sqlIp(writer)]);
    const replicas = Array.from({ length: d.readers }, (_, i) => sqlIp(`${writer}-${i + 1}`));
    expect(recordOf(d.readerHost).rrdatas).toEqual(d.readers > 0 ? replicas : [sqlIp(writer)]);
  });

  test('every planned cache is a Memorystore instance of the planned size, its name pointing at the instance host', () => {
    // GIVEN caches planned in the region THEN one Memorystore instance each, and its stable name
    const redis = resources(stack, 'google_redis_instance');
    expect(redis.map((r) => r.name).sort()).toEqual(region.caches.map((c) => c.name).sort());
    for (const c of region.caches) {
      expect(redis.find((r) => r.name === c.name)!.memory_size_gb).toBe(c.memoryGb);
      expect(recordOf(c.host)!.rrdatas).toEqual([`\${google_redis_instance.caches_redis-${c.name}.host}`]);
    }
  });
});
