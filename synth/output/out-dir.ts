/**
 * Which folders `platform synth --out DIR` may replace, and how its own leftovers are recognised.
 *
 * synth replaces DIR as a whole, so DIR must be absent, empty, or marked as written by synth: every output
 * holds OUT_MARKER (added by emit, so it is committed in dist/ and checked by --check). Every other folder is
 * refused before anything is touched, as are paths that can never be an output folder (empty, `/`, the
 * current directory, a repository root, a folder holding the spec, a file, a symbolic link, kernel
 * filesystems). Leftovers of an interrupted run (`.<DIR>-new-<pid>-<hex>`, `.<DIR>-old-<pid>-<hex>` beside
 * DIR) are removed on the next run, and only when they hold the marker or nothing at all.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Diagnostic } from '../util/errors';

/** Name of the marker file at the top of every output folder. */
export const OUT_MARKER = '.platform-out';
/** First line of the marker: what is checked (later versions may change the lines after it). */
export const OUT_MARKER_SIGNATURE = 'This folder is written by `platform synth`.';
export const OUT_MARKER_TEXT = [
  OUT_MARKER_SIGNATURE,
  'Every run replaces all of its content: keep no files of your own here.',
  'synth refuses to write into a folder that is neither empty nor holds this file.',
  '',
].join('\n');

/** Kernel filesystems: never an output folder. */
export const SYSTEM_ROOTS: readonly string[] = ['/proc', '/sys', '/dev'];

/** An output folder that passed checkOutDir. */
export interface OutTarget {
  /** Absolute path of DIR, its parent resolved through symbolic links. */
  readonly dir: string;
  readonly parent: string;
  readonly base: string;
  /** Whether DIR exists (then it is a directory that is empty or holds the marker). */
  readonly exists: boolean;
}

export interface OutCheckContext {
  /** The current directory. */
  readonly cwd: string;
  /** The spec file as given by the user. */
  readonly spec: string;
  /** synth (true) needs an empty, absent or marked folder; --check (false) only reads it. */
  readonly forWrite: boolean;
}

export type OutCheck = { readonly target: OutTarget; readonly diagnostic?: undefined } | { readonly target?: undefined; readonly diagnostic: Diagnostic };

function refuse(code: string, message: string, expected: string, found: string, suggestion?: string): OutCheck {
  return { diagnostic: { code, severity: 'error', path: '--out', message, expected, found, suggestion } };
}

/** `a` is `b` or one of its ancestors. */
function containsPath(a: string, b: string): boolean {
  return a === b || b.startsWith(a.endsWith(path.sep) ? a : a + path.sep);
}

function lstat(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch {
    return undefined;
  }
}

function realpathOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

function kind(st: fs.Stats): string {
  if (st.isFile()) return `a regular file of ${st.size} bytes`;
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a folder';
}

