/**
 * Where the synth cache (cache.ts) lives and whether it holds anything, without loading the cache itself: the CLI's
 * entry (synth/cli/early.ts) asks before the CLI's modules load, to start emit workers early (synth/output/pool.ts).
 */
import * as fs from 'fs';
import * as path from 'path';

/** The folder of the nearest package.json above this module (the project), or the working directory. */
export function packageRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}

/** The CLI's cache folder: PLATFORM_CACHE_DIR, or node_modules/.cache/platform of the project. */
export function defaultCacheDir(): string {
  return process.env.PLATFORM_CACHE_DIR || path.join(packageRoot(), 'node_modules', '.cache', 'platform');
}

/** Whether the cache in `dir` holds no slice yet (no read sets: cache.ts writes them with its first entry). */
export function cacheIsEmpty(dir: string): boolean {
  return !fs.existsSync(path.join(dir, 'reads'));
}
