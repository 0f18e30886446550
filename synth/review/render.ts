/**
 * Renderers of a review: text (terminal), markdown (one pull-request comment: summary table first, then a
 * collapsible section per stack and cluster, cut below GitHub's 65,536-character limit with a note of what
 * was cut) and JSON (the Review as it is, for CI).
 */
import type { AttributeChange, ChangeCounts, ClusterDiff, Review, StackDiff } from './model';
import { formatValue } from './values';
import { toJson } from '../output/serialize';
import { formatGrouped } from '../util/order';

/** Marker of the one pull-request comment the workflow creates and then updates. */
export const COMMENT_MARKER = '<!-- platform-diff -->';
/** GitHub rejects comment bodies of 65,536 characters and more. */
export const MARKDOWN_LIMIT = 65_536;

const SYMBOL: Record<string, string> = { create: '+', update: '~', replace: '!', destroy: '-', delete: '-', move: '>' };
const VERB: Record<string, string> = { create: 'create', update: 'update', replace: 'REPLACE', destroy: 'DESTROY', delete: 'delete', move: 'move' };

const money = (n: number) => `${n < 0 ? '-' : ''}$${formatGrouped(Math.abs(n), 2)}`;
const signed = (n: number) => `${n > 0 ? '+' : ''}${money(n)}`;
const percent = (d: number, base: number) => (base === 0 ? '' : ` (${d > 0 ? '+' : ''}${((d / base) * 100).toFixed(1)}%)`);

export function formatCounts(c: ChangeCounts): string {
  const parts = [`+${c.add}`, `~${c.change}`, `-${c.destroy}`];
  if (c.replace) parts.push(`-/+${c.replace}`);
  if (c.move) parts.push(`>${c.move}`);
  return parts.join(' ');
}

function total(counts: readonly ChangeCounts[]): ChangeCounts {
  return counts.reduce((a, c) => ({ add: a.add + c.add, change: a.change + c.change, replace: a.replace + c.replace, destroy: a.destroy + c.destroy, move: a.move + c.move }), {
    add: 0,
    change: 0,
    replace: 0,
    destroy: 0,
    move: 0,
  });
}

function changeLines(changes: readonly AttributeChange[], indent: string): string[] {
  return changes.map((c) => `${indent}${c.path || '(whole)'}: ${formatValue(c.before)} -> ${formatValue(c.after)}`);
}

function stackLines(s: StackDiff): string[] {
  const out: string[] = [];
  for (const r of s.resources) {
    const moved = r.movedFrom ? ` (moved from ${r.movedFrom})` : '';
    out.push(`${SYMBOL[r.action]} ${r.address}${moved}${r.action === 'replace' || r.action === 'destroy' ? `  [${VERB[r.action]}]` : ''}`);
    if (r.forcedBy?.length) out.push(`    forces replacement: ${r.forcedBy.join(', ')}`);
    out.push(...changeLines(r.changes, '    '));
  }
  return out;
}

function clusterLines(c: ClusterDiff): string[] {
  const out: string[] = [];
  for (const o of c.objects) {
    out.push(`${SYMBOL[o.action]} ${o.id}  (${o.file})`);
    out.push(...changeLines(o.changes, '    '));
  }
  return out;
}

interface Summary {
  readonly changedStacks: readonly StackDiff[];
  readonly changedClusters: readonly ClusterDiff[];
  readonly tf: ChangeCounts;
  readonly k8s: ChangeCounts;
}

function summarize(r: Review): Summary {
  const changedStacks = r.stacks.filter((s) => s.changed);
  const changedClusters = r.clusters.filter((c) => c.changed);
  return { changedStacks, changedClusters, tf: total(changedStacks.map((s) => s.counts)), k8s: total(changedClusters.map((c) => c.counts)) };
}

function applyOrderText(r: Review): string {
  return r.applyOrder.length ? r.applyOrder.map((w) => `wave ${w.wave}: ${w.stacks.join(', ')}`).join('; ') : 'nothing to apply';
}

// ---------------------------------------------------------------------------------------------
// text

