/**
 * Stage 5, emit: the plan to the files of dist/: Terraform stacks, Kubernetes manifests, the reports
 * (report.md, plan.json, platform.svg, runbooks/). Returns relative path -> text, sorted by path.
 */
import { synthKubernetes } from '../../constructs/k8s';
import { synthTerraform, terraformReadme } from '../../constructs/terraform';
import { platformDot, type SvgRenderer } from './diagram';
import type { Plan } from '../model/index';
import { OUT_MARKER, OUT_MARKER_TEXT } from './out-dir';
import { renderReport, renderRunbooks } from './report';
import { LEDGER_FILE, renderLedger, resolveLedger } from './ledger';
import { planLedger } from '../plan/ledger';
import { toJson, toYamlDocuments } from './serialize';

export function emit(plan: Plan, svg: SvgRenderer): ReadonlyMap<string, string> {
  const files = new Map<string, string>();
  for (const [path, stack] of synthTerraform(plan)) files.set(path, toJson(stack));
  files.set('terraform/README.md', terraformReadme(plan));
  for (const [path, objects] of synthKubernetes(plan)) files.set(path, toYamlDocuments(objects));
  files.set('plan.json', toJson(plan));
  files.set('report.md', renderReport(plan));
  files.set('platform.dot', platformDot(plan));
  files.set('platform.svg', svg(platformDot(plan)));
  for (const [name, text] of renderRunbooks(plan)) files.set(`runbooks/${name}.md`, text);
  files.set(LEDGER_FILE, renderLedger(resolveLedger(planLedger(plan), files)));
  files.set(OUT_MARKER, OUT_MARKER_TEXT); // marks the folder as synth's: see synth/output/out-dir.ts
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
