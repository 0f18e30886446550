/** Semantic diff of the manifests of one dist/kubernetes folder: objects created, updated and deleted. */
import { parseAllDocuments } from 'yaml';
import type { ObjectChange } from './model';
import { diffValues } from './values';

export interface K8sObject {
  readonly id: string;
  readonly kind: string;
  readonly file: string;
  readonly body: Record<string, unknown>;
}

/** Objects of the given files (relative path -> multi-document YAML), by `<Kind>/<namespace>/<name>`. */
export function k8sObjects(files: ReadonlyMap<string, string>): Map<string, K8sObject> {
  const out = new Map<string, K8sObject>();
  for (const [file, text] of files) {
    for (const doc of parseAllDocuments(text)) {
      const body = doc.toJS() as Record<string, unknown> | null;
      if (!body || typeof body !== 'object') continue;
      const meta = (body.metadata ?? {}) as { name?: string; namespace?: string };
      const kind = String(body.kind ?? 'Unknown');
      const id = [kind, meta.namespace, meta.name ?? '(unnamed)'].filter((x) => x !== undefined).join('/');
      out.set(id, { id, kind, file, body });
    }
  }
  return out;
}

/** Secret values are masked; everything else is compared path by path. */
export function diffObjects(before: ReadonlyMap<string, K8sObject>, after: ReadonlyMap<string, K8sObject>): ObjectChange[] {
  const out: ObjectChange[] = [];
  const secret = (o: K8sObject) => o.kind === 'Secret';
  const diff = (a: K8sObject | undefined, b: K8sObject | undefined) => {
    const o = (b ?? a)!;
    if (!secret(o)) return diffValues(a?.body, b?.body);
    const strip = (x: K8sObject | undefined) => x && { ...x.body, data: undefined, stringData: undefined };
    const values = diffValues({ data: a?.body.data, stringData: a?.body.stringData }, { data: b?.body.data, stringData: b?.body.stringData }, '', true);
    return [...diffValues(strip(a), strip(b)), ...values];
  };
  for (const [id, b] of after) {
    const a = before.get(id);
    if (!a) out.push({ id, kind: b.kind, file: b.file, action: 'create', changes: [] });
    else {
      const changes = diff(a, b);
      if (changes.length) out.push({ id, kind: b.kind, file: b.file, action: 'update', changes });
    }
  }
  for (const [id, a] of before) if (!after.has(id)) out.push({ id, kind: a.kind, file: a.file, action: 'delete', changes: [] });
  return out.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}
