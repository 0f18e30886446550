#!/usr/bin/env node
/** Entry point of `platform`: runs the CLI with the process's arguments and sets the exit code. */
import { PlanInvariantError } from '../util/errors';
import { workersExited } from '../output/pool';
import { earlyPool } from './early';

const argv = process.argv.slice(2);
// Workers first (they load their libraries while the CLI's modules load and the spec is planned), then the CLI.
const early = earlyPool(argv, process.env);
const { run } = require('./cli') as typeof import('./cli');

run(argv, {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stderr.isTTY),
  env: process.env,
}, early).then(
  (code) => end(code),
  (err: unknown) => {
    // A compiler bug: the plan broke one of its own guarantees (PlanInvariantError) or something else escaped.
    const what = err instanceof PlanInvariantError ? `compiler bug (${err.message}); please report it with the spec` : `internal error: ${err instanceof Error ? err.stack : String(err)}`;
    process.stderr.write(`platform: ${what}\n`);
    end(70);
  },
);

/**
 * Ends the process with `code` once stdout and stderr are flushed and every emit worker has exited (its exit
 * handlers store the code cache and the module packs): process.exit() leaves the heaps to the OS instead of freeing
 * them and the worker threads' one by one, which was ~15 ms of a synth's end (10 runs, median).
 */
function end(code: number): void {
  process.exitCode = code;
  void workersExited().then(() => process.stdout.write('', () => process.stderr.write('', () => process.exit(code))));
}
