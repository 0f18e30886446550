#!/usr/bin/env node
'use strict';
/**
 * Builds the JavaScript that `bin/platform.js` runs: every .ts file of synth/ and constructs/ transpiled to
 * build/ (git-ignored), the JSON schema copied beside it, and the schema validator compiled ahead of time
 * (ajv standalone code, build/synth/spec/schema-validator.generated.js).
 *
 * Transpile only, one file at a time (tsconfig has isolatedModules): type checking is `npm test`'s job, so a
 * build takes well under a second and an incremental one only transpiles what changed. `npm ci` runs it as the
 * `prepare` script; `bin/platform.js` calls `ensureBuilt()` on every run and rebuilds whatever is out of date.
 *
 * Freshness: build/.stamp.json records, per source file, the mtime, size and content hash it was built from,
 * plus the versions of TypeScript and ajv and a hash of this file and tsconfig.json. A source whose mtime or size
 * differs from its record (newer, older or restored by git), a new source or a deleted one makes the build out of
 * date; the build then transpiles the sources whose content changed (only restamping the others); a deleted
 * source's output is removed so it cannot be required by mistake. Every file is written to a temporary name and
 * renamed, so concurrent builds (e.g. parallel test processes) never leave a half-written module.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const OUT = path.join(ROOT, 'build');
const STAMP = path.join(OUT, '.stamp.json');
/** Source folders transpiled to build/ (tests, bench and docs run through ts-node/ts-jest instead). */
const SOURCE_DIRS = ['synth', 'constructs'];
/** Data files the sources import (copied as they are). */
const DATA_FILES = ['schema/platform.schema.json'];
const VALIDATOR = 'synth/spec/schema-validator.generated.js';

function walk(rel, out) {
  let entries;
  try {
    entries = fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const r = `${rel}/${e.name}`;
    if (e.isDirectory()) walk(r, out);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(r);
  }
  return out;
}

/** Current sources: relative path -> [mtimeMs, size]. */
function sources() {
  const files = [...SOURCE_DIRS.flatMap((d) => walk(d, [])), ...DATA_FILES];
  const out = {};
  for (const rel of files.sort()) {
    try {
      const st = fs.statSync(path.join(ROOT, rel));
      out[rel] = [st.mtimeMs, st.size];
    } catch {
      // a data file that does not exist: nothing to build
    }
  }
  return out;
}

function digest(rel) {
  return crypto.createHash('sha256').update(fs.readFileSync(path.join(ROOT, rel))).digest('hex').slice(0, 32);
}

/**
 * Whether the stamp's record [mtimeMs, size, sha] still describes the source: the same mtime and size, or else
 * the same content (a copy or checkout that changed the time but not the text needs no rebuild).
 */
function unchanged(record, meta, rel) {
  if (!record) return false;
  if (record[0] === meta[0] && record[1] === meta[1]) return true;
  return record[1] === meta[1] && record[2] === digest(rel);
}

