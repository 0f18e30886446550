/**
 * bin/lazy.js: the packages cdktf requires at load time for paths the compiler never takes (archiver, semver,
 * json-stable-stringify) load at their first use; a stand-in does what the module does.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lazy = require('../../bin/lazy.js') as {
  deferred: <T>(load: () => T) => T;
  DEFERRED: [string, string][];
};
const fromCdktf = (request: string) => require.resolve(request, { paths: [path.dirname(require.resolve('cdktf'))] });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const real = (request: string) => require(fromCdktf(request));

describe('deferred', () => {
  test('GIVEN a stand-in WHEN nothing uses it THEN the module is not loaded; at first use it is, once', () => {
    // GIVEN
    let loads = 0;
    const semver = lazy.deferred(() => {
      loads++;
      return real('semver') as { satisfies: (v: string, range: string) => boolean };
    });
    // WHEN / THEN
    expect(loads).toBe(0);
    expect(semver.satisfies('1.9.3', '>=1.2.0 <2')).toBe(true);
    expect(semver.satisfies('2.0.0', '>=1.2.0 <2')).toBe(false);
    expect(loads).toBe(1);
  });

  test.each<{ what: string; use: (m: any) => unknown }>([ // eslint-disable-line @typescript-eslint/no-explicit-any
    { what: 'a call of a function module', use: (m) => m({ b: [2, 1], a: { d: 1, c: null } }, { space: 2 }) },
    { what: 'a read of a property', use: (m) => typeof m.length },
    { what: 'a key listing', use: (m) => Object.keys(m).sort() },
    { what: 'an `in` test', use: (m) => ['length', 'nope'].map((k) => k in m) },
  ])('GIVEN json-stable-stringify WHEN $what goes through the stand-in THEN the result is the module\'s own', ({ use }) => {
    expect(use(lazy.deferred(() => real('json-stable-stringify')))).toEqual(use(real('json-stable-stringify')));
  });

  test.each<{ what: string; use: (m: any) => unknown }>([ // eslint-disable-line @typescript-eslint/no-explicit-any
    { what: 'a method call', use: (m) => [m.satisfies('21.22.1', '^21'), m.gte('1.10.0', '1.9.9'), m.valid('x')] },
    { what: 'a key listing', use: (m) => Object.keys(m).sort() },
    { what: 'an own property descriptor', use: (m) => Object.getOwnPropertyDescriptor(m, 'satisfies')?.enumerable },
    { what: 'a spread', use: (m) => Object.keys({ ...m }).length },
  ])('GIVEN semver (an object module) WHEN $what goes through the stand-in THEN the result is the module\'s own', ({ use }) => {
    expect(use(lazy.deferred(() => real('semver')))).toEqual(use(real('semver')));
  });

  test('GIVEN the table THEN every requiring file exists and requires its package at load time', () => {
    const fs = jest.requireActual('fs') as typeof import('fs');
    for (const [file, request] of lazy.DEFERRED) {
      const text = fs.readFileSync(path.join(ROOT, 'node_modules', file), 'utf8');
      expect(text).toContain(`require("${request}")`);
    }
  });
});

/** In a fresh node: installs bin/hooks.js (PLATFORM_LAZY as given), loads cdktf, and reports what it loaded. */
function cdktfIn(env: Record<string, string>): { deferred: string[]; synth: string } {
  const script = `
    require(${JSON.stringify(path.join(ROOT, 'bin', 'hooks.js'))}).install();
    const { App, TerraformStack, TerraformOutput, Testing } = require('cdktf');
    const loaded = Object.keys(require.cache).map((f) => f.split('/node_modules/').pop().split('/')[0]);
    const deferred = ['archiver', 'semver', 'json-stable-stringify'].filter((p) => loaded.includes(p));
    const stack = new TerraformStack(Testing.app(), 'demo');
    new TerraformOutput(stack, 'out', { value: { b: 2, a: [1, 'x'] } });
    process.stdout.write(JSON.stringify({ deferred, synth: Testing.synth(stack) }));
  `;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PLATFORM_CODE_CACHE: 'off', ...env } });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as { deferred: string[]; synth: string };
}

test.each([
  { lazy: 'on', loaded: [] },
  { lazy: 'off', loaded: ['archiver', 'semver', 'json-stable-stringify'] },
])('GIVEN the CLI\'s hooks with PLATFORM_LAZY $lazy WHEN cdktf loads THEN it loads $loaded, and Testing.synth (json-stable-stringify) gives the same text', ({ lazy: mode, loaded }) => {
  const r = cdktfIn({ PLATFORM_LAZY: mode === 'off' ? 'off' : '' });
  expect(r.deferred).toEqual(loaded);
  expect(JSON.parse(r.synth)).toEqual({ output: { out: { value: { a: [1, 'x'], b: 2 } } } });
  expect(r.synth).toBe(cdktfIn({ PLATFORM_LAZY: 'off' }).synth);
});
