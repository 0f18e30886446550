/**
 * The CLI's old-space growth (bin/heap.js): the setting read from PLATFORM_HEAP_GROWING, and proof that it reaches
 * V8 (V8 rejects a code cache made under other flags, so data made with the flag set is refused without it).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const heap = require(path.join(ROOT, 'bin', 'heap.js')) as {
  HEAP_GROWING_PERCENT: number;
  heapGrowing(env: Record<string, string | undefined>): number | 'default';
  appliedHeapGrowing(env: Record<string, string | undefined>): string;
};

describe('heapGrowing', () => {
  test.each([
    [undefined, heap.HEAP_GROWING_PERCENT],
    ['', heap.HEAP_GROWING_PERCENT],
    ['default', 'default'],
    ['35', 35],
    ['400', 400],
    ['0', heap.HEAP_GROWING_PERCENT],
    ['401', heap.HEAP_GROWING_PERCENT],
    ['2.5', heap.HEAP_GROWING_PERCENT],
    ['lots', heap.HEAP_GROWING_PERCENT],
  ] as const)('GIVEN PLATFORM_HEAP_GROWING=%p THEN the setting is %p', (value, setting) => {
    expect(heap.heapGrowing({ PLATFORM_HEAP_GROWING: value })).toBe(setting);
  });

  test.each([
    [undefined, 'default'],
    ['', 'default'],
    ['20', '20'],
    ['default', 'default'],
  ])('GIVEN PLATFORM_HEAP_GROWING_APPLIED=%p THEN this thread runs with %p', (value, applied) => {
    expect(heap.appliedHeapGrowing({ PLATFORM_HEAP_GROWING_APPLIED: value })).toBe(applied);
  });

  test('the default bounds the growth (V8 grows up to 4x without it)', () => {
    expect(heap.HEAP_GROWING_PERCENT).toBeGreaterThan(0);
    expect(heap.HEAP_GROWING_PERCENT).toBeLessThan(100);
  });
});

describe('applyHeapGrowing', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-heap-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** In a fresh node under `setting`: applies it, compiles one script, reuses `data` if given; writes its data to `out`. */
  function compile(setting: string, out: string, data?: string, argv: readonly string[] = ['synth']): { rejected: boolean; applied: string } {
    const script = `
      const applied = String(require(${JSON.stringify(path.join(ROOT, 'bin', 'heap.js'))}).applyHeapGrowing(${JSON.stringify(argv)}));
      const vm = require('vm'), fs = require('fs');
      const cachedData = ${data ? `fs.readFileSync(${JSON.stringify(data)})` : 'undefined'};
      const s = new vm.Script('function f(x) { return x * 2; } f(21);', { filename: 'probe.js', cachedData });
      s.runInThisContext();
      fs.writeFileSync(${JSON.stringify(out)}, s.createCachedData());
      process.stdout.write(JSON.stringify({ rejected: s.cachedDataRejected === true, applied, recorded: process.env.PLATFORM_HEAP_GROWING_APPLIED }));
    `;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, PLATFORM_HEAP_GROWING: setting } });
    if (r.status !== 0) throw new Error(r.stderr);
    const result = JSON.parse(r.stdout) as { rejected: boolean; applied: string; recorded: string };
    expect(result.recorded).toBe(result.applied);
    return result;
  }

  test('GIVEN data V8 made with the flag set THEN V8 accepts it with the flag and rejects it under its default: the flag is set', () => {
    const made = path.join(dir, 'made.bin');
    compile('', made);
    expect(compile('', path.join(dir, 'again.bin'), made).rejected).toBe(false);
    expect(compile('default', path.join(dir, 'other.bin'), made).rejected).toBe(true);
    expect(compile('35', path.join(dir, 'other35.bin'), made).rejected).toBe(true);
  });

  test.each([['validate'], ['plan']])('GIVEN the command %s THEN V8 keeps its default (data made under the default is accepted)', (command) => {
    const made = path.join(dir, `default-${command}.bin`);
    expect(compile('default', made).applied).toBe('default');
    expect(compile('', path.join(dir, `lean-${command}.bin`), made, [command, '--spec', 'x.yaml'])).toEqual({ rejected: false, applied: 'default', recorded: 'default' });
    expect(compile('', path.join(dir, `synth-${command}.bin`), made, ['synth']).rejected).toBe(true);
  });
});
