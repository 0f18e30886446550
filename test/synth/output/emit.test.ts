import { readFileSync } from 'fs';
import { parseAllDocuments } from 'yaml';
import * as path from 'path';
import { compile } from '../../../synth/compile';
import type { Plan } from '../../../synth/model/index';
import type { SynthCache } from '../../../synth/output/cache';
import { createSvgRenderer, platformDot } from '../../../synth/output/diagram';
import { svgRendererFor } from '../../../synth/output/emit';
import { readTree } from '../../../synth/output/write';
import { passwordValues, withoutSensitiveVariables } from '../../constructs/terraform/fixture';
import { referenceFiles } from '../../helpers/reference';

const ROOT = path.join(__dirname, '..', '..', '..');
const REFERENCE = readFileSync(path.join(ROOT, 'platform.spec.yaml'), 'utf8');

describe('emit: the whole dist/ of the reference spec', () => {
  let files: ReadonlyMap<string, string>;
  beforeAll(() => {
    files = referenceFiles(); // compiled once per run by test/global-setup.ts
  });

  test('GIVEN the committed dist/ THEN it is byte for byte what the spec produces (run `npm run synth` when this fails)', () => {
    const committed = readTree(path.join(ROOT, 'dist'));
    expect([...committed.keys()].sort()).toEqual([...files.keys()].sort());
    const stale = [...files].filter(([f, text]) => committed.get(f) !== text).map(([f]) => f);
    expect(stale).toEqual([]);
  });

  test('GIVEN the plan THEN there is one Terraform stack per region, interconnect pair and restore site plus bootstrap and global, and one manifest directory per cluster with workloads', () => {
    const plan = JSON.parse(files.get('plan.json')!) as { regions: { id: string; workloads: unknown[] }[]; stacks: { name: string }[]; interconnects: { name: string }[]; restoreSites: { name: string }[] };
    const stacks = [...files.keys()].filter((f) => f.endsWith('/cdk.tf.json')).map((f) => f.split('/')[1]).sort();
    expect(stacks).toEqual([...plan.regions.map((r) => `region-${r.id}`), 'bootstrap', 'global', ...plan.interconnects.map((i) => i.name), ...plan.restoreSites.map((x) => x.name)].sort());
    expect(stacks).toEqual(plan.stacks.map((s) => s.name).sort());
    const clusters = [...new Set([...files.keys()].filter((f) => f.startsWith('kubernetes/') && !f.startsWith('kubernetes/argocd/') && !f.startsWith('kubernetes/addons/')).map((f) => f.split('/')[1]))].sort();
    // the regions' clusters and the restore sites' (their cluster views)
    expect(clusters).toEqual([...plan.regions.filter((r) => r.workloads.length > 0).map((r) => r.id), ...plan.restoreSites.map((x) => x.name)].sort());
  });

  test('GIVEN every text file THEN LF endings, a trailing newline, and no timestamp', () => {
    for (const [f, text] of files) {
      expect({ f, crlf: text.includes('\r\n') }).toEqual({ f, crlf: false });
      expect({ f, newline: text.endsWith('\n') }).toEqual({ f, newline: true });
      expect({ f, stamp: /20\d\d-\d\d-\d\dT\d\d:\d\d/.test(text) }).toEqual({ f, stamp: false });
    }
  });

  test('GIVEN every Terraform stack THEN no argument carries a password value', () => {
    // (a reference to a sensitive variable the operator supplies is not a value)
    for (const [f, text] of files) if (f.endsWith('cdk.tf.json')) expect({ f, passwords: passwordValues(withoutSensitiveVariables(JSON.parse(text))) }).toEqual({ f, passwords: [] });
  });

  test('GIVEN JSON files THEN keys are sorted at every level', () => {
    const sorted = (v: unknown): boolean =>
      Array.isArray(v) ? v.every(sorted) : v && typeof v === 'object' ? Object.keys(v).join('\u0000') === Object.keys(v).sort().join('\u0000') && Object.values(v).every(sorted) : true;
    for (const [f, text] of files) if (f.endsWith('.json')) expect({ f, sorted: sorted(JSON.parse(text)) }).toEqual({ f, sorted: true });
  });

  test('GIVEN the diagram THEN it is an SVG naming every region, without the Graphviz version', () => {
    const svg = files.get('platform.svg')!;
    expect(svg).toMatch(/^<\?xml[^]*<svg[^]*<\/svg>\n$/);
    expect(svg).not.toMatch(/graphviz version/i);
    const plan = JSON.parse(files.get('plan.json')!) as { regions: { id: string }[] };
    for (const r of plan.regions) expect(svg).toContain(r.id.replace(/-/g, '&#45;')); // Graphviz escapes '-'
  });

  test('GIVEN Route 53 SECONDARY failover records THEN each targets an entry-point address its failover region stack outputs, and that cluster serves the name', () => {
    const global = JSON.parse(files.get('terraform/global/cdk.tf.json')!) as { resource: { aws_route53_record: Record<string, { name: string; failover_routing_policy?: { type: string }; records?: string[]; alias?: { name: string }; set_identifier?: string }> } };
    const secondaries = Object.values(global.resource.aws_route53_record).filter((r) => r.failover_routing_policy?.type === 'SECONDARY');
    expect(secondaries.length).toBeGreaterThan(0);
    const objects = [...files]
      .filter(([f]) => f.startsWith('kubernetes/') && f.endsWith('.yaml'))
      .flatMap(([f, text]) => parseAllDocuments(text).map((d) => ({ f, o: d.toJS() as { kind: string; spec?: { hostnames?: string[] } } })));
    for (const r of secondaries) {
      const ref = r.alias ? r.alias.name : r.records![0];
      const m = /^\$\{data\.terraform_remote_state\.state-region-([a-z0-9-]+)\.outputs\.([a-z_]+)\}$/.exec(ref);
      expect(m).not.toBeNull();
      const [, region, output] = m!;
      expect(r.set_identifier).toBe(`${region}-secondary`);
      const stack = JSON.parse(files.get(`terraform/region-${region}/cdk.tf.json`)!) as { output: Record<string, { value: string }> };
      expect(stack.output[output].value).toMatch(/^\$\{(aws_lb|google_compute_global_address|azurerm_public_ip)\./);
      // the failover cluster answers the name: an HTTPRoute (GKE) lists it; AWS / Azure listeners are checked in test/constructs/terraform/entry-points.test.ts
      const routes = objects.filter(({ f, o }) => f.startsWith(`kubernetes/${region}/`) && o?.kind === 'HTTPRoute');
      if (routes.length > 0) expect(routes.some(({ o }) => o.spec?.hostnames?.includes(r.name))).toBe(true);
    }
  });

  test('GIVEN a manual-failover tier THEN each of its services has a runbook naming the generated resources', () => {
    const plan = JSON.parse(files.get('plan.json')!) as { tiers: { id: string; failover: string }[]; services: { id: string; tier: string; usesDatabases: string[] }[]; regions: { id: string; cluster: { name: string }; failoverRegion?: string }[] };
    const manual = plan.services.filter((s) => plan.tiers.find((t) => t.id === s.tier)!.failover === 'manual');
    expect(manual.length).toBeGreaterThan(0);
    for (const s of manual) {
      const books = [...files.keys()].filter((f) => f.startsWith(`runbooks/${s.id}`));
      expect(books.length).toBeGreaterThan(0);
      for (const b of books) {
        const text = files.get(b)!;
        const standby = plan.regions.find((r) => text.includes(`to \`${r.id}\``))!;
        expect(text).toContain(standby.cluster.name);
        for (const db of s.usesDatabases) expect(text).toContain(`\`${db}`);
        expect(text).toMatch(/## 5\. Verification/);
        // The alerts the runbook names are generated rules: the service's in the primary cluster, the primary's
        // Watchdog, and the region-down alert the surviving clusters evaluate.
        const primary = /from `([a-z0-9-]+)`/.exec(text)![1];
        const rulesOf = (file: string) =>
          parseAllDocuments(files.get(file)!)
            .map((d) => d.toJS() as { kind: string; spec: { groups: { rules: { alert: string }[] }[] } })
            .filter((o) => o?.kind === 'PrometheusRule')
            .flatMap((o) => o.spec.groups.flatMap((g) => g.rules.map((r) => r.alert)));
        const survivors = [...files.keys()].filter((f) => f.endsWith('/06-region-probes.yaml') && !f.startsWith(`kubernetes/${primary}/`));
        const regionDown = survivors.flatMap(rulesOf).filter((a) => a === `RegionDown${primary.split('-').map((x) => x[0].toUpperCase() + x.slice(1)).join('')}`);
        expect(regionDown.length).toBeGreaterThan(0);
        const alerts = [...rulesOf(`kubernetes/${primary}/${s.id}.yaml`), ...rulesOf(`kubernetes/${primary}/02-monitoring.yaml`), ...regionDown];
        const named = [...text.matchAll(/`([A-Z][A-Za-z]+)`/g)].map((m) => m[1]);
        expect(named.length).toBeGreaterThan(0);
        for (const a of named) expect(alerts).toContain(a);
      }
    }
  });
});

describe('svgRendererFor: the diagram rendered once, before the synthesis', () => {
  let plan: Plan;
  beforeAll(() => {
    plan = compile('platform.spec.yaml', REFERENCE, 'plan').plan!;
  });

  test('GIVEN no cache WHEN a renderer is asked for THEN Graphviz renders the plan\'s diagram once, at once, and the renderer gives that SVG for that text only', async () => {
    const rendered: string[] = [];
    const render = await svgRendererFor(plan, undefined, async () => (dot) => (rendered.push(dot), `<svg>${dot.length}</svg>`));
    expect(rendered).toEqual([platformDot(plan)]); // before any file is emitted
    expect(render(platformDot(plan))).toBe(`<svg>${platformDot(plan).length}</svg>`);
    expect(render(platformDot(plan))).toBe(`<svg>${platformDot(plan).length}</svg>`);
    expect(rendered).toHaveLength(1);
    expect(() => render('digraph other {}\n')).toThrow(/not the one the plan gave/);
  });

  test('GIVEN a cache holding the diagram of this plan THEN Graphviz is not loaded at all', async () => {
    const cache = { lookup: (id: string, view: { dot: string }) => (id === 'platform.svg' && view.dot === platformDot(plan) ? new Map([['platform.svg', '<svg>cached</svg>']]) : undefined) };
    const create = jest.fn(async () => (dot: string) => dot);
    const render = await svgRendererFor(plan, cache as unknown as SynthCache, create);
    expect(create).not.toHaveBeenCalled();
    expect(render(platformDot(plan))).toBe('<svg>cached</svg>');
  });
});
