import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run, type Io } from '../../../synth/cli/cli';

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

  test.each([[['frobnicate']], [['synth', '--bogus']], [['plan', '--format', 'yaml']], [[]]])('GIVEN bad arguments %p THEN usage and exit 2', async (args) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Usage:');
  });

  test('GIVEN synth twice THEN the output is byte-identical, --check passes, and no absolute path leaks', async () => {
    const first = await cli(['synth', '--spec', SPEC, '--out', out]);
    expect(first.code).toBe(0);
    const a = snapshotDir(out);
    const second = await cli(['synth', '--spec', SPEC, '--out', out]);
    expect(second.code).toBe(0);
    expect(second.out).toContain('0 added, 0 changed, 0 removed');
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
