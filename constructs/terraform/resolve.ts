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
 * Two kinds of token string, most of the tokens of a stack, are resolved here to what cdktf's resolution of them
 * returns: strings whose tokens are all plain references (resource attributes, alone or inside an ARN or URL) to
 * `${identifier}` each (see `plainReferences` for when), and `dependsOn` entries to the bare identifier of the
 * resource (see `plainDependable`).
 * test/constructs/terraform/resolve.test.ts compares both on every stack of the reference and company specs and on a
 * table of token-bearing values.
 */
import type { IConstruct } from 'constructs';
import { DefaultTokenResolver, StringConcat, TerraformStack, Token, Tokenization } from 'cdktf';
import { resolve as cdktfResolve } from 'cdktf/lib/tokens/private/resolve';
import { TokenMap } from 'cdktf/lib/tokens/private/token-map';
import { conditional, dependable, ref } from 'cdktf/lib/tfExpression';
import type { ITerraformDependable } from 'cdktf/lib/terraform-dependable';

const RESOLVER = new DefaultTokenResolver(new StringConcat()); // stateless, as cdktf/lib/_tokens.js's own
/** cdktf refuses to resolve deeper than this (circular references). */
const MAX_DEPTH = 200;
/** Encoded token doubles have the top 16 bits 0xfdff or 0xfbff: negative, of magnitude 2^960 or more. */
const TOKEN_DOUBLE_BOUND = -1e280;

/**
 * Whether cdktf's number-token pattern (`[-|\d|.\+]+(e[-|\d|.|e|E|\+]+)`, encoding.js's NUMBER_TOKEN_REGEX: what
 * `TokenString.forNumbers(s).test()` asks) matches somewhere in `s`: both of its runs need only one character, so it
 * matches exactly where one of the first class, an `e` and one of the second follow each other. Without the global
 * flag, the TokenString and the reset of lastIndex cdktf allocates and does per string (1% of a 100x synth).
 */
const NUMBER_TOKEN_SHAPE = /[-|\d.+]e[-|\d.eE+]/;

/** cdktf's test for number tokens in `s` (see NUMBER_TOKEN_SHAPE); resolve.test.ts compares the two on a table. */
export function mayHoldNumberToken(s: string): boolean {
  return NUMBER_TOKEN_SHAPE.test(s);
}

function plainString(s: string): boolean {
  if (s.includes('TfToken[') || s === Token.STRING_MAP_TOKEN_VALUE || s === Token.ANY_MAP_TOKEN_VALUE) return false;
  // cdktf's number-token pattern needs an `e`.
  return !s.includes('e') || !mayHoldNumberToken(s);
}

function plainNumber(n: number): boolean {
  return n > TOKEN_DOUBLE_BOUND && n !== Token.NUMBER_MAP_TOKEN_VALUE;
}

/** The prototype of cdktf's `Reference` (what `ref()` makes; the class itself is not exported). */
const REFERENCE: object = Object.getPrototypeOf(ref('reference'));

/** A string that is exactly one string token (cdktf's STRING_TOKEN_REGEX, anchored): its key. */
const ONE_TOKEN = /^\$\{TfToken\[([a-zA-Z0-9:._-]+)\]\}$/;
/** Every string token of a string (cdktf's STRING_TOKEN_REGEX). */
const TOKENS = /\$\{TfToken\[([a-zA-Z0-9:._-]+)\]\}/g;

/** The token registered under `key`, if any. */
function tokenAt(key: string): unknown {
  return (TokenMap.instance() as unknown as { stringTokenMap: Map<string, unknown> }).stringTokenMap.get(key);
}

/** The prototype of cdktf's `Dependable` (what each `dependsOn` entry of a resource becomes; not exported either). */
const DEPENDABLE: object = Object.getPrototypeOf(tokenAt(ONE_TOKEN.exec(dependable({ fqn: 'dependable' } as ITerraformDependable))![1]));

/**
 * Text cdktf's string resolution copies as it is: no escape sequence (`${` that opens no token, or `}`), which
 * toggles brace suppression for the tokens after it, and nothing that looks like a token marker (a list or map
 * token, an unregistered key).
 */
function plainText(s: string): boolean {
  return !s.includes('}') && plainLiteral(s);
}

/**
 * Literal text between the tokens of a string that cdktf's resolution copies as it is even when it holds a `}`: with
 * no `${` escape opening before it, a closing escape sets brace suppression back to the value it already has, and
 * the `}` is joined back where it was (JSON text with references inside, such as a Lambda invocation's input, is
 * such a string). Nothing that looks like a token marker either.
 */
