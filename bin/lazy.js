'use strict';
/**
 * Deferred requires: a dependency's module that one of its files requires at load time but calls only on a path the
 * compiler never takes is loaded when it is first used, not when its requirer loads. cdktf's index loads 378 modules,
 * 290 of them for three packages the compiler's synth never calls: `archiver` (zips a TerraformAsset, 203 modules
 * with its streams and lodash), `semver` (checks the terraform CLI's version, 45) and `json-stable-stringify` (writes
 * `cdktf synth`'s files and Testing.synth's text, 44 with its polyfills; the three share a few). Loading them cost about 130 ms per thread
 * (the main thread and every emit worker load cdktf). Installed by bin/hooks.js (PLATFORM_LAZY=off disables it).
 *
 * Only the (requiring file, request) pairs of DEFERRED are deferred. The requirer gets a stand-in: a Proxy over an
 * arrow function that loads the real module (through Node's loader, as the requirer would have) at the first call,
 * property read, key listing or `in` test, and from then on forwards each of those to it. Each requirer binds the
 * module to a constant and only calls it (`archiver("zip", ...)`, `stringify(x, opts)`) or reads a function from it
 * (`semver.satisfies(...)`), which the stand-in does exactly as the module. What differs: `typeof` is "function"
 * for semver (an object); no requirer asks. The load happens later, so a missing package would fail at first use
 * instead of at load: `npm ci` installs all three.
 */
const path = require('path');
const Module = require('module');

const NODE_MODULES = path.join(__dirname, '..', 'node_modules');
/** [requiring file under node_modules, request]: loaded at first use. */
const DEFERRED = [
  ['cdktf/lib/private/fs.js', 'archiver'], // runArchive: only when this file runs as a script (its own child process)
  ['cdktf/lib/validations/validate-binary-version.js', 'semver'], // the terraform CLI's version check
  ['cdktf/lib/manifest.js', 'json-stable-stringify'], // App.synth's manifest.json
  ['cdktf/lib/synthesize/synthesizer.js', 'json-stable-stringify'], // App.synth's cdk.tf.json
  ['cdktf/lib/testing/index.js', 'json-stable-stringify'], // Testing.synth
];

/** A stand-in for the module `load()` returns, loading it at first use. */
function deferred(load) {
  let real;
  let loaded = false;
  const it = () => {
    if (!loaded) {
      real = load();
      loaded = true;
    }
    return real;
  };
  // An arrow function: callable, and with no non-configurable own property a Proxy would have to report.
  return new Proxy(() => undefined, {
    apply: (_t, self, args) => Reflect.apply(it(), self, args),
    get: (_t, key) => Reflect.get(it(), key),
    set: (_t, key, value) => Reflect.set(it(), key, value),
    has: (_t, key) => Reflect.has(it(), key),
    deleteProperty: (_t, key) => Reflect.deleteProperty(it(), key),
    ownKeys: () => Reflect.ownKeys(it()),
    getOwnPropertyDescriptor: (_t, key) => {
      const d = Reflect.getOwnPropertyDescriptor(it(), key);
      return d && { ...d, configurable: true }; // the stand-in's own target holds none of them
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(it()),
  });
}

/** Installs the hook (once per process). `table` is for tests. */
function install(table = DEFERRED) {
  if (global.__platformLazy) return;
  global.__platformLazy = true;
  const byRequirer = new Map();
  for (const [file, request] of table) {
    const key = path.join(NODE_MODULES, file);
    byRequirer.set(key, [...(byRequirer.get(key) || []), request]);
  }
  const original = Module._load;
  Module._load = function load(request, parent, isMain) {
    const requests = parent && parent.filename && byRequirer.get(parent.filename);
    if (!requests || !requests.includes(request) || isMain) return original.apply(this, arguments);
    const self = this;
    return deferred(() => original.call(self, request, parent, false));
  };
}

module.exports = { install, deferred, DEFERRED };
