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

function validate(cacheDir: string): Run {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'platform.js'), 'validate', '--spec', SPEC, '--format', 'json'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PLATFORM_CODE_CACHE_DIR: cacheDir, PLATFORM_DEBUG_CODE_CACHE: '1', PLATFORM_CODE_CACHE: '' },
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
    for (const e of entries(dir)) {
      const file = path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name);
      const buf = fs.readFileSync(file);
      buf.fill(0x5a, 16 + 8); // keep the size/mtime header and V8's first bytes, damage the rest
      fs.writeFileSync(file, buf);
    }
    const damaged = validate(dir);
    expect(damaged.code).toBe(0);
    expect(damaged.out).toBe(first.out);
    expect(damaged.stats.hits).toBe(0);
    expect(damaged.stats.rejected).toBe(first.stats.misses);
    expect(validate(dir).stats).toEqual({ hits: first.stats.misses, misses: 0, rejected: 0 }); // rewritten
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