function plainLiteral(s: string): boolean {
  return !s.includes('${') && !s.includes('TfToken[');
}

/**
 * The identifier of the plain reference registered under `key` (`ref()`: a resource attribute, a resource's fqn),
 * when no cross-stack identifier was recorded for it (only a `preparing` pass records one) and the identifier is
 * plain text; otherwise undefined.
 */
function referenceIdentifier(key: string): string | undefined {
  const token = tokenAt(key);
  if (token === undefined || Object.getPrototypeOf(token) !== REFERENCE) return undefined;
  const reference = token as { identifier: unknown; crossStackIdentifier: Record<string, unknown> };
  if (typeof reference.identifier !== 'string' || Object.keys(reference.crossStackIdentifier).length !== 0) return undefined;
  return plainText(reference.identifier) ? reference.identifier : undefined;
}

/**
 * What cdktf resolves `s` to when its tokens are all plain references (`ref()`: every resource attribute,
 * `${aws_vpc.main.id}`, alone or inside a longer string such as an ARN), in a stack and outside any expression;
 * otherwise undefined (cdktf resolves it). cdktf splits the string into literals and tokens, and with no opening
 * escape sequence in the literals (`plainLiteral`) resolves each token in a context whose braces are not suppressed:
 * `Reference.resolve` returns `${identifier}`, which resolved again gives itself (its `${` and `}` are an escape
 * pair around plain text, joined back as they were); no post-processor is registered. The pieces are concatenated
 * in order, and the result is searched for cdktf's number tokens, of which `plainString` makes sure there are none.
 */
function plainReferences(s: string): string | undefined {
  let out = '';
  let last = 0;
  for (const m of s.matchAll(TOKENS)) {
    const text = s.slice(last, m.index);
    const identifier = referenceIdentifier(m[1]);
    if (!plainLiteral(text) || identifier === undefined) return undefined;
    out += `${text}\${${identifier}}`;
    last = m.index! + m[0].length;
  }
  if (last === 0 || !plainLiteral(s.slice(last))) return undefined;
  out += s.slice(last);
  return plainString(out) ? out : undefined;
}

/**
 * What cdktf resolves `s` to when `s` is exactly one `dependsOn` entry (cdktf's `Dependable` of a resource) whose
 * fqn is a plain reference, in a stack; otherwise undefined. `Dependable.resolve` suppresses braces and returns the
 * fqn token, which cdktf resolves in that context: `Reference.resolve` gives the bare identifier
 * (`aws_iam_role.node`), plain text that resolves to itself and holds no number token (`plainString`).
 */
function plainDependable(s: string): string | undefined {
  const m = ONE_TOKEN.exec(s);
  if (!m) return undefined;
  const token = tokenAt(m[1]);
  if (token === undefined || Object.getPrototypeOf(token) !== DEPENDABLE) return undefined;
  let fqn: unknown;
  try {
    fqn = (token as { dependable: ITerraformDependable }).dependable.fqn;
  } catch {
    return undefined; // cdktf raises it, with its own wording
  }
  const f = typeof fqn === 'string' ? ONE_TOKEN.exec(fqn) : null;
  const identifier = f ? referenceIdentifier(f[1]) : undefined;
  return identifier !== undefined && plainString(identifier) ? identifier : undefined;
}

