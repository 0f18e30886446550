/**
 * A short fuzz run inside `npm test` (the full run is `npm run fuzz`, 10,000 cases): schema-generated specs
 * and mutations of the reference end in located errors or a valid spec; two valid ones go through emit and
 * their output passes the structural checks. Never an exception, a hang or an unlocated error.
 */
import { createSvgRenderer } from '../../synth/output/diagram';
import { runFuzz } from './fuzz';

test('GIVEN 200 fuzz cases (seed 7) WHEN compiled THEN none throws, each error is located, emitted output is sound', async () => {
  const r = runFuzz({ seed: 7, cases: 200, emits: 2, svg: await createSvgRenderer() });
  expect(r.failures.map((f) => `[${f.kind}] ${f.problem}`)).toEqual([]);
  expect(r.cases).toBe(200);
  // THEN the run exercised both outcomes and every mutation family
  expect(r.valid).toBeGreaterThan(10);
  expect(r.invalid).toBeGreaterThan(80);
  expect(r.emitted).toBe(2);
  expect(Object.keys(r.byKind).length).toBeGreaterThanOrEqual(15);
});
