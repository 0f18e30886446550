/**
 * Test-time validator for synthesized cdktf stacks (the `cdk.tf.json` object).
 *
 * Every `resource.<type>.<name>` and `data.<type>.<name>` is checked against the schema extracted
 * from the prebuilt provider packages (test/helpers/tf-provider-schema.json, produced by
 * test/helpers/build-tf-schema.ts): the type must be known, every attribute / block name must
 * exist (recursively into nested blocks, emitted as objects or arrays of objects, and into
 * `dynamic` blocks), and every required argument / block must be present.
 *
 * Types not listed in the generator's TF_TYPES are reported as unknown: add them there and
 * re-run the generator.
 */
import type { TfBlockSchema, TfNestedBlockSchema, TfProviderSchemaFile } from './build-tf-schema';
import { suggest } from '../../synth/util/errors';
// eslint-disable-next-line @typescript-eslint/no-var-requires
const SCHEMA: TfProviderSchemaFile = require('./tf-provider-schema.json');

/** Terraform meta-arguments (and cdktf metadata) allowed at the top of every resource / data block. */
const META_ARGUMENTS = new Set([
  '//',
  'count',
  'for_each',
  'depends_on',
  'provider',
  'lifecycle',
  'connection',
  'provisioner',
]);

/** Data sources built into Terraform itself (cdktf's DataTerraformRemoteState*). */
const BUILTIN_DATA: Record<string, TfBlockSchema> = {
  terraform_remote_state: {
    attributes: { backend: true, config: false, defaults: false, workspace: false },
    blocks: {},
  },
};

/** Top-level sections of a Terraform JSON configuration. */
const TOP_LEVEL_KEYS = new Set([
  '//',
  'terraform',
  'provider',
  'resource',
  'data',
  'output',
  'locals',
  'variable',
  'module',
  'moved',
  'import',
  'check',
  'removed',
]);

export function tfSchemaFor(kind: 'resource' | 'data', type: string): TfBlockSchema | undefined {
  const table = SCHEMA[kind];
  if (Object.prototype.hasOwnProperty.call(table, type)) return table[type];
  if (kind === 'data' && Object.prototype.hasOwnProperty.call(BUILTIN_DATA, type)) return BUILTIN_DATA[type];
  return undefined;
}

/** The provider package versions the schema was generated from. */
export function tfSchemaProviderVersions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [pkg, info] of Object.entries(SCHEMA.providers)) out[pkg] = info.version;
  return out;
}

/** Returns human-readable problems; an empty array means the stack is valid. */
export function validateTerraformStack(stack: any): string[] {
  const problems: string[] = [];
  if (!isPlainObject(stack)) return ['stack is not a JSON object'];
  for (const key of Object.keys(stack)) {
    if (!TOP_LEVEL_KEYS.has(key)) problems.push(`${key}: unknown top-level section`);
  }
  for (const kind of ['resource', 'data'] as const) {
    const section = stack[kind];
    if (section === undefined) continue;
    if (!isPlainObject(section)) {
      problems.push(`${kind}: must be an object`);
      continue;
    }
    for (const type of Object.keys(section).sort()) {
      const schema = tfSchemaFor(kind, type);
      const instances = section[type];
      if (!schema) {
        const known = [...Object.keys(SCHEMA[kind]), ...(kind === 'data' ? Object.keys(BUILTIN_DATA) : [])];
        problems.push(
          `${kind}.${type}: unknown ${kind === 'data' ? 'data source' : 'resource'} type${didYouMean(type, known)}` +
            ' (if it is real, add it to TF_TYPES in test/helpers/build-tf-schema.ts and re-run the generator)',
        );
        continue;
      }
      if (!isPlainObject(instances)) {
        problems.push(`${kind}.${type}: must be an object of named instances`);
        continue;
      }
      for (const name of Object.keys(instances).sort()) {
        validateBlock(instances[name], schema, `${kind}.${type}.${name}`, true, problems);
      }
    }
  }
  return problems;
}

function validateBlock(config: unknown, schema: TfBlockSchema, where: string, topLevel: boolean, problems: string[]) {
  if (isToken(config)) return; // a whole block given as a reference / expression
  if (!isPlainObject(config)) {
    problems.push(`${where}: must be an object, got ${describe(config)}`);
    return;
  }
  const dynamicBlocks = new Set<string>();
  for (const key of Object.keys(config)) {
    const value = config[key];
    if (topLevel && META_ARGUMENTS.has(key)) continue;
    if (Object.prototype.hasOwnProperty.call(schema.attributes, key)) continue;
    if (Object.prototype.hasOwnProperty.call(schema.blocks, key)) {
      validateNested(value, schema.blocks[key], `${where}.${key}`, problems);
      continue;
    }
    if (key === 'dynamic' && isPlainObject(value)) {
      for (const blockName of Object.keys(value)) {
        const blockSchema = schema.blocks[blockName];
        if (!Object.prototype.hasOwnProperty.call(schema.blocks, blockName)) {
          problems.push(
            `${where}.dynamic.${blockName}: unknown block "${blockName}"${didYouMean(blockName, Object.keys(schema.blocks))}`,
          );
          continue;
        }
        dynamicBlocks.add(blockName);
        const dyn = value[blockName];
        if (isPlainObject(dyn) && dyn.content !== undefined) {
          validateBlock(dyn.content, blockSchema, `${where}.dynamic.${blockName}.content`, false, problems);
        }
      }
      continue;
    }
    const names = [...Object.keys(schema.attributes), ...Object.keys(schema.blocks)];
    problems.push(`${where}: unknown attribute or block "${key}"${didYouMean(key, names)}`);
  }
  for (const [name, required] of Object.entries(schema.attributes)) {
    if (required && config[name] === undefined) problems.push(`${where}: missing required argument "${name}"`);
  }
  for (const [name, block] of Object.entries(schema.blocks)) {
    if (block.required && config[name] === undefined && !dynamicBlocks.has(name)) {
      problems.push(`${where}: missing required block "${name}"`);
    }
  }
}

function validateNested(value: unknown, schema: TfNestedBlockSchema, where: string, problems: string[]) {
  if (value === null || isToken(value)) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => validateBlock(item, schema, `${where}[${i}]`, false, problems));
  } else {
    validateBlock(value, schema, where, false, problems);
  }
}

function isPlainObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isToken(v: unknown): boolean {
  return typeof v === 'string' && v.includes('${');
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  return `${typeof v} ${JSON.stringify(v)}`;
}

function didYouMean(name: string, candidates: string[]): string {
  const best = suggest(name, candidates);
  return best !== undefined ? ` (did you mean "${best}"?)` : '';
}
