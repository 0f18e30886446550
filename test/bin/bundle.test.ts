/**
 * bin/bundle.js: yaml's modules in one file for the compiled CLI. The bundle behaves as the package (same exports,
 * same parses and texts), is redirected to only while it matches the package's files, and `platform validate`
 * loads it instead of the 74 modules.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import type * as YamlUtil from 'yaml/dist/util';
import { referenceFiles } from '../helpers/reference';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { stringifyString } = require('yaml/util') as typeof YamlUtil;

const ROOT = path.join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bundle = require('../../bin/bundle.js') as {
  ensureBundle: (pkg: string, out: string) => boolean;
  bundleFresh: (pkg: string, out: string) => boolean;
};

const dirs: string[] = [];
const tmp = (name: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `platform-bundle-${name}-`));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('GIVEN a bundle of the project\'s yaml', () => {
  const out = tmp('out');
  bundle.ensureBundle(path.join(ROOT, 'node_modules', 'yaml'), out);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bundled = require(path.join(out, 'index.js')) as typeof YAML;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bundledUtil = require(path.join(out, 'util.js')) as { stringifyString: typeof stringifyString };

  test('THEN it exports what the package exports', () => {
    expect(Object.keys(bundled).sort()).toEqual(Object.keys(require('yaml') as object).sort());
    expect(Object.keys(bundledUtil).sort()).toEqual(Object.keys(require('yaml/util') as object).sort());
  });

  const texts = () => [fs.readFileSync(path.join(ROOT, 'platform.spec.yaml'), 'utf8'), ...[...referenceFiles()].filter(([f]) => f.endsWith('.yaml')).map(([, t]) => t), 'a: [1, {b: c}\n', 'k: &a 1\nv: *a\nbad: "x\n'];
  test('WHEN the reference spec, every reference manifest and broken documents are parsed and written again THEN the values, errors and texts are the package\'s', () => {
    for (const text of texts()) {
      const [mine, theirs] = [bundled, YAML].map((y) => {
        const docs = y.parseAllDocuments(text, { keepSourceTokens: false });
        const list = Array.isArray(docs) ? docs : [docs];
        return list.map((d) => ({ js: d.toJS(), errors: d.errors.map((e) => [e.code, e.message]), text: d.errors.length ? '' : y.stringify(d.toJS()) }));
      });
      expect(mine).toEqual(theirs);
    }
  });

  test('WHEN util stringifies scalars with documents of the bundle THEN the texts are the package\'s', () => {
    const options = { ...new YAML.Document().options, defaultStringType: 'PLAIN', defaultKeyType: null, lineWidth: 0, minContentWidth: 20, doubleQuotedMinMultiLineLength: 40, blockQuote: true };
    const ctx = (y: typeof YAML) => ({ doc: new y.Document(null), options, indent: '', indentStep: '  ', implicitKey: false, inFlow: false, actualString: true });
    for (const value of ['plain', 'needs: quoting', 'multi\nline', '#comment', ' lead', 'true']) {
      const mine = bundledUtil.stringifyString({ value } as never, ctx(bundled) as never);
      const theirs = stringifyString({ value } as never, ctx(YAML) as never);
      expect([value, mine]).toEqual([value, theirs]);
    }
  });
});

describe('GIVEN a copy of the yaml package and its bundle', () => {
  const pkg = path.join(tmp('pkg'), 'yaml');
  const out = tmp('out2');
  beforeAll(() => {
    fs.cpSync(path.join(ROOT, 'node_modules', 'yaml'), pkg, { recursive: true });
    expect(bundle.ensureBundle(pkg, out)).toBe(true);
  });

  test('WHEN nothing changed THEN the bundle is fresh and is not written again', () => {
    expect(bundle.bundleFresh(pkg, out)).toBe(true);
    expect(bundle.ensureBundle(pkg, out)).toBe(false);
  });

  test.each<{ what: string; change: () => void }>([
    { what: 'a module is edited', change: () => fs.appendFileSync(path.join(pkg, 'dist', 'visit.js'), '\n// edited\n') },
    { what: 'a module is added', change: () => fs.writeFileSync(path.join(pkg, 'dist', 'added.js'), "'use strict';\n") },
    { what: 'package.json changes', change: () => fs.appendFileSync(path.join(pkg, 'package.json'), '\n') },
  ])('WHEN $what THEN the bundle is stale, and written again holds the change', ({ change }) => {
    change();
    expect(bundle.bundleFresh(pkg, out)).toBe(false);
    expect(bundle.ensureBundle(pkg, out)).toBe(true);
    expect(bundle.bundleFresh(pkg, out)).toBe(true);
    if (fs.existsSync(path.join(pkg, 'dist', 'added.js'))) expect(fs.readFileSync(path.join(out, 'bundle.js'), 'utf8')).toContain('defs["added.js"]');
  });
});

test.each([
  { mode: 'on', bundled: true },
  { mode: 'off', bundled: false },
])('GIVEN the compiled CLI WHEN `platform validate` runs with the bundle $mode THEN the spec is valid and yaml comes from the bundle: $bundled', ({ mode, bundled }) => {
  const list = path.join(tmp('modules'), 'modules.json');
  const hook = `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify(Object.keys(require.cache))))`;
  const r = spawnSync(process.execPath, ['-e', `${hook}; process.argv.splice(1, 0, 'platform'); require(${JSON.stringify(path.join(ROOT, 'bin', 'platform.js'))})`, '--', 'validate'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PLATFORM_BUNDLE: mode === 'off' ? 'off' : '' },
  });
  expect([r.status, r.stdout]).toEqual([0, 'spec is valid: 0 errors, 0 warnings\n']);
  const modules = JSON.parse(fs.readFileSync(list, 'utf8')) as string[];
  expect(modules.includes(path.join(ROOT, 'build', 'vendor', 'yaml', 'bundle.js'))).toBe(bundled);
  expect(modules.some((m) => m.startsWith(path.join(ROOT, 'node_modules', 'yaml', 'dist')))).toBe(!bundled);
});
