/**
 * Emit on several threads (synth/output/parallel.ts): the same files, byte for byte, as emit() on one, whoever ran
 * which job, with and without a cache, and when a worker fails; the shared queue hands out every job exactly once.
 * The workers run the compiled CLI's emit-worker.js (bin/build.js brings build/ up to date first).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { compile } from '../../../synth/compile';
import type { Plan } from '../../../synth/model/index';
import { createCache } from '../../../synth/output/cache';
import { createSvgRenderer, type SvgRenderer } from '../../../synth/output/diagram';
import { emit, emitJobs } from '../../../synth/output/emit';
import { emitParallel, newQueue, startPool, take, WORKER_OLD_SPACE_MB, WORKER_YOUNG_SPACE_MB, WORTH_A_WORKER } from '../../../synth/output/parallel';
import { attachedParsed } from '../../../synth/output/parsed';
import { diffTrees } from '../../../synth/output/diff';
import { LEDGER_FILE } from '../../../synth/output/ledger';
import { OUT_MARKER } from '../../../synth/output/out-dir';
import { attachedCompared, diffWithTree, readTree, writeTree } from '../../../synth/output/write';
import { referenceFiles, ROOT, SPEC_FILE } from '../../helpers/reference';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const builder = require('../../../bin/build.js') as { isFresh(): boolean; build(): void; OUT: string };
const WORKER = path.join(builder.OUT, 'synth', 'output', 'emit-worker.js');
const COMPANY = path.join(ROOT, 'test', 'fixtures', 'companies', 'notely.spec.yaml');

const dirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-parallel-test-'));
  dirs.push(d);
  return d;
}

let svg: SvgRenderer;
/** The reference plan as compile() makes it (the shared reference's plan is plan.json parsed back). */
let plan: Plan;
/** Its one-thread emit, with the values attached (the shared reference output is text only). */
let oneThread: ReadonlyMap<string, string>;
beforeAll(async () => {
  if (!builder.isFresh()) builder.build();
  svg = await createSvgRenderer();
  plan = planOf(path.join(ROOT, SPEC_FILE));
  oneThread = emit(plan, svg);
});
const referencePlan = () => plan;
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function planOf(file: string): Plan {
  const r = compile(file, fs.readFileSync(file, 'utf8'), 'plan');
  if (!r.plan) throw new Error(`${file} does not plan`);
  return r.plan;
}

/** Every file equal, and the same values attached to the stacks and manifests (the ledger and the check read them). */
function expectSame(actual: ReadonlyMap<string, string>, expected: ReadonlyMap<string, string>): void {
  expect([...actual.keys()]).toEqual([...expected.keys()]);
  const differing = [...expected].filter(([f, text]) => actual.get(f) !== text).map(([f]) => f);
  expect(differing).toEqual([]);
  const values = (files: ReadonlyMap<string, string>) => new Map([...(attachedParsed(files) ?? new Map())].map(([f, p]) => [f, p.value]));
  const a = values(actual);
  const e = values(expected);
  expect([...a.keys()].sort()).toEqual([...e.keys()].sort());
  expect([...e].filter(([f, v]) => !isDeepStrictEqual(a.get(f), v)).map(([f]) => f)).toEqual([]);
}

