import { referencePlan, resources, stackOf } from '../terraform/fixture';

const plan = referencePlan();
const stack = stackOf('global');
const bootstrap = stackOf(plan.bootstrap.stack);
const state = (stackName: string, output: string) => `\${data.terraform_remote_state.state-${stackName}.outputs.${output}}`;
const regionOf = (id: string) => plan.regions.find((r) => r.id === id)!;
const primaries = plan.traffic.records.filter((r) => r.routing === 'failover' && r.failoverRole === 'PRIMARY');
const zoneId = state(plan.bootstrap.stack, 'zone_id');

describe('public DNS (global stack)', () => {
  test('the public hosted zone lives in the bootstrap stack (wave 0), the global stack writes into it through remote state', () => {
    expect(resources(stack, 'aws_route53_zone')).toHaveLength(0);
    const zones = resources(bootstrap, 'aws_route53_zone');
    expect(zones).toHaveLength(1);
    expect(zones[0]).toEqual(expect.objectContaining({ name: plan.dns.zone, lifecycle: { prevent_destroy: true } }));
    expect(zones[0].vpc).toBeUndefined();
    for (const r of resources(stack, 'aws_route53_record')) expect(r.zone_id).toBe(zoneId);
  });

  test('reads the bootstrap stack and every region stack with an entry point from remote state in the plan backend', () => {
    const global = plan.stacks.find((s) => s.kind === 'global')!;
    expect(global.dependsOn).toContain(plan.bootstrap.stack);
    for (const e of plan.entryPoints) expect(global.dependsOn).toContain(`region-${e.region}`);
    for (const dep of global.dependsOn) {
      expect(stack.data.terraform_remote_state[`state-${dep}`]).toEqual({
        backend: 's3',
        config: { bucket: plan.backend.bucket, key: `${plan.backend.keyPrefix}/${dep}/terraform.tfstate`, region: plan.backend.region },
      });
    }
  });

  test('a health check per PRIMARY with the plan interval and threshold, through the TLS listener', () => {
    const checks = resources(stack, 'aws_route53_health_check').filter((c) => c.type !== 'CALCULATED');
    expect(checks).toHaveLength(primaries.length);
    for (const rec of primaries) {
      const check = checks.find((c) => c.tags.service === rec.service && c.tags.region === rec.region);
      const listener = plan.entryPoints.find((e) => e.region === rec.region)!.listeners.find((l) => l.service === rec.service)!;
      const region = regionOf(rec.region);
      expect(check).toEqual(
        expect.objectContaining({
          ...(region.cloud === 'aws' ? { fqdn: state(`region-${rec.region}`, 'nlb_dns_name') } : { ip_address: state(`region-${rec.region}`, 'entry_address') }),
          request_interval: plan.traffic.healthCheck.intervalSeconds,
          failure_threshold: plan.traffic.healthCheck.failureThreshold,
          port: listener.port,
          type: listener.health.protocol,
        }),
      );
    }
  });
});

describe.each(plan.traffic.records.map((r) => [r.name, r.routing, r.region, r] as const))('record %s (%s, %s)', (_n, _k, _r, rec) => {
  const records = resources(stack, 'aws_route53_record').filter((r) => r.name === rec.name);
  const region = regionOf(rec.region);
  const mine =
    rec.routing === 'latency' || rec.routing === 'geoproximity'
      ? records.filter((r) => r.set_identifier === rec.region && (r.latency_routing_policy || r.geoproximity_routing_policy))
      : rec.routing === 'failover'
        ? records.filter((r) => r.failover_routing_policy?.type === rec.failoverRole)
        : records.filter((r) => !r.set_identifier);

  test('exists once, with the plan TTL (or an alias) and its routing', () => {
    expect(mine).toHaveLength(1);
    const [r] = mine;
    if (rec.target.kind === 'record') expect(r).toEqual(expect.objectContaining({ type: 'CNAME', ttl: rec.ttlSeconds }));
    else expect(r.type).toBe('A');
    if (rec.routing === 'geoproximity') expect(r.geoproximity_routing_policy).toEqual(region.cloud === 'aws' ? { aws_region: region.location, bias: 0 } : expect.objectContaining({ bias: 0 }));
    if (rec.routing === 'latency') expect(r.latency_routing_policy.region).toBeDefined();
  });

  test('points where the plan says: a record of the zone, or the entry point of its target region', () => {
    const [r] = mine;
    if (rec.target.kind === 'record') {
      expect(r.records).toEqual([rec.target.name]);
      return;
    }
    const target = regionOf(rec.target.region);
    if (target.cloud === 'aws') expect(r.alias).toEqual({ name: state(`region-${target.id}`, 'nlb_dns_name'), zone_id: state(`region-${target.id}`, 'nlb_zone_id'), evaluate_target_health: false });
    else expect(r.records).toEqual([state(`region-${target.id}`, 'entry_address')]);
    if (rec.failoverRole === 'PRIMARY') expect(r.health_check_id).toMatch(/^\$\{aws_route53_health_check\./);
    if (rec.failoverRole === 'SECONDARY') expect(r.health_check_id).toBeUndefined();
  });
});
