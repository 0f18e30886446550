/**
 * `npm run bench`: speed and memory of `platform`, measured in fresh processes, side by side in one run, and
 * written to bench/RESULTS.md with every budget of the performance issue. Never a test (timings depend on the
 * machine).
 *
 *   sizes        the reference spec (1x) and specs scaled by bench/scale.ts (10x, 50x, 100x: regions x services;
 *                the schema's cap of 16 regions allows 2x the reference's regions, so 100x = 2 x 50);
 *                validate, plan and a cold synth (cache off) of each, median wall time and peak RSS, and the
 *                growth ratio to the previous size (50x -> 100x is the "doubling" ratio)
 *   one thread   a cold synth with --jobs 1 (no worker thread) of the reference and the largest size
 *   V8 flags     cold synths of the reference and the largest size with the synth's V8 flags (bin/v8-flags.js), with
 *                V8's own old-space growth (PLATFORM_HEAP_GROWING=default) and with V8's own tier-up budget
 *                (PLATFORM_INTERRUPT_BUDGET=default), runs interleaved
 *   CLI route    the same constructs synthesized the way cdktf's and cdk8s's users do: `cdktf synth` and
 *                `cdk8s synth` with an app run by ts-node (bench/cli-route/), on the reference spec
 *   incremental  a one-service edit of the reference (a new image tag of one service, new at every run) re-synthesized
 *                with the unchanged dist/ beside it and the cache of the previous runs
 *   floor        a bare `node -e 0` (and, when NODE_EXTRA_CA_CERTS is set, it and `platform validate` without it: Node 20
 *                reads those certificates at every start), the part of every row that is Node's own
 *   baseline     with BENCH_BASELINE=<another checkout>, its `bin/platform.js` on its own reference spec, in the same run
 *                (and this checkout's cold synth again right after it, so that both see the same load)
 *
 * Every `platform` figure is taken with the V8 code cache (bin/code-cache.js) and the module packs (bin/pack.js)
 * filled by unmeasured runs first (WARM_UP), as every run after the first few after a build runs; one row measures
 * the first run after a build (an empty cache folder).
 *
 * Environment: BENCH_RUNS (runs per measurement, default 7: on this shared VM a median of 5 moved by 10-15% between
 * phases of one run; 3 for scaled specs), BENCH_SIZES (default 1,10,50,100),
 * BENCH_CLI=0 skips the CLI route, BENCH_BASELINE as above, BENCH_OUT (default bench/RESULTS.md).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { scaledSpec } from './scale';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { HEAP_GROWING_PERCENT, INTERRUPT_BUDGET } = require('../bin/v8-flags.js') as { HEAP_GROWING_PERCENT: number; INTERRUPT_BUDGET: number };

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'platform.js');
const REFERENCE = fs.readFileSync(path.join(ROOT, 'platform.spec.yaml'), 'utf8');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
// The schema caps a spec at 16 regions (the reference holds 8: 2x) and 1000 services: 100x = 2 x regions, 50 x
// services; 50x -> 100x is the doubling measured.
const SIZES = (process.env.BENCH_SIZES ?? '1,10,50,100').split(',').map(Number);
/** regions x services of each size. */
const FACTORS: Readonly<Record<number, readonly [number, number]>> = { 1: [1, 1], 2: [1, 2], 4: [2, 2], 8: [2, 4], 10: [2, 5], 16: [2, 8], 20: [2, 10], 32: [2, 16], 50: [2, 25], 100: [2, 50] };
const MiB = 1024 * 1024;

