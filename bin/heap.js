'use strict';
/**
 * Old-space growth of the CLI's process. After a full collection V8 lets the old space grow to up to 4x what survived
 * it before it collects again (about 2.6x measured here); a synth leaves much short-lived garbage there (cdktf's
 * construct trees, the files and values the emit workers post): a 100x spec peaked at 1.1 GiB of RSS with 234 MiB
 * live. Growing by at most 50% keeps the peak near what is live: 100x 1066 -> 848 MiB for 12% more CPU (20%: 836 MiB
 * for 19%); on the reference it saves nothing and costs a few percent of CPU (bench/RESULTS.md measures both
 * settings, interleaved). The flag is process-wide: the emit worker threads grow the same way.
 *
 * `validate` and `plan` hold one plan and keep V8's default: once a flag changes, V8 refuses the code cache Node
 * ships for its built-in modules (compiling those a command loads after that costs twice as much, about 10 ms at
 * validate's start). PLATFORM_HEAP_GROWING=default keeps V8's default for every command; a number from 1 to 400
 * sets another percentage. V8 also checks its flags against our own code cache entries, so bin/code-cache.js keeps
 * one cache per setting: the setting applied is recorded in PLATFORM_HEAP_GROWING_APPLIED, which the emit worker
 * threads inherit.
 */
const HEAP_GROWING_PERCENT = 50;
/** Commands that keep V8's default growth. */
const LEAN_COMMANDS = ['validate', 'plan'];
const APPLIED_ENV = 'PLATFORM_HEAP_GROWING_APPLIED';

/** The setting of this environment: a percentage, or 'default' (V8's own heuristic). */
function heapGrowing(env = process.env) {
  const value = env.PLATFORM_HEAP_GROWING;
  if (value === 'default') return 'default';
  return /^\d{1,3}$/.test(value || '') && Number(value) >= 1 && Number(value) <= 400 ? Number(value) : HEAP_GROWING_PERCENT;
}

/**
 * Sets the V8 flag for this process unless the command line runs a lean command (bin/platform.js, before it loads
 * anything else); records and returns the setting applied.
 */
function applyHeapGrowing(argv = process.argv.slice(2)) {
  const setting = argv.some((a) => LEAN_COMMANDS.includes(a)) ? 'default' : heapGrowing();
  if (setting !== 'default') require('v8').setFlagsFromString(`--heap-growing-percent=${setting}`);
  process.env[APPLIED_ENV] = String(setting);
  return setting;
}

/** The setting V8 runs with here: what applyHeapGrowing applied in this process (any thread), else 'default'. */
function appliedHeapGrowing(env = process.env) {
  return env[APPLIED_ENV] || 'default';
}

module.exports = { HEAP_GROWING_PERCENT, LEAN_COMMANDS, heapGrowing, applyHeapGrowing, appliedHeapGrowing };
