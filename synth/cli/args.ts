/** The argument walk every command of the CLI shares: flags, flag values, and where parsing stops. */

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
