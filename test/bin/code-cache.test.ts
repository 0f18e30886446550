/**
 * The V8 code cache of the compiled CLI (bin/code-cache.js): a second run compiles nothing from source and prints
 * exactly what the first printed; a damaged entry is rejected by V8 and the module compiled from source; a module
 * whose file changed is never served from its old entry.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const SPEC = path.join(ROOT, 'platform.spec.yaml');

interface Run {
  code: number;
  out: string;
  stats: { hits: number; misses: number; rejected: number };
}

function validate(cacheDir: string, env: Record<string, string> = {}, args: readonly string[] = ['validate', '--spec', SPEC, '--format', 'json']): Run {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'platform.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PLATFORM_CODE_CACHE_DIR: cacheDir, PLATFORM_DEBUG_CODE_CACHE: '1', PLATFORM_CODE_CACHE: '', PLATFORM_PACK: 'off', PLATFORM_HEAP_GROWING: '', PLATFORM_INTERRUPT_BUDGET: '', ...env },
  });
  const m = /platform: code cache (\{.*\})/.exec(r.stderr);
  return { code: r.status ?? -1, out: r.stdout, stats: m ? JSON.parse(m[1]) : { hits: -1, misses: -1, rejected: -1 } };
}

const entries = (dir: string) => fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.bin'));

describe('GIVEN an empty code cache', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-code-cache-'));
  let first: Run;
  beforeAll(() => {
    spawnSync(process.execPath, [path.join(ROOT, 'bin', 'platform.js'), '--help'], { cwd: ROOT }); // an up-to-date build/
    first = validate(dir);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Rewrites every entry of the cache after `damage` changed its bytes. */
  const damageEntries = (damage: (buf: Buffer) => void) => {
    for (const e of entries(dir)) {
      const file = path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name);
      const buf = fs.readFileSync(file);
      damage(buf);
      fs.writeFileSync(file, buf);
    }
  };
  /** A run that uses no entry (each rejected) prints the same, and the next run finds every entry rewritten. */
  const expectAllRejectedThenRewritten = () => {
    const damaged = validate(dir);
    expect(damaged.code).toBe(0);
    expect(damaged.out).toBe(first.out);
    expect(damaged.stats.hits).toBe(0);
    expect(damaged.stats.rejected).toBe(first.stats.misses);
    expect(validate(dir).stats).toEqual({ hits: first.stats.misses, misses: 0, rejected: 0 }); // rewritten
  };

  test('WHEN `platform validate` runs THEN it compiles every module from source and stores one entry per module', () => {
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out).ok).toBe(true);
    expect(first.stats.hits).toBe(0);
    expect(first.stats.misses).toBeGreaterThan(10);
    expect(entries(dir).length).toBe(first.stats.misses);
  });

  test('WHEN it runs again THEN every module comes from the cache and the output is the same', () => {
    const second = validate(dir);
    expect(second.code).toBe(0);
    expect(second.out).toBe(first.out);
    expect(second.stats).toEqual({ hits: first.stats.misses, misses: 0, rejected: 0 });
  });

  test('WHEN every entry is damaged (V8 data overwritten) THEN V8 rejects them, the modules compile from source and the output is the same', () => {
    damageEntries((buf) => buf.fill(0x5a, 16 + 8)); // keep the size/mtime header and V8's first bytes, damage the rest
    expectAllRejectedThenRewritten();
  });

  test('WHEN only the source an entry holds is damaged (its checksum fails) THEN that source is never run: each module is read from its file and the output is the same', () => {
    damageEntries((buf) => {
      expect(buf.readUInt32LE(16)).toBeGreaterThan(0); // the entry holds the module's source after its 40-byte header
      buf.fill(0x20, 40, Math.min(40 + buf.readUInt32LE(16), 60)); // blanks: still valid JavaScript, a different module
    });
    expectAllRejectedThenRewritten();
  });

  test('WHEN a module file changes (new mtime) THEN its old entry is not used', () => {
    const module = path.join(ROOT, 'build', 'synth', 'cli', 'main.js');
    const now = new Date();
    fs.utimesSync(module, now, now);
    const r = validate(dir);
    expect(r.code).toBe(0);
    expect(r.out).toBe(first.out);
    expect(r.stats.misses).toBe(1);
    expect(r.stats.hits).toBe(first.stats.misses - 1);
  });
});

