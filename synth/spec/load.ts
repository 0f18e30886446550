/**
 * Stage 1, load: YAML text to a document that remembers source positions.
 * Refuses files over 1 MiB, duplicate keys and alias bombs; reports YAML syntax errors with positions.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Diagnostic } from '../util/errors';

export const MAX_SPEC_BYTES = 1024 * 1024;
/** Anchors may be reused, but not to build an exponential document ("billion laughs"). */
export const MAX_ALIAS_COUNT = 100;

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

export function load(file: string, text: string): LoadResult {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_SPEC_BYTES) {
    return {
      diagnostics: [
        {
          code: 'file-too-large',
          severity: 'error',
          path: '',
          file,
          line: 1,
          col: 1,
          message: 'the spec file is too large to be a platform spec',
          expected: `at most ${MAX_SPEC_BYTES} bytes (1 MiB)`,
          found: `${bytes} bytes`,
        },
      ],
    };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, keepSourceTokens: false });
  const diagnostics: Diagnostic[] = [];
  for (const e of [...doc.errors, ...doc.warnings]) {
    const pos = lineCounter.linePos(e.pos[0]);
    const duplicate = e.code === 'DUPLICATE_KEY';
    diagnostics.push({
      code: duplicate ? 'duplicate-key' : 'yaml-syntax',
      severity: doc.errors.includes(e as never) ? 'error' : 'warning',
      path: '',
      file,
      line: pos.line,
      col: pos.col,
      message: duplicate ? 'a key appears twice in the same mapping: the second would silently win' : firstLine(e.message),
      expected: duplicate ? 'each key once per mapping' : undefined,
    });
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