describe('GIVEN the shared queue of n jobs', () => {
  test.each([
    { n: 1, order: [false] },
    { n: 5, order: [false, true, false, true, true] },
    { n: 6, order: [true, true, true, true, true, true] },
    { n: 7, order: [false, false, false, false, false, false, false] },
  ])('WHEN the front and the back take in the order $order THEN each job is handed out once, then -1 on both ends', ({ n, order }) => {
    const q = newQueue(n);
    const taken = order.map((fromBack) => take(q, fromBack));
    expect([...taken].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(taken.filter((i, k) => !order[k]).every((i, k, front) => k === 0 || i > front[k - 1])).toBe(true); // the front counts up
    expect(take(q, false)).toBe(-1);
    expect(take(q, true)).toBe(-1);
  });
});

describe('GIVEN the jobs of the reference plan', () => {
  test('WHEN it is emitted on one thread THEN that is the shared reference output (the comparisons below are against it)', () => {
    expect([...oneThread]).toEqual([...referenceFiles()]);
  });

  test.each([false, true])('WHEN sliced is %s THEN every stack is one job, AWS-only stacks first, two-cloud stacks next, then GCP and Azure (grouped by cloud), the clusters, the reports (without a cache) last', (sliced) => {
    const jobs = emitJobs(plan, sliced);
    expect(jobs.filter((j) => j.kind === 'terraform').map((j) => (j.kind === 'terraform' ? j.stack : '')).sort()).toEqual(plan.stacks.map((s) => s.name).sort());
    const cloudOf = (stack: string) => {
      const s = plan.stacks.find((x) => x.name === stack)!;
      if (s.kind === 'interconnect') return 1;
      const r = s.region ? plan.regions.find((x) => x.id === s.region) : undefined;
      return r && r.cloud !== 'aws' ? 2 : 0;
    };
    const ranks = jobs.map((j) => (j.kind === 'terraform' ? cloudOf(j.stack) : j.kind === 'kubernetes' ? 3 : j.kind === 'reports' ? 4 : -1));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(ranks)).toEqual(new Set(sliced ? [-1, 0, 1, 2, 3] : [-1, 0, 1, 2, 3, 4])); // with a cache, assemble writes the reports
    // the GCP and Azure stacks: one cloud's stacks adjacent, the cloud with the most of them nearest the worker's end
    const clouds = jobs.flatMap((j) => (j.kind === 'terraform' && cloudOf(j.stack) === 2 ? [plan.stacks.find((x) => x.name === j.stack)!.cloud] : []));
    expect(clouds.filter((c, i) => i === 0 || c !== clouds[i - 1])).toEqual([...new Set(clouds)]);
    const count = (c: string) => clouds.filter((x) => x === c).length;
    expect(count(clouds[clouds.length - 1])).toBe(Math.max(...clouds.map(count)));
    const clusters = [...plan.regions, ...plan.restoreSites.map((s) => s.region)];
    const k8s = jobs.filter((j) => j.kind === 'kubernetes');
    expect(k8s.length).toBe(sliced ? clusters.reduce((n, r) => n + 1 + r.workloads.length, 0) : clusters.length);
  });

  /** Paths of values a structured clone would not give back as they are: anything but primitives, plain arrays and plain objects. */
  function notPlain(value: unknown, at = 'plan', out: string[] = []): string[] {
    if (value === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof value)) return out;
    if (Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype) value.forEach((v, i) => notPlain(v, `${at}[${i}]`, out));
    else if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype && Object.getOwnPropertySymbols(value).length === 0) {
      for (const [k, v] of Object.entries(value)) notPlain(v, `${at}.${k}`, out);
    } else out.push(at);
    return out;
  }

  test.each([
    { what: 'the reference', file: () => path.join(ROOT, SPEC_FILE) },
    { what: 'another company', file: () => COMPANY },
  ])('WHEN the plan of $what is cloned for a worker THEN it is plain data (the clone is equal to it) and the clone has the same text', ({ file }) => {
    const p = planOf(file());
    expect(notPlain(p)).toEqual([]);
    const clone = structuredClone(p);
    expect(JSON.stringify(clone)).toBe(JSON.stringify(p));
    expect(Object.keys(clone)).toEqual(Object.keys(p));
  });
});

