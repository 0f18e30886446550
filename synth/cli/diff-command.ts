/**
 * `platform diff`: compiles the working tree's spec and the base's spec (from git, or from a directory)
 * with the current compiler and prints the review. Parses arguments, calls synth/review, sets the exit code:
 * 0 reviewed, 1 the spec (or the base) cannot be read or the working tree's spec does not compile,
 * 2 bad arguments, or a risk no acceptance covers with --fail-on-risk.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { compile } from '../compile';
import { createSvgRenderer } from '../output/diagram';
import { parseAcceptFlag, parseAcceptLines, type Acceptance } from '../review/accept';
import { review, unacceptedRisks, type ReviewSide } from '../review/index';
import { renderJson, renderMarkdown, renderText } from '../review/render';
import { formatDiagnostics } from '../util/errors';
import type { Io } from './cli';
import { readSpec } from './read-spec';
import { walkArgs } from './args';
import { DIFF_USAGE } from './usage';

export { DIFF_USAGE };

interface DiffArgs {
  spec: string;
  base?: string;
  against?: string;
  format: 'text' | 'markdown' | 'json';
  failOnRisk: boolean;
  accept: Acceptance[];
  acceptFiles: string[];
}

function parse(argv: readonly string[]): DiffArgs | string {
  const args: DiffArgs = { spec: 'platform.spec.yaml', format: 'text', failOnRisk: false, accept: [], acceptFiles: [] };
  const stop = walkArgs(argv, (a, value) => {
    if (a === '--spec') args.spec = value();
    else if (a === '--base') args.base = value();
    else if (a === '--against') args.against = value();
    else if (a === '--format') {
      const f = value();
      if (f !== 'text' && f !== 'markdown' && f !== 'json') return `--format ${f} is not supported by diff (use text, markdown or json)`;
      args.format = f;
    } else if (a === '--fail-on-risk') args.failOnRisk = true;
    else if (a === '--accept') {
      const v = value();
      const acc = parseAcceptFlag(v);
      if (!acc) return `--accept ${v}: expected CODE:RESOURCE`;
      args.accept.push(acc);
    } else if (a === '--accept-file') args.acceptFiles.push(value());
    else return `unknown argument ${a}`;
    return undefined;
  });
  if (stop !== undefined) return stop;
  if (args.base !== undefined && args.against !== undefined) return '--base and --against exclude each other';
  return args;
}

/** The base spec's text, `undefined` when the base has no spec (everything is new), or an error message. */
function readBase(args: DiffArgs): { text?: string; label: string } | string {
  if (args.against !== undefined) {
    const stat = fs.existsSync(args.against) ? fs.statSync(args.against) : undefined;
    if (!stat) return `--against ${args.against}: no such file or directory`;
    const file = stat.isDirectory() ? path.join(args.against, path.isAbsolute(args.spec) ? path.basename(args.spec) : args.spec) : args.against;
    if (!fs.existsSync(file)) return { label: file };
    const read = readSpec(file);
    if (read.diagnostic) return `--against ${file}: ${read.diagnostic.message} (${read.diagnostic.found})`;
    return { text: read.text, label: file };
  }
  const ref = args.base ?? 'HEAD';
  const rel = path.relative(process.cwd(), path.resolve(args.spec)).split(path.sep).join('/');
  const label = `${ref}:${rel}`;
  try {
    const text = execFileSync('git', ['show', `${ref}:./${rel}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    return { text, label };
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? (e as Error).message);
    if (/does not exist in|exists on disk, but not in/.test(stderr)) return { label };
    return `cannot read the base spec ${label}: ${stderr.trim().split('\n')[0]}`;
  }
}

export async function runDiff(argv: readonly string[], io: Io): Promise<number> {
  const args = parse(argv);
  if (typeof args === 'string') {
    io.err(`platform diff: ${args}\nUsage:\n${DIFF_USAGE}`);
    return 2;
  }
  const color = io.isTTY && !io.env.NO_COLOR;
  const read = readSpec(args.spec);
  if (read.diagnostic) {
    io.err(formatDiagnostics([read.diagnostic], { color }));
    return 1;
  }
  const headText = read.text;
  const base = readBase(args);
  if (typeof base === 'string') {
    io.err(`platform diff: ${base}\n`);
    return 1;
  }
  const acceptances = [...args.accept];
  for (const f of args.acceptFiles) {
    try {
      acceptances.push(...parseAcceptLines(fs.readFileSync(f, 'utf8')));
    } catch (e) {
      io.err(`platform diff: cannot read --accept-file ${f}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return 1;
    }
  }

  const svg = await createSvgRenderer();
  const side = (label: string, file: string, text: string | undefined): ReviewSide => {
    if (text === undefined) return { label: `${label} (no spec)`, diagnostics: [] };
    const r = compile(file, text, { until: 'emit', svg });
    return { label, spec: r.spec, plan: r.plan, files: r.files, diagnostics: r.diagnostics };
  };
  const headSide = side('working tree', args.spec, headText);
  if (!headSide.plan) {
    io.err(formatDiagnostics(headSide.diagnostics, { color }));
    io.err('platform diff: the spec does not validate; nothing to compare\n');
    return 1;
  }
  // The same text compiles to the same output: compile it once.
  const baseSide = base.text === headText ? { ...headSide, label: base.label } : side(base.label, base.label, base.text);
  const result = review(baseSide, headSide, acceptances);
  io.out(args.format === 'json' ? renderJson(result) : args.format === 'markdown' ? renderMarkdown(result) : renderText(result));
  if (args.failOnRisk) {
    const open = unacceptedRisks(result);
    if (open.length) {
      io.err(`platform diff: ${open.length} risk${open.length === 1 ? '' : 's'} not accepted:\n${open.map((x) => `  ${x.code} ${x.resource}: ${x.reason}`).join('\n')}\naccept with \`# platform: accept <code> <resource>\` in the PR description (--accept-file) or --accept CODE:RESOURCE\n`);
      return 2;
    }
  }
  if (!headSide.files) {
    io.err(formatDiagnostics(headSide.diagnostics, { color }));
    return 1;
  }
  return 0;
}
