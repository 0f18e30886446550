/**
 * Atomic exchange of two folders: Linux renameat2(2) with RENAME_EXCHANGE, so that a path names the old
 * folder or the new one at every instant (rename(2) cannot replace a non-empty folder). Node 20 has no
 * binding for it, so it runs as one system call in `perl` (part of every Debian/Ubuntu base system) with the
 * syscall number of the architecture. Where that is not possible (another OS or architecture, no perl, a
 * filesystem without RENAME_EXCHANGE) the answer is 'unsupported' and nothing was changed.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';

/**
 * renameat2 by Node's `process.arch`, from the Linux syscall tables: arch/x86/entry/syscalls/syscall_64.tbl
 * (316) and include/uapi/asm-generic/unistd.h (276, used by arm64). Other architectures use the fallback.
 */
export const RENAMEAT2_SYSCALL: Readonly<Record<string, number>> = { x64: 316, arm64: 276 };
const AT_FDCWD = -100;
const RENAME_EXCHANGE = 2;

const SCRIPT = `my $r = syscall($ARGV[0] + 0, ${AT_FDCWD}, $ARGV[1], ${AT_FDCWD}, $ARGV[2], ${RENAME_EXCHANGE}); exit($r == 0 ? 0 : (($! + 0) || 255));`;

export type ExchangeResult = 'exchanged' | 'unsupported';

/**
 * Swaps the folders at `a` and `b` in one system call. Returns 'unsupported' (nothing changed) when no
 * atomic exchange happened for any reason (no perl, ENOSYS, EINVAL from a filesystem without exchange,
 * EACCES...): the caller falls back to two renames, which report a real error themselves. Whether the
 * exchange happened is decided by the inodes, not by perl's exit status.
 */
export function exchangeDirs(a: string, b: string): ExchangeResult {
  const nr = RENAMEAT2_SYSCALL[process.arch];
  if (process.platform !== 'linux' || nr === undefined) return 'unsupported';
  const before = fs.lstatSync(a);
  spawnSync('perl', ['-e', SCRIPT, String(nr), a, b], { stdio: 'ignore' });
  const after = fs.lstatSync(b);
  return after.ino === before.ino && after.dev === before.dev ? 'exchanged' : 'unsupported';
}
