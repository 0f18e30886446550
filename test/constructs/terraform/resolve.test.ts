/**
 * constructs/terraform/resolve.ts: `resolveFragment` returns what cdktf's own `resolve` returns (value and key order,
 * or the same error) for values with and without tokens. Every stack of the reference and company specs is compared
 * too, through terraformJson() against cdktf's toTerraform(), in stack-json.test.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Fn, Lazy, Op, TerraformStack, TerraformVariable, Token } from 'cdktf';
import { resolve as cdktfResolve } from 'cdktf/lib/_tokens';
import { dependable, ref } from 'cdktf/lib/tfExpression';
import { Construct } from 'constructs';
import { keysToSnakeCase, mayHoldNumberToken, resolveFragment, withMemoizedSnakeCase, withSingleArgumentResolve } from '../../../constructs/terraform/resolve';

let outdir: string;
let stack: TerraformStack;
let variable: TerraformVariable;

beforeAll(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-resolve-test-'));
  stack = new TerraformStack(new App({ outdir, skipValidation: true, stackTraces: false }), 'test');
  variable = new TerraformVariable(stack, 'region', { type: 'string' });
});
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

function deep(levels: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < levels; i++) v = { next: v };
  return v;
}

/** What cdktf's resolve gives (or throws) and what resolveFragment gives (or throws), as JSON to compare key order. */
function both(make: () => unknown, scope: Construct = stack): { cdktf: string; fast: string } {
  const run = (f: () => unknown) => {
    try {
      return `value ${JSON.stringify(f()) ?? 'undefined'}`;
    } catch (e) {
      return `error ${(e as Error).message.split('\n')[0]}`;
    }
  };
  const value = make();
  return { cdktf: run(() => cdktfResolve(scope, value)), fast: run(() => resolveFragment(scope, value)) };
}

