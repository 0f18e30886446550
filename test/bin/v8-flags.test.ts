/**
 * The synth's V8 flags (bin/v8-flags.js): the settings read from PLATFORM_HEAP_GROWING and PLATFORM_INTERRUPT_BUDGET,
 * and proof that each reaches V8 (V8 rejects a code cache made under other flags, so data made with a flag set is
 * refused without it).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const flags = require(path.join(ROOT, 'bin', 'v8-flags.js')) as {
  HEAP_GROWING_PERCENT: number;
  INTERRUPT_BUDGET: number;
  heapGrowing(env: Record<string, string | undefined>): number | 'default';
  interruptBudget(env: Record<string, string | undefined>): number | 'default';
  synthFlags(env: Record<string, string | undefined>): string[];
  flagsLabel(flags: readonly string[]): string;
  appliedV8Flags(env: Record<string, string | undefined>): string;
};

/** Each setting's reader, by the variable it reads. */
const READERS = {
  PLATFORM_HEAP_GROWING: flags.heapGrowing,
  PLATFORM_INTERRUPT_BUDGET: flags.interruptBudget,
} as const;

describe('heapGrowing and interruptBudget', () => {
  test.each([
    ['PLATFORM_HEAP_GROWING', undefined, flags.HEAP_GROWING_PERCENT],
    ['PLATFORM_HEAP_GROWING', '', flags.HEAP_GROWING_PERCENT],
    ['PLATFORM_HEAP_GROWING', 'default', 'default'],
    ['PLATFORM_HEAP_GROWING', '35', 35],
    ['PLATFORM_HEAP_GROWING', '400', 400],
    ['PLATFORM_HEAP_GROWING', '0', flags.HEAP_GROWING_PERCENT],
    ['PLATFORM_HEAP_GROWING', '401', flags.HEAP_GROWING_PERCENT],
    ['PLATFORM_HEAP_GROWING', '2.5', flags.HEAP_GROWING_PERCENT],
    ['PLATFORM_HEAP_GROWING', 'lots', flags.HEAP_GROWING_PERCENT],
    ['PLATFORM_INTERRUPT_BUDGET', undefined, flags.INTERRUPT_BUDGET],
    ['PLATFORM_INTERRUPT_BUDGET', '', flags.INTERRUPT_BUDGET],
    ['PLATFORM_INTERRUPT_BUDGET', 'default', 'default'],
    ['PLATFORM_INTERRUPT_BUDGET', '1000', 1000],
    ['PLATFORM_INTERRUPT_BUDGET', '250000', 250000],
    ['PLATFORM_INTERRUPT_BUDGET', '1000000000', 1000000000],
    ['PLATFORM_INTERRUPT_BUDGET', '999', flags.INTERRUPT_BUDGET],
    ['PLATFORM_INTERRUPT_BUDGET', '1000000001', flags.INTERRUPT_BUDGET],
    ['PLATFORM_INTERRUPT_BUDGET', '1e6', flags.INTERRUPT_BUDGET],
    ['PLATFORM_INTERRUPT_BUDGET', '-5', flags.INTERRUPT_BUDGET],
  ] as const)('GIVEN %s=%p THEN the setting is %p', (variable, value, setting) => {
    expect(READERS[variable]({ [variable]: value })).toBe(setting);
  });

  test.each([
    [undefined, 'default'],
    ['', 'default'],
    ['heap-growing-percent-20', 'heap-growing-percent-20'],
    ['default', 'default'],
  ])('GIVEN PLATFORM_V8_FLAGS_APPLIED=%p THEN this thread runs with %p', (value, applied) => {
    expect(flags.appliedV8Flags({ PLATFORM_V8_FLAGS_APPLIED: value })).toBe(applied);
  });

  test('the default bounds the growth (V8 grows up to 4x without it)', () => {
    expect(flags.HEAP_GROWING_PERCENT).toBeGreaterThan(0);
    expect(flags.HEAP_GROWING_PERCENT).toBeLessThan(100);
  });

  test("the default delays TurboFan's tier-up (V8's own budget is 67584 bytes of bytecode)", () => {
    expect(flags.INTERRUPT_BUDGET).toBeGreaterThan(67584);
  });
});

describe('synthFlags and flagsLabel', () => {
  test.each([
    [{}, ['--heap-growing-percent=' + flags.HEAP_GROWING_PERCENT, '--interrupt-budget=' + flags.INTERRUPT_BUDGET]],
    [{ PLATFORM_HEAP_GROWING: '35', PLATFORM_INTERRUPT_BUDGET: '5000' }, ['--heap-growing-percent=35', '--interrupt-budget=5000']],
    [{ PLATFORM_HEAP_GROWING: 'default' }, ['--interrupt-budget=' + flags.INTERRUPT_BUDGET]],
    [{ PLATFORM_INTERRUPT_BUDGET: 'default' }, ['--heap-growing-percent=' + flags.HEAP_GROWING_PERCENT]],
    [{ PLATFORM_HEAP_GROWING: 'default', PLATFORM_INTERRUPT_BUDGET: 'default' }, []],
  ])('GIVEN %p THEN a synth sets %p', (env, expected) => {
    expect(flags.synthFlags(env)).toEqual(expected);
  });

  test.each([
    [[], 'default'],
    [['--heap-growing-percent=35'], 'heap-growing-percent-35'],
    [['--heap-growing-percent=50', '--interrupt-budget=5000'], 'heap-growing-percent-50+interrupt-budget-5000'],
  ])('GIVEN the flags %p THEN the label (a folder name of the code cache) is %p', (list, label) => {
    expect(flags.flagsLabel(list)).toBe(label);
    expect(label).toMatch(/^[a-z0-9+-]+$/);
  });
});

