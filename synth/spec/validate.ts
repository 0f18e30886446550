/**
 * Stage 2, validate: the JSON Schema (ajv), then the table of semantic rules (rules.ts).
 * Returns every problem at once, each located at `file:line:col` with its spec path.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import schema from '../../schema/platform.schema.json';
import { AJV_OPTIONS } from './schema-options';
import { joinPath, sortDiagnostics, suggest, type Diagnostic } from '../util/errors';
import { locate, type LoadedSpec } from './load';
import { RULES, type Finding } from './rules';

/** Human wording for the schema's unit definitions, used in "expected ..." texts. */
const DEFINITION_WORDING: Readonly<Record<string, string>> = {
  duration: 'a duration such as 100ms, 30s, 5m, 1h, 7d, 12mo or 7y',
  rpo: 'a duration such as 1h or 24h, or 0',
  percent: 'a percentage between 0% and 100% such as 70% or 99.95%',
  growthPercent: 'a growth rate such as 50% or 200%',
  multiple: 'a multiple such as 2x',
  byteSize: 'a size such as 100GB or 2TB',
  cidr: 'an IPv4 CIDR block such as 10.10.0.0/16',
  cpu: 'a quoted CPU quantity such as "2" or "500m"',
  memory: 'a memory quantity such as 512Mi or 8Gi',
};

let compiled: ValidateFunction | undefined;
/**
 * The schema validator: the one bin/build.js generated ahead of time (ajv standalone code, present only in the
 * compiled build/), else compiled now (ts-node, ts-jest: about 0.25 s).
 */
function schemaValidator(): ValidateFunction {
  compiled ??= precompiledValidator() ?? compileValidator();
  return compiled;
}

function precompiledValidator(): ValidateFunction | undefined {
  let generated: { default: ValidateFunction };
  try {
    // The explicit `.js` never resolves to a source file: only build/ has it.
    generated = require('./schema-validator.generated.js') as { default: ValidateFunction };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw e;
  }
  return generated.default;
}

function compileValidator(): ValidateFunction {
  const Ajv = (require('ajv') as typeof import('ajv')).default;
  return new Ajv(AJV_OPTIONS).compile(schema);
}

/** Findings reported at most; the rest are counted in one `too-many-errors`. */
export const MAX_REPORTED = 100;

export function validate(loaded: LoadedSpec): readonly Diagnostic[] {
  const validateSchema = schemaValidator();
  const findings: Finding[] = [];
  let unmapped = 0;
  if (!validateSchema(loaded.value)) {
    const errors = validateSchema.errors ?? [];
    unmapped = Math.max(0, errors.length - 2 * MAX_REPORTED);
    findings.push(...schemaFindings(errors.slice(0, 2 * MAX_REPORTED)).map((f) => ({ ...f, severity: 'error' as const })));
  }
  for (const rule of RULES) {
    let out: readonly Finding[];
    try {
      out = rule.check(loaded.value as never);
    } catch {
      // A rule meeting a shape the schema already rejected: the schema error says what is wrong.
      out = [];
    }
    for (const f of out) findings.push({ ...f, code: f.code ?? rule.code, severity: f.severity ?? rule.severity });
  }
  const seen = new Set<string>();
  const diags: Diagnostic[] = [];
  // A document with thousands of mistakes (20,000 unknown keys) answers fast with the first ones.
  if (findings.length > MAX_REPORTED || unmapped > 0) {
    const more = findings.length - Math.min(findings.length, MAX_REPORTED) + unmapped;
    findings.splice(MAX_REPORTED);
    findings.push({ code: 'too-many-errors', severity: 'error', at: [], message: `${more} more problem(s) not shown`, expected: 'fix the ones above first' });
  }
  for (const f of findings) {
    const pos = locate(loaded, f.at, f.key ?? false);
    const d: Diagnostic = {
      code: f.code!,
      severity: f.severity!,
      path: joinPath(f.at),
      message: f.message,
      expected: f.expected,
      found: f.found,
      suggestion: f.suggestion,
      file: loaded.file,
      line: pos.line,
      col: pos.col,
    };
    const id = `${d.code}|${d.path}|${d.message}`;
    if (!seen.has(id)) {
      seen.add(id);
      diags.push(d);
    }
  }
  return sortDiagnostics(diags);
}

