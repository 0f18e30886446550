/**
 * cdk8s's value resolution, plain values first. `ApiObject.toJson()` and the metadata's `toJson()` call cdk8s's
 * `resolve(key, value, apiObject)`, which for every value of the object (strings and numbers included) looks the App
 * up by walking the construct tree to its root, allocates a resolution context, runs every resolver of the App on
 * it and copies the key path: a sixth of a 100x synth's Kubernetes work, nearly all of it on values no resolver
 * changes. While `withPlainFirstResolve` runs, that module export (read through the exports object at every call,
 * as cdk8s's compiled code does) is `plainFirstResolve`, which gives the same result:
 *
 * - When the App has exactly cdk8s's three built-in resolvers (Lazy, implicit token, number-or-string union) and
 *   nothing else, they are known to change only: a `Lazy`, an object with a `resolve` method, and an object that is
 *   not a plain object (not `constructor === Object`) whose `value` is a string or a number. Every other value is
 *   what cdk8s's own walk makes of it: null and undefined as they are, a primitive as it is, an array element-wise,
 *   a plain object key by key in its own order. `plainFirstResolve` does that walk itself (one App lookup per call)
 *   and hands every value a resolver might change to cdk8s's `resolve` with the same key path.
 * - Any other App (custom resolvers) goes to cdk8s's `resolve` as a whole.
 *
 * `test/constructs/k8s/resolve.test.ts` compares the two on a table of values (Lazy, IntOrString, Quantity, objects
 * with `resolve` or `value`, null-prototype objects, nested arrays) and on every object of the reference's clusters.
 */
import { App, ApiObject, Lazy, type IResolver } from 'cdk8s';

type Resolve = (key: string[], value: unknown, apiObject: ApiObject) => unknown;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const resolveModule = require('cdk8s/lib/resolve') as {
  resolve: Resolve;
  LazyResolver: new () => IResolver;
  ImplicitTokenResolver: new () => IResolver;
  NumberStringUnionResolver: new () => IResolver;
};

/** cdk8s's resolve itself (the export is replaced only while withPlainFirstResolve runs). */
const cdk8sResolve: Resolve = resolveModule.resolve;

/** Whether the App resolves with cdk8s's built-in resolvers only (the order App's constructor gives them). */
function builtInResolversOnly(resolvers: readonly IResolver[]): boolean {
  return (
    resolvers.length === 3 &&
    resolvers[0].constructor === resolveModule.LazyResolver &&
    resolvers[1].constructor === resolveModule.ImplicitTokenResolver &&
    resolvers[2].constructor === resolveModule.NumberStringUnionResolver
  );
}

/** A key path built only when cdk8s's resolve needs it. */
interface KeyPath {
  readonly up: KeyPath | string[];
  readonly k: string;
}

export function keyArray(path: KeyPath | string[]): string[] {
  const keys: string[] = [];
  let p = path;
  while (!Array.isArray(p)) {
    keys.push(p.k);
    p = p.up;
  }
  return [...p, ...keys.reverse()];
}

/** Whether one of the built-in resolvers would replace `value` (an object). */
function mayBeReplaced(value: object): boolean {
  if (value instanceof Lazy) return true;
  if (typeof (value as { resolve?: unknown }).resolve === 'function') return true;
  if (value.constructor === Object) return false;
  const inner = typeof (value as { value?: unknown }).value;
  return inner === 'number' || inner === 'string';
}

function walk(path: KeyPath | string[], value: unknown, apiObject: ApiObject): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value !== 'object') {
    // A function may have a `resolve` or a `value`: cdk8s decides. Primitives: no built-in resolver changes one.
    return typeof value === 'function' ? cdk8sResolve(keyArray(path), value, apiObject) : value;
  }
  if (mayBeReplaced(value)) return cdk8sResolve(keyArray(path), value, apiObject);
  // A member that is a primitive (or null, undefined) is itself: no key path is allocated for it.
  if (Array.isArray(value)) return value.map((x, i) => (x === null || (typeof x !== 'object' && typeof x !== 'function') ? x : walk({ up: path, k: `${i}` }, x, apiObject)));
  if (value.constructor == Object) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) {
      const v = (value as Record<string, unknown>)[k];
      out[k] = v === null || (typeof v !== 'object' && typeof v !== 'function') ? v : walk({ up: path, k }, v, apiObject);
    }
    return out;
  }
  return value; // a class instance no resolver changes: as cdk8s returns it
}

/** cdk8s's `resolve(key, value, apiObject)`, plain values first (see above). */
export function plainFirstResolve(key: string[], value: unknown, apiObject: ApiObject): unknown {
  if (!builtInResolversOnly(App.of(apiObject).resolvers)) return cdk8sResolve(key, value, apiObject);
  return walk(key, value, apiObject);
}

/** Runs `fn` with cdk8s's exported `resolve` replaced by plainFirstResolve, and puts it back afterwards. */
export function withPlainFirstResolve<T>(fn: () => T): T {
  const previous = resolveModule.resolve;
  resolveModule.resolve = plainFirstResolve;
  try {
    return fn();
  } finally {
    resolveModule.resolve = previous;
  }
}
