import { walkArgs } from '../../../synth/cli/args';

describe('walkArgs', () => {
  const parse = (argv: string[]) => {
    const seen: string[] = [];
    const stop = walkArgs(argv, (a, value) => {
      if (a === '--spec') seen.push(`spec=${value()}`);
      else if (a === '--check') seen.push('check');
      else if (a === '--help') return 'help';
      else if (!a.startsWith('-')) seen.push(`word=${a}`);
      else return `unknown argument ${a}`;
      return undefined;
    });
    return { stop, seen };
  };

  test.each([
    [['synth', '--spec', 'a.yaml', '--check'], undefined, ['word=synth', 'spec=a.yaml', 'check']],
    [['--spec'], '--spec needs a value', []],
    [['--spec', '--check'], '--spec needs a value', []],
    [['--check', '--nope', '--spec', 'x'], 'unknown argument --nope', ['check']],
    [['--help', '--nope'], 'help', []],
  ] as const)('GIVEN %j THEN it stops with %j after taking %j', (argv, stop, seen) => {
    const r = parse([...argv]);
    expect(r.stop).toBe(stop);
    expect(r.seen).toEqual(seen);
  });

  test('GIVEN a handler that fails for another reason THEN the error is not swallowed', () => {
    expect(() => walkArgs(['x'], () => { throw new TypeError('bug'); })).toThrow(TypeError);
  });
});
