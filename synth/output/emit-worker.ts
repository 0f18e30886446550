/**
 * A worker thread of synth/output/parallel.ts. At start it loads the libraries most jobs at its end of the queue need
 * (cdk8s and the Kubernetes constructs, cdktf's core), while the main thread is still planning; then, given the plan
 * and the jobs, it takes jobs from the back of the shared queue until it is empty, runs each with emit.ts's `runJob`
 * (with the main thread's cache, opened here, when it has one) and posts each job's files as it finishes: the texts,
 * and the values attached to them (parsed.ts) as one JSON text (they are JSON-clean; JSON.parse gives them back
 * faster than a structured clone of the objects). Runs only as the compiled CLI's build/synth/output/emit-worker.js.
 */
import { parentPort } from 'worker_threads';
import { createCache } from './cache';
import { runJob } from './emit';
import { attachedValues } from './parsed';
import { take, type WorkerInput, type WorkerMessage } from './parallel';
import { compareWithTree } from './write';

function work(input: WorkerInput, post: (m: WorkerMessage) => void): void {
  const cache = input.cache && createCache(input.cache.dir, input.cache.version);
  for (let i = take(input.queue, true); i >= 0; i = take(input.queue, true)) {
    let files: ReadonlyMap<string, string>;
    try {
      files = runJob(input.plan, input.jobs[i], cache);
    } catch {
      continue; // the main thread runs it again and raises its error
    }
    // With an old folder to compare with, this thread compares its own files (while the main thread still synthesizes).
    const compared = input.compareWith === undefined ? undefined : [...compareWithTree(input.compareWith, files)].map(([rel, c]) => [rel, c.same, c.identity] as const);
    post({ index: i, files: [...files], values: JSON.stringify(attachedValues(files)), compared });
  }
  cache?.done();
  post({ done: true, stats: cache?.stats });
}

if (parentPort) {
  const port = parentPort;
  require('./emit'); // what every job needs, loaded before the plan arrives (emit.ts loads the rest on first use)
  require('../../constructs/terraform');
  require('../../constructs/k8s');
  port.once('message', (input: WorkerInput) => work(input, (m) => port.postMessage(m)));
  port.postMessage({ ready: true } satisfies WorkerMessage);
}
