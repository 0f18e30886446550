import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run, type Io } from '../../../synth/cli/cli';
import { OUT_MARKER, OUT_MARKER_TEXT } from '../../../synth/output/out-dir';

const ROOT = path.join(__dirname, '..', '..', '..');
const SPEC = path.join(ROOT, 'platform.spec.yaml');
const REFERENCE = fs.readFileSync(SPEC, 'utf8');

interface Captured {
  code: number;
  out: string;
  err: string;
}

async function cli(args: string[], opts: { isTTY?: boolean; env?: Record<string, string> } = {}): Promise<Captured> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => (out += t), err: (t) => (err += t), isTTY: opts.isTTY ?? false, env: opts.env ?? {} };
  const code = await run(args, io);
  return { code, out, err };
}

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'platform-cli-'));
}

function snapshotDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else out[r] = fs.readFileSync(path.join(dir, r), 'utf8');
    }
  };
  if (fs.existsSync(dir)) walk('');
  return out;
}

/** A pid that no process has (a child that has exited). */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());
}

/** Every entry under `dir` with its bytes, mode and mtime (what "untouched" means). */
function exactState(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel)).sort()) {
      const r = path.join(rel, e);
      const st = fs.lstatSync(path.join(dir, r));
      out[r] = `${st.mode.toString(8)} ${st.mtimeMs} ${st.isFile() ? fs.readFileSync(path.join(dir, r)).toString('base64') : ''}`;
      if (st.isDirectory()) walk(r);
    }
  };
  walk('');
  return out;
}

