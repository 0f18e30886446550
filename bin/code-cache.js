'use strict';
/**
 * A V8 code cache for the compiled CLI: the bytecode V8 made for every JavaScript module a run loaded (build/ and
 * node_modules/: about 36 MB of source for a synth, 25 MB of it inline source maps this hook leaves out), kept per module in
 * build/.code-cache/<node version>-<arch>-<V8 flags label>/<sha1 of its path>.bin, and handed back to V8 at the next run, so that V8 neither parses those
 * modules again nor compiles again the functions the last run called. Node 22 has this built in
 * (module.enableCompileCache); Node 20 does not, hence this require hook, installed by bin/platform.js before it
 * loads the CLI (PLATFORM_CODE_CACHE=off disables it, PLATFORM_CODE_CACHE_DIR moves it, PLATFORM_DEBUG_CODE_CACHE=1
 * prints its hits, misses and rejections at exit).
 *
 * Safety: an entry is used only for the same file with the same size and mtime (build.js writes every output
 * anew; node_modules is replaced by `npm ci`) and of the same Node version; V8 itself checks the source length,
 * its version and flags and a checksum of the data, and rejects (`cachedDataRejected`) what does not fit: the
 * module is then compiled from source as without a cache. The cache only changes how fast code is compiled,
 * never which code runs. The file is rewritten (to a temporary name, then renamed) at exit only when the run
 * compiled something the cache did not hold; bytecode is taken at exit, so it includes the functions the run
 * called (compiled lazily after load).
 *
 * Modules are compiled the way Node 20 wraps CommonJS (Module.wrap), with `require`, `require.resolve`,
 * `require.main`, `require.cache` and `require.extensions` as Node gives them, and dynamic import() through the
 * main context's default loader.
 */
const fs = require('fs');
const path = require('path');
const { threadId } = require('worker_threads');
const vm = require('vm');
const Module = require('module');

const crypto = require('crypto');

const ROOT = path.join(__dirname, '..');
/**
 * One file per module: a 40-byte header (the module's size and mtime as doubles, the byte length of the source
 * below, the sha1 of that source), the source V8 compiled (the module's text without its inline source map), then
 * V8's data. With the source in the entry a run reads one file per module instead of two, and 11 MB instead of
 * 36 MB of which 25 MB were source maps it dropped again.
 */
const HEADER = 40;
/** One cache per Node version, architecture and set of V8 flags (bin/v8-flags.js; V8 rejects data made under other flags). */
const DIR = path.join(process.env.PLATFORM_CODE_CACHE_DIR || path.join(ROOT, 'build', '.code-cache'), `${process.version}-${process.arch}-${require('./v8-flags.js').appliedV8Flags()}`);

function entryFile(filename) {
  return path.join(DIR, `${crypto.createHash('sha1').update(filename).digest('hex')}.bin`);
}

/**
 * The entry of `filename` at this size and mtime: the source it holds (undefined when its checksum fails or it
 * holds none) and V8's data; undefined when there is no entry for this size and mtime.
 */
function readEntry(filename, st) {
  let buf;
  try {
    buf = fs.readFileSync(entryFile(filename));
  } catch {
    return undefined;
  }
  if (buf.length <= HEADER || buf.readDoubleLE(0) !== st.size || buf.readDoubleLE(8) !== st.mtimeMs) return undefined;
  const length = buf.readUInt32LE(16);
  if (HEADER + length > buf.length) return { source: undefined, data: buf.subarray(HEADER) };
  const bytes = buf.subarray(HEADER, HEADER + length);
  const intact = length > 0 && crypto.createHash('sha1').update(bytes).digest().equals(buf.subarray(20, HEADER));
  return { source: intact ? bytes.toString('utf8') : undefined, data: buf.subarray(HEADER + length) };
}

function writeEntry(filename, size, mtimeMs, source, data) {
  const bytes = source === undefined ? Buffer.alloc(0) : Buffer.from(source, 'utf8');
  const head = Buffer.alloc(HEADER);
  head.writeDoubleLE(size, 0);
  head.writeDoubleLE(mtimeMs, 8);
  head.writeUInt32LE(bytes.length, 16);
  crypto.createHash('sha1').update(bytes).digest().copy(head, 20);
  const file = entryFile(filename);
  const tmp = `${file}.${process.pid}.${threadId}.tmp`;
  fs.writeFileSync(tmp, Buffer.concat([head, bytes, data]));
  fs.renameSync(tmp, file);
}

/** Where the last line of a module starts when it is an inline source map (`//# sourceMappingURL=data:...`). */
const INLINE_MAP = '\n//# sourceMappingURL=data:';