describe('GIVEN a spec emitted on one thread and on several', () => {
  test.each([2, 3])('WHEN the reference is emitted on %i threads without a cache THEN workers ran some of the jobs and dist/ is byte for byte the one-thread emit', async (jobs) => {
    const tally = { here: 0, workers: 0 };
    const pool = startPool(jobs, WORKER)!;
    await expect(Promise.all(pool.workers.map((w) => w.ready))).resolves.toEqual(pool.workers.map(() => true)); // loaded: they take jobs at once
    const files = await emitParallel(referencePlan(), svg, undefined, { jobs, workerScript: WORKER, tally, pool });
    expectSame(files, oneThread);
    expect(tally.workers).toBeGreaterThan(0);
    expect(tally.here + tally.workers).toBe(emitJobs(referencePlan(), false).length);
  });

  test('WHEN another company\'s spec is emitted on 2 threads THEN it equals its one-thread emit', async () => {
    const plan = planOf(COMPANY);
    expectSame(await emitParallel(plan, svg, undefined, { jobs: 2, workerScript: WORKER }), emit(plan, svg));
  });

  test('WHEN the reference is emitted on 2 threads with an empty cache, then again with it warm THEN both equal the one-thread emit, and the second synthesizes nothing', async () => {
    const dir = tmp();
    const first = createCache(dir, 'v1');
    expectSame(await emitParallel(referencePlan(), svg, first, { jobs: 2, workerScript: WORKER }), oneThread);
    const jobs = emitJobs(referencePlan(), true).length;
    expect(first.stats.misses).toBe(jobs + 1); // every job and the diagram, counted here and in the worker
    const second = createCache(dir, 'v1');
    expectSame(await emitParallel(referencePlan(), svg, second, { jobs: 2, workerScript: WORKER }), oneThread);
    expect(second.stats).toEqual({ hits: jobs + 1, misses: 0, uncacheable: 0 });
  });

  test('WHEN the reference is emitted on 2 threads with an old folder to compare with THEN every file of a job was compared by the thread that made it, as a full comparison finds', async () => {
    const old = path.join(tmp(), 'dist');
    writeTree(old, oneThread);
    const edited = [...oneThread.keys()].find((f) => f.startsWith('kubernetes/') && f.endsWith('.yaml'))!;
    fs.appendFileSync(path.join(old, edited), '# edited\n');
    fs.rmSync(path.join(old, 'terraform', 'global'), { recursive: true });
    const tally = { here: 0, workers: 0 };
    const files = await emitParallel(referencePlan(), svg, undefined, { jobs: 2, workerScript: WORKER, compareWith: old, tally });
    expectSame(files, oneThread);
    expect(tally.workers).toBeGreaterThan(0);
    const compared = attachedCompared(files)!;
    // every file a job made (all but those assemble adds after the jobs) that the old folder holds, and nothing else
    const assembled = new Set(['platform.dot', 'platform.svg', LEDGER_FILE, OUT_MARKER]);
    const jobFiles = [...files.keys()].filter((f) => !assembled.has(f));
    expect(jobFiles.filter((f) => f.endsWith('cdk.tf.json')).length).toBe(referencePlan().stacks.length);
    expect([...compared.keys()].sort()).toEqual(jobFiles.filter((f) => fs.existsSync(path.join(old, f))).sort());
    expect([...compared].filter(([, c]) => !c.same).map(([f]) => f)).toEqual([edited]);
    for (const [f, c] of compared) expect(c.text).toBe(files.get(f));
    const { same, ...lists } = diffWithTree(old, files, compared);
    expect(lists).toEqual(diffTrees(readTree(old), files));
    expect(same.size).toBe(readTree(old).size - 1 - lists.removed.length);
  });

  test('WHEN the diagram is still rendering THEN the workers get their jobs first: a renderer that is ready only once a worker returned a job does not stall the emit', async () => {
    const pool = startPool(2, WORKER)!;
    const worker = pool.workers[0];
    const rendered = new Promise<SvgRenderer>((resolve) => {
      const poll = setInterval(() => {
        if (worker.results.length > 0) {
          clearInterval(poll);
          resolve(svg);
        }
      }, 5);
      poll.unref();
    });
    const tally = { here: 0, workers: 0 };
    expectSame(await emitParallel(referencePlan(), rendered, undefined, { jobs: 2, pool, tally }), oneThread);
    expect(tally.workers).toBeGreaterThan(0);
  });

  test('WHEN the diagram fails to render THEN the emit fails with its error and stops the workers', async () => {
    const pool = startPool(2, WORKER)!;
    await expect(emitParallel(referencePlan(), Promise.reject(new Error('no Graphviz')), undefined, { jobs: 2, pool })).rejects.toThrow('no Graphviz');
  });

  test('WHEN a pool is started before the plan is made and given to the emit THEN it is used and the output is the same', async () => {
    const pool = startPool(2, WORKER);
    expect(pool?.workers.length).toBe(1);
    // each worker runs with the bounded old and young generations
    expect(pool!.workers[0].worker.resourceLimits).toMatchObject({ maxOldGenerationSizeMb: WORKER_OLD_SPACE_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_SPACE_MB });
    expectSame(await emitParallel(referencePlan(), svg, undefined, { jobs: 2, pool, workerScript: WORKER }), oneThread);
  });
});

