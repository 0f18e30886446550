/**
 * compile(): chains the stages load -> validate -> normalize -> plan -> emit, stopping at the first
 * stage that reports errors. Pure with respect to the file system: it returns the files of dist/;
 * writing them (atomically) is write.ts's job, comparing them diff.ts's.
 */
import type { SynthCache } from './output/cache';
import type { SvgRenderer } from './output/diagram';
import type { EmitPool } from './output/parallel';
import { hasErrors, PlanInvariantError, sortDiagnostics, type Diagnostic } from './util/errors';
import { load, locate, type LoadedSpec } from './spec/load';
import type { NormalizedSpec, Plan } from './model/index';
import { normalize } from './spec/normalize';
import { plan as planStage } from './plan/index';
import type { RawSpec } from './model/spec';
import { validate } from './spec/validate';

export type Stage = 'validate' | 'plan' | 'emit';

export interface CompileResult {
  /** Errors and warnings of every stage that ran, sorted by position. */
  readonly diagnostics: readonly Diagnostic[];
  readonly ok: boolean;
  readonly spec?: NormalizedSpec;
  readonly plan?: Plan;
  /** dist/ contents: relative path -> file text, sorted by path. Present only when every stage succeeded. */
  readonly files?: ReadonlyMap<string, string>;
}

export interface CompileOptions {
  /** Last stage to run. @default 'emit' */
  readonly until?: Stage;
  /** Graphviz renderer for platform.svg (async to create: see diagram.ts); required to emit. */
  readonly svg?: SvgRenderer;
  /** Synth cache (synth/output/cache.ts): slices whose part of the plan is unchanged are not synthesized again. @default none */
  readonly cache?: SynthCache;
}

export function compile(file: string, text: string, untilOrOptions: Stage | CompileOptions = 'emit'): CompileResult {
  const opts: CompileOptions = typeof untilOrOptions === 'string' ? { until: untilOrOptions } : untilOrOptions;
  const until = opts.until ?? 'emit';
  const diagnostics: Diagnostic[] = [];
  const done = (extra: Partial<CompileResult> = {}): CompileResult => {
    const diags = sortDiagnostics(diagnostics);
    return { diagnostics: diags, ok: !hasErrors(diags), ...extra };
  };
  const loaded = load(file, text);
  diagnostics.push(...loaded.diagnostics);
  if (!loaded.loaded || hasErrors(diagnostics)) return done();
  diagnostics.push(...validate(loaded.loaded));
  if (hasErrors(diagnostics)) return done();
  // `validate` plans too (cheap: no constructs are loaded), so that the proofs and the planner's checks
  // fail there and a spec `validate` accepts can fail later only on what emit itself reports.
  const spec = normalize(loaded.loaded.value as RawSpec);
  const planned = planStage(spec);
  diagnostics.push(...locateAll(loaded.loaded, planned.diagnostics));
  if (until === 'validate') return done();
  if (hasErrors(diagnostics) || until === 'plan') return done({ spec, plan: planned.plan });
  if (!opts.svg) throw new PlanInvariantError('', 'compile(): the emit stage needs an svg renderer (createSvgRenderer())');
  return emitPlanned(done({ spec, plan: planned.plan }), { svg: opts.svg, cache: opts.cache });
}

/**
 * The emit stage on what compile(..., 'plan') returned (unchanged when it failed): the CLI's synth looks at the plan
 * before it decides whether it needs a Graphviz renderer at all (not when the cache holds this plan's diagram).
 */
export function emitPlanned(planned: CompileResult, opts: { readonly svg: SvgRenderer; readonly cache?: SynthCache }): CompileResult {
  if (!planned.ok || !planned.plan) return planned;
  // Loaded on demand: the constructs pull in cdktf, the providers and cdk8s, which `validate` never needs.
  const { emit } = require('./output/emit') as typeof import('./output/emit');
  return { ...planned, files: emit(planned.plan, opts.svg, opts.cache) };
}

/**
 * emitPlanned on more than one thread (synth/output/parallel.ts; the CLI's synth): the same files, byte for byte.
 * `jobs` threads in all; 1, or no compiled worker (ts-node, ts-jest), runs every job in this thread.
 */
export async function emitPlannedParallel(
  planned: CompileResult,
  opts: { readonly svg: SvgRenderer | Promise<SvgRenderer>; readonly cache?: SynthCache; readonly jobs?: number; readonly pool?: EmitPool; readonly compareWith?: string },
): Promise<CompileResult> {
  if (!planned.ok || !planned.plan) return planned;
  const { emitParallel } = require('./output/parallel') as typeof import('./output/parallel');
  return { ...planned, files: await emitParallel(planned.plan, opts.svg, opts.cache, { jobs: opts.jobs, pool: opts.pool, compareWith: opts.compareWith }) };
}

/** Gives plan diagnostics (which carry only a dotted path) a file position. */
function locateAll(loaded: LoadedSpec, diags: readonly Diagnostic[]): Diagnostic[] {
  return diags.map((d) => {
    const segments = d.path ? d.path.split('.') : [];
    const pos = locate(loaded, segments);
    return { ...d, file: loaded.file, line: pos.line, col: pos.col };
  });
}
