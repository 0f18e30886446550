#!/usr/bin/env node
/** Entry point of `platform`: runs the CLI with the process's arguments and sets the exit code. */
import { PlanInvariantError } from '../util/errors';
import { run } from './cli';

run(process.argv.slice(2), {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stderr.isTTY),
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // A compiler bug: the plan broke one of its own guarantees (PlanInvariantError) or something else escaped.
    const what = err instanceof PlanInvariantError ? `compiler bug (${err.message}); please report it with the spec` : `internal error: ${err instanceof Error ? err.stack : String(err)}`;
    process.stderr.write(`platform: ${what}\n`);
    process.exitCode = 70;
  },
);
