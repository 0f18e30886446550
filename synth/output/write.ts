/**
 * Writes dist/ atomically: the new tree is built beside the old one, then swapped in with two renames,
 * so a failed or interrupted synth leaves the previous dist/ in place and stale files disappear.
 */
import * as fs from 'fs';
import * as path from 'path';

export function writeTree(outDir: string, files: ReadonlyMap<string, string>): void {
  const parent = path.dirname(path.resolve(outDir));
  const base = path.basename(path.resolve(outDir));
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${base}-new-`));
  try {
    for (const [rel, text] of files) {
      const target = path.join(staging, rel);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, text);
    }
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  const final = path.join(parent, base);
  const old = path.join(parent, `.${base}-old-${process.pid}`);
  const hadOld = fs.existsSync(final);
  if (hadOld) fs.renameSync(final, old);
  try {
    fs.renameSync(staging, final);
  } catch (err) {
    if (hadOld) fs.renameSync(old, final);
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  if (hadOld) fs.rmSync(old, { recursive: true, force: true });
}

/** Reads every file under `dir` as relative path -> text (empty map when the directory does not exist). */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!fs.existsSync(dir)) return out;
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(r);
      else out.set(r, fs.readFileSync(path.join(dir, r), 'utf8'));
    }
  };
  walk('');
  return out;
}
