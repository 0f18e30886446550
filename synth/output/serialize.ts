/** Deterministic serialization for dist/: sorted keys, two-space indent, LF, trailing newline. */
import { stringify } from 'yaml';
import type { ParsedFile } from './parsed';
import { sortKeys } from '../util/order';
import { yamlDocument, YAML_OPTIONS } from '../util/yaml';

export { sortKeys } from '../util/order';

export function toJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2) + '\n';
}

/**
 * toJson(value) with the value JSON.parse gives back: only for JSON-clean values (what JSON.parse made: no
 * undefined in arrays, no NaN, Infinity or -0, no class instances), which the caller vouches for.
 */
export function jsonFile(jsonClean: unknown): ParsedFile {
  const value = sortKeys(jsonClean);
  return { text: JSON.stringify(value, null, 2) + '\n', value };
}

/**
 * Multi-document YAML, one document per object, keys sorted: `yaml`'s stringify, written by the faster emitter of
 * yaml.ts (the same bytes) wherever it models the value. `value` is the documents' values when every document was
 * written by that emitter (then parsing the text gives them back), else undefined.
 */
export function yamlFile(objects: readonly unknown[]): { readonly text: string; readonly value?: readonly unknown[] } {
  const docs: string[] = [];
  const values: unknown[] = [];
  let exact = true;
  for (const o of objects) {
    const sorted = sortKeys(o);
    const doc = yamlDocument(sorted);
    if (!doc.exact) exact = false;
    docs.push(doc.text);
    values.push(sorted);
  }
  const text = docs.join('---\n');
  return exact ? { text, value: values } : { text };
}

/** Multi-document YAML, one document per object, keys sorted. */
export function toYamlDocuments(objects: readonly unknown[]): string {
  return yamlFile(objects).text;
}

/** What `yaml` itself writes for toYamlDocuments (the reference the emitter of yaml.ts is tested against). */
export function toYamlDocumentsByYaml(objects: readonly unknown[]): string {
  return objects.map((o) => stringify(sortKeys(o), YAML_OPTIONS)).join('---\n');
}
