/**
 * Writes the output folder DIR (dist/) so that it holds the old tree or the new one at every instant:
 * the new tree is built beside DIR in `.<DIR>-new-<pid>-<hex>`, then exchanged with DIR in one
 * renameat2(RENAME_EXCHANGE) (synth/output/exchange.ts) and the old tree is removed. Where no exchange is
 * available, two renames are used (DIR -> `.<DIR>-old-*`, new -> DIR): DIR is missing between them, and a
 * run killed there is repaired by the next run, which renames the old tree back (recoverOut). Which
 * folders may be written is decided before, by checkOutDir (synth/output/out-dir.ts).
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { diffNames, type TreeDiff } from './diff';
import { exchangeDirs } from './exchange';
import { leftoverName, OUT_MARKER, recoverOut, removeOwnTree, type LeftoverKind } from './out-dir';

export interface WriteOptions {
  /** Called after every change to the file system, with its name (the kill tests pause there). @default none */
  readonly onStep?: (step: string) => void;
  /** Swap with two renames even where an atomic exchange is available (tests of the fallback). @default false */
  readonly noExchange?: boolean;
  /**
   * Files of the old tree already compared byte for byte with their new text, by relative path -> the identity of
   * the file as it was compared (diffWithTree's `same`): such a file, when it still has that identity, is linked
   * without being read again. @default none (every linked file is read back)
   */
  readonly verified?: ReadonlyMap<string, string>;
}

/** How the new tree replaced the old one. */
export type SwapKind = 'created' | 'exchanged' | 'replaced-empty' | 'two-renames';

