/**
 * The reference spec's output, compiled once per test run by test/global-setup.ts and read here (each
 * worker parses it once). Every accessor returns fresh objects when asked for a clone; treat the rest as
 * read-only.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Plan } from '../../synth/model/index';
import { REFERENCE_ENV } from './reference-build';

export { ROOT, SPEC_FILE } from './reference-build';

function dir(): string {
  const d = process.env[REFERENCE_ENV];
  if (!d || !fs.existsSync(path.join(d, 'files.json'))) throw new Error(`no reference output: run the tests through jest (globalSetup writes it; ${REFERENCE_ENV} unset)`);
  return d;
}

const cache = new Map<string, unknown>();
function read<T>(name: string): T {
  if (!cache.has(name)) cache.set(name, JSON.parse(fs.readFileSync(path.join(dir(), name), 'utf8')));
  return cache.get(name) as T;
}

/** The reference Plan. */
export function referencePlan(): Plan {
  return read<Plan>('plan.json');
}

/** dist/ of the reference spec: relative path -> text, sorted by path. */
export function referenceFiles(): ReadonlyMap<string, string> {
  if (!cache.has('files')) cache.set('files', new Map(Object.entries(read<Record<string, string>>('files.json'))));
  return cache.get('files') as ReadonlyMap<string, string>;
}

/** Terraform stacks by stack name (`region-us-east`, `global`). */
export function referenceStacks(): Map<string, any> {
  if (!cache.has('stacks')) {
    const stacks = new Map<string, any>();
    for (const [f, text] of referenceFiles()) if (f.startsWith('terraform/') && f.endsWith('/cdk.tf.json')) stacks.set(f.split('/')[1], JSON.parse(text));
    cache.set('stacks', stacks);
  }
  return cache.get('stacks') as Map<string, any>;
}

/** Kubernetes objects by output file (`kubernetes/<cluster>/...`). */
export function referenceKubernetes(): Map<string, unknown[]> {
  if (!cache.has('k8s')) cache.set('k8s', new Map(Object.entries(read<Record<string, unknown[]>>('k8s.json'))));
  return cache.get('k8s') as Map<string, unknown[]>;
}
