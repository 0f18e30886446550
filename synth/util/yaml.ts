/**
 * A YAML emitter for the manifests: the bytes `yaml`'s `stringify(value, { lineWidth: 0, aliasDuplicateObjects:
 * false })` writes, about ten times faster, because it writes plain data (objects, arrays, strings, finite numbers,
 * booleans, null) straight to text instead of building yaml's node tree first.
 *
 * Only the layout is ours (block maps and sequences, two-space indent, sequences indented under their key, `{}` and
 * `[]` for empty collections): every scalar that is not an obviously plain word goes through `yaml`'s own
 * `stringifyString` / `stringifyNumber` (yaml/util) with the context `stringify` would give it (indent, key or
 * value), so quoting, escaping and block scalars are `yaml`'s decisions. What this emitter does not model (a map
 * whose values are all null, which `yaml` writes as a set; a key longer than 1024 characters; a block scalar that
 * keeps its final newlines; -0, NaN, Infinity, bigint, undefined in an array, class instances) makes it return
 * undefined, and the caller uses `yaml`'s `stringify`. test/synth/util/yaml.test.ts proves byte identity over
 * every manifest of the reference and company specs and over generated data.
 */
import { Document, stringify } from 'yaml';
import { sortKeys } from './order';
import type * as YamlUtil from 'yaml/dist/util';

// `yaml/util` is public (package exports); tsconfig's node10 resolution only finds its types under dist/.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { stringifyNumber, stringifyString } = require('yaml/util') as typeof YamlUtil;

/** Raised inside the emitter for a value it does not model (caught below: the caller falls back to `yaml`). */
class Unmodelled extends Error {}

const DOC = new Document(null);

/** `yaml`'s stringify options (createStringifyContext's defaults) with `lineWidth: 0`. */
const OPTIONS = {
  blockQuote: true,
  commentString: (s: string) => s.replace(/^(?!$)(?: $)?/gm, '#'),
  defaultKeyType: null,
  defaultStringType: 'PLAIN',
  directives: null,
  doubleQuotedAsJSON: false,
  doubleQuotedMinMultiLineLength: 40,
  falseStr: 'false',
  flowCollectionPadding: true,
  indentSeq: true,
  lineWidth: 0,
  minContentWidth: 20,
  nullStr: 'null',
  simpleKeys: false,
  singleQuote: null,
  trailingComma: false,
  trueStr: 'true',
  verifyAliasOrder: true,
};

/**
 * A string `yaml` writes as it is, as a key or a value, at any indent: starts with a letter, only letters, digits
 * and `_./-`, and not one of the words the core schema reads as a boolean or null (numbers start with a digit,
 * a sign or a dot).
 */
const WORD = /^[A-Za-z][A-Za-z0-9_./-]*$/;
const CORE_WORDS = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'null', 'Null', 'NULL']);

const onChompKeep = () => {
  throw new Unmodelled('a block scalar that keeps its final newlines');
};

function scalarString(value: string, indent: string, implicitKey: boolean): string {
  if (WORD.test(value) && !CORE_WORDS.has(value)) return value;
  const ctx = { doc: DOC, options: OPTIONS, indent, indentStep: '  ', implicitKey, inFlow: false, actualString: true };
  // yaml's typings want a Scalar node and a full context; the fields above are all stringifyString reads.
  return stringifyString({ value } as never, ctx as never, undefined, onChompKeep);
}

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A scalar value (not a key) at `indent` (the indent of its pair's or item's context), or undefined for a collection. */
function scalar(v: unknown, indent: string): string | undefined {
  switch (typeof v) {
    case 'string':
      return scalarString(v, indent, false);
    case 'number':
      if (!Number.isFinite(v) || Object.is(v, -0)) throw new Unmodelled('a number JSON cannot hold');
      return stringifyNumber({ value: v } as never);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      if (v === null) return 'null';
      return undefined;
    default:
      throw new Unmodelled(`a ${typeof v}`);
  }
}

/** A collection: `indent` is the context indent `yaml` gives it (its own lines are joined at that indent). */
function collection(v: object, indent: string): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    const item = indent + '  ';
    let out = '';
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined) throw new Unmodelled('undefined in an array');
      const s = scalar(x, item) ?? collection(x as object, item);
      out += (i ? `\n${indent}- ` : '- ') + s;
    }
    return out;
  }
  if (!isPlainObject(v)) throw new Unmodelled('a class instance');
  const keys = Object.keys(v);
  if (keys.length === 0) return '{}';
  const inner = indent + '  ';
  let out = '';
  let allNull = true;
  let first = true;
  for (const k of keys) {
    const x = v[k];
    if (x === undefined) continue; // yaml drops undefined values (keepUndefined: false)
    if (x !== null) allNull = false;
    const key = scalarString(k, inner, true);
    if (key.length > 1024) throw new Unmodelled('a key longer than 1024 characters');
    let pair: string;
    const s = scalar(x, inner);
    if (s !== undefined) {
      pair = s === '' || s[0] === '\n' ? `${key}:${s}` : `${key}: ${s}`;
    } else {
      const c = collection(x as object, inner);
      pair = c === '{}' || c === '[]' ? `${key}: ${c}` : `${key}:\n${inner}${c}`;
    }
    out += first ? pair : `\n${indent}${pair}`;
    first = false;
  }
  if (first) return '{}';
  if (allNull) throw new Unmodelled('a map whose values are all null');
  return out;
}

/**
 * The YAML document `yaml`'s `stringify(value, { lineWidth: 0, aliasDuplicateObjects: false })` writes for a
 * plain object or array, or undefined when the value holds something this emitter does not model.
 */
export function fastYamlDocument(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  try {
    return collection(value, '') + '\n';
  } catch (e) {
    if (e instanceof Unmodelled) return undefined;
    throw e;
  }
}

/** The options of `yaml`'s stringify whose bytes the emitter writes. */
export const YAML_OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false } as const;

/**
 * One YAML document of `value` with its keys sorted (a config file embedded in a manifest): the emitter's bytes,
 * else `yaml`'s stringify of the same value and options (the same bytes, for what the emitter does not model).
 */
export function sortedYamlDocument(value: unknown): string {
  return yamlDocument(sortKeys(value)).text;
}

/**
 * The YAML document of `value` (keys as they are): the emitter's text (`exact`: parsing it gives `value` back), else
 * `yaml`'s stringify with the same options.
 */
export function yamlDocument(value: unknown): { readonly text: string; readonly exact: boolean } {
  const fast = fastYamlDocument(value);
  return fast !== undefined ? { text: fast, exact: true } : { text: stringify(value, YAML_OPTIONS), exact: false };
}
