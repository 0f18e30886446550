import * as U from '../../../synth/util/units';

describe('units', () => {
  test.each([
    ['30s', 30],
    ['5m', 300],
    ['1h', 3600],
    ['7d', 604800],
    ['12mo', 31104000],
    ['100ms', 0.1],
    ['0', 0],
    [0, 0],
  ] as const)('GIVEN duration %p THEN %p seconds', (text, seconds) => {
    expect(U.parseDuration(text)).toBe(seconds);
  });

  test.each([
    ['7y', 2555],
    ['30d', 30],
    ['90d', 90],
  ])('GIVEN retention %s THEN %d days', (text, days) => {
    expect(U.durationDays(text)).toBe(days);
  });

  test.each([
    ['12mo', 12],
    ['1y', 12],
    ['18mo', 18],
  ])('GIVEN horizon %s THEN %d months', (text, months) => {
    expect(U.durationMonths(text)).toBe(months);
  });

  test.each([
    ['100GB', 100e9],
    ['2TB', 2e12],
    ['1.5PB', 1.5e15],
  ])('GIVEN size %s THEN %d bytes', (text, bytes) => {
    expect(U.parseBytes(text)).toBe(bytes);
  });

  test.each([
    ['70%', 0.7],
    ['99.95%', 0.9995],
    ['100%', 1],
  ])('GIVEN %s THEN fraction %d', (text, f) => {
    expect(U.parsePercent(text)).toBe(f);
  });

  test.each([
    ['2', 2000],
    ['500m', 500],
    ['1.5', 1500],
  ])('GIVEN cpu %s THEN %d millicores', (text, m) => {
    expect(U.parseCpuMillis(text)).toBe(m);
  });

  test.each([
    ['8Gi', 8192],
    ['512Mi', 512],
  ])('GIVEN memory %s THEN %d MiB', (text, m) => {
    expect(U.parseMemoryMiB(text)).toBe(m);
  });

  test.each(['5 minutes', '-1s', '5', 'm'])('GIVEN a malformed duration %p THEN parsing throws', (text) => {
    expect(() => U.parseDuration(text)).toThrow(/not a duration/);
  });

  test('GIVEN 766.5e12 bytes THEN it formats as 766.5 TB', () => {
    expect(U.formatBytes(766.5e12)).toBe('766.5 TB');
    expect(U.formatDuration(330)).toBe('5m 30s');
  });
});
