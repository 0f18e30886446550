/**
 * PlatformStack.terraformJson() (constructs/terraform/stacks/base.ts), which synthTerraform serializes, is cdktf's
 * own TerraformStack.toTerraform() without the `//` metadata: for every stack of the reference and company specs,
 * built twice in separate Apps (one read each way), the two are equal value for value and key order for key order.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { invokeAspects } from 'cdktf/lib/synthesize/synthesizer';
import { withoutCreationStacks } from '../../../constructs/terraform';
import { createStack, setRenames } from '../../../constructs/terraform/stacks';
import { mergeFragment } from '../../../constructs/terraform/stacks/base';
import { compile } from '../../../synth/compile';
import type { Plan } from '../../../synth/model/index';
import { referencePlan } from '../../helpers/reference';

const COMPANIES = path.join(__dirname, '..', '..', 'fixtures', 'companies');

function companyPlan(name: string): Plan {
  const file = path.join(COMPANIES, `${name}.spec.yaml`);
  const r = compile(file, fs.readFileSync(file, 'utf8'), 'plan');
  expect(r.ok).toBe(true);
  return r.plan as Plan;
}

/** JSON as synthTerraform keeps it: a JSON round trip with every `//` key dropped, key order kept. */
function withoutMetadata(value: unknown): unknown {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(Object.entries(v).filter(([k]) => k !== '//').map(([k, x]) => [k, strip(x)]));
  };
  return strip(JSON.parse(JSON.stringify(value)));
}

/** Every stack of `plan` built in a fresh App and read with `read`. */
function stacksOf(plan: Plan, read: 'toTerraform' | 'terraformJson'): Map<string, string> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-stack-json-'));
  try {
    return withoutCreationStacks(() => {
      const app = new App({ outdir, skipValidation: true, stackTraces: false });
      setRenames(app, plan);
      const out = new Map<string, string>();
      for (const s of plan.stacks) {
        const stack = createStack(app, plan, s);
        invokeAspects(stack);
        out.set(s.name, JSON.stringify(withoutMetadata(read === 'toTerraform' ? stack.toTerraform() : stack.terraformJson())));
      }
      return out;
    });
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe.each([
  ['the reference spec', () => referencePlan()],
  ['notely', () => companyPlan('notely')],
  ['eurobank', () => companyPlan('eurobank')],
  ['shopasia', () => companyPlan('shopasia')],
])('GIVEN every stack of %s', (_, plan) => {
  test("WHEN read with terraformJson() and with cdktf's toTerraform() THEN the JSON is the same, key order included", () => {
    const p = plan();
    const fast = stacksOf(p, 'terraformJson');
    const cdktf = stacksOf(p, 'toTerraform');
    expect([...fast.keys()]).toEqual(p.stacks.map((s) => s.name));
    for (const [name, json] of fast) {
      expect(json.length).toBeGreaterThan(100);
      expect([name, json]).toEqual([name, cdktf.get(name)]);
    }
  });
});

test('GIVEN the renames of test/fixtures/review-rename (a region, a service, a database) WHEN its stacks are read both ways THEN the JSON, moved blocks included, is the same', () => {
  const root = path.join(__dirname, '..', '..', '..');
  const fixture = JSON.parse(fs.readFileSync(path.join(root, 'test', 'fixtures', 'review-rename', 'edits.json'), 'utf8')) as { edits: { find: string; replace: string }[] };
  let text = fs.readFileSync(path.join(root, 'platform.spec.yaml'), 'utf8');
  for (const e of fixture.edits) {
    expect(text).toContain(e.find);
    text = text.split(e.find).join(e.replace);
  }
  const r = compile('renamed.spec.yaml', text, 'plan');
  expect(r.ok).toBe(true);
  const plan = r.plan as Plan;
  const fast = stacksOf(plan, 'terraformJson');
  const cdktf = stacksOf(plan, 'toTerraform');
  expect([...fast].filter(([, j]) => j.includes('"moved"')).length).toBeGreaterThan(0);
  for (const [name, json] of fast) expect([name, json]).toEqual([name, cdktf.get(name)]);
});

describe('mergeFragment: cdktf\'s deepMerge of the elements\' fragments, bodies taken as they are', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { deepMerge } = require('cdktf/lib/util') as { deepMerge(t: object, ...s: object[]): object };
  const frag = {
    role: () => ({ resource: { aws_iam_role: { a: { name: 'a', tags: { x: '1' }, inline_policy: [{ name: 'p' }] } } } }),
    role2: () => ({ resource: { aws_iam_role: { b: { name: 'b', description: undefined, path: null } } } }),
    bucket: () => ({ resource: { aws_s3_bucket: { logs: { bucket: 'l', lifecycle: { prevent_destroy: true } } } } }),
    data: () => ({ data: { aws_caller_identity: { me: {} } } }),
    provider: (alias: string) => ({ terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '6.25.0' } } }, provider: { aws: [{ region: 'us-east-1', alias }] } }),
    again: () => ({ resource: { aws_iam_role: { a: { description: 'second fragment at the same address', tags: { y: '2' }, inline_policy: [{ name: 'q' }] } } } }),
    output: () => ({ output: { arn: { value: '${aws_iam_role.a.arn}' } } }),
  };
  test.each<[string, (() => Record<string, unknown>)[]]>([
    ['resources of one type and another', [frag.role, frag.role2, frag.bucket]],
    ['a data source, providers (lists concatenated, required_providers merged) and an output', [frag.provider.bind(null, 'one'), frag.data, frag.role, frag.provider.bind(null, 'two'), frag.output]],
    ['a second fragment at an address already there (merged deeply, lists concatenated)', [frag.role, frag.again, frag.role2]],
    ['nothing', []],
  ])('GIVEN %s THEN the stack is what deepMerge makes, after the JSON round trip', (_what, fragments) => {
    const merged: Record<string, unknown> = {};
    for (const f of fragments) mergeFragment(merged, f());
    const expected: Record<string, unknown> = {};
    for (const f of fragments) deepMerge(expected, f());
    expect(JSON.parse(JSON.stringify(merged))).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(JSON.stringify(merged)).toBe(JSON.stringify(expected)); // the same key order too
  });

  test('GIVEN a fresh body THEN it is taken, not copied', () => {
    const body = { name: 'a' };
    const merged: Record<string, unknown> = {};
    mergeFragment(merged, { resource: { aws_iam_role: { a: body } } });
    expect((merged.resource as Record<string, Record<string, unknown>>).aws_iam_role.a).toBe(body);
  });
});
