/**
 * cdktf's token resolution with a fast path for the plain part of a fragment.
 *
 * cdktf's `resolve` (cdktf/lib/tokens/private/resolve.js) walks every value of a stack's fragments and, for each
 * one, allocates a resolution context (a prefix array and three closures), resolves every object key as a string
 * and runs up to four regular expressions over every string: about a fifth of a cold synth, almost all of it on
 * values that hold no token (names, CIDRs, tags, policy documents from the plan). `resolveFragment` returns exactly
 * what cdktf's `resolve(scope, value)` returns: it walks the plain part itself (objects, arrays, strings, numbers,
 * booleans, null: copied, undefined dropped, as cdktf does) and hands every value that is or may hold a token to
 * cdktf's own `resolve` with the same path prefix:
 *
 * - a string holding a token marker (`TfToken[`), one of cdktf's map-token values, or (only when it holds an `e`)
 *   a match of cdktf's number-token pattern;
 * - a number that may be an encoded token double (those are below -2^959) or cdktf's map-token number;
 * - an array with a list-token element (a string with `#{TfToken[` or such a number); the elements of any other
 *   array are walked one by one, as cdktf resolves them;
 * - an object that is resolvable (a `resolve` method), has a map-token key or any key that is not plain, is a
 *   construct, or a `Date`; functions; anything deeper than cdktf's depth limit (so that cdktf raises its error).
 *
 * Safe because, for everything else, cdktf's resolve is the identity on strings, numbers and booleans, copies
 * arrays and objects element by element in order (dropping undefined), and the context it would pass down for
 * them carries nothing (no token above has set braces, escapes or an iterator): the tokens below are resolved by
 * cdktf with the same scope, path and a fresh context equal to the one it would have built.
 * A string that is exactly one plain reference token (a resource attribute: most tokens of a stack) is resolved here
 * to `${identifier}`, which is what cdktf's resolution of it returns (see `plainReference` for when).
 * test/constructs/terraform/resolve.test.ts compares both on every stack of the reference and company specs and on a
 * table of token-bearing values.
 */
import type { IConstruct } from 'constructs';
import { DefaultTokenResolver, StringConcat, TerraformStack, Token } from 'cdktf';
import { resolve as cdktfResolve } from 'cdktf/lib/tokens/private/resolve';
import { TokenString } from 'cdktf/lib/tokens/private/encoding';
import { TokenMap } from 'cdktf/lib/tokens/private/token-map';
import { ref } from 'cdktf/lib/tfExpression';

const RESOLVER = new DefaultTokenResolver(new StringConcat()); // stateless, as cdktf/lib/_tokens.js's own
/** cdktf refuses to resolve deeper than this (circular references). */
const MAX_DEPTH = 200;
/** Encoded token doubles have the top 16 bits 0xfdff or 0xfbff: negative, of magnitude 2^960 or more. */
const TOKEN_DOUBLE_BOUND = -1e280;

function plainString(s: string): boolean {
  if (s.includes('TfToken[') || s === Token.STRING_MAP_TOKEN_VALUE || s === Token.ANY_MAP_TOKEN_VALUE) return false;
  // cdktf's number-token pattern needs an `e`; with one, ask cdktf's own pattern.
  return !s.includes('e') || !TokenString.forNumbers(s).test();
}

function plainNumber(n: number): boolean {
  return n > TOKEN_DOUBLE_BOUND && n !== Token.NUMBER_MAP_TOKEN_VALUE;
}

/** The prototype of cdktf's `Reference` (what `ref()` makes; the class itself is not exported). */
const REFERENCE: object = Object.getPrototypeOf(ref('reference'));

/** A string that is exactly one string token (cdktf's STRING_TOKEN_REGEX, anchored): its key. */
const ONE_TOKEN = /^\$\{TfToken\[([a-zA-Z0-9:._-]+)\]\}$/;

/**
 * What cdktf resolves `s` to when `s` is exactly one token that is a plain reference (`ref()`: every resource
 * attribute, `${aws_vpc.main.id}`), in a stack and outside any expression; otherwise undefined (cdktf resolves it).
 * cdktf splits the string into that one token, calls `Reference.resolve`, which returns `${identifier}` when braces
 * are not suppressed (nothing above has suppressed them) and no cross-stack identifier was recorded (only a
 * `preparing` pass records one), then resolves that string again and finds nothing in it when it holds no token
 * marker and nothing cdktf's number-token pattern matches (`plainString`); no post-processor is registered.
 */
function plainReference(s: string): string | undefined {
  const m = ONE_TOKEN.exec(s);
  if (!m) return undefined;
  const token = (TokenMap.instance() as unknown as { stringTokenMap: Map<string, unknown> }).stringTokenMap.get(m[1]);
  if (token === undefined || Object.getPrototypeOf(token) !== REFERENCE) return undefined;
  const reference = token as unknown as { identifier: unknown; crossStackIdentifier: Record<string, unknown> };
  if (typeof reference.identifier !== 'string' || Object.keys(reference.crossStackIdentifier).length !== 0) return undefined;
  const out = `\${${reference.identifier}}`;
  return plainString(out) ? out : undefined;
}

/** `resolve(scope, value)` of cdktf (cdktf/lib/_tokens.js), faster on values without tokens. */
export function resolveFragment(scope: IConstruct, value: unknown): any {
  const prefix: string[] = [];
  const delegate = (x: unknown) => cdktfResolve(x, { scope, prefix: [...prefix], resolver: RESOLVER, preparing: false });
  const inStack = isInStack(scope); // Reference.resolve looks the scope's stack up (and fails outside one)

  function walk(x: unknown): unknown {
    if (prefix.length > MAX_DEPTH) return delegate(x);
    if (x === undefined || x === null || typeof x === 'boolean') return x;
    if (typeof x === 'string') return plainString(x) ? x : ((inStack ? plainReference(x) : undefined) ?? delegate(x));
    if (typeof x === 'number') return plainNumber(x) ? x : delegate(x);
    if (typeof x !== 'object') return delegate(x);
    if (Array.isArray(x)) {
      // cdktf resolves an array with a list-token element (or a number that may be a token) as a whole, any other
      // element by element with the index appended to the path, as here.
      for (const e of x) if ((typeof e === 'string' && e.includes('#{TfToken[')) || (typeof e === 'number' && !(e > TOKEN_DOUBLE_BOUND))) return delegate(x);
      const out: unknown[] = [];
      for (let i = 0; i < x.length; i++) {
        prefix.push(`${i}`);
        const r = walk(x[i]);
        prefix.pop();
        if (r !== undefined) out.push(r);
      }
      return out;
    }
    const o = x as Record<string, unknown>;
    if (typeof o.resolve === 'function' || x instanceof Date || (o._children !== undefined && o._metadata !== undefined)) return delegate(x);
    const keys = Object.keys(o);
    for (const k of keys) if (!plainString(k)) return delegate(x);
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      prefix.push(k);
      const r = walk(o[k]);
      prefix.pop();
      if (r !== undefined) out[k] = r;
    }
    return out;
  }

  return walk(value);
}

function isInStack(scope: IConstruct): boolean {
  try {
    TerraformStack.of(scope);
    return true;
  } catch {
    return false;
  }
}