describe('resolveFragment', () => {
  test.each<[string, () => unknown]>([
    ['plain data (undefined members and array elements dropped, key order kept)', () => ({ b: 1, a: [1, undefined, 'x', null, true], c: undefined, d: { z: -0, y: 1.5e-7 } })],
    ['strings with an e and digits that only look like number tokens', () => ({ a: '1e5', b: 'a-e-b', c: 'x.e.y', d: '-1.8881545897087626e+289' })],
    ['a literal Terraform expression (escape handling)', () => ({ a: '${var.region}', b: 'arn:${aws:username}', c: '}{' })],
    ['a variable reference', () => ({ region: variable.stringValue, list: [variable.stringValue, 'x'] })],
    ['a reference inside a longer string and in a key', () => ({ name: `prefix-${variable.stringValue}-suffix`, [variable.stringValue]: 'v' })],
    ['a lazy string, number and list', () => ({ s: Lazy.stringValue({ produce: () => 'lazy' }), n: Lazy.numberValue({ produce: () => 42 }), l: Lazy.listValue({ produce: () => ['a', 'b'] }) })],
    ['a lazy value producing an object with tokens', () => ({ any: Lazy.anyValue({ produce: () => ({ k: variable.stringValue, u: undefined }) }) })],
    ['number tokens, alone and concatenated', () => ({ n: Token.asNumber(variable.value), s: `${Token.asNumber(variable.value)}` })],
    ['a list token and a number list token', () => ({ l: Token.asList(variable.value), nl: Token.asNumberList(variable.value) })],
    ['a map token', () => ({ m: Token.asStringMap(variable.value), any: Token.asAnyMap(variable.value) })],
    ['functions', () => ({ j: Fn.join(',', [variable.stringValue, 'b']), e: Fn.jsonencode({ a: variable.stringValue }), l: Fn.lookup({ a: 'b' }, 'a', 'c') })],
    ['a Date', () => ({ at: new Date(0) })],
    ['a string token that is not registered', () => ({ a: '${TfToken[NOPE.999999]}' })],
    ["cdktf's map-token values in scalar places", () => [{ a: Token.STRING_MAP_TOKEN_VALUE }, { n: Token.NUMBER_MAP_TOKEN_VALUE }]],
    ['a list token beside another element', () => ({ l: [...Token.asList(variable.value), 'x'] })],
    ['a function value', () => ({ f: () => 1 })],
    ['nesting beyond cdktf depth limit', () => deep(205)],
    ['nesting just within it', () => deep(199)],
    ['a resource attribute reference, alone, in arrays and beside list tokens', () => ({ id: Token.asString(ref('aws_vpc.main.id')), ids: [Token.asString(ref('aws_subnet.a.id')), 'x', Token.asString(ref('aws_subnet.b.id'))], mixed: [Token.asString(ref('aws_subnet.a.id')), ...Token.asList(variable.value)], obj: ref('aws_vpc.main.arn') })],
    ['a reference whose identifier holds a token or looks like a number token', () => ({ a: Token.asString(ref(`aws_x.${variable.stringValue}.id`)), b: Token.asString(ref('aws_x.y.-1.8881545897087626e+289')) })],
    ['a reference with a cross-stack identifier for this stack', () => {
      const r = ref('aws_vpc.other.id', new TerraformStack(new App({ outdir, skipValidation: true }), 'other'));
      (r as unknown as { crossStackIdentifier: Record<string, string> }).crossStackIdentifier[stack.toString()] = 'data.terraform_remote_state.other.outputs.vpc';
      return { id: Token.asString(r), ids: [Token.asString(r)] };
    }],
    ['a function call token alone and in an array', () => ({ j: Fn.join(',', ['a']), l: [Fn.lower('A'), Token.asString(ref('aws_x.y.id'))] })],
    ['references inside longer strings (an ARN, two in one string, side by side)', () => ({
      arn: `arn:aws:s3:::${Token.asString(ref('aws_s3_bucket.b.bucket'))}/*`,
      two: `${Token.asString(ref('aws_vpc.a.id'))}/${Token.asString(ref('aws_vpc.b.id'))}`,
      adjacent: `${Token.asString(ref('aws_vpc.a.id'))}${Token.asString(ref('aws_vpc.b.id'))}`,
    })],
    ['references beside escape sequences, a stray brace, a number-token look-alike and other tokens', () => ({
      escape: `\${aws:username}-${Token.asString(ref('aws_x.y.id'))}`,
      after: `${Token.asString(ref('aws_x.y.id'))}-\${var.z}`,
      brace: `${Token.asString(ref('aws_x.y.id'))}}`,
      number: `1e${Token.asString(ref('aws_x.y.id'))}5`,
      variable: `${Token.asString(ref('aws_x.y.id'))}-${variable.stringValue}`,
      fn: `${Token.asString(ref('aws_x.y.id'))}-${Fn.lower('A')}`,
      unregistered: `${Token.asString(ref('aws_x.y.id'))}-\${TfToken[NOPE.999999]}`,
    })],
    ['references inside JSON text and beside closing braces, with and without an opening escape', () => ({
      json: JSON.stringify({ a: [{ host: Token.asString(ref('aws_rds_cluster.a.endpoint')), port: 5432 }, { host: Token.asString(ref('aws_rds_cluster.b.endpoint')) }] }),
      closeFirst: `}}${Token.asString(ref('aws_x.y.id'))}}{`,
      closeThenOpen: `}${Token.asString(ref('aws_x.y.id'))}\${var.z}}`,
      openThenClose: `\${${Token.asString(ref('aws_x.y.id'))}}`,
      dollar: `$${Token.asString(ref('aws_x.y.id'))}}$`,
    })],
    ['dependsOn entries of resources in this stack and of one in another stack', () => {
      const other = new TerraformStack(new App({ outdir, skipValidation: true }), 'elsewhere');
      return { a: dependable(variable), b: [dependable(new TerraformVariable(stack, 'zone', { type: 'string' })), dependable(new TerraformVariable(other, 'far', { type: 'string' }))] };
    }],
    ['a dependsOn entry whose fqn has a cross-stack identifier, and one whose fqn is not a reference', () => {
      const r = ref('var.crossed', new TerraformStack(new App({ outdir, skipValidation: true }), 'origin'));
      (r as unknown as { crossStackIdentifier: Record<string, string> }).crossStackIdentifier[stack.toString()] = 'data.terraform_remote_state.origin.outputs.crossed';
      return { crossed: dependable({ fqn: Token.asString(r) }), literal: dependable({ fqn: 'aws_x.literal' }), lazy: dependable({ fqn: Lazy.stringValue({ produce: () => 'aws_x.lazy' }) }) };
    }],
  ])('GIVEN %s WHEN resolved THEN the result (or error) is cdktf resolve one', (_, make) => {
    const r = both(make);
    expect(r.fast).toBe(r.cdktf);
  });

  test.each<[string, () => unknown]>([
    ['a restore count (conditional of an operator of nested function calls on a list attribute)', () =>
      Token.asNumber(Fn.conditional(Op.lt(Fn.lengthOf(Fn.setsubtract(['a', 'b'], Token.asList(ref('data.aws_rds_clusters.l.cluster_identifiers')))), 1), 1, 0))],
    ['operators on numbers, strings and tokens', () => ({ n: Op.add(Token.asNumber(variable.value), 2), s: Op.eq(variable.stringValue, 'x'), not: Op.not(Op.gt(1, Token.asNumber(ref('aws_x.y.count')))) })],
    ['function calls with arrays, maps, strings with escapes and newlines', () => ({
      j: Fn.jsonencode({ a: [variable.stringValue, { b: Token.asNumber(ref('aws_x.y.n')), c: 'line\nbreak ${x}' }] }),
      m: Fn.merge([{ a: 'b' }, Token.asAnyMap(variable.value)]),
      f: Fn.format('%s-%d', [variable.stringValue, Fn.lengthOf([1, 2])]),
    })],
    ['a conditional with string and list branches', () => ({ c: Fn.conditional(Op.eq(variable.stringValue, 'x'), [variable.stringValue], Token.asList(ref('aws_x.y.ids'))) })],
    ['a Lazy argument inside an expression', () => ({ l: Fn.lengthOf(Lazy.listValue({ produce: () => ['a', 'b'] })), n: Op.mul(Lazy.numberValue({ produce: () => 3 }), 2) })],
    ['an argument that fails to resolve', () => ({ bad: Fn.lengthOf(Lazy.anyValue({ produce: () => ({ f: () => 1 }) })) })],
  ])('GIVEN %s WHEN resolved with single argument resolution THEN the result (or error) is cdktf resolve one', (_, make) => {
    const value = make();
    const run = (f: () => unknown) => {
      try {
        return `value ${JSON.stringify(f()) ?? 'undefined'}`;
      } catch (e) {
        return `error ${(e as Error).message.split('\n')[0]}`;
      }
    };
    const cdktf = run(() => cdktfResolve(stack, value));
    expect(run(() => withSingleArgumentResolve(() => resolveFragment(stack, value)))).toBe(cdktf);
    expect(run(() => withSingleArgumentResolve(() => cdktfResolve(stack, value)))).toBe(cdktf);
  });

  test('GIVEN a nested expression WHEN resolved with single argument resolution THEN each argument is resolved once (cdktf resolves the innermost 2^depth times)', () => {
    let produced = 0;
    const inner = Lazy.numberValue({ produce: () => (produced++, 1) });
    const value = Op.add(Op.add(Op.add(inner, 1), 1), 1);
    produced = 0;
    cdktfResolve(stack, value);
    const cdktfCount = produced;
    produced = 0;
    withSingleArgumentResolve(() => cdktfResolve(stack, value));
    expect(produced).toBe(1);
    expect(cdktfCount).toBeGreaterThanOrEqual(8);
  });

  test('GIVEN single argument resolution WHEN it ends (also by an error) THEN cdktf resolves as before', () => {
    const value = Op.add(Op.add(Lazy.numberValue({ produce: () => 1 }), 1), 1);
    const before = JSON.stringify(cdktfResolve(stack, value));
    expect(() => withSingleArgumentResolve(() => { throw new Error('boom'); })).toThrow('boom');
    let produced = 0;
    const counted = Op.add(Op.add(Lazy.numberValue({ produce: () => (produced++, 1) }), 1), 1);
    cdktfResolve(stack, counted);
    expect(produced).toBeGreaterThan(1);
    expect(JSON.stringify(cdktfResolve(stack, value))).toBe(before);
  });

  test('GIVEN a reference resolved outside any stack THEN the error is cdktf\'s', () => {
    const outside = new Construct(new App({ outdir, skipValidation: true }), 'outside');
    const r = both(() => ({ id: Token.asString(ref('aws_vpc.main.id')) }), outside);
    expect(r.cdktf).toMatch(/^error /);
    expect(r.fast).toBe(r.cdktf);
  });

  test('GIVEN strings that are exactly one resource reference, alone and in an array THEN they are resolved without cdktf\'s resolve', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const spy = jest.spyOn(require('cdktf/lib/tokens/private/resolve') as { resolve: typeof cdktfResolve }, 'resolve');
    try {
      const out = resolveFragment(stack, { id: Token.asString(ref('aws_vpc.main.id')), ids: [Token.asString(ref('aws_subnet.a.id')), 'x'] });
      expect(out).toEqual({ id: '${aws_vpc.main.id}', ids: ['${aws_subnet.a.id}', 'x'] });
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  test('GIVEN references inside longer strings and dependsOn entries THEN they are resolved without cdktf\'s resolve', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const spy = jest.spyOn(require('cdktf/lib/tokens/private/resolve') as { resolve: typeof cdktfResolve }, 'resolve');
    try {
      const out = resolveFragment(stack, {
        arn: `arn:aws:iam::${Token.asString(ref('aws_x.a.id'))}:role/${Token.asString(ref('aws_x.b.name'))}`,
        json: JSON.stringify({ hosts: [{ host: Token.asString(ref('aws_x.c.endpoint')) }] }),
        dependsOn: [dependable(variable)],
      });
      expect(out).toEqual({ arn: 'arn:aws:iam::${aws_x.a.id}:role/${aws_x.b.name}', json: '{"hosts":[{"host":"${aws_x.c.endpoint}"}]}', dependsOn: ['var.region'] });
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  test('GIVEN a value that resolves to a token-free copy THEN the copy is new (the input is not shared or changed)', () => {
    const input = { a: { b: ['x'] } };
    const out = resolveFragment(stack, input);
    expect(out).toEqual(input);
    expect(out).not.toBe(input);
    expect(out.a.b).not.toBe(input.a.b);
  });
});

describe('keysToSnakeCase: cdktf\'s, with the snake case of each key remembered', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cdktfUtil = require('cdktf/lib/util') as { keysToSnakeCase(o: unknown): unknown; snakeCase(s: string): string };
  const original = cdktfUtil.keysToSnakeCase;

  test.each<[string, () => unknown]>([
    ['flat camelCase keys', () => ({ instanceType: 't3.micro', vpcSecurityGroupIds: ['sg-1'], enableDnsHostnames: true })],
    ['keys that need every rule', () => ({ 'HTTPSListener': 1, '__leading': 2, 'trailing__': 3, 'a-b c': 4, 'ipV6Cidr': 5, 'x9Y': 6, '': 7 })],
    ['tags and environment kept as they are', () => ({ tags: { costCenter: 'a' }, environment: { variables: { LOG_LEVEL: 'x' } }, nestedBlock: { tags: { keepMe: 1 } } })],
    ['nested blocks and lists of blocks', () => ({ ingress: [{ fromPort: 443, cidrBlocks: ['0.0.0.0/0'] }, 'plain', 3], lifecycle: { createBeforeDestroy: true, ignoreChanges: ['tagsAll'] } })],
    ['a token is kept', () => ({ roleArn: Token.asAny({ resolve: () => 'x' }), deep: { policy: Lazy.anyValue({ produce: () => ({ statementId: 1 }) }) } })],
    ['an array at the top', () => [{ someKey: 1 }, 2, 'x']],
  ])('GIVEN %s THEN the same value as cdktf\'s', (_what, make) => {
    const value = make(); // one value for all (a token made twice is two tokens)
    expect(keysToSnakeCase(value)).toEqual(original(value));
    expect(keysToSnakeCase(value)).toEqual(keysToSnakeCase(value)); // remembered keys give the same
  });

  test('GIVEN a null attribute THEN it throws as cdktf\'s does', () => {
    expect(() => original({ someKey: null })).toThrow(TypeError);
    expect(() => keysToSnakeCase({ someKey: null })).toThrow(TypeError);
  });

  test('WHEN withMemoizedSnakeCase runs THEN cdktf\'s modules call this one, and their own again afterwards, also after a throw', () => {
    const seen: unknown[] = [];
    withMemoizedSnakeCase(() => seen.push(cdktfUtil.keysToSnakeCase));
    expect(seen).toEqual([keysToSnakeCase]);
    expect(() => withMemoizedSnakeCase(() => { throw new Error('boom'); })).toThrow('boom');
    expect(cdktfUtil.keysToSnakeCase).toBe(original);
  });
});

describe('mayHoldNumberToken: cdktf\'s number-token test', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { TokenString } = require('cdktf/lib/tokens/private/encoding') as { TokenString: { forNumbers(s: string): { test(): boolean } } };
  test.each([
    'e', '1e5', '1E5', 'e9', '9e', '-e-', '+e+', '|e|', '.e.', 'x.e+', 'aEe', 'ee', '1ee', '1eE', 'arn:aws:iam::123456789012:role/platform-eu-west', 'replicas=2e', 'sha256:9e0f', '',
    `${Token.asNumber({ resolve: () => 1 })}`, `count ${Token.asNumber({ resolve: () => 2 })} of`, String(-1.8881545897087626e289),
  ])('GIVEN %p THEN the same answer as cdktf\'s TokenString.forNumbers(s).test()', (s) => {
    expect(mayHoldNumberToken(s)).toBe(TokenString.forNumbers(s).test());
  });
});
