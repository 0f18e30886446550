/**
 * `npm run bench`: speed and memory of the compiler, measured side by side in one run.
 * Medians of N runs. Never asserted in tests (timings depend on the machine).
 *
 *   in-process: validate / plan / emit stages on the reference spec (after a warm-up)
 *   CLI:        `platform validate` and `platform synth --check` as fresh processes (what a user waits for)
 *   imports:    requiring a provider class by deep path vs the provider package root
 */
import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compile } from '../synth/compile';
import { createSvgRenderer } from '../synth/output/diagram';

const ROOT = path.join(__dirname, '..');
const SPEC = path.join(ROOT, 'platform.spec.yaml');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function time(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** Runs a node process and returns [wall ms, peak RSS MiB] (RSS read by the child at exit). */
function child(args: string[]): [number, number] {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-e', `process.on('exit',()=>require('fs').writeSync(3, String(process.resourceUsage().maxRSS)));process.argv.splice(1,0,'x');require(${JSON.stringify(path.join(ROOT, 'bin', 'platform.js'))})`, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  return [ms, Number(String(r.output[3] ?? '0')) / 1024];
}

function requireCost(modulePath: string): [number, number] {
  const out = execFileSync(process.execPath, ['-e', `const t=process.hrtime.bigint();require(${JSON.stringify(modulePath)});const ms=Number(process.hrtime.bigint()-t)/1e6;console.log(ms, process.resourceUsage().maxRSS/1024)`], { cwd: ROOT }).toString().trim().split(' ');
  return [Number(out[0]), Number(out[1])];
}

async function main(): Promise<void> {
  const text = readFileSync(SPEC, 'utf8');
  const svg = await createSvgRenderer();
  compile('platform.spec.yaml', text, { until: 'emit', svg }); // warm-up: loads cdktf, providers, cdk8s
  const rows: [string, string, string][] = [];
  for (const until of ['validate', 'plan', 'emit'] as const) {
    const ms = Array.from({ length: RUNS }, () => time(() => compile('platform.spec.yaml', text, { until, svg })));
    rows.push([`compile() until ${until} (in-process, warm)`, `${median(ms).toFixed(1)} ms`, '']);
  }
  const files = compile('platform.spec.yaml', text, { until: 'emit', svg }).files!;
  const bytes = [...files.values()].reduce((a, t) => a + Buffer.byteLength(t), 0);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'platform-bench-'));
  for (const args of [['validate'], ['plan', '--format', 'json'], ['synth', '--check'], ['synth', '--out', path.join(scratch, 'dist')]]) {
    const runs = Array.from({ length: RUNS }, () => child(args));
    rows.push([`platform ${args.join(' ').replace(scratch, '$TMP')} (new process)`, `${median(runs.map((r) => r[0])).toFixed(0)} ms`, `${median(runs.map((r) => r[1])).toFixed(0)} MiB peak RSS`]);
  }
  rmSync(scratch, { recursive: true, force: true });
  const deep = Array.from({ length: 3 }, () => requireCost('@cdktf/provider-aws/lib/vpc'));
  const barrel = Array.from({ length: 3 }, () => requireCost('@cdktf/provider-aws'));
  const dm = median(deep.map((d) => d[0]));
  const bm = median(barrel.map((d) => d[0]));
  rows.push(["require('@cdktf/provider-aws/lib/vpc')", `${dm.toFixed(0)} ms`, `${median(deep.map((d) => d[1])).toFixed(0)} MiB`]);
  rows.push(["require('@cdktf/provider-aws') (barrel)", `${bm.toFixed(0)} ms`, `${median(barrel.map((d) => d[1])).toFixed(0)} MiB (${(bm / dm).toFixed(1)}x slower)`]);

  const w = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length))];
  process.stdout.write(`platform bench: median of ${RUNS} runs, node ${process.version}, reference spec -> ${files.size} files, ${(bytes / 1024).toFixed(0)} KiB\n`);
  for (const r of rows) process.stdout.write(`  ${r[0].padEnd(w[0])}  ${r[1].padStart(w[1])}  ${r[2]}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(String(e instanceof Error ? e.stack : e) + '\n');
  process.exitCode = 1;
});
