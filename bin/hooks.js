'use strict';
/**
 * The require hooks of the compiled CLI, installed by bin/platform.js before it loads build/ and by every emit
 * worker thread (synth/output/parallel.ts) before its first require, so that a worker runs the same code the same
 * way: the V8 code cache (bin/code-cache.js; PLATFORM_CODE_CACHE=off disables it), one copy of a package a
 * dependency bundles byte for byte (bin/dedupe.js; PLATFORM_DEDUPE=off), yaml from one file (bin/bundle.js;
 * PLATFORM_BUNDLE=off), cdktf's dependencies it never calls here loaded at first use (bin/lazy.js; PLATFORM_LAZY=off).
 * Records its own path in `globalThis.__platformHooks` for parallel.ts to pass on.
 */
function install() {
  if (process.env.PLATFORM_CODE_CACHE !== 'off') require('./code-cache.js').install();
  if (process.env.PLATFORM_DEDUPE !== 'off') require('./dedupe.js').install();
  if (process.env.PLATFORM_BUNDLE !== 'off') require('./bundle.js').install();
  if (process.env.PLATFORM_LAZY !== 'off') require('./lazy.js').install();
  if (process.env.PLATFORM_PACK !== 'off' && process.env.PLATFORM_CODE_CACHE !== 'off') require('./pack.js').install();
  globalThis.__platformHooks = __filename;
}

module.exports = { install };
