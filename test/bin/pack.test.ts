/**
 * Module packs (bin/pack.js): a package's modules in one script with one V8 code cache and their requires'
 * resolutions, per thread kind. On a small project made here (a build/ folder, a package with a nested require):
 * the second run takes every module from its pack and runs the same code; a module beyond Latin-1 stays apart
 * without making the pack be written again; an edited module, a changed stamp, a resolution that no longer holds
 * and a damaged pack are never used, and the output stays the same. Then the real CLI: the same output with and
 * without packs.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const PACK = path.join(ROOT, 'bin', 'pack.js');

interface Stats {
  packs: number;
  packed: number;
  loaded: number;
  resolved: number;
  unresolved: number;
  rejected: number;
}
interface Result {
  app: { a: number; wide: string; file: string; dir: string; resolved: string; rs: string; stackNamesPack: boolean };
  stats: Stats;
}

/** A project: build/app.js requires the package `a` (whose index requires ./b) and build/wide.js (beyond Latin-1). */
function makeProject(): { root: string; cache: string; stamps: string[] } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-pack-'));
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write('node_modules/.package-lock.json', '{}');
  write('build/.stamp.json', '{}');
  write('node_modules/a/package.json', JSON.stringify({ name: 'a', main: 'lib/index.js' }));
  write('node_modules/a/lib/index.js', "'use strict';\nexports.value = require('./b').b + 1;\n");
  write('node_modules/a/lib/b.js', 'exports.b = 41;\n');
  write('build/wide.js', "module.exports = 'π';\n");
  // a provider: its modules are packed by the project file that requires them
  write('node_modules/@cdktf/provider-x/package.json', JSON.stringify({ name: '@cdktf/provider-x' }));
  write('node_modules/@cdktf/provider-x/lib/r/index.js', "exports.r = 'r';\n");
  write('node_modules/@cdktf/provider-x/lib/s/index.js', "exports.s = 's';\n");
  write('build/other.js', "module.exports = require('@cdktf/provider-x/lib/s').s;\n");
  write(
    'build/app.js',
    [
      "'use strict';",
      "const a = require('a');",
      'module.exports = {',
      "  a: a.value, wide: require('./wide'), file: __filename, dir: __dirname, resolved: require.resolve('a'),",
      "  rs: require('@cdktf/provider-x/lib/r').r + require('./other'),",
      "  stackNamesPack: /pack-main-build\\.bin/.test(new Error('x').stack.split('\\n')[1]),",
      '};',
      '',
    ].join('\n'),
  );
  return { root, cache: path.join(root, 'cache'), stamps: [path.join(root, 'node_modules', '.package-lock.json'), path.join(root, 'build', '.stamp.json')] };
}

/** In a fresh node: installs the packs for `project`, loads build/app.js, prints its exports and the statistics. */
function run(project: ReturnType<typeof makeProject>): Result {
  const script = `
    const stats = require(${JSON.stringify(PACK)}).install(${JSON.stringify(project.cache)}, ${JSON.stringify(project.stamps)}, ${JSON.stringify(project.root)});
    const app = require(${JSON.stringify(path.join(project.root, 'build', 'app.js'))});
    process.stdout.write(JSON.stringify({ app, stats }));
  `;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, PLATFORM_DEDUPE: '', PLATFORM_BUNDLE: '' } });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Result;
}

const packFiles = (cache: string) => (fs.existsSync(cache) ? fs.readdirSync(cache).filter((f) => f.endsWith('.bin')).sort() : []);

