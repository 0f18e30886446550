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
export type Parsed = Map<string, ParsedFile>;

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
 * One unit of synthesis, small enough to be shipped to a worker thread (synth/output/parallel.ts): a Terraform
 * stack, the Terraform README, Kubernetes files of one cluster (all of them, only its own files, or one service's),
 * or the reports (plan.json, report.md, the runbooks). `id` names the synth cache's slice.
 */
export type EmitJob =
  | { readonly id: string; readonly kind: 'terraform'; readonly stack: string }
  | { readonly id: string; readonly kind: 'readme' }
  | { readonly id: string; readonly kind: 'reports' }
  | { readonly id: string; readonly kind: 'kubernetes'; readonly region: string; readonly services?: readonly string[]; readonly clusterFiles?: boolean };

/**
 * The jobs that make every Terraform and Kubernetes file of `plan`, in a fixed order. With a cache (`sliced`) they
 * are the cache's slices: each stack, the README, each cluster's own files with its Argo CD Application, and each
 * service's file of each cluster, so that a one-service edit synthesizes that service's files and what reads the
 * edited value, nothing else. Without one, a cluster is one job, and so are the reports (with one, `assemble` writes
 * them: the cache holds no reports). The order groups what loads the same libraries: the AWS stacks first, then the
 * stacks that need two clouds, the GCP and Azure stacks (one cloud's together, the cloud with the most stacks last),
 * the clusters (cdk8s), the reports last; parallel.ts's main thread takes jobs from the front and its worker from the
 * back.
 */
export function emitJobs(plan: Plan, sliced: boolean): EmitJob[] {
  const rank = (s: Plan['stacks'][number]): number => (s.kind === 'interconnect' ? 1 : s.cloud !== 'aws' ? 2 : 0); // 0: bootstrap, global, restore, the AWS regions
  // The GCP and Azure stacks grouped by cloud, the cloud with the most stacks last (the worker's end): whichever thread
  // takes a cloud's stacks loads that provider once.
  const perCloud = new Map<string, number>();
  for (const s of plan.stacks) if (rank(s) === 2) perCloud.set(s.cloud, (perCloud.get(s.cloud) ?? 0) + 1);
  const clouds = [...perCloud].sort(([a, n], [b, m]) => n - m || (a < b ? -1 : 1)).map(([c]) => c);
  const group = (s: Plan['stacks'][number]): number => (rank(s) === 2 ? clouds.indexOf(s.cloud) : 0);
  const stacks = plan.stacks.map((s, i) => ({ s, i })).sort((a, b) => rank(a.s) - rank(b.s) || group(a.s) - group(b.s) || a.i - b.i);
  const jobs: EmitJob[] = [{ id: 'terraform:README', kind: 'readme' }];
  for (const { s } of stacks) jobs.push({ id: `terraform:${s.name}`, kind: 'terraform', stack: s.name });
  // Every cluster: the regions' and the restore sites' (kubernetes/restore-<primary>/).
  for (const r of [...plan.regions, ...plan.restoreSites.map((x) => x.region)]) {
    if (!sliced) {
      jobs.push({ id: `kubernetes:${r.id}`, kind: 'kubernetes', region: r.id });
      continue;
    }
    jobs.push({ id: `kubernetes:${r.id}`, kind: 'kubernetes', region: r.id, services: [] });
    for (const w of r.workloads) jobs.push({ id: `kubernetes:${r.id}/${w.service}`, kind: 'kubernetes', region: r.id, services: [w.service], clusterFiles: false });
  }
  if (!sliced) jobs.push({ id: 'reports', kind: 'reports' });
  return jobs;
}

/** The reports: plan.json, report.md, the runbooks (a pure function of the plan). */
function reportFiles(plan: Plan): Map<string, string> {
  const files = new Map<string, string>();
  files.set('plan.json', toJson(plan));
  files.set('report.md', renderReport(plan));
  for (const [name, text] of renderRunbooks(plan)) files.set(`runbooks/${name}.md`, text);
  for (const [file, text] of renderDataRunbooks(plan)) files.set(file, text);
  return files;
}

/** The files of one job, synthesized from `plan` (with their values attached: see parsed.ts). */
function synthJob(plan: Plan, job: EmitJob): ReadonlyMap<string, string> {
  if (job.kind === 'terraform') return terraformFiles(plan, [job.stack]);
  if (job.kind === 'readme') return new Map([['terraform/README.md', terraform().terraformReadme(plan)]]);
  if (job.kind === 'reports') return reportFiles(plan);
  return kubernetesFiles(plan, { regions: [job.region], services: job.services, clusterFiles: job.clusterFiles });
}

/** The files of one job: from the cache when what it reads of the plan is unchanged, else synthesized (and stored). */
export function runJob(plan: Plan, job: EmitJob, cache?: SynthCache): ReadonlyMap<string, string> {
  return cache ? cache.files(job.id, plan, (view) => synthJob(view, job)) : synthJob(plan, job);
}

/** Adds one job's files (and their attached values) to the output. */
export function addFiles(out: Map<string, string>, parsed: Parsed, files: ReadonlyMap<string, string>): void {
  files.forEach((text, path) => out.set(path, text));
  attachedParsed(files)?.forEach((p, path) => parsed.set(path, p));
}

/** The Terraform and Kubernetes files, every job in this thread. */
function synthesized(plan: Plan, parsed: Parsed, cache?: SynthCache): Map<string, string> {
  const out = new Map<string, string>();
  // Leftovers of a killed synth go even when no stack needs cdktf (scratch.ts needs no cdktf).
  if (cache) removeDeadScratch();
  for (const job of emitJobs(plan, cache !== undefined)) addFiles(out, parsed, runJob(plan, job, cache));
  return out;
}

/** Removes the scratch folders of killed synths (scratch.ts needs no cdktf). */
export function removeDeadScratch(): void {
  (require('../../constructs/terraform/scratch') as typeof import('../../constructs/terraform/scratch')).removeDeadScratch();
}

/** The SVG of the diagram. Graphviz is deterministic for the same DOT text: with a cache, keyed by that text. */
export function diagramSvg(dot: string, svg: SvgRenderer, cache?: SynthCache): string {
  if (!cache) return svg(dot);
  // The text is read through the cache's view, so it is what the entry is keyed by.
  const files = cache.files('platform.svg', { dot } as unknown as Plan, (view) => new Map([['platform.svg', svg((view as unknown as { dot: string }).dot)]]));
  return files.get('platform.svg')!;
}

/**
 * A renderer to emit `plan` with, holding the SVG of the plan's diagram: from the cache when it holds it (Graphviz,
 * WebAssembly, ~30 ms to load, is then not loaded at all), else rendered at once by `create()`'s renderer, which is
 * then dropped: its ~30 MiB of WebAssembly memory can be collected before the synthesis reaches its peak of memory
 * (rendered at the end, it added to it), and the render runs while the emit workers are still loading their libraries.
 */
export async function svgRendererFor(plan: Plan, cache: SynthCache | undefined, create: () => Promise<SvgRenderer>): Promise<SvgRenderer> {
  const dot = platformDot(plan);
  const svg = cache?.lookup('platform.svg', { dot } as unknown as Plan)?.get('platform.svg') ?? (await create())(dot);
  return (text) => {
    if (text !== dot) throw new PlanInvariantError('', 'emit: the diagram to render is not the one the plan gave');
    return svg; // what Graphviz rendered for exactly this text
  };
}

export function emit(plan: Plan, svg: SvgRenderer, cache?: SynthCache): ReadonlyMap<string, string> {
  const parsed: Parsed = new Map();
  return assemble(plan, synthesized(plan, parsed, cache), parsed, svg, cache);
}

/**
 * The rest of dist/ around the synthesized Terraform and Kubernetes files (`files`, with their values in `parsed`):
 * the reports (when no job made them), the diagram, the ledger and the folder's marker; sorted by path.
 */
export function assemble(plan: Plan, files: Map<string, string>, parsed: Parsed, svg: SvgRenderer, cache?: SynthCache): ReadonlyMap<string, string> {
  attachParsed(files, parsed); // the ledger reads the stacks and manifests as values
  if (!files.has('plan.json')) reportFiles(plan).forEach((text, file) => files.set(file, text)); // no reports job ran (a cache's jobs)
  const dot = platformDot(plan);
  files.set('platform.dot', dot);
  files.set('platform.svg', diagramSvg(dot, svg, cache));
  const parseManifest = cache && ((text: string) => cache.memo('manifest', text, parseManifestText));
  files.set(LEDGER_FILE, renderLedger(resolveLedger(planLedger(plan), files, parseManifest)));
  files.set(OUT_MARKER, OUT_MARKER_TEXT); // marks the folder as synth's: see synth/output/out-dir.ts
  cache?.done();
  const sorted = new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  attachParsed(sorted, parsed); // and so does the policy check (synth/check/output.ts)
  return sorted;
}
