/**
 * The `platform` bin runs compiled JavaScript (bin/build.js -> build/), rebuilt whenever a source differs from
 * what was built, and `platform validate` loads none of cdktf, cdk8s or the providers. The schema validator that
 * the build generates ahead of time reports exactly what the schema compiled at run time reports.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv from 'ajv';
import schema from '../../schema/platform.schema.json';
import { AJV_OPTIONS } from '../../synth/spec/schema-options';
import { load } from '../../synth/spec/load';
import { BAD_CASES } from '../synth/spec/bad-specs';

const ROOT = path.join(__dirname, '..', '..');
const SPEC = path.join(ROOT, 'platform.spec.yaml');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const builder = require('../../bin/build.js') as { standaloneValidator: (options: object) => string };

/** Runs `node bin/platform.js args` in `root`; returns its output and every module file it loaded. */
function platform(root: string, args: string[], env: Record<string, string> = {}): { code: number; out: string; err: string; modules: string[] } {
  const list = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'platform-modules-')), 'modules.json');
  const hook = `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify(Object.keys(require.cache))))`;
  const r = spawnSync(process.execPath, ['-e', `${hook}; process.argv.splice(1, 0, 'platform'); require(${JSON.stringify(path.join(root, 'bin', 'platform.js'))})`, '--', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  const modules = JSON.parse(fs.readFileSync(list, 'utf8')) as string[];
  fs.rmSync(path.dirname(list), { recursive: true, force: true });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr, modules };
}

const HEAVY = /[\\/]node_modules[\\/](cdktf|cdk8s|cdk8s-plus-27|@cdktf[\\/][^\\/]+)[\\/]/;

describe('bin/platform.js', () => {
  test('GIVEN the reference spec and an up-to-date build WHEN `platform validate` runs THEN it runs the build and loads no cdktf, cdk8s or provider module', () => {
    platform(ROOT, ['--help']); // brings build/ up to date (a rebuild loads TypeScript)
    const r = platform(ROOT, ['validate', '--spec', SPEC]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('spec is valid');
    expect(r.modules).toContain(path.join(ROOT, 'build', 'synth', 'cli', 'main.js'));
    expect(r.modules).toContain(path.join(ROOT, 'build', 'synth', 'spec', 'schema-validator.generated.js'));
    expect(r.modules.filter((m) => HEAVY.test(m))).toEqual([]);
    expect(r.modules.filter((m) => /[\\/]node_modules[\\/](ts-node|typescript)[\\/]/.test(m))).toEqual([]);
  });

  describe('GIVEN a copy of the project with an up-to-date build', () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-build-'));
    beforeAll(() => {
      platform(ROOT, ['--help']); // brings ROOT's build/ up to date
      for (const entry of ['bin', 'synth', 'constructs', 'schema', 'build', 'package.json', 'tsconfig.json']) {
        fs.cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true, preserveTimestamps: true });
      }
      fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
    });
    afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));
    const cli = path.join(copy, 'synth', 'cli', 'cli.ts');
    const extra = path.join(copy, 'synth', 'util', 'extra-module.ts');
    const extraOut = path.join(copy, 'build', 'synth', 'util', 'extra-module.js');

    test('WHEN nothing changed THEN it runs the build without transpiling', () => {
      const r = platform(copy, ['--help']);
      expect(r.out).toContain('Usage:');
      expect(r.modules).toContain(path.join(copy, 'build', 'synth', 'cli', 'cli.js'));
      expect(r.modules.filter((m) => /[\\/]node_modules[\\/]typescript[\\/]/.test(m))).toEqual([]);
    });

    test('WHEN a source is edited and one added THEN the next run runs the edit and builds the new one', () => {
      fs.writeFileSync(cli, fs.readFileSync(cli, 'utf8').replace('Usage:', 'Usage (edited):'));
      fs.writeFileSync(extra, 'export const EXTRA = 1;\n');
      expect(platform(copy, ['--help']).out).toContain('Usage (edited):');
      expect(fs.existsSync(extraOut)).toBe(true);
    });

    test('WHEN a source is restored with an older mtime and one deleted THEN the next run runs the restored text and the output of the deleted one is gone', () => {
      fs.writeFileSync(cli, fs.readFileSync(cli, 'utf8').replace('Usage (edited):', 'Usage:'));
      const old = new Date(Date.now() - 86_400_000);
      fs.utimesSync(cli, old, old);
      fs.rmSync(extra);
      const r = platform(copy, ['--help']);
      expect(r.out).toContain('Usage:');
      expect(r.out).not.toContain('(edited)');
      expect(fs.existsSync(extraOut)).toBe(false);
    });

    test('WHEN the schema changes THEN validate checks the new schema', () => {
      const file = path.join(copy, 'schema', 'platform.schema.json');
      const s = JSON.parse(fs.readFileSync(file, 'utf8')) as { required: string[] };
      s.required = [...s.required, 'mustExistNow'];
      fs.writeFileSync(file, JSON.stringify(s));
      const r = platform(copy, ['validate', '--spec', SPEC]);
      expect(r.code).toBe(1);
      expect(r.err).toContain('missing required key `mustExistNow`');
    });
  });
});

describe('the schema validator generated ahead of time', () => {
  const generated = { exports: {} as { default?: (v: unknown) => boolean } & ((v: unknown) => boolean) & { errors?: unknown } };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('module', 'exports', 'require', builder.standaloneValidator(AJV_OPTIONS))(generated, generated.exports, require);
  const standalone = generated.exports as unknown as ((v: unknown) => boolean) & { errors?: unknown };
  const runtime = new Ajv(AJV_OPTIONS).compile(schema);
  const reference = fs.readFileSync(SPEC, 'utf8');

  test.each(BAD_CASES.map((c) => [c.name, c] as const))('GIVEN %s WHEN validated THEN it reports what the runtime-compiled schema reports', (_name, c) => {
    const value = load('spec.yaml', reference.replace(c.find, c.replace)).loaded?.value;
    const ok = runtime(value);
    expect(standalone(value)).toBe(ok);
    expect(standalone.errors ?? null).toEqual(runtime.errors ?? null);
  });

  test('GIVEN the reference spec WHEN validated THEN both accept it', () => {
    const value = load('spec.yaml', reference).loaded?.value;
    expect(runtime(value)).toBe(true);
    expect(standalone(value)).toBe(true);
  });
});
