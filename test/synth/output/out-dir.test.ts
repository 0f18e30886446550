import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  checkOutDir,
  findLeftovers,
  hasMarker,
  OUT_MARKER,
  OUT_MARKER_TEXT,
  recoverOut,
  removeOwnTree,
  type OutCheckContext,
} from '../../../synth/output/out-dir';

/** A pid that no process has (a child that has exited). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

describe('checkOutDir: which folders synth may replace', () => {
  let work: string;
  let ctx: OutCheckContext;
  beforeEach(() => {
    work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'platform-outdir-')));
    fs.writeFileSync(path.join(work, 'spec.yaml'), 'version: 1\n');
    fs.mkdirSync(path.join(work, 'mine'));
    fs.writeFileSync(path.join(work, 'mine', 'notes.txt'), 'my notes\n');
    fs.mkdirSync(path.join(work, 'empty'));
    fs.mkdirSync(path.join(work, 'marked'));
    fs.writeFileSync(path.join(work, 'marked', OUT_MARKER), OUT_MARKER_TEXT);
    fs.writeFileSync(path.join(work, 'marked', 'report.md'), '# old\n');
    fs.mkdirSync(path.join(work, 'fake-marker'));
    fs.writeFileSync(path.join(work, 'fake-marker', OUT_MARKER), 'something else\n');
    fs.writeFileSync(path.join(work, 'file.txt'), 'abc');
    fs.symlinkSync('mine', path.join(work, 'link'));
    fs.symlinkSync('loop', path.join(work, 'loop'));
    fs.symlinkSync('nowhere', path.join(work, 'dangling'));
    fs.symlinkSync('/proc', path.join(work, 'to-proc'));
    fs.mkdirSync(path.join(work, 'pkg'));
    fs.writeFileSync(path.join(work, 'pkg', 'package.json'), '{}');
    fs.mkdirSync(path.join(work, 'repo', 'sub'), { recursive: true });
    fs.mkdirSync(path.join(work, 'repo', '.git'));
    fs.mkdirSync(path.join(work, 'cwd', 'inner'), { recursive: true });
    spawnSync('mkfifo', [path.join(work, 'fifo')]);
    ctx = { cwd: path.join(work, 'cwd'), spec: path.join(work, 'spec.yaml'), forWrite: true };
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  test.each([
    ['', 'out-empty', 'the output folder path is empty', 'Did you mean'],
    ['/', 'out-root', 'it is the filesystem root', 'found /'],
    ['/proc/1', 'out-system', 'under /proc', 'a folder outside /proc, /sys, /dev'],
    ['/sys/kernel', 'out-system', 'under /sys', ''],
    ['/dev/shm/out', 'out-system', 'under /dev', ''],
    ['{w}/to-proc/x', 'out-system', 'it resolves to /proc/x', ''],
    ['{w}/link', 'out-symlink', 'symbolic link', 'a link to mine'],
    ['{w}/loop', 'out-symlink', 'symbolic link', 'loops'],
    ['{w}/dangling', 'out-symlink', 'symbolic link', 'a dangling link to nowhere'],
    ['{w}/loop/x', 'out-symlink', 'loops', ''],
    ['{w}/file.txt', 'out-not-directory', 'it is not a folder', 'a regular file of 3 bytes'],
    ['{w}/fifo', 'out-not-directory', 'it is not a folder', 'a named pipe (FIFO)'],
    ['/dev/null', 'out-system', 'under /dev', ''],
    ['{w}/file.txt/sub', 'out-not-directory', 'file.txt is not a folder', ''],
    ['.', 'out-cwd', 'it is the current directory', 'Did you mean `--out dist`'],
    ['inner/..', 'out-cwd', 'it is the current directory', ''],
    ['..', 'out-spec-ancestor', 'it holds the spec', 'spec.yaml inside it'],
    ['{w}', 'out-spec-ancestor', 'it holds the spec', 'spec.yaml inside it'],
    ['{w}/pkg', 'out-repo-root', 'it holds package.json', ''],
    ['{w}/repo', 'out-repo-root', 'it holds .git', ''],
    ['{w}/mine', 'out-not-ours', 'this one holds files it did not write (no .platform-out)', '1 entry: notes.txt'],
    ['{w}/fake-marker', 'out-not-ours', 'no .platform-out', '1 entry: .platform-out'],
  ])('GIVEN --out %p THEN it is refused with %s', (out, code, message, detail) => {
    const before = fs.readFileSync(path.join(work, 'mine', 'notes.txt'), 'utf8');
    const r = checkOutDir(out.replace('{w}', work), ctx);
    expect(r.target).toBeUndefined();
    expect(r.diagnostic).toMatchObject({ code, severity: 'error', path: '--out' });
    const text = `${r.diagnostic!.message} (expected ${r.diagnostic!.expected}, found ${r.diagnostic!.found}). Did you mean \`${r.diagnostic!.suggestion}\``;
    expect(text).toContain(message);
    expect(text).toContain(detail);
    expect(r.diagnostic!.expected).toBeTruthy();
    expect(fs.readFileSync(path.join(work, 'mine', 'notes.txt'), 'utf8')).toBe(before);
  });

  test('GIVEN a repository (a .git folder, or a .git file as in a worktree) THEN its root is refused, a subfolder is not', () => {
    const inRepo = { ...ctx, cwd: path.join(work, 'repo', 'sub') };
    expect(checkOutDir(path.join(work, 'repo', 'sub', 'dist'), inRepo).target).toBeDefined();
    fs.rmSync(path.join(work, 'repo', '.git'), { recursive: true });
    fs.writeFileSync(path.join(work, 'repo', '.git'), 'gitdir: elsewhere\n');
    expect(checkOutDir(path.join(work, 'repo'), ctx).diagnostic?.code).toBe('out-repo-root');
  });

  test.each([
    ['{w}/dist', false],
    ['{w}/deeper/still/dist', false],
    ['{w}/empty', true],
    ['{w}/marked', true],
    ['dist', false],
  ])('GIVEN --out %p (absent, empty or marked) THEN it is accepted', (out, exists) => {
    const r = checkOutDir(out.replace('{w}', work), ctx);
    expect(r.diagnostic).toBeUndefined();
    expect(r.target).toMatchObject({ exists });
    expect(path.isAbsolute(r.target!.dir)).toBe(true);
  });

  test('GIVEN --check (read only) THEN a folder without the marker is accepted, the other rules still hold', () => {
    expect(checkOutDir(path.join(work, 'mine'), { ...ctx, forWrite: false }).target).toBeDefined();
    expect(checkOutDir('/', { ...ctx, forWrite: false }).diagnostic?.code).toBe('out-root');
    expect(checkOutDir(path.join(work, 'link'), { ...ctx, forWrite: false }).diagnostic?.code).toBe('out-symlink');
  });

  test('GIVEN the marker THEN only a regular file starting with the signature counts', () => {
    expect(hasMarker(path.join(work, 'marked'))).toBe(true);
    expect(hasMarker(path.join(work, 'fake-marker'))).toBe(false);
    fs.mkdirSync(path.join(work, 'dir-marker', OUT_MARKER), { recursive: true });
    expect(hasMarker(path.join(work, 'dir-marker'))).toBe(false);
    fs.mkdirSync(path.join(work, 'link-marker'));
    fs.symlinkSync(path.join(work, 'marked', OUT_MARKER), path.join(work, 'link-marker', OUT_MARKER));
    expect(hasMarker(path.join(work, 'link-marker'))).toBe(false);
  });
});

describe('leftovers of interrupted runs', () => {
  let parent: string;
  beforeEach(() => (parent = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-leftover-'))));
  afterEach(() => fs.rmSync(parent, { recursive: true, force: true }));

  const tree = (name: string, files: Record<string, string>) => {
    for (const [f, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(parent, name, f)), { recursive: true });
      fs.writeFileSync(path.join(parent, name, f), text);
    }
    if (!Object.keys(files).length) fs.mkdirSync(path.join(parent, name));
  };

  test('GIVEN DIR missing and a previous tree of a dead run THEN recovery renames it back and removes the staging tree', () => {
    const dead = deadPid();
    tree(`.dist-old-${dead}-aa`, { [OUT_MARKER]: OUT_MARKER_TEXT, 'report.md': 'old\n' });
    tree(`.dist-new-${dead}-bb`, { [OUT_MARKER]: OUT_MARKER_TEXT, 'report.md': 'new\n' });
    recoverOut(parent, 'dist');
    expect(fs.readdirSync(parent)).toEqual(['dist']);
    expect(fs.readFileSync(path.join(parent, 'dist', 'report.md'), 'utf8')).toBe('old\n');
  });

  test('GIVEN leftovers that are not ours, of a running process, or a symlink THEN they are left alone; ours are removed', () => {
    const dead = deadPid();
    tree('dist', { [OUT_MARKER]: OUT_MARKER_TEXT });
    tree(`.dist-new-${dead}-01`, { [OUT_MARKER]: OUT_MARKER_TEXT, 'a/b.txt': 'x' }); // ours: removed
    tree(`.dist-old-${dead}-02`, {}); // empty: removed
    tree(`.dist-old-${dead}-03`, { 'users-file.txt': 'precious' }); // no marker: kept
    tree(`.dist-new-${process.pid}-04`, { [OUT_MARKER]: OUT_MARKER_TEXT }); // a running synth's: kept
    fs.symlinkSync(path.join(parent, 'dist'), path.join(parent, `.dist-old-${dead}-05`)); // a link: kept
    tree('.dist-new-notapid', { [OUT_MARKER]: OUT_MARKER_TEXT }); // not our pattern: kept
    tree(`.other-new-${dead}-06`, { [OUT_MARKER]: OUT_MARKER_TEXT }); // another DIR's: kept
    recoverOut(parent, 'dist');
    expect(fs.readdirSync(parent).sort()).toEqual(
      ['dist', `.dist-old-${dead}-03`, `.dist-new-${process.pid}-04`, `.dist-old-${dead}-05`, '.dist-new-notapid', `.other-new-${dead}-06`].sort(),
    );
    expect(fs.readFileSync(path.join(parent, `.dist-old-${dead}-03`, 'users-file.txt'), 'utf8')).toBe('precious');
    expect(findLeftovers(parent, 'dist').map((l) => l.name).sort()).toEqual([`.dist-new-${process.pid}-04`, `.dist-old-${dead}-03`, `.dist-old-${dead}-05`].sort());
  });

  test('GIVEN a removal interrupted at any step THEN what is left is still marked or empty, so the next run removes it', () => {
    tree('t', { [OUT_MARKER]: OUT_MARKER_TEXT, 'a.txt': 'a', 'b/c.txt': 'c', 'z.txt': 'z' });
    const states: string[][] = [];
    removeOwnTree(path.join(parent, 't'), () => {
      const p = path.join(parent, 't');
      states.push(fs.existsSync(p) ? fs.readdirSync(p).sort() : ['<gone>']);
    });
    expect(states).toEqual([[OUT_MARKER, 'b', 'z.txt'], [OUT_MARKER, 'z.txt'], [OUT_MARKER], [], ['<gone>']]);
  });
});
