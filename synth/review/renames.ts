/**
 * Undeclared renames: an id of a region, service, database or cache disappears while a new id with the
 * same identity appears (same cloud and location; same image repository; same engine and data classes;
 * same engine and size). `platform diff` suggests declaring it with `renamedFrom`, so synth moves state.
 */
import type { NormalizedSpec } from '../model/index';
import type { RenameSuggestion } from './model';

type Kind = RenameSuggestion['kind'];

const SIGNATURES: Record<Kind, { readonly rows: (s: NormalizedSpec) => readonly { readonly id: string }[]; readonly signature: (row: any) => string; readonly section: string }> = {
  region: { rows: (s) => s.regions, signature: (r) => `${r.cloud} ${r.location}`, section: 'regions' },
  service: { rows: (s) => s.services, signature: (r) => String(r.image).replace(/[:@][^/]*$/, ''), section: 'services' },
  database: { rows: (s) => s.databases, signature: (r) => `${r.engine} ${[...r.stores].sort().join(',')}`, section: 'databases' },
  cache: { rows: (s) => s.caches, signature: (r) => `${r.engine} ${r.size}`, section: 'caches' },
};

/** `renamedFrom` a row declares (ids renamed on purpose are not suggested). */
function declared(row: { readonly renamedFrom?: string }): string | undefined {
  return row.renamedFrom;
}

export function detectRenames(before: NormalizedSpec | undefined, after: NormalizedSpec | undefined): RenameSuggestion[] {
  if (!before || !after) return [];
  const out: RenameSuggestion[] = [];
  for (const kind of Object.keys(SIGNATURES) as Kind[]) {
    const { rows, signature, section } = SIGNATURES[kind];
    const ids0 = new Set(rows(after).map((r) => r.id));
    const removed = rows(before).filter((r) => !ids0.has(r.id));
    const ids1 = new Set(rows(before).map((r) => r.id));
    const added = rows(after).filter((r) => !ids1.has(r.id) && declared(r as { renamedFrom?: string }) === undefined);
    const taken = new Set<string>();
    for (const a of added) {
      const candidates = removed.filter((r) => !taken.has(r.id) && signature(r) === signature(a));
      const match = candidates.length === 1 ? candidates[0] : removed.length === 1 && added.length === 1 && !taken.has(removed[0].id) ? removed[0] : undefined;
      if (!match) continue;
      taken.add(match.id);
      out.push({ kind, from: match.id, to: a.id, suggestion: `${section}.${a.id}.renamedFrom: ${match.id}` });
    }
  }
  return out;
}
