#!/usr/bin/env node
'use strict';
// Runs the compiled CLI (build/, made by bin/build.js at `npm ci` and brought up to date here whenever a source
// of synth/, constructs/ or schema/ differs from what was built: an edited source never runs stale). When the
// build cannot be made (no TypeScript, read-only install), it runs the sources through ts-node instead
// (transpile only, slower). Type checking is `npm test`'s job either way. The compiled CLI runs with a V8 code
// cache of the modules it loads (bin/code-cache.js; PLATFORM_CODE_CACHE=off disables it) and loads a package a
// dependency bundles byte for byte only once (bin/dedupe.js; PLATFORM_DEDUPE=off disables it), and yaml from one
// file (bin/bundle.js; PLATFORM_BUNDLE=off disables it), and cdktf's dependencies it never calls here only at their
// first use (bin/lazy.js; PLATFORM_LAZY=off disables it): bin/hooks.js installs the four, here and in every emit
// worker thread (synth/output/parallel.ts).
const path = require('path');

require('./v8-flags.js').applyV8Flags(); // synth's V8 flags (old-space growth, TurboFan's tier-up budget): bin/v8-flags.js

function compiledEntry() {
  if (process.env.PLATFORM_TS_NODE === '1') return undefined;
  try {
    const builder = require('./build.js');
    if (!builder.isFresh()) builder.build();
    return path.join(builder.OUT, 'synth', 'cli', 'main.js');
  } catch (e) {
    if (process.env.PLATFORM_DEBUG_BUILD) process.stderr.write(`platform: running the sources through ts-node (${e && e.message})\n`);
    return undefined;
  }
}

const entry = compiledEntry();
if (entry) {
  require('./hooks.js').install(); // code cache, dedupe, yaml bundle, deferred requires: bin/hooks.js
  require(entry);
} else {
  process.env.TS_NODE_PROJECT = process.env.TS_NODE_PROJECT || path.join(__dirname, '..', 'tsconfig.json');
  require('ts-node/register/transpile-only');
  require('../synth/cli/main.ts');
}
