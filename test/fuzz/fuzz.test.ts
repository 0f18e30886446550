/**
 * A short fuzz run inside `npm test`; the heavy run is `npm run fuzz` (10,000 cases, 40 emits). Schema-generated
 * specs, reference sections replaced by schema values and mutations of the reference end in located errors or a
 * valid spec; one valid one goes through emit and its output passes the structural checks. Never an exception, a
 * hang (CPU time, so a loaded machine is not a hang) or an unlocated error.
 *
 * The budget is fixed (60 cases and 1 emit, about 17 s of CPU, against 200 cases and 2 emits before) and the run goes
 * round every mutation family, so coverage does not depend on the seed's luck.
 */
import { createSvgRenderer } from '../../synth/output/diagram';
import { MUTATION_KINDS, runFuzz, type FuzzResult } from './fuzz';

const CASES = 60;
let r: FuzzResult;

beforeAll(async () => {
  r = runFuzz({ seed: 7, cases: CASES, emits: 1, svg: await createSvgRenderer(), roundRobin: true });
}, 300_000);

test('GIVEN 60 fuzz cases (seed 7) WHEN compiled THEN none throws or hangs, each error is located, emitted output is sound', () => {
  expect(r.failures.map((f) => `[${f.kind}] ${f.problem}`)).toEqual([]);
  expect(r.cases).toBe(CASES);
  expect(r.emitted).toBe(1);
});

test('GIVEN the short run THEN every mutation family and both schema generators were exercised, with both outcomes', () => {
  // 20 % schema-generated, 10 % schema sections, then the mutations round the weighted families (twice and more)
  expect(Object.keys(r.byKind).sort()).toEqual([...new Set([...MUTATION_KINDS, 'schema-generated', 'schema-section'])].sort());
  expect(r.byKind['schema-generated']).toBe(CASES * 0.2);
  expect(r.byKind['schema-section']).toBe(CASES * 0.1);
  for (const kind of new Set(MUTATION_KINDS)) expect(r.byKind[kind]).toBeGreaterThanOrEqual(2);
  expect(r.valid + r.invalid).toBe(CASES);
  // tweaks of the reference mostly stay valid (some combine into a refused spec); a second document never does
  expect(r.validByKind['valid-tweak'] * 2).toBeGreaterThan(r.byKind['valid-tweak']);
  expect(r.validByKind['multi-document'] ?? 0).toBe(0);
  expect(r.invalid).toBeGreaterThan(CASES / 2);
});
