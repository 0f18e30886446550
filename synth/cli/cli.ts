/**
 * The `platform` command line: parses arguments, calls the library, returns the exit code.
 * Nothing runs on import; synth/main.ts is the entry point that calls run().
 */
import { compile, emitPlannedParallel } from '../compile';
import type { ManifestParser } from '../check/output';
import { formatDiagnostics, type Diagnostic } from '../util/errors';
import type { Plan } from '../model/index';
import type { OutTarget } from '../output/out-dir';
import { readSpec } from './read-spec';
import { isCheckCommand, jobsOf, parse } from './args';
import { workersBeforePlanning } from './early';
import type { EmitPool } from '../output/pool';
import { DIFF_USAGE, SIMULATE_USAGE } from './usage';

// Each loaded by the commands that use it: `validate` loads none of them (nor what they load).
const checkCommand = () => require('./check') as typeof import('./check');
const diffCommand = () => require('./diff-command') as typeof import('./diff-command');
const simulateCommand = () => require('./simulate') as typeof import('./simulate');
const cacheModule = () => require('../output/cache') as typeof import('../output/cache');
const diagram = () => require('../output/diagram') as typeof import('../output/diagram');
const emitModule = () => require('../output/emit') as typeof import('../output/emit');
const parallel = () => require('../output/parallel') as typeof import('../output/parallel');
const outDir = () => require('../output/out-dir') as typeof import('../output/out-dir');
const writer = () => require('../output/write') as typeof import('../output/write');
const diffs = () => require('../output/diff') as typeof import('../output/diff');
const reports = () => require('../output/report') as typeof import('../output/report');
const serialize = () => require('../output/serialize') as typeof import('../output/serialize');
const checkOutputModule = () => require('../check/output') as typeof import('../check/output');
const parsedModule = () => require('../output/parsed') as typeof import('../output/parsed');

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Whether stderr is a terminal (colour only then, and never with NO_COLOR). */
  readonly isTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const USAGE = `Usage:
  platform validate [--spec FILE] [--format text|json]
  platform plan     [--spec FILE] [--format text|markdown|json]
  platform synth    [--spec FILE] [--out DIR] [--check] [--jobs N]
  platform check    [--spec FILE | --dir DIR] [--format text|json]
${DIFF_USAGE}${SIMULATE_USAGE}
  --spec FILE    the platform spec (default: platform.spec.yaml)
  --out DIR      output directory of synth (default: dist)
  --check        write nothing; exit 1 and list the files that differ when DIR is not what the spec produces
  --jobs N       synth: threads to synthesize with, 1 to 16 (default: PLATFORM_JOBS, else 2, at most the cores);
                 the output is the same for every N
  --dir DIR      check: judge a generated tree on disk instead of compiling the spec
  --format       output format of diagnostics (validate) or reports (plan)
`;

/**
 * Runs one command line. `early`: emit workers the entry started before this module loaded (synth/cli/early.ts), for
 * a synth to use instead of starting its own; stopped when the command does not hand them work. @default none
 */
export async function run(argv: readonly string[], io: Io, early?: EmitPool): Promise<number> {
  const pool = { early, handed: false };
  try {
    return await runCommand(argv, io, pool);
  } finally {
    if (!pool.handed) early?.close();
  }
}

