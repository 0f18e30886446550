/**
 * Stage 1, load: YAML text to a document that remembers source positions.
 * Refuses files over 1 MiB, duplicate keys and alias bombs; reports YAML syntax errors with positions.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { joinPath, type Diagnostic } from '../util/errors';

export const MAX_SPEC_BYTES = 1024 * 1024;
/** Anchors may be reused, but not to build an exponential document ("billion laughs"). */
export const MAX_ALIAS_COUNT = 100;
/** Lines plus flow separators (`,`) a spec may have: 30x the reference's, far below what makes parsing slow. */
export const MAX_SPEC_ITEMS = 10000;

export interface LoadedSpec {
  /** The file name as given by the user (never made absolute: it appears in messages). */
  readonly file: string;
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
  /** Plain JS value of the document, or undefined when it could not be built. */
  readonly value: unknown;
}

export interface LoadResult {
  readonly loaded?: LoadedSpec;
  readonly diagnostics: readonly Diagnostic[];
}

/** A `file-too-large` refusal, located at the top of the file (nothing is parsed). */
/** At most this many forbidden characters are reported (a binary file would give thousands). */
const MAX_FORBIDDEN_REPORTED = 20;

/** YAML 1.2 c-printable, per UTF-16 code unit (surrogate pairs are printable; the parser rejects lone ones). */
function printable(c: number): boolean {
  if (c < 0x20) return c === 0x09 || c === 0x0a || c === 0x0d;
  if (c < 0x7f) return true;
  if (c <= 0x9f) return c === 0x85;
  return c !== 0xfffe && c !== 0xffff;
}

function tooLarge(file: string, message: string, expected: string, found: string): LoadResult {
  return { diagnostics: [{ code: 'file-too-large', severity: 'error', path: '', file, line: 1, col: 1, message, expected, found }] };
}

export function load(file: string, text: string): LoadResult {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_SPEC_BYTES) {
    return tooLarge(file, 'the spec file is too large to be a platform spec', `at most ${MAX_SPEC_BYTES} bytes (1 MiB)`, `${bytes} bytes`);
  }
  // Lines and flow-collection separators bound the number of YAML nodes: refuse a huge document before the
  // parser spends seconds on it (a platform spec has a few hundred lines).
  // The same pass finds characters YAML forbids anywhere, comments included (YAML 1.2.2, 5.1 "Character Set":
  // c-printable is tab, LF, CR, x20-x7E, x85, xA0-xD7FF, xE000-xFFFD and above); the parser lets some through.
  let items = 0;
  let line = 1;
  let lineStart = 0;
  const forbidden: Diagnostic[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 44) items++;
    if (c === 10) {
      line++;
      lineStart = i + 1;
    } else if (!printable(c) && forbidden.length < MAX_FORBIDDEN_REPORTED) {
      const code = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
      forbidden.push({ code: 'yaml-invalid-character', severity: 'error', path: '', file, line, col: i - lineStart + 1, message: `the character ${code} is not allowed in YAML, not even in a comment`, expected: 'printable characters, tab and line breaks (YAML 1.2 c-printable)', found: code, suggestion: 'delete it (an editor showing invisible characters finds it)' });
    }
  }
  if (items > MAX_SPEC_ITEMS) {
    return tooLarge(file, 'the spec has too many lines or list items to be a platform spec', `at most ${MAX_SPEC_ITEMS} lines and flow items`, String(items));
  }
  if (forbidden.length) return { diagnostics: forbidden };
  const lineCounter = new LineCounter();
  // Duplicate keys are found below in one pass (the parser's own check compares every pair of keys: minutes
  // for a mapping of 20,000 keys), and reported with the key and its path.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, keepSourceTokens: false });
  const diagnostics: Diagnostic[] = [];
  for (const e of [...doc.errors, ...doc.warnings]) {
    const pos = lineCounter.linePos(e.pos[0]);
    diagnostics.push({
      code: 'yaml-syntax',
      severity: doc.errors.includes(e as never) ? 'error' : 'warning',
      path: '',
      file,
      line: pos.line,
      col: pos.col,
      message: firstLine(e.message),
    });
  }
  if (!doc.errors.length) {
    for (const d of duplicateKeys(doc.contents, [])) {
      const pos = lineCounter.linePos(d.offset);
      diagnostics.push({
        code: 'duplicate-key',
        severity: 'error',
        path: d.path,
        file,
        line: pos.line,
        col: pos.col,
        message: `key \`${d.key}\` appears twice in the same mapping: the second would silently win`,
        expected: 'each key once per mapping',
        found: d.key,
      });
    }
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    return {
      diagnostics: [
        {
          code: 'yaml-alias-bomb',
          severity: 'error',
          path: '',
          file,
          line: 1,
          col: 1,
          message: 'the document expands aliases too many times (a "billion laughs" document?)',
          expected: `at most ${MAX_ALIAS_COUNT} alias expansions`,
          found: firstLine((err as Error).message),
        },
      ],
    };
  }
  return { loaded: { file, doc, lineCounter, value }, diagnostics };
}

/** Keys that appear twice in one mapping, anywhere in the document (one pass, a set per mapping). */
function duplicateKeys(node: unknown, path: readonly (string | number)[], out: { key: string; path: string; offset: number }[] = [], depth = 0): { key: string; path: string; offset: number }[] {
  if (depth > MAX_DEPTH || out.length >= MAX_DUPLICATES) return out;
  if (isMap(node)) {
    const seen = new Set<string>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key !== undefined) {
        if (seen.has(key)) out.push({ key, path: joinPath([...path, key]), offset: rangeStart(pair.key) ?? 0 });
        seen.add(key);
      }
      duplicateKeys(pair.value, key === undefined ? path : [...path, key], out, depth + 1);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => duplicateKeys(item, [...path, i], out, depth + 1));
  }
  return out;
}
/** Nesting deeper than any spec needs is not searched for duplicates (the schema refuses it anyway). */
const MAX_DEPTH = 64;
const MAX_DUPLICATES = 100;

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}

/**
 * Source position of a spec path. With `key: true`, the position of the last segment's key
 * (for unknown keys); otherwise of its value. Falls back to the nearest existing ancestor.
 */
export function locate(loaded: LoadedSpec, segments: readonly (string | number)[], key = false): { line: number; col: number } {
  let node: unknown = loaded.doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const last = i === segments.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      if (last && key) {
        offset = rangeStart(pair.key) ?? offset;
        break;
      }
      node = pair.value;
      offset = rangeStart(node) ?? rangeStart(pair.key) ?? offset;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      offset = rangeStart(node) ?? offset;
    } else {
      break;
    }
  }
  return loaded.lineCounter.linePos(offset);
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | undefined)?.range;
  return range ? range[0] : undefined;
}
