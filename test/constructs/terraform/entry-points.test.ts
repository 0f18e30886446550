/**
 * Public traffic, as graphs over the synthesized output (the reference spec):
 *   record -> Terraform-owned address -> TLS listener -> certificate covering the host,
 *   CloudFront origin -> a listener that speaks HTTPS + HTTP/1.1 on that port,
 *   SECONDARY -> an address a region stack creates (through remote state),
 *   Global Accelerator endpoint group -> a port the region's NLB listens on.
 * Expected values come from the spec's shape (services, regions, tiers), not from the planner's output.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { compile } from '../../../synth/compile';
import type { Plan } from '../../../synth/model/index';
import { synthTerraform } from '../../../constructs/terraform';
import { referenceKubernetes } from '../../helpers/reference';
import { referencePlan, referenceStacks, resources, stackOf } from './fixture';

const plan = referencePlan();
const stacks = referenceStacks();
const global = stackOf('global');
const zone = plan.dns.zone;
const REFERENCE = readFileSync(path.join(__dirname, '..', '..', '..', 'platform.spec.yaml'), 'utf8');

/** `${type.name.attr}` -> [type, name, attr]. */
function parseRef(ref: string): [string, string, string] {
  const m = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}$/.exec(ref);
  if (!m) throw new Error(`not a plain reference: ${ref}`);
  return [m[1], m[2], m[3]];
}
function resourceByRef(stack: any, ref: string): any {
  const [type, name] = parseRef(ref);
  const r = stack.resource?.[type]?.[name];
  if (!r) throw new Error(`no ${type}.${name}`);
  return r;
}
/** The region stack output a remote-state reference of the global stack names: [region stack, output value]. */
function throughRemoteState(ref: string): { stackName: string; value: string } {
  const m = /^\$\{data\.terraform_remote_state\.state-([A-Za-z0-9-]+)\.outputs\.([a-z_]+)\}$/.exec(ref);
  if (!m) throw new Error(`not a remote-state output: ${ref}`);
  const stack = stackOf(m[1]);
  return { stackName: m[1], value: stack.output[m[2]].value };
}
const records = resources(global, 'aws_route53_record');
const recordsNamed = (name: string) => records.filter((r) => r.name === name);

/** Public services of the spec and the regions each one runs in (primary + failover regions whose tier runs something there). */
const publicServices = plan.services.filter((s) => s.public);
const regionById = new Map(plan.regions.map((r) => [r.id, r]));
const servingRegions = (service: string) => plan.regions.filter((r) => r.workloads.some((w) => w.service === service && w.public));
/**
 * Names a region must answer: the client name, its own name, for a failover region the failover name of its
 * primary, and for an AWS primary (behind the accelerator) the anycast name.
 */
const expectedHosts = (service: string, regionId: string) => {
  const r = regionById.get(regionId)!;
  return [
    `${service}.${zone}`,
    `${service}.${regionId}.${zone}`,
    ...(r.failoverFor ? [`${service}.${r.failoverFor}.${zone}`] : []),
    ...(r.cloud === 'aws' && !r.failoverFor ? [`${service}.anycast.${zone}`] : []),
  ].sort();
};

