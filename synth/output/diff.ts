/**
 * Stage 6, diff: what a synth changes in dist/, file by file, and in the plan's key figures
 * (replicas, node pools, storage, cost), for `--check` and for the reviewer's summary.
 */
import type { Plan } from '../model/index';

export interface TreeDiff {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
}

export function diffTrees(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): TreeDiff {
  const added = [...after.keys()].filter((k) => !before.has(k)).sort();
  const removed = [...before.keys()].filter((k) => !after.has(k)).sort();
  const changed = [...after.keys()].filter((k) => before.has(k) && before.get(k) !== after.get(k)).sort();
  return { added, removed, changed };
}

export function isEmptyDiff(d: TreeDiff): boolean {
  return d.added.length + d.removed.length + d.changed.length === 0;
}

export function formatTreeDiff(d: TreeDiff): string {
  return [...d.added.map((f) => `  added    ${f}`), ...d.removed.map((f) => `  removed  ${f}`), ...d.changed.map((f) => `  changed  ${f}`)].join('\n');
}

/** Figure-level changes between two plans, e.g. `replicas api-gateway@us-east: 15 -> 18`. */
export function diffPlans(before: Plan | undefined, after: Plan): string[] {
  if (!before?.reports) return ['(no previous plan.json: everything is new)'];
  const lines: string[] = [];
  const index = <T>(rows: readonly T[], key: (r: T) => string) => new Map(rows.map((r) => [key(r), r]));
  const cap0 = index(before.reports.capacity, (r) => `${r.service}@${r.region}`);
  const cap1 = index(after.reports.capacity, (r) => `${r.service}@${r.region}`);
  for (const k of [...new Set([...cap0.keys(), ...cap1.keys()])].sort()) {
    const a = cap0.get(k);
    const b = cap1.get(k);
    if (!a) lines.push(`workload ${k}: new (${b!.mode}, ${b!.replicas} replicas)`);
    else if (!b) lines.push(`workload ${k}: removed`);
    else if (a.replicas !== b.replicas || a.max !== b.max || a.mode !== b.mode) lines.push(`workload ${k}: ${a.mode} ${a.replicas} (max ${a.max}) -> ${b.mode} ${b.replicas} (max ${b.max})`);
  }
  const pools = (p: Plan) => new Map(p.regions.flatMap((r) => r.cluster.nodePools.map((n) => [`${r.id}/${n.name}`, `${n.min}/${n.desired}/${n.max} ${n.instanceType}`] as const)));
  const p0 = pools(before);
  const p1 = pools(after);
  for (const k of [...new Set([...p0.keys(), ...p1.keys()])].sort()) {
    if (p0.get(k) !== p1.get(k)) lines.push(`node pool ${k}: ${p0.get(k) ?? 'none'} -> ${p1.get(k) ?? 'none'}`);
  }
  const s0 = index(before.reports.storage, (r) => r.database);
  for (const s of after.reports.storage) {
    const a = s0.get(s.database);
    if (a?.totalBytes !== s.totalBytes) lines.push(`storage ${s.database}: ${a ? a.totalBytes / 1e12 : 0} TB -> ${s.totalBytes / 1e12} TB`);
  }
  if (before.reports.cost.totalMonthly !== after.reports.cost.totalMonthly) {
    lines.push(`cost per month: $${before.reports.cost.totalMonthly.toFixed(2)} -> $${after.reports.cost.totalMonthly.toFixed(2)}`);
  }
  const r0 = index(before.reports.rto, (r) => r.tier);
  for (const r of after.reports.rto) {
    const a = r0.get(r.tier);
    if (a?.achievedSeconds !== r.achievedSeconds) lines.push(`RTO ${r.tier}: ${a?.achievedSeconds ?? '-'}s -> ${r.achievedSeconds}s (target ${r.targetSeconds}s)`);
  }
  return lines;
}
