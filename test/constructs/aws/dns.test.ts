import { referencePlan, refTo, resources, stackOf } from '../terraform/fixture';

const plan = referencePlan();
const stack = stackOf('global');
const state = (region: string, output: string) => `\${data.terraform_remote_state.state-region-${region}.outputs.${output}}`;
const locationOf = (region: string) => plan.regions.find((r) => r.id === region)!.location;
const primaries = plan.traffic.records.filter((r) => r.routing === 'failover' && r.failoverRole === 'PRIMARY');

describe('public DNS (global stack)', () => {
  test('one public hosted zone named by the plan', () => {
    const zones = resources(stack, 'aws_route53_zone');
    expect(zones).toHaveLength(1);
    expect(zones[0].name).toBe(plan.dns.zone);
    expect(zones[0].vpc).toBeUndefined();
  });

  test('reads each AWS region stack from its remote state in the plan backend', () => {
    const global = plan.stacks.find((s) => s.kind === 'global')!;
    for (const dep of global.dependsOn.filter((d) => d.startsWith('region-'))) {
      expect(stack.data.terraform_remote_state[`state-${dep}`]).toEqual({
        backend: 's3',
        config: { bucket: plan.backend.bucket, key: `${plan.backend.keyPrefix}/${dep}/terraform.tfstate`, region: plan.backend.region },
      });
    }
  });

  test('a health check per (public service, AWS primary region) with the plan interval and threshold', () => {
    const checks = resources(stack, 'aws_route53_health_check');
    expect(checks).toHaveLength(primaries.length);
    for (const rec of primaries) {
      const check = checks.find((c) => c.tags.service === rec.service && c.tags.region === rec.region);
      const tg = plan.regions.find((r) => r.id === rec.region)!.loadBalancer!.targetGroups.find((t) => t.service === rec.service)!;
      expect(check).toEqual(
        expect.objectContaining({
          fqdn: state(rec.region, 'nlb_dns_name'),
          request_interval: plan.traffic.healthCheck.intervalSeconds,
          failure_threshold: plan.traffic.healthCheck.failureThreshold,
          port: tg.healthCheck.port,
          type: tg.healthCheck.protocol,
        }),
      );
    }
  });
});

describe.each(plan.traffic.records.map((r) => [r.name, r.routing, r.region, r] as const))('record %s (%s, %s)', (_n, _k, _r, rec) => {
  const records = resources(stack, 'aws_route53_record').filter((r) => r.name === rec.name);
  const mine =
    rec.routing === 'latency'
      ? records.filter((r) => r.latency_routing_policy?.region === locationOf(rec.region))
      : records.filter((r) => r.failover_routing_policy?.type === rec.failoverRole);

  test('exists once, CNAME, with the plan TTL and a set identifier', () => {
    expect(mine).toHaveLength(1);
    expect(mine[0]).toEqual(expect.objectContaining({ type: 'CNAME', ttl: rec.ttlSeconds, zone_id: refTo(stack, 'aws_route53_zone', () => true, 'zone_id') }));
    expect(mine[0].set_identifier).toContain(rec.region);
  });

  test('points where the routing says', () => {
    const [r] = mine;
    if (rec.routing === 'latency') {
      // latency: to the region's failover name
      const target = primaries.find((p) => p.service === rec.service && p.region === rec.region)!;
      expect(r.records).toEqual([target.name]);
    } else if (rec.failoverRole === 'PRIMARY') {
      // primary: the region's NLB, guarded by its health check
      expect(r.records).toEqual([state(rec.region, 'nlb_dns_name')]);
      const check = refTo(stack, 'aws_route53_health_check', (c) => c.tags.service === rec.service && c.tags.region === rec.region, 'id');
      expect(r.health_check_id).toBe(check);
    } else {
      // secondary: the failover cluster's external-dns name
      expect(r.records).toEqual([rec.target]);
      expect(r.records[0]).toBe(`${rec.service}.${rec.region}.lb.${plan.dns.zone}`);
    }
  });
});
