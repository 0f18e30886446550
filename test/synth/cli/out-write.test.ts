/**
 * The write path of `platform synth --out` through the CLI, with compile() replaced by one that returns a tiny
 * output (so nothing is synthesized): a folder that changes during the compile, a write that fails, and a
 * user's folder that survives.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run, type Io } from '../../../synth/cli/cli';
import { OUT_MARKER, OUT_MARKER_TEXT } from '../../../synth/output/out-dir';

const mock: { files: ReadonlyMap<string, string>; during?: () => void } = { files: new Map() };
jest.mock('../../../synth/compile', () => ({
  compile: () => {
    mock.during?.();
    return { ok: true, diagnostics: [], files: mock.files, plan: {} };
  },
  emitPlanned: (planned: unknown) => planned, // synth compiles to the plan, then emits: the files are already there
  emitPlannedParallel: async (planned: unknown) => planned,
}));
jest.mock('../../../synth/output/diagram', () => ({ createSvgRenderer: async () => () => '<svg/>', platformDot: () => 'digraph {}\n' }));

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => (out += t), err: (t) => (err += t), isTTY: false, env: {} };
  const code = await run(args, io);
  return { code, out, err };
}

const OUTPUT = new Map([[OUT_MARKER, OUT_MARKER_TEXT], ['report.md', '# new\n']]);

describe('synth --out: the write path', () => {
  let work: string;
  let spec: string;
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-outwrite-'));
    spec = path.join(work, 'platform.spec.yaml');
    fs.writeFileSync(spec, 'name: x\n'); // read by the CLI; compile() is mocked
    mock.files = OUTPUT;
    mock.during = undefined;
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  test('GIVEN an absent DIR WHEN synth THEN it holds the output and the marker, and nothing else is beside it', async () => {
    const out = path.join(work, 'dist');
    const r = await cli(['synth', '--spec', spec, '--out', out]);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual([OUT_MARKER, 'report.md']);
    expect(fs.readdirSync(work).sort()).toEqual(['dist', 'platform.spec.yaml']);
  });

  test('GIVEN a user writes a file into DIR while synth compiles THEN the second check refuses and the file survives', async () => {
    const out = path.join(work, 'dist');
    mock.during = () => {
      fs.mkdirSync(out);
      fs.writeFileSync(path.join(out, 'mine.txt'), 'typed during the compile\n');
    };
    const r = await cli(['synth', '--spec', spec, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('error[out-not-ours]');
    expect(fs.readFileSync(path.join(out, 'mine.txt'), 'utf8')).toBe('typed during the compile\n');
    expect(fs.readdirSync(out)).toEqual(['mine.txt']);
  });

  test('GIVEN a write that fails (a path that is a file and a folder) THEN exit 1 with out-write-failed, the previous output unchanged', async () => {
    const out = path.join(work, 'dist');
    expect((await cli(['synth', '--spec', spec, '--out', out])).code).toBe(0);
    mock.files = new Map([[OUT_MARKER, OUT_MARKER_TEXT], ['x', 'file'], ['x/y', 'nested']]);
    const r = await cli(['synth', '--spec', spec, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`error\\[out-write-failed\\] --out: cannot write ${out}: .*; ${out}/ is unchanged`));
    expect(fs.readFileSync(path.join(out, 'report.md'), 'utf8')).toBe('# new\n');
    expect(fs.readdirSync(work).sort()).toEqual(['dist', 'platform.spec.yaml']);
  });

  test('GIVEN an earlier output WHEN synth again THEN it is replaced (the marker is what makes it ours)', async () => {
    const out = path.join(work, 'dist');
    await cli(['synth', '--spec', spec, '--out', out]);
    mock.files = new Map([[OUT_MARKER, OUT_MARKER_TEXT], ['plan.json', '{}\n']]);
    const r = await cli(['synth', '--spec', spec, '--out', out]);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual([OUT_MARKER, 'plan.json']);
  });
});
