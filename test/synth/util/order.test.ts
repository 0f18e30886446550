import * as fs from 'fs';
import * as path from 'path';
import { compile } from '../../../synth/compile';
import { renderReport } from '../../../synth/output/report';
import { toJson } from '../../../synth/output/serialize';
import { compareText, formatGrouped, sortKeys } from '../../../synth/util/order';
import { ROOT, SPEC_FILE } from '../../helpers/reference';

describe('compareText', () => {
  test.each([
    ['a', 'b', -1],
    ['b', 'a', 1],
    ['a', 'a', 0],
    ['a-b', 'ab', -1],
    ['a1', 'a_', -1], // localeCompare puts `_` first
    ['B', 'a', -1], // localeCompare puts `a` first
    ['eu-west', 'eu-west-2', -1],
  ] as const)('GIVEN %p and %p THEN %p, the default sort order', (a, b, sign) => {
    expect(Math.sign(compareText(a, b))).toBe(sign);
    expect([a, b].sort()[0]).toBe(sign <= 0 ? a : b);
  });
});

describe('formatGrouped', () => {
  test.each([
    [0, 0, '0'],
    [999, 0, '999'],
    [1000, 0, '1,000'],
    [1234567, 0, '1,234,567'],
    [-1234, 0, '-1,234'],
    [1234.5, 2, '1,234.50'],
    [1.005, 2, '1.01'], // rounds the shortest decimal form (1.005), not the double below it
    [999.995, 2, '1,000.00'],
    [0.0001, 2, '0.00'],
    [1e-7, 2, '0.00'],
    [1e21, 0, '1,000,000,000,000,000,000,000'],
    [-0.001, 2, '0.00'], // no sign on a zero
  ] as const)('GIVEN %p with %p decimals THEN %p', (n, decimals, text) => {
    expect(formatGrouped(n, decimals)).toBe(text);
  });

  test('GIVEN 20,000 numbers of every size THEN the text toLocaleString("en-US") writes for them', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const diffs: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const n = (Math.round(random() * 10 ** (random() * 10) * 1000) / 1000) * (random() < 0.2 ? -1 : 1);
      for (const decimals of [0, 2]) {
        const want = n.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).replace(/^-(?=[0.,]*$)/, '');
        if (formatGrouped(n, decimals) !== want) diffs.push(`${n}/${decimals}: ${formatGrouped(n, decimals)} != ${want}`);
      }
    }
    expect(diffs).toEqual([]);
  });
});

describe('no ICU while compiling', () => {
  test('GIVEN the reference spec WHEN it is validated, planned and its report rendered THEN neither localeCompare nor toLocaleString runs', () => {
    const compareSpy = jest.spyOn(String.prototype, 'localeCompare');
    const numberSpy = jest.spyOn(Number.prototype, 'toLocaleString');
    try {
      const result = compile(SPEC_FILE, fs.readFileSync(SPEC_FILE, 'utf8'), 'plan');
      expect(result.plan).toBeDefined();
      expect(renderReport(result.plan!).length).toBeGreaterThan(1000);
      expect(compareSpy).not.toHaveBeenCalled();
      expect(numberSpy).not.toHaveBeenCalled();
    } finally {
      compareSpy.mockRestore();
      numberSpy.mockRestore();
    }
  });

  test('GIVEN the sources of synth/ and constructs/ THEN none calls localeCompare, toLocaleString or Intl (order and number text come from synth/util/order.ts)', () => {
    const sources = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
    const calls = ['synth', 'constructs']
      .flatMap((d) => sources(path.join(ROOT, d)))
      .flatMap((f) => (/\.(localeCompare|toLocaleString|toLocaleUpperCase|toLocaleLowerCase)\(|\bIntl\./.test(fs.readFileSync(f, 'utf8')) ? [path.relative(ROOT, f)] : []));
    expect(calls).toEqual([]);
  });
});

/** The sorted deep copy sortKeys was before it shared sorted parts (the reference). */
function copySorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copySorted);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = copySorted(v);
    }
    return out;
  }
  return value;
}

class Box {
  a = 1;
  b = { c: 2 };
}

// eslint-disable-next-line no-sparse-arrays
const holey = [1, , 3];

describe('sortKeys', () => {
  test.each<[string, unknown]>([
    ['a sorted object', { a: 1, b: { c: [1, 2, { d: 'x', e: null }] } }],
    ['an unsorted object', { b: 1, a: { d: 2, c: 3 } }],
    ['a sorted object holding an unsorted one deep down', { a: { b: [{ d: 1, c: 2 }] }, z: 1 }],
    ['an undefined member', { a: 1, b: undefined, c: { d: undefined } }],
    ['undefined in an array', [1, undefined, { b: 1, a: 2 }]],
    ['a hole in an array', holey],
    ['integer-like keys', { '10': 'a', '9': 'b', x: 1 }],
    ['a class instance with sorted keys', { a: new Box() }],
    ['a Date', { at: new Date(0) }],
    ['an object without prototype', Object.assign(Object.create(null) as object, { b: 1, a: 2 })],
    ['scalars', [0, -0, '', false, null, 'x']],
    ['an empty object and array', { a: {}, b: [] }],
  ])('GIVEN %s WHEN sorted THEN it equals the sorted deep copy, key order and JSON included', (_, value) => {
    const sorted = sortKeys(value);
    expect(sorted).toEqual(copySorted(value));
    expect(JSON.stringify(sorted)).toBe(JSON.stringify(copySorted(value)));
    expect(toJson(value)).toBe(JSON.stringify(copySorted(value), null, 2) + '\n'); // serialize.ts's JSON files
  });

  test('GIVEN an object whose every level is sorted WHEN sorted THEN the same object comes back (nothing copied)', () => {
    const value = { a: [{ b: 1, c: { d: [1, 2] } }], e: 'x' };
    expect(sortKeys(value)).toBe(value);
  });

  test('GIVEN one unsorted object deep down WHEN sorted THEN only its path is copied and its sorted siblings are shared', () => {
    const sibling = { x: 1, y: [1, 2] };
    const value = { a: { p: sibling, q: { z: 1, w: 2 } }, b: { kept: true } };
    const sorted = sortKeys(value) as typeof value;
    expect(sorted).not.toBe(value);
    expect(sorted.a).not.toBe(value.a);
    expect(Object.keys(sorted.a.q)).toEqual(['w', 'z']);
    expect(sorted.a.p).toBe(sibling);
    expect(sorted.b).toBe(value.b);
    expect(Object.keys(value.a.q)).toEqual(['z', 'w']); // the input is not changed
  });

  test('GIVEN a class instance WHEN sorted THEN a plain object comes back, not the instance', () => {
    const sorted = sortKeys({ box: new Box() }) as { box: unknown };
    expect(Object.getPrototypeOf(sorted.box)).toBe(Object.prototype);
    expect(sorted.box).toEqual({ a: 1, b: { c: 2 } });
  });
});
