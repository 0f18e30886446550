/**
 * cdktf's App insists on an output folder and creates it (with an empty `stacks/`), although nothing is
 * synthesized into it. The folder is a scratch folder in the OS temp directory named after the process,
 * `platform-cdktf-<pid>-<random>`, so that one left by a killed run is recognised and removed by the next.
 * A thread makes one and keeps it until it exits (`threadScratch`): making and removing one per stack cost ~5 ms
 * each (40 ms of the main thread's synth of the reference).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const PREFIX = 'platform-cdktf-';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Only what cdktf's App leaves: nothing, an empty `stacks/`, and a manifest. */
function onlyCdktfScratch(dir: string): boolean {
  try {
    return fs.readdirSync(dir).every((e) => (e === 'stacks' ? fs.readdirSync(path.join(dir, e)).length === 0 : e === 'manifest.json'));
  } catch {
    return false;
  }
}

/** Removes the scratch folders of processes that are gone (a killed synth), then makes one for this process. */
export function makeCdktfScratch(tmp: string = os.tmpdir()): string {
  removeDeadScratch(tmp);
  return fs.mkdtempSync(path.join(tmp, `${PREFIX}${process.pid}-`));
}

/** Removes the scratch folders of processes that are gone (also run by a synth whose stacks all come from the cache). */
export function removeDeadScratch(tmp: string = os.tmpdir()): void {
  const re = new RegExp(`^${PREFIX}(\\d+)-`);
  for (const name of fs.readdirSync(tmp)) {
    const m = re.exec(name);
    if (!m || Number(m[1]) === process.pid || alive(Number(m[1]))) continue;
    const dir = path.join(tmp, name);
    if (fs.lstatSync(dir).isDirectory() && onlyCdktfScratch(dir)) fs.rmSync(dir, { recursive: true, force: true });
  }
}

let scratch: string | undefined;

/**
 * This thread's scratch folder: made at the first call (removing dead processes' folders first), reused while it
 * exists, removed when the thread exits (a thread stopped from outside leaves it to the next synth's cleanup).
 */
export function threadScratch(): string {
  if (scratch !== undefined && fs.existsSync(scratch)) return scratch;
  const first = scratch === undefined;
  scratch = makeCdktfScratch();
  if (first) {
    process.once('exit', () => {
      if (scratch !== undefined) fs.rmSync(scratch, { recursive: true, force: true });
    });
  }
  return scratch;
}
