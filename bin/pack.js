'use strict';
/**
 * Module packs: the JavaScript modules of one package that runs of the compiled CLI loaded, in one script with one
 * V8 code cache, and the way their requires resolved, so that the next run loads them without resolving, stat-ing,
 * reading and compiling each one apart. A synth's main thread loads ~290 modules and each emit worker ~390 (build/,
 * cdktf, constructs, cdk8s, cdk8s-plus, the providers' resource classes); per module Node resolves each request
 * (stats up the node_modules folders, package.json reads), and the code cache (bin/code-cache.js) reads an entry,
 * checks it and compiles a script of its own: together about as much CPU as V8 takes to deserialize the code.
 *
 * One pack per thread kind (main, worker: V8's data holds the functions one thread compiled, and the threads call
 * different ones) and package (node_modules/<name>, a package nested in another one's node_modules, and the
 * project's build/; a provider's modules by the project file that requires them: SPLIT), so that a thread reads only
 * the packs of what it uses (one that synthesizes only GCP stacks never reads the AWS provider's). A pack is one file
 * beside the code cache (same Node version, architecture and V8 flags), `pack-<kind>-<name>.bin`, written atomically
 * (a temporary name, then a rename) so that it is always whole:
 *   28 bytes  the byte lengths of the record and of the source (uint32 LE each), the sha1 of the source and data;
 *   record    JSON: a stamp (below), how many runs took its V8 data (`warm`), the package's modules [file, size,
 *             mtimeMs] in the order they loaded, those left out (`outside`: beyond Latin-1), and the resolutions its
 *             modules' requires made [request, requiring file, resolved file, its size, its mtimeMs], after
 *             bin/dedupe.js and bin/bundle.js redirected them (packs are installed last, outermost);
 *   source    Latin-1: an array of every module's function, Node's CommonJS wrapper (what Module.wrap makes)
 *             around the text the code cache compiles (without its inline source map), each after a comment
 *             naming its file;
 *   data      V8's code cache of that script, taken at exit (so it holds the functions the run called).
 *
 * The same code runs: a packed module is the same function of the same text, called with the arguments Node's
 * loader passes (exports, require, module, __filename, __dirname of its own file); only the script a stack frame
 * names is the pack. A module is taken from the pack only while its file has the recorded size and mtime, a
 * resolution only while its result does, and a pack only while its stamp holds: the sizes and mtimes of
 * node_modules/.package-lock.json (npm rewrites it at every install) and build/.stamp.json (bin/build.js rewrites
 * it at every build), and the hooks' switches (PLATFORM_DEDUPE, PLATFORM_BUNDLE). Anything else (a module the pack
 * lacks, a changed file, a resolution with options) goes through Node and the code cache as without packs, and at
 * exit the package's pack is written again with the modules and resolutions of both. V8 rejects data made under
 * other flags (the pack is then compiled from source and its data taken again at exit); it checks the source's
 * length only, so the sha1 of source and data refuses a pack damaged on disk.
 * PLATFORM_PACK=off disables packs (as does PLATFORM_CODE_CACHE=off); under --enable-source-maps they are off.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { threadId } = require('worker_threads');
const vm = require('vm');
const Module = require('module');
const { DIR, compiledSource, makeRequire } = require('./code-cache.js');

const ROOT = path.join(__dirname, '..');
/** Files whose size and mtime stand for the trees a resolution depends on. */
const STAMP_FILES = [path.join(ROOT, 'node_modules', '.package-lock.json'), path.join(ROOT, 'build', '.stamp.json')];
/** A pack's V8 data is taken again at exit until this many runs executed it (each adds the functions it compiled). */
const WARM_RUNS = 2;
/** The header: the byte lengths of the record and of the source (uint32 LE each), the sha1 of the source and data. */
const HEAD = 28;

function statOf(file) {
  try {
    const st = fs.statSync(file);
    return st.isFile() ? [st.size, st.mtimeMs] : undefined;
  } catch {
    return undefined;
  }
}

/** What a pack holds only while it is unchanged: the stamp files' sizes and mtimes and the hooks' switches. */
function stampOf(stampFiles = STAMP_FILES, root = ROOT) {
  return JSON.stringify({
    files: stampFiles.map((f) => [path.relative(root, f), ...(statOf(f) || [])]),
    dedupe: process.env.PLATFORM_DEDUPE !== 'off',
    bundle: process.env.PLATFORM_BUNDLE !== 'off',
  });
}

