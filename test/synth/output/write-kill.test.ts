/**
 * Kill tests of the real CLI (`node bin/platform.js synth --out DIR`): the child pauses after every step of
 * the write (test hook PLATFORM_TEST_OUT_HOOK=pause), the test checks DIR at each pause (a SIGKILL changes no
 * file, so the state at a pause is what a kill there leaves), then SIGKILLs it at a seeded step. The next run's
 * recovery must then leave DIR old or new and no leftovers. Few spawns (a synth takes seconds), seeded.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { makeCdktfScratch } from '../../../constructs/terraform/scratch';
import { OUT_MARKER, OUT_MARKER_TEXT, recoverOut } from '../../../synth/output/out-dir';
import { readTree, TEST_HOOK_ENV, writeTree } from '../../../synth/output/write';
import { referenceFiles } from '../../helpers/reference';

const ROOT = path.join(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'platform.js');
const SPEC = path.join(ROOT, 'platform.spec.yaml');
const SEED = 15;
const OLD = new Map([[OUT_MARKER, OUT_MARKER_TEXT], ['report.md', '# the previous output\n'], ['terraform/global/cdk.tf.json', '{}\n']]);
const USER_FILE = 'notes.txt';

/** Seeded PRNG (mulberry32): the same kill points on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function same(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

interface Run {
  /** DIR's state at every pause, by step. */
  readonly states: { step: string; state: string; leftovers: string[] }[];
  readonly signal: NodeJS.Signals | null;
  readonly code: number | null;
  readonly pid: number;
}

/**
 * Spawns synth, answers every pause, SIGKILLs it at the pause `killAt(step, index)` says, or after `killAfterMs`;
 * a pause `holdAt(step)` says is not answered (the synth waits there for the kill, however fast it got there).
 */
function synth(parent: string, opts: { hook: string; killAt?: (step: string, index: number) => boolean; killAfterMs?: number; holdAt?: (step: string) => boolean }): Promise<Run> {
  const out = path.join(parent, 'dist');
  const newTree = referenceFiles();
  const classify = () => {
    if (!fs.existsSync(out)) return 'missing';
    const t = readTree(out);
    return same(t, OLD) ? 'old' : same(t, newTree) ? 'new' : 'other';
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'synth', '--spec', SPEC, '--out', out], {
      cwd: ROOT,
      env: { ...process.env, [TEST_HOOK_ENV]: opts.hook },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    const states: Run['states'] = [];
    let buffered = '';
    let stderr = '';
    if (opts.killAfterMs !== undefined) setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs);
    child.stderr.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const m = /^platform-test-step (.*)$/.exec(line);
        if (!m) {
          stderr += line + '\n';
          continue;
        }
        const leftovers = fs.readdirSync(parent).filter((f) => f.startsWith('.dist-'));
        states.push({ step: m[1], state: classify(), leftovers });
        if (opts.killAt?.(m[1], states.length - 1)) child.kill('SIGKILL');
        else if (!opts.holdAt?.(m[1])) child.stdin.write('\n');
      }
    });
    child.stdin.on('error', () => {}); // EPIPE once killed
    child.on('error', reject);
    child.on('exit', (code, signal) => (code !== null && code !== 0 ? reject(new Error(`synth failed (${code}): ${stderr}`)) : resolve({ states, signal, code, pid: child.pid! })));
  });
}

