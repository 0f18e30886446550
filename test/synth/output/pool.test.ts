/**
 * The pool's bookkeeping of running workers (synth/output/pool.ts): `workersExited` settles only once every worker
 * startPool started has exited (the CLI's entry ends the process then, so that no worker is cut off while its exit
 * handlers store the code cache and the packs), and after its timeout when one never does.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startPool, workersExited } from '../../../synth/output/pool';

describe('workersExited', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-pool-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const script = (name: string, body: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, body);
    return file;
  };

  test('GIVEN no worker THEN it settles at once', async () => {
    await expect(workersExited(10_000)).resolves.toBeUndefined();
  });

  test('GIVEN a worker whose exit handler takes a while THEN it settles only after that handler ran', async () => {
    const marker = path.join(dir, 'exited');
    const file = script('slow-exit.js', `process.on('exit', () => { const end = Date.now() + 200; while (Date.now() < end); require('fs').writeFileSync(${JSON.stringify(marker)}, 'x'); });\n`);
    const pool = startPool(2, file)!;
    pool.workers[0].worker.ref();
    await workersExited(10_000);
    expect(fs.existsSync(marker)).toBe(true);
  });

  test('GIVEN a worker that never exits THEN it settles after the timeout, and the worker is still running', async () => {
    const file = script('forever.js', "setInterval(() => undefined, 1000);\n");
    const pool = startPool(2, file)!;
    const started = Date.now();
    await workersExited(300);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(pool.workers[0].worker.threadId).toBeGreaterThan(0);
    await pool.workers[0].worker.terminate();
    await expect(workersExited(10_000)).resolves.toBeUndefined();
  });
});