describe('GIVEN a worker that fails', () => {
  /** A worker script that takes `claim` jobs from the back of the queue, then exits without returning them. */
  function failingWorker(claim: number, how: 'exit' | 'throw'): string {
    const file = path.join(tmp(), 'worker.js');
    const parallelJs = path.join(builder.OUT, 'synth', 'output', 'parallel.js');
    fs.writeFileSync(
      file,
      `const { parentPort } = require('worker_threads');
const { take } = require(${JSON.stringify(parallelJs)});
parentPort.once('message', (input) => {
  for (let i = 0; i < ${claim}; i++) take(input.queue, true);
  ${how === 'exit' ? 'process.exit(3);' : "throw new Error('worker failed');"}
});
`,
    );
    return file;
  }

  test.each([
    { claim: 3, how: 'exit' as const, what: 'claims 3 jobs and exits' },
    { claim: 2, how: 'throw' as const, what: 'claims 2 jobs and throws' },
    { claim: 0, how: 'throw' as const, what: 'takes nothing and throws' },
  ])('WHEN it $what THEN this thread runs the jobs it did not return and dist/ is unchanged', async ({ claim, how }) => {
    const tally = { here: 0, workers: 0 };
    const files = await emitParallel(referencePlan(), svg, undefined, { jobs: 2, workerScript: failingWorker(claim, how), tally });
    expectSame(files, oneThread);
    expect(tally).toEqual({ here: emitJobs(referencePlan(), false).length, workers: 0 });
  });

  test('WHEN the worker stops for want of memory (a heap limit too small to load its libraries) THEN everything runs here and dist/ is unchanged', async () => {
    const pool = startPool(2, WORKER, 8)!;
    const tally = { here: 0, workers: 0 };
    expectSame(await emitParallel(referencePlan(), svg, undefined, { jobs: 2, pool, tally }), oneThread);
    expect(tally.workers).toBe(0);
  });

  test('WHEN the worker script cannot be loaded at all THEN everything runs here', async () => {
    const files = await emitParallel(referencePlan(), svg, undefined, { jobs: 2, workerScript: path.join(tmp(), 'missing.js') });
    expectSame(files, oneThread);
  });
});

describe('GIVEN a plan with a job that fails', () => {
  /** The reference plan with one broken piece: an AWS region stack without its region (a front job), or a cluster without its GitOps agent (a back job). */
  const broken = (where: 'front' | 'back'): Plan => {
    const p = structuredClone(plan) as { -readonly [K in keyof Plan]: Plan[K] };
    if (where === 'front') {
      const i = p.stacks.findIndex((s) => s.kind === 'region' && p.regions.find((r) => r.id === s.region)?.cloud === 'aws');
      p.stacks = p.stacks.map((s, k) => (k === i ? { ...s, region: undefined } : s));
    } else {
      const last = p.regions[p.regions.length - 1].id;
      p.gitopsAgents = p.gitopsAgents.filter((a) => a.region !== last);
    }
    return p as Plan;
  };

  test.each(['front', 'back'] as const)('WHEN the failing job is at the %s of the queue THEN the two-thread emit fails with the one-thread error', async (where) => {
    const bad = broken(where);
    let expected: Error | undefined;
    try {
      emit(bad, svg);
    } catch (e) {
      expected = e as Error;
    }
    expect(expected).toBeDefined();
    const run = emitParallel(bad, svg, undefined, { jobs: 2, workerScript: WORKER });
    await expect(run).rejects.toThrow(expected!.message);
    await expect(run).rejects.toBeInstanceOf(expected!.constructor);
  });
});

describe('GIVEN little to synthesize', () => {
  test(`WHEN the pending jobs weigh less than ${WORTH_A_WORKER} THEN no worker is started (a pool given is closed) and the output is the same`, async () => {
    const dir = tmp();
    const warm = createCache(dir, 'v1');
    await emitParallel(referencePlan(), svg, warm, { jobs: 1 });
    const again = createCache(dir, 'v1');
    const script = path.join(tmp(), 'waiting.js');
    const marker = `${script}.given-work`;
    fs.writeFileSync(script, `require('worker_threads').parentPort.once('message', () => require('fs').writeFileSync(${JSON.stringify(marker)}, 'x'));`);
    const pool = startPool(2, script)!;
    expectSame(await emitParallel(referencePlan(), svg, again, { jobs: 2, pool, workerScript: script }), oneThread);
    expect(again.stats.misses).toBe(0);
    await expect(pool.workers[0].finished).resolves.toBeUndefined(); // stopped: a waiting worker never ends by itself
    expect(fs.existsSync(marker)).toBe(false);
  });
});
