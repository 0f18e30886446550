import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { diffTrees, formatTreeDiff, isEmptyDiff } from '../../../synth/output/diff';
import { readTree, writeTree } from '../../../synth/output/write';

describe('write and diff', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-write-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('GIVEN an old tree WHEN a new one is written THEN it replaces the old one entirely and leaves no staging folder', () => {
    const out = path.join(dir, 'dist');
    writeTree(out, new Map([['a.txt', 'A\n'], ['old/x.txt', 'X\n']]));
    writeTree(out, new Map([['a.txt', 'A2\n'], ['b/c.txt', 'C\n']]));
    expect(readTree(out)).toEqual(new Map([['a.txt', 'A2\n'], ['b/c.txt', 'C\n']]));
    expect(fs.readdirSync(dir)).toEqual(['dist']);
  });

  test('GIVEN a write that fails half-way THEN the previous tree is untouched and nothing is left behind', () => {
    const out = path.join(dir, 'dist');
    writeTree(out, new Map([['keep.txt', 'K\n']]));
    // 'x' as a file and as a folder: the second write cannot complete.
    expect(() => writeTree(out, new Map([['x', 'file'], ['x/y', 'nested']]))).toThrow();
    expect(readTree(out)).toEqual(new Map([['keep.txt', 'K\n']]));
    expect(fs.readdirSync(dir)).toEqual(['dist']);
  });

  test.each([
    [{ a: '1' }, { a: '1' }, { added: [], removed: [], changed: [] }],
    [{ a: '1' }, { a: '2', b: '3' }, { added: ['b'], removed: [], changed: ['a'] }],
    [{ a: '1', z: '9' }, {}, { added: [], removed: ['a', 'z'], changed: [] }],
  ])('GIVEN %p -> %p THEN the diff is %p', (before, after, expected) => {
    const d = diffTrees(new Map(Object.entries(before)), new Map(Object.entries(after)));
    expect(d).toEqual(expected);
    expect(isEmptyDiff(d)).toBe(expected.added.length + expected.removed.length + expected.changed.length === 0);
    for (const f of [...expected.added, ...expected.removed, ...expected.changed]) expect(formatTreeDiff(d)).toContain(f);
  });
});