describe('applyV8Flags', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-v8-flags-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** In a fresh node under `setting`: applies it, compiles one script, reuses `data` if given; writes its data to `out`. */
  function compile(setting: string, out: string, data?: string, argv: readonly string[] = ['synth'], budget = ''): { rejected: boolean; applied: string } {
    const script = `
      const applied = String(require(${JSON.stringify(path.join(ROOT, 'bin', 'v8-flags.js'))}).applyV8Flags(${JSON.stringify(argv)}));
      const vm = require('vm'), fs = require('fs');
      const cachedData = ${data ? `fs.readFileSync(${JSON.stringify(data)})` : 'undefined'};
      const s = new vm.Script('function f(x) { return x * 2; } f(21);', { filename: 'probe.js', cachedData });
      s.runInThisContext();
      fs.writeFileSync(${JSON.stringify(out)}, s.createCachedData());
      process.stdout.write(JSON.stringify({ rejected: s.cachedDataRejected === true, applied, recorded: process.env.PLATFORM_V8_FLAGS_APPLIED }));
    `;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, PLATFORM_HEAP_GROWING: setting, PLATFORM_INTERRUPT_BUDGET: budget } });
    if (r.status !== 0) throw new Error(r.stderr);
    const result = JSON.parse(r.stdout) as { rejected: boolean; applied: string; recorded: string };
    expect(result.recorded).toBe(result.applied);
    return result;
  }

  test('GIVEN data V8 made with the flags set THEN V8 accepts it with the same flags and rejects it when either differs: both flags are set', () => {
    const made = path.join(dir, 'made.bin');
    compile('', made);
    expect(compile('', path.join(dir, 'again.bin'), made).rejected).toBe(false);
    expect(compile('default', path.join(dir, 'other.bin'), made).rejected).toBe(true);
    expect(compile('35', path.join(dir, 'other35.bin'), made).rejected).toBe(true);
    expect(compile('', path.join(dir, 'budget-default.bin'), made, ['synth'], 'default').rejected).toBe(true);
    expect(compile('', path.join(dir, 'budget-5000.bin'), made, ['synth'], '5000').rejected).toBe(true);
    expect(compile('default', path.join(dir, 'none.bin'), made, ['synth'], 'default')).toEqual({ rejected: true, applied: 'default', recorded: 'default' });
  });

  test.each([['validate'], ['plan']])('GIVEN the command %s THEN V8 keeps its defaults (data made under them is accepted)', (command) => {
    const made = path.join(dir, `default-${command}.bin`);
    expect(compile('default', made, undefined, ['synth'], 'default').applied).toBe('default');
    expect(compile('', path.join(dir, `lean-${command}.bin`), made, [command, '--spec', 'x.yaml'])).toEqual({ rejected: false, applied: 'default', recorded: 'default' });
    expect(compile('', path.join(dir, `synth-${command}.bin`), made, ['synth']).rejected).toBe(true);
  });

  /** In a fresh node under PLATFORM_INTERRUPT_BUDGET=`budget`: applies the flags, runs a loop `rounds` times; whether TurboFan optimized it (compiling on this thread, so that the answer does not depend on timing). */
  function optimized(budget: string, rounds: number): boolean {
    const script = `
      require(${JSON.stringify(path.join(ROOT, 'bin', 'v8-flags.js'))}).applyV8Flags(['synth']);
      function sum(a) { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * 2; return s; }
      const a = Array.from({ length: 100 }, (_, i) => i);
      for (let k = 0; k < ${rounds}; k++) sum(a);
      process.stdout.write(String(%ActiveTierIsTurbofan(sum)));
    `;
    const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--no-concurrent-recompilation', '-e', script], { encoding: 'utf8', env: { ...process.env, PLATFORM_INTERRUPT_BUDGET: budget } });
    if (r.status !== 0) throw new Error(r.stderr);
    return r.stdout === 'true';
  }

  test("GIVEN a loop run 300 times THEN V8's own budget optimizes it and the synth's does not; run 5000 times, the synth's optimizes it too", () => {
    expect(optimized('default', 300)).toBe(true);
    expect(optimized('', 300)).toBe(false);
    expect(optimized('', 5000)).toBe(true);
  });
});
