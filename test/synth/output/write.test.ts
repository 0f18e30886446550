import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { diffTrees, formatTreeDiff, isEmptyDiff } from '../../../synth/output/diff';
import { RENAMEAT2_SYSCALL } from '../../../synth/output/exchange';
import { OUT_MARKER, OUT_MARKER_TEXT, recoverOut } from '../../../synth/output/out-dir';
import { compareWithTree, diffWithTree, fileIdentity, readOld, readTree, writeTree, type SwapKind, type WriteOptions } from '../../../synth/output/write';

const tree = (entries: Record<string, string>) => new Map([[OUT_MARKER, OUT_MARKER_TEXT], ...Object.entries(entries)]);
const OLD = tree({ 'a.txt': 'A\n', 'old/x.txt': 'X\n', 'deep/er/y.txt': 'Y\n' });
const NEW = tree({ 'a.txt': 'A2\n', 'b/c.txt': 'C\n', 'deep/z.txt': 'Z\n' });
const NEXT = tree({ 'next.txt': 'N\n' });
const USER_FILE = 'my-notes.txt';
const USER_TEXT = Buffer.from([0, 1, 2, 255, 10, 0x41]);

/** A pid that no process has (a child that has exited). */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());
}

function same(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

/** What DIR holds: the old tree, the new tree, nothing, or something else (a failure). */
function classify(dir: string): 'old' | 'new' | 'missing' | 'other' {
  if (!fs.existsSync(dir)) return 'missing';
  const t = readTree(dir);
  return same(t, OLD) ? 'old' : same(t, NEW) ? 'new' : 'other';
}

describe('writeTree', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-write-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('GIVEN an old tree WHEN a new one is written THEN it replaces the old one entirely and leaves no staging folder', () => {
    const out = path.join(dir, 'dist');
    expect(writeTree(out, OLD)).toBe('created');
    writeTree(out, NEW);
    expect(readTree(out)).toEqual(NEW);
    expect(fs.readdirSync(dir)).toEqual(['dist']);
  });

  test('GIVEN a write that fails half-way THEN the previous tree is untouched and nothing is left behind', () => {
    const out = path.join(dir, 'dist');
    writeTree(out, OLD);
    // 'x' as a file and as a folder: the second write cannot complete.
    expect(() => writeTree(out, tree({ x: 'file', 'x/y': 'nested' }))).toThrow();
    expect(readTree(out)).toEqual(OLD);
    expect(fs.readdirSync(dir)).toEqual(['dist']);
  });

  test('GIVEN files without the marker THEN writeTree refuses (every output must be recognisable as synth\'s)', () => {
    expect(() => writeTree(path.join(dir, 'dist'), new Map([['a', 'b']]))).toThrow(/marker/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('GIVEN a new DIR THEN it gets the mode mkdir gives (0777 minus the umask), not mkdtemp\'s 0700; an existing DIR keeps its mode', () => {
    const out = path.join(dir, 'dist');
    writeTree(out, OLD);
    const umask = process.umask();
    expect((fs.statSync(out).mode & 0o777).toString(8)).toBe((0o777 & ~umask).toString(8));
    expect((fs.statSync(path.join(out, 'old')).mode & 0o777).toString(8)).toBe((0o777 & ~umask).toString(8));
    fs.chmodSync(out, 0o750);
    writeTree(out, NEW);
    expect((fs.statSync(out).mode & 0o777).toString(8)).toBe('750');
  });

  describe('GIVEN an old tree holding some of the new files byte for byte', () => {
    const KEEP = tree({ 'same.txt': 'S\n', 'deep/same.txt': 'D\n', 'sized.txt': 'AB\n', 'gone.txt': 'G\n' });
    const NEXT_KEEP = tree({ 'same.txt': 'S\n', 'deep/same.txt': 'D\n', 'sized.txt': 'XY\n', 'added.txt': 'N\n' });
    const ino = (f: string) => fs.statSync(f).ino;

    test.each<{ what: string; prepare: (out: string) => void; linked: boolean }>([
      { what: 'nothing else touched them', prepare: () => undefined, linked: true },
      { what: 'one was edited in place since (same size)', prepare: (out) => fs.writeFileSync(path.join(out, 'same.txt'), 'T\n'), linked: false },
      { what: 'one has another mode', prepare: (out) => fs.chmodSync(path.join(out, 'same.txt'), 0o600), linked: false },
      { what: 'one has a second hard link outside the tree', prepare: (out) => fs.linkSync(path.join(out, 'same.txt'), path.join(dir, 'outside.txt')), linked: false },
      {
        what: 'one is a symbolic link to a file with those bytes',
        prepare: (out) => {
          fs.writeFileSync(path.join(dir, 'target.txt'), 'S\n');
          fs.rmSync(path.join(out, 'same.txt'));
          fs.symlinkSync(path.join(dir, 'target.txt'), path.join(out, 'same.txt'));
        },
        linked: false,
      },
    ])('WHEN $what and the new tree is written THEN DIR holds exactly the new tree (unchanged files linked: $linked), with the modes of new files', ({ prepare, linked }) => {
      const out = path.join(dir, 'dist');
      writeTree(out, KEEP);
      prepare(out);
      const before = fs.lstatSync(path.join(out, 'same.txt'));
      const untouched = ino(path.join(out, 'deep/same.txt'));
      writeTree(out, NEXT_KEEP);
      expect(readTree(out)).toEqual(NEXT_KEEP);
      expect(ino(path.join(out, 'deep/same.txt'))).toBe(untouched); // linked, not written again
      expect(fs.lstatSync(path.join(out, 'same.txt')).ino === before.ino).toBe(linked);
      const fresh = (0o666 & ~process.umask()).toString(8);
      for (const f of NEXT_KEEP.keys()) {
        const st = fs.lstatSync(path.join(out, f));
        expect([f, st.isFile(), st.nlink, (st.mode & 0o777).toString(8)]).toEqual([f, true, 1, fresh]);
      }
      // a file outside DIR never shares its inode with DIR: editing it in place changes nothing of the output
      for (const outside of ['outside.txt', 'target.txt'].map((f) => path.join(dir, f)).filter((f) => fs.existsSync(f))) {
        fs.writeFileSync(outside, 'changed\n');
        expect(readTree(out)).toEqual(NEXT_KEEP);
      }
    });

    test.each<{ what: string; touch: (file: string) => void; readBack: boolean; linked: boolean }>([
      { what: 'nothing touched it since', touch: () => undefined, readBack: false, linked: true },
      {
        what: 'it was rewritten in place with other bytes of the same size, its times set back',
        touch: (file) => {
          const st = fs.statSync(file);
          fs.writeFileSync(file, 'T\n');
          fs.utimesSync(file, st.atime, st.mtime);
        },
        readBack: true,
        linked: false,
      },
      {
        what: 'another file with the same bytes was renamed over it',
        touch: (file) => {
          fs.writeFileSync(`${file}.tmp`, 'S\n');
          fs.renameSync(`${file}.tmp`, file);
        },
        readBack: true,
        linked: true,
      },
    ])('WHEN the diff compared a file and $what, and the new tree is written with the diff\'s verified files THEN DIR holds exactly the new tree (read back: $readBack, linked: $linked)', ({ touch, readBack, linked }) => {
      const out = path.join(dir, 'dist');
      writeTree(out, KEEP);
      const diff = diffWithTree(out, NEXT_KEEP);
      expect([...diff.same.keys()].sort()).toEqual([OUT_MARKER, 'deep/same.txt', 'same.txt'].sort());
      const file = path.join(out, 'same.txt');
      touch(file);
      const before = fs.lstatSync(file).ino;
      const reads: string[] = [];
      const nodeFs = require('fs') as typeof fs; // the module object itself (the import above is a namespace copy)
      const readFileSync = nodeFs.readFileSync;
      const spy = jest.spyOn(nodeFs, 'readFileSync').mockImplementation(((p: fs.PathOrFileDescriptor, o?: unknown) => {
        reads.push(String(p));
        return (readFileSync as (p: fs.PathOrFileDescriptor, o?: unknown) => string | Buffer)(p, o);
      }) as typeof fs.readFileSync);
      try {
        writeTree(out, NEXT_KEEP, { verified: diff.same });
      } finally {
        spy.mockRestore();
      }
      expect(readTree(out)).toEqual(NEXT_KEEP);
      expect(fs.lstatSync(file).ino === before).toBe(linked);
      // the untouched verified file is linked without being read back; a touched one is read back (and written anew when it differs)
      expect(reads.some((r) => r.endsWith('/deep/same.txt'))).toBe(false);
      expect(reads.some((r) => r.endsWith('/same.txt') && !r.endsWith('/deep/same.txt'))).toBe(readBack);
    });
  });

  test('GIVEN an empty DIR THEN the new tree is renamed over it (atomic for an empty folder)', () => {
    fs.mkdirSync(path.join(dir, 'dist'));
    expect(writeTree(path.join(dir, 'dist'), NEW, { noExchange: true })).toBe('replaced-empty');
    expect(readTree(path.join(dir, 'dist'))).toEqual(NEW);
  });

  const exchangeHere = process.platform === 'linux' && RENAMEAT2_SYSCALL[process.arch] !== undefined && spawnSync('perl', ['-e', '1']).status === 0;
  test('GIVEN Linux on a known architecture with perl (this machine) THEN the swap is one renameat2(RENAME_EXCHANGE)', () => {
    expect(exchangeHere).toBe(process.platform === 'linux' && ['x64', 'arm64'].includes(process.arch));
    if (!exchangeHere) return;
    const out = path.join(dir, 'dist');
    writeTree(out, OLD);
    const steps: string[] = [];
    expect(writeTree(out, NEW, { onStep: (s) => steps.push(s) })).toBe('exchanged');
    expect(steps).toContain('exchanged');
    expect(steps).not.toContain('renamed old');
  });

  // Crash simulation: the state of the folders after every change is exactly what a SIGKILL right after that
  // system call leaves (a kill changes no file). Each state is copied, then checked, then repaired by the next run.
  const modes: [string, WriteOptions, SwapKind][] = [
    ['the atomic exchange', {}, exchangeHere ? 'exchanged' : 'two-renames'],
    ['the two-rename fallback', { noExchange: true }, 'two-renames'],
  ];
  test.each(modes)('GIVEN %s WHEN killed after any step THEN DIR is old or new (or, only between the two renames, restorable) and the next run repairs it', (_name, options, kind) => {
    const parent = path.join(dir, 'p');
    const out = path.join(parent, 'dist');
    writeTree(out, OLD);
    fs.writeFileSync(path.join(parent, USER_FILE), USER_TEXT);
    const states: { step: string; copy: string }[] = [];
    const copies = path.join(dir, 'copies');
    const onStep = (step: string) => {
      const copy = path.join(copies, String(states.length));
      fs.cpSync(parent, copy, { recursive: true, verbatimSymlinks: true });
      states.push({ step, copy });
    };
    expect(writeTree(out, NEW, { ...options, onStep })).toBe(kind);
    expect(states.length).toBeGreaterThan(NEW.size + 3);

    const dead = deadPid();
    const seen = new Set<string>();
    for (const { step, copy } of states) {
      const state = classify(path.join(copy, 'dist'));
      seen.add(state);
      expect({ step, user: fs.readFileSync(path.join(copy, USER_FILE)).equals(USER_TEXT) }).toEqual({ step, user: true });
      if (state === 'missing') {
        // The one instant of the fallback: the old tree is complete beside DIR, recoverOut renames it back.
        expect({ step, kind }).toEqual({ step: 'renamed old', kind: 'two-renames' });
      } else {
        expect({ step, state }).toEqual({ step, state: expect.stringMatching(/^(old|new)$/) });
      }
      // The process is dead now: its leftovers carry a dead pid.
      for (const name of fs.readdirSync(copy)) {
        if (name.includes(`-${process.pid}-`)) fs.renameSync(path.join(copy, name), path.join(copy, name.replace(`-${process.pid}-`, `-${dead}-`)));
      }
      const recovered = path.join(dir, 'recovered');
      fs.cpSync(copy, recovered, { recursive: true });
      recoverOut(recovered, 'dist');
      expect({ step, state: classify(path.join(recovered, 'dist')), left: fs.readdirSync(recovered).sort() }).toEqual({
        step,
        state: state === 'missing' ? 'old' : state,
        left: ['dist', USER_FILE].sort(),
      });
      fs.rmSync(recovered, { recursive: true });
      // The next run: recovers, then writes its own tree.
      writeTree(path.join(copy, 'dist'), NEXT, options);
      expect({ step, next: same(readTree(path.join(copy, 'dist')), NEXT), left: fs.readdirSync(copy).sort() }).toEqual({ step, next: true, left: ['dist', USER_FILE].sort() });
      expect(fs.readFileSync(path.join(copy, USER_FILE)).equals(USER_TEXT)).toBe(true);
    }
    expect([...seen].sort()).toEqual(kind === 'two-renames' ? ['missing', 'new', 'old'] : ['new', 'old']);
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

  test('GIVEN a link or a special file inside DIR THEN readTree does not follow it (a link to /dev/zero cannot hang --check)', () => {
    fs.writeFileSync(path.join(dir, 'f.txt'), 'F');
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero'));
    expect(readTree(dir)).toEqual(new Map([['f.txt', 'F'], ['zero', '<not a regular file: zero>']]));
  });

  const DIFF_CASES = [
    [{ a: '1' }, { a: '1' }],
    [{ a: '1' }, { a: '2' }], // same size, other bytes
    [{ a: '1' }, { a: '10' }],
    [{ 'x/é.txt': 'ünïcode\n' }, { 'x/é.txt': 'ünïcode\n', 'x/y/z.txt': '' }],
    [{ 'x/é.txt': 'ünïcode\n' }, { 'x/é.txt': 'unïcodee\n' }], // same length in UTF-16, not in bytes
    [{ a: '1', 'd/e/f': 'F', z: '9' }, { b: '2', 'd/e/g': 'G' }],
    [{}, { a: '1', 'b/c': '2' }],
  ] as const;

  test.each(DIFF_CASES)('GIVEN a folder holding %p WHEN %p is compared with it THEN diffWithTree lists what diffTrees of the whole folder lists', (before, after) => {
    const out = path.join(dir, 'dist');
    for (const [f, text] of Object.entries(before)) {
      fs.mkdirSync(path.dirname(path.join(out, f)), { recursive: true });
      fs.writeFileSync(path.join(out, f), text);
    }
    const files = new Map(Object.entries(after));
    const { same, ...d } = diffWithTree(out, files);
    expect(d).toEqual(diffTrees(readTree(out), files));
    // the files of both trees with the same bytes, each with the identity it was compared under
    expect([...same.keys()].sort()).toEqual(Object.keys(after).filter((f) => f in before && (before as Record<string, string>)[f] === (after as Record<string, string>)[f]).sort());
    for (const [f, identity] of same) expect(identity).toBe(fileIdentity(fs.lstatSync(path.join(out, f), { bigint: true })));
    expect(d.changed).toEqual(Object.keys(after).filter((f) => f in before && (before as Record<string, string>)[f] !== (after as Record<string, string>)[f]).sort());
  });

  describe('GIVEN the files were compared with the folder while they were made (compareWithTree)', () => {
    const OLD_FILES = { 'a.txt': 'A\n', 'b/c.txt': 'C\n', 'd.txt': 'D\n', 'gone.txt': 'G\n' };
    const NEW_FILES = new Map(Object.entries({ 'a.txt': 'A\n', 'b/c.txt': 'C2\n', 'd.txt': 'D\n', 'new.txt': 'N\n' }));
    /** The folder, the comparisons made then, and the file paths diffWithTree reads afterwards. */
    function setUp(touch: (out: string) => void): { out: string; reads: string[]; diff: ReturnType<typeof diffWithTree> } {
      const out = path.join(dir, 'dist');
      for (const [f, text] of Object.entries(OLD_FILES)) {
        fs.mkdirSync(path.dirname(path.join(out, f)), { recursive: true });
        fs.writeFileSync(path.join(out, f), text);
      }
      const compared = compareWithTree(out, NEW_FILES);
      expect([...compared].map(([f, c]) => [f, c.same]).sort()).toEqual([['a.txt', true], ['b/c.txt', false], ['d.txt', true]]);
      touch(out);
      const reads: string[] = [];
      const nodeFs = require('fs') as typeof fs;
      const readFileSync = nodeFs.readFileSync;
      const spy = jest.spyOn(nodeFs, 'readFileSync').mockImplementation(((p: fs.PathOrFileDescriptor, o?: unknown) => {
        reads.push(path.relative(out, String(p)));
        return (readFileSync as (p: fs.PathOrFileDescriptor, o?: unknown) => string | Buffer)(p, o);
      }) as typeof fs.readFileSync);
      try {
        return { out, reads, diff: diffWithTree(out, NEW_FILES, compared) };
      } finally {
        spy.mockRestore();
      }
    }

    test('WHEN nothing touched the folder since THEN diffWithTree reads no file again and lists what a full comparison lists', () => {
      const { out, reads, diff } = setUp(() => undefined);
      expect(reads).toEqual([]);
      const { same, ...lists } = diff;
      expect(lists).toEqual(diffTrees(readTree(out), NEW_FILES));
      expect([...same.keys()].sort()).toEqual(['a.txt', 'd.txt']);
    });

    test.each<[string, (out: string) => void, { changed: string[]; same: string[]; read: string[] }]>([
      ['an equal file was edited in place (same size)', (out) => fs.writeFileSync(path.join(out, 'a.txt'), 'B\n'), { changed: ['a.txt', 'b/c.txt'], same: ['d.txt'], read: ['a.txt'] }],
      ['a changed file was edited to hold the new text', (out) => fs.writeFileSync(path.join(out, 'b/c.txt'), 'C2\n'), { changed: [], same: ['a.txt', 'b/c.txt', 'd.txt'], read: ['b/c.txt'] }],
      ['an equal file was replaced by a link', (out) => (fs.rmSync(path.join(out, 'd.txt')), fs.symlinkSync('a.txt', path.join(out, 'd.txt'))), { changed: ['b/c.txt', 'd.txt'], same: ['a.txt'], read: [] }],
    ])('WHEN %s after the comparison THEN diffWithTree sees it (reading only that file again)', (_what, touch, expected) => {
      const { out, reads, diff } = setUp(touch);
      expect(diff.changed).toEqual(expected.changed);
      expect([...diff.same.keys()].sort()).toEqual(expected.same);
      expect(reads.sort()).toEqual(expected.read);
      const { same: _same, ...lists } = diff;
      expect(lists).toEqual(diffTrees(readTree(out), NEW_FILES));
    });

    test('WHEN a comparison was made with another text than the file now has in the output THEN it is not used', () => {
      const out = path.join(dir, 'dist');
      fs.mkdirSync(out, { recursive: true });
      fs.writeFileSync(path.join(out, 'a.txt'), 'A\n');
      const compared = compareWithTree(out, new Map([['a.txt', 'A\n']]));
      expect(diffWithTree(out, new Map([['a.txt', 'Z\n']]), compared).changed).toEqual(['a.txt']);
    });
  });

  test('GIVEN no folder THEN every file is added', () => {
    expect(diffWithTree(path.join(dir, 'missing'), new Map([['b', '1'], ['a', '2']]))).toEqual({ added: ['a', 'b'], removed: [], changed: [], same: new Map() });
  });

  test('GIVEN a link to /dev/zero inside DIR THEN diffWithTree does not follow it: changed when the output has that file, removed when not', () => {
    fs.writeFileSync(path.join(dir, 'f.txt'), 'F');
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero'));
    fs.symlinkSync('f.txt', path.join(dir, 'link'));
    const d = diffWithTree(dir, new Map([['f.txt', 'F'], ['zero', '']]));
    expect(d).toMatchObject({ added: [], removed: ['link'], changed: ['zero'] });
    expect([...d.same.keys()]).toEqual(['f.txt']);
  });

  test('GIVEN an old file this user cannot read THEN diffWithTree lists it as changed instead of failing', () => {
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'S');
    fs.chmodSync(path.join(dir, 'secret.txt'), 0o000);
    const unreadable = (() => {
      try {
        fs.readFileSync(path.join(dir, 'secret.txt'));
        return false;
      } catch {
        return true;
      }
    })();
    const d = diffWithTree(dir, new Map([['secret.txt', 'S']]));
    expect(d).toMatchObject({ added: [], removed: [], changed: unreadable ? ['secret.txt'] : [] });
    expect([...d.same.keys()]).toEqual(unreadable ? [] : ['secret.txt']);
  });

  test('GIVEN a folder WHEN readOld asks for a file THEN its text; undefined for a missing file, a folder or a link', () => {
    fs.writeFileSync(path.join(dir, 'plan.json'), '{}\n');
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.symlinkSync('plan.json', path.join(dir, 'link.json'));
    expect([readOld(dir, 'plan.json'), readOld(dir, 'none.json'), readOld(dir, 'sub'), readOld(dir, 'link.json')]).toEqual(['{}\n', undefined, undefined, undefined]);
  });
});
