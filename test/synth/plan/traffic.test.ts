/**
 * Manual tiers (synth/plan/traffic.ts, proofs.ts, ledger.ts, simulate.ts; runbooks in synth/output/report.ts):
 * the SECONDARY is in place, the PRIMARY is guarded by a switch (a calculated Route 53 health check that stays
 * healthy until inverted), the runbook names the exact command that flips it, and the tier's RTO counts that
 * human step as MANUAL_SWITCH_SECONDS, in report.md, the ledger and `platform simulate` alike.
 * GIVEN variants: the reference with api-gateway's tier manual (emitted in full), eurobank with its manual
 * back-office public (plan only); the reference itself (treasury is manual but has no public service).
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { compile } from '../../../synth/compile';
import type { Plan } from '../../../synth/model/index';
import { MANUAL_SWITCH_SECONDS } from '../../../synth/plan/constants';
import { planLedger } from '../../../synth/plan/ledger';
import { simulate } from '../../../synth/plan/simulate';
import { createSvgRenderer } from '../../../synth/output/diagram';
import { resolveLedger } from '../../../synth/output/ledger';
import { renderRunbooks } from '../../../synth/output/report';
import { referenceFiles, referencePlan } from '../../helpers/reference';
import { clusterRegions } from '../../helpers/cluster-graph';

const ROOT = path.join(__dirname, '..', '..', '..');
const REFERENCE = readFileSync(path.join(ROOT, 'platform.spec.yaml'), 'utf8');
const EUROBANK = readFileSync(path.join(ROOT, 'test', 'fixtures', 'companies', 'eurobank.spec.yaml'), 'utf8');
const SWITCH_LABEL = 'operator inverts the DNS switch';

function planOf(text: string): Plan {
  const r = compile('platform.spec.yaml', text, 'plan');
  if (!r.plan || !r.ok) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.path} ${d.message}`).join('\n'));
  return r.plan;
}
const switchTerms = (p: Plan, tier: string) => p.reports.rto.find((r) => r.tier === tier)!.terms.filter((t) => t.label.startsWith(SWITCH_LABEL));

describe('GIVEN the reference with api-gateway on a manual tier (api: rto 2h, failover: manual)', () => {
  const text = REFERENCE.replace('api:       { rto: 15m, failover: automated, critical: true }', 'api:       { rto: 2h, failover: manual, critical: true }');
  let plan: Plan;
  let files: ReadonlyMap<string, string>;
  let global: any;
  beforeAll(async () => {
    expect(text).not.toBe(REFERENCE);
    // WHEN compiled in full
    const r = compile('platform.spec.yaml', text, { until: 'emit', svg: await createSvgRenderer() });
    if (!r.ok || !r.files || !r.plan) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.path} ${d.message}`).join('\n'));
    plan = r.plan;
    files = r.files;
    global = JSON.parse(files.get('terraform/global/cdk.tf.json')!);
  });
  const primaries = ['us-east', 'eu-central', 'ap-southeast'];

  test.each(primaries)('THEN in %s the PRIMARY of the failover name is guarded by a switch whose id is an output of the global stack', (rid) => {
    const name = `api-gateway.${rid}.${plan.dns.zone}`;
    const rec = plan.traffic.records.find((r) => r.name === name && r.failoverRole === 'PRIMARY')!;
    expect(rec.healthCheck).toBe('manual-switch');
    expect(rec.switch).toEqual({ output: `manual_switch_api-gateway_${rid}`, name: `api-gateway-${rid}-manual-failover` });
    // the output -> the calculated check -> the PRIMARY record guarded by it; the SECONDARY has none
    const ref = /^\$\{aws_route53_health_check\.([\w-]+)\.id\}$/.exec(global.output[rec.switch!.output].value)!;
    expect(ref).not.toBeNull();
    const check = global.resource.aws_route53_health_check[ref[1]];
    expect(check).toEqual(expect.objectContaining({ type: 'CALCULATED', child_health_threshold: 0, invert_healthcheck: false }));
    expect(check.tags.Name).toBe(rec.switch!.name);
    const records = Object.values(global.resource.aws_route53_record as Record<string, any>).filter((r) => r.name === name);
    const primary = records.find((r) => r.failover_routing_policy.type === 'PRIMARY');
    expect(primary.health_check_id).toBe(`\${aws_route53_health_check.${ref[1]}.id}`);
    expect(records.find((r) => r.failover_routing_policy.type === 'SECONDARY').health_check_id).toBeUndefined();
  });

  test.each(primaries)('THEN the runbook for %s names the exact command that flips the switch, and the one that flips it back', (rid) => {
    const runbook = files.get(`runbooks/api-gateway-${rid}.md`)!;
    const id = `"$(terraform -chdir=terraform/global output -raw manual_switch_api-gateway_${rid})"`;
    expect(runbook).toContain(`aws route53 update-health-check --health-check-id ${id} --inverted`);
    expect(runbook).toContain(`aws route53 update-health-check --health-check-id ${id} --no-inverted`);
    expect(runbook).toContain(`\`Name=api-gateway-${rid}-manual-failover\``);
    expect(runbook).toContain(`dig +short api-gateway.${rid}.${plan.dns.zone}`);
  });

  test('THEN the RTO of the tier counts the switch once, with the stated constant, in the report, the ledger and simulate', () => {
    const row = plan.reports.rto.find((r) => r.tier === 'api')!;
    expect(switchTerms(plan, 'api')).toEqual([{ label: expect.stringContaining(SWITCH_LABEL), seconds: MANUAL_SWITCH_SECONDS }]);
    expect(row.achievedSeconds).toBe(row.terms.reduce((a, t) => a + t.seconds, 0));
    // the same tier without the switch would be MANUAL_SWITCH_SECONDS faster
    expect(row.terms.filter((t) => !t.label.startsWith(SWITCH_LABEL)).reduce((a, t) => a + t.seconds, 0)).toBe(row.achievedSeconds - MANUAL_SWITCH_SECONDS);
    expect(files.get('report.md')).toMatch(new RegExp(`${SWITCH_LABEL}[^|\\n]*`));
    const entry = planLedger(plan).find((e) => e.section === 'rto' && e.claim === `api: ${switchTerms(plan, 'api')[0].label} ${MANUAL_SWITCH_SECONDS}s`)!;
    expect(entry.human).toBe(true);
    expect(entry.refs).toEqual(expect.arrayContaining([{ kind: 'terraform', stack: 'global', type: 'aws_route53_health_check', equals: { type: 'CALCULATED', 'tags.Name': 'api-gateway-us-east-manual-failover' } }, { kind: 'file', path: 'runbooks/api-gateway-us-east.md' }]));
    // every reference of the step resolves to a generated resource or file
    const [resolved] = resolveLedger([entry], files);
    expect(resolved.missing).toBe(0);
    expect(resolved.lines.join('\n')).toContain('terraform/global: aws_route53_health_check.');
    expect(simulate(plan, 'us-east').tiers.find((t) => t.tier === 'api')!.rtoSeconds).toBe(row.achievedSeconds);
  });
});

describe('GIVEN eurobank with its manual back-office public', () => {
  const text = EUROBANK.replace('    port: 8081\n', '    port: 8081\n    public: true\n');
  const plan = planOf(text);

  test('THEN dublin -> amsterdam-az has a SECONDARY and a switch, the runbook flips it, the RTO counts it', () => {
    expect(text).not.toBe(EUROBANK);
    const name = `back-office.dublin.${plan.dns.zone}`;
    const pair = plan.traffic.records.filter((r) => r.name === name && r.routing === 'failover');
    expect(pair.map((r) => [r.failoverRole, r.target])).toEqual([
      ['PRIMARY', { kind: 'entry-point', region: 'dublin' }],
      ['SECONDARY', { kind: 'entry-point', region: 'amsterdam-az' }],
    ]);
    expect(pair[0].switch).toEqual({ output: 'manual_switch_back-office_dublin', name: 'back-office-dublin-manual-failover' });
    expect(switchTerms(plan, 'back-office').map((t) => t.seconds)).toEqual([MANUAL_SWITCH_SECONDS]);
    const runbook = renderRunbooks(plan).get('back-office')!;
    expect(runbook).toContain('aws route53 update-health-check --health-check-id "$(terraform -chdir=terraform/global output -raw manual_switch_back-office_dublin)" --inverted');
  });

  test('THEN the automated and restore tiers get no switch', () => {
    expect(plan.traffic.records.filter((r) => r.switch).map((r) => r.tier)).toEqual(['back-office']);
    for (const t of ['core-banking', 'payments', 'statements']) expect(switchTerms(plan, t)).toEqual([]);
  });
});

describe('GIVEN the reference (treasury is manual, its wallet is not public)', () => {
  const plan = referencePlan();

  test('THEN no switch exists and the treasury RTO has no switch term; the wallet runbooks say there is no DNS switch', () => {
    expect(plan.tiers.find((t) => t.id === 'treasury')!.failover).toBe('manual');
    expect(plan.traffic.records.filter((r) => r.switch)).toEqual([]);
    expect(switchTerms(plan, 'treasury')).toEqual([]);
    for (const rid of ['us-east', 'eu-central', 'ap-southeast']) {
      expect(referenceFiles().get(`runbooks/wallet-${rid}.md`)).toContain('No DNS switch: `wallet` is not public');
    }
  });
});

describe.each(['notely', 'eurobank', 'shopasia'])('GIVEN the company spec %s', (company) => {
  const plan = planOf(readFileSync(path.join(ROOT, 'test', 'fixtures', 'companies', `${company}.spec.yaml`), 'utf8'));
  // a region, or a restore site's cluster view (its entry point answers the restore tiers' public services)
  const regionOf = (id: string) => clusterRegions(plan).find((r) => r.id === id)!;

  test('THEN every public service an AWS primary serves has the anycast name, covered by every AWS primary certificate serving it, and by no failover region', () => {
    const served = plan.entryPoints.filter((e) => e.cloud === 'aws' && regionOf(e.region).role === 'primary').flatMap((e) => e.listeners.map((l) => l.service));
    expect(served.length).toBeGreaterThan(0);
    expect(plan.traffic.anycast.map((a) => a.service).sort()).toEqual([...new Set(served)].sort());
    for (const a of plan.traffic.anycast) {
      expect(a.name).toBe(`${a.service}.anycast.${plan.dns.zone}`);
      for (const e of plan.entryPoints) {
        const l = e.listeners.find((x) => x.service === a.service);
        if (!l) continue;
        const behindAccelerator = e.cloud === 'aws' && regionOf(e.region).role === 'primary';
        expect({ region: e.region, covered: l.certificate.domains.includes(a.name) }).toEqual({ region: e.region, covered: behindAccelerator });
        if (behindAccelerator) expect(l.port).toBe(a.port);
      }
    }
  });

  test('THEN the load balancers speak to the pods what the pods serve: h2c on GKE for http2/grpc, HTTP/1.1 on Azure, TCP through the NLB', () => {
    for (const e of plan.entryPoints) {
      const region = regionOf(e.region);
      for (const l of e.listeners) {
        const w = region.workloads.find((x) => x.service === l.service)!;
        const expected = e.cloud === 'aws' ? 'tcp' : e.cloud === 'gcp' && (l.protocol === 'http2' || l.protocol === 'grpc') ? 'h2c' : 'http/1.1';
        expect({ at: `${e.region}/${l.service}`, backend: l.backendProtocol }).toEqual({ at: `${e.region}/${l.service}`, backend: expected });
        if (expected === 'h2c') expect(w.appProtocol).toBe('kubernetes.io/h2c');
        if (e.cloud === 'azure') expect(l.protocol).not.toBe('grpc');
      }
    }
  });
});
