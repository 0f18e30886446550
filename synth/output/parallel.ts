/**
 * Emit on more than one core: the jobs of emit.ts (a stack, a cluster, a cluster's or a service's slice, the reports)
 * shared between this thread and worker threads (synth/output/emit-worker.ts), then `assemble` here.
 *
 * The jobs are one list in emit.ts's order (the AWS stacks first, the stacks of two clouds, the GCP and Azure stacks,
 * the clusters, the reports last) in a queue both ends of which are taken under a lock in shared memory: this thread takes from
 * the front, the workers from the back, each job exactly once, until the two ends meet. Each side thus loads mostly
 * the libraries of its end (a thread that synthesizes only GCP stacks never loads the AWS provider classes), and the
 * split adapts to what each job costs on this machine. Each job's files are a pure function of the plan (a worker
 * gets the plan as a structured clone, equal to it: a test proves it), and dist/ is sorted by path, so the bytes are
 * the same whoever ran which job; `test/synth/output/parallel.test.ts` compares them with the one-thread emit.
 *
 * Failure: a job a worker claimed and did not return (it threw, the worker could not start, ran out of memory, died)
 * is run here afterwards, so a job's error is raised by this thread exactly as without workers, and a broken worker
 * costs time, never output; a job that fails here stops the workers at once. With a cache, a worker opens the same cache (same folder, same compiler version): entries are
 * written atomically under unique names, so threads can share it.
 *
 * Only the compiled CLI has a worker script (build/synth/output/emit-worker.js); under ts-node or ts-jest there is
 * none, and everything runs in this thread.
 */
import * as path from 'path';
import type { SynthCache } from './cache';
import type { SvgRenderer } from './diagram';
import type { Plan } from '../model/index';
import { addFiles, assemble, emitJobs, removeDeadScratch, runJob, type EmitJob, type Parsed } from './emit';
import { withValues } from './parsed';
import { attachCompared, compareWithTree, type Compared } from './write';
import { defaultJobs, startPool, type EmitPool, type PoolWorker } from './pool';

export { DEFAULT_JOBS, defaultJobs, defaultWorkerScript, startPool, WORKER_OLD_SPACE_MB, WORKER_YOUNG_SPACE_MB, type EmitPool } from './pool';

/** Slots of the shared queue (Int32Array). */
export const QUEUE = { lock: 0, front: 1, back: 2, claimed: 3, size: 4 } as const;

/** A shared queue of `n` jobs: front 0, back n. */
export function newQueue(n: number): Int32Array {
  const q = new Int32Array(new SharedArrayBuffer(QUEUE.size * Int32Array.BYTES_PER_ELEMENT));
  Atomics.store(q, QUEUE.back, n);
  return q;
}

/**
 * The index of the next job from the front (this thread) or the back (a worker), or -1 when none is left. Under a
 * spin lock: the critical section is a few loads and stores, and only two or three threads ever contend.
 */
export function take(q: Int32Array, fromBack: boolean): number {
  while (Atomics.compareExchange(q, QUEUE.lock, 0, 1) !== 0);
  try {
    const front = Atomics.load(q, QUEUE.front);
    const back = Atomics.load(q, QUEUE.back);
    if (front >= back) return -1;
    if (!fromBack) {
      Atomics.store(q, QUEUE.front, front + 1);
      return front;
    }
    Atomics.store(q, QUEUE.back, back - 1);
    Atomics.add(q, QUEUE.claimed, 1);
    return back - 1;
  } finally {
    Atomics.store(q, QUEUE.lock, 0);
  }
}

/** Empties the queue (under the lock) and returns how many jobs workers claimed in all. */
function close(q: Int32Array): number {
  while (Atomics.compareExchange(q, QUEUE.lock, 0, 1) !== 0);
  Atomics.store(q, QUEUE.back, Atomics.load(q, QUEUE.front));
  const claimed = Atomics.load(q, QUEUE.claimed);
  Atomics.store(q, QUEUE.lock, 0);
  return claimed;
}

/** What the main thread sends a worker, once (the queue's memory is shared, the rest cloned). */
export interface WorkerInput {
  readonly queue: Int32Array;
  readonly plan: Plan;
  readonly jobs: readonly EmitJob[];
  /** The cache to open in the worker, when the main thread has one. */
  readonly cache?: { readonly dir: string; readonly version: string };
  /** The old output folder to compare each job's files with (ParallelOptions.compareWith), as an absolute path. */
  readonly compareWith?: string;
}

/** What a worker posts: `ready` once its libraries are loaded, each finished job's files (and their attached values as one JSON text), then `done`. */
export type WorkerMessage =
  | { readonly ready: true }
  | {
      readonly index: number;
      readonly files: readonly (readonly [string, string])[];
      readonly values: string;
      /** With WorkerInput.compareWith: [path, same, identity] of each file compared with the old folder (write.ts's Compared, without the text). */
      readonly compared?: readonly (readonly [string, boolean, string])[];
    }
  | { readonly done: true; readonly stats?: { readonly hits: number; readonly misses: number; readonly uncacheable: number } };

export interface ParallelOptions {
  /** Threads in all, this one included; 1 runs every job here. @default defaultJobs() */
  readonly jobs?: number;
  /** Workers started before the plan was made (startPool), used instead of starting new ones. @default none */
  readonly pool?: EmitPool;
  /** The worker's script. @default emit-worker.js beside this module (compiled CLI only) */
  readonly workerScript?: string;
  /** Filled with how many jobs ran on this thread and on workers (tests, the bench). @default not recorded */
  readonly tally?: { here: number; workers: number };
  /**
   * The old output folder: each job's files are compared with it by the thread that made them, while the others
   * still synthesize, and the comparisons attached to the result (write.ts's attachCompared) for the CLI's
   * diffWithTree, which then reads again only what changed since. @default no comparison
   */
  readonly compareWith?: string;
}

