/** Deterministic serialization for dist/: sorted keys, two-space indent, LF, trailing newline. */
import { stringify } from 'yaml';

/** Deep copy with object keys sorted (arrays keep their order); drops undefined like JSON does. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

export function toJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2) + '\n';
}

/** Multi-document YAML, one document per object, keys sorted. */
export function toYamlDocuments(objects: readonly unknown[]): string {
  return objects.map((o) => stringify(sortKeys(o), { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');
}