function segmentsOf(instancePath: string): (string | number)[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^[0-9]+$/.test(s) ? Number(s) : s));
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return Array.isArray(value) ? 'a list' : 'a mapping';
  return `${typeof value} ${String(value)}`;
}

function definitionOf(schemaPath: string): string | undefined {
  const m = /#\/definitions\/([^/]+)\//.exec(schemaPath);
  return m ? m[1] : undefined;
}

function wording(e: ErrorObject): string | undefined {
  const def = definitionOf(e.schemaPath);
  if (def && DEFINITION_WORDING[def]) return DEFINITION_WORDING[def];
  return undefined;
}

/** Maps ajv errors to findings: one per problem, children of a failed anyOf folded into it. */
function schemaFindings(errors: readonly ErrorObject[]): Finding[] {
  const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.schemaPath.replace(/\/(anyOf|oneOf)$/, ''));
  const out: Finding[] = [];
  for (const e of errors) {
    const folded = e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && anyOfPaths.some((p) => e.schemaPath.startsWith(p + '/anyOf/') || e.schemaPath.startsWith(p + '/oneOf/'));
    if (folded) continue;
    const at = segmentsOf(e.instancePath);
    const parent = (e.parentSchema ?? {}) as { properties?: Record<string, { description?: string }>; description?: string };
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = (e.params as { additionalProperty: string }).additionalProperty;
        const known = Object.keys(parent.properties ?? {});
        out.push({
          code: 'unknown-key',
          at: [...at, key],
          key: true,
          message: `unknown key \`${key}\``,
          expected: known.length ? `one of ${known.join(', ')}` : 'no keys here',
          suggestion: suggest(key, known),
        });
        break;
      }
      case 'required': {
        const key = (e.params as { missingProperty: string }).missingProperty;
        const desc = parent.properties?.[key]?.description;
        out.push({
          code: 'missing-key',
          at,
          message: `missing required key \`${key}\``,
          expected: desc ? `\`${key}\`: ${firstSentence(desc)}` : `\`${key}\``,
        });
        break;
      }
      case 'type':
        out.push({
          code: 'wrong-type',
          at,
          message: 'wrong type',
          expected: wording(e) ?? `${(e.params as { type: string }).type}`,
          found: show(e.data),
        });
        break;
      case 'enum':
      case 'const': {
        const allowed = e.keyword === 'enum' ? ((e.params as { allowedValues: unknown[] }).allowedValues) : [(e.params as { allowedValue: unknown }).allowedValue];
        out.push({
          code: 'bad-value',
          at,
          message: 'value not allowed',
          expected: `one of ${allowed.map((v) => String(v)).join(', ')}`,
          found: show(e.data),
          suggestion: typeof e.data === 'string' ? suggest(e.data, allowed.map(String)) : undefined,
        });
        break;
      }
      case 'pattern':
      case 'anyOf':
      case 'oneOf':
      case 'format':
        out.push({
          code: 'bad-format',
          at,
          message: 'malformed value',
          expected: wording(e) ?? (parent.description ? firstSentence(parent.description) : `a string matching ${(e.params as { pattern?: string }).pattern ?? 'the schema'}`),
          found: show(e.data),
        });
        break;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
      case 'minItems':
      case 'maxItems':
      case 'minLength':
      case 'maxLength':
      case 'minProperties':
        out.push({
          code: 'out-of-range',
          at,
          message: 'value out of range',
          expected: `${e.message ?? e.keyword}`.replace(/^must be /, '').replace(/^must NOT have /, 'not '),
          found: show(e.data),
        });
        break;
      case 'uniqueItems':
        out.push({ code: 'duplicate-item', at, message: 'a list holds the same item twice', expected: 'each item once', found: show(e.data) });
        break;
      default:
        out.push({ code: 'schema', at, message: e.message ?? e.keyword, found: show(e.data) });
    }
  }
  // A misspelt key already suggests the missing one: don't report the same mistake twice.
  const suggested = new Set(out.filter((f) => f.code === 'unknown-key' && f.suggestion).map((f) => [...f.at.slice(0, -1), f.suggestion].join('/')));
  return out.filter((f) => f.code !== 'missing-key' || !suggested.has([...f.at, /`(.*?)`/.exec(f.message)?.[1]].join('/')));
}

function firstSentence(s: string): string {
  const m = /^(.*?[.!?])(\s+[A-Z(`]|$)/.exec(s);
  return (m ? m[1] : s).replace(/\.$/, '');
}
