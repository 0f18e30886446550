/**
 * Diagnostics: every problem the compiler reports has a stable code, a spec path, a message, what was
 * expected and found, an optional suggestion, and a source position once `locate` has run.
 */
import { compareText } from './order';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Stable, documented code, e.g. `unknown-key`, `ref-unknown-tier`. */
  readonly code: string;
  readonly severity: Severity;
  /** Dotted spec path, e.g. `services.api-gateway.load.rps`; '' for the whole file. */
  readonly path: string;
  readonly message: string;
  readonly expected?: string;
  readonly found?: string;
  /** A replacement to try, e.g. the closest known key or id. */
  readonly suggestion?: string;
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;
}

/**
 * The one error type for "the plan is inconsistent": a compiler bug, never a user mistake (those are
 * diagnostics). Thrown by the planner and the constructs when a value the validator or the planner
 * guarantees does not hold; carries the spec path it came from so a bug report can point at it.
 */
export class PlanInvariantError extends Error {
  constructor(
    readonly specPath: string,
    message: string,
  ) {
    super(`plan inconsistency at ${specPath || '(spec)'}: ${message}`);
    this.name = 'PlanInvariantError';
  }
}

/** Asserts a value the validator or the planner already guaranteed; throws PlanInvariantError otherwise. */
export function planInvariant<T>(value: T | undefined | null | false, specPath: string, message: string): asserts value {
  if (value === undefined || value === null || value === false) throw new PlanInvariantError(specPath, message);
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

/** Path segments to the dotted form used in messages: ['services','api-gateway','load'] -> services.api-gateway.load. */
export function joinPath(segments: readonly (string | number)[]): string {
  return segments.map((s) => (typeof s === 'number' ? `[${s}]` : s)).join('.').replace(/\.\[/g, '[');
}

/** Levenshtein distance, for suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The closest candidate within a distance proportional to the word length, or undefined. */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const limit = Math.max(2, Math.floor(word.length / 3));
  for (const c of [...candidates].sort()) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  if (best !== undefined && (bestDistance <= limit || best.startsWith(word) || word.startsWith(best))) return best;
  return undefined;
}

/** Sorts diagnostics by file position, then path and code, so output is stable. */
export function sortDiagnostics(diags: readonly Diagnostic[]): Diagnostic[] {
  return [...diags].sort(
    (a, b) =>
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.col ?? 0) - (b.col ?? 0) ||
      compareText(a.path, b.path) ||
      compareText(a.code, b.code) ||
      compareText(a.message, b.message),
  );
}

export interface FormatOptions {
  readonly color: boolean;
}

/** Text form: `file:line:col: error[code] path: message (expected X, found Y). Did you mean `Z`?` */
export function formatDiagnostic(d: Diagnostic, opts: FormatOptions = { color: false }): string {
  const paint = (code: number, s: string) => (opts.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const where = d.file ? `${d.file}:${d.line ?? 1}:${d.col ?? 1}: ` : '';
  const sev = d.severity === 'error' ? paint(31, `error[${d.code}]`) : paint(33, `warning[${d.code}]`);
  const detail: string[] = [];
  if (d.expected !== undefined) detail.push(`expected ${d.expected}`);
  if (d.found !== undefined) detail.push(`found ${d.found}`);
  let text = `${where}${sev} ${d.path ? paint(1, d.path) + ': ' : ''}${d.message}`;
  if (detail.length) text += ` (${detail.join(', ')})`;
  if (d.suggestion !== undefined) text += `. Did you mean \`${d.suggestion}\`?`;
  return text;
}

export function formatDiagnostics(diags: readonly Diagnostic[], opts?: FormatOptions): string {
  const errors = diags.filter((d) => d.severity === 'error').length;
  const warnings = diags.length - errors;
  const lines = sortDiagnostics(diags).map((d) => formatDiagnostic(d, opts));
  lines.push(`${errors} error(s), ${warnings} warning(s)`);
  return lines.join('\n') + '\n';
}
