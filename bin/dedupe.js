'use strict';
/**
 * One copy of a package where a dependency bundles a byte-for-byte identical copy of one the project has: cdk8s
 * ships its own `yaml` (cdk8s/node_modules/yaml, 72 modules), the same files as the project's `yaml`, so a synth
 * that synthesizes a cluster loaded and ran that package twice. Installed by bin/platform.js for the compiled CLI:
 * a module resolved into the bundled copy is loaded from the project's copy instead (the same file below it).
 *
 * Safety: a pair is used only when every file of both copies is identical, compared byte for byte (the same
 * relative paths, the same bytes); the comparison is recorded in build/.dedupe.json with the size and mtime of
 * every file of both copies, and redone whenever one of them differs (an install or an edit), so a copy that differs
 * in any file is never replaced. Identical files run identically; the one difference is that both users share
 * the module's state (yaml keeps none that cdk8s or the compiler set). PLATFORM_DEDUPE=off disables it.
 */
const fs = require('fs');
const path = require('path');
const { threadId } = require('worker_threads');
const Module = require('module');

const ROOT = path.join(__dirname, '..');
const NODE_MODULES = path.join(ROOT, 'node_modules');
/** [the bundled copy, the project's copy], under node_modules/. */
const COPIES = [['cdk8s/node_modules/yaml', 'yaml']];
const RECORD = path.join(ROOT, 'build', '.dedupe.json');

/** The files Node can load from a package (code, JSON, addons): documentation and type declarations are not compared. */
const LOADABLE = /\.(js|cjs|mjs|json|node)$/;

/** Relative paths of the loadable files under `dir`, sorted; undefined when `dir` is missing. */
function filesOf(dir) {
  const out = [];
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (!LOADABLE.test(e.name)) continue;
      else if (e.isFile()) out.push(r);
      else throw new Error(`not a regular file: ${r}`); // links and the like: never deduplicated
    }
  };
  try {
    walk('');
  } catch {
    return undefined;
  }
  return out.sort();
}

/** size and mtime of every file of both copies, as recorded. */
function stats(a, b, files) {
  return files.map((f) => [a, b].map((d) => {
    const st = fs.statSync(path.join(d, f));
    return `${st.size}:${st.mtimeMs}`;
  }).join(' '));
}

/** Whether `a` and `b` hold the same files with the same bytes; with the record that proves it, or undefined. */
function compare(a, b) {
  const fa = filesOf(a);
  const fb = filesOf(b);
  if (!fa || !fb || fa.length === 0 || fa.join('\n') !== fb.join('\n')) return undefined;
  for (const f of fa) if (!fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f)))) return undefined;
  return { files: fa, stats: stats(a, b, fa) };
}

function readRecord() {
  try {
    return JSON.parse(fs.readFileSync(RECORD, 'utf8'));
  } catch {
    return {};
  }
}

/** Whether the record still describes both copies (every file's size and mtime unchanged, no file added). */
function stillHolds(a, b, entry) {
  try {
    const now = stats(a, b, entry.files);
    if (now.some((s, i) => s !== entry.stats[i])) return false;
    return (filesOf(a) || []).length === entry.files.length && (filesOf(b) || []).length === entry.files.length;
  } catch {
    return false;
  }
}

/**
 * The pairs [bundled copy, project's copy] (absolute folders) proven identical, comparing again what changed since
 * the record (and rewriting it). `nodeModules` and `record` are for tests.
 */
function identicalCopies(nodeModules = NODE_MODULES, record = RECORD, copies = COPIES) {
  const previous = record === RECORD ? readRecord() : (() => {
    try {
      return JSON.parse(fs.readFileSync(record, 'utf8'));
    } catch {
      return {};
    }
  })();
  const next = {};
  const out = [];
  for (const [bundled, own] of copies) {
    const a = path.join(nodeModules, bundled);
    const b = path.join(nodeModules, own);
    const key = `${bundled} ${own}`;
    const entry = previous[key] && previous[key].files && stillHolds(a, b, previous[key]) ? previous[key] : compare(a, b);
    if (!entry) continue;
    next[key] = entry;
    out.push([a, b]);
  }
  if (JSON.stringify(next) !== JSON.stringify(previous)) {
    try {
      fs.mkdirSync(path.dirname(record), { recursive: true });
      const tmp = `${record}.${process.pid}.${threadId}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(next));
      fs.renameSync(tmp, record);
    } catch {
      // read-only: compared again next time
    }
  }
  return out;
}

/**
 * Resolves modules of the bundled copies to the project's copies (once per process). The copies are compared (or
 * their record checked) only when a module first resolves into a bundled copy: `validate` never pays for it.
 */
function install() {
  if (global.__platformDedupe) return;
  global.__platformDedupe = true;
  const bundled = COPIES.map(([b]) => path.join(NODE_MODULES, b) + path.sep);
  let pairs;
  const original = Module._resolveFilename;
  Module._resolveFilename = function resolveFilename(request, parent, isMain, options) {
    const file = original.call(this, request, parent, isMain, options);
    if (!bundled.some((b) => file.startsWith(b))) return file;
    pairs = pairs || identicalCopies().map(([a, b]) => [a + path.sep, b + path.sep]);
    for (const [from, to] of pairs) if (file.startsWith(from)) return to + file.slice(from.length);
    return file;
  };
}

module.exports = { install, identicalCopies, COPIES };
