'use strict';
/**
 * Old-space growth of the CLI's process. After a full collection V8 lets the old space grow to up to 4x what survived
 * it before it collects again (about 2.6x measured here); a synth leaves much short-lived garbage there (cdktf's
 * construct trees, the files and values the emit workers post): a 100x spec peaked at 1.1 GiB of RSS with 234 MiB
 * live. Growing by at most 20% keeps the peak near what is live: 100x 1100 -> 855 MiB for about 6% more CPU
 * (bench/RESULTS.md measures both). The flag is process-wide: the emit worker threads grow the same way.
 *
 * PLATFORM_HEAP_GROWING=default keeps V8's own heuristic; a number from 1 to 400 sets another percentage. V8 checks
 * its flags against a code cache entry's, so bin/code-cache.js keeps one cache per setting.
 */
const HEAP_GROWING_PERCENT = 20;

/** The setting of this environment: a percentage, or 'default' (V8's own heuristic). */
function heapGrowing(env = process.env) {
  const value = env.PLATFORM_HEAP_GROWING;
  if (value === 'default') return 'default';
  return /^\d{1,3}$/.test(value || '') && Number(value) >= 1 && Number(value) <= 400 ? Number(value) : HEAP_GROWING_PERCENT;
}

/** Sets the V8 flag for this process (bin/platform.js, before it loads anything else); returns the setting. */
function applyHeapGrowing() {
  const setting = heapGrowing();
  if (setting !== 'default') require('v8').setFlagsFromString(`--heap-growing-percent=${setting}`);
  return setting;
}

module.exports = { HEAP_GROWING_PERCENT, heapGrowing, applyHeapGrowing };