// eslint-disable-next-line @typescript-eslint/no-require-imports
const codeCache = require('../../bin/code-cache.js') as { withoutInlineSourceMap: (source: string) => string };
const MAP = '//# sourceMappingURL=data:application/json;base64,eyJ2ZXJzaW9uIjozfQ==';

describe('withoutInlineSourceMap', () => {
  test.each<{ what: string; source: string; expected: string }>([
    { what: 'an inline map on the last line', source: `exports.a = 1;\n${MAP}`, expected: 'exports.a = 1;\n' },
    { what: 'an inline map, then a final newline', source: `exports.a = 1;\n${MAP}\n`, expected: 'exports.a = 1;\n' },
    { what: 'no source map', source: 'exports.a = 1;\n', expected: 'exports.a = 1;\n' },
    { what: 'a map given as a file', source: 'exports.a = 1;\n//# sourceMappingURL=index.js.map', expected: 'exports.a = 1;\n//# sourceMappingURL=index.js.map' },
    { what: 'an inline map followed by code', source: `exports.a = 1;\n${MAP}\nexports.b = 2;\n`, expected: `exports.a = 1;\n${MAP}\nexports.b = 2;\n` },
    { what: 'the marker inside a string on one line', source: `exports.s = "x ${MAP}";\n`, expected: `exports.s = "x ${MAP}";\n` },
  ])('GIVEN $what THEN only a last-line inline map is removed', ({ source, expected }) => {
    expect(codeCache.withoutInlineSourceMap(source)).toBe(expected);
  });
});

describe('GIVEN a module with an inline source map loaded through the hook', () => {
  const dir = fs.mkdtempSync(path.join(ROOT, 'build', '.test-source-map-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** In a fresh node with the hook installed: the module's export, a stack line of it, a function's text. */
  function load(flags: string[]): { value: number; line: string; text: string } {
    const file = path.join(dir, 'm.js');
    fs.writeFileSync(file, `'use strict';\nexports.value = 41 + 1;\nexports.where = function where() {\n  return new Error('here').stack.split('\\n')[1];\n};\n${MAP}${'A'.repeat(1 << 20)}\n`);
    const script = `
      require(${JSON.stringify(path.join(ROOT, 'bin', 'code-cache.js'))}).install();
      const m = require(${JSON.stringify(file)});
      process.stdout.write(JSON.stringify({ value: m.value, line: m.where().trim(), text: m.where.toString() }));
    `;
    const r = spawnSync(process.execPath, [...flags, '-e', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PLATFORM_CODE_CACHE_DIR: path.join(dir, 'cache') } });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout) as { value: number; line: string; text: string };
  }

  test('WHEN it runs without, then with --enable-source-maps THEN its cache entry holds no map, and its exports, stack lines and function texts are the same', () => {
    const stripped = load([]);
    expect(stripped.value).toBe(42);
    expect(stripped.line).toMatch(/m\.js:4:10\)$/);
    expect(stripped.text).toContain("return new Error('here')");
    // the 1 MiB map is not in the module's cache entry
    expect(entries(path.join(dir, 'cache')).map((e) => fs.statSync(path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)).size)).toEqual([expect.any(Number)]);
    expect(Math.max(...entries(path.join(dir, 'cache')).map((e) => fs.statSync(path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)).size))).toBeLessThan(64 * 1024);
    expect(load([])).toEqual(stripped); // from the cache
    expect(load(['--enable-source-maps'])).toEqual(stripped); // the source left whole
  });
});

describe('GIVEN runs that alternate the old-space growth setting (a V8 flag: bin/heap.js)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-code-cache-heap-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  // synth applies the setting (validate and plan keep V8's default); an --out that cannot be made stops it early.
  const synth = (setting: string) => validate(dir, { PLATFORM_HEAP_GROWING: setting }, ['synth', '--spec', SPEC, '--out', '/dev/null/dist']);

  test('THEN each setting keeps its own entries: after one run of each, no run has a module rejected or compiled again', () => {
    const settings = ['', 'default', '35'];
    for (const s of settings) synth(s);
    const again = settings.map(synth);
    expect(again.map((r) => r.code)).toEqual([1, 1, 1]);
    for (const r of again) expect(r.stats).toEqual({ hits: expect.any(Number), misses: 0, rejected: 0 });
    expect(again.every((r) => r.stats.hits > 10)).toBe(true);
    expect(new Set(again.map((r) => r.out)).size).toBe(1);
  });
});
