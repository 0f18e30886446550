/**
 * Fuzzing the compiler (issue 9): specs generated from the JSON Schema (fast-check arbitraries built from its
 * definitions) and mutations of the reference spec (wrong types, missing and duplicate keys, unicode and
 * control characters, huge and non-finite numbers, odd units, YAML tags, anchors, aliases and merge keys, BOM,
 * CRLF, tabs, NUL, non-UTF-8, several documents, ids that collide after normalization or with output names).
 *
 * Every case must end in located errors (each with a code, a line and a message) or in a valid spec; a sample
 * of the valid ones is compiled through emit and its output must pass the structural checks
 * (test/helpers/output-checks.ts). An exception, a case over 10 s of CPU or an unlocated error is a failure.
 *
 *   npm run fuzz -- [--seed N] [--cases N] [--emit N]      (defaults: seed 1, 10000 cases, 40 emits)
 *
 * A short run (60 cases going round every mutation family, one emit) is part of `npm test`
 * (test/fuzz/fuzz.test.ts); the heavy run is this one.
 */
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { compile } from '../../synth/compile';
import type { SvgRenderer } from '../../synth/output/diagram';
import schema from '../../schema/platform.schema.json';
import { outputProblems } from '../helpers/output-checks';

const ROOT = path.join(__dirname, '..', '..');
export const REFERENCE = fs.readFileSync(path.join(ROOT, 'platform.spec.yaml'), 'utf8');
/**
 * A case that needs more CPU time than this is a failure (a hang). CPU time of this process, not wall time:
 * on a shared machine a case waits for a core without being slower, and wall time would make that a failure.
 */
export const CASE_LIMIT_MS = 10_000;

