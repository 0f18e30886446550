/**
 * cdk8s's value resolution, plain values first (constructs/k8s/resolve.ts): the same result as cdk8s's `resolve` on
 * every kind of value its resolvers treat, on an App with custom resolvers, and on every object of the reference's
 * clusters.
 */
import { ApiObject, App, Chart, Lazy, type IResolver, type ResolutionContext } from 'cdk8s';
import { IntOrString, Quantity } from 'cdk8s-plus-27/lib/imports/k8s';
import { synthKubernetes } from '../../../constructs/k8s';
import { keyArray, plainFirstResolve, withPlainFirstResolve } from '../../../constructs/k8s/resolve';
import { referencePlan } from '../../helpers/reference';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdk8sResolve = (require('cdk8s/lib/resolve') as { resolve: (k: string[], v: unknown, o: ApiObject) => unknown }).resolve;

function apiObject(app = new App()): ApiObject {
  const chart = new Chart(app, 'c', { disableResourceNameHashes: true });
  return new ApiObject(chart, 'o', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
}

class WithNumberValue {
  readonly value = 3;
}
class WithStringValue {
  readonly value = 'three';
}
class Plain {
  readonly a = 1;
}
const nullProto = (props: Record<string, unknown>) => Object.assign(Object.create(null) as object, props);
const sparse = (): unknown[] => {
  const a: unknown[] = [1];
  a[3] = 'x';
  return a;
};

const VALUES: { what: string; value: () => unknown }[] = [
  { what: 'a string', value: () => 'text' },
  { what: 'an empty string', value: () => '' },
  { what: 'zero', value: () => 0 },
  { what: 'false', value: () => false },
  { what: 'null', value: () => null },
  { what: 'undefined', value: () => undefined },
  { what: 'a nested plain object', value: () => ({ a: { b: [1, 'two', { c: null, d: undefined }] }, e: true }) },
  { what: 'a plain object with a string `value`', value: () => ({ value: 'kept', other: 1 }) },
  { what: 'a Lazy in an object', value: () => ({ spec: Lazy.any({ produce: () => ({ replicas: 2, nested: Lazy.any({ produce: () => 'deep' }) }) }) }) },
  { what: 'a Lazy in an array', value: () => [Lazy.any({ produce: () => [1, 2] }), 3] },
  { what: 'an IntOrString number', value: () => ({ port: IntOrString.fromNumber(8080) }) },
  { what: 'an IntOrString string', value: () => ({ port: IntOrString.fromString('http') }) },
  { what: 'a Quantity', value: () => ({ limits: { memory: Quantity.fromString('1Gi'), cpu: Quantity.fromNumber(2) } }) },
  { what: 'an object with a resolve method', value: () => ({ token: { resolve: () => ({ resolved: 'yes' }) } }) },
  { what: 'a class instance with a number `value`', value: () => ({ x: new WithNumberValue() }) },
  { what: 'a class instance with a string `value`', value: () => [new WithStringValue()] },
  { what: 'a class instance no resolver changes', value: () => ({ x: new Plain() }) },
  { what: 'a null-prototype object', value: () => ({ x: nullProto({ a: 1 }) }) },
  { what: 'a null-prototype object with a string `value`', value: () => ({ x: nullProto({ value: 'v' }) }) },
  { what: 'a sparse array', value: () => ({ list: sparse() }) },
  { what: 'nested arrays with holes of undefined', value: () => [[undefined, [null, 'a']], []] },
];

describe('GIVEN an App with cdk8s\'s built-in resolvers', () => {
  const obj = apiObject();
  test.each(VALUES)('WHEN $what is resolved THEN plainFirstResolve gives what cdk8s\'s resolve gives', ({ value }) => {
    const expected = cdk8sResolve(['spec'], value(), obj);
    const actual = plainFirstResolve(['spec'], value(), obj);
    expect(actual).toStrictEqual(expected);
  });

  test('WHEN a class instance no resolver changes is resolved THEN it is the same instance, as cdk8s returns it', () => {
    const p = new Plain();
    expect((plainFirstResolve([], { p }, obj) as { p: Plain }).p).toBe(p);
    expect((cdk8sResolve([], { p }, obj) as { p: Plain }).p).toBe(p);
  });
});

describe('GIVEN an App with a custom resolver', () => {
  const seen: string[][] = [];
  const upper: IResolver = {
    resolve(context: ResolutionContext) {
      seen.push(context.key);
      if (typeof context.value === 'string' && context.value !== context.value.toUpperCase()) context.replaceValue(context.value.toUpperCase());
    },
  };
  const obj = apiObject(new App({ resolvers: [upper] }));
  test('WHEN a value is resolved THEN cdk8s\'s resolve does all of it: the custom resolver sees every key and changes the strings', () => {
    const value = { a: 'x', b: ['y', { c: 'z' }] };
    seen.length = 0;
    const actual = plainFirstResolve(['root'], value, obj);
    const keys = seen.splice(0);
    expect(actual).toStrictEqual(cdk8sResolve(['root'], value, obj));
    expect(actual).toStrictEqual({ a: 'X', b: ['Y', { c: 'Z' }] });
    expect(keys).toEqual(seen.splice(0));
    expect(keys).toContainEqual(['root', 'b', '1', 'c']);
  });
});

test.each([
  { path: ['a'], expected: ['a'] },
  { path: { up: { up: ['spec'], k: 'containers' }, k: '0' }, expected: ['spec', 'containers', '0'] },
  { path: { up: [], k: 'metadata' }, expected: ['metadata'] },
])('GIVEN a key path $path WHEN it is materialized THEN it is $expected', ({ path, expected }) => {
  expect(keyArray(path)).toEqual(expected);
});

test('GIVEN the reference\'s clusters WHEN their objects are serialized with plain-first resolution and with cdk8s\'s own THEN every object is the same, and the export is cdk8s\'s again afterwards', () => {
  const app = new App();
  const files = synthKubernetes(referencePlan(), { app }); // toJson under withPlainFirstResolve
  const objects = app.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
  expect(objects.length).toBeGreaterThan(500);
  const fast = [...files.values()].flat();
  expect(fast.length).toBe(objects.length);
  // cdk8s's own serialization of the same objects (the export is restored: toJson uses cdk8s's resolve)
  expect(require('cdk8s/lib/resolve').resolve).toBe(cdk8sResolve);
  const own = new Map(objects.map((o) => [`${o.kind} ${o.metadata.namespace}/${o.metadata.name} ${o.node.path}`, o.toJson()]));
  const viaFast = new Map(objects.map((o) => [`${o.kind} ${o.metadata.namespace}/${o.metadata.name} ${o.node.path}`, withPlainFirstResolve(() => o.toJson())]));
  expect([...viaFast]).toStrictEqual([...own]);
  // and what synthKubernetes returned is, file by file, those objects in their order
  expect(new Set(fast.map((o) => JSON.stringify(o)))).toEqual(new Set([...own.values()].map((o) => JSON.stringify(o))));
});
