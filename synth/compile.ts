/**
 * compile(): chains the stages load -> validate -> normalize -> plan -> emit, stopping at the first
 * stage that reports errors. Pure with respect to the file system: it returns the files of dist/;
 * writing them (atomically) is write.ts's job, comparing them diff.ts's.
 */
import { emit } from './emit';
import { hasErrors, sortDiagnostics, type Diagnostic } from './errors';
import { load, locate, type LoadedSpec } from './load';
import type { NormalizedSpec, Plan } from './model';
import { normalize } from './normalize';
import { plan as planStage } from './plan';
import type { RawSpec } from './spec';
import { validate } from './validate';

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

export function compile(file: string, text: string, until: Stage = 'emit'): CompileResult {
  const diagnostics: Diagnostic[] = [];
  const done = (extra: Partial<CompileResult> = {}): CompileResult => {
    const diags = sortDiagnostics(diagnostics);
    return { diagnostics: diags, ok: !hasErrors(diags), ...extra };
  };
  const loaded = load(file, text);
  diagnostics.push(...loaded.diagnostics);
  if (!loaded.loaded || hasErrors(diagnostics)) return done();
  diagnostics.push(...validate(loaded.loaded));
  if (hasErrors(diagnostics) || until === 'validate') return done();
  const spec = normalize(loaded.loaded.value as RawSpec);
  const planned = planStage(spec);
  diagnostics.push(...locateAll(loaded.loaded, planned.diagnostics));
  if (hasErrors(diagnostics) || until === 'plan') return done({ spec, plan: planned.plan });
  return done({ spec, plan: planned.plan, files: emit(planned.plan) });
}

/** Gives plan diagnostics (which carry only a dotted path) a file position. */
function locateAll(loaded: LoadedSpec, diags: readonly Diagnostic[]): Diagnostic[] {
  return diags.map((d) => {
    const segments = d.path ? d.path.split('.') : [];
    const pos = locate(loaded, segments);
    return { ...d, file: loaded.file, line: pos.line, col: pos.col };
  });
}
