/**
 * Explicit acceptance of risks: `# platform: accept <code> <resource>` lines (from a PR description given
 * with `--accept-file`) and `--accept <code>:<resource>` flags. `*` in either part matches any text.
 */
import type { Risk } from './model';

export interface Acceptance {
  readonly code: string;
  readonly resource: string;
}

const LINE = /^\s*(?:[#>*-]\s*)*platform:\s*accept\s+(\S+)\s+(\S+)\s*$/i;

/** Every accept line of a text (a PR description, a commit message); other lines are ignored. */
export function parseAcceptLines(text: string): Acceptance[] {
  const out: Acceptance[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = LINE.exec(line);
    if (m) out.push({ code: m[1], resource: m[2] });
  }
  return out;
}

/** `code:resource` of a --accept flag; undefined when malformed. */
export function parseAcceptFlag(value: string): Acceptance | undefined {
  const i = value.indexOf(':');
  if (i <= 0 || i === value.length - 1) return undefined;
  return { code: value.slice(0, i), resource: value.slice(i + 1) };
}

function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

export function isAccepted(risk: Pick<Risk, 'code' | 'resource'>, acceptances: readonly Acceptance[]): boolean {
  return acceptances.some((a) => glob(a.code).test(risk.code) && glob(a.resource).test(risk.resource));
}
