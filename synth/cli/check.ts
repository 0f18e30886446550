/**
 * `platform check`: the policy check (synth/check/) over what the spec generates, or over a dist/
 * already written (`--dir`), and the refusal `platform synth` applies when the check finds anything.
 * Parses arguments, calls the library, returns the exit code: 0 no finding, 1 findings (or a spec
 * that does not compile), 2 bad arguments.
 */
import * as fs from 'fs';
import { compile } from '../compile';
import { checkOutput } from '../check/index';
import type { ManifestParser } from '../check/output';
import { formatPolicyJson, formatPolicyText } from '../check/format';
import { createSvgRenderer } from '../output/diagram';
import { readTree } from '../output/write';
import { formatDiagnostics } from '../util/errors';
import type { Io } from './cli';
import { readSpec } from './read-spec';
import { VALUED } from './args';

export const CHECK_USAGE = `Usage: platform check [--spec FILE | --dir DIR] [--format text|json]

  --spec FILE    compile this spec and check what it generates (default: platform.spec.yaml)
  --dir DIR      check a generated tree already on disk instead (e.g. dist)
  --format       text (default) or json
`;

interface CheckArgs {
  spec: string;
  dir?: string;
  format: 'text' | 'json';
}

function parse(argv: readonly string[]): CheckArgs | 'help' | string {
  const args: CheckArgs = { spec: 'platform.spec.yaml', format: 'text' };
  let specGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === 'check') continue;
    if (a === '--help' || a === '-h') return 'help';
    if (!VALUED.has(a) || a === '--out') return `unknown argument ${a} for check`;
    const v = argv[++i];
    if (v === undefined || v.startsWith('--')) return `${a} needs a value`;
    if (a === '--spec') {
      args.spec = v;
      specGiven = true;
    } else if (a === '--dir') args.dir = v;
    else if (v === 'text' || v === 'json') args.format = v;
    else return `--format ${v} is not supported by check (use text or json)`;
  }
  if (specGiven && args.dir !== undefined) return '--spec and --dir exclude each other';
  return args;
}

export async function runCheck(argv: readonly string[], io: Io): Promise<number> {
  const args = parse(argv);
  if (args === 'help') {
    io.out(CHECK_USAGE);
    return 0;
  }
  if (typeof args === 'string') {
    io.err(`platform: ${args}\n${CHECK_USAGE}`);
    return 2;
  }
  const color = io.isTTY && !io.env.NO_COLOR;
  let files: ReadonlyMap<string, string>;
  if (args.dir !== undefined) {
    if (!fs.existsSync(args.dir) || !fs.statSync(args.dir).isDirectory()) {
      io.err(`platform: ${args.dir} is not a directory\n`);
      return 1;
    }
    files = readTree(args.dir);
    if (![...files.keys()].some((f) => f.startsWith('terraform/') || f.startsWith('kubernetes/'))) {
      io.err(`platform: ${args.dir} holds no terraform/ or kubernetes/ output to check\n`);
      return 1;
    }
  } else {
    const read = readSpec(args.spec); // bounded, regular files only (synth/cli/read-spec.ts)
    if (read.diagnostic) {
      io.err(formatDiagnostics([read.diagnostic], { color }));
      return 1;
    }
    const text = read.text;
    const result = compile(args.spec, text, { until: 'emit', svg: await createSvgRenderer() });
    if (result.diagnostics.length) io.err(formatDiagnostics(result.diagnostics, { color }));
    if (!result.ok || !result.files) return 1;
    files = result.files;
  }
  const report = checkOutput(files);
  if (args.format === 'json') io.out(formatPolicyJson(report));
  else if (report.findings.length) io.err(formatPolicyText(report));
  else io.out(formatPolicyText(report));
  return report.findings.length ? 1 : 0;
}

/**
 * The synth hook: checks what synth is about to write; on findings prints them and returns true
 * (synth then writes nothing and exits 1).
 */
export function policyRefuses(files: ReadonlyMap<string, string>, io: Io, out: string, parse?: ManifestParser): boolean {
  const report = checkOutput(files, undefined, parse);
  if (!report.findings.length) return false;
  io.err(formatPolicyText(report));
  io.err(`nothing written: ${out}/ is unchanged (the generated output fails the policy check; see docs/policy.md)\n`);
  return true;
}
