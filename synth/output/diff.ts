/**
 * Stage 6, diff: what a synth changes in dist/, file by file, and in the plan's key figures
 * (replicas, node pools, storage, cost), for `--check` and for the reviewer's summary.
 */
import type { Plan } from '../model/index';
import { costDelta, planChanges } from '../review/plan-changes';

export interface TreeDiff {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
}

export function diffTrees(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): TreeDiff {
  return diffNames(new Set(before.keys()), after, (k) => before.get(k) !== after.get(k));
}

/** The sorted lists of a tree diff from the old tree's file names and whether a file of both trees `differs`. */
export function diffNames(before: ReadonlySet<string>, after: ReadonlyMap<string, string>, differs: (file: string) => boolean): TreeDiff {
  const added = [...after.keys()].filter((k) => !before.has(k)).sort();
  const removed = [...before].filter((k) => !after.has(k)).sort();
  const changed = [...after.keys()].filter((k) => before.has(k) && differs(k)).sort();
  return { added, removed, changed };
}

export function isEmptyDiff(d: TreeDiff): boolean {
  return d.added.length + d.removed.length + d.changed.length === 0;
}

export function formatTreeDiff(d: TreeDiff): string {
  return [...d.added.map((f) => `  added    ${f}`), ...d.removed.map((f) => `  removed  ${f}`), ...d.changed.map((f) => `  changed  ${f}`)].join('\n');
}

/**
 * Figure-level changes between two plans, e.g. `workload api-gateway@us-east: active 15 (max 23) -> ...`, and the
 * monthly cost (the same changes `platform diff` reports: synth/review/plan-changes.ts).
 */
export function diffPlans(before: Plan | undefined, after: Plan): string[] {
  if (!before?.reports) return ['(no previous plan.json: everything is new)'];
  const lines = planChanges(before, after).map((c) => c.text);
  const cost = costDelta(before, after);
  if (cost.deltaMonthly !== 0) lines.push(`cost per month: $${cost.beforeMonthly.toFixed(2)} -> $${cost.afterMonthly.toFixed(2)}`);
  return lines;
}
