import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Lazy, Token } from 'cdktf';
import { resolve as cdktfResolve } from 'cdktf/lib/_tokens';
import { invokeAspects } from 'cdktf/lib/synthesize/synthesizer';
import { TokenMap } from 'cdktf/lib/tokens/private/token-map';
import { jsonClean, registerStringKey, synthTerraform, terraformReadme, withoutCreationStacks, withTokenScope } from '../../../constructs/terraform';
import { createStack, setRenames } from '../../../constructs/terraform/stacks';
import { sortKeys, toJson } from '../../../synth/output/serialize';
import { referenceFiles } from '../../helpers/reference';
import { validateTerraformStack } from '../../helpers/tf-schema';
import { deepClone, referencePlan, referenceStacks, resourceCounts, ROOT } from './fixture';

const plan = referencePlan();
const stacks = referenceStacks();
const stackNames = plan.stacks.map((s) => s.name);

/** Every string in a JSON value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]);
  return [];
}

/** Every key of a JSON value, at any depth. */
function keys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keys);
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...keys(v)]);
  return [];
}

describe('synthTerraform', () => {
  test('returns one cdk.tf.json per planned stack', () => {
    // GIVEN the reference plan, synthesized once per run THEN the stacks are exactly the plan.stacks entries
    expect([...stacks.keys()].sort()).toEqual([...stackNames].sort());
  });

  test.each(stackNames)('%s validates against the provider schemas', (name) => {
    // GIVEN a synthesized stack WHEN validated THEN no problems
    expect(validateTerraformStack(stacks.get(name))).toEqual([]);
  });

  test.each(stackNames)('%s stores its state in the plan S3 backend with locking', (name) => {
    // GIVEN a stack THEN its backend is S3 with the plan's bucket/region, a per-stack key, encryption and the lockfile
    const backend = stacks.get(name).terraform.backend;
    expect(Object.keys(backend)).toEqual(['s3']);
    expect(backend.s3).toEqual({
      bucket: plan.backend.bucket,
      key: `${plan.backend.keyPrefix}/${name}/terraform.tfstate`,
      region: plan.backend.region,
      encrypt: true,
      use_lockfile: true,
    });
  });

  test.each(stackNames)('%s pins a provider for every resource and data source type it uses', (name) => {
    // GIVEN a stack THEN each provider prefix of its resource and data types is in required_providers (no implicit, unpinned provider)
    const stack = stacks.get(name);
    const types = [...Object.keys(stack.resource ?? {}), ...Object.keys(stack.data ?? {})].filter((t) => t !== 'terraform_remote_state');
    expect(types.length).toBeGreaterThan(0);
    const used = [...new Set(types.map((t) => t.split('_')[0]))].sort();
    const pinned = Object.keys(stack.terraform.required_providers ?? {});
    expect(used.filter((p) => !pinned.includes(p))).toEqual([]);
    for (const p of used) expect(stack.terraform.required_providers[p].version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test('is deterministic: two synths are equal', () => {
    // GIVEN two independent synths of the same plan THEN they serialize identically
    // (the shared reference output is the first synth)
    const b = synthTerraform(deepClone(plan));
    expect([...b.keys()].map((f) => f.split('/')[1]).sort()).toEqual([...stacks.keys()].sort());
    for (const [f, s] of b) expect(toJson(s)).toBe(referenceFiles().get(f));
  });

  test('writes nothing machine- or version-dependent', () => {
    // GIVEN every string and key of every stack
    const all = [...stacks.values()].flatMap(strings);
    // THEN no absolute path of this machine, no cdktf metadata, no local backend
    for (const forbidden of [process.cwd(), ROOT, os.tmpdir(), os.homedir()]) {
      expect(all.filter((s) => s.includes(forbidden))).toEqual([]);
    }
    expect(all.filter((s) => /cdktf/i.test(s))).toEqual([]);
    for (const stack of stacks.values()) {
      expect(keys(stack)).not.toContain('//');
      expect(stack.terraform.backend.local).toBeUndefined();
    }
  });

  test('contains no `${` that is not a Terraform interpolation of this stack', () => {
    // GIVEN every string with `${` THEN each interpolation names a resource, data source or variable of the same stack
    for (const [name, stack] of stacks) {
      for (const s of strings(stack).filter((x) => x.includes('${'))) {
        for (const m of s.matchAll(/\$\{([^}]*)\}/g)) {
          // Every reference in the expression (function calls and object literals included; string literals skipped).
          // Local names of `for` expressions (`{ for o in <ref> : o.x => o }`) are not references.
          const locals = new Set([...m[1].matchAll(/\bfor ([a-z_]\w*)(?:, ([a-z_]\w*))? in /g)].flatMap((x) => [x[1], x[2]]).filter(Boolean));
          const refs = [...m[1].replace(/"[^"]*"/g, '""').matchAll(/(?<![\w.-])([a-z_][a-z0-9_]*)\.([\w-]+)(?:\.([\w-]+))?/g)].filter((r) => !locals.has(r[1]));
          expect(refs.length).toBeGreaterThan(0);
          for (const ref of refs) {
            const ok =
              (ref[1] === 'data' && stack.data?.[ref[2]]?.[ref[3]] !== undefined) ||
              (ref[1] === 'var' && stack.variable?.[ref[2]] !== undefined) ||
              (ref[1] === 'path' && ref[2] === 'module') ||
              stack.resource?.[ref[1]]?.[ref[2]] !== undefined;
            expect({ stack: name, ref: ref[0], ok }).toEqual({ stack: name, ref: ref[0], ok: true });
          }
        }
      }
    }
  });

  test('tags every AWS resource through the providers default tags (plan tags + region)', () => {
    for (const s of plan.stacks.filter((x) => x.cloud === 'aws')) {
      // GIVEN an AWS stack THEN every AWS provider carries the plan's tags
      for (const provider of stacks.get(s.name).provider.aws) {
        expect(provider.default_tags[0].tags).toEqual(expect.objectContaining({ ...plan.tags, ...(s.region ? { region: s.region } : {}) }));
      }
    }
  });

  test('reports resource counts (informational)', () => {
    const counts = Object.fromEntries(stackNames.map((n) => [n, resourceCounts(stacks.get(n)).total]));
    for (const n of stackNames) expect(counts[n]).toBeGreaterThan(0);
  });
});

/** What synthTerraform kept before jsonClean: a JSON round trip, then every `//` key dropped. */
function roundTrip(value: unknown): unknown {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(Object.entries(v).filter(([k]) => k !== '//').map(([k, x]) => [k, strip(x)]));
  };
  return strip(JSON.parse(JSON.stringify(value)));
}

describe('synthTerraform, one stack at a time', () => {
  /** Every stack built in one App, all alive together (as synthTerraform did before it built one App per stack). */
  function oneApp(): Map<string, string> {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-one-app-'));
    try {
      return withoutCreationStacks(() => {
        const app = new App({ outdir, skipValidation: true, stackTraces: false });
        setRenames(app, plan);
        const built = plan.stacks.map((s) => [s.name, createStack(app, plan, s)] as const);
        return new Map(built.map(([name, stack]) => (invokeAspects(stack), [`terraform/${name}/cdk.tf.json`, toJson(roundTrip(stack.terraformJson()))])));
      });
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }

  test('GIVEN the reference plan WHEN every stack is synthesized in its own App and token scope THEN each is byte for byte the stack built beside all the others', () => {
    const together = oneApp();
    const alone = synthTerraform(deepClone(plan));
    expect([...alone.keys()]).toEqual([...together.keys()]);
    for (const [file, json] of alone) expect([file, toJson(json)]).toEqual([file, together.get(file)]);
  });

  test.each(['global', plan.stacks[plan.stacks.length - 1].name])('GIVEN only stack %s asked for THEN it is the one synthesized with all others', (name) => {
    const file = `terraform/${name}/cdk.tf.json`;
    const only = synthTerraform(deepClone(plan), [name]);
    expect([...only.keys()]).toEqual([file]);
    expect(toJson(only.get(file))).toBe(referenceFiles().get(file));
  });
});

describe('withTokenScope', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-token-scope-'));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
  const app = new App({ outdir, skipValidation: true, stackTraces: false });
  const lazy = (value: string) => Token.asString(Lazy.stringValue({ produce: () => value }));

  test('GIVEN a token made before a scope WHEN resolved inside it and after it THEN it resolves both times', () => {
    const before = lazy('before');
    expect(withTokenScope(() => cdktfResolve(app, { a: before }))).toEqual({ a: 'before' });
    expect(cdktfResolve(app, { a: before })).toEqual({ a: 'before' });
  });

  test('GIVEN a token made inside a scope WHEN it is resolved inside THEN it resolves; after the scope or in another scope THEN cdktf refuses it (nothing keeps it alive)', () => {
    const inside = withTokenScope(() => {
      const t = lazy('inside');
      expect(cdktfResolve(app, t)).toBe('inside');
      return t;
    });
    expect(() => cdktfResolve(app, inside)).toThrow(/Unrecognized Token Key/);
    expect(() => withTokenScope(() => cdktfResolve(app, inside))).toThrow(/Unrecognized Token Key/);
  });

  test('GIVEN a scope that throws THEN the tokens made before it still resolve afterwards', () => {
    const before = lazy('kept');
    expect(() =>
      withTokenScope(() => {
        lazy('dropped');
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(cdktfResolve(app, before)).toBe('kept');
    expect(lazy('after')).not.toBe(before);
  });

  test.each<[string, string | undefined]>([
    ['no display hint', undefined],
    ['an empty hint', ''],
    ['a plain hint', 'aws_vpc.main.id'],
    ['characters cdktf replaces', 'arn:aws:iam::${x}/role name*[0]'],
    ['non-ASCII and a newline', 'zürich\nregion'],
  ])('GIVEN %s WHEN a string key is registered inside a scope THEN the key and the counter are what cdktf makes', (_, hint) => {
    const fresh = () => ({ tokenCounter: 7, stringTokenMap: new Map<string, unknown>() });
    const theirs = fresh();
    const cdktfKey = (TokenMap.prototype as unknown as { registerStringKey(this: unknown, t: unknown, h?: string): string }).registerStringKey.call(theirs, 'token', hint);
    const ours = fresh();
    const key = registerStringKey.call(ours as never, 'token', hint);
    expect(key).toBe(cdktfKey);
    expect(ours.tokenCounter).toBe(8);
    expect([...ours.stringTokenMap]).toEqual([...theirs.stringTokenMap]);
  });

  test('GIVEN a scope WHEN it ends THEN the token map uses cdktf\'s own registerStringKey again', () => {
    const map = TokenMap.instance() as unknown as { registerStringKey: unknown };
    withTokenScope(() => expect(map.registerStringKey).toBe(registerStringKey));
    expect(map.registerStringKey).toBe((TokenMap.prototype as unknown as { registerStringKey: unknown }).registerStringKey);
  });
});

describe('jsonClean', () => {
  class Box {
    constructor(readonly inner: unknown) {}
  }

  test.each<[string, unknown]>([
    ['plain data with metadata at every depth', { '//': { metadata: 1 }, a: [{ '//': 'x', b: 1 }], c: { d: { '//': null, e: 'f' } } }],
    ['undefined members and array elements, functions', { a: undefined, b: [undefined, () => 1, 2], c: () => 1 }],
    ['numbers JSON cannot hold', { a: NaN, b: [Infinity, -Infinity], c: -0, d: 1e21, e: 5e-324 }],
    ['a toJSON method (its key passed) and a Date', { a: { toJSON: (k: string) => ({ key: k, '//': 'meta' }) }, b: new Date(0), c: [{ toJSON: (k: string) => k }] }],
    ['class instances and boxed values', { a: new Box({ '//': 1, x: [new Box(2)] }), b: new String('s'), c: new Number(3), d: Object.create(null) }],
    ['a __proto__ key', JSON.parse('{"__proto__": {"x": 1}, "y": 2}')],
    ['strings with lone surrogates', { a: '\ud800', b: 'é\u2028' }],
    ['unsorted keys at every depth', { z: 1, '//': 1, b: [{ y: 1, x: { q: 1, p: [] } }], a: { d: 1, c: 2 } }],
  ])('GIVEN %s THEN jsonClean is the JSON round trip without `//`, in the key order of dist/', (_, value) => {
    const out = jsonClean(value);
    expect(JSON.stringify(sortKeys(out))).toBe(JSON.stringify(sortKeys(roundTrip(value))));
    expect(out).toEqual(roundTrip(value));
  });

  test('GIVEN plain data with unsorted keys THEN jsonClean sorts them, so that dist/\'s sortKeys shares every object of it', () => {
    const value = { z: 1, '//': 1, b: [{ y: 1, x: { q: 1, p: [] } }], a: { d: 1, c: 2 } };
    const out = jsonClean(value) as Record<string, unknown>;
    expect(JSON.stringify(out)).toBe('{"a":{"c":2,"d":1},"b":[{"x":{"p":[],"q":1},"y":1}],"z":1}');
    expect(sortKeys(out)).toBe(out);
  });
});

describe('terraformReadme', () => {
  const readme = terraformReadme(plan);

  test('lists the stacks wave by wave with their commands and backend keys', () => {
    // GIVEN the README THEN every stack appears, in wave order, with its apply commands and key
    const positions = [...plan.stacks].sort((a, b) => a.wave - b.wave).map((s) => ({ s, at: readme.indexOf(`### \`${s.name}\``) }));
    for (const { s, at } of positions) {
      expect(at).toBeGreaterThan(-1);
      if (s.kind !== 'bootstrap') expect(readme).toContain(`cd dist/terraform/${s.name} && terraform init && terraform plan -out tfplan && terraform apply tfplan`);
      expect(readme).toContain(`${plan.backend.keyPrefix}/${s.name}/terraform.tfstate`);
    }
    const maxWave1 = Math.max(...positions.filter((p) => p.s.wave === 1).map((p) => p.at));
    const minWave2 = Math.min(...positions.filter((p) => p.s.wave === 2).map((p) => p.at));
    expect(maxWave1).toBeLessThan(minWave2);
  });

  test('documents what the global stack reads from remote state and the one-time entry-point steps', () => {
    const global = plan.stacks.find((s) => s.kind === 'global')!;
    for (const dep of global.dependsOn) expect(readme).toContain(`\`${dep}\` (\`s3://${plan.backend.bucket}/${plan.backend.keyPrefix}/${dep}/terraform.tfstate\`)`);
    expect(readme).toContain('## Public entry points');
    expect(readme).not.toContain('external-dns');
  });

  test('is deterministic and ends with one newline', () => {
    expect(terraformReadme(deepClone(plan))).toBe(readme);
    expect(readme.endsWith('\n')).toBe(true);
    expect(readme.endsWith('\n\n')).toBe(false);
  });
});
