/**
 * The manifest emitter (synth/util/yaml.ts) writes exactly the bytes of `yaml`'s stringify with the options
 * serialize.ts gives it: over every manifest of the reference and company specs, over a table of the scalars whose
 * quoting `yaml` decides, and over generated data. Where it does not model a value, serialize.ts falls back to
 * `yaml` itself, and the documents it returns are what parsing the text gives back.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { synthKubernetes } from '../../../constructs/k8s';
import { compile } from '../../../synth/compile';
import type { Plan } from '../../../synth/model/index';
import { parseManifest } from '../../../synth/output/parsed';
import { sortKeys, toYamlDocuments, toYamlDocumentsByYaml, yamlFile } from '../../../synth/output/serialize';
import { fastYamlDocument } from '../../../synth/util/yaml';
import { referenceKubernetes } from '../../helpers/reference';

const COMPANIES = path.join(__dirname, '..', '..', 'fixtures', 'companies');

function companyManifests(name: string): Map<string, unknown[]> {
  const file = path.join(COMPANIES, `${name}.spec.yaml`);
  const r = compile(file, readFileSync(file, 'utf8'), 'plan');
  expect(r.ok).toBe(true);
  return synthKubernetes(r.plan as Plan);
}

/** What parsing `text` gives: the documents' values (throws on a document that does not parse). */
function parsedBack(text: string): unknown[] {
  return parseManifest(text).map((d) => {
    if ('error' in d) throw new Error(d.error);
    return d.body;
  });
}

describe.each([
  ['the reference spec', () => referenceKubernetes()],
  ['notely', () => companyManifests('notely')],
  ['eurobank', () => companyManifests('eurobank')],
  ['shopasia', () => companyManifests('shopasia')],
])('GIVEN every manifest file of %s', (_, manifests) => {
  let files: Map<string, unknown[]>;
  beforeAll(() => {
    files = manifests();
  });

  test('WHEN serialized THEN each file is byte for byte what yaml writes', () => {
    expect(files.size).toBeGreaterThan(0);
    for (const [file, objects] of files) expect([file, toYamlDocuments(objects)]).toEqual([file, toYamlDocumentsByYaml(objects)]);
  });

  test('WHEN serialized THEN the fast emitter wrote every document (no fallback) and parsing each file gives its values back', () => {
    for (const [file, objects] of files) {
      for (const o of objects) expect([file, fastYamlDocument(sortKeys(o)) !== undefined]).toEqual([file, true]);
      const out = yamlFile(objects);
      expect(out.value).toBeDefined();
      expect(parsedBack(out.text)).toEqual(out.value);
    }
  });
});

describe('GIVEN a value holding scalars whose quoting yaml decides', () => {
  const SCALARS: readonly unknown[] = [
    '', ' ', 'plain', 'true', 'True', 'FALSE', 'null', 'Null', '~', 'yes', 'no', 'on', '1', '-1', '1.0', '1e3', '0x1F', '0o17',
    '.inf', '-.inf', '.nan', '007', '1_000', 'a: b', 'a:b', 'a #b', '#a', '- a', '-', '?', '? a', ':', 'a:', 'key: value: more',
    '[a]', '{a}', 'a, b', '*alias', '&anchor', '!tag', '|', '>', '%', '@', '`', "it's", 'say "hi"', `both ' and "`, 'multi\nline',
    'trailing newline\n', 'two trailing\n\n', '\n', '\nleading newline', ' leading space', 'trailing space ', 'tab\there', 'ctl\u0001x',
    'line\n  indented\nback', '---', '--- a', '...', 'a\n---\nb', 'a\n...\n', 'ünïcödé', '日本語', 'emoji 🚀', '\u2028', 'x'.repeat(2000),
    'http://example.com/a?b=c#d', '${var}', '{{ $value }}', 'a\r\nb', 'sp \n after', 0, -0.5, 1.5, 1e21, 2 ** 53, 123456789012, true, false, null,
  ];
  test.each(SCALARS.map((s) => [JSON.stringify(s).slice(0, 40), s]))('WHEN %s is a value, an item and a key THEN the bytes are what yaml writes', (_, s) => {
    const docs = [
      { v: s },
      { list: [s, [s], { k: s }] },
      { nested: { deeper: { v: s, list: [s] } } },
      typeof s === 'string' ? { [s]: 1, [`${s}x`]: { [s]: [s] } } : { k: s },
      [s, { k: s }],
    ];
    expect(toYamlDocuments(docs)).toBe(toYamlDocumentsByYaml(docs));
  });
});

describe('GIVEN values the emitter does not model', () => {
  test.each<[string, unknown]>([
    ['a map whose values are all null (yaml writes a set)', { a: null, b: null }],
    ['a key longer than 1024 characters', { ['k'.repeat(1100)]: 1 }],
    ['-0', { n: -0 }],
    ['NaN', { n: NaN }],
    ['Infinity', { n: Infinity }],
    ['undefined in an array', { l: [1, undefined, 2] }],
    ['a block scalar keeping its final newlines', { s: 'text\n\n' }],
  ])('WHEN it holds %s THEN it falls back to yaml, writes its bytes and reports no parsed values', (_, value) => {
    expect(fastYamlDocument(value)).toBeUndefined();
    const out = yamlFile([value]);
    expect(out.text).toBe(toYamlDocumentsByYaml([value]));
    expect(out.value).toBeUndefined();
  });

  test('WHEN it is handed a class instance unsorted THEN it declines it (sortKeys turns one into a plain object first)', () => {
    expect(fastYamlDocument({ d: new Date(0) })).toBeUndefined();
    expect(yamlFile([{ d: new Date(0) }]).text).toBe(toYamlDocumentsByYaml([{ d: new Date(0) }]));
  });

  test('WHEN a map holds undefined values among others THEN they are dropped as yaml drops them', () => {
    const value = { a: undefined, b: 1, c: { d: undefined } };
    expect(fastYamlDocument(value)).toBe(toYamlDocumentsByYaml([value]));
  });
});

describe('GIVEN generated data (objects, arrays, strings of any characters, numbers, booleans, null)', () => {
  const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('true', 'null', '1', '10', '9', '-', 'a: b', '#', "'", '"', '\n', ' a'));
  const str = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.fullUnicodeString({ maxLength: 8 }),
    fc.constantFrom('', 'a\nb', 'a\n', 'a\n\n', '\n\n', ' x', 'x ', '- x', 'x: y', '"q"', "'q'", '1.5', 'false', '~', '---', '%x', '#x'),
    fc.array(fc.constantFrom('a', ' ', '\n', ':', '#', '-', '"', "'", '\t', '{', '}', '|', '>', '0', '.'), { maxLength: 10 }).map((cs) => cs.join('')),
  );
  const scalar = fc.oneof(str, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)), fc.boolean(), fc.constant(null));
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, scalar, tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 4 }),
    object: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  }));
  const documents = fc.array(fc.oneof(fc.dictionary(key, value, { maxKeys: 5 }), fc.array(value, { maxLength: 4 })), { minLength: 1, maxLength: 3 });

  test('WHEN serialized THEN the bytes are what yaml writes, and the values reported are what parsing gives back', () => {
    fc.assert(
      fc.property(documents, (docs) => {
        const out = yamlFile(docs);
        expect(out.text).toBe(toYamlDocumentsByYaml(docs));
        if (out.value) expect(parsedBack(out.text)).toEqual(out.value);
      }),
      { numRuns: 1000, seed: 14 },
    );
  });
});
