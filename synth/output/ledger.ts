/**
 * The ledger (dist/ledger.md): every claim of the report with the Terraform addresses, Kubernetes objects and
 * runbooks that implement it, resolved against the generated files. A reference that resolves to nothing is
 * rendered as MISSING (a test forbids it); a claim the output does not deliver says so.
 */
import type { LedgerEntry, LedgerRef } from '../model/index';
import { parsedJson, parsedManifest, type ManifestParser } from './parsed';

export const LEDGER_FILE = 'ledger.md';
export const MISSING = 'MISSING';

/** Dotted paths split once: the same few paths are looked up in every candidate resource. */
const SEGMENTS = new Map<string, readonly string[]>();

function at(value: unknown, path: string): unknown {
  let segments = SEGMENTS.get(path);
  if (segments === undefined) SEGMENTS.set(path, (segments = path.split('.')));
  let v = value;
  for (const k of segments) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

/** The addresses (`terraform/<stack>: <type>.<name>`, `kubernetes/<cluster>/<file>: <Kind> <ns>/<name>`, a path) a reference resolves to. */
export function resolveRef(ref: LedgerRef, files: ReadonlyMap<string, string>, parsed: Map<string, unknown>, parse?: ManifestParser): string[] {
  const json = (path: string) => {
    if (!parsed.has(path)) parsed.set(path, files.has(path) ? parsedJson(files, path, files.get(path)!) : undefined);
    return parsed.get(path) as { resource?: Record<string, Record<string, unknown>> } | undefined;
  };
  switch (ref.kind) {
    case 'terraform': {
      const equals = Object.entries(ref.equals ?? {});
      const contains = Object.entries(ref.contains ?? {});
      return terraformCandidates(ref.stack, ref.type, equals[0], json, parsed)
        .filter(([, r]) => equals.every(([k, v]) => at(r, k) === v) && contains.every(([k, v]) => String(at(r, k) ?? '').includes(v)))
        .map(([name]) => `terraform/${ref.stack}: ${ref.type}.${name}`);
    }
    case 'kubernetes':
      return [...(kubernetesIndex(ref.cluster, files, parsed, parse).get(objectKey(ref.apiKind, ref.namespace, ref.name)) ?? [])];
    case 'file':
      return files.has(ref.path) ? [ref.path] : [];
    case 'not-delivered':
      return [];
  }
}

type Resources = readonly (readonly [string, unknown])[];

/**
 * The resources of `type` in a stack, in the file's order, that can match a reference: with an `equals` condition,
 * only those whose value at its first path is that value, from an index built once per stack, type and path and
 * memoized in `parsed` (a ledger resolves thousands of references on the same stacks: filtering every resource of a
 * type for each was quadratic). The caller still applies every condition.
 */
function terraformCandidates(
  stack: string,
  type: string,
  first: readonly [string, string] | undefined,
  json: (path: string) => { resource?: Record<string, Record<string, unknown>> } | undefined,
  parsed: Map<string, unknown>,
): Resources {
  const listKey = `list:terraform/${stack}\0${type}`;
  let list = parsed.get(listKey) as Resources | undefined;
  if (!list) parsed.set(listKey, (list = Object.entries(json(`terraform/${stack}/cdk.tf.json`)?.resource?.[type] ?? {})));
  if (!first) return list;
  const indexKey = `index:terraform/${stack}\0${type}\0${first[0]}`;
  let index = parsed.get(indexKey) as Map<unknown, [string, unknown][]> | undefined;
  if (!index) {
    index = new Map();
    for (const [name, r] of list) {
      const v = at(r, first[0]);
      const same = index.get(v);
      if (same) same.push([name, r]);
      else index.set(v, [[name, r]]);
    }
    parsed.set(indexKey, index);
  }
  return index.get(first[1]) ?? [];
}

/** Kind, namespace and name as one key (a namespace that is not a string is kept apart from every string). */
function objectKey(kind: string, namespace: unknown, name: string): string {
  return JSON.stringify([kind, name]) + (typeof namespace === 'string' ? JSON.stringify(namespace) : String(namespace));
}

/**
 * The objects of a cluster's manifests (`kubernetes/<cluster>/**.yaml`, in the files' order): their Kind, namespace
 * and name -> the addresses, one per object, memoized in `parsed` (a ledger resolves thousands of references on
 * the same files: scanning every file for each was quadratic).
 */
function kubernetesIndex(cluster: string, files: ReadonlyMap<string, string>, parsed: Map<string, unknown>, parse?: ManifestParser): Map<string, string[]> {
  const key = `index:kubernetes/${cluster}/`;
  const known = parsed.get(key) as Map<string, string[]> | undefined;
  if (known) return known;
  const index = new Map<string, string[]>();
  for (const [path, text] of files) {
    if (!path.startsWith(`kubernetes/${cluster}/`) || !path.endsWith('.yaml')) continue;
    const docs = parsedManifest(files, path, text, parse).map((d) => ('body' in d ? d.body : undefined)) as ({ kind?: string; metadata?: { name?: string; namespace?: string } } | undefined)[];
    for (const o of docs) {
      if (!o || typeof o.kind !== 'string' || typeof o.metadata?.name !== 'string') continue;
      const k = objectKey(o.kind, o.metadata.namespace, o.metadata.name);
      const at = `${path}: ${o.kind} ${o.metadata.namespace}/${o.metadata.name}`;
      const list = index.get(k);
      if (list) list.push(at);
      else index.set(k, [at]);
    }
  }
  parsed.set(key, index);
  return index;
}

export interface ResolvedEntry {
  readonly entry: LedgerEntry;
  /** One line per reference: its addresses, `not delivered: ...`, or MISSING. */
  readonly lines: readonly string[];
  readonly missing: number;
}

/** `parse`: how a manifest whose values emit does not hold is parsed (synth passes a memo). @default parseManifest */
export function resolveLedger(entries: readonly LedgerEntry[], files: ReadonlyMap<string, string>, parse?: ManifestParser): ResolvedEntry[] {
  const parsed = new Map<string, unknown>();
  return entries.map((entry) => {
    let missing = 0;
    const lines = entry.refs.map((ref) => {
      if (ref.kind === 'not-delivered') return `not delivered: ${ref.reason}`;
      const found = resolveRef(ref, files, parsed, parse);
      if (found.length === 0) {
        missing++;
        return `${MISSING}: ${JSON.stringify(ref)}`;
      }
      return found.map((f) => `\`${f}\``).join(' ');
    });
    return { entry, lines, missing };
  });
}

const TITLES: Readonly<Record<LedgerEntry['section'], string>> = { rto: 'RTO steps', rpo: 'RPO figures', residency: 'Residency', availability: 'Availability' };

export function renderLedger(resolved: readonly ResolvedEntry[]): string {
  const out = [
    '# Ledger',
    '',
    'Every figure of `report.md` and what in this folder delivers it. Generated by `npm run synth`; a test fails when an entry points at nothing. Human steps are marked; their runbooks say so and the RTO counts them.',
    '',
  ];
  for (const section of Object.keys(TITLES) as LedgerEntry['section'][]) {
    const rows = resolved.filter((r) => r.entry.section === section);
    if (rows.length === 0) continue;
    out.push(`## ${TITLES[section]}`, '');
    for (const r of rows) {
      out.push(`- ${r.entry.claim}${r.entry.human ? ' **(human step)**' : ''}`);
      for (const line of [...new Set(r.lines)]) out.push(`  - ${line}`);
    }
    out.push('');
  }
  return out.join('\n');
}