/** `resolve(scope, value)` of cdktf (cdktf/lib/_tokens.js), faster on values without tokens. */
export function resolveFragment(scope: IConstruct, value: unknown): any {
  const prefix: string[] = [];
  const delegate = (x: unknown) => cdktfResolve(x, { scope, prefix: [...prefix], resolver: RESOLVER, preparing: false });
  const inStack = isInStack(scope); // Reference.resolve looks the scope's stack up (and fails outside one)

  function walk(x: unknown): unknown {
    if (prefix.length > MAX_DEPTH) return delegate(x);
    if (x === undefined || x === null || typeof x === 'boolean') return x;
    if (typeof x === 'string') return plainString(x) ? x : ((inStack ? (plainDependable(x) ?? plainReferences(x)) : undefined) ?? delegate(x));
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

/** The methods of cdktf's TFExpression (the base of its Terraform expressions; the class itself is not exported). */
interface ExpressionMethods {
  resolveArg(context: unknown, arg: unknown): unknown;
  resolveExpressionPart(context: unknown, arg: unknown): unknown;
}

/** The prototype of cdktf's TFExpression (what `conditional()`, `call()` and the operators make inherit from). */
const EXPRESSION: ExpressionMethods = Object.getPrototypeOf(Object.getPrototypeOf(conditional(true, 1, 0)));

/**
 * cdktf's `TFExpression.resolveArg` resolves an argument that is not a string (a number or `any` token: what
 * `Fn.lengthOf`, `Op.lt`, `Fn.conditional` return) and discards the result, then resolves it again in
 * `resolveExpressionPart`: every level of nesting doubles the work (the restore sites' `count` expressions,
 * `conditional(lt(length(setsubtract(...))))`, cost 0.5 ms each, 10x what one resolution costs). While `fn` runs,
 * `resolveArg` resolves such an argument once, through `resolveExpressionPart` as cdktf does the second time; string
 * arguments go through cdktf's own method. The same result: cdktf's resolution of an argument builds fresh
 * contexts for it (the caller's is not changed) and only its second result is used; the first one is lost (a Lazy
 * producer inside runs once instead of twice). test/constructs/terraform/stack-json.test.ts compares every stack with
 * cdktf's toTerraform() (not patched) and resolve.test.ts a table of nested expressions.
 */
export function withSingleArgumentResolve<T>(fn: () => T): T {
  if (EXPRESSION_RESOLVE_ARG === undefined || EXPRESSION.resolveArg === resolveArgOnce) return fn(); // not cdktf 0.21's shape, or already inside
  EXPRESSION.resolveArg = resolveArgOnce;
  try {
    return fn();
  } finally {
    EXPRESSION.resolveArg = EXPRESSION_RESOLVE_ARG;
  }
}

/** cdktf's own `TFExpression.resolveArg`, when it is where cdktf 0.21 defines it. */
const EXPRESSION_RESOLVE_ARG = Object.prototype.hasOwnProperty.call(EXPRESSION, 'resolveArg') ? EXPRESSION.resolveArg : undefined;

function resolveArgOnce(this: ExpressionMethods, context: unknown, arg: unknown): unknown {
  return typeof arg === 'string' ? EXPRESSION_RESOLVE_ARG!.call(this, context, arg) : this.resolveExpressionPart(context, arg);
}

function isInStack(scope: IConstruct): boolean {
  try {
    TerraformStack.of(scope);
    return true;
  } catch {
    return false;
  }
}

/** cdktf's utilities (cdktf/lib/util.js), whose exports cdktf's own modules call through the module object. */
const CDKTF_UTIL = require('cdktf/lib/util') as { keysToSnakeCase(object: unknown): unknown; snakeCase(s: string): string };
const KEYS_TO_SNAKE_CASE = CDKTF_UTIL.keysToSnakeCase;
const SNAKE = new Map<string, string>();

/** cdktf's snakeCase (three regular expressions per call), remembered per key: attribute names are a small set. */
function snakeCaseOnce(key: string): string {
  let s = SNAKE.get(key);
  if (s === undefined) SNAKE.set(key, (s = CDKTF_UTIL.snakeCase(key)));
  return s;
}

/**
 * cdktf 0.21's `keysToSnakeCase` (cdktf/lib/util.js) line for line, with `snakeCaseOnce` for `snakeCase`: every
 * resource's `toTerraform()` converts every key of its attributes, and the regular expressions were ~1.3% of a 100x
 * synth. The same result for every input, including what cdktf throws on (a null attribute).
 */
export function keysToSnakeCase(object: any): any {
  if (Tokenization.isResolvable(object)) return object;
  if (Array.isArray(object)) return object.map((e) => (typeof e === 'object' ? keysToSnakeCase(e) : e));
  const keys = Object.keys(object);
  return keys.reduce((newObject: Record<string, unknown>, key) => {
    if (key === 'tags' || key === 'environment') {
      newObject[key] = object[key];
      return newObject;
    }
    let value = object[key];
    if (typeof value === 'object') value = keysToSnakeCase(value);
    if (Array.isArray(value)) value = value.map((e) => (typeof e === 'object' ? keysToSnakeCase(e) : e));
    newObject[snakeCaseOnce(key)] = value;
    return newObject;
  }, {});
}

/**
 * While `fn` runs, cdktf's modules call `keysToSnakeCase` above instead of their own (they call it through the
 * module's exports: `(0, util_1.keysToSnakeCase)(...)`). test/constructs/terraform/resolve.test.ts compares the two
 * on a table of attribute objects; stack-json.test.ts every stack with cdktf's unpatched toTerraform().
 */
export function withMemoizedSnakeCase<T>(fn: () => T): T {
  if (CDKTF_UTIL.keysToSnakeCase !== KEYS_TO_SNAKE_CASE) return fn(); // already inside
  CDKTF_UTIL.keysToSnakeCase = keysToSnakeCase;
  try {
    return fn();
  } finally {
    CDKTF_UTIL.keysToSnakeCase = KEYS_TO_SNAKE_CASE;
  }
}