describe('SIGKILL of the real CLI during synth --out', () => {
  let work: string;
  beforeAll(() => (work = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-kill-'))));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  function prepare(name: string): string {
    const parent = path.join(work, name);
    writeTree(path.join(parent, 'dist'), OLD);
    fs.writeFileSync(path.join(parent, USER_FILE), 'mine\n');
    return parent;
  }

  /** The next run: recovery leaves DIR old or new and nothing beside it but the user's file. */
  function expectRecovered(parent: string, allowed: string[]) {
    recoverOut(parent, 'dist');
    const t = readTree(path.join(parent, 'dist'));
    expect(same(t, OLD) ? 'old' : same(t, referenceFiles()) ? 'new' : 'other').toEqual(expect.stringMatching(new RegExp(`^(${allowed.join('|')})$`)));
    expect(fs.readdirSync(parent).sort()).toEqual(['dist', USER_FILE].sort());
    expect(fs.readFileSync(path.join(parent, USER_FILE), 'utf8')).toBe('mine\n');
  }

  test('GIVEN the exchange and the fallback WHEN synth pauses after every step THEN DIR is old or new at each one (missing only between the fallback\'s two renames); SIGKILL at a seeded step and at the fallback\'s first rename is repaired by the next run', async () => {
    const random = prng(SEED);
    // Exchange path, steps by index: 0 staging created, 1 marker, 2..N the other N-1 files, N+1 staging complete,
    // N+2 exchanged, then the removal of the old tree (its 2 entries, its marker, the folder): the kill is seeded
    // among the exchange and the removal, so that every step before it is seen paused.
    const n = referenceFiles().size;
    const killIndex = n + 2 + Math.floor(random() * (OLD.size + 2));
    const early = 300 + Math.floor(random() * 1500);
    const [exchange, fallback, killedEarly] = await Promise.all([
      synth(prepare('exchange'), { hook: 'pause', killAt: (_s, i) => i === killIndex }),
      synth(prepare('fallback'), { hook: 'pause,no-exchange', killAt: (s) => s === 'renamed old' }),
      // held before the exchange: the kill lands in the compile or the staging even when the synth is faster than `early`
      synth(prepare('early'), { hook: 'pause', killAfterMs: early, holdAt: (step) => step === 'staging complete' }),
    ]);

    // Exchange: every pause saw old or new, the exchange itself is one step, the kill happened where seeded.
    expect(exchange.signal).toBe('SIGKILL');
    expect(exchange.states).toHaveLength(killIndex + 1);
    const exchangeStates = exchange.states.map((s) => s.state);
    expect(exchangeStates.filter((s) => s !== 'old' && s !== 'new')).toEqual([]);
    const swapAt = exchange.states.findIndex((s) => s.step === 'exchanged');
    expect(swapAt).toBe(n + 2);
    expect(exchange.states[n + 1].step).toBe('staging complete');
    expect(exchangeStates.slice(swapAt).every((s) => s === 'new')).toBe(true);
    expect(exchangeStates.slice(0, swapAt).every((s) => s === 'old')).toBe(true);
    expectRecovered(path.join(work, 'exchange'), ['new']);

    // Fallback: killed exactly where DIR is missing; the old tree is complete beside it and is restored.
    expect(fallback.signal).toBe('SIGKILL');
    const last = fallback.states[fallback.states.length - 1];
    expect(last).toMatchObject({ step: 'renamed old', state: 'missing' });
    expect(last.leftovers.map((l) => l.replace(/-\d+-[0-9a-f]+$/, '')).sort()).toEqual(['.dist-new', '.dist-old']);
    expect(fallback.states.slice(0, -1).every((s) => s.state === 'old')).toBe(true);
    expectRecovered(path.join(work, 'fallback'), ['old']);

    // Killed at a random early instant (during the compile or the staging): DIR is the old tree.
    expect(killedEarly.signal).toBe('SIGKILL');
    expect(killedEarly.states.every((s) => s.state === 'old')).toBe(true);
    expectRecovered(path.join(work, 'early'), ['old']);
    // ... and its cdktf scratch folder, if it got that far, is removed by the next synth.
    const scratch = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(`platform-cdktf-${killedEarly.pid}-`));
    fs.rmSync(makeCdktfScratch(), { recursive: true });
    expect(scratch.filter((f) => fs.existsSync(path.join(os.tmpdir(), f)))).toEqual([]);
  }, 180_000);
});
