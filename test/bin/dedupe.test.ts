/**
 * bin/dedupe.js: a package a dependency bundles (cdk8s's yaml) is loaded from the project's copy only while both
 * copies hold the same loadable files byte for byte; the CLI's output is the same either way.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dedupe = require('../../bin/dedupe.js') as {
  identicalCopies: (nodeModules: string, record: string, copies: [string, string][]) => [string, string][];
};

describe('identicalCopies', () => {
  let nm: string;
  let record: string;
  const copies: [string, string][] = [['dep/node_modules/lib', 'lib']];
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(nm, rel)), { recursive: true });
    fs.writeFileSync(path.join(nm, rel), text);
  };
  beforeEach(() => {
    nm = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-dedupe-'));
    record = path.join(nm, 'record.json');
    for (const root of ['lib', 'dep/node_modules/lib']) {
      write(`${root}/package.json`, '{"name":"lib","version":"1.0.0"}');
      write(`${root}/dist/index.js`, 'module.exports = require("./a.js");\n');
      write(`${root}/dist/a.js`, 'module.exports = 1;\n');
      write(`${root}/README.md`, 'docs\n');
    }
  });
  afterEach(() => fs.rmSync(nm, { recursive: true, force: true }));

  test.each<{ what: string; change: () => void; same: boolean }>([
    { what: 'nothing differs', change: () => undefined, same: true },
    { what: 'only the documentation differs', change: () => write('dep/node_modules/lib/README.md', 'other docs\n'), same: true },
    { what: 'a module differs in one byte (same size)', change: () => write('dep/node_modules/lib/dist/a.js', 'module.exports = 2;\n'), same: false },
    { what: 'package.json differs', change: () => write('lib/package.json', '{"name":"lib","version":"1.0.1"}'), same: false },
    { what: 'the bundled copy has one more module', change: () => write('dep/node_modules/lib/dist/b.js', 'module.exports = 3;\n'), same: false },
    { what: 'the project has no copy', change: () => fs.rmSync(path.join(nm, 'lib'), { recursive: true }), same: false },
  ])('WHEN $what THEN the copies are deduplicated: $same, also after the record was made', ({ change, same }) => {
    // GIVEN a record made while both copies were identical
    expect(dedupe.identicalCopies(nm, record, copies)).toEqual([[path.join(nm, 'dep/node_modules/lib'), path.join(nm, 'lib')]]);
    // WHEN one changes (a later mtime: the record no longer describes it)
    change();
    const later = new Date(Date.now() + 5000);
    for (const f of ['lib/dist/a.js', 'dep/node_modules/lib/dist/a.js', 'lib/package.json']) if (fs.existsSync(path.join(nm, f))) fs.utimesSync(path.join(nm, f), later, later);
    // THEN
    expect(dedupe.identicalCopies(nm, record, copies).length).toBe(same ? 1 : 0);
    expect(dedupe.identicalCopies(nm, record, copies).length).toBe(same ? 1 : 0);
  });
});

/** Runs `node bin/platform.js args` in ROOT; returns its exit code, stdout and every module file it loaded. */
function platform(args: string[], env: Record<string, string>): { code: number; out: string; modules: string[] } {
  const list = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'platform-modules-')), 'modules.json');
  const hook = `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify(Object.keys(require.cache))))`;
  const r = spawnSync(process.execPath, ['-e', `${hook}; process.argv.splice(1, 0, 'platform'); require(${JSON.stringify(path.join(ROOT, 'bin', 'platform.js'))})`, '--', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  const modules = JSON.parse(fs.readFileSync(list, 'utf8')) as string[];
  fs.rmSync(path.dirname(list), { recursive: true, force: true });
  return { code: r.status ?? -1, out: r.stdout, modules };
}

test.each([
  { dedupe: 'on', bundled: false },
  { dedupe: 'off', bundled: true },
])('GIVEN the reference spec WHEN a cold synth --check runs with deduplication $dedupe THEN dist/ is up to date, and cdk8s\'s own yaml is loaded: $bundled', ({ dedupe: mode, bundled }) => {
  // one thread (--jobs 1): the modules listed are the main thread's, and it then synthesizes the clusters itself
  const r = platform(['synth', '--check', '--jobs', '1'], { PLATFORM_CACHE: 'off', PLATFORM_DEDUPE: mode === 'off' ? 'off' : '' });
  expect(r.code).toBe(0);
  expect(r.out).toContain('is up to date');
  expect(r.modules.some((m) => m.includes(path.join('node_modules', 'cdk8s', 'lib')))).toBe(true);
  expect(r.modules.some((m) => m.includes(path.join('node_modules', 'cdk8s', 'node_modules', 'yaml')))).toBe(bundled);
});