/**
 * emit() on `jobs` threads: the same files, byte for byte. Workers are used only when there is enough to share:
 * with a cache, the jobs whose slices hit are taken from it here first, and the rest shared only when it is worth
 * at least WORTH_A_WORKER (a stack counts 1, a whole cluster 1, the reports 1, a cluster's own files 0.5, a service's file 0.1).
 * `svg` may still be on its way (the CLI's renders the diagram): the workers get their jobs first, and this thread
 * waits for it before its own (a 100x spec's diagram takes ~0.3 s, which the worker spent waiting for the plan).
 */
export async function emitParallel(plan: Plan, svg: SvgRenderer | Promise<SvgRenderer>, cache?: SynthCache, options: ParallelOptions = {}): Promise<ReadonlyMap<string, string>> {
  const out = new Map<string, string>();
  const parsed: Parsed = new Map();
  const compareWith = options.compareWith === undefined ? undefined : path.resolve(options.compareWith);
  const compared = compareWith === undefined ? undefined : new Map<string, Compared>();
  /** Adds one job's files, compared with the old folder first when asked. */
  const add = (files: ReadonlyMap<string, string>) => {
    addFiles(out, parsed, files);
    if (compared) compareWithTree(compareWith!, files, compared);
  };
  let render: SvgRenderer | undefined;
  if (svg instanceof Promise) svg.catch(() => undefined); // its failure is raised where it is awaited below, or not at all when this throws first
  const finish = () => {
    const files = assemble(plan, out, parsed, render!, cache);
    if (compared) attachCompared(files, compared);
    return files;
  };
  if (cache) removeDeadScratch();
  let jobs = emitJobs(plan, cache !== undefined);
  if (cache) {
    const pending: EmitJob[] = [];
    for (const job of jobs) {
      const hit = cache.cached(job.id, plan);
      if (hit) add(hit);
      else pending.push(job);
    }
    jobs = pending;
  }
  const threads = Math.max(1, Math.floor(options.jobs ?? defaultJobs()));
  const worth = threads > 1 && jobs.length > 1 && weight(jobs) >= WORTH_A_WORKER;
  const pool = worth ? (options.pool ?? startPool(Math.min(threads, jobs.length), options.workerScript)) : undefined;
  if (!pool) {
    options.pool?.close();
    render = await svg;
    for (const job of jobs) add(runJob(plan, job, cache));
    if (options.tally) Object.assign(options.tally, { here: jobs.length, workers: 0 });
    return finish();
  }

  const queue = newQueue(jobs.length);
  const input: WorkerInput = { queue, plan, jobs, cache: cache?.shared, compareWith };
  for (const w of pool.workers) {
    w.worker.ref(); // a worker with jobs finishes them (and writes its code cache) before the process exits
    w.worker.postMessage(input);
  }
  const done = new Set<number>();
  try {
    render = await svg;
    for (let i = take(queue, false); i >= 0; i = take(queue, false)) {
      add(runJob(plan, jobs[i], cache));
      done.add(i);
    }
  } catch (e) {
    close(queue);
    pool.close(); // the synth fails here: the workers' results are not needed, nor waited for
    throw e;
  }
  const here = done.size;
  if (close(queue) === 0) pool.close(); // no worker took a job (none had started yet): nothing to wait for
  else {
    // What arrived is merged now, and the rest as it arrives: parsing the values overlaps the workers' last jobs.
    // (Merged between this thread's jobs instead, a 100x spec peaked ~80 MiB higher: the parsed values then share the
    // heap with this thread's synthesis garbage.)
    const merge = (w: PoolWorker) => {
      for (const r of w.results.splice(0)) {
        const files = withValues(r.files, JSON.parse(r.values) as [string, unknown][]);
        addFiles(out, parsed, files);
        for (const [rel, same, identity] of r.compared ?? []) compared?.set(rel, { text: files.get(rel)!, same, identity });
        done.add(r.index);
      }
    };
    for (const w of pool.workers) {
      w.onResult = () => merge(w);
      merge(w);
    }
    for (const w of pool.workers) {
      const end = await w.finished;
      w.onResult = undefined;
      merge(w);
      if (cache && end?.stats) {
        cache.stats.hits += end.stats.hits;
        cache.stats.misses += end.stats.misses;
        cache.stats.uncacheable += end.stats.uncacheable;
      }
    }
  }
  // Whatever a worker claimed and did not return runs here: its error, if it has one, is this thread's.
  const fromWorkers = done.size - here;
  jobs.forEach((job, i) => {
    if (!done.has(i)) add(runJob(plan, job, cache));
  });
  if (options.tally) Object.assign(options.tally, { here: jobs.length - fromWorkers, workers: fromWorkers });
  return finish();
}

/** Sharing below this much work costs more (a worker's start and its libraries' load) than it saves. */
export const WORTH_A_WORKER = 3;

function weight(jobs: readonly EmitJob[]): number {
  return jobs.reduce((sum, j) => sum + (j.kind === 'readme' ? 0 : j.kind === 'terraform' || j.kind === 'reports' ? 1 : j.clusterFiles === false ? 0.1 : j.services ? 0.5 : 1), 0);
}
