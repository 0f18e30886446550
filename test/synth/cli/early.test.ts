/**
 * Workers started by the CLI's entry before the CLI loads (synth/cli/early.ts): only for a synth that will share
 * its jobs (two threads or more, no cache or an empty one), the same decision cli.ts makes; run() stops them when
 * the command does not hand them work.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { earlyThreads } from '../../../synth/cli/early';
import { run, type Io } from '../../../synth/cli/cli';
import type { EmitPool } from '../../../synth/output/pool';

const SPEC = path.join(__dirname, '..', '..', '..', 'platform.spec.yaml');

describe('earlyThreads', () => {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-early-'));
  const saved = process.env.PLATFORM_CACHE_DIR;
  beforeAll(() => (process.env.PLATFORM_CACHE_DIR = cacheDir));
  afterAll(() => {
    if (saved === undefined) delete process.env.PLATFORM_CACHE_DIR;
    else process.env.PLATFORM_CACHE_DIR = saved;
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  test.each<{ what: string; argv: string[]; env: Record<string, string>; threads: number | undefined }>([
    { what: 'synth --jobs 3, cache off', argv: ['synth', '--jobs', '3'], env: { PLATFORM_CACHE: 'off' }, threads: 3 },
    { what: 'synth with PLATFORM_JOBS=4 and an empty cache', argv: ['synth', '--spec', 'x.yaml'], env: { PLATFORM_JOBS: '4' }, threads: 4 },
    { what: 'synth --check --jobs 2', argv: ['synth', '--check', '--jobs', '2'], env: {}, threads: 2 },
    { what: 'synth --jobs 1', argv: ['synth', '--jobs', '1'], env: { PLATFORM_CACHE: 'off' }, threads: undefined },
    { what: 'synth with PLATFORM_JOBS=1', argv: ['synth'], env: { PLATFORM_JOBS: '1', PLATFORM_CACHE: 'off' }, threads: undefined },
    { what: 'synth with a bad --jobs (a usage error)', argv: ['synth', '--jobs', 'many'], env: { PLATFORM_CACHE: 'off' }, threads: undefined },
    { what: 'synth with a bad PLATFORM_JOBS', argv: ['synth'], env: { PLATFORM_JOBS: '0', PLATFORM_CACHE: 'off' }, threads: undefined },
    { what: 'synth with an unknown flag', argv: ['synth', '--fast', '--jobs', '2'], env: { PLATFORM_CACHE: 'off' }, threads: undefined },
    { what: 'synth --help', argv: ['synth', '--help', '--jobs', '2'], env: { PLATFORM_CACHE: 'off' }, threads: undefined },
    { what: 'validate', argv: ['validate'], env: { PLATFORM_CACHE: 'off' }, threads: undefined },
    { what: 'plan', argv: ['plan', '--format', 'json'], env: { PLATFORM_CACHE: 'off' }, threads: undefined },
    { what: 'check', argv: ['check', '--dir', 'dist'], env: { PLATFORM_CACHE: 'off' }, threads: undefined },
    { what: 'diff', argv: ['diff', 'a', 'b'], env: { PLATFORM_CACHE: 'off' }, threads: undefined },
  ])('GIVEN $what THEN the entry starts workers for $threads threads', ({ argv, env, threads }) => {
    expect(earlyThreads(argv, env)).toBe(threads);
  });

  test('GIVEN a cache that holds slices (a warm cache: most slices hit) THEN no workers start early, and with PLATFORM_CACHE=off they do', () => {
    fs.mkdirSync(path.join(cacheDir, 'reads'), { recursive: true });
    try {
      expect(earlyThreads(['synth', '--jobs', '2'], {})).toBeUndefined();
      expect(earlyThreads(['synth', '--jobs', '2'], { PLATFORM_CACHE: 'off' })).toBe(2);
    } finally {
      fs.rmSync(path.join(cacheDir, 'reads'), { recursive: true, force: true });
    }
  });
});

describe('run() given workers started early', () => {
  const fakePool = () => {
    const closed = { times: 0 };
    const pool: EmitPool = { workers: [], close: () => void closed.times++ };
    return { pool, closed };
  };
  const io = (): Io => ({ out: () => undefined, err: () => undefined, isTTY: false, env: {} });

  test.each<{ what: string; argv: string[]; code: number }>([
    { what: 'validate', argv: ['validate', '--spec', SPEC], code: 0 },
    { what: 'a usage error', argv: ['synth', '--fast'], code: 2 },
    { what: 'a spec that cannot be read', argv: ['synth', '--spec', '/nonexistent/platform.spec.yaml', '--out', path.join(os.tmpdir(), 'platform-early-out')], code: 1 },
  ])('GIVEN $what THEN it stops them once', async ({ argv, code }) => {
    const { pool, closed } = fakePool();
    expect(await run(argv, io(), pool)).toBe(code);
    expect(closed.times).toBe(1);
  });
});
