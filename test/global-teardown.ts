import * as fs from 'fs';
import { REFERENCE_ENV } from './helpers/reference-build';

export default async function globalTeardown(): Promise<void> {
  const dir = process.env[REFERENCE_ENV];
  if (dir && dir.includes('platform-test-reference-')) fs.rmSync(dir, { recursive: true, force: true });
}
