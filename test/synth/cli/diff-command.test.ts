/** `platform diff` arguments and the paths that end before compiling (the review itself: test/synth/review). */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run, type Io } from '../../../synth/cli/cli';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => (out += t), err: (t) => (err += t), isTTY: false, env: {} };
  const code = await run(args, io);
  return { code, out, err };
}

describe('platform diff arguments', () => {
  test.each<[string[], string]>([
    [['diff', '--format', 'yaml'], '--format yaml is not supported by diff'],
    [['diff', '--base', 'main', '--against', '/tmp'], '--base and --against exclude each other'],
    [['diff', '--accept', 'no-colon'], '--accept no-colon: expected CODE:RESOURCE'],
    [['diff', '--base'], '--base needs a value'],
    [['diff', '--bogus'], 'unknown argument --bogus'],
  ])('GIVEN %j WHEN run THEN exit 2 with the reason and the usage', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).toContain('platform diff');
    expect(r.out).toBe('');
  });

  test('GIVEN --help WHEN run THEN the usage lists diff and its options', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('platform diff');
    expect(r.out).toContain('--fail-on-risk');
  });

  test('GIVEN an --against path that does not exist WHEN run THEN exit 1 naming it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-diff-'));
    const spec = path.join(dir, 'spec.yaml');
    fs.writeFileSync(spec, 'version: 1\n');
    const r = await cli(['diff', '--spec', spec, '--against', path.join(dir, 'missing')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('no such file or directory');
  });

  test('GIVEN an unknown git ref WHEN run THEN exit 1 saying the base cannot be read', async () => {
    const r = await cli(['diff', '--base', 'no-such-ref-0123456789']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('cannot read the base spec no-such-ref-0123456789:platform.spec.yaml');
  });
});
