/** The argument walk every command of the CLI shares (flags, flag values, and where parsing stops), and the arguments of validate, plan and synth. */
import { defaultJobs } from '../output/pool';

class MissingValue extends Error {}

/**
 * Calls `handle` for each argument; `value()` takes the next argument as the current flag's value (a
 * missing value, or another flag in its place, stops the walk with "<flag> needs a value"). The walk stops
 * at the first string a handler returns (a usage error, or 'help') and returns it; undefined when all
 * arguments were taken.
 */
export function walkArgs(argv: readonly string[], handle: (arg: string, value: () => string) => string | undefined): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new MissingValue(`${a} needs a value`);
      i++;
      return v;
    };
    try {
      const stop = handle(a, value);
      if (stop !== undefined) return stop;
    } catch (e) {
      if (e instanceof MissingValue) return e.message;
      throw e;
    }
  }
  return undefined;
}

/** Options of any command that take a value (so that their value is not taken for the command). */
export const VALUED = new Set(['--spec', '--out', '--format', '--dir']);

/** Whether the command line's command (its first positional argument) is `check`. */
export function isCheckCommand(argv: readonly string[]): boolean {
  for (let i = 0; i < argv.length; i++) {
    if (VALUED.has(argv[i])) i++;
    else if (!argv[i].startsWith('-')) return argv[i] === 'check';
  }
  return false;
}

export interface Args {
  command: string;
  spec: string;
  out: string;
  check: boolean;
  format: string;
  /** synth: threads (undefined: PLATFORM_JOBS or the default). */
  jobs?: number;
}

/** The most threads --jobs and PLATFORM_JOBS may ask for. */
export const MAX_JOBS = 16;

const validJobs = (v: string): boolean => /^[0-9]+$/.test(v) && +v >= 1 && +v <= MAX_JOBS;

/** Threads for synth: --jobs, else PLATFORM_JOBS, else parallel.ts's default; a usage error when PLATFORM_JOBS is not valid. */
export function jobsOf(args: Args, env: Readonly<Record<string, string | undefined>>): number | string {
  if (args.jobs !== undefined) return args.jobs;
  const v = env.PLATFORM_JOBS;
  if (v === undefined || v === '') return defaultJobs();
  return validJobs(v) ? +v : `PLATFORM_JOBS=${v} is not a number of threads from 1 to ${MAX_JOBS} (unset it, or pass --jobs N)`;
}

export function parse(argv: readonly string[]): Args | string {
  const args: Args = { command: '', spec: 'platform.spec.yaml', out: 'dist', check: false, format: 'text' };
  const stop = walkArgs(argv, (a, value) => {
    if (a === '--spec') args.spec = value();
    else if (a === '--out') args.out = value();
    else if (a === '--format') args.format = value();
    else if (a === '--check') args.check = true;
    else if (a === '--jobs') {
      const v = value();
      if (!validJobs(v)) return `--jobs ${v} is not a number of threads from 1 to ${MAX_JOBS}`;
      args.jobs = +v;
    }
    else if (a === '--help' || a === '-h') return 'help';
    else if (!a.startsWith('-') && !args.command) args.command = a;
    else return `unknown argument ${a}`;
    return undefined;
  });
  if (stop !== undefined) return stop;
  if (!['validate', 'plan', 'synth'].includes(args.command)) return args.command ? `unknown command ${args.command}` : 'missing command';
  const formats: Record<string, string[]> = { validate: ['text', 'json'], plan: ['text', 'markdown', 'json'], synth: ['text'] };
  if (args.jobs !== undefined && args.command !== 'synth') return `--jobs is an option of synth, not of ${args.command}`;
  if (!formats[args.command].includes(args.format)) return `--format ${args.format} is not supported by ${args.command} (use ${formats[args.command].join(' or ')})`;
  return args;
}
