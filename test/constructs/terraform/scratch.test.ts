import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { threadScratch } from '../../../constructs/terraform/scratch';

const ROOT = path.join(__dirname, '..', '..', '..');
const mine = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(`platform-cdktf-${process.pid}-`));

describe('threadScratch: one cdktf scratch folder per thread', () => {
  test('GIVEN two calls THEN the same folder, in the OS temp directory and named after this process', () => {
    const a = threadScratch();
    const b = threadScratch();
    expect(b).toBe(a);
    expect(path.dirname(a)).toBe(os.tmpdir());
    expect(path.basename(a)).toMatch(new RegExp(`^platform-cdktf-${process.pid}-`));
    expect(fs.statSync(a).isDirectory()).toBe(true);
  });

  test('GIVEN the folder was removed from outside WHEN asked again THEN a new one is made (cdktf needs it to exist)', () => {
    const a = threadScratch();
    fs.rmSync(a, { recursive: true });
    const b = threadScratch();
    expect(fs.statSync(b).isDirectory()).toBe(true);
    expect(b).not.toBe(a);
    expect(mine()).toContain(path.basename(b)); // (another test file in this jest process may have its own)
    expect(mine()).not.toContain(path.basename(a));
  });

  test('GIVEN a process that synthesized stacks WHEN it exits THEN its scratch folder is gone', () => {
    // A child that makes the folder, uses it twice and exits normally; it prints the folder it used.
    const script = `const s = require(${JSON.stringify(path.join(ROOT, 'constructs/terraform/scratch.ts'))}); const a = s.threadScratch(); if (s.threadScratch() !== a) process.exit(3); process.stdout.write(a);`;
    const child = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') } });
    expect(child.status).toBe(0);
    expect(child.stdout).toMatch(/platform-cdktf-\d+-/);
    expect(fs.existsSync(child.stdout)).toBe(false);
  });
});
