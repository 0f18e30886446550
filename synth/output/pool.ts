/**
 * The emit workers of synth/output/parallel.ts, started before they get work: `startPool` loads no more than
 * worker_threads, so that the CLI's entry (synth/cli/early.ts) can start them before the CLI's own modules load, and
 * a worker loads its libraries while the main thread loads its own, reads the spec and plans.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { WorkerMessage } from './parallel';

/** Threads a synth uses by default: two (this machine class has two cores; each more adds memory for little). */
export const DEFAULT_JOBS = 2;

/** DEFAULT_JOBS, at most the cores Node may use. */
export function defaultJobs(): number {
  return Math.max(1, Math.min(DEFAULT_JOBS, os.availableParallelism()));
}

/** The compiled worker beside this module, if there is one (there is none under ts-node and ts-jest). */
export function defaultWorkerScript(): string | undefined {
  const file = path.join(__dirname, 'emit-worker.js');
  return fs.existsSync(file) ? file : undefined;
}

/** The require hooks bin/platform.js installed (bin/hooks.js), for a worker to install the same. */
function hooksModule(): string | undefined {
  return (globalThis as { __platformHooks?: string }).__platformHooks;
}

/**
 * A worker's old generation, in MiB. V8 grows a heap towards its limit before it collects much: without one, a
 * worker of a 100x spec held ~100 MiB of garbage more at the peak. A job the limit is too small for ends the worker
 * (out of memory); its unreturned jobs then run on the main thread, so the output is the same, only slower. The
 * largest job of the bench's 100x spec (a 5 MB GCP region stack) runs well within it.
 */
export const WORKER_OLD_SPACE_MB = 384;

/**
 * A worker's young generation, in MiB (V8 splits it in three: two semi-spaces and a space for large objects).
 * V8's default lets it grow to 3 x 16 MiB; a worker's jobs keep little alive from one job to the next, so the
 * space mostly holds garbage at every peak. Reference, cold synth, 11 interleaved runs: peak RSS 214 -> 193 MiB,
 * wall 1.28 -> 1.29 s, CPU 2.27 -> 2.24 s (the worker's heap at its end 65 -> 42 MiB); 100x, 5 runs: 896 -> 842
 * MiB, the same wall time within the runs' spread (12-17 s).
 */
export const WORKER_YOUNG_SPACE_MB = 12;

/** Worker threads waiting for a plan: started early, they load their libraries while this thread plans. */
export interface EmitPool {
  readonly workers: readonly PoolWorker[];
  /** Stops every worker (those that are done exit by themselves). */
  close(): void;
}

export interface PoolWorker {
  readonly worker: Worker;
  /** Jobs finished, in the order they arrived. */
  readonly results: Extract<WorkerMessage, { index: number }>[];
  /** Called after each result arrives (emitParallel merges them while it waits for the worker). @default none */
  onResult?: () => void;
  /** Settles when the worker posted `done` (its cache statistics), or undefined when it failed or stopped. */
  readonly finished: Promise<Extract<WorkerMessage, { done: true }> | undefined>;
  /** Settles when the worker has loaded its libraries and waits for jobs (true), or stopped before (false). */
  readonly ready: Promise<boolean>;
}

/** Workers started by startPool in this process that have not exited yet. */
const running = new Set<Worker>();
const exitedOne: (() => void)[] = [];

/**
 * Settles when every worker startPool started in this process has exited (its exit handlers, which store the code
 * cache and the module packs, have run), or after `timeoutMs` (a timer that keeps nothing alive).
 */
export function workersExited(timeoutMs = 5000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    timer.unref();
    const check = () => {
      if (running.size > 0) return void exitedOne.push(check);
      clearTimeout(timer);
      resolve();
    };
    check();
  });
}

/**
 * `threads - 1` workers, or undefined when there is no compiled worker script or only one thread. The CLI starts
 * them before it plans, when the synth will likely synthesize much (no cache, or an empty one).
 */
export function startPool(threads: number, script: string | undefined = defaultWorkerScript(), oldSpaceMb = WORKER_OLD_SPACE_MB, youngSpaceMb = WORKER_YOUNG_SPACE_MB): EmitPool | undefined {
  if (!script || threads < 2) return undefined;
  const hooks = hooksModule();
  // eval: the hooks go in before the worker's first require (as bin/platform.js installs them before the CLI's).
  const code = `${hooks ? `require(${JSON.stringify(hooks)}).install();` : ''}require(${JSON.stringify(script)});`;
  const workers: PoolWorker[] = [];
  for (let i = 1; i < threads; i++) {
    let worker: Worker;
    const limits = { maxOldGenerationSizeMb: oldSpaceMb, maxYoungGenerationSizeMb: youngSpaceMb };
    try {
      worker = new Worker(code, { eval: true, stdout: false, stderr: false, resourceLimits: limits });
    } catch {
      break; // fewer workers (or none): their share runs here
    }
    running.add(worker);
    worker.once('exit', () => {
      running.delete(worker);
      exitedOne.splice(0).forEach((f) => f());
    });
    const results: PoolWorker['results'] = [];
    let isReady: (ready: boolean) => void = () => undefined;
    const ready = new Promise<boolean>((resolve) => (isReady = resolve));
    const finished = new Promise<Extract<WorkerMessage, { done: true }> | undefined>((resolve) => {
      worker.on('message', (m: WorkerMessage) => {
        if ('ready' in m) isReady(true);
        else if ('done' in m) resolve(m);
        else {
          results.push(m);
          entry.onResult?.();
        }
      });
      worker.once('error', () => resolve(undefined));
      worker.once('exit', () => resolve(undefined));
    });
    void finished.then(() => isReady(false)); // a worker that stopped before it was ready never will be
    worker.unref(); // an idle worker never keeps the process alive (emitParallel refs it when it gives it work)
    const entry: PoolWorker = { worker, results, finished, ready };
    workers.push(entry);
  }
  if (workers.length === 0) return undefined;
  return { workers, close: () => workers.forEach((w) => void w.worker.terminate()) };
}