describe('every public host has a certificate and a TLS listener (record -> address -> listener -> certificate)', () => {
  const cases = publicServices.flatMap((s) => servingRegions(s.id).map((r) => [s.id, r.id] as const));
  test.each(cases)('%s in %s', (service, regionId) => {
    const region = regionById.get(regionId)!;
    const stack = stackOf(`region-${regionId}`);
    const port = plan.services.find((s) => s.id === service) && region.workloads.find((w) => w.service === service)!.port;
    const hosts = expectedHosts(service, regionId);

    // The record of the region's own name answers the region's Terraform-owned address.
    const own = recordsNamed(`${service}.${regionId}.${zone}`).find((r) => r.set_identifier === undefined || r.set_identifier === `${regionId}-primary`);
    expect(own).toBeDefined();
    const addressRef: string = own.alias ? own.alias.name : own.records[0];
    const { stackName, value } = throughRemoteState(addressRef);
    expect(stackName).toBe(`region-${regionId}`);

    if (region.cloud === 'aws') {
      const [type, lbName] = parseRef(value);
      expect(type).toBe('aws_lb');
      const listener = resources(stack, 'aws_lb_listener').find((l) => l.load_balancer_arn === `\${aws_lb.${lbName}.arn}` && l.port === port);
      expect(listener).toEqual(expect.objectContaining({ protocol: 'TLS', ssl_policy: expect.stringMatching(/TLS13-1-2|TLS-1-2/) }));
      const validation = resourceByRef(stack, listener.certificate_arn);
      const cert = resourceByRef(stack, validation.certificate_arn);
      expect([cert.domain_name, ...(cert.subject_alternative_names ?? [])].sort()).toEqual(hosts);
      expect(cert.validation_method).toBe('DNS');
      const tg = resourceByRef(stack, listener.default_action[0].target_group_arn);
      expect([tg.protocol, tg.port]).toEqual(['TCP', port]);
    } else if (region.cloud === 'gcp') {
      const address = resourceByRef(stack, value);
      const [gateway] = referenceKubernetes().get(`kubernetes/${regionId}/04-gateway.yaml`)!.filter((o: any) => o.kind === 'Gateway') as any[];
      expect(gateway.spec.addresses).toEqual([{ type: 'NamedAddress', value: address.name }]);
      expect(gateway.spec.listeners).toEqual(expect.arrayContaining([expect.objectContaining({ protocol: 'HTTPS', port })]));
      const map = resources(stack, 'google_certificate_manager_certificate_map').find((m) => m.name === gateway.metadata.annotations['networking.gke.io/certmap']);
      expect(map).toBeDefined();
      for (const host of hosts) {
        const entry = resources(stack, 'google_certificate_manager_certificate_map_entry').find((e) => e.hostname === host && e.map.includes('certificate_manager_certificate_map'));
        const cert = resourceByRef(stack, entry.certificates[0]);
        expect(cert.managed.domains).toContain(host);
        expect(cert.managed.dns_authorizations).toHaveLength(cert.managed.domains.length);
      }
      const policy = referenceKubernetes().get(`kubernetes/${regionId}/04-gateway.yaml`)!.find((o: any) => o.kind === 'GCPGatewayPolicy') as any;
      expect(resources(stack, 'google_compute_ssl_policy').find((p) => p.name === policy.spec.default.sslPolicy)).toEqual(expect.objectContaining({ min_tls_version: 'TLS_1_2' }));
    } else {
      const [type, ipName] = parseRef(value);
      expect(type).toBe('azurerm_public_ip');
      const [gw] = resources(stack, 'azurerm_application_gateway');
      const frontend = gw.frontend_ip_configuration.find((f: any) => f.public_ip_address_id === `\${azurerm_public_ip.${ipName}.id}`);
      const listener = gw.http_listener.find((l: any) => l.frontend_ip_configuration_name === frontend.name && gw.frontend_port.find((p: any) => p.name === l.frontend_port_name).port === port);
      expect(listener).toEqual(expect.objectContaining({ protocol: 'Https', require_sni: true }));
      expect([...listener.host_names].sort()).toEqual(hosts);
      const ssl = gw.ssl_certificate.find((c: any) => c.name === listener.ssl_certificate_name);
      const [, certName] = parseRef(ssl.key_vault_secret_id);
      const cert = stack.resource.azurerm_key_vault_certificate[certName];
      expect([...cert.certificate_policy.x509_certificate_properties.subject_alternative_names.dns_names].sort()).toEqual(hosts);
      expect(gw.ssl_policy).toEqual({ policy_type: 'Predefined', policy_name: 'AppGwSslPolicy20220101' });
      const rule = gw.request_routing_rule.find((r: any) => r.http_listener_name === listener.name);
      expect(gw.backend_http_settings.find((b: any) => b.name === rule.backend_http_settings_name).port).toBe(port);
    }
  });

  test('the client name of every public service resolves to a primary failover name in every primary region that runs it', () => {
    for (const s of publicServices) {
      const client = recordsNamed(`${s.id}.${zone}`);
      expect(client.map((r) => r.set_identifier).sort()).toEqual(s.primaryRegions.filter((id) => servingRegions(s.id).some((r) => r.id === id)).sort());
      for (const r of client) expect(r.records).toEqual([`${s.id}.${r.set_identifier}.${zone}`]);
    }
  });
});

