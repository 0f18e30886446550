/**
 * Emit workers started by the CLI's entry (main.ts) before the CLI's own modules load: a synth that will synthesize
 * much (no cache, or an empty one) shares its jobs with workers (synth/output/parallel.ts), and a worker takes about
 * as long to start and load its libraries as the main thread takes to load the CLI, read the spec and plan; started
 * here it is ready ~0.1 s sooner. Loads only the argument parser, the cache's location and the pool (no compiler).
 * The decision is cli.ts's own (workersBeforePlanning); run() stops the workers when the command
 * does not hand them work (any other command, a usage error, a spec that does not compile).
 */
import { cacheIsEmpty, defaultCacheDir } from '../output/cache-dir';
import { startPool, type EmitPool } from '../output/pool';
import { isCheckCommand, jobsOf, parse } from './args';

/** Whether a synth on `jobs` threads starts its workers before it plans: when it will synthesize much (no cache, or an empty one). */
export function workersBeforePlanning(jobs: number, cache: { isEmpty(): boolean } | undefined): boolean {
  return jobs > 1 && (cache === undefined || cache.isEmpty());
}

/** The threads a synth with these arguments will share its jobs with when it starts workers before planning; undefined for any other command line. */
export function earlyThreads(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): number | undefined {
  if (isCheckCommand(argv) || argv[0] === 'diff' || argv[0] === 'simulate') return undefined;
  const args = parse(argv);
  if (typeof args === 'string' || args.command !== 'synth') return undefined;
  const jobs = jobsOf(args, env);
  if (typeof jobs === 'string') return undefined;
  // what openCache() opens: no cache under PLATFORM_CACHE=off, else the folder of defaultCacheDir()
  const cache = env.PLATFORM_CACHE === 'off' ? undefined : { isEmpty: () => cacheIsEmpty(defaultCacheDir()) };
  return workersBeforePlanning(jobs, cache) ? jobs : undefined;
}

/** The workers of `earlyThreads`, started now; undefined when it says none (or there is no compiled worker script). */
export function earlyPool(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): EmitPool | undefined {
  const threads = earlyThreads(argv, env);
  return threads === undefined ? undefined : startPool(threads);
}
