/**
 * The public entry point of a restore site, as a graph over the generated output of a spec whose restore tiers are
 * public (notely: one AWS region, both tiers restore): failover record -> SECONDARY = the site's NLB (remote state of
 * the restore stack) -> TLS listener -> ACM certificate covering the client and failover names -> target group ->
 * TargetGroupBinding of the site's manifests -> the LB controller at the site, allowed to register exactly those
 * target groups; the NetworkPolicy admits the NLB from the site's public subnets.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { compile } from '../../../synth/compile';
import type { Plan, RestoreSitePlan } from '../../../synth/model/index';
import { createSvgRenderer } from '../../../synth/output/diagram';
import { validateTerraformStack } from '../../helpers/tf-schema';

const FILE = path.join(__dirname, '..', '..', 'fixtures', 'companies', 'notely.spec.yaml');
const entries = (stack: any, type: string): [string, any][] => Object.entries(stack.resource?.[type] ?? {});
const refParts = (s: string) => /^\$\{(.*)\}$/.exec(s)![1].split('.');

let plan: Plan;
let files: ReadonlyMap<string, string>;
let site: RestoreSitePlan;
const stack = (name: string) => JSON.parse(files.get(`terraform/${name}/cdk.tf.json`)!);
const objects = (file: string): any[] => parseAllDocuments(files.get(file)!).map((d) => d.toJSON());

beforeAll(async () => {
  const r = compile(FILE, readFileSync(FILE, 'utf8'), { until: 'emit', svg: await createSvgRenderer() });
  if (!r.ok || !r.files || !r.plan) throw new Error(JSON.stringify(r.diagnostics));
  plan = r.plan;
  files = r.files;
  site = plan.restoreSites[0];
});

describe('a restore site with public services (notely)', () => {
  test('GIVEN the spec THEN its restore tiers hold a public service, and the site plans an entry point for exactly those', () => {
    const pub = plan.services.filter((s) => s.public && site.services.includes(s.id)).map((s) => s.id).sort();
    expect(pub.length).toBeGreaterThan(0);
    const entry = plan.entryPoints.find((e) => e.region === site.region.id)!;
    expect(entry.listeners.map((l) => l.service).sort()).toEqual(pub);
    expect(validateTerraformStack(stack(site.name))).toEqual([]);
    expect(validateTerraformStack(stack('global'))).toEqual([]);
  });

  test('GIVEN the primary\'s failover name THEN record -> SECONDARY alias -> the site\'s NLB (its stack\'s state) -> TLS listener -> certificate of the names clients use', () => {
    const global = stack('global');
    const restore = stack(site.name);
    expect(plan.stacks.find((s) => s.name === 'global')!.dependsOn).toContain(site.name);
    for (const l of plan.entryPoints.find((e) => e.region === site.region.id)!.listeners) {
      const failoverName = `${l.service}.${site.primary}.${plan.dns.zone}`;
      const records = entries(global, 'aws_route53_record').map(([, r]) => r).filter((r) => r.name === failoverName);
      const secondary = records.filter((r) => r.failover_routing_policy?.type === 'SECONDARY');
      expect(secondary.length).toBe(1);
      expect(secondary[0].set_identifier).toBe(`${site.region.id}-secondary`);
      // -> the site's NLB, read from the restore stack's state, which outputs it
      const [data, , stateName, , output] = refParts(secondary[0].alias.name);
      expect(data).toBe('data');
      expect(global.data.terraform_remote_state[stateName].config.key).toContain(`/${site.name}/`);
      const [, lbName, attr] = refParts(restore.output[output].value);
      expect(attr).toBe('dns_name');
      const lb = restore.resource.aws_lb[lbName];
      expect([lb.load_balancer_type, lb.internal]).toEqual(['network', false]);
      // the PRIMARY is health-checked, so the switch is automatic
      const primary = records.find((r) => r.failover_routing_policy?.type === 'PRIMARY')!;
      expect(primary.health_check_id).toMatch(/aws_route53_health_check\./);
      // -> the TLS listener of the service's port on that NLB
      const listeners = entries(restore, 'aws_lb_listener').map(([, x]) => x).filter((x) => x.load_balancer_arn === `\${aws_lb.${lbName}.arn}` && x.port === l.port);
      expect(listeners.length).toBe(1);
      expect(listeners[0].protocol).toBe('TLS');
      expect(listeners[0].ssl_policy).toBe(l.tlsPolicy);
      // -> its certificate, validated, covering the client name, the primary's failover name and the site's own
      const [validationType, validationName] = refParts(listeners[0].certificate_arn);
      expect(validationType).toBe('aws_acm_certificate_validation');
      const validation = restore.resource.aws_acm_certificate_validation[validationName];
      const cert = restore.resource.aws_acm_certificate[refParts(validation.certificate_arn)[1]];
      expect([cert.domain_name, ...(cert.subject_alternative_names ?? [])].sort()).toEqual(
        [`${l.service}.${plan.dns.zone}`, failoverName, `${l.service}.${site.region.id}.${plan.dns.zone}`].sort(),
      );
      // -> its target group, which the site's manifests bind
      const [, tgName] = refParts(listeners[0].default_action[0].target_group_arn);
      const tg = restore.resource.aws_lb_target_group[tgName];
      const binding = objects(`kubernetes/${site.name}/${l.service}.yaml`).find((o) => o.kind === 'TargetGroupBinding');
      expect(binding.spec.targetGroupName).toBe(tg.name);
      expect(binding.spec.serviceRef.port).toBe(tg.port);
    }
  });

  test('GIVEN the site\'s bindings THEN the LB controller is delivered to the site and may register targets of exactly its target groups', () => {
    const layer = plan.addons.find((a) => a.region === site.region.id)!;
    expect(layer.releases.map((r) => r.name)).toContain('aws-load-balancer-controller');
    const identity = plan.controllerIdentities.find((i) => i.region === site.region.id && i.addon === 'aws-load-balancer-controller')!;
    const register = identity.iam!.find((s) => s.sid === 'RegisterTargets')!;
    expect(register.resources.map((r) => /targetgroup\/([^/]+)\//.exec(r)![1]).sort()).toEqual(site.region.loadBalancer!.targetGroups.map((g) => g.name).sort());
    // the controller finds the site's VPC by its Name tag
    const vpc = Object.values(stack(site.name).resource.aws_vpc)[0] as any;
    const values = layer.releases.find((r) => r.name === 'aws-load-balancer-controller')!.values as any;
    expect(values.vpcTags.Name).toBe(vpc.tags.Name);
  });

  test('GIVEN the site\'s public workloads THEN their NetworkPolicy admits the service port from the site\'s public subnets only', () => {
    const publicCidrs = site.subnets.filter((s) => s.kind === 'public').map((s) => s.cidr).sort();
    for (const w of site.region.workloads.filter((x) => x.public)) {
      const policy = objects(`kubernetes/${site.name}/${w.service}.yaml`).find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === w.service);
      const fromBlocks = policy.spec.ingress.filter((i: any) => i.from?.some((f: any) => f.ipBlock));
      expect(fromBlocks.length).toBe(1);
      expect(fromBlocks[0].from.map((f: any) => f.ipBlock.cidr).sort()).toEqual(publicCidrs);
      expect(fromBlocks[0].ports).toEqual([{ port: w.port, protocol: 'TCP' }]);
    }
  });

  test('GIVEN the ledger THEN the DNS step of a public restore tier names the SECONDARY at the site, and the runbook says no DNS step is by hand', () => {
    const ledger = files.get('ledger.md')!;
    for (const t of site.tiers) {
      if (!plan.services.some((s) => s.tier === t && s.public)) continue;
      const section = ledger.split(`- ${t}: DNS TTL`)[1].split('\n- ')[0];
      expect(section).toContain(`aws_route53_record.dns_failover-`);
      expect(section).toContain(`-${site.region.id}-secondary`);
    }
    const runbook = files.get(`runbooks/restore-${site.primary}.md`)!;
    expect(runbook).toContain('Public traffic needs no step');
    expect(runbook).not.toContain('Not generated yet');
  });
});
