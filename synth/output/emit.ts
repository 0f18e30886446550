/**
 * Stage 5, emit: the plan to the files of dist/: Terraform stacks, Kubernetes manifests, the reports
 * (report.md, plan.json, platform.svg, runbooks/). Returns relative path -> text, sorted by path.
 */
import type { SynthCache } from './cache';
import type { KubernetesSynthOptions } from '../../constructs/k8s';
import { platformDot, type SvgRenderer } from './diagram';
import type { Plan } from '../model/index';
import { OUT_MARKER, OUT_MARKER_TEXT } from './out-dir';
import { renderReport, renderRunbooks } from './report';
import { renderDataRunbooks } from './restore-runbook';
import { LEDGER_FILE, renderLedger, resolveLedger } from './ledger';
import { planLedger } from '../plan/ledger';
import { attachedParsed, attachParsed, parseManifest as parseManifestText, type ParsedFile } from './parsed';
import { jsonFile, toJson, yamlFile } from './serialize';
import { PlanInvariantError } from '../util/errors';

// Loaded on first use: with every slice cached, cdktf, the providers and cdk8s are never loaded.
const terraform = () => require('../../constructs/terraform') as typeof import('../../constructs/terraform');
const kubernetes = () => require('../../constructs/k8s') as typeof import('../../constructs/k8s');

/** Files with the values they were serialized from (see parsed.ts). */
type Parsed = Map<string, ParsedFile>;

/** The stacks' files, with their values attached. */
function terraformFiles(plan: Plan, stacks?: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const parsed: Parsed = new Map();
  for (const [path, stack] of terraform().synthTerraform(plan, stacks)) {
    const file = jsonFile(stack); // synthTerraform's stacks come out of a JSON round trip
    parsed.set(path, file);
    out.set(path, file.text);
  }
  attachParsed(out, parsed);
  return out;
}

/** The manifests, with their values attached (those the emitter of yaml.ts wrote). */
function kubernetesFiles(plan: Plan, options?: KubernetesSynthOptions): Map<string, string> {
  const out = new Map<string, string>();
  const parsed: Parsed = new Map();
  for (const [path, objects] of kubernetes().synthKubernetes(plan, options)) {
    const file = yamlFile(objects);
    if (file.value) parsed.set(path, { text: file.text, value: file.value });
    out.set(path, file.text);
  }
  attachParsed(out, parsed);
  return out;
}

/**
 * The Terraform and Kubernetes files: all at once, or with a cache slice by slice (a stack, the Terraform README,
 * a cluster's own files with its Argo CD Application, each service's file of a cluster), each synthesized only when
 * what it reads of the plan changed: a one-service edit synthesizes that service's files and what reads the edited
 * value, nothing else.
 */
function synthesized(plan: Plan, parsed: Parsed, cache?: SynthCache): Map<string, string> {
  const out = new Map<string, string>();
  const add = (files: ReadonlyMap<string, string>) => {
    files.forEach((text, path) => out.set(path, text));
    attachedParsed(files)?.forEach((p, path) => parsed.set(path, p));
  };
  if (!cache) {
    add(terraformFiles(plan));
    out.set('terraform/README.md', terraform().terraformReadme(plan));
    add(kubernetesFiles(plan));
    return out;
  }
  // Leftovers of a killed synth go even when no stack needs cdktf (scratch.ts needs no cdktf).
  (require('../../constructs/terraform/scratch') as typeof import('../../constructs/terraform/scratch')).removeDeadScratch();
  for (const s of plan.stacks) add(cache.files(`terraform:${s.name}`, plan, (view) => terraformFiles(view, [s.name])));
  add(cache.files('terraform:README', plan, (view) => new Map([['terraform/README.md', terraform().terraformReadme(view)]])));
  // Every cluster: the regions' and the restore sites' (kubernetes/restore-<primary>/).
  for (const r of [...plan.regions, ...plan.restoreSites.map((s) => s.region)]) {
    add(cache.files(`kubernetes:${r.id}`, plan, (view) => kubernetesFiles(view, { regions: [r.id], services: [] })));
    for (const w of r.workloads) {
      add(cache.files(`kubernetes:${r.id}/${w.service}`, plan, (view) => kubernetesFiles(view, { regions: [r.id], services: [w.service], clusterFiles: false })));
    }
  }
  return out;
}

/** The SVG of the diagram. Graphviz is deterministic for the same DOT text: with a cache, keyed by that text. */
export function diagramSvg(dot: string, svg: SvgRenderer, cache?: SynthCache): string {
  if (!cache) return svg(dot);
  // The text is read through the cache's view, so it is what the entry is keyed by.
  const files = cache.files('platform.svg', { dot } as unknown as Plan, (view) => new Map([['platform.svg', svg((view as unknown as { dot: string }).dot)]]));
  return files.get('platform.svg')!;
}

/**
 * A renderer to emit `plan` with: when the cache holds the SVG of the plan's diagram, one that returns it, so that
 * Graphviz (WebAssembly, ~30 ms to load) is not loaded at all; else `create()`.
 */
export async function svgRendererFor(plan: Plan, cache: SynthCache | undefined, create: () => Promise<SvgRenderer>): Promise<SvgRenderer> {
  const dot = platformDot(plan);
  const svg = cache?.lookup('platform.svg', { dot } as unknown as Plan)?.get('platform.svg');
  if (svg === undefined) return create();
  return (text) => {
    if (text !== dot) throw new PlanInvariantError('', 'emit: the diagram to render is not the one the plan gave');
    return svg; // what Graphviz rendered for exactly this text
  };
}

export function emit(plan: Plan, svg: SvgRenderer, cache?: SynthCache): ReadonlyMap<string, string> {
  const parsed: Parsed = new Map();
  const files = synthesized(plan, parsed, cache);
  attachParsed(files, parsed); // the ledger reads the stacks and manifests as values
  files.set('plan.json', toJson(plan));
  files.set('report.md', renderReport(plan));
  const dot = platformDot(plan);
  files.set('platform.dot', dot);
  files.set('platform.svg', diagramSvg(dot, svg, cache));
  for (const [name, text] of renderRunbooks(plan)) files.set(`runbooks/${name}.md`, text);
  for (const [file, text] of renderDataRunbooks(plan)) files.set(file, text);
  const parseManifest = cache && ((text: string) => cache.memo('manifest', text, parseManifestText));
  files.set(LEDGER_FILE, renderLedger(resolveLedger(planLedger(plan), files, parseManifest)));
  files.set(OUT_MARKER, OUT_MARKER_TEXT); // marks the folder as synth's: see synth/output/out-dir.ts
  cache?.done();
  const sorted = new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  attachParsed(sorted, parsed); // and so does the policy check (synth/check/output.ts)
  return sorted;
}