describe('CloudFront origins match a listener that speaks HTTPS and HTTP/1.1 on that port', () => {
  const distributions = resources(global, 'aws_cloudfront_distribution');
  const origins = distributions.flatMap((d) => d.origin.filter((o: any) => o.custom_origin_config).map((o: any) => ({ d, o })));

  test('there is a cached API origin for every cacheApis entry', () => {
    expect(origins).toHaveLength(plan.edge.cdn.cacheApis.length);
  });

  test.each(origins.map((x) => [x.o.domain_name, x] as const))('%s', (_name, { d, o }) => {
    const cfg = o.custom_origin_config;
    expect(cfg.origin_protocol_policy).toBe('https-only');
    const service = o.domain_name.slice(0, -(zone.length + 1));
    expect(o.domain_name).toBe(`${service}.${zone}`);
    // every region the origin name can resolve to has a TLS listener on that port whose target speaks HTTP/1.1
    for (const region of servingRegions(service).filter((r) => r.cloud === 'aws')) {
      const listener = resources(stackOf(`region-${region.id}`), 'aws_lb_listener').find((l) => l.port === cfg.https_port);
      expect(listener).toEqual(expect.objectContaining({ protocol: 'TLS' }));
      expect(['HTTP1Only', 'HTTP2Preferred', 'HTTP2Optional']).toContain(listener.alpn_policy);
    }
    expect(['http', 'http2', 'websocket']).toContain(plan.services.find((s) => s.id === service)!.protocol);
    // the distribution answers its alias in the zone with a certificate, TLS 1.2+
    expect(d.aliases[0].endsWith(`.${zone}`)).toBe(true);
    expect(d.viewer_certificate).toEqual(expect.objectContaining({ ssl_support_method: 'sni-only', minimum_protocol_version: 'TLSv1.2_2021' }));
  });

  test('every distribution alias is covered by the CDN certificate and has an alias record', () => {
    const [cert] = resources(global, 'aws_acm_certificate');
    const covered = [cert.domain_name, ...(cert.subject_alternative_names ?? [])];
    for (const d of distributions) {
      for (const alias of d.aliases) {
        expect(covered).toContain(alias);
        expect(recordsNamed(alias).map((r) => r.type).sort()).toEqual(['A', 'AAAA']);
      }
      expect(d.viewer_certificate.acm_certificate_arn).toMatch(/^\$\{aws_acm_certificate_validation\./);
    }
  });

  test.each([
    ['gzip', 'enable_accept_encoding_gzip', plan.edge.compression.includes('gzip')],
    ['br', 'enable_accept_encoding_brotli', plan.edge.compression.includes('br')],
  ] as const)('cache policies accept %s exactly as edge.compression says', (_c, key, wanted) => {
    const policies = resources(global, 'aws_cloudfront_cache_policy');
    expect(policies.length).toBeGreaterThan(0);
    for (const p of policies) expect(p.parameters_in_cache_key_and_forwarded_to_origin[key]).toBe(wanted);
    for (const d of distributions) expect(d.default_cache_behavior.compress).toBe(plan.edge.compression.length > 0);
  });
});

describe('failover records', () => {
  const secondaries = records.filter((r) => r.failover_routing_policy?.type === 'SECONDARY');

  test.each(secondaries.map((r) => [r.name, r] as const))('SECONDARY %s targets an address a region stack creates', (_n, r) => {
    const ref: string = r.alias ? r.alias.name : r.records[0];
    const { value } = throughRemoteState(ref);
    const [type] = parseRef(value);
    expect(['aws_lb', 'google_compute_global_address', 'azurerm_public_ip']).toContain(type);
    expect(r.name.includes('.lb.')).toBe(false);
  });

  test('every public service with a failover region has a SECONDARY in each primary region (unless its tier restores from backup)', () => {
    for (const s of publicServices) {
      const tier = plan.tiers.find((t) => t.id === s.tier)!;
      for (const rid of s.primaryRegions) {
        const fo = regionById.get(rid)!.failoverRegion;
        if (!fo || tier.failover === 'restore') continue;
        const sec = secondaries.filter((r) => r.name === `${s.id}.${rid}.${zone}`);
        expect(sec).toHaveLength(1);
        expect(sec[0].set_identifier).toBe(`${fo}-secondary`);
      }
    }
  });

  test('every PRIMARY is health-checked through its TLS listener port', () => {
    for (const r of records.filter((x) => x.failover_routing_policy?.type === 'PRIMARY')) {
      const [, name] = parseRef(r.health_check_id);
      const hc = global.resource.aws_route53_health_check[name];
      const check = hc.type === 'CALCULATED' ? global.resource.aws_route53_health_check[parseRef(hc.child_healthchecks[0])[1]] : hc;
      const service = r.name.split('.')[0];
      const region = r.name.split('.')[1];
      expect(check.port).toBe(regionById.get(region)!.workloads.find((w) => w.service === service)!.port);
      expect(['HTTPS', 'TCP']).toContain(check.type);
    }
  });
});

describe('Global Accelerator endpoint groups cover only ports the region serves', () => {
  test('every group is on a listener port the region NLB has a TLS listener for, and every served port has a group', () => {
    const listeners = global.resource.aws_globalaccelerator_listener;
    const groups = resources(global, 'aws_globalaccelerator_endpoint_group');
    for (const g of groups) {
      const [, lname] = parseRef(g.listener_arn);
      const port = listeners[lname].port_range[0].from_port;
      const { stackName } = throughRemoteState(g.endpoint_configuration[0].endpoint_id);
      expect(resources(stackOf(stackName), 'aws_lb_listener').map((l) => l.port)).toContain(port);
      expect(g.health_check_port).toBe(port);
    }
    for (const r of plan.regions.filter((x) => x.cloud === 'aws' && x.role === 'primary')) {
      for (const l of resources(stackOf(`region-${r.id}`), 'aws_lb_listener')) {
        expect(groups.some((g) => g.endpoint_group_region === r.location && listeners[parseRef(g.listener_arn)[1]].port_range[0].from_port === l.port)).toBe(true);
      }
    }
  });
});

describe('anycast names: <service>.anycast.<zone> is an alias of the accelerator, answered by every AWS primary on its TLS listener', () => {
  const [acceleratorName] = Object.keys(global.resource.aws_globalaccelerator_accelerator);
  const served = publicServices.filter((s) => servingRegions(s.id).some((r) => r.cloud === 'aws' && r.role === 'primary'));

  test('GIVEN the reference THEN some public service is served by the AWS primaries (the test has something to check)', () => {
    expect(served.length).toBeGreaterThan(0);
  });

  test.each(served.map((s) => [s.id] as const))('%s', (service) => {
    const name = `${service}.anycast.${zone}`;
    const [record, ...more] = recordsNamed(name);
    expect(more).toEqual([]);
    expect(record).toEqual(expect.objectContaining({ type: 'A' }));
    expect(record.alias).toEqual({ name: `\${aws_globalaccelerator_accelerator.${acceleratorName}.dns_name}`, zone_id: `\${aws_globalaccelerator_accelerator.${acceleratorName}.hosted_zone_id}`, evaluate_target_health: false });
    const port = plan.traffic.anycast.find((a) => a.service === service)!.port;
    expect(port).toBe(servingRegions(service)[0].workloads.find((w) => w.service === service)!.port);
    // the accelerator listens on the port, and every AWS primary's TLS listener on it has a certificate covering the name
    const ports = Object.values(global.resource.aws_globalaccelerator_listener as Record<string, any>).map((l) => l.port_range[0].from_port);
    expect(ports).toContain(port);
    for (const r of servingRegions(service).filter((x) => x.cloud === 'aws' && x.role === 'primary')) {
      const stack = stackOf(`region-${r.id}`);
      const listener = resources(stack, 'aws_lb_listener').find((l) => l.port === port);
      const cert = resourceByRef(stack, resourceByRef(stack, listener.certificate_arn).certificate_arn);
      expect([cert.domain_name, ...(cert.subject_alternative_names ?? [])]).toContain(name);
    }
    // no failover region answers it: the accelerator never moves traffic off AWS
    for (const r of servingRegions(service).filter((x) => x.role === 'failover')) {
      expect(plan.entryPoints.find((e) => e.region === r.id)!.listeners.find((l) => l.service === service)!.hosts).not.toContain(name);
    }
  });
});

describe('what each load balancer speaks to the pods', () => {
  const gcpRegions = plan.regions.filter((r) => r.cloud === 'gcp' && plan.entryPoints.some((e) => e.region === r.id));
  const gcpCases = gcpRegions.flatMap((r) => plan.entryPoints.find((e) => e.region === r.id)!.listeners.map((l) => [r.id, l.service, l.protocol] as const));

  test('GIVEN the reference THEN a GCP region serves an http2 service (h2c is exercised)', () => {
    expect(gcpCases.some(([, , p]) => p === 'http2')).toBe(true);
  });

  test.each(gcpCases)('GKE %s/%s (%s): the Service port tells the Gateway the backend protocol', (regionId, service, protocol) => {
    const objects = referenceKubernetes().get(`kubernetes/${regionId}/${service}.yaml`) as any[];
    const svc = objects.find((o) => o.kind === 'Service' && o.metadata.name === service);
    const port = svc.spec.ports.find((p: any) => p.port === regionById.get(regionId)!.workloads.find((w) => w.service === service)!.port);
    const h2 = protocol === 'http2' || protocol === 'grpc';
    expect(port.appProtocol).toBe(h2 ? 'kubernetes.io/h2c' : protocol === 'websocket' ? 'kubernetes.io/ws' : 'http');
    expect(plan.entryPoints.find((e) => e.region === regionId)!.listeners.find((l) => l.service === service)!.backendProtocol).toBe(h2 ? 'h2c' : 'http/1.1');
    // the Gateway's health check of the backend speaks what the pod's readiness probe speaks
    const policy = objects.find((o) => o.kind === 'HealthCheckPolicy' && o.metadata.name === service);
    const readiness = objects.find((o) => o.kind === 'Deployment').spec.template.spec.containers[0].readinessProbe;
    expect(policy.spec.default.config.type).toBe(readiness.grpc ? 'GRPC' : 'HTTP');
  });

  test.each(plan.regions.filter((r) => r.cloud === 'azure' && plan.entryPoints.some((e) => e.region === r.id)).map((r) => [r.id] as const))(
    'Azure %s: Application Gateway speaks HTTP/1.1 to every backend, HTTP/2 towards clients when a listener serves http2',
    (regionId) => {
      const entry = plan.entryPoints.find((e) => e.region === regionId)!;
      const [gw] = resources(stackOf(`region-${regionId}`), 'azurerm_application_gateway');
      expect(gw.backend_http_settings.map((b: any) => b.protocol)).toEqual(entry.listeners.map(() => 'Http'));
      expect(entry.listeners.map((l) => l.backendProtocol)).toEqual(entry.listeners.map(() => 'http/1.1'));
      expect(entry.listeners.some((l) => l.protocol === 'grpc')).toBe(false);
      expect(gw.enable_http2).toBe(entry.listeners.some((l) => l.protocol === 'http2'));
    },
  );

  test('AWS: the NLB passes the decrypted stream through (TCP target groups) with the ALPN of the protocol', () => {
    const alpn = { grpc: 'HTTP2Only', http2: 'HTTP2Preferred', http: 'HTTP1Only', websocket: 'HTTP1Only' } as const;
    for (const e of plan.entryPoints.filter((x) => x.cloud === 'aws')) {
      for (const l of e.listeners) {
        const listener = resources(stackOf(`region-${e.region}`), 'aws_lb_listener').find((x) => x.port === l.port);
        expect([l.backendProtocol, listener.alpn_policy]).toEqual(['tcp', alpn[l.protocol]]);
      }
    }
  });
});

describe('variants of the spec', () => {
  const planOf = (text: string): Plan => {
    const r = compile('platform.spec.yaml', text, 'plan');
    if (!r.plan) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.path} ${d.message}`).join('\n'));
    return r.plan;
  };
  const globalOf = (p: Plan) => synthTerraform({ ...p, stacks: p.stacks.filter((s) => s.kind === 'global') }).get('terraform/global/cdk.tf.json') as any;

  test('GIVEN edge.geoDns true THEN geoproximity records; false THEN latency records, and nothing else changes kind', () => {
    expect(REFERENCE).toContain('geoDns: true');
    const off = planOf(REFERENCE.replace('geoDns: true', 'geoDns: false'));
    const kinds = (p: Plan) => [...new Set(p.traffic.records.filter((r) => r.name.split('.').length === zone.split('.').length + 1).map((r) => r.routing))];
    expect(kinds(plan)).toEqual(['geoproximity']);
    expect(kinds(off)).toEqual(['latency']);
    const onRecords = records.filter((r) => r.geoproximity_routing_policy);
    expect(onRecords.length).toBe(plan.traffic.records.filter((r) => r.routing === 'geoproximity').length);
    const offRecords = resources(globalOf(off), 'aws_route53_record');
    expect(offRecords.filter((r) => r.latency_routing_policy)).toHaveLength(onRecords.length);
    expect(offRecords.filter((r) => r.geoproximity_routing_policy)).toHaveLength(0);
  });

  test('GIVEN a manual tier for api-gateway THEN its SECONDARY is in place and the PRIMARY is guarded by an always-healthy switch the runbook inverts', () => {
    const manual = planOf(REFERENCE.replace('api:       { rto: 15m, failover: automated, critical: true }', 'api:       { rto: 2h, failover: manual, critical: true }'));
    const stack = globalOf(manual);
    const rs = resources(stack, 'aws_route53_record');
    for (const rid of ['us-east', 'eu-central', 'ap-southeast']) {
      const name = `api-gateway.${rid}.${zone}`;
      expect(rs.filter((r) => r.name === name).map((r) => r.failover_routing_policy?.type).sort()).toEqual(['PRIMARY', 'SECONDARY']);
      const primary = rs.find((r) => r.name === name && r.failover_routing_policy.type === 'PRIMARY');
      const sw = stack.resource.aws_route53_health_check[parseRef(primary.health_check_id)[1]];
      expect(sw).toEqual(expect.objectContaining({ type: 'CALCULATED', child_health_threshold: 0, invert_healthcheck: false }));
      expect(sw.lifecycle.ignore_changes).toEqual(['invert_healthcheck']);
    }
  });
});
