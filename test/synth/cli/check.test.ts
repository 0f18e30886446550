/**
 * `platform check` and synth's refusal. compile() is replaced by one that returns a hand-made output
 * (test/synth/check/fixture.ts), so these tests exercise the CLI wiring without synthesizing anything.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run, USAGE, type Io } from '../../../synth/cli/cli';
import { compliantOutput, render, tf } from '../check/fixture';
import { OUT_MARKER, OUT_MARKER_TEXT } from '../../../synth/output/out-dir';

const mockCompiled: { files: ReadonlyMap<string, string> } = { files: new Map() };
// synth compiles to the plan, then emits (emitPlanned): the files are already there
jest.mock('../../../synth/compile', () => ({ compile: () => ({ ok: true, diagnostics: [], files: mockCompiled.files, plan: {} }), emitPlanned: (planned: unknown) => planned, emitPlannedParallel: async (planned: unknown) => planned }));
jest.mock('../../../synth/output/diagram', () => ({ createSvgRenderer: async () => () => '<svg/>', platformDot: () => 'digraph {}\n' }));

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => (out += t), err: (t) => (err += t), isTTY: false, env: {} };
  const code = await run(args, io);
  return { code, out, err };
}

function offending(): Map<string, string> {
  const o = compliantOutput();
  tf(o, 'region-a', 'aws_rds_cluster', 'db').storage_encrypted = false;
  return render(o);
}

function writeFiles(dir: string, files: ReadonlyMap<string, string>): void {
  for (const [rel, text] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

const FINDING = 'terraform/region-a/cdk.tf.json: error[data-store-encrypted-at-rest] region-a aws_rds_cluster.db: storage_encrypted is not true';

describe('platform check', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-check-'));
  const spec = path.join(work, 'platform.spec.yaml');
  fs.writeFileSync(spec, 'name: x\n'); // read by the CLI; compile() is mocked
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('GIVEN a spec whose output breaks a rule WHEN synth THEN exit 1, the finding, and nothing written', async () => {
    mockCompiled.files = offending();
    const out = path.join(work, 'dist-new');
    const r = await cli(['synth', '--spec', spec, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(FINDING);
    expect(r.err).toContain(`nothing written: ${out}/ is unchanged`);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('GIVEN an existing output WHEN synth (or synth --check) meets a finding THEN the output stays as it was', async () => {
    const out = path.join(work, 'dist-old');
    writeFiles(out, new Map([[OUT_MARKER, OUT_MARKER_TEXT], ['report.md', 'previous\n']])); // a previous synth output
    mockCompiled.files = offending();
    for (const extra of [[], ['--check']]) {
      const r = await cli(['synth', '--spec', spec, '--out', out, ...extra]);
      expect(r.code).toBe(1);
      expect(r.err).toContain(FINDING);
      expect(fs.readdirSync(out).sort()).toEqual([OUT_MARKER, 'report.md']);
      expect(fs.readFileSync(path.join(out, 'report.md'), 'utf8')).toBe('previous\n');
    }
  });

  test('GIVEN a spec WHEN check THEN findings on stderr and exit 1; none: a summary on stdout and exit 0', async () => {
    mockCompiled.files = offending();
    const bad = await cli(['check', '--spec', spec]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(FINDING);
    expect(bad.err).toMatch(/1 policy finding\(s\) from 1 rule\(s\)/);
    mockCompiled.files = render(compliantOutput());
    const good = await cli(['check', '--spec', spec]);
    expect(good).toEqual({ code: 0, err: '', out: expect.stringMatching(/^policy check passed: 0 findings \(\d+ Terraform resources and 9 Kubernetes objects, \d+ rules\)\n$/) });
  });

  test('GIVEN --format json THEN the findings are JSON for tools', async () => {
    mockCompiled.files = offending();
    const r = await cli(['check', '--format', 'json', '--spec', spec]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    expect(json.ok).toBe(false);
    expect(json.findings).toEqual([expect.objectContaining({ rule: 'data-store-encrypted-at-rest', stack: 'region-a', address: 'aws_rds_cluster.db', file: 'terraform/region-a/cdk.tf.json' })]);
  });

  test('GIVEN --dir THEN the tree on disk is checked, not the spec', async () => {
    mockCompiled.files = render(compliantOutput());
    const dir = path.join(work, 'written');
    writeFiles(dir, offending());
    const r = await cli(['check', '--dir', dir]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(FINDING);
    const good = path.join(work, 'written-good');
    writeFiles(good, render(compliantOutput()));
    expect((await cli(['check', '--dir', good])).code).toBe(0);
  });

  test.each([
    [['check', '--out', 'x'], 2, /unknown argument --out for check/],
    [['check', '--spec', 'a', '--dir', 'b'], 2, /--spec and --dir exclude each other/],
    [['check', '--format', 'yaml'], 2, /--format yaml is not supported by check/],
    [['check', '--dir'], 2, /--dir needs a value/],
    [['check', '--dir', '/nonexistent/platform-dist'], 1, /is not a directory/],
  ])('GIVEN %p THEN exit %p with a clear message', async (args, code, message) => {
    const r = await cli(args as string[]);
    expect(r.code).toBe(code);
    expect(r.err).toMatch(message as RegExp);
  });

  test('the usage lists the command', async () => {
    expect(USAGE).toContain('platform check    [--spec FILE | --dir DIR] [--format text|json]');
    expect((await cli(['check', '--help'])).out).toContain('Usage: platform check');
  });
});