/**
 * The pack a file of the project belongs to, as a file-name-safe name: for node_modules, the path below the last
 * node_modules/ up to the package's folder (`cdktf`, `@cdktf+provider-aws`, `cdk8s+node_modules+yaml`); for the
 * project's own folders, the top folder and up to two folders below it (`build+synth+output`, `build+constructs+k8s`:
 * each thread kind loads only some of the compiler's folders, and a run on one thread loads them all); undefined
 * outside the project.
 */
function packageOf(file, root = ROOT) {
  if (!file.startsWith(root + path.sep)) return undefined;
  const rel = file.slice(root.length + 1).split(path.sep);
  if (rel.length < 2) return undefined;
  if (rel[0] !== 'node_modules') return rel.slice(0, Math.min(3, rel.length - 1)).join('+');
  const at = rel.lastIndexOf('node_modules') + 1;
  const width = rel[at].startsWith('@') ? 2 : 1;
  if (at + width >= rel.length) return undefined; // not inside a package's folder
  return rel.slice(1, at + width).join('+');
}

/**
 * Packages whose modules are packed by the project file that requires them (`<package>~<file>`):
 * each construct file requires its own resource classes of a provider, and a thread that builds only a stack
 * kind's few resources of a provider (an interconnect's VPN gateways) reads only their pack, not the provider's
 * ~40 others (5 MB of source on the main thread of the reference).
 */
const SPLIT = /^@cdktf\+provider-/;

/**
 * Modules with a character beyond Latin-1 are left out: V8 holds a script's source in one byte per character only
 * when every character fits, and one such module would double its whole pack's.
 */
const BEYOND_LATIN1 = /[^\u0000-\u00ff]/;

/** The text of `file` as the code cache compiles it (hashbang blanked, without its inline source map); undefined beyond Latin-1. */
function moduleSource(file) {
  const content = fs.readFileSync(file, 'utf8');
  return BEYOND_LATIN1.test(content) ? undefined : compiledSource(content);
}

/** A pack's source: one array of module functions, each after a comment naming its file. */
function packText(modules, root = ROOT) {
  const parts = ['[\n'];
  for (const [file, source] of modules) parts.push(`// ${path.relative(root, file)}\nfunction (exports, require, module, __filename, __dirname) {${source}\n},\n`);
  parts.push(']\n');
  return parts.join('');
}

/** The kind of this thread: V8's data holds the functions one thread compiled, and the threads call different ones. */
function kindOf() {
  return threadId === 0 ? 'main' : 'worker';
}

function packFile(dir, name, kind = kindOf()) {
  return path.join(dir, `pack-${kind}-${name}.bin`);
}

/**
 * The sha1 of `buf` from `start` to its end: V8 checks its data's versions, flags and the source's length, not its
 * bytes, nor that the source is the text the data was made for, so a pack damaged on disk is refused here. Native
 * (no warm-up, ~0.5 ms per MB here; a JavaScript loop ran interpreted for most of a run's few packs).
 */
function digest(buf, start) {
  return crypto.createHash('sha1').update(buf.subarray(start)).digest();
}