interface Sample {
  readonly ms: number;
  /** CPU time (user + system) of the process (with its children for the CLI route). */
  readonly cpuMs: number;
  readonly rssMiB: number;
  readonly code: number;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const TIME = ['/usr/bin/time', '/bin/time'].find((t) => fs.existsSync(t));

/**
 * Runs a command, returns wall time and peak RSS. `platform` runs are measured by the process itself
 * (resourceUsage at exit); other commands (CLIs that start children) through GNU time's %M (the largest
 * process of the tree), when GNU time exists.
 */
function measure(cmd: string, args: readonly string[], opts: { cwd?: string; env?: Record<string, string>; self?: boolean } = {}): Sample {
  const env = { ...process.env, ...opts.env };
  const t = process.hrtime.bigint();
  if (opts.self) {
    const rssFile = path.join(os.tmpdir(), `platform-bench-rss-${process.pid}`);
    const wrapper = `process.on('exit',()=>{const u=process.resourceUsage();require('fs').writeFileSync(${JSON.stringify(rssFile)}, u.maxRSS+' '+(u.userCPUTime+u.systemCPUTime)/1000)});process.argv.splice(1,0,'platform');require(${JSON.stringify(args[0])})`;
    const r = spawnSync(process.execPath, ['-e', wrapper, '--', ...args.slice(1)], { cwd: opts.cwd ?? ROOT, env, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * MiB });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    const [maxRss, cpu] = fs.existsSync(rssFile) ? fs.readFileSync(rssFile, 'utf8').split(' ').map(Number) : [NaN, NaN];
    fs.rmSync(rssFile, { force: true });
    if (r.status !== 0 && r.status !== 1) process.stderr.write(`bench: ${args.join(' ')} exited ${r.status}: ${String(r.stderr).slice(0, 2000)}\n`);
    return { ms, cpuMs: cpu, rssMiB: maxRss / 1024, code: r.status ?? -1 };
  }
  const full = TIME ? [TIME, '-f', 'BENCH_RSS_KB=%M BENCH_CPU_S=%U+%S', cmd, ...args] : [cmd, ...args];
  const r = spawnSync(full[0], full.slice(1), { cwd: opts.cwd ?? ROOT, env, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * MiB });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const m = /BENCH_RSS_KB=(\d+) BENCH_CPU_S=([\d.]+)\+([\d.]+)/.exec(String(r.stderr));
  if (r.status !== 0) process.stderr.write(`bench: ${cmd} ${args.join(' ')} exited ${r.status}: ${String(r.stderr).slice(-2000)}\n`);
  return { ms, cpuMs: m ? (Number(m[2]) + Number(m[3])) * 1000 : NaN, rssMiB: m ? Number(m[1]) / 1024 : NaN, code: r.status ?? -1 };
}

interface Row {
  readonly what: string;
  readonly samples: readonly Sample[];
}
const ms = (r: Row) => median(r.samples.map((s) => s.ms));
const rss = (r: Row) => median(r.samples.map((s) => s.rssMiB));
const cpu = (r: Row) => median(r.samples.map((s) => s.cpuMs));

function logged(row: Row): Row {
  process.stderr.write(`  ${row.what}: ${(ms(row) / 1000).toFixed(2)} s (CPU ${(cpu(row) / 1000).toFixed(2)} s), ${rss(row).toFixed(0)} MiB (runs: ${row.samples.map((s) => (s.ms / 1000).toFixed(2)).join(' ')})\n`);
  return row;
}

/** Unmeasured runs before the first measurement: the code cache fills in one, a module pack in three (bin/pack.js). */
const WARM_UP = 3;
/**
 * At most this many: warm-up goes on until a run leaves the code cache folder as it found it. Each thread's share of
 * the jobs changes from run to run, so a thread may load a module its pack lacks; the pack is then written again
 * without V8 data, which the next two runs take again.
 */
const MAX_WARM_UP = 12;
const CODE_CACHE = path.join(ROOT, 'build', '.code-cache');

/** Every file under `dir` with its size and mtime, as one text (what a run changed in it). */
function treeState(dir: string): string {
  return listFiles(dir)
    .map((f) => {
      const st = fs.statSync(f);
      return `${f} ${st.size} ${st.mtimeMs}`;
    })
    .sort()
    .join('\n');
}

/** Unmeasured synths of the reference with `env` until the code cache is settled (WARM_UP to MAX_WARM_UP runs). */
function warmUp(out: string, env: Record<string, string>): void {
  let runs = 0;
  for (let settled = false; runs < MAX_WARM_UP && !(settled && runs >= WARM_UP); runs++) {
    const before = treeState(CODE_CACHE);
    measure(process.execPath, [BIN, 'synth', '--out', out], { self: true, env });
    settled = treeState(CODE_CACHE) === before;
  }
  process.stderr.write(`  warm-up: ${runs} runs${Object.keys(env).length ? ` (${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ')})` : ''}\n`);
}

function repeat(what: string, n: number, run: (i: number) => Sample, log = true): Row {
  const row = { what, samples: Array.from({ length: n }, (_, i) => run(i)) };
  return log ? logged(row) : row;
}

function tmp(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `platform-bench-${name}-`));
}

function main(): void {
  const work = tmp('work');
  const cacheDir = path.join(work, 'cache');
  const cold = { PLATFORM_CACHE: 'off' };
  const started = Date.now();
  process.stderr.write(`bench: node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, ${RUNS} runs\n`);
  measure(process.execPath, [BIN, '--help']); // brings build/ up to date
  // Fills the code cache (bin/code-cache.js) and the module packs (bin/pack.js) with every module validate, plan and
  // synth load, as earlier runs would: a pack is written by the first run, its V8 data by the next two (WARM_UP), and
  // more runs while one still changes the folder (MAX_WARM_UP).
  warmUp(path.join(work, 'warm'), cold);
  measure(process.execPath, [BIN, 'plan', '--format', 'json'], { self: true });

  // Sizes.
  const sizes: { size: number; bytes: number; files: number; outBytes: number; validate: Row; plan: Row; synth: Row }[] = [];
  for (const size of SIZES) {
    const [rf, sf] = FACTORS[size] ?? [size, 1];
    const text = size === 1 ? REFERENCE : scaledSpec(REFERENCE, rf, sf);
    const spec = path.join(work, `spec-${size}x.yaml`);
    fs.writeFileSync(spec, text);
    const n = size === 1 ? RUNS : Math.min(RUNS, 3);
    process.stderr.write(`${size}x (${rf} x regions, ${sf} x services, ${text.length} bytes):\n`);
    const validate = repeat(`validate ${size}x`, n, () => measure(process.execPath, [BIN, 'validate', '--spec', spec], { self: true }));
    const plan = repeat(`plan ${size}x`, n, () => measure(process.execPath, [BIN, 'plan', '--spec', spec, '--format', 'json'], { self: true }));
    const outDir = path.join(work, `dist-${size}x`);
    // Two unmeasured synths of a scaled spec first: its threads share the jobs otherwise than on the reference and may
    // load modules their packs lack; such a pack is rewritten by the first and gets its V8 data from the second, as
    // the packs settle for a user of that spec.
    if (size !== 1) for (let i = 0; i < 2; i++) measure(process.execPath, [BIN, 'synth', '--spec', spec, '--out', outDir], { self: true, env: cold });
    const synth = repeat(`synth ${size}x`, n, () => {
      fs.rmSync(outDir, { recursive: true, force: true });
      return measure(process.execPath, [BIN, 'synth', '--spec', spec, '--out', outDir], { self: true, env: cold });
    });
    const files = listFiles(outDir);
    sizes.push({ size, bytes: text.length, files: files.length, outBytes: files.reduce((a, f) => a + fs.statSync(f).size, 0), validate, plan, synth });
  }

  // One thread (--jobs 1): what the second thread gives, on the reference and the largest size.
  const oneThread: Row[] = [];
  for (const size of [...new Set([1, Math.max(...SIZES)])].filter((x) => SIZES.includes(x))) {
    const spec = path.join(work, `spec-${size}x.yaml`);
    const outDir = path.join(work, `dist-${size}x-one-thread`);
    oneThread.push(
      repeat(`cold synth on one thread (--jobs 1), ${size}x`, size === 1 ? RUNS : Math.min(RUNS, 3), () => {
        fs.rmSync(outDir, { recursive: true, force: true });
        return measure(process.execPath, [BIN, 'synth', '--spec', spec, '--out', outDir, '--jobs', '1'], { self: true, env: cold });
      }),
    );
  }

  // V8's own settings (bin/v8-flags.js sets two flags for a synth): what each flag gives, in interleaved runs (the
  // synth's flags, V8's old-space growth, V8's tier-up budget, ...) so that all three see the same load.
  const v8Defaults: Row[] = [];
  const variants = [
    { name: 'flags', env: cold, what: `cold synth with the synth's V8 flags (growth bound to ${HEAP_GROWING_PERCENT}%, tier-up budget ${INTERRUPT_BUDGET}; runs interleaved with the next two rows)` },
    { name: 'heap-default', env: { ...cold, PLATFORM_HEAP_GROWING: 'default' }, what: "cold synth, V8's default old-space growth (PLATFORM_HEAP_GROWING=default)" },
    { name: 'budget-default', env: { ...cold, PLATFORM_INTERRUPT_BUDGET: 'default' }, what: "cold synth, V8's default tier-up budget (PLATFORM_INTERRUPT_BUDGET=default)" },
  ] as const;
  for (const v of variants.slice(1)) warmUp(path.join(work, `warm-${v.name}`), v.env); // that setting's code cache
  for (const size of [...new Set([1, Math.max(...SIZES)])].filter((x) => SIZES.includes(x))) {
    const spec = path.join(work, `spec-${size}x.yaml`);
    const n = size === 1 ? RUNS : Math.min(RUNS, 3);
    const samples: Sample[][] = variants.map(() => []);
    for (let i = 0; i < n; i++) {
      variants.forEach((v, k) => {
        const outDir = path.join(work, `dist-${size}x-${v.name}`);
        fs.rmSync(outDir, { recursive: true, force: true });
        samples[k].push(measure(process.execPath, [BIN, 'synth', '--spec', spec, '--out', outDir], { self: true, env: v.env }));
      });
    }
    variants.forEach((v, k) => v8Defaults.push(logged({ what: `${v.what}, ${size}x`, samples: samples[k] })));
  }

  // CLI route on the reference spec.
  const cliRows: Row[] = [];
  if (process.env.BENCH_CLI !== '0') {
    process.stderr.write('CLI route (reference spec):\n');
    const spec = path.join(ROOT, 'platform.spec.yaml');
    const n = Math.min(RUNS, 3);
    const cdktfOut = path.join(work, 'cdktf.out');
    cliRows.push(
      repeat('cdktf synth (CLI, app by ts-node)', n, () => {
        fs.rmSync(cdktfOut, { recursive: true, force: true });
        return measure(path.join(ROOT, 'node_modules', '.bin', 'cdktf'), ['synth', '--output', cdktfOut], {
          cwd: path.join(ROOT, 'bench', 'cli-route'), // cdktf.json: app = npx ts-node cdktf-main.ts
          env: { PLATFORM_SPEC: spec, CHECKPOINT_DISABLE: '1', CI: '1' },
        });
      }),
    );
    const cdk8sOut = path.join(work, 'cdk8s.out');
    cliRows.push(
      repeat('cdk8s synth (CLI, app by ts-node)', n, () => {
        fs.rmSync(cdk8sOut, { recursive: true, force: true });
        return measure(path.join(ROOT, 'node_modules', '.bin', 'cdk8s'), ['synth', '--app', 'npx ts-node --transpile-only cdk8s-main.ts', '--output', cdk8sOut], {
          cwd: path.join(ROOT, 'bench', 'cli-route'),
          env: { PLATFORM_SPEC: spec, CI: '1' },
        });
      }),
    );
  }

  // Incremental: one-service edit, unchanged dist/ beside it, warm cache.
  process.stderr.write('incremental (reference spec, one-service edit):\n');
  const incDir = path.join(work, 'inc');
  const incSpec = path.join(incDir, 'platform.spec.yaml');
  const incOut = path.join(incDir, 'dist');
  fs.mkdirSync(incDir, { recursive: true });
  fs.writeFileSync(incSpec, REFERENCE);
  const warm = { PLATFORM_CACHE_DIR: cacheDir };
  measure(process.execPath, [BIN, 'synth', '--spec', incSpec, '--out', incOut], { self: true, env: warm }); // fills the cache, writes dist/
  const pristine = path.join(incDir, 'dist.pristine');
  fs.cpSync(incOut, pristine, { recursive: true });
  const image = /image: (\S+):(\S+)/.exec(REFERENCE)!;
  const incremental = repeat('synth after a one-service edit (cache on)', RUNS, (i) => {
    fs.rmSync(incOut, { recursive: true, force: true });
    fs.cpSync(pristine, incOut, { recursive: true });
    fs.writeFileSync(incSpec, REFERENCE.replace(image[0], `image: ${image[1]}:${image[2]}-bench${i}.${Date.now()}`));
    return measure(process.execPath, [BIN, 'synth', '--spec', incSpec, '--out', incOut], { self: true, env: warm });
  });
  const incrementalCold = repeat('synth after a one-service edit (cache off)', Math.min(RUNS, 3), (i) => {
    fs.rmSync(incOut, { recursive: true, force: true });
    fs.cpSync(pristine, incOut, { recursive: true });
    fs.writeFileSync(incSpec, REFERENCE.replace(image[0], `image: ${image[1]}:${image[2]}-cold${i}.${Date.now()}`));
    return measure(process.execPath, [BIN, 'synth', '--spec', incSpec, '--out', incOut], { self: true, env: cold });
  });
  const noChange = repeat('synth, nothing changed (cache on)', RUNS, () => measure(process.execPath, [BIN, 'synth', '--spec', incSpec, '--out', incOut], { self: true, env: warm }));
  // The first run after a build: an empty code cache (every module compiled from source), synth cache off.
  const firstRun = repeat('cold synth, first run after a build (empty code cache)', Math.min(RUNS, 3), (i) => {
    const codeCache = path.join(work, `code-cache-${i}`);
    const out = path.join(work, `dist-first-${i}`);
    return measure(process.execPath, [BIN, 'synth', '--out', out], { self: true, env: { ...cold, PLATFORM_CODE_CACHE_DIR: codeCache } });
  });

  // The floor of every row: Node's own start, in this environment and (when it is set) without NODE_EXTRA_CA_CERTS,
  // which Node 20 reads at every start; the compiler never opens a TLS connection, but the user's environment is theirs.
  process.stderr.write('floor:\n');
  const floor = [repeat('bare `node -e 0` (Node\'s own start)', RUNS, () => measure(process.execPath, ['-e', '0']))];
  if (process.env.NODE_EXTRA_CA_CERTS) {
    const without = { ...process.env };
    delete without.NODE_EXTRA_CA_CERTS;
    const bare = (args: string[]) => () => {
      const t = process.hrtime.bigint();
      spawnSync(process.execPath, args, { cwd: ROOT, env: without, stdio: 'ignore' });
      return { ms: Number(process.hrtime.bigint() - t) / 1e6, cpuMs: NaN, rssMiB: NaN, code: 0 };
    };
    floor.push(repeat('bare `node -e 0` without NODE_EXTRA_CA_CERTS (set here)', RUNS, bare(['-e', '0'])));
    floor.push(repeat('`platform validate` without NODE_EXTRA_CA_CERTS (set here)', RUNS, bare([BIN, 'validate'])));
  }

  // Baseline checkout.
  const baseRows: Row[] = [];
  const baseline = process.env.BENCH_BASELINE;
  if (baseline) {
    process.stderr.write(`baseline ${baseline} (its own reference spec):\n`);
    const bin = path.join(baseline, 'bin', 'platform.js');
    const spec = path.join(baseline, 'platform.spec.yaml'); // its schema may not know fields added since
    const out = path.join(work, 'dist-baseline');
    measure(process.execPath, [bin, '--help'], { cwd: baseline });
    baseRows.push(repeat('baseline validate', RUNS, () => measure(process.execPath, [bin, 'validate', '--spec', spec], { self: true, cwd: baseline })));
    baseRows.push(repeat('baseline plan', RUNS, () => measure(process.execPath, [bin, 'plan', '--spec', spec, '--format', 'json'], { self: true, cwd: baseline })));
    baseRows.push(
      repeat('baseline synth', RUNS, () => {
        fs.rmSync(out, { recursive: true, force: true });
        // Cold like this checkout's row: a baseline that has the synth cache would otherwise measure cache hits.
        return measure(process.execPath, [bin, 'synth', '--spec', spec, '--out', out], { self: true, cwd: baseline, env: cold });
      }),
    );
    const mine = path.join(work, 'dist-again');
    baseRows.push(repeat('this checkout: validate (again, right after the baseline)', RUNS, () => measure(process.execPath, [BIN, 'validate'], { self: true })));
    baseRows.push(
      repeat('this checkout: cold synth (again, right after the baseline)', RUNS, () => {
        fs.rmSync(mine, { recursive: true, force: true });
        return measure(process.execPath, [BIN, 'synth', '--out', mine], { self: true, env: cold });
      }),
    );
  }

  const report = render({ sizes, cliRows, oneThread, v8Defaults, incremental, incrementalCold, noChange, firstRun, floor, baseRows, minutes: (Date.now() - started) / 60000 });
  const target = process.env.BENCH_OUT ?? path.join(ROOT, 'bench', 'RESULTS.md');
  fs.writeFileSync(target, report);
  process.stdout.write(report);
  fs.rmSync(work, { recursive: true, force: true });
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
}

function render(r: {
  sizes: { size: number; bytes: number; files: number; outBytes: number; validate: Row; plan: Row; synth: Row }[];
  cliRows: Row[];
  oneThread: Row[];
  v8Defaults: Row[];
  incremental: Row;
  incrementalCold: Row;
  noChange: Row;
  firstRun: Row;
  floor: Row[];
  baseRows: Row[];
  minutes: number;
}): string {
  const s = (x: number) => `${(x / 1000).toFixed(2)} s`;
  const m = (x: number) => `${x.toFixed(0)} MiB`;
  const one = r.sizes.find((x) => x.size === 1);
  const biggest = r.sizes.length > 1 ? [...r.sizes].sort((a, b) => a.size - b.size)[r.sizes.length - 1] : undefined;
  const half = biggest && r.sizes.find((x) => x.size * 2 === biggest.size);
  const cliTotal = r.cliRows.length === 2 ? ms(r.cliRows[0]) + ms(r.cliRows[1]) : NaN;
  const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');
  const lines: string[] = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` (bench/bench.ts). Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}),`,
    `load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, ${RUNS} runs per measurement (3 for scaled specs and the CLI route), medians; the whole run took ${r.minutes.toFixed(1)} min.`,
    'Every figure is a fresh process as a user starts it (`node bin/platform.js ...`), wall time and peak RSS. The machine is shared:',
    'the spread of the runs is printed while the bench runs; compare figures of one run only. CPU time (user + system) is',
    'less sensitive to other load than wall time. `platform synth` runs on two threads by default (`--jobs`, synth/output/parallel.ts):',
    'its CPU time is the sum of both and of V8\'s helper threads, so it exceeds the wall time; the one-thread rows show `--jobs 1`.',
    '',
    '## Budgets (reference spec unless said)',
    '',
    '| budget | target | measured (median wall) | CPU time (median) | ratio to target (wall) | |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  if (one) {
    lines.push(`| \`platform validate\` | <= 0.30 s | ${s(ms(one.validate))} | ${s(cpu(one.validate))} | ${(ms(one.validate) / 300).toFixed(2)} | ${verdict(ms(one.validate) <= 300)} |`);
    lines.push(`| \`platform synth\` (cold: cache off) | <= 1.00 s | ${s(ms(one.synth))} | ${s(cpu(one.synth))} | ${(ms(one.synth) / 1000).toFixed(2)} | ${verdict(ms(one.synth) <= 1000)} |`);
    lines.push(`| \`platform synth\` peak RSS | <= 200 MiB | ${m(rss(one.synth))} | | ${(rss(one.synth) / 200).toFixed(2)} | ${verdict(rss(one.synth) <= 200)} |`);
    if (!Number.isNaN(cliTotal)) {
      const speedup = cliTotal / ms(one.synth);
      const cliCpu = cpu(r.cliRows[0]) + cpu(r.cliRows[1]);
      lines.push(`| synth vs the CLI route (\`cdktf synth\` + \`cdk8s synth\`: ${s(cliTotal)}, CPU ${s(cliCpu)}) | >= 6x faster | ${speedup.toFixed(1)}x faster | ${(cliCpu / cpu(one.synth)).toFixed(1)}x less CPU | ${(speedup / 6).toFixed(2)} | ${verdict(speedup >= 6)} |`);
    }
  }
  lines.push(`| incremental re-synth of a one-service edit | <= 0.50 s | ${s(ms(r.incremental))} | ${s(cpu(r.incremental))} | ${(ms(r.incremental) / 500).toFixed(2)} | ${verdict(ms(r.incremental) <= 500)} |`);
  if (biggest) {
    lines.push(`| 100x spec synth (measured: ${biggest.size}x, the largest size of this run) | <= 15 s | ${s(ms(biggest.synth))} | ${s(cpu(biggest.synth))} | ${(ms(biggest.synth) / 15000).toFixed(2)} | ${verdict(ms(biggest.synth) <= 15000)} |`);
    lines.push(`| 100x spec synth peak RSS (measured: ${biggest.size}x) | <= 1024 MiB | ${m(rss(biggest.synth))} | | ${(rss(biggest.synth) / 1024).toFixed(2)} | ${verdict(rss(biggest.synth) <= 1024)} |`);
  }
  if (biggest && half) {
    const d = ms(biggest.synth) / ms(half.synth);
    lines.push(`| doubling the spec (${half.size}x -> ${biggest.size}x synth) | <= 2.1x | ${d.toFixed(2)}x | ${(cpu(biggest.synth) / cpu(half.synth)).toFixed(2)}x | ${(d / 2.1).toFixed(2)} | ${verdict(d <= 2.1)} |`);
  }
  lines.push('', '## Sizes', '', '| size | spec bytes | output files | output MiB | validate | plan | synth (cold) | synth CPU | synth RSS | synth growth |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  let prev: (typeof r.sizes)[number] | undefined;
  for (const x of r.sizes) {
    const growth = prev ? `${(ms(x.synth) / ms(prev.synth)).toFixed(2)}x for ${(x.size / prev.size).toFixed(0)}x the spec` : '';
    lines.push(`| ${x.size}x | ${x.bytes} | ${x.files} | ${(x.outBytes / MiB).toFixed(1)} | ${s(ms(x.validate))} | ${s(ms(x.plan))} | ${s(ms(x.synth))} | ${s(cpu(x.synth))} | ${m(rss(x.synth))} | ${growth} |`);
    prev = x;
  }
  lines.push('', '## Incremental, one thread, CLI route (reference spec unless said)', '', '| what | median wall | median CPU | peak RSS |', '| --- | --- | --- | --- |');
  for (const row of [r.incremental, r.incrementalCold, r.noChange, r.firstRun, ...r.oneThread, ...r.v8Defaults, ...r.cliRows, ...r.floor, ...r.baseRows]) lines.push(`| ${row.what} | ${s(ms(row))} | ${Number.isNaN(cpu(row)) ? '' : s(cpu(row))} | ${Number.isNaN(rss(row)) ? '' : m(rss(row))} |`);
  lines.push(
    '',
    'Sizes: `bench/scale.ts` multiplies the regions (more AWS primaries from the catalog, each with a GCP or Azure failover)',
    'and the services, databases, data classes and caches (copies; databases, data classes and caches up to the schema\'s caps):',
    `${r.sizes.filter((x) => x.size > 1).map((x) => `${x.size}x = ${(FACTORS[x.size] ?? [x.size, 1]).join(' x ')}`).join(', ')} (regions x services). Each scaled spec`,
    'passes `validate` and `plan`. The CLI route runs the project\'s constructs through `cdktf synth` and `cdk8s synth` with',
    'an app started by `npx ts-node` (bench/cli-route/), as those tools\' templates do. The incremental edit changes the image tag',
    'of one service (a new tag at every run, so its slices are never cached), with the previous dist/ in place.',
    'Every `platform` run uses the V8 code cache (bin/code-cache.js) and the module packs (bin/pack.js), filled by unmeasured runs (' + WARM_UP + ' to ' + MAX_WARM_UP + ': until a run changes nothing in it)',
    'before the first measurement; the "first run after a build" row starts each run with an empty cache folder (neither). The bare `node -e 0` rows are the floor under',
    'every row (each is a new process); the rows without NODE_EXTRA_CA_CERTS show what that variable costs each start.',
    'Every `platform synth` run bounds the old space\'s growth between full collections to ' + HEAP_GROWING_PERCENT + '% and raises TurboFan\'s',
    'tier-up budget to ' + INTERRUPT_BUDGET + ' (bin/v8-flags.js); the "V8\'s default" rows run the same synth without one of the two, interleaved',
    'with the "synth\'s V8 flags" row above them.',
    '',
  );
  return lines.join('\n');
}

main();
