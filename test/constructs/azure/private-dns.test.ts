import { referencePlan, refTo, regionsOf, regionStack, resources } from '../terraform/fixture';

const plan = referencePlan();

describe.each(regionsOf('azure').map((r) => [r.id, r] as const))('Azure private DNS of %s', (_id, region) => {
  // GIVEN the synthesized stack of an Azure region
  const stack = regionStack(region);
  const zoneName = refTo(stack, 'azurerm_private_dns_zone', (z) => z.name === region.privateZone, 'name');
  const records = resources(stack, 'azurerm_private_dns_cname_record');
  const fqdn = (r: any) => `${r.name}.${region.privateZone}`;
  const recordOf = (host: string) => records.find((r) => fqdn(r) === host);
  const server = (name: string) => refTo(stack, 'azurerm_postgresql_flexible_server', (x) => x.name === name, 'fqdn');

  test('a private zone named as the plan’s private zone, linked to the virtual network', () => {
    expect(resources(stack, 'azurerm_private_dns_zone').filter((z) => z.name === region.privateZone)).toHaveLength(1);
    expect(resources(stack, 'azurerm_private_dns_zone_virtual_network_link').filter((l) => l.private_dns_zone_name === zoneName)).toEqual([
      expect.objectContaining({ virtual_network_id: refTo(stack, 'azurerm_virtual_network', () => true, 'id'), registration_enabled: false }),
    ]);
  });

  test('record names = the plan’s database writer and reader hosts and cache hosts', () => {
    const planned = [...region.databases.flatMap((d) => [d.host, d.readerHost]), ...region.caches.map((c) => c.host)];
    expect(records.map(fqdn).sort()).toEqual(planned.sort());
    for (const r of records) expect(r).toEqual(expect.objectContaining({ zone_name: zoneName, ttl: plan.dns.ttlSeconds }));
  });

  test.each(region.databases.map((d) => [d.name, d] as const))('%s: writer name -> writer, reader name -> first read replica', (_n, d) => {
    const writer = `${plan.name}-${region.id}-${d.name}`;
    expect(recordOf(d.host).record).toBe(server(writer));
    // Azure has no endpoint spreading over several replicas: the reader name points at the first one.
    expect(recordOf(d.readerHost).record).toBe(d.readers > 0 ? server(`${writer}-1`) : server(writer));
  });

  test.each(region.caches.map((c) => [c.name, c] as const))('%s: cache name -> the cache host name', (_n, c) => {
    expect(recordOf(c.host).record).toBe(refTo(stack, 'azurerm_redis_cache', (x) => x.name === `${plan.name}-${region.id}-${c.name}`, 'hostname'));
  });
});