/**
 * `source` without its inline source map: the comment on its last line that holds a whole base64 source map. The
 * prebuilt providers, cdktf and cdk8s-plus end almost every file with one: 24.7 MB of the 36.3 MB of JavaScript a
 * synth loads. V8 kept each twice on the heap (in the source and as the script's source-map URL) and wrote it into
 * every code cache entry (35 MB of cache, 9 MB without them), which each run read and deserialized again. Nothing
 * reads them: a module compiled here is never registered with Node's source-map support (that happens in the
 * `_compile` this hook replaces), and a comment on the last line moves no line or column of the code before it.
 * Under --enable-source-maps (`process.sourceMapsEnabled`) the source is left whole.
 */
function withoutInlineSourceMap(source) {
  const at = source.lastIndexOf(INLINE_MAP);
  if (at < 0 || process.sourceMapsEnabled) return source;
  const end = source.indexOf('\n', at + 1);
  if (end >= 0 && source.slice(end).trim() !== '') return source; // not the last line: left as it is
  return source.slice(0, at + 1);
}

/** The text this hook compiles for a module's `content`: a hashbang line blanked (it is not valid inside the wrapper; the line count stays), without its inline source map. */
function compiledSource(content) {
  return withoutInlineSourceMap(content.startsWith('#!') ? content.replace(/^#!.*/, '') : content);
}

function makeRequire(mod) {
  const require = (id) => mod.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

/** Installs the hook (once per process). Returns the statistics object (hits, misses, rejected) for tests. */
function install() {
  if (global.__platformCodeCache) return global.__platformCodeCache.stats;
  const stats = { hits: 0, misses: 0, rejected: 0 };
  /** Scripts compiled without usable data this run: their bytecode is taken at exit. */
  const fresh = [];
  const dynamicImport = vm.constants && vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  const inProject = (filename) => filename.startsWith(ROOT + path.sep) && filename.endsWith('.js');

  /**
   * Compiles and runs `module` from `source` (already without its inline map) with V8's `data` for that source, if
   * any; `hadEntry`: an entry existed for this size and mtime (counted as rejected when it gave no usable data).
   */
  function run(module, filename, source, st, hadEntry, data) {
    const cachedData = data && data.length > 0 ? data : undefined;
    const script = new vm.Script(Module.wrap(source), {
      filename,
      cachedData,
      ...(dynamicImport ? { importModuleDynamically: dynamicImport } : {}),
    });
    if (cachedData && !script.cachedDataRejected) stats.hits++;
    else {
      if (hadEntry) stats.rejected++;
      else stats.misses++;
      fresh.push({ filename, script, source, size: st.size, mtimeMs: st.mtimeMs });
    }
    const fn = script.runInThisContext({ displayErrors: true });
    return fn.call(module.exports, module.exports, makeRequire(module), module, filename, path.dirname(filename));
  }

  // A module whose entry holds its source is compiled from that source, without reading its file. Node's own
  // loader also checks here that the file is not in an ES module package ("type": "module"); such a file never
  // compiled as CommonJS, so it has no entry. Otherwise Node's loader reads the file and calls _compile below.
  const originalJs = Module._extensions['.js'];
  Module._extensions['.js'] = function js(module, filename) {
    if (process.sourceMapsEnabled || !inProject(filename)) return originalJs.call(this, module, filename);
    let st;
    try {
      st = fs.statSync(filename);
    } catch {
      return originalJs.call(this, module, filename);
    }
    const entry = readEntry(filename, st);
    if (entry === undefined || entry.source === undefined) return originalJs.call(this, module, filename);
    return run(module, filename, entry.source, st, true, entry.data);
  };
  const original = Module.prototype._compile;
  Module.prototype._compile = function compile(content, filename) {
    if (!inProject(filename)) return original.call(this, content, filename);
    let st;
    try {
      st = fs.statSync(filename);
    } catch {
      return original.call(this, content, filename);
    }
    const source = compiledSource(content);
    const entry = readEntry(filename, st);
    // An entry whose source is not this text (damaged, or made under --enable-source-maps) gives no data.
    return run(this, filename, source, st, entry !== undefined, entry && entry.source === source ? entry.data : undefined);
  };
  process.once('exit', () => {
    if (process.env.PLATFORM_DEBUG_CODE_CACHE) process.stderr.write(`platform: code cache ${JSON.stringify(stats)}\n`);
    if (fresh.length === 0) return;
    try {
      fs.mkdirSync(DIR, { recursive: true });
      for (const f of fresh) writeEntry(f.filename, f.size, f.mtimeMs, process.sourceMapsEnabled ? undefined : f.source, f.script.createCachedData());
    } catch {
      // best effort: the next run compiles from source
    }
  });
  global.__platformCodeCache = { stats };
  return stats;
}

module.exports = { install, DIR, withoutInlineSourceMap, compiledSource, makeRequire };
