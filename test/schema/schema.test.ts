import * as fs from 'fs';
import * as path from 'path';
import Ajv, { type ErrorObject } from 'ajv';
import { parse } from 'yaml';

const ROOT = path.join(__dirname, '..', '..');
const SCHEMA_FILE = path.join(ROOT, 'schema', 'platform.schema.json');
const SPEC_FILE = path.join(ROOT, 'platform.spec.yaml');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
type Spec = { [key: string]: any };

const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as JsonObject;
const reference = (): Spec => parse(fs.readFileSync(SPEC_FILE, 'utf8')) as Spec;

function compile() {
  const ajv = new Ajv({ allErrors: true, strict: true });
  return { ajv, validate: ajv.compile(schema) };
}

function errorsOf(spec: unknown): ErrorObject[] {
  const { validate } = compile();
  return validate(spec) ? [] : [...(validate.errors ?? [])];
}

/** Every subschema of the schema with its JSON pointer, and whether it is the value of a `properties` entry. */
function* nodes(node: Json, pointer = '', isProperty = false): Generator<{ node: JsonObject; pointer: string; isProperty: boolean }> {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
  yield { node, pointer, isProperty };
  for (const keyword of ['properties', 'definitions'] as const) {
    const children = node[keyword];
    if (children && typeof children === 'object' && !Array.isArray(children)) {
      for (const [key, child] of Object.entries(children)) {
        yield* nodes(child, `${pointer}/${keyword}/${escapePointer(key)}`, keyword === 'properties');
      }
    }
  }
  for (const keyword of ['items', 'additionalProperties'] as const) {
    if (node[keyword] !== undefined) yield* nodes(node[keyword], `${pointer}/${keyword}`);
  }
  for (const keyword of ['anyOf', 'oneOf', 'allOf'] as const) {
    const branches = node[keyword];
    if (Array.isArray(branches)) for (const [i, branch] of branches.entries()) yield* nodes(branch, `${pointer}/${keyword}/${i}`);
  }
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

describe('schema/platform.schema.json', () => {
  test('compiles under Ajv strict mode', () => {
    // GIVEN the schema
    // WHEN Ajv compiles it in strict mode (unknown keywords, missing types, ... throw)
    // THEN it compiles
    expect(() => compile()).not.toThrow();
  });

  test('is a draft-07 schema with an $id, title and description', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.$id).toBe('https://platform.example.com/schema/platform.schema.json');
    expect(schema.title).toEqual(expect.any(String));
    expect(schema.description).toEqual(expect.any(String));
  });

  test('accepts the reference platform.spec.yaml', () => {
    // GIVEN the reference spec
    const spec = reference();
    // WHEN it is validated
    const errors = errorsOf(spec);
    // THEN there are no errors
    expect(errors).toEqual([]);
  });

  test.each<[string, (spec: Spec) => void]>([
    ['rpo given as the string "0"', (s) => (s.data.trades.rpo = '0')],
    ['a millisecond duration', (s) => (s.tiers.trading.rto = '100ms')],
    ['a week duration', (s) => (s.backups.retention.hourly = '1w')],
    ['millicores', (s) => (s.services.accounts.resources.cpu = '500m')],
    ['fractional cores', (s) => (s.services.accounts.resources.cpu = '0.5')],
    ['no terraform and no gitops', (s) => (delete s.terraform, delete s.gitops)],
    ['gitops with repoURL only', (s) => (s.gitops = { repoURL: 'git@git.example.com:exchange/platform.git' })],
    ['every optional field of a service omitted', (s) => (delete s.services['api-gateway'].public, delete s.services['api-gateway'].latencyTarget, delete s.services['api-gateway'].uses)],
    ['healthPath and regions on a service', (s) => Object.assign(s.services.reporting, { healthPath: '/ready', regions: ['us-east'] })],
    ['empty residency and cacheApis', (s) => ((s.data.trades.residency = []), (s.edge.cdn.cacheApis = []))],
  ])('accepts a variant: %s', (_name, mutate) => {
    // GIVEN the reference spec with a valid change
    const spec = reference();
    mutate(spec);
    // WHEN it is validated THEN it passes
    expect(errorsOf(spec)).toEqual([]);
  });

  test.each<[string, (spec: Spec) => void, string, string]>([
    ['unknown key at the root', (s) => (s.owner = 'team'), '', 'additionalProperties'],
    ['unknown key in a service', (s) => (s.services['api-gateway'].replicas = 3), '/services/api-gateway', 'additionalProperties'],
    ['unknown key in a nested object', (s) => (s.services.wallet.load.burst = 2), '/services/wallet/load', 'additionalProperties'],
    ['duration with a space and a word', (s) => (s.tiers.trading.rto = '5 minutes'), '/tiers/trading/rto', 'pattern'],
    ['percent without %', (s) => (s.scaling.triggers.cpu = '70'), '/scaling/triggers/cpu', 'pattern'],
    ['CIDR prefix over 32', (s) => (s.regions['us-east'].cidr = '10.10.0.0/33'), '/regions/us-east/cidr', 'pattern'],
    ['CIDR without a prefix', (s) => (s.regions['eu-central'].cidr = '10.20.0.0'), '/regions/eu-central/cidr', 'pattern'],
    ['unknown cloud', (s) => (s.regions['us-east'].cloud = 'oracle'), '/regions/us-east/cloud', 'enum'],
    ['port above 65535', (s) => (s.services.accounts.port = 70000), '/services/accounts/port', 'maximum'],
    ['missing services', (s) => delete s.services, '', 'required'],
    ['cpu given as the number 4', (s) => (s.services['matching-engine'].resources.cpu = 4), '/services/matching-engine/resources/cpu', 'type'],
    ['memory without the binary unit', (s) => (s.services.wallet.resources.memory = '1G'), '/services/wallet/resources/memory', 'pattern'],
    ['upper-case pop', (s) => (s.edge.pops[0] = 'IAD'), '/edge/pops/0', 'pattern'],
    ['negative rpo', (s) => (s.data.trades.rpo = -1), '/data/trades/rpo', 'anyOf'],
    ['multiple without x', (s) => (s.scaling.triggers.latency = '2'), '/scaling/triggers/latency', 'pattern'],
    ['byte size with a space', (s) => (s.databases.trading.storage.dailyGrowth = '100 GB'), '/databases/trading/storage/dailyGrowth', 'pattern'],
    ['version 2', (s) => (s.version = 2), '/version', 'const'],
    ['gitops without repoURL', (s) => delete s.gitops.repoURL, '/gitops', 'required'],
    ['gitops repoURL over plain http', (s) => (s.gitops.repoURL = 'http://git.example.com/x.git'), '/gitops/repoURL', 'pattern'],
    ['unknown compression', (s) => (s.edge.compression = ['gzip', 'zstd']), '/edge/compression/1', 'enum'],
    ['read replicas above 15', (s) => (s.databases.users.readReplicas = 16), '/databases/users/readReplicas', 'maximum'],
    ['zero shards', (s) => (s.databases.users.shards = 0), '/databases/users/shards', 'minimum'],
    ['zero rps', (s) => (s.services.reporting.load.rps = 0), '/services/reporting/load/rps', 'exclusiveMinimum'],
    ['safety factor below 1', (s) => (s.scaling.safetyFactor = 0.5), '/scaling/safetyFactor', 'minimum'],
    ['image with whitespace', (s) => (s.services.wallet.image = 'registry.example.com/wallet :4'), '/services/wallet/image', 'pattern'],
    ['upper-case DNS zone', (s) => (s.dns.zone = 'Exchange.Example.com'), '/dns/zone', 'pattern'],
    ['unknown engine', (s) => (s.caches.sessions.engine = 'memcached'), '/caches/sessions/engine', 'const'],
    ['reserved term of 5 years', (s) => (s.cost.reservedTerm = '5y'), '/cost/reservedTerm', 'enum'],
    ['non-anycast routing', (s) => (s.edge.routing = 'unicast'), '/edge/routing', 'const'],
  ])('rejects %s', (_name, mutate, instancePath, keyword) => {
    // GIVEN the reference spec with one invalid change
    const spec = reference();
    mutate(spec);
    // WHEN it is validated
    const errors = errorsOf(spec);
    // THEN an error points at the changed field
    expect(errors.map((e) => `${e.instancePath} ${e.keyword}`)).toContain(`${instancePath} ${keyword}`);
  });

  test('names the missing property when a required field is absent', () => {
    const spec = reference();
    delete spec.services;
    expect(errorsOf(spec)).toContainEqual(expect.objectContaining({ instancePath: '', keyword: 'required', params: { missingProperty: 'services' } }));
  });

  test('every object node sets additionalProperties and every property and definition has a description', () => {
    // GIVEN every subschema of the schema
    const all = [...nodes(schema)];
    // WHEN object nodes and properties are inspected
    const open = all.filter(({ node }) => (node.type === 'object' || node.properties !== undefined) && node.additionalProperties === undefined);
    const undocumented = all.filter(
      ({ node, pointer, isProperty }) =>
        (isProperty || /^\/definitions\/[^/]+$/.test(pointer) || pointer === '') &&
        (typeof node.description !== 'string' || node.description.trim() === ''),
    );
    // THEN none are open or undocumented
    expect(all.length).toBeGreaterThan(100);
    expect(open.map((n) => n.pointer)).toEqual([]);
    expect(undocumented.map((n) => n.pointer)).toEqual([]);
  });

  test('every default is valid against its own field', () => {
    // GIVEN every subschema carrying a default
    const { ajv } = compile();
    const withDefaults = [...nodes(schema)].filter(({ node }) => node.default !== undefined);
    expect(withDefaults.length).toBeGreaterThan(15);
    // WHEN each default is validated against the field it belongs to
    const invalid = withDefaults.filter(({ node, pointer }) => !ajv.validate({ $ref: `${schema.$id}#${pointer}` }, node.default));
    // THEN all pass
    expect(invalid.map((n) => n.pointer)).toEqual([]);
  });

  test('every optional field documents its default or says it is optional', () => {
    // GIVEN every property not listed in its parent's required
    const optional: string[] = [];
    for (const { node, pointer } of nodes(schema)) {
      const props = node.properties as Record<string, JsonObject> | undefined;
      if (!props) continue;
      const required = new Set((node.required as string[] | undefined) ?? []);
      for (const [key, child] of Object.entries(props)) {
        if (!required.has(key) && !/Default:|Optional|Omit/.test(String(child.description))) optional.push(`${pointer}/properties/${key}`);
      }
    }
    // THEN each one's description states the default (or what omitting it means)
    expect(optional).toEqual([]);
  });
});
