/**
 * Figure-level changes between two plans (replicas, HPA bounds, PDBs, node pools, storage, RTO/RPO achieved,
 * availability, residency, backups, stacks) and the monthly cost delta with the lines that cause it.
 * synth/output/diff.ts prints the same changes after a synth.
 */
import type { Plan, WorkloadPlan } from '../model/index';
import type { CostDelta, CostLine, PlanChange, PlanChangeKind } from './model';
import { residencyRows } from './risks';

function keyed<T>(rows: readonly T[], key: (r: T) => string): Map<string, T> {
  return new Map(rows.map((r) => [key(r), r]));
}

function union(...maps: ReadonlyMap<string, unknown>[]): string[] {
  return [...new Set(maps.flatMap((m) => [...m.keys()]))].sort();
}

const TB = 1e12;
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export function planChanges(before: Plan | undefined, after: Plan | undefined): PlanChange[] {
  const out: PlanChange[] = [];
  const push = (kind: PlanChangeKind, key: string, b: string | undefined, a: string | undefined, text: string) =>
    out.push({ kind, key, ...(b !== undefined ? { before: b } : {}), ...(a !== undefined ? { after: a } : {}), text });
  const rep0 = before?.reports;
  const rep1 = after?.reports;

  const cap0 = keyed(rep0?.capacity ?? [], (r) => `${r.service}@${r.region}`);
  const cap1 = keyed(rep1?.capacity ?? [], (r) => `${r.service}@${r.region}`);
  for (const k of union(cap0, cap1)) {
    const a = cap0.get(k);
    const b = cap1.get(k);
    const fig = (r: typeof a) => r && `${r.mode} ${r.replicas} (max ${r.max})`;
    if (!a) push('workload', k, undefined, fig(b), `workload ${k}: new (${b!.mode}, ${b!.replicas} replicas)`);
    else if (!b) push('workload', k, fig(a), undefined, `workload ${k}: removed`);
    else if (a.replicas !== b.replicas || a.max !== b.max || a.mode !== b.mode) push('workload', k, fig(a), fig(b), `workload ${k}: ${fig(a)} -> ${fig(b)}`);
  }

  const workloads = (p: Plan | undefined) => keyed<WorkloadPlan>(p?.regions.flatMap((r) => r.workloads) ?? [], (w) => `${w.service}@${w.region}`);
  const w0 = workloads(before);
  const w1 = workloads(after);
  for (const k of union(w0, w1)) {
    const a = w0.get(k);
    const b = w1.get(k);
    if (!a || !b) continue;
    const hpa = (w: WorkloadPlan) => (w.autoscaling ? `${w.autoscaling.min}..${w.autoscaling.max}` : 'none');
    if (hpa(a) !== hpa(b)) push('autoscaling', k, hpa(a), hpa(b), `HPA ${k}: ${hpa(a)} -> ${hpa(b)}`);
    const pdb = (w: WorkloadPlan) => (w.minAvailable !== undefined ? `minAvailable ${w.minAvailable}` : 'none');
    if (pdb(a) !== pdb(b)) push('pdb', k, pdb(a), pdb(b), `PDB ${k}: ${pdb(a)} -> ${pdb(b)}`);
  }

  const pools = (p: Plan | undefined) =>
    new Map<string, string>(p?.regions.flatMap((r) => r.cluster.nodePools.map((n) => [`${r.id}/${n.name}`, `${n.min}/${n.desired}/${n.max} ${n.instanceType}`] as [string, string])) ?? []);
  const p0 = pools(before);
  const p1 = pools(after);
  for (const k of union(p0, p1)) {
    if (p0.get(k) !== p1.get(k)) push('node-pool', k, p0.get(k), p1.get(k), `node pool ${k}: ${p0.get(k) ?? 'none'} -> ${p1.get(k) ?? 'none'}`);
  }

  const s0 = keyed(rep0?.storage ?? [], (r) => r.database);
  const s1 = keyed(rep1?.storage ?? [], (r) => r.database);
  for (const k of union(s0, s1)) {
    const a = s0.get(k)?.totalBytes;
    const b = s1.get(k)?.totalBytes;
    if (a !== b) push('storage', k, a === undefined ? undefined : `${a / TB} TB`, b === undefined ? undefined : `${b / TB} TB`, `storage ${k}: ${(a ?? 0) / TB} TB -> ${(b ?? 0) / TB} TB`);
  }

  const r0 = keyed(rep0?.rto ?? [], (r) => r.tier);
  for (const r of rep1?.rto ?? []) {
    const a = r0.get(r.tier);
    if (a?.achievedSeconds !== r.achievedSeconds) {
      push('rto', r.tier, a && `${a.achievedSeconds}s`, `${r.achievedSeconds}s`, `RTO ${r.tier}: ${a?.achievedSeconds ?? '-'}s -> ${r.achievedSeconds}s (target ${r.targetSeconds}s)`);
    }
  }
  const q0 = keyed(rep0?.rpo ?? [], (r) => r.dataClass);
  for (const r of rep1?.rpo ?? []) {
    const a = q0.get(r.dataClass);
    const fig = (x: typeof r) => `${x.zoneLossSeconds}s zone loss / ${x.regionLossSeconds}s region loss`;
    if (a && (a.zoneLossSeconds !== r.zoneLossSeconds || a.regionLossSeconds !== r.regionLossSeconds)) {
      push('rpo', r.dataClass, fig(a), fig(r), `RPO ${r.dataClass}: ${fig(a)} -> ${fig(r)} (target ${r.targetSeconds}s)`);
    }
  }
  const av0 = keyed(rep0?.availability ?? [], (r) => `${r.service}@${r.region}`);
  for (const r of rep1?.availability ?? []) {
    const a = av0.get(`${r.service}@${r.region}`);
    if (a && a.meetsSlo !== r.meetsSlo) {
      push('availability', `${r.service}@${r.region}`, String(a.meetsSlo), String(r.meetsSlo), `availability ${r.service}@${r.region}: ${a.meetsSlo ? 'meets' : 'misses'} -> ${r.meetsSlo ? 'meets' : 'misses'} the SLO`);
    }
  }

  const res0 = residencyRows(before);
  const res1 = residencyRows(after);
  for (const k of union(res0, res1)) {
    const a = res0.get(k);
    const b = res1.get(k);
    const fig = (r: typeof a) => r && `${r.location} (${r.locationJurisdiction})`;
    if (fig(a) !== fig(b)) push('residency', k, fig(a), fig(b), `residency ${k}: ${fig(a) ?? 'none'} -> ${fig(b) ?? 'none'}`);
  }

  const rules0 = keyed(before?.backups.rules ?? [], (r) => r.name);
  const rules1 = keyed(after?.backups.rules ?? [], (r) => r.name);
  for (const k of union(rules0, rules1)) {
    const fig = (r: { retentionDays: number; temperatures: readonly string[] } | undefined) => r && `${r.retentionDays}d for ${r.temperatures.join(', ') || 'nothing'}`;
    const a = fig(rules0.get(k));
    const b = fig(rules1.get(k));
    if (a !== b) push('backup', `rule:${k}`, a, b, `backup rule ${k}: ${a ?? 'none'} -> ${b ?? 'none'}`);
  }
  if (before && after && before.backups.copies !== after.backups.copies) {
    push('backup', 'copies', String(before.backups.copies), String(after.backups.copies), `backup copies: ${before.backups.copies} -> ${after.backups.copies}`);
  }
  const copies = (p: Plan | undefined) => new Map(p?.regions.map((r) => [r.id, r.backup.copyTo.join(', ')]) ?? []);
  const c0 = copies(before);
  const c1 = copies(after);
  for (const k of union(c0, c1)) {
    if (c0.has(k) && c1.has(k) && c0.get(k) !== c1.get(k)) push('backup', `copy:${k}`, c0.get(k), c1.get(k), `backup copies of ${k}: ${c0.get(k) || 'none'} -> ${c1.get(k) || 'none'}`);
  }

  const st0 = keyed(before?.stacks ?? [], (s) => s.name);
  const st1 = keyed(after?.stacks ?? [], (s) => s.name);
  for (const k of union(st0, st1)) {
    if (!st0.has(k)) push('stack', k, undefined, `wave ${st1.get(k)!.wave}`, `stack ${k}: new (wave ${st1.get(k)!.wave})`);
    else if (!st1.has(k)) push('stack', k, `wave ${st0.get(k)!.wave}`, undefined, `stack ${k}: removed`);
    else if (st0.get(k)!.wave !== st1.get(k)!.wave) push('stack', k, `wave ${st0.get(k)!.wave}`, `wave ${st1.get(k)!.wave}`, `stack ${k}: wave ${st0.get(k)!.wave} -> ${st1.get(k)!.wave}`);
  }
  return out;
}

