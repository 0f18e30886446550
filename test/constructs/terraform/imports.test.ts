import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './fixture';

/** Every .ts file under a directory. */
function tsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

const PROVIDER_ROOT = /(?:from\s+|require\(\s*|import\(\s*)['"]@cdktf\/provider-(?:aws|google|azurerm)(?:\/lib)?(?:\/index(?:\.js)?)?['"]/;

describe('provider imports', () => {
  const files = ['constructs', 'synth'].flatMap((d) => tsFiles(path.join(ROOT, d)));

  test('the pattern catches root and /lib index imports but not deep ones', () => {
    // GIVEN sample import lines THEN only package roots and the lib index match
    expect(PROVIDER_ROOT.test(`import { Vpc } from '@cdktf/provider-aws';`)).toBe(true);
    expect(PROVIDER_ROOT.test(`import * as google from "@cdktf/provider-google/lib";`)).toBe(true);
    expect(PROVIDER_ROOT.test(`const a = require('@cdktf/provider-azurerm/lib/index');`)).toBe(true);
    expect(PROVIDER_ROOT.test(`import { Vpc } from '@cdktf/provider-aws/lib/vpc';`)).toBe(false);
  });

  test('no file under constructs/ or synth/ imports a provider package root', () => {
    // GIVEN every TypeScript file of constructs/ and synth/
    expect(files.length).toBeGreaterThan(0);
    // WHEN scanned THEN none imports @cdktf/provider-* (or its lib index) as a whole
    const offenders = files.filter((f) => PROVIDER_ROOT.test(fs.readFileSync(f, 'utf8'))).map((f) => path.relative(ROOT, f));
    expect(offenders).toEqual([]);
  });
});

/** The synth/ modules a file imports (resolved relative specifiers), as paths below synth/. */
function synthImports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)]
    .map((m) => path.relative(ROOT, path.resolve(path.dirname(file), m[1])))
    .filter((p) => p.startsWith('synth/'));
}

describe('layering: constructs translate the plan and import nothing from the planner', () => {
  const files = tsFiles(path.join(ROOT, 'constructs'));
  /** What constructs may import from synth/: the model's types and the shared utilities (errors, names, units). */
  const ALLOWED = /^synth\/(model|util)(\/|$)/;

  test('the import scan finds the model imports (it cannot pass by finding nothing)', () => {
    expect(files.flatMap(synthImports).filter((p) => p.startsWith('synth/model')).length).toBeGreaterThan(10);
  });

  test('no file under constructs/ imports synth/plan, synth/spec, synth/catalog or synth/output', () => {
    const offenders = files.flatMap((f) => synthImports(f).filter((p) => !ALLOWED.test(p)).map((p) => `${path.relative(ROOT, f)} -> ${p}`));
    expect(offenders).toEqual([]);
  });
});

describe('errors: every invariant a construct or the planner asserts is a PlanInvariantError', () => {
  /** Code that runs elsewhere (the Lambda handlers run in AWS, not in the compiler). */
  const ELSEWHERE = new Set(['constructs/aws/gitops-bootstrap-handler.ts', 'constructs/aws/database-roles-handler.ts']);
  const files = ['constructs', 'synth/plan'].flatMap((d) => tsFiles(path.join(ROOT, d))).filter((f) => !ELSEWHERE.has(path.relative(ROOT, f)));

  test('no bare `throw new Error` under constructs/ and synth/plan/', () => {
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.filter((f) => /throw new Error\(/.test(fs.readFileSync(f, 'utf8'))).map((f) => path.relative(ROOT, f));
    expect(offenders).toEqual([]);
  });
});