describe('platform CLI', () => {
  const work = tmp();
  const out = path.join(work, 'dist');
  const bad = path.join(work, 'bad.spec.yaml');
  fs.writeFileSync(bad, REFERENCE.replace('    tier: treasury', '    tier: tresury').replace('onDemand: 10% }', 'onDemand: 15% }'));

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('GIVEN the reference spec WHEN validated THEN exit 0', async () => {
    const r = await cli(['validate', '--spec', SPEC]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('spec is valid');
  });

  test('GIVEN a spec with two mistakes WHEN validated THEN both are printed with file:line:col and exit 1', async () => {
    const r = await cli(['validate', '--spec', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\.spec\.yaml:\d+:\d+: error\[ref-unknown-tier\] services\.wallet\.tier/);
    expect(r.err).toMatch(/bad\.spec\.yaml:\d+:\d+: error\[cost-mix-sum\] cost\.mix/);
    expect(r.err).toContain('2 error(s)');
  });

  test('GIVEN --format json WHEN validating a bad spec THEN the diagnostics are JSON for tools', async () => {
    const r = await cli(['validate', '--spec', bad, '--format', 'json']);
    expect(r.code).toBe(1);
    const parsed = JSON.parse(r.out) as { ok: boolean; diagnostics: { code: string; line: number; path: string }[] };
    expect(parsed.ok).toBe(false);
    expect(parsed.diagnostics.map((d) => d.code).sort()).toEqual(['cost-mix-sum', 'ref-unknown-tier']);
    expect(parsed.diagnostics.every((d) => d.line > 0)).toBe(true);
  });

  test('GIVEN a TTY THEN errors are coloured, unless NO_COLOR is set', async () => {
    expect((await cli(['validate', '--spec', bad], { isTTY: true })).err).toContain('\u001b[31m');
    expect((await cli(['validate', '--spec', bad], { isTTY: true, env: { NO_COLOR: '1' } })).err).not.toContain('\u001b[');
    expect((await cli(['validate', '--spec', bad], { isTTY: false })).err).not.toContain('\u001b[');
  });

  test('GIVEN a missing spec file THEN a located error and exit 1', async () => {
    const r = await cli(['validate', '--spec', path.join(work, 'nope.yaml')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('file-unreadable');
  });

  test.each([
    [['frobnicate']],
    [['synth', '--bogus']],
    [['plan', '--format', 'yaml']],
    [[]],
    [['synth', '--jobs', '0']],
    [['synth', '--jobs', '17']],
    [['synth', '--jobs', 'two']],
    [['synth', '--jobs']],
    [['validate', '--jobs', '2']],
  ])('GIVEN bad arguments %p THEN usage and exit 2', async (args) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Usage:');
  });

  test.each(['0', 'two', '99'])('GIVEN PLATFORM_JOBS=%s WHEN synth THEN usage and exit 2, naming the variable; other commands do not read it', async (value) => {
    const r = await cli(['synth', '--spec', SPEC, '--check'], { env: { PLATFORM_JOBS: value } });
    expect(r.code).toBe(2);
    expect(r.err).toContain(`PLATFORM_JOBS=${value} is not a number of threads`);
    const explicit = await cli(['validate', '--spec', SPEC], { env: { PLATFORM_JOBS: value } });
    expect(explicit.code).toBe(0); // only synth reads it
  });

  test('GIVEN a bad PLATFORM_JOBS and --jobs 1 WHEN synth --check THEN --jobs wins and the reference output is up to date', async () => {
    const r = await cli(['synth', '--spec', SPEC, '--check', '--out', path.join(ROOT, 'dist'), '--jobs', '1'], { env: { PLATFORM_JOBS: 'two' } });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('is up to date');
  });

  test('GIVEN synth twice THEN the output is byte-identical, --check passes, and no absolute path leaks; leftovers of killed runs are cleaned', async () => {
    const first = await cli(['synth', '--spec', SPEC, '--out', out]);
    expect(first.code).toBe(0);
    const a = snapshotDir(out);
    expect(a[OUT_MARKER]).toBe(OUT_MARKER_TEXT);
    // Leftovers of a synth killed mid-way: staging and previous trees beside DIR, a cdktf scratch folder.
    const dead = deadPid();
    for (const name of [`.dist-new-${dead}-0a`, `.dist-old-${dead}-0b`]) {
      fs.mkdirSync(path.join(work, name, 'terraform'), { recursive: true });
      fs.writeFileSync(path.join(work, name, OUT_MARKER), OUT_MARKER_TEXT);
    }
    const scratch = path.join(os.tmpdir(), `platform-cdktf-${dead}-test01`);
    fs.mkdirSync(path.join(scratch, 'stacks'), { recursive: true });
    const second = await cli(['synth', '--spec', SPEC, '--out', out]);
    expect(second.code).toBe(0);
    expect(second.out).toContain('0 added, 0 changed, 0 removed');
    expect(fs.readdirSync(work).filter((f) => f.startsWith('.dist'))).toEqual([]);
    expect(fs.existsSync(scratch)).toBe(false);
    expect((fs.statSync(out).mode & 0o777).toString(8)).toBe((0o777 & ~process.umask()).toString(8));
    expect(snapshotDir(out)).toEqual(a);
    expect((await cli(['synth', '--spec', SPEC, '--out', out, '--check'])).code).toBe(0);
    const leaks = Object.entries(a).filter(([, text]) => text.includes(ROOT) || text.includes(work) || text.includes(process.cwd()));
    expect(leaks.map(([f]) => f)).toEqual([]);
  });

  test('GIVEN a stale or extra file WHEN --check THEN exit 1 listing it, and synth removes the stale file', async () => {
    fs.appendFileSync(path.join(out, 'report.md'), 'edited by hand\n');
    fs.writeFileSync(path.join(out, 'stale.txt'), 'left over');
    const check = await cli(['synth', '--spec', SPEC, '--out', out, '--check']);
    expect(check.code).toBe(1);
    expect(check.err).toMatch(/changed\s+report\.md/);
    expect(check.err).toMatch(/removed\s+stale\.txt/);
    expect(fs.existsSync(path.join(out, 'stale.txt'))).toBe(true); // --check writes nothing
    expect((await cli(['synth', '--spec', SPEC, '--out', out])).code).toBe(0);
    expect(fs.existsSync(path.join(out, 'stale.txt'))).toBe(false);
  });

  test('GIVEN an invalid spec WHEN synth THEN nothing is written and the previous output stays', async () => {
    const before = snapshotDir(out);
    const r = await cli(['synth', '--spec', bad, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('nothing written');
    expect(snapshotDir(out)).toEqual(before);
    expect(fs.readdirSync(work).filter((f) => f.startsWith('.dist'))).toEqual([]);
  });

  test('GIVEN a folder holding a user\'s file WHEN synth --out it THEN exit 1 with out-not-ours, and the folder survives byte for byte', async () => {
    const mine = path.join(work, 'mine');
    fs.mkdirSync(path.join(mine, 'photos'), { recursive: true });
    fs.writeFileSync(path.join(mine, 'thesis.tex'), Buffer.from([0x5c, 0x00, 0xff, 0x0a]));
    fs.writeFileSync(path.join(mine, 'photos', 'cat.jpg'), Buffer.alloc(4096, 7));
    const before = exactState(mine);
    const siblings = fs.readdirSync(work).sort();
    const r = await cli(['synth', '--spec', SPEC, '--out', mine]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`error[out-not-ours] --out: refusing to write into ${mine}: synth replaces the whole folder, and this one holds files it did not write (no .platform-out)`);
    expect(r.err).toContain('found 2 entries: photos/, thesis.tex');
    expect(r.err).toContain(`nothing written: ${mine} is unchanged`);
    expect(exactState(mine)).toEqual(before);
    expect(fs.readdirSync(work).sort()).toEqual(siblings);
  });

  test.each([
    [['synth', '--out', ''], 'error[out-empty] --out: the output folder path is empty'],
    [['synth', '--out', '/'], 'error[out-root] --out: refusing to write into /: it is the filesystem root'],
    [['synth', '--out', '.'], 'error[out-cwd] --out: refusing to write into . ('],
    [['synth', '--out', '/proc/self'], 'error[out-system] --out: refusing to write into /proc/self: it is under /proc'],
    [['synth', '--out', SPEC], 'error[out-not-directory] --out: refusing to write into'],
    [['synth', '--out', path.dirname(ROOT)], 'error[out-spec-ancestor] --out: refusing to write into'],
    [['validate', '--spec', ''], '"":1:1: error[spec-path-empty] --spec: the spec path is empty'],
    [['synth', '--spec', '/dev/zero', '--out', '{w}/z'], '/dev/zero:1:1: error[spec-not-a-file] --spec: the spec is not a regular file'],
    [['synth', '--spec', '{w}', '--out', '/'], 'error[out-root]'],
  ])('GIVEN %p THEN exit 1 with the located error, before any compile', async (args, text) => {
    const r = await cli(args.map((a) => a.replace('{w}', work)));
    expect(r.code).toBe(1);
    expect(r.err).toContain(text);
    expect(fs.existsSync(path.join(work, 'z'))).toBe(false);
  });

  test('GIVEN a bad --spec and a bad --out THEN both errors come out at once', async () => {
    const r = await cli(['synth', '--spec', work, '--out', '/']);
    expect(r.err).toContain('error[spec-not-a-file]');
    expect(r.err).toContain('error[out-root]');
    expect(r.err).toContain('2 error(s)');
  });

  test('GIVEN plan --format json|markdown THEN the reports are printed', async () => {
    const json = await cli(['plan', '--spec', SPEC, '--format', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out).reports.rto.length).toBeGreaterThan(0);
    const md = await cli(['plan', '--spec', SPEC, '--format', 'markdown']);
    expect(md.out).toContain('## Recovery time (RTO)');
    const text = await cli(['plan', '--spec', SPEC]);
    expect(text.out).not.toContain('**');
  });
});