/** CPU milliseconds (user + system) this process spent since `from` (a process.cpuUsage() reading). */
function cpuMsSince(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

// ------------------------------------------------------------------------------------------------
// Randomness: one seeded generator for everything (fast-check's, so a run is reproducible by seed).

export class Rng {
  private readonly values: number[];
  private i = 0;
  constructor(seed: number, count = 1 << 16) {
    this.values = fc.sample(fc.noBias(fc.integer({ min: 0, max: 2 ** 31 - 1 })), { seed, numRuns: count }).map((v) => v / 2 ** 31);
  }
  next(): number {
    const v = this.values[this.i % this.values.length];
    this.i++;
    return v;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

// ------------------------------------------------------------------------------------------------
// Schema-driven generation: a fast-check arbitrary for every schema definition.

type Schema = Record<string, any>;
const DEFS = (schema as Schema).definitions as Record<string, Schema>;

function arbitraryOf(s: Schema, depth = 0): fc.Arbitrary<unknown> {
  if (s.$ref) return arbitraryOf(DEFS[s.$ref.replace('#/definitions/', '')], depth);
  if (s.anyOf) return fc.oneof(...s.anyOf.map((x: Schema) => arbitraryOf(x, depth)));
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  switch (s.type) {
    case 'string':
      return s.pattern ? fc.stringMatching(new RegExp(s.pattern), { size: 'xsmall' }) : fc.string({ minLength: s.minLength ?? 0, maxLength: 12 });
    case 'integer':
      return fc.integer({ min: s.minimum ?? -5, max: Math.min(s.maximum ?? 1000, 1_000_000) });
    case 'number':
      return fc.double({ min: s.exclusiveMinimum ?? s.minimum ?? 0, max: Math.min(s.maximum ?? 1e6, 1e6), noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.uniqueArray(arbitraryOf(s.items ?? {}, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 3, 3), selector: (x) => JSON.stringify(x) });
    case 'object': {
      if (depth > 6) return fc.constant({});
      const props = Object.entries((s.properties ?? {}) as Record<string, Schema>);
      const required = new Set<string>(s.required ?? []);
      const record = fc.record(Object.fromEntries(props.map(([k, v]) => [k, arbitraryOf(v, depth + 1)])), { requiredKeys: props.map(([k]) => k).filter((k) => required.has(k)) });
      if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        const id = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
        return fc.dictionary(id, arbitraryOf(s.additionalProperties, depth + 1), { minKeys: s.minProperties ?? 0, maxKeys: 3 });
      }
      return record;
    }
    default:
      return fc.anything({ maxDepth: 1 });
  }
}

/** Whole specs from the schema (mostly invalid across fields, which is the point: rules must not crash). */
export function schemaSpecs(seed: number, count: number): string[] {
  const arb = arbitraryOf(schema as Schema) as fc.Arbitrary<Record<string, unknown>>;
  return fc.sample(arb, { seed, numRuns: count }).map((v) => JSON.stringify(v, null, 1));
}

/** Sections of the reference replaced by generated values: mostly valid specs with new shapes. */
export function schemaSections(seed: number, count: number): string[] {
  const rng = new Rng(seed ^ 0x5eed);
  const props = (schema as Schema).properties as Record<string, Schema>;
  const names = Object.keys(props);
  const arbs = new Map(names.map((n) => [n, arbitraryOf(props[n])]));
  return Array.from({ length: count }, (_, i) => {
    const d = parseDocument(REFERENCE);
    const section = rng.pick(names);
    const [value] = fc.sample(arbs.get(section)!, { seed: seed + i, numRuns: 1 });
    d.set(section, value);
    return d.toString();
  });
}

// ------------------------------------------------------------------------------------------------
// Mutations of the reference spec.

type Path = (string | number)[];

function allPaths(d: Document): { path: Path; scalar: boolean; map: boolean }[] {
  const out: { path: Path; scalar: boolean; map: boolean }[] = [];
  const walk = (node: unknown, path: Path) => {
    if (isMap(node)) {
      out.push({ path, scalar: false, map: true });
      for (const p of node.items) if (isScalar(p.key)) walk(p.value, [...path, String(p.key.value)]);
    } else if (isSeq(node)) {
      out.push({ path, scalar: false, map: false });
      node.items.forEach((x, i) => walk(x, [...path, i]));
    } else out.push({ path, scalar: true, map: false });
  };
  walk(d.contents, []);
  return out.filter((p) => p.path.length > 0);
}

const WEIRD_STRINGS = ['', ' ', '\u0000', '\u0007bell', 'tab\there', 'line\nbreak', '\u202eevil', 'ünïcödé', '日本語', '🙂', 'a'.repeat(300), '${var.x}', '%{ if true }x%{ endif }', '$${x}', '../../etc/passwd', '<script>', "'quote", '"dq"', 'null', '~', 'yes', 'NaN', '-', '0x10', '1e3', 'Us-East', 'us_east', 'US-EAST', '00-namespaces', 'argocd', 'global', 'region-x', '03-dashboards'];
const WEIRD_NUMBERS = ['.inf', '-.inf', '.nan', '1e308', '1e400', '-1', '0', '-0', '9007199254740993', '0.1e-320', '0x1F', '0o17', '1_000', '+5', '3.0'];
const ODD_UNITS = ['5 m', '5M', '5min', '1e3s', '5mo', '0.0000001ms', '999999999y', '10S', '10sec', '-5s', '1.5.5s', '5%', '101%', '99.9999999%', '0%', '100%', '2X', '0x', '1.x', '4Gi ', '4GB', '0.5Gi', '500M', '1000000m', '0', '00', '1PB', '0.000001KB'];
const TAGS = ['!!str 5', '!!int "7"', '!!float 1', '!!binary aGVsbG8=', '!!timestamp 2001-12-14', '!!set {a, b}', '!!omap [a: 1]', '!custom x', '!!null ""', '!!bool yes', '!!map {}', '!!seq []'];
const VALID_TWEAKS: readonly [Path, readonly unknown[]][] = [
  [['services', 'reporting', 'load', 'rps'], [1, 250, 501, 10_000]],
  [['services', 'wallet', 'load', 'perInstance'], [100, 250, 1000]],
  [['scaling', 'safetyFactor'], [1, 1.2, 2]],
  [['scaling', 'spareInstances'], [0, 1, 3]],
  [['dns', 'ttl'], ['10s', '60s', '5m']],
  [['availability', 'slo'], ['99%', '99.9%', '99.99%']],
  [['availability', 'instanceAvailability'], ['99%', '99.5%', '99.99%']],
  [['caches', 'sessions', 'replicas'], [1, 2, 3]],
  [['databases', 'users', 'readReplicas'], [0, 2, 5]],
  [['databases', 'trading', 'shards'], [1, 2, 8]],
  [['backups', 'copies'], [1, 2]],
  [['backups', 'retention', 'daily'], ['7d', '14d', '35d', '90d']],
  [['cost', 'spotTiers'], [[], ['reporting']]],
  [['edge', 'pops'], [['iad'], ['iad', 'fra', 'sin'], ['lhr', 'nrt']]],
  [['services', 'reporting', 'public'], [true, false]],
  [['services', 'accounts', 'healthPath'], ['/ready', '/status/live', '/a-b_c.d~e']],
  [['name'], ['acme', 'x1', 'shop-eu']],
  [['environment'], ['staging', 'dev', 'prod-2']],
];

function rename(d: Document, section: string, from: string, to: string): void {
  const v = d.getIn([section, from]);
  d.deleteIn([section, from]);
  d.setIn([section, to], v);
}

/** The mutation families, weighted (valid tweaks three times: they are the cases that reach emit). */
export const MUTATION_KINDS: readonly string[] = ['wrong-type', 'delete-key', 'duplicate-key', 'weird-string', 'weird-number', 'odd-unit', 'yaml-tag', 'anchor-alias', 'merge-key', 'bom', 'crlf', 'tabs', 'nul', 'non-utf8', 'multi-document', 'id-collision', 'valid-tweak', 'valid-tweak', 'valid-tweak', 'combined'];

/**
 * One mutation of the reference (document-level or text-level); returns the new text and its kind. The kind is
 * drawn from MUTATION_KINDS unless given (a short run goes round them so that every family is exercised).
 */
export function mutate(rng: Rng, forced?: string): { kind: string; text: string } {
  const d = parseDocument(REFERENCE);
  const paths = allPaths(d);
  const some = () => rng.pick(paths).path;
  const scalars = paths.filter((p) => p.scalar).map((p) => p.path);
  const kind = forced ?? rng.pick(MUTATION_KINDS);
  const doc = (f: () => void) => {
    f();
    return d.toString();
  };
  const text = (): string => {
    switch (kind) {
      case 'wrong-type':
        return doc(() => d.setIn(some(), rng.pick<unknown>([42, -1, true, null, 'x', [], {}, [1, 2], { a: 1 }, 1.5])));
      case 'delete-key':
        return doc(() => d.deleteIn(some()));
      case 'duplicate-key': {
        const lines = REFERENCE.split('\n');
        const i = rng.int(lines.length);
        lines.splice(i, 0, lines[i]);
        return lines.join('\n');
      }
      case 'weird-string':
        return doc(() => d.setIn(rng.pick(scalars), rng.pick(WEIRD_STRINGS)));
      case 'weird-number': {
        const p = rng.pick(scalars);
        const t = doc(() => d.setIn(p, 12345.678));
        return t.replace('12345.678', rng.pick(WEIRD_NUMBERS));
      }
      case 'odd-unit':
        return doc(() => d.setIn(rng.pick(scalars), rng.pick(ODD_UNITS)));
      case 'yaml-tag': {
        const t = doc(() => d.setIn(rng.pick(scalars), '__TAGGED__'));
        return t.replace('__TAGGED__', rng.pick(TAGS));
      }
      case 'anchor-alias':
        return REFERENCE.replace('tiers:\n  trading:   { rto: 5m,', 'tiers:\n  trading:   &t { rto: 5m,').replace(/  reporting: \{ rto: 24h, failover: restore \}/, rng.chance(0.5) ? '  reporting: *t' : '  reporting: *missing');
      case 'merge-key':
        return REFERENCE.replace('  trading:   { rto: 5m,', '  base: &b { rto: 5m, failover: manual }\n  trading:   { <<: *b, rto: 5m,');
      case 'bom':
        return '\ufeff' + REFERENCE;
      case 'crlf':
        return REFERENCE.replace(/\n/g, '\r\n');
      case 'tabs':
        return REFERENCE.replace(/\n {2}/g, rng.chance(0.5) ? '\n\t' : '\n  \t');
      case 'nul': {
        const i = rng.int(REFERENCE.length);
        return REFERENCE.slice(0, i) + '\u0000' + REFERENCE.slice(i);
      }
      case 'non-utf8': {
        const bytes = Buffer.from(REFERENCE, 'utf8');
        const i = rng.int(bytes.length);
        return Buffer.concat([bytes.subarray(0, i), Buffer.from([0xff, 0xfe, 0xc3]), bytes.subarray(i)]).toString('utf8');
      }
      case 'multi-document':
        return REFERENCE + (rng.chance(0.5) ? '---\n' + REFERENCE : '---\nversion: 2\n');
      case 'id-collision':
        return doc(() => {
          const section = rng.pick(['regions', 'services', 'databases', 'caches', 'tiers', 'data']);
          const ids = Object.keys((d.toJS() as Record<string, Record<string, unknown>>)[section] ?? {});
          const from = rng.pick(ids);
          rename(d, section, from, rng.pick([from.toUpperCase(), from.replace(/-/g, '_'), `${from}-`, rng.pick(ids), '00-namespaces', '04-ingress-nginx', 'argocd', 'global', 'a', 'x'.repeat(41), `${from}.x`]));
        });
      case 'valid-tweak':
        return doc(() => {
          for (let k = 1 + rng.int(3); k > 0; k--) {
            const [p, values] = rng.pick(VALID_TWEAKS);
            d.setIn(p, rng.pick(values));
          }
        });
      case 'combined':
      default:
        return doc(() => {
          d.setIn(rng.pick(scalars), rng.pick<unknown>([...WEIRD_STRINGS, ...ODD_UNITS, 0, -1, 1e308]));
          d.deleteIn(some());
        });
    }
  };
  return { kind, text: text() };
}

// ------------------------------------------------------------------------------------------------
// The run.

export interface FuzzOptions {
  readonly seed: number;
  readonly cases: number;
  /** Valid cases compiled through emit (the slow part: a few seconds each). */
  readonly emits: number;
  readonly svg?: SvgRenderer;
  readonly log?: (line: string) => void;
  /**
   * Go round MUTATION_KINDS in order instead of drawing each kind (the texts stay random): a short run then
   * covers every family. @default false
   */
  readonly roundRobin?: boolean;
}

export interface FuzzResult {
  readonly cases: number;
  readonly byKind: Record<string, number>;
  readonly valid: number;
  /** Valid cases per kind. */
  readonly validByKind: Record<string, number>;
  readonly invalid: number;
  readonly emitted: number;
  /** CPU milliseconds of the slowest case. */
  readonly slowestMs: number;
  readonly failures: readonly { kind: string; problem: string; text: string }[];
}

export function* cases(seed: number, count: number, roundRobin = false): Generator<{ kind: string; text: string }> {
  const rng = new Rng(seed);
  const fromSchema = Math.floor(count * 0.2);
  const sections = Math.floor(count * 0.1);
  for (const text of schemaSpecs(seed, fromSchema)) yield { kind: 'schema-generated', text };
  for (const text of schemaSections(seed, sections)) yield { kind: 'schema-section', text };
  for (let i = fromSchema + sections; i < count; i++) yield mutate(rng, roundRobin ? MUTATION_KINDS[(i - fromSchema - sections) % MUTATION_KINDS.length] : undefined);
}

export function runFuzz(opts: FuzzOptions): FuzzResult {
  const byKind: Record<string, number> = {};
  const validByKind: Record<string, number> = {};
  const failures: { kind: string; problem: string; text: string }[] = [];
  let valid = 0;
  let invalid = 0;
  let emitted = 0;
  let slowestMs = 0;
  let n = 0;
  const fail = (kind: string, problem: string, text: string) => {
    failures.push({ kind, problem, text });
    opts.log?.(`FAIL [${kind}] ${problem}`);
  };
  for (const c of cases(opts.seed, opts.cases, opts.roundRobin)) {
    n++;
    byKind[c.kind] = (byKind[c.kind] ?? 0) + 1;
    const t0 = process.cpuUsage();
    let result;
    try {
      result = compile('fuzz.yaml', c.text, 'validate');
    } catch (e) {
      fail(c.kind, `validate threw: ${(e as Error).stack?.split('\n').slice(0, 3).join(' | ')}`, c.text);
      continue;
    }
    const ms = cpuMsSince(t0);
    slowestMs = Math.max(slowestMs, ms);
    if (ms > CASE_LIMIT_MS) fail(c.kind, `validate took ${Math.round(ms)} ms of CPU`, c.text);
    if (!result.ok) {
      invalid++;
      for (const d of result.diagnostics.filter((x) => x.severity === 'error')) {
        if (!d.code || !d.message || !(d.line! >= 1) || !(d.col! >= 1) || d.file !== 'fuzz.yaml') fail(c.kind, `unlocated diagnostic ${JSON.stringify(d)}`, c.text);
      }
      continue;
    }
    valid++;
    validByKind[c.kind] = (validByKind[c.kind] ?? 0) + 1;
    // Emit a sample of the valid cases: evenly over the run, up to the budget.
    if (opts.svg && emitted < opts.emits && (c.kind !== 'schema-generated' || emitted === 0) && valid % Math.max(1, Math.floor(opts.cases / 10 / Math.max(1, opts.emits))) === 0) {
      emitted++;
      const t1 = process.cpuUsage();
      try {
        const r = compile('fuzz.yaml', c.text, { until: 'emit', svg: opts.svg });
        if (!r.ok || !r.files) fail(c.kind, `validate accepted but synth refused: ${r.diagnostics.filter((x) => x.severity === 'error').map((x) => `${x.code}@${x.path}: ${x.message}`).slice(0, 3).join('; ')}`, c.text);
        else for (const p of outputProblems(r.files).slice(0, 5)) fail(c.kind, `output: ${p}`, c.text);
      } catch (e) {
        fail(c.kind, `synth threw: ${(e as Error).stack?.split('\n').slice(0, 3).join(' | ')}`, c.text);
      }
      const ems = cpuMsSince(t1);
      slowestMs = Math.max(slowestMs, ems);
      if (ems > CASE_LIMIT_MS * 3) fail(c.kind, `synth took ${Math.round(ems)} ms of CPU`, c.text);
    }
    if (opts.log && n % 1000 === 0) opts.log(`${n} cases: ${valid} valid, ${invalid} invalid, ${emitted} emitted, ${failures.length} failures`);
  }
  return { cases: n, byKind, valid, validByKind, invalid, emitted, slowestMs, failures };
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const { createSvgRenderer } = await import('../../synth/output/diagram');
  const seed = arg('seed', 1);
  const count = arg('cases', 10_000);
  const emits = arg('emit', 40);
  const t0 = Date.now();
  const r = runFuzz({ seed, cases: count, emits, svg: await createSvgRenderer(), log: (l) => process.stderr.write(l + '\n') });
  const out = { seed, ...r, failures: r.failures.length, seconds: Math.round((Date.now() - t0) / 100) / 10 };
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  if (r.failures.length) {
    const file = path.join(ROOT, `fuzz-failures-${seed}.json`);
    fs.writeFileSync(file, JSON.stringify(r.failures.slice(0, 50), null, 2));
    process.stderr.write(`${r.failures.length} failure(s); the first 50 in ${path.relative(ROOT, file)}\n`);
    process.exitCode = 1;
  }
}

if (require.main === module) void main();
