/** Builds the shared reference output (see test/global-setup.ts); also used on demand when a test runs without it. */
import * as fs from 'fs';
import * as path from 'path';
import { synthKubernetes } from '../../constructs/k8s';
import { compile } from '../../synth/compile';
import { createSvgRenderer } from '../../synth/output/diagram';

export const REFERENCE_ENV = 'PLATFORM_TEST_REFERENCE';
export const ROOT = path.join(__dirname, '..', '..');
export const SPEC_FILE = 'platform.spec.yaml';

/** Writes `files.json` (dist/ as path -> text), `plan.json` (the Plan) and `k8s.json` (path -> objects). */
export async function writeReference(dir: string): Promise<void> {
  const result = compile(SPEC_FILE, fs.readFileSync(path.join(ROOT, SPEC_FILE), 'utf8'), { until: 'emit', svg: await createSvgRenderer() });
  if (!result.ok || !result.plan || !result.files) throw new Error(`the reference spec does not compile: ${JSON.stringify(result.diagnostics)}`);
  fs.writeFileSync(path.join(dir, 'files.json'), JSON.stringify(Object.fromEntries(result.files)));
  fs.writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(result.plan));
  fs.writeFileSync(path.join(dir, 'k8s.json'), JSON.stringify(Object.fromEntries(synthKubernetes(result.plan))));
}
