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