/** `nodes reserved (m6i.8xlarge)` -> `nodes reserved`: the instance type may change, the line stays. */
function costItem(item: string): string {
  return item.replace(/\s*\([^)]*\)\s*$/, '');
}

export function costDelta(before: Plan | undefined, after: Plan | undefined): CostDelta {
  const lines = (p: Plan | undefined) => {
    const m = new Map<string, { monthly: number; units: number; item: string }>();
    for (const r of p?.reports.cost.monthly ?? []) {
      const k = `${r.region}/${costItem(r.item)}`;
      const prev = m.get(k);
      m.set(k, { monthly: (prev?.monthly ?? 0) + r.monthly, units: (prev?.units ?? 0) + r.units, item: r.item });
    }
    return m;
  };
  const l0 = lines(before);
  const l1 = lines(after);
  const out: CostLine[] = [];
  for (const k of union(l0, l1)) {
    const a = l0.get(k);
    const b = l1.get(k);
    const delta = round((b?.monthly ?? 0) - (a?.monthly ?? 0));
    if (delta !== 0 || a?.units !== b?.units || a?.item !== b?.item) {
      out.push({ key: k, item: (b ?? a)!.item, before: round(a?.monthly ?? 0), after: round(b?.monthly ?? 0), delta, unitsBefore: a?.units ?? 0, unitsAfter: b?.units ?? 0 });
    }
  }
  out.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || (x.key < y.key ? -1 : 1));
  const b0 = round(before?.reports.cost.totalMonthly ?? 0);
  const b1 = round(after?.reports.cost.totalMonthly ?? 0);
  return { currency: 'USD', beforeMonthly: b0, afterMonthly: b1, deltaMonthly: round(b1 - b0), lines: out };
}
