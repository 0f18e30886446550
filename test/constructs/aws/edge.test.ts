import { referencePlan, refTo, resources, stackOf } from '../terraform/fixture';
import { GLOBAL_ACCELERATOR_API_REGION } from '../../../constructs/terraform/stacks';

const plan = referencePlan();
const stack = stackOf('global');
const publicPorts = [...new Set(plan.entryPoints.filter((e) => e.cloud === 'aws').flatMap((e) => e.listeners.map((l) => l.port)))].sort((a, b) => a - b);

describe('Global Accelerator', () => {
  const [accelerator] = resources(stack, 'aws_globalaccelerator_accelerator');
  const listeners = resources(stack, 'aws_globalaccelerator_listener');
  const groups = resources(stack, 'aws_globalaccelerator_endpoint_group');

  test('is managed through a provider in the Global Accelerator API region', () => {
    const alias = accelerator.provider.replace(/^aws\./, '');
    expect(stack.provider.aws.find((p: any) => p.alias === alias).region).toBe(GLOBAL_ACCELERATOR_API_REGION);
    expect(accelerator.enabled).toBe(true);
  });

  test('one TCP listener per public port', () => {
    expect(listeners.map((l) => l.port_range[0].from_port).sort((a, b) => a - b)).toEqual(publicPorts);
    for (const l of listeners) expect(l).toEqual(expect.objectContaining({ protocol: 'TCP', port_range: [{ from_port: l.port_range[0].from_port, to_port: l.port_range[0].from_port }] }));
  });

  test.each(plan.traffic.acceleratorEndpointGroups.map((g) => [g.region, g] as const))('endpoint groups of %s: per port it serves, the region NLB, plan dial and health check', (_r, g) => {
    const mine = groups.filter((x) => x.endpoint_group_region === g.location);
    expect(mine).toHaveLength(g.ports.length);
    for (const eg of mine) {
      expect(eg).toEqual(
        expect.objectContaining({
          traffic_dial_percentage: g.trafficDial,
          health_check_interval_seconds: plan.traffic.healthCheck.intervalSeconds,
          threshold_count: plan.traffic.healthCheck.failureThreshold,
        }),
      );
      expect(eg.endpoint_configuration).toEqual([expect.objectContaining({ endpoint_id: `\${data.terraform_remote_state.state-region-${g.region}.outputs.nlb_arn}` })]);
    }
  });
});

describe('CloudFront', () => {
  const distributions = resources(stack, 'aws_cloudfront_distribution');

  test('every distribution: https-only viewers, compression, plan price class, valid certificate, TLS 1.2 to origins', () => {
    expect(distributions).toHaveLength((plan.edge.cdn.staticAssets ? 1 : 0) + plan.edge.cdn.cacheApis.length);
    for (const d of distributions) {
      expect(d.default_cache_behavior).toEqual(expect.objectContaining({ viewer_protocol_policy: 'https-only', compress: plan.edge.compression.length > 0 }));
      expect(d.default_cache_behavior.cache_policy_id).toMatch(/^\$\{aws_cloudfront_cache_policy\./);
      expect(d.price_class).toBe(plan.edge.cdn.priceClass);
      expect(d.viewer_certificate).toEqual(expect.objectContaining({ ssl_support_method: 'sni-only', minimum_protocol_version: 'TLSv1.2_2021' }));
      expect(d.viewer_certificate.cloudfront_default_certificate).toBeUndefined();
      for (const o of d.origin) if (o.custom_origin_config) expect(o.custom_origin_config.origin_ssl_protocols).toEqual(['TLSv1.2']);
    }
  });

  (plan.edge.cdn.staticAssets ? test : test.skip)('static assets: private, versioned, encrypted bucket readable by the distribution only', () => {
    const bucket = refTo(stack, 'aws_s3_bucket', () => true, 'id');
    const [pab] = resources(stack, 'aws_s3_bucket_public_access_block');
    expect(pab).toEqual({ bucket, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(resources(stack, 'aws_s3_bucket_versioning')[0].versioning_configuration.status).toBe('Enabled');
    expect(resources(stack, 'aws_s3_bucket_server_side_encryption_configuration')[0].rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBeDefined();
    const oac = refTo(stack, 'aws_cloudfront_origin_access_control', () => true, 'id');
    const dist = distributions.find((d) => d.origin[0].origin_access_control_id === oac);
    expect(dist).toBeDefined();
    const statement = Object.values(stack.data.aws_iam_policy_document as Record<string, any>)[0].statement[0];
    expect(statement.principals).toEqual([{ type: 'Service', identifiers: ['cloudfront.amazonaws.com'] }]);
    expect(statement.condition[0].values).toEqual([refTo(stack, 'aws_cloudfront_distribution', (d) => d.origin[0].origin_access_control_id === oac, 'arn')]);
  });

  test.each(plan.edge.cdn.cacheApis.map((s) => [s]))('cached API %s: origin <svc>.<zone> over HTTPS, plan TTL', (service) => {
    const dist = distributions.find((d) => d.origin[0].domain_name === `${service}.${plan.dns.zone}`);
    expect(dist).toBeDefined();
    expect(dist.origin[0].custom_origin_config.origin_protocol_policy).toBe('https-only');
    const policy = stack.resource.aws_cloudfront_cache_policy[dist.default_cache_behavior.cache_policy_id.split('.')[1]];
    expect(policy).toEqual(expect.objectContaining({ default_ttl: plan.edge.cdn.apiTtlSeconds, max_ttl: plan.edge.cdn.apiTtlSeconds }));
  });
});
