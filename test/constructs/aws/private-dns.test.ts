import { referencePlan, refTo, regionStack, resources, awsRegions } from '../terraform/fixture';

const plan = referencePlan();

describe.each(awsRegions().map((r) => [r.id, r] as const))('private DNS of %s', (_id, region) => {
  const stack = regionStack(region);
  const [zone] = resources(stack, 'aws_route53_zone');
  // the private zone's records (the certificate validation records go to the public zone)
  const records = resources(stack, 'aws_route53_record').filter((r) => r.zone_id === '${aws_route53_zone.private-dns_zone.zone_id}');
  const recordFor = (name: string) => {
    const found = records.filter((r) => r.name === name);
    expect(found).toHaveLength(1);
    return found[0];
  };

  test('a private zone named by the plan, associated with the VPC', () => {
    expect(zone.name).toBe(region.privateZone);
    expect(zone.vpc).toEqual([{ vpc_id: refTo(stack, 'aws_vpc', () => true, 'id') }]);
  });

  test('db.host -> cluster endpoint, db.readerHost -> reader endpoint (CNAME, plan TTL)', () => {
    for (const db of region.databases) {
      const cluster = (attr: string) => refTo(stack, 'aws_rds_cluster', (c) => c.cluster_identifier === db.name, attr);
      expect(recordFor(db.host)).toEqual(expect.objectContaining({ type: 'CNAME', ttl: plan.dns.ttlSeconds, records: [cluster('endpoint')] }));
      expect(recordFor(db.readerHost)).toEqual(expect.objectContaining({ type: 'CNAME', ttl: plan.dns.ttlSeconds, records: [cluster('reader_endpoint')] }));
    }
  });

  test('cache.host -> primary endpoint', () => {
    for (const cache of region.caches) {
      const target = refTo(stack, 'aws_elasticache_replication_group', (g) => g.replication_group_id === cache.name, 'primary_endpoint_address');
      expect(recordFor(cache.host)).toEqual(expect.objectContaining({ type: 'CNAME', ttl: plan.dns.ttlSeconds, records: [target] }));
    }
  });

  test('nothing else in the zone', () => {
    expect(records).toHaveLength(region.databases.length * 2 + region.caches.length);
  });
});
