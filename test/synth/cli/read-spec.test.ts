import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readSpec } from '../../../synth/cli/read-spec';
import { MAX_SPEC_BYTES } from '../../../synth/spec/load';
import { formatDiagnostic } from '../../../synth/util/errors';

describe('readSpec: the spec is read as a bounded regular file', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-readspec-'));
  const fifo = path.join(work, 'fifo');
  spawnSync('mkfifo', [fifo]);
  fs.writeFileSync(path.join(work, 'ok.yaml'), 'version: 1\n');
  fs.symlinkSync('ok.yaml', path.join(work, 'link.yaml'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test.each([
    ['', 'spec-path-empty', '"":1:1: error[spec-path-empty] --spec: the spec path is empty (expected a path to a platform spec YAML file, found an empty string). Did you mean `--spec platform.spec.yaml`?'],
    ['  ', 'spec-path-empty', '"":1:1: error[spec-path-empty] --spec: the spec path is empty'],
    ['{w}', 'spec-not-a-file', ':1:1: error[spec-not-a-file] --spec: the spec is not a regular file: it is read only as a file on disk (expected a YAML file, found a directory)'],
    // A FIFO without a writer: opened without O_NONBLOCK, this test would hang instead of failing.
    ['{w}/fifo', 'spec-not-a-file', 'found a named pipe (FIFO)'],
    ['/dev/zero', 'spec-not-a-file', '/dev/zero:1:1: error[spec-not-a-file] --spec: the spec is not a regular file: it is read only as a file on disk (expected a YAML file, found a character device)'],
    ['/dev/null', 'spec-not-a-file', 'found a character device'],
    ['{w}/missing.yaml', 'file-unreadable', 'missing.yaml:1:1: error[file-unreadable] --spec: cannot read the spec: ENOENT (expected a readable YAML file, found no such file)'],
    ['{w}/ok.yaml/x', 'file-unreadable', 'cannot read the spec: ENOTDIR'],
  ])('GIVEN --spec %p THEN a located %s error and nothing is read', (file, code, text) => {
    const r = readSpec(file.replace('{w}', work));
    expect(r.text).toBeUndefined();
    expect(r.diagnostic).toMatchObject({ code, severity: 'error', line: 1, col: 1 });
    expect(r.diagnostic!.file).toBeTruthy();
    expect(formatDiagnostic(r.diagnostic!)).toContain(text);
  });

  test('GIVEN a regular file over the limit THEN it is refused from its size, before reading', () => {
    const big = path.join(work, 'big.yaml');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 2 * MAX_SPEC_BYTES); // sparse: its size is known without reading it
    expect(readSpec(big).diagnostic).toMatchObject({ code: 'file-too-large', expected: `at most ${MAX_SPEC_BYTES} bytes (1 MiB)`, found: `${2 * MAX_SPEC_BYTES} bytes` });
    fs.writeFileSync(big, 'x'.repeat(MAX_SPEC_BYTES));
    expect(readSpec(big).text).toHaveLength(MAX_SPEC_BYTES);
    fs.appendFileSync(big, 'y');
    expect(readSpec(big).diagnostic?.code).toBe('file-too-large');
  });

  test('GIVEN a file that reports size 0 but holds more (like /proc files) THEN the read stops one byte past the limit', () => {
    // /proc/self/maps has st_size 0 and several KiB of text: a 64-byte limit must refuse it, not read it all.
    expect(fs.statSync('/proc/self/maps').size).toBe(0);
    expect(readSpec('/proc/self/maps', 64).diagnostic).toMatchObject({ code: 'file-too-large', found: 'more than 64 bytes' });
    expect(readSpec('/proc/self/maps', 1 << 20).text?.length).toBeGreaterThan(64);
  });

  test('GIVEN a symbolic link to a regular file THEN it is read', () => {
    expect(readSpec(path.join(work, 'link.yaml'))).toEqual({ text: 'version: 1\n' });
  });
});