async function runCommand(argv: readonly string[], io: Io, prestarted: { readonly early?: EmitPool; handed: boolean }): Promise<number> {
  if (isCheckCommand(argv)) return checkCommand().runCheck(argv, io);
  if (argv[0] === 'diff') return diffCommand().runDiff(argv.slice(1), io);
  if (argv[0] === 'simulate') return simulateCommand().runSimulate(argv.slice(1), io);
  const args = parse(argv);
  if (args === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (typeof args === 'string') {
    io.err(`platform: ${args}\n${USAGE}`);
    return 2;
  }
  const jobs = args.command === 'synth' ? jobsOf(args, io.env) : 1;
  if (typeof jobs === 'string') {
    io.err(`platform: ${jobs}\n${USAGE}`);
    return 2;
  }
  const color = io.isTTY && !io.env.NO_COLOR;
  const read = readSpec(args.spec);
  // synth checks --out before the compile, so that a refused folder costs nothing and is reported with the spec's errors.
  const outCheck = args.command === 'synth' ? outDir().checkOutDir(args.out, { cwd: process.cwd(), spec: args.spec, forWrite: !args.check }) : undefined;
  const early = [read.diagnostic, outCheck?.diagnostic].filter((d): d is Diagnostic => d !== undefined);
  if (early.length) {
    report(io, args.command === 'validate' ? args.format : 'text', early, color);
    if (outCheck) io.err(`nothing written${args.out ? `: ${args.out} is unchanged` : ''}\n`);
    return 1;
  }
  const text = read.text!;

  if (args.command === 'validate') {
    const result = compile(args.spec, text, 'validate');
    report(io, args.format, result.diagnostics, color);
    return result.ok ? 0 : 1;
  }
  if (args.command === 'plan') {
    const result = compile(args.spec, text, 'plan');
    if (!result.ok || !result.plan) {
      report(io, 'text', result.diagnostics, color);
      return 1;
    }
    if (result.diagnostics.length) io.err(formatDiagnostics(result.diagnostics, { color }));
    const { renderReport, renderReportText } = reports();
    io.out(args.format === 'json' ? serialize().toJson(result.plan) : args.format === 'markdown' ? renderReport(result.plan) : renderReportText(result.plan));
    return 0;
  }

  const cache = cacheModule().openCache();
  // A synth that will synthesize much (no cache, or an empty one) starts its workers now: they load their libraries
  // while this thread plans (synth/output/parallel.ts). With a warm cache most slices hit: workers start only if needed.
  // (The entry may have started them already, before this module loaded: synth/cli/early.ts, the same decision.)
  const pool = workersBeforePlanning(jobs, cache) ? (prestarted.early ?? parallel().startPool(jobs)) : undefined;
  prestarted.handed = pool !== undefined && pool === prestarted.early;
  // Planned first: Graphviz is loaded only when the cache does not hold this plan's diagram.
  const planned = compile(args.spec, text, 'plan');
  const result =
    planned.ok && planned.plan
      ? // the diagram renders while the workers get their jobs (emitParallel awaits it before this thread's own)
        await emitPlannedParallel(planned, { svg: emitModule().svgRendererFor(planned.plan, cache, diagram().createSvgRenderer), cache, jobs, pool, compareWith: args.out })
      : planned;
  if (!planned.ok) pool?.close();
  if (!result.ok || !result.files) {
    report(io, 'text', result.diagnostics, color);
    io.err(`nothing written: ${args.out}/ is unchanged\n`);
    return 1;
  }
  if (result.diagnostics.length) io.err(formatDiagnostics(result.diagnostics, { color }));
  const parseManifest: ManifestParser | undefined = cache && ((t) => cache.memo('manifest', t, checkOutputModule().parseManifest));
  if (checkCommand().policyRefuses(result.files, io, args.out, parseManifest)) return 1;
  parsedModule().detachParsed(result.files); // read by the checks above only
  const { diffPlans, formatTreeDiff, isEmptyDiff } = diffs();
  // File by file against the folder, never the whole old tree in memory beside the new one.
  // (The emit threads compared their files with the folder as they made them: only what changed since is read again.)
  const diff = writer().diffWithTree(args.out, result.files, writer().attachedCompared(result.files));
  if (args.check) {
    if (isEmptyDiff(diff)) {
      io.out(`${args.out}/ is up to date (${result.files.size} files)\n`);
      return 0;
    }
    io.err(`${args.out}/ is stale: run \`npm run synth\` and commit the result\n${formatTreeDiff(diff)}\n`);
    return 1;
  }
  const previous = writer().readOld(args.out, 'plan.json');
  const written = writeOut(args.out, args.spec, result.files, io.env, diff.same);
  if (written) {
    report(io, 'text', [written], color);
    return 1;
  }
  const changes = diffPlans(previous ? (JSON.parse(previous) as Plan) : undefined, result.plan!);
  io.out(
    `wrote ${args.out}/: ${result.files.size} files (${diff.added.length} added, ${diff.changed.length} changed, ${diff.removed.length} removed)\n` +
      (changes.length && !isEmptyDiff(diff) ? changes.map((c) => `  ${c}`).join('\n') + '\n' : ''),
  );
  return 0;
}

/** Checks the folder again (it may have changed during the compile) and writes it; a diagnostic when refused or failed. `verified`: the diff's unchanged files (WriteOptions.verified). */
function writeOut(out: string, spec: string, files: ReadonlyMap<string, string>, env: Io['env'], verified: ReadonlyMap<string, string>): Diagnostic | undefined {
  const check = outDir().checkOutDir(out, { cwd: process.cwd(), spec, forWrite: true });
  if (check.diagnostic) return check.diagnostic;
  const target: OutTarget = check.target;
  try {
    const { testHookOptions, TEST_HOOK_ENV, writeTree } = writer();
    writeTree(target.dir, files, { ...testHookOptions(env[TEST_HOOK_ENV]), verified }); // the files the diff found unchanged are linked unread
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      code: 'out-write-failed',
      severity: 'error',
      path: '--out',
      message: `cannot write ${out}: ${(e as Error).message}; ${target.exists ? `${out}/ is unchanged` : 'nothing was created'}`,
      expected: `a writable folder ${target.parent}`,
      found: code ?? 'an error',
    };
  }
}

function report(io: Io, format: string, diags: readonly Diagnostic[], color: boolean): void {
  if (format === 'json') {
    io.out(JSON.stringify({ ok: !diags.some((d) => d.severity === 'error'), diagnostics: diags }, null, 2) + '\n');
  } else if (diags.length) {
    io.err(formatDiagnostics(diags, { color }));
  } else {
    io.out('spec is valid: 0 errors, 0 warnings\n');
  }
}
