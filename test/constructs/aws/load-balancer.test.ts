import { awsRegions, referenceStacks, refTo, regionStack, resources } from '../terraform/fixture';

const withLb = awsRegions().filter((r) => r.loadBalancer);
const targetGroups = withLb.flatMap((r) => r.loadBalancer!.targetGroups.map((tg) => [r.id, tg.service, r, tg] as const));

describe.each(withLb.map((r) => [r.id, r] as const))('regional NLB of %s', (_id, region) => {
  const stack = regionStack(region);
  const lbPlan = region.loadBalancer!;
  const [nlb] = resources(stack, 'aws_lb');
  const nlbSg = refTo(stack, 'aws_security_group', (s) => s.name === `${lbPlan.name}-nlb`, 'id');

  test('internet-facing network load balancer in the public subnets, cross-zone', () => {
    expect(resources(stack, 'aws_lb')).toHaveLength(1);
    expect(nlb).toEqual(expect.objectContaining({ name: lbPlan.name, load_balancer_type: 'network', internal: false, enable_cross_zone_load_balancing: true }));
    const publicRefs = region.subnets.filter((s) => s.kind === 'public').map((s) => refTo(stack, 'aws_subnet', (x) => x.tags?.Name === s.name, 'id'));
    expect([...nlb.subnets].sort()).toEqual(publicRefs.sort());
    expect(nlb.security_groups).toEqual([nlbSg]);
  });

  test('its security group admits exactly the listener ports from anywhere', () => {
    const ingress = resources(stack, 'aws_vpc_security_group_ingress_rule').filter((r) => r.security_group_id === nlbSg);
    const ports = [...new Set(lbPlan.targetGroups.map((tg) => tg.port))].sort((a, b) => a - b);
    expect(ingress.map((r) => r.from_port).sort((a, b) => a - b)).toEqual(ports);
    for (const r of ingress) expect(r).toEqual(expect.objectContaining({ cidr_ipv4: '0.0.0.0/0', ip_protocol: 'tcp', to_port: r.from_port }));
  });

  test('the nodes admit the target and health check ports from the NLB only', () => {
    const nodeSg = refTo(stack, 'aws_security_group', (s) => s.name === `${region.cluster.name}-nodes`, 'id');
    const fromNlb = resources(stack, 'aws_vpc_security_group_ingress_rule').filter((r) => r.security_group_id === nodeSg && r.referenced_security_group_id === nlbSg);
    const ports = [...new Set(lbPlan.targetGroups.flatMap((tg) => [tg.port, tg.healthCheck.port]))].sort((a, b) => a - b);
    expect(fromNlb.map((r) => r.from_port).sort((a, b) => a - b)).toEqual(ports);
  });

  test('outputs the NLB DNS name, zone id, ARN and a target group ARN per service', () => {
    expect(Object.keys(stack.output)).toEqual(
      expect.arrayContaining(['nlb_dns_name', 'nlb_zone_id', 'nlb_arn', ...lbPlan.targetGroups.map((tg) => `target_group_arn_${tg.service}`)]),
    );
    expect(stack.output.nlb_dns_name.value).toBe(refTo(stack, 'aws_lb', () => true, 'dns_name'));
    expect(stack.output.nlb_zone_id.value).toBe(refTo(stack, 'aws_lb', () => true, 'zone_id'));
  });
});

describe.each(targetGroups)('target group %s/%s', (_r, _s, region, tg) => {
  const stack = regionStack(region);
  const group = resources(stack, 'aws_lb_target_group').find((g) => g.name === tg.name);
  const groupArn = refTo(stack, 'aws_lb_target_group', (g) => g.name === tg.name, 'arn');

  test('ip targets on the planned port and protocol, health check from the plan', () => {
    expect(group).toEqual(expect.objectContaining({ port: tg.port, protocol: tg.protocol, target_type: 'ip' }));
    expect(group.health_check).toEqual(
      expect.objectContaining({
        interval: tg.healthCheck.intervalSeconds,
        unhealthy_threshold: tg.healthCheck.failureThreshold,
        healthy_threshold: tg.healthCheck.healthyThreshold,
        protocol: tg.healthCheck.protocol,
        port: String(tg.healthCheck.port),
      }),
    );
  });

  test('one TLS listener (TLS 1.2+, the service certificate) forwards the service port to it, and its ARN is an output', () => {
    const listeners = resources(stack, 'aws_lb_listener').filter((l) => l.default_action[0].target_group_arn === groupArn);
    expect(listeners).toEqual([expect.objectContaining({ port: tg.port, protocol: 'TLS', ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' })]);
    expect(listeners[0].certificate_arn).toBe(`\${aws_acm_certificate_validation.certificate-${tg.service}_validation.certificate_arn}`);
    expect(tg.protocol).toBe('TCP'); // TLS terminates at the listener; the pods get the plaintext stream
    expect(stack.output[`target_group_arn_${tg.service}`].value).toBe(groupArn);
  });
});

describe('security groups across all AWS stacks', () => {
  test('no ingress from 0.0.0.0/0 except the NLB listener ports', () => {
    for (const [name, stack] of referenceStacks()) {
      const listenerPorts = new Set<number>(resources(stack, 'aws_lb_listener').map((l) => l.port));
      const nlbSgs = new Set<string>(resources(stack, 'aws_lb').flatMap((l) => l.security_groups));
      for (const sg of resources(stack, 'aws_security_group')) expect(sg.ingress ?? []).toEqual([]);
      for (const rule of resources(stack, 'aws_vpc_security_group_ingress_rule')) {
        if (rule.cidr_ipv4 !== '0.0.0.0/0' && rule.cidr_ipv6 !== '::/0') continue;
        expect({ stack: name, nlb: nlbSgs.has(rule.security_group_id), port: listenerPorts.has(rule.from_port) && rule.from_port === rule.to_port }).toEqual({
          stack: name,
          nlb: true,
          port: true,
        });
      }
    }
  });
});