/** A fresh leftover-named folder beside DIR, with the mode mkdir gives (0777 minus the umask), not mkdtemp's 0700. */
function makeSibling(parent: string, base: string, kind: LeftoverKind): string {
  for (;;) {
    const p = path.join(parent, leftoverName(base, kind, process.pid, randomBytes(4).toString('hex')));
    try {
      fs.mkdirSync(p, { mode: 0o777 });
      return p;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

function reserveSiblingName(parent: string, base: string, kind: LeftoverKind): string {
  for (;;) {
    const p = path.join(parent, leftoverName(base, kind, process.pid, randomBytes(4).toString('hex')));
    if (!fs.existsSync(p)) return p;
  }
}

/**
 * A file's identity (device, inode, size, change time in ns): while it stays the same, the file's bytes are those
 * read under it. Every write, truncation, chmod, link or utimes sets the change time to now, and user space cannot
 * set it back; a file renamed over this path is another inode. Taken before the read, so a write during the read
 * changes it too.
 */
export function fileIdentity(st: fs.BigIntStats): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.ctimeNs}`;
}

/**
 * Where the old tree already holds a file with exactly the new bytes, the staging folder gets a hard link to it
 * instead of a copy: no data is written now nor freed when the old tree is removed (a one-service edit changes 7 of
 * the reference's 116 files). Only a regular file nobody else links to (nlink 1), with the mode a new file gets and
 * the new size is linked. A file in `verified` whose identity (taken before linking) is still the one it was compared
 * under is linked as it is; any other linked file is read back and compared byte for byte with the new text (the old
 * tree may have changed since it was read); on any difference or error it is unlinked and written as usual.
 * Returns whether `target` now holds `text`.
 */
function linkUnchanged(oldDir: string, mode: number, verified: ReadonlyMap<string, string> | undefined): (rel: string, target: string, text: string) => boolean {
  return (rel, target, text) => {
    const from = path.join(oldDir, rel);
    let st: fs.BigIntStats | undefined;
    try {
      st = fs.lstatSync(from, { throwIfNoEntry: false, bigint: true });
    } catch {
      return false; // e.g. a path through a file of the old tree
    }
    if (!st || !st.isFile() || st.nlink !== 1n || Number(st.mode) !== mode || st.size !== BigInt(Buffer.byteLength(text))) return false;
    const compared = verified?.get(rel) === fileIdentity(st);
    try {
      fs.linkSync(from, target);
    } catch {
      return false; // no hard links here (another file system, Windows FAT): written instead
    }
    if (compared) return true;
    const same = compareFile(target, text)?.same === true; // unreadable: written anew
    if (!same) fs.rmSync(target, { force: true });
    return same;
  };
}

/**
 * Replaces `outDir` with exactly `files` (relative path -> text; the marker OUT_MARKER must be among them,
 * emit adds it). The caller has checked `outDir` with checkOutDir. Leftovers of interrupted runs are
 * repaired or removed first.
 */
export function writeTree(outDir: string, files: ReadonlyMap<string, string>, options: WriteOptions = {}): SwapKind {
  const step = options.onStep ?? (() => {});
  const dir = path.resolve(outDir);
  const parent = path.dirname(dir);
  const base = path.basename(dir);
  if (!files.has(OUT_MARKER)) throw new Error(`writeTree: the files must hold the marker ${OUT_MARKER}`);
  fs.mkdirSync(parent, { recursive: true });
  recoverOut(parent, base, step);
  const previous = fs.lstatSync(dir, { throwIfNoEntry: false });

  const staging = makeSibling(parent, base, 'new');
  step('staging created');
  try {
    // The marker first: a staging folder is recognisably ours from its first file on.
    fs.writeFileSync(path.join(staging, OUT_MARKER), files.get(OUT_MARKER)!);
    step(`write ${OUT_MARKER}`);
    const unchanged = previous?.isDirectory() ? linkUnchanged(dir, fs.statSync(path.join(staging, OUT_MARKER)).mode, options.verified) : () => false;
    const made = new Set<string>([staging]);
    for (const [rel, text] of files) {
      if (rel === OUT_MARKER) continue;
      const target = path.join(staging, rel);
      const folder = path.dirname(target);
      if (!made.has(folder)) fs.mkdirSync(folder, { recursive: true });
      made.add(folder);
      if (!unchanged(rel, target, text)) fs.writeFileSync(target, text);
      step(`write ${rel}`); // written or linked: from here on the staging folder holds this file
    }
    if (previous) fs.chmodSync(staging, previous.mode & 0o7777);
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true }); // created by this run a moment ago
    throw err;
  }
  step('staging complete');

  if (!previous) {
    fs.renameSync(staging, dir);
    step('renamed new');
    return 'created';
  }
  if (!options.noExchange && exchangeDirs(staging, dir) === 'exchanged') {
    step('exchanged');
    removeOwnTree(staging, step); // now the old tree
    return 'exchanged';
  }
  if (fs.readdirSync(dir).length === 0) {
    fs.renameSync(staging, dir); // rename(2) replaces an empty folder atomically
    step('renamed new over empty');
    return 'replaced-empty';
  }
  const old = reserveSiblingName(parent, base, 'old');
  fs.renameSync(dir, old);
  step('renamed old'); // DIR is missing until the next rename; recoverOut repairs a kill here
  try {
    fs.renameSync(staging, dir);
  } catch (err) {
    fs.renameSync(old, dir);
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  step('renamed new');
  removeOwnTree(old, step);
  return 'two-renames';
}

/**
 * Reads every regular file under `dir` as relative path -> text (empty map when the directory does not
 * exist). Links and special files are not followed: they read as a placeholder, so they differ from any output.
 */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!fs.existsSync(dir)) return out;
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(r);
      else if (entry.isFile()) out.set(r, fs.readFileSync(path.join(dir, r), 'utf8'));
      else out.set(r, `<not a regular file: ${entry.name}>`);
    }
  };
  walk('');
  return out;
}

/** A tree diff, and the old files found to hold exactly their new text, by path -> their identity when compared (WriteOptions.verified). */
export interface TreeDiffWithSame extends TreeDiff {
  readonly same: ReadonlyMap<string, string>;
}

/** How an old file compared with the new text `text`: equal or not, and the file's identity (fileIdentity) when it was compared. */
export interface Compared {
  readonly text: string;
  readonly same: boolean;
  readonly identity: string;
}

/**
 * Compares each of `files` with the regular file of the same path under `dir`, if there is one: path -> Compared
 * (a path with no regular file there, or one that cannot be read, has no entry). The emit threads run it on the
 * files of each job as they make them (synth/output/parallel.ts), so that `diffWithTree` need not read the old tree
 * again after the synthesis, when nothing runs beside it.
 */
export function compareWithTree(dir: string, files: Iterable<readonly [string, string]>, into: Map<string, Compared> = new Map()): Map<string, Compared> {
  for (const [rel, text] of files) {
    const c = compareFile(path.join(dir, rel), text);
    if (c) into.set(rel, c);
  }
  return into;
}

/**
 * What writing `files` over `dir` changes, file by file (diff.ts's diffTrees of readTree(dir) and `files`, the same
 * lists), without holding the old tree: each old file is compared with its new text (by size first, then byte for
 * byte) and dropped, so a synth never holds two copies of the output (192 MiB each for a 100x spec). A file that
 * `compared` holds with the identity it still has is taken as compared there, without reading it again. A link or
 * special file differs from any output, as in readTree.
 */
export function diffWithTree(dir: string, files: ReadonlyMap<string, string>, compared?: ReadonlyMap<string, Compared>): TreeDiffWithSame {
  const before = new Set<string>();
  const changed = new Set<string>();
  const same = new Map<string, string>();
  if (fs.existsSync(dir)) {
    const walk = (rel: string) => {
      for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
        const r = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          walk(r);
          continue;
        }
        before.add(r);
        const text = files.get(r);
        if (text === undefined) continue;
        const c = entry.isFile() ? compareFile(path.join(dir, r), text, compared?.get(r)) : undefined;
        if (c?.same) same.set(r, c.identity);
        else changed.add(r);
      }
    };
    walk('');
  }
  return { ...diffNames(before, files, (f) => changed.has(f)), same };
}

/**
 * How the regular file `file` compares with `text` (by size, then byte for byte), or undefined when it is not a
 * regular file or cannot be read (it differs: the write replaces it). With `earlier`, a comparison made before:
 * when it was made with the same text and the file still has that identity, that is the answer, without reading it.
 */
function compareFile(file: string, text: string, earlier?: Compared): Compared | undefined {
  try {
    const st = fs.lstatSync(file, { bigint: true, throwIfNoEntry: false });
    if (!st || !st.isFile()) return undefined;
    const identity = fileIdentity(st);
    if (earlier?.identity === identity && earlier.text === text) return earlier;
    if (st.size !== BigInt(Buffer.byteLength(text))) return { text, same: false, identity };
    return { text, same: fs.readFileSync(file).equals(Buffer.from(text)), identity };
  } catch {
    return undefined;
  }
}

const COMPARED = new WeakMap<ReadonlyMap<string, string>, ReadonlyMap<string, Compared>>();

/** Records, for the files map emit returns, what its threads compared with the old tree (compareWithTree). */
export function attachCompared(files: ReadonlyMap<string, string>, compared: ReadonlyMap<string, Compared>): void {
  COMPARED.set(files, compared);
}

/** What was recorded for `files` by attachCompared, if anything. */
export function attachedCompared(files: ReadonlyMap<string, string>): ReadonlyMap<string, Compared> | undefined {
  return COMPARED.get(files);
}

/** The text of `rel` in `dir` if it is a regular file there, else undefined. */
export function readOld(dir: string, rel: string): string | undefined {
  try {
    const file = path.join(dir, rel);
    return fs.lstatSync(file).isFile() ? fs.readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** Environment variable of the kill tests (test/synth/output/write-kill.test.ts); unset in production. */
export const TEST_HOOK_ENV = 'PLATFORM_TEST_OUT_HOOK';

/**
 * WriteOptions from the test hook's value, a comma-separated list: `pause` prints `platform-test-step <step>`
 * on stderr after every step and waits for a line on stdin (the test inspects the folders, then lets it go on
 * or SIGKILLs it there); `no-exchange` forces the two-rename swap. Unset or empty: no hook.
 */
export function testHookOptions(value: string | undefined): WriteOptions {
  const flags = new Set((value ?? '').split(',').map((f) => f.trim()).filter(Boolean));
  const onStep = flags.has('pause')
    ? (name: string) => {
        fs.writeSync(2, `platform-test-step ${name}\n`);
        const buf = Buffer.alloc(1);
        for (;;) {
          let n: number;
          try {
            n = fs.readSync(0, buf, 0, 1, null);
          } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
            continue;
          }
          if (n === 0 || buf[0] === 10) return;
        }
      }
    : undefined;
  return { onStep, noExchange: flags.has('no-exchange') };
}
