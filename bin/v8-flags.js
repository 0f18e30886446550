'use strict';
/**
 * The V8 flags of a synth's process (set by bin/platform.js before it loads anything else; process-wide, so the emit
 * worker threads run under them too). Two settings:
 *
 * - Old-space growth (`--heap-growing-percent`). After a full collection V8 lets the old space grow to up to 4x what
 *   survived it before it collects again (about 2.6x measured here); a synth leaves much short-lived garbage there
 *   (cdktf's construct trees, the files and values the emit workers post): a 100x spec peaked at 1.1 GiB of RSS with
 *   234 MiB live. Growing by at most 50% keeps the peak near what is live: 100x 1066 -> 848 MiB for 12% more CPU
 *   (20%: 836 MiB for 19%). PLATFORM_HEAP_GROWING=default keeps V8's heuristic; a number from 1 to 400 sets another
 *   percentage.
 * - TurboFan's tier-up budget (`--interrupt-budget`: how much bytecode a function runs before V8 considers optimizing
 *   it; V8's default 67584). A synth runs most of its code a few hundred times at most (a resource class per type, a
 *   construct per service), and on two cores the optimizing compiler's background jobs take CPU from the two emit
 *   threads: with V8's default, a cold reference synth took ~0.4 s (a fifth) more CPU than with a budget that
 *   leaves most of its code unoptimized. With 1,000,000 only code that runs long (the resolution, serialization and
 *   YAML loops of a large spec) is optimized. Interleaved runs, medians: reference 10 runs 1.02 -> 0.84 s, CPU 1.87 ->
 *   1.48 s; 100x 3 runs 12.1 -> 11.3 s, 916 -> 822 MiB; no TurboFan at all (`--no-turbofan`) 0.82 s at 1x but 13.7 s
 *   at 100x (2 runs, against 12.4 s). PLATFORM_INTERRUPT_BUDGET=default keeps V8's; a number from 1000 to 1000000000 sets another budget.
 *   bench/RESULTS.md measures both against V8's defaults, interleaved.
 *
 * `validate` and `plan` keep V8's defaults: once a flag changes, V8 refuses the code cache Node ships for its built-in
 * modules (compiling those a command loads after that costs twice as much, about 10 ms at validate's start). V8 also
 * checks its flags against our own code cache entries, so bin/code-cache.js keeps one cache per set of flags: the
 * label of the flags applied is recorded in PLATFORM_V8_FLAGS_APPLIED, which the emit worker threads inherit.
 */
const HEAP_GROWING_PERCENT = 50;
const INTERRUPT_BUDGET = 1000000;
/** Commands that keep V8's defaults. */
const LEAN_COMMANDS = ['validate', 'plan'];
const APPLIED_ENV = 'PLATFORM_V8_FLAGS_APPLIED';

/** An integer setting of `env[name]`: 'default' (V8's own), a number within [min, max], else `fallback`. */
function setting(value, min, max, fallback) {
  if (value === 'default') return 'default';
  return /^\d{1,10}$/.test(value || '') && Number(value) >= min && Number(value) <= max ? Number(value) : fallback;
}

/** The old-space growth setting of this environment: a percentage, or 'default' (V8's own heuristic). */
function heapGrowing(env = process.env) {
  return setting(env.PLATFORM_HEAP_GROWING, 1, 400, HEAP_GROWING_PERCENT);
}

/** The tier-up budget setting of this environment: bytecode bytes, or 'default' (V8's own). */
function interruptBudget(env = process.env) {
  return setting(env.PLATFORM_INTERRUPT_BUDGET, 1000, 1000000000, INTERRUPT_BUDGET);
}

/** The flags a synth sets under this environment (none when both settings are V8's defaults). */
function synthFlags(env = process.env) {
  const flags = [];
  const growing = heapGrowing(env);
  if (growing !== 'default') flags.push(`--heap-growing-percent=${growing}`);
  const budget = interruptBudget(env);
  if (budget !== 'default') flags.push(`--interrupt-budget=${budget}`);
  return flags;
}

/** A folder-name label of a set of flags: 'default' for none, else e.g. `heap-growing-percent-50+interrupt-budget-1000000`. */
function flagsLabel(flags) {
  return flags.length === 0 ? 'default' : flags.map((f) => f.replace(/^--/, '').replace('=', '-')).join('+');
}

/**
 * Sets the synth's V8 flags for this process unless the command line runs a lean command (bin/platform.js, before it
 * loads anything else); records and returns the label of the flags applied.
 */
function applyV8Flags(argv = process.argv.slice(2), env = process.env) {
  const flags = argv.some((a) => LEAN_COMMANDS.includes(a)) ? [] : synthFlags(env);
  if (flags.length > 0) require('v8').setFlagsFromString(flags.join(' '));
  const label = flagsLabel(flags);
  env[APPLIED_ENV] = label;
  return label;
}

/** The label of the flags V8 runs with here: what applyV8Flags applied in this process (any thread), else 'default'. */
function appliedV8Flags(env = process.env) {
  return env[APPLIED_ENV] || 'default';
}

module.exports = { HEAP_GROWING_PERCENT, INTERRUPT_BUDGET, LEAN_COMMANDS, heapGrowing, interruptBudget, synthFlags, flagsLabel, applyV8Flags, appliedV8Flags };
