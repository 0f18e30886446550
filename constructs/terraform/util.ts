/**
 * Small helpers shared by the Terraform constructs: applying documented defaults, tag maps and
 * deterministic lists. No planning decisions live here.
 */
import { compareText } from '../../synth/util/order';

/**
 * Returns `defaults` overlaid with the fields of `props` that are not undefined: the one place each
 * construct applies its `@default`s (spreading `props` directly would let `undefined` win).
 */
export function withDefaults<D extends object, P extends object>(defaults: D, props: P): D & P {
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [key, value] of Object.entries(props)) {
    if (value !== undefined) out[key] = value;
  }
  return out as D & P;
}

/** Sorted distinct values. */
export function sortedUnique<T extends string | number>(values: Iterable<T>): T[] {
  const out = [...new Set(values)];
  return out.sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : compareText(String(a), String(b))));
}

/** Tag map without the given keys. */
export function omitKeys(tags: Readonly<Record<string, string>>, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) if (!keys.includes(k)) out[k] = v;
  return out;
}

/** A Terraform-identifier-safe form of a spec id (outputs, provider aliases). */
export function tfIdentifier(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_');
}