/** Whether `dir` holds a marker file written by synth (a regular file starting with the signature). */
export function hasMarker(dir: string): boolean {
  const file = path.join(dir, OUT_MARKER);
  if (!lstat(file)?.isFile()) return false;
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(OUT_MARKER_SIGNATURE.length);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8') === OUT_MARKER_SIGNATURE;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Checks `out` (as typed by the user) before anything is read or written. Returns the target, or one
 * diagnostic (code `out-*`) naming the path, what was expected and a folder to use instead.
 */
export function checkOutDir(out: string, ctx: OutCheckContext): OutCheck {
  const suggestDist = '--out dist';
  if (out.trim() === '') {
    return refuse('out-empty', 'the output folder path is empty; synth would replace the current directory', 'a folder path such as `dist`', out === '' ? 'an empty string' : `"${out}"`, suggestDist);
  }
  const abs = path.resolve(ctx.cwd, out);
  const shown = out === abs ? abs : `${out} (${abs})`;
  if (abs === path.parse(abs).root) {
    return refuse('out-root', `refusing to write into ${shown}: it is the filesystem root, and synth replaces the whole output folder`, 'a folder of its own, such as `dist`', abs, suggestDist);
  }
  const underSystem = (p: string) => SYSTEM_ROOTS.find((r) => containsPath(r, p));
  const lexicalSystem = underSystem(abs);
  if (lexicalSystem) {
    return refuse('out-system', `refusing to write into ${shown}: it is under ${lexicalSystem}, a kernel filesystem`, `a folder outside ${SYSTEM_ROOTS.join(', ')}`, abs, suggestDist);
  }
  const st = lstat(abs);
  if (st?.isSymbolicLink()) {
    let target: string | undefined;
    let loops = false;
    try {
      target = fs.realpathSync(abs);
    } catch (e) {
      loops = (e as NodeJS.ErrnoException).code === 'ELOOP';
    }
    const link = fs.readlinkSync(abs);
    return refuse(
      'out-symlink',
      `refusing to write through the symbolic link ${shown}: synth replaces the output folder itself and does not follow links`,
      'a real folder or a path that does not exist',
      loops ? `a link to ${link} that loops` : target ? `a link to ${link} (${target})` : `a dangling link to ${link}`,
      target && lstat(target)?.isDirectory() ? `--out ${target}` : undefined,
    );
  }
  if (st && !st.isDirectory()) {
    return refuse('out-not-directory', `refusing to write into ${shown}: it is not a folder`, 'a folder or a path that does not exist', kind(st), suggestDist);
  }
  // The nearest existing ancestor, resolved through links: where DIR really is.
  let existing = st ? abs : path.dirname(abs);
  const rest: string[] = st ? [] : [path.basename(abs)];
  for (;;) {
    const s = lstat(existing);
    if (s) {
      if (!s.isDirectory() && !s.isSymbolicLink()) {
        return refuse('out-not-directory', `refusing to write into ${shown}: ${existing} is not a folder`, 'a path whose parents are folders', `${existing} is ${kind(s)}`, suggestDist);
      }
      break;
    }
    rest.unshift(path.basename(existing));
    existing = path.dirname(existing);
  }
  let realExisting: string;
  try {
    realExisting = fs.realpathSync(existing);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return refuse('out-symlink', `refusing to write into ${shown}: ${existing} is a symbolic link that loops`, 'a path without looping links', `${existing} loops (ELOOP)`, suggestDist);
    return refuse('out-not-directory', `refusing to write into ${shown}: ${existing} cannot be resolved (${code ?? (e as Error).message})`, 'a path whose parents are folders', existing, suggestDist);
  }
  const real = path.join(realExisting, ...rest);
  const realSystem = underSystem(real);
  if (realSystem || real === path.parse(real).root) {
    return refuse('out-system', `refusing to write into ${shown}: it resolves to ${real}, ${realSystem ? `under ${realSystem}, a kernel filesystem` : 'the filesystem root'}`, `a folder outside ${SYSTEM_ROOTS.join(', ')} and /`, real, suggestDist);
  }
  const realCwd = realpathOr(ctx.cwd);
  const cwdRefusal = () =>
    refuse(
      'out-cwd',
      `refusing to write into ${shown}: it is ${real === realCwd ? 'the current directory' : `an ancestor of the current directory ${realCwd}`}, which synth would replace as a whole`,
      'a folder below the current directory, such as `dist`',
      real,
      suggestDist,
    );
  if (real === realCwd) return cwdRefusal();
  const realSpec = realpathOr(path.resolve(ctx.cwd, ctx.spec));
  if (containsPath(real, realSpec)) {
    return refuse(
      'out-spec-ancestor',
      `refusing to write into ${shown}: it holds the spec ${ctx.spec}, which synth would delete with the folder`,
      'a folder that does not contain the spec',
      `${path.relative(real, realSpec)} inside it`,
      `--out ${path.join(out, 'dist')}`,
    );
  }
  if (containsPath(real, realCwd)) return cwdRefusal();
  // A repository root (the git toplevel holds `.git`, a folder in a worktree a `.git` file) or a package root.
  const holds = ['.git', 'package.json'].filter((f) => lstat(path.join(real, f)));
  if (holds.length) {
    return refuse(
      'out-repo-root',
      `refusing to write into ${shown}: it is the root of a repository or package (it holds ${holds.join(' and ')}), which synth would replace as a whole`,
      'a folder of its own inside the repository, such as `dist`',
      real,
      `--out ${path.join(out, 'dist')}`,
    );
  }
  const target: OutTarget = { dir: real, parent: path.dirname(real), base: path.basename(real), exists: Boolean(st) };
  if (!ctx.forWrite || !st) return { target };
  const entries = fs.readdirSync(abs).sort();
  if (entries.length === 0 || hasMarker(abs)) return { target };
  const listed = entries.slice(0, 5).map((e) => (lstat(path.join(abs, e))?.isDirectory() ? `${e}/` : e));
  return refuse(
    'out-not-ours',
    `refusing to write into ${shown}: synth replaces the whole folder, and this one holds files it did not write (no ${OUT_MARKER}); if it is the output of an older synth, delete it and run synth again`,
    `an absent or empty folder, or one holding ${OUT_MARKER} from an earlier synth`,
    `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}: ${listed.join(', ')}${entries.length > listed.length ? ', ...' : ''}`,
    `--out ${path.join(out, 'dist')}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Leftovers of interrupted runs

export type LeftoverKind = 'new' | 'old';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Name of a staging (`new`) or previous (`old`) tree of `base` beside it: `.<base>-<kind>-<pid>-<hex>`. */
export function leftoverName(base: string, kind: LeftoverKind, pid: number, hex: string): string {
  return `.${base}-${kind}-${pid}-${hex}`;
}

export interface Leftover {
  readonly name: string;
  readonly kind: LeftoverKind;
  readonly pid: number;
}

/** Leftovers of `base` in `parent` by name (whether they may be removed is decided by removableLeftover). */
export function findLeftovers(parent: string, base: string): Leftover[] {
  const re = new RegExp(`^\\.${escapeRegExp(base)}-(new|old)-(\\d+)-[0-9a-f]+$`);
  let names: string[];
  try {
    names = fs.readdirSync(parent);
  } catch {
    return [];
  }
  return names
    .sort()
    .map((name) => ({ name, m: re.exec(name) }))
    .filter((x) => x.m !== null)
    .map(({ name, m }) => ({ name, kind: m![1] as LeftoverKind, pid: Number(m![2]) }));
}

/** Whether process `pid` is running (a leftover of a running synth is not touched). */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A leftover may be removed when its process is gone and it is a real folder that is empty or marked. */
export function removableLeftover(parent: string, l: Leftover): boolean {
  if (processAlive(l.pid)) return false;
  const p = path.join(parent, l.name);
  if (!lstat(p)?.isDirectory()) return false;
  return fs.readdirSync(p).length === 0 || hasMarker(p);
}

/**
 * Removes `p` and, when it is a folder (not a link to one), everything under it: files and links unlinked, folders
 * removed bottom-up once they are empty. `fs.rmSync({ recursive })` does the same with an rmdir tried first on every
 * folder (failing while it has entries) and a stat per entry: twice the system calls for a tree of output files.
 */
function removeAll(p: string, isDir = lstat(p)?.isDirectory()): void {
  if (!isDir) {
    try {
      fs.unlinkSync(p); // a file or a link (never followed)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    return;
  }
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(p, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  for (const e of entries) removeAll(path.join(p, e.name), e.isDirectory());
  fs.rmdirSync(p);
}

/**
 * Removes an output tree that synth wrote, the marker last, so that a removal interrupted at any point
 * leaves a folder that is still recognisably ours (marked, or empty). Anything else (a link, a file, a folder
 * without the marker, e.g. put there by another process since it was checked) is left alone: returns false.
 */
export function removeOwnTree(dir: string, step: (name: string) => void = () => {}): boolean {
  if (!lstat(dir)?.isDirectory() || (fs.readdirSync(dir).length > 0 && !hasMarker(dir))) return false;
  for (const entry of fs.readdirSync(dir).sort()) {
    if (entry === OUT_MARKER) continue;
    removeAll(path.join(dir, entry));
    step(`remove ${path.basename(dir)}/${entry}`);
  }
  fs.rmSync(path.join(dir, OUT_MARKER), { force: true });
  step(`remove ${path.basename(dir)}/${OUT_MARKER}`);
  fs.rmdirSync(dir);
  step(`remove ${path.basename(dir)}`);
  return true;
}

/**
 * Recovery at the start of every write: when DIR is missing and a previous tree of a dead run is beside it
 * (a kill between the two renames of the fallback swap), that tree is renamed back to DIR; every other
 * removable leftover is deleted. Leftovers that are not removable (a running synth's, or not ours) stay.
 */
export function recoverOut(parent: string, base: string, step: (name: string) => void = () => {}): void {
  const dir = path.join(parent, base);
  const leftovers = findLeftovers(parent, base).filter((l) => removableLeftover(parent, l));
  // 'old' first: a previous tree is restored before the staging trees are removed.
  leftovers.sort((a, b) => (a.kind === b.kind ? (a.name < b.name ? -1 : 1) : a.kind === 'old' ? -1 : 1));
  for (const l of leftovers) {
    const p = path.join(parent, l.name);
    if (l.kind === 'old' && !lstat(dir) && hasMarker(p)) {
      fs.renameSync(p, dir);
      step(`restore ${l.name}`);
    } else {
      removeOwnTree(p, step);
    }
  }
}