export function renderText(r: Review): string {
  const s = summarize(r);
  const out: string[] = [`platform diff ${r.base.label} -> ${r.head.label}`, ''];
  for (const [side, label] of [[r.base, 'base'], [r.head, 'head']] as const) {
    if (!side.ok) out.push(`${label} does not compile with the current compiler:`, ...side.errors.map((e) => `  ${e}`), '');
  }
  out.push(
    `stacks changed: ${s.changedStacks.length} of ${r.stacks.length}${s.changedStacks.length ? ` (${s.changedStacks.map((x) => x.stack).join(', ')})` : ''}`,
    `terraform: ${formatCounts(s.tf)}`,
    `kubernetes: ${formatCounts(s.k8s)} in ${s.changedClusters.length} of ${r.clusters.length} folders`,
    `risks: ${r.risks.length} (${r.risks.filter((x) => x.accepted).length} accepted)`,
    `cost per month: ${money(r.cost.beforeMonthly)} -> ${money(r.cost.afterMonthly)} (${signed(r.cost.deltaMonthly)}${percent(r.cost.deltaMonthly, r.cost.beforeMonthly)})`,
    `apply: ${applyOrderText(r)}`,
  );
  if (r.risks.length) {
    out.push('', 'Risks:');
    for (const x of r.risks) out.push(`  ${x.accepted ? 'accepted ' : ''}${x.code} ${x.resource}: ${x.reason}`);
  }
  if (r.renames.length) {
    out.push('', 'Possible renames (declare them so synth moves state instead of destroying):');
    for (const x of r.renames) out.push(`  ${x.kind} ${x.from} -> ${x.to}: add \`${x.suggestion}\``);
  }
  if (r.plan.length) out.push('', 'Plan:', ...r.plan.map((c) => `  ${c.text}`));
  if (r.cost.lines.length) out.push('', 'Cost lines:', ...r.cost.lines.map((l) => `  ${l.key}: ${money(l.before)} -> ${money(l.after)} (${signed(l.delta)})`));
  for (const st of s.changedStacks) out.push('', `stack ${st.stack} (wave ${st.wave}, ${st.status}): ${formatCounts(st.counts)}`, ...stackLines(st).map((l) => `  ${l}`));
  for (const c of s.changedClusters) out.push('', `cluster ${c.cluster} (${c.status}): ${formatCounts(c.counts)}`, ...clusterLines(c).map((l) => `  ${l}`));
  const f = r.files;
  if (f.added.length + f.removed.length + f.changed.length) {
    out.push('', 'Other files:', ...f.added.map((x) => `  + ${x}`), ...f.changed.map((x) => `  ~ ${x}`), ...f.removed.map((x) => `  - ${x}`));
  }
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// markdown

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

function details(title: string, lines: readonly string[]): string {
  return [`<details><summary>${title}</summary>`, '', '```diff', ...lines, '```', '', '</details>', ''].join('\n');
}

export function renderMarkdown(r: Review, limit = MARKDOWN_LIMIT): string {
  const s = summarize(r);
  const head: string[] = [COMMENT_MARKER, `### Platform diff: ${code(r.base.label)} → ${code(r.head.label)}`, ''];
  for (const [side, label] of [[r.base, 'base'], [r.head, 'head']] as const) {
    if (!side.ok) head.push(`> **The ${label} spec does not compile with the current compiler**`, ...side.errors.map((e) => `> - ${cell(e)}`), '');
  }
  const unaccepted = r.risks.filter((x) => !x.accepted).length;
  head.push(
    '| | |',
    '|---|---|',
    `| Stacks changed | ${s.changedStacks.length} of ${r.stacks.length}${s.changedStacks.length ? `: ${s.changedStacks.map((x) => code(x.stack)).join(', ')}` : ''} |`,
    `| Terraform resources | ${formatCounts(s.tf)} |`,
    `| Kubernetes objects | ${formatCounts(s.k8s)} in ${s.changedClusters.length} of ${r.clusters.length} folders |`,
    `| Risks | ${r.risks.length === 0 ? 'none' : `**${unaccepted} not accepted**, ${r.risks.length - unaccepted} accepted`} |`,
    `| Monthly cost | ${money(r.cost.beforeMonthly)} → ${money(r.cost.afterMonthly)} (**${signed(r.cost.deltaMonthly)}**${percent(r.cost.deltaMonthly, r.cost.beforeMonthly)}) |`,
    `| Apply order | ${r.applyOrder.length ? r.applyOrder.map((w) => `wave ${w.wave}: ${w.stacks.map(code).join(', ')}`).join('; ') : 'nothing to apply'} |`,
    '',
    '<sub>+ create, ~ update, - destroy, -/+ replace, > move</sub>',
    '',
  );
  if (r.renames.length) {
    head.push('#### Possible renames', '', 'Declare them so that synth emits `moved` blocks instead of destroying:', '');
    for (const x of r.renames) head.push(`- ${x.kind} ${code(x.from)} → ${code(x.to)}: add ${code(x.suggestion)}`);
    head.push('');
  }
  if (r.risks.length) {
    head.push('#### Risks', '', '| Code | Resource | Reason | Accepted |', '|---|---|---|---|');
    for (const x of r.risks) head.push(`| ${code(x.code)} | ${code(x.resource)} | ${cell(x.reason)} | ${x.accepted ? 'yes' : '**no**'} |`);
    head.push('', 'Accept a risk explicitly with a line `# platform: accept <code> <resource>` in the pull-request description.', '');
  }
  if (r.plan.length) head.push('#### Plan', '', ...r.plan.map((c) => `- ${cell(c.text)}`), '');
  if (r.cost.lines.length) {
    head.push('#### Cost delta per month', '', '| Line | Before | After | Delta |', '|---|---:|---:|---:|');
    for (const l of r.cost.lines) head.push(`| ${cell(`${l.key.split('/')[0]}: ${l.item}`)} | ${money(l.before)} | ${money(l.after)} | ${signed(l.delta)} |`);
    head.push('');
  }
  const sections: { name: string; title: string; lines: string[] }[] = [
    ...s.changedStacks.map((st) => ({ name: `stack ${st.stack}`, title: `<b>stack ${st.stack}</b> (wave ${st.wave}, ${st.status}): ${formatCounts(st.counts)}`, lines: stackLines(st) })),
    ...s.changedClusters.map((c) => ({ name: `cluster ${c.cluster}`, title: `<b>cluster ${c.cluster}</b> (${c.status}): ${formatCounts(c.counts)}`, lines: clusterLines(c) })),
  ];
  const f = r.files;
  const fileLines = [...f.added.map((x) => `+ ${x}`), ...f.changed.map((x) => `~ ${x}`), ...f.removed.map((x) => `- ${x}`)];
  if (fileLines.length) sections.push({ name: 'other files', title: `<b>other files of dist/</b>: ${fileLines.length}`, lines: fileLines });

  let text = head.join('\n');
  const cut: string[] = [];
  // Room for the note on what was cut (a list of names at the end).
  const reserve = 400 + sections.reduce((n, x) => n + x.name.length + 4, 0);
  for (const sec of sections) {
    const full = details(sec.title, sec.lines);
    if (cut.length === 0 && text.length + full.length + reserve < limit) {
      text += '\n' + full;
      continue;
    }
    if (cut.length === 0) {
      // Part of the section fits: show its first lines.
      const room = limit - reserve - text.length - details(sec.title, []).length - 80;
      const kept: string[] = [];
      let used = 0;
      for (const l of sec.lines) {
        if (used + l.length + 1 > room) break;
        kept.push(l);
        used += l.length + 1;
      }
      if (kept.length > 0) {
        text += '\n' + details(`${sec.title} (first ${kept.length} of ${sec.lines.length} lines)`, [...kept, `… ${sec.lines.length - kept.length} more lines cut`]);
        cut.push(`${sec.name} (${sec.lines.length - kept.length} of ${sec.lines.length} lines)`);
        continue;
      }
    }
    cut.push(sec.name);
  }
  if (cut.length) text += `\n> Cut to fit a comment (${formatGrouped(limit)} characters): ${cut.join(', ')}. Run \`platform diff --format text\` for everything.\n`;
  return text;
}

// ---------------------------------------------------------------------------------------------
// json

export function renderJson(r: Review): string {
  return toJson({
    base: r.base,
    head: r.head,
    stacks: r.stacks,
    applyOrder: r.applyOrder,
    clusters: r.clusters,
    files: r.files,
    plan: r.plan,
    cost: r.cost,
    risks: r.risks,
    renames: r.renames,
  });
}
