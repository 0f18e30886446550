/**
 * The values emit attaches to its files (synth/output/parsed.ts) are what parsing the files gives, so the ledger
 * and the policy check that read them instead of parsing judge exactly the text that is written.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { compile } from '../../../synth/compile';
import { checkOutput } from '../../../synth/check/index';
import { createSvgRenderer } from '../../../synth/output/diagram';
import { resolveLedger } from '../../../synth/output/ledger';
import { attachedParsed, attachParsed, parsedJson, parsedManifest, parseManifest } from '../../../synth/output/parsed';
import { planLedger } from '../../../synth/plan/ledger';
import type { Plan } from '../../../synth/model/index';
import { ROOT, SPEC_FILE } from '../../helpers/reference';

const NOTELY = path.join(ROOT, 'test', 'fixtures', 'companies', 'notely.spec.yaml');

describe.each([
  ['the reference spec', SPEC_FILE],
  ['notely', NOTELY],
])('GIVEN the files compile() emits for %s', (_, spec) => {
  let files: ReadonlyMap<string, string>;
  let plan: Plan;
  beforeAll(async () => {
    const r = compile(spec, readFileSync(spec, 'utf8'), { until: 'emit', svg: await createSvgRenderer() });
    expect(r.ok).toBe(true);
    files = r.files!;
    plan = r.plan!;
  });
  /** The same texts, without the attached values: every reader parses. */
  const textsOnly = () => new Map(files);

  test('WHEN their attached values are compared with parsing the texts THEN every stack and manifest has one, equal to its parse', () => {
    const parsed = attachedParsed(files)!;
    const readable = [...files.keys()].filter((f) => /^terraform\/[^/]+\/cdk\.tf\.json$/.test(f) || /^kubernetes\/.+\.yaml$/.test(f));
    expect(readable.length).toBeGreaterThan(0);
    expect([...parsed.keys()].sort()).toEqual(readable.sort());
    for (const [file, p] of parsed) {
      expect(p.text).toBe(files.get(file));
      const again = file.endsWith('.json') ? JSON.parse(p.text) : parseManifest(p.text).map((d) => ('body' in d ? d.body : d));
      expect([file, p.value]).toEqual([file, again]);
    }
  });

  test('WHEN the policy check reads the attached values THEN its report equals the one from parsing the texts', () => {
    const fromValues = checkOutput(files);
    expect(fromValues.checked.resources).toBeGreaterThan(0);
    expect(fromValues.checked.objects).toBeGreaterThan(0);
    expect(fromValues).toEqual(checkOutput(textsOnly()));
  });

  test('WHEN the ledger resolves against the attached values THEN every line equals the one from parsing the texts', () => {
    const entries = planLedger(plan);
    expect(resolveLedger(entries, files)).toEqual(resolveLedger(entries, textsOnly()));
  });
});

describe('GIVEN a files map with an attached value', () => {
  const file = 'terraform/x/cdk.tf.json';
  const manifest = 'kubernetes/r/a.yaml';
  const files = new Map([
    [file, '{\n  "a": 1\n}\n'],
    [manifest, 'kind: A\n'],
  ]);
  attachParsed(
    files,
    new Map([
      [file, { text: files.get(file)!, value: { a: 'from the value' } }],
      [manifest, { text: files.get(manifest)!, value: [{ kind: 'from the value' }] }],
    ]),
  );

  test.each([
    ['the text it was recorded with', true],
    ['another text (the file changed)', false],
  ])('WHEN a reader asks with %s THEN it gets the value only for that text, else the parse', (_, same) => {
    const json = same ? files.get(file)! : '{"a": 2}';
    const yaml = same ? files.get(manifest)! : 'kind: B\n';
    expect(parsedJson(files, file, json)).toEqual(same ? { a: 'from the value' } : { a: 2 });
    expect(parsedManifest(files, manifest, yaml)).toEqual([{ body: { kind: same ? 'from the value' : 'B' } }]);
  });

  test('WHEN another map holds the same texts THEN it has no attached values', () => {
    expect(parsedJson(new Map(files), file, files.get(file)!)).toEqual({ a: 1 });
  });
});
