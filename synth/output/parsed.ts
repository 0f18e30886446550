/**
 * What the generated files parse back to, without parsing them again when emit still holds the values it
 * serialized them from.
 *
 * Emit serializes the Terraform stacks and the manifests from plain values (serialize.ts); the ledger
 * (ledger.ts) and the policy check (synth/check/output.ts) read those files as values again. Parsing 4 MiB of YAML
 * and JSON back cost about as much as writing it. So emit attaches, to the files map it returns, each file's text
 * with the value it was written from, and `parsedJson` / `parsedManifest` return that value when the file's text is
 * still exactly that text; otherwise (a cached slice, a tree read from disk, an edited map) they parse.
 *
 * The values are those parsing gives: serialize.ts registers a value only when the text is its exact serialization
 * and parsing it gives it back (JSON-clean data: the stacks come out of a JSON round trip; YAML documents only when
 * the emitter of yaml.ts wrote them, which takes only objects, arrays, strings, finite numbers, booleans and null).
 * test/synth/output/parsed.test.ts proves it for every file of the reference and company specs. Readers must not
 * modify them (the ledger and the check only read).
 */
import { parseAllDocuments } from 'yaml';

/** A file's text and the value parsing it gives (JSON: the value; YAML: the documents' values). */
export interface ParsedFile {
  readonly text: string;
  readonly value: unknown;
}

/** The documents of one manifest file: each its plain value, or why it does not parse. */
export type ParsedManifest = ReadonlyArray<{ readonly body: unknown } | { readonly error: string }>;
/** How a manifest's text is parsed when its values are not at hand (synth passes a memo of parseManifest). */
export type ManifestParser = (text: string) => ParsedManifest;

export function parseManifest(text: string): ParsedManifest {
  const out: ({ body: unknown } | { error: string })[] = [];
  const docs = parseAllDocuments(text);
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length) {
      out.push({ error: doc.errors[0].message });
      continue;
    }
    try {
      out.push({ body: doc.toJS() }); // refuses alias bombs
    } catch (e) {
      out.push({ error: (e as Error).message });
    }
  }
  return out;
}

const ATTACHED = new WeakMap<ReadonlyMap<string, string>, ReadonlyMap<string, ParsedFile>>();

/** Records, for `files`, the values its files were serialized from (emit does, for what it serialized). */
export function attachParsed(files: ReadonlyMap<string, string>, parsed: ReadonlyMap<string, ParsedFile>): void {
  ATTACHED.set(files, parsed);
}

/**
 * The values attached to `files` whose text is still the file's, as [file, value] pairs: what the synth cache stores
 * and an emit worker posts beside the texts (JSON-clean: only values parsing gives back are ever attached).
 */
export function attachedValues(files: ReadonlyMap<string, string>): [string, unknown][] {
  return [...(attachedParsed(files) ?? new Map<string, ParsedFile>())].filter(([f, p]) => files.get(f) === p.text).map(([f, p]) => [f, p.value]);
}

/** Files with `values` (from attachedValues) attached again: a cache hit's or a worker's files. */
export function withValues(files: Iterable<readonly [string, string]>, values: Iterable<readonly [string, unknown]>): Map<string, string> {
  const out = new Map(files);
  attachParsed(out, new Map([...values].map(([f, value]) => [f, { text: out.get(f)!, value }])));
  return out;
}

/**
 * Forgets the values attached to `files`: the CLI, once the checks that read them are done, so that they are not
 * held while the output is compared and written (163 MiB of a 100x spec's 547 MiB of live heap at that point).
 * Readers that come later parse the text, as for a tree read from disk.
 */
export function detachParsed(files: ReadonlyMap<string, string>): void {
  ATTACHED.delete(files);
}

/** What emit recorded for `files` (tests; readers use parsedJson / parsedManifest). */
export function attachedParsed(files: ReadonlyMap<string, string>): ReadonlyMap<string, ParsedFile> | undefined {
  return ATTACHED.get(files);
}

/** The value `file` of `files` was serialized from, if emit recorded it and the text is still that text. */
function known(files: ReadonlyMap<string, string>, file: string, text: string): ParsedFile | undefined {
  const p = ATTACHED.get(files)?.get(file);
  return p && p.text === text ? p : undefined;
}

/** JSON.parse(text) of `file` (text = files.get(file)): throws like JSON.parse on a file that is not JSON. */
export function parsedJson(files: ReadonlyMap<string, string>, file: string, text: string): unknown {
  const p = known(files, file, text);
  return p ? p.value : JSON.parse(text);
}

/** The documents of manifest `file` (text = files.get(file)). */
export function parsedManifest(files: ReadonlyMap<string, string>, file: string, text: string, parse: ManifestParser = parseManifest): ParsedManifest {
  const p = known(files, file, text);
  return p ? (p.value as readonly unknown[]).map((body) => ({ body })) : parse(text);
}