function writePack(file, record, source, data) {
  const json = Buffer.from(JSON.stringify(record), 'utf8');
  const bytes = Buffer.concat([Buffer.alloc(HEAD), json, Buffer.from(source, 'latin1'), ...(data ? [data] : [])]);
  bytes.writeUInt32LE(json.length, 0);
  bytes.writeUInt32LE(source.length, 4);
  digest(bytes, HEAD + json.length).copy(bytes, 8);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${threadId}.tmp`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, file);
}

/**
 * One buffer per thread for reading packs, reused: a pack's bytes are needed only until its record is parsed, its
 * source copied into a string and V8 has its data, so a thread holds its largest pack's bytes (~5 MB) instead of
 * every pack's until the garbage collector frees them (~17 MB more at the main thread's peak).
 */
let scratch = Buffer.alloc(0);

/** The bytes of `file` in the scratch buffer (valid until the next call), or undefined when it cannot be read. */
function readIntoScratch(file) {
  let fd;
  try {
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    if (scratch.length < size) scratch = Buffer.allocUnsafeSlow(size);
    let at = 0;
    while (at < size) {
      const n = fs.readSync(fd, scratch, at, size - at, at);
      if (n === 0) return undefined; // shorter than its size said: being replaced, not used
      at += n;
    }
    return scratch.subarray(0, size);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * The pack in `file` if it is whole and its stamp is `stamp`: { record, source, data } or undefined. `data` lies in
 * the scratch buffer: valid until the next read.
 */
function readPack(file, stamp) {
  const buf = readIntoScratch(file);
  if (buf === undefined) return undefined;
  try {
    if (buf.length < HEAD) return undefined;
    const jsonLength = buf.readUInt32LE(0);
    const textLength = buf.readUInt32LE(4);
    if (HEAD + jsonLength + textLength > buf.length) return undefined;
    if (!digest(buf, HEAD + jsonLength).equals(buf.subarray(8, HEAD))) return undefined;
    const record = JSON.parse(buf.toString('utf8', HEAD, HEAD + jsonLength));
    if (record.stamp !== stamp || !Array.isArray(record.modules) || !Array.isArray(record.resolutions)) return undefined;
    const source = buf.toString('latin1', HEAD + jsonLength, HEAD + jsonLength + textLength);
    return { record, source, data: buf.subarray(HEAD + jsonLength + textLength) };
  } catch {
    return undefined;
  }
}

/** Installs the hook (once per process). Returns its statistics (tests). `dir`, `stampFiles` and `root` are for tests. */
function install(dir = DIR, stampFiles = STAMP_FILES, root = ROOT) {
  if (global.__platformPack) return global.__platformPack.stats;
  const stats = { packs: 0, packed: 0, loaded: 0, resolved: 0, unresolved: 0, rejected: 0 };
  global.__platformPack = { stats };
  if (process.sourceMapsEnabled) return stats;
  const stamp = stampOf(stampFiles, root);

  /** file -> its [size, mtimeMs], or null when it is no file (one stat per file and process). */
  const statMemo = new Map();
  /** Whether `file` still has the size and mtime a pack recorded. */
  const holds = (file, size, mtimeMs) => {
    let st = statMemo.get(file);
    if (st === undefined) statMemo.set(file, (st = statOf(file) || null));
    return st !== null && st[0] === size && st[1] === mtimeMs;
  };

  /** file -> the name of its pack in this thread (null: none), fixed by the first require that reached it. */
  const names = new Map();
  const nameOf = (file, from) => {
    let n = names.get(file);
    if (n !== undefined) return n === null ? undefined : n;
    n = packageOf(file, root);
    if (n !== undefined && SPLIT.test(n) && typeof from === 'string') {
      const rel = path.relative(root, from);
      if (!rel.startsWith('..') && rel.split(path.sep)[0] !== 'node_modules') n = `${n}~${rel.replace(/\.js$/, '').split(path.sep).join('+')}`; // a project file
      else {
        const outer = nameOf(from);
        if (outer !== undefined && outer.startsWith(`${n}~`)) n = outer; // required from inside the package: its requirer's pack
      }
    }
    names.set(file, n === undefined ? null : n);
    return n;
  };

  /** name -> this thread's state of that package's pack, made at the first use of one of its modules. */
  const packs = new Map();
  const packOf = (name) => {
    let p = packs.get(name);
    if (p !== undefined) return p;
    const file = packFile(dir, name);
    const read = readPack(file, stamp);
    p = {
      name,
      file,
      read,
      index: new Map(),
      resolutions: new Map(),
      outside: new Set(read && Array.isArray(read.record.outside) ? read.record.outside : []),
      fns: undefined,
      script: undefined,
      rejected: false,
      missed: read === undefined,
      loadedNow: [],
      resolvedNow: new Map(),
    };
    packs.set(name, p);
    if (read) compile(p);
    if (p.read) {
      p.read.record.modules.forEach((m, i) => p.index.set(m[0], i));
      for (const r of p.read.record.resolutions) p.resolutions.set(`${r[0]}\0${r[1]}`, r);
    }
    return p;
  };
  /** Compiles `p`'s script at once (its data lies in the scratch buffer, which the next read reuses). */
  const compile = (p) => {
    const { source, data } = p.read;
    try {
      const script = new vm.Script(source, { filename: p.file, cachedData: data.length > 0 ? data : undefined });
      const fns = script.runInThisContext({ displayErrors: true });
      if (!Array.isArray(fns) || fns.length !== p.read.record.modules.length) throw new Error('not this pack');
      p.script = script;
      p.fns = fns;
      p.rejected = data.length === 0 || script.cachedDataRejected === true;
      if (p.rejected) stats.rejected++;
      stats.packs++;
    } catch {
      p.read = undefined; // damaged: every module of it is loaded apart, and the pack written again at exit
      p.missed = true;
    }
    if (p.read) p.read.data = undefined; // V8 took what it uses
  };

  const originalResolve = Module._resolveFilename;
  Module._resolveFilename = function resolveFilename(request, parent, isMain, options) {
    const from = parent && parent.filename;
    const name = !isMain && options === undefined && typeof from === 'string' ? nameOf(from) : undefined;
    if (name === undefined) return originalResolve.call(this, request, parent, isMain, options);
    const p = packOf(name);
    const key = `${request}\0${from}`;
    const known = p.resolutions.get(key);
    if (known !== undefined && holds(known[2], known[3], known[4])) {
      stats.resolved++;
      p.resolvedNow.set(key, known);
      nameOf(known[2], from);
      return known[2];
    }
    const file = originalResolve.call(this, request, parent, isMain, options);
    const st = path.isAbsolute(file) ? statOf(file) : undefined;
    if (st) {
      stats.unresolved++;
      p.missed = true;
      p.resolvedNow.set(key, [request, from, file, st[0], st[1]]);
      nameOf(file, from);
    }
    return file;
  };

  const originalJs = Module._extensions['.js'];
  Module._extensions['.js'] = function js(module, filename) {
    const name = nameOf(filename, module.parent && module.parent.filename);
    if (name === undefined) return originalJs.call(this, module, filename);
    const p = packOf(name);
    const i = p.index.get(filename);
    if (i !== undefined) {
      const m = p.read.record.modules[i];
      const fns = holds(filename, m[1], m[2]) ? p.fns : undefined;
      if (fns !== undefined) {
        stats.packed++;
        p.loadedNow.push(m);
        return fns[i].call(module.exports, module.exports, makeRequire(module), module, filename, path.dirname(filename));
      }
    }
    const st = statOf(filename);
    const result = originalJs.call(this, module, filename);
    if (st) {
      stats.loaded++;
      if (!p.outside.has(filename)) p.missed = true;
      p.loadedNow.push([filename, st[0], st[1]]);
    }
    return result;
  };

  process.once('exit', () => {
    if (process.env.PLATFORM_DEBUG_CODE_CACHE) process.stderr.write(`platform: packs ${JSON.stringify(stats)}\n`);
    for (const p of packs.values()) {
      try {
        // The data is taken again while the pack is young or V8 refused its data.
        const takeData = !p.missed && p.script !== undefined && (p.rejected || p.read.record.warm < WARM_RUNS);
        // What is on disk now: another thread of this run (or another run) may have written the pack since.
        const current = p.missed || takeData ? readPack(p.file, stamp) : undefined;
        if (p.missed) rewrite(p, current);
        else if (takeData && current && current.record.id === p.read.record.id) {
          // The same pack as this thread compiled: its data, with the functions this run compiled too.
          writePack(p.file, { ...p.read.record, warm: p.rejected ? 1 : p.read.record.warm + 1 }, p.read.source, p.script.createCachedData());
        }
      } catch {
        // best effort: the next run loads module by module
      }
    }
  });

  /**
   * Writes `p`'s pack again, under a new id: this run's modules in the order they loaded, then the others of the
   * pack this thread read and of the one on disk now (`current`), those still unchanged; their resolutions likewise.
   */
  function rewrite(p, current) {
    const seen = new Set();
    const modules = [];
    const outside = [];
    const earlier = [p.read, current].filter((r) => r !== undefined).map((r) => r.record);
    for (const m of [...p.loadedNow, ...earlier.flatMap((r) => r.modules)]) {
      if (seen.has(m[0]) || !holds(m[0], m[1], m[2])) continue;
      seen.add(m[0]);
      const source = moduleSource(m[0]);
      if (source === undefined) outside.push(m[0]);
      else modules.push([m, source]);
    }
    for (const f of earlier.flatMap((r) => (Array.isArray(r.outside) ? r.outside : []))) if (!seen.has(f) && statOf(f)) seen.add(f) && outside.push(f);
    const resolutions = new Map(p.resolvedNow);
    for (const r of earlier.flatMap((e) => e.resolutions)) if (!resolutions.has(`${r[0]}\0${r[1]}`) && holds(r[2], r[3], r[4])) resolutions.set(`${r[0]}\0${r[1]}`, r);
    if (modules.length === 0 && resolutions.size === 0) return;
    const source = packText(modules.map(([m, text]) => [m[0], text]), root);
    const record = { stamp, id: `${process.pid}.${threadId}.${Date.now()}.${Math.random().toString(36).slice(2)}`, warm: 0, modules: modules.map(([m]) => m), outside, resolutions: [...resolutions.values()] };
    writePack(p.file, record, source, undefined);
  }
  return stats;
}

module.exports = { install, readPack, writePack, packText, packageOf, stampOf, moduleSource };
