/**
 * Jest global setup: compiles the reference spec once per test run, all stages, and leaves the result
 * in a folder that every test worker reads through test/helpers/reference.ts (instead of each test file
 * synthesizing every stack again).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REFERENCE_ENV, writeReference } from './helpers/reference-build';

export default async function globalSetup(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-test-reference-'));
  await writeReference(dir);
  process.env[REFERENCE_ENV] = dir;
}