function packageVersion(name) {
  try {
    return JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`, { paths: [ROOT] }), 'utf8')).version;
  } catch {
    return 'missing';
  }
}

/** What, besides the sources, the build output depends on. */
function toolchain() {
  const self = crypto.createHash('sha256').update(fs.readFileSync(__filename)).update(fs.readFileSync(path.join(ROOT, 'tsconfig.json'))).digest('hex');
  return { build: self.slice(0, 16), typescript: packageVersion('typescript'), ajv: packageVersion('ajv'), node: process.versions.modules };
}

function readStamp() {
  try {
    return JSON.parse(fs.readFileSync(STAMP, 'utf8'));
  } catch {
    return undefined;
  }
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** Whether build/ holds exactly what the current sources produce (cheap: one stat per source file). */
function isFresh() {
  const stamp = readStamp();
  if (!stamp || !same(stamp.toolchain, toolchain())) return false;
  const now = sources();
  const built = Object.keys(stamp.files);
  if (built.length !== Object.keys(now).length) return false;
  return built.every((rel) => now[rel] && stamp.files[rel][0] === now[rel][0] && stamp.files[rel][1] === now[rel][1]);
}

function writeAtomic(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

function outputOf(rel) {
  return path.join(OUT, rel.endsWith('.ts') ? rel.replace(/\.ts$/, '.js') : rel);
}

function compilerOptions(ts) {
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  return { ...parsed.options, noEmit: false, sourceMap: false, inlineSourceMap: false, declaration: false, module: ts.ModuleKind.CommonJS };
}

/**
 * Brings build/ up to date; returns the number of files written. Throws when a source does not transpile
 * (a syntax error): the caller reports it.
 */
function build() {
  let ts;
  let options;
  const stamp = readStamp();
  const tools = toolchain();
  const reuse = stamp && same(stamp.toolchain, tools) ? stamp.files : {};
  const now = sources();
  const files = {};
  const changed = new Set();
  let written = 0;
  for (const [rel, meta] of Object.entries(now)) {
    const out = outputOf(rel);
    if (unchanged(reuse[rel], meta, rel) && fs.existsSync(out)) {
      files[rel] = [...meta, reuse[rel][2]];
      continue;
    }
    changed.add(rel);
    const text = fs.readFileSync(path.join(ROOT, rel), 'utf8');
    files[rel] = [...meta, crypto.createHash('sha256').update(text).digest('hex').slice(0, 32)];
    if (rel.endsWith('.ts')) {
      ts = ts || require('typescript');
      options = options || compilerOptions(ts);
      const result = ts.transpileModule(text, { compilerOptions: options, fileName: path.join(ROOT, rel), reportDiagnostics: true });
      const errors = (result.diagnostics || []).filter((d) => d.category === ts.DiagnosticCategory.Error);
      if (errors.length) {
        throw new Error(errors.map((d) => `${rel}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`).join('\n'));
      }
      writeAtomic(out, result.outputText);
    } else {
      writeAtomic(out, text);
    }
    written++;
  }
  // Outputs of sources that no longer exist.
  for (const rel of Object.keys((stamp && stamp.files) || {})) {
    if (!(rel in now)) fs.rmSync(outputOf(rel), { force: true });
  }
  const schemaChanged = changed.has('schema/platform.schema.json') || changed.has('synth/spec/schema-options.ts');
  if (schemaChanged || !fs.existsSync(path.join(OUT, VALIDATOR))) {
    writeAtomic(path.join(OUT, VALIDATOR), standaloneValidator());
    written++;
  }
  if (require('./bundle.js').ensureBundle()) written++; // yaml in one file (bin/bundle.js)
  writeAtomic(STAMP, JSON.stringify({ toolchain: tools, files }, null, 1) + '\n');
  return written;
}

/** The schema validator as ajv standalone code, with the options validate.ts compiles with at run time (or `options`). */
function standaloneValidator(options) {
  const AJV_OPTIONS = options || require(path.join(OUT, 'synth/spec/schema-options.js')).AJV_OPTIONS;
  const Ajv = require('ajv').default;
  const standalone = require('ajv/dist/standalone').default;
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schema/platform.schema.json'), 'utf8'));
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { ...(AJV_OPTIONS.code || {}), source: true } });
  return `// Generated by bin/build.js from schema/platform.schema.json (ajv ${packageVersion('ajv')}). Do not edit.\n${standalone(ajv, ajv.compile(schema))}`;
}

module.exports = { build, isFresh, standaloneValidator, OUT };

if (require.main === module) {
  const t = Date.now();
  try {
    const n = build();
    process.stdout.write(`platform: built ${n} file${n === 1 ? '' : 's'} into build/ in ${Date.now() - t} ms\n`);
  } catch (e) {
    process.stderr.write(`platform: build failed: ${e && e.message}\n`);
    process.exitCode = 1;
  }
}