describe('GIVEN a project without packs', () => {
  const project = makeProject();
  afterAll(() => fs.rmSync(project.root, { recursive: true, force: true }));
  const expected = () => ({
    a: 42,
    wide: 'π',
    file: path.join(project.root, 'build', 'app.js'),
    dir: path.join(project.root, 'build'),
    resolved: path.join(project.root, 'node_modules', 'a', 'lib', 'index.js'),
    rs: 'rs',
  });
  let first: Result;
  let second: Result;
  beforeAll(() => {
    first = run(project);
    second = run(project);
  });

  test('WHEN the first run loads the modules THEN each is loaded apart and one pack per package is written', () => {
    expect(first.app).toMatchObject({ ...expected(), stackNamesPack: false });
    expect(first.stats).toMatchObject({ packs: 0, packed: 0, loaded: 7 });
    // the provider's two modules in two packs: each by the file that requires it
    expect(packFiles(project.cache)).toEqual(['pack-main-@cdktf+provider-x~build+app.bin', 'pack-main-@cdktf+provider-x~build+other.bin', 'pack-main-a.bin', 'pack-main-build.bin']);
  });

  test('WHEN it runs again THEN every module but the one beyond Latin-1 comes from its pack, resolved from the record, and the exports are the same', () => {
    expect(second.app).toMatchObject({ ...expected(), stackNamesPack: true });
    expect(second.stats).toMatchObject({ packs: 4, packed: 6, loaded: 1, unresolved: 0 });
    expect(second.stats.resolved).toBeGreaterThanOrEqual(6); // a, ./b, ./wide, ./other, the provider's two
  });

  test('WHEN it runs a third time THEN V8 accepts the data the second run stored, and the pack was not written again for the module left out', () => {
    const third = run(project);
    expect(third.stats).toMatchObject({ packs: 4, packed: 6, loaded: 1, rejected: 0 });
    expect(third.app).toEqual(second.app);
  });

  test('WHEN a packed module is edited THEN the edit runs, and the next run packs the new text', () => {
    fs.writeFileSync(path.join(project.root, 'node_modules', 'a', 'lib', 'b.js'), 'exports.b = 1;  \n');
    const edited = run(project);
    expect(edited.app.a).toBe(2);
    expect(edited.stats.loaded).toBe(2); // b.js and the module beyond Latin-1
    const next = run(project);
    expect(next.app.a).toBe(2);
    expect(next.stats).toMatchObject({ packed: 6, loaded: 1 });
  });

  test('WHEN a resolution no longer holds (the package now names another main file) THEN the require resolves anew', () => {
    const lib = path.join(project.root, 'node_modules', 'a', 'lib');
    fs.renameSync(path.join(lib, 'index.js'), path.join(lib, 'main.js'));
    fs.writeFileSync(path.join(project.root, 'node_modules', 'a', 'package.json'), JSON.stringify({ name: 'a', main: 'lib/main.js' }));
    const moved = run(project);
    expect(moved.app.a).toBe(2);
    expect(moved.app.resolved).toBe(path.join(lib, 'main.js'));
    expect(moved.stats.unresolved).toBeGreaterThanOrEqual(1);
    expect(run(project).app).toEqual(moved.app);
  });

  test('WHEN a stamp file changes (another install, another build) THEN no pack is used, and the next run packs again', () => {
    fs.writeFileSync(project.stamps[0], '{"again":true}');
    const stale = run(project);
    expect(stale.stats).toMatchObject({ packs: 0, packed: 0, loaded: 7 });
    expect(run(project).stats).toMatchObject({ packs: 4, packed: 6 });
  });

  test.each<{ what: string; damage: (buf: Buffer) => void }>([
    { what: 'its record is cut short', damage: (buf) => buf.writeUInt32LE(buf.length, 0) },
    { what: 'its source is overwritten', damage: (buf) => buf.fill(0x28, 28 + buf.readUInt32LE(0), 28 + buf.readUInt32LE(0) + 40) },
    { what: "the end of V8's data is overwritten", damage: (buf) => buf.fill(0x5a, buf.length - 16) },
    { what: 'a byte of the source is changed', damage: (buf) => buf.writeUInt8(buf.readUInt8(28 + buf.readUInt32LE(0) + 3) ^ 1, 28 + buf.readUInt32LE(0) + 3) },
  ])('WHEN a pack is damaged ($what) THEN the same code runs and the pack is written again', ({ damage }) => {
    const before = run(project);
    for (const f of packFiles(project.cache)) {
      const file = path.join(project.cache, f);
      const buf = fs.readFileSync(file);
      damage(buf);
      fs.writeFileSync(file, buf);
    }
    const damaged = run(project);
    expect({ ...damaged.app, stackNamesPack: undefined }).toEqual({ ...before.app, stackNamesPack: undefined });
    expect(damaged.stats.packs).toBe(0); // refused whole: every module loaded apart
    run(project);
    expect(run(project).stats).toMatchObject({ packs: 4, packed: 6, rejected: 0 });
  });
});

// eslint-disable-next-line @typescript-eslint/no-require-imports
const pack = require('../../bin/pack.js') as { packageOf: (file: string, root: string) => string | undefined };

describe('packageOf', () => {
  const root = path.join(path.sep, 'p');
  test.each([
    ['build/synth/cli/main.js', 'build+synth+cli'],
    ['build/synth/compile.js', 'build+synth'],
    ['build/constructs/aws/network/vpc.js', 'build+constructs+aws'],
    ['build/app.js', 'build'],
    ['node_modules/cdktf/lib/index.js', 'cdktf'],
    ['node_modules/@cdktf/provider-aws/lib/s3-bucket/index.js', '@cdktf+provider-aws'],
    ['node_modules/cdk8s/node_modules/yaml/dist/index.js', 'cdk8s+node_modules+yaml'],
    ['node_modules/x.js', undefined],
    ['node_modules/@scope/x.js', undefined],
    ['top.js', undefined],
  ])('GIVEN %s THEN its pack is %s', (rel, name) => {
    expect(pack.packageOf(path.join(root, ...rel.split('/')), root)).toBe(name);
  });
  test('GIVEN a file outside the project THEN it has no pack', () => {
    expect(pack.packageOf(path.join(path.sep, 'elsewhere', 'node_modules', 'a', 'x.js'), root)).toBeUndefined();
  });
});

describe('GIVEN the CLI with a pack folder of its own', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-packs-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const validate = (env: Record<string, string>) => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'platform.js'), 'validate', '--spec', path.join(ROOT, 'platform.spec.yaml'), '--format', 'json'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, PLATFORM_CODE_CACHE_DIR: dir, PLATFORM_DEBUG_CODE_CACHE: '1', PLATFORM_CODE_CACHE: '', PLATFORM_HEAP_GROWING: '', PLATFORM_INTERRUPT_BUDGET: '', ...env },
    });
    const m = /platform: packs (\{.*\})/.exec(r.stderr);
    return { code: r.status, out: r.stdout, stats: m ? (JSON.parse(m[1]) as Stats) : undefined };
  };

  test('WHEN validate runs three times THEN the later runs take their modules from packs and print what a run without packs prints', () => {
    spawnSync(process.execPath, [path.join(ROOT, 'bin', 'platform.js'), '--help'], { cwd: ROOT }); // an up-to-date build/
    const without = validate({ PLATFORM_PACK: 'off' });
    expect(without.stats).toBeUndefined();
    const runs = [validate({}), validate({}), validate({})];
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
    for (const r of runs) expect(r.out).toBe(without.out);
    expect(runs[0].stats).toMatchObject({ packed: 0 });
    expect(runs[2].stats!.packed).toBeGreaterThan(50);
    expect(runs[2].stats!.loaded).toBeLessThan(runs[2].stats!.packed / 10); // only modules beyond Latin-1
    expect(runs[2].stats).toMatchObject({ unresolved: 0, rejected: 0 });
  });
});
