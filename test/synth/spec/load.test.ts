import { load, locate, MAX_SPEC_BYTES } from '../../../synth/spec/load';

describe('load', () => {
  test('GIVEN YAML WHEN loaded THEN values and source positions are available', () => {
    const r = load('s.yaml', 'a:\n  b: 1\n  c: [x, y]\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.loaded!.value).toEqual({ a: { b: 1, c: ['x', 'y'] } });
    expect(locate(r.loaded!, ['a', 'b'])).toEqual({ line: 2, col: 6 });
    expect(locate(r.loaded!, ['a', 'c', 1])).toEqual({ line: 3, col: 10 });
    expect(locate(r.loaded!, ['a', 'c'], true)).toEqual({ line: 3, col: 3 });
  });

  test('GIVEN a duplicate key WHEN loaded THEN an error names its line', () => {
    const r = load('s.yaml', 'a: 1\nb: 2\na: 3\n');
    expect(r.loaded).toBeUndefined();
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'duplicate-key', severity: 'error', line: 3, file: 's.yaml' })]);
  });

  test('GIVEN an alias bomb WHEN loaded THEN it is refused', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
    const r = load('bomb.yaml', levels.join('\n') + '\n');
    expect(r.loaded).toBeUndefined();
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'yaml-alias-bomb', severity: 'error' })]);
  });

  test('GIVEN a file over 1 MiB WHEN loaded THEN it is refused before parsing', () => {
    const r = load('big.yaml', `# ${'x'.repeat(MAX_SPEC_BYTES)}\n`);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'file-too-large', expected: expect.stringContaining('1 MiB') })]);
  });

  test('GIVEN a syntax error WHEN loaded THEN it is reported with a position', () => {
    const r = load('s.yaml', 'a: [1, 2\nb: 3\n');
    expect(r.diagnostics[0]).toEqual(expect.objectContaining({ code: 'yaml-syntax', severity: 'error' }));
    expect(r.diagnostics[0].line).toBeGreaterThan(0);
  });

  test.each([
    ['NUL in a comment', 'a: 1 # x\u0000y\n', '\u0000', 'U+0000'],
    ['NUL in a value', 'a: "x\u0000"\n', '\u0000', 'U+0000'],
    ['BEL on a later line', 'a: 1\nb: x\u0007\n', '\u0007', 'U+0007'],
    ['DEL', 'a: 1\n# \u007f\n', '\u007f', 'U+007F'],
    ['a C1 control', 'a: x\u0090\n', '\u0090', 'U+0090'],
    ['U+FFFE', 'a: x\ufffe\n', '\ufffe', 'U+FFFE'],
  ])('GIVEN %s WHEN loaded THEN it is refused at its line and column, before parsing', (_name, text, char, code) => {
    const r = load('s.yaml', text);
    const before = text.slice(0, text.indexOf(char)).split('\n');
    expect(r.loaded).toBeUndefined();
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'yaml-invalid-character', severity: 'error', line: before.length, col: before[before.length - 1].length + 1, found: code })]);
  });

  test.each([
    ['tab', 'a:\t1\n'],
    ['CRLF line breaks', 'a: 1\r\nb: 2\r\n'],
    ['NEL and non-ASCII text', 'a: "x\u0085y" # caf\u00e9 \u{1F600}\n'],
  ])('GIVEN %s WHEN loaded THEN it is accepted', (_name, text) => {
    expect(load('s.yaml', text).diagnostics.filter((d) => d.code === 'yaml-invalid-character')).toEqual([]);
  });
});
