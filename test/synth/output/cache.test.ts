/**
 * The synth cache (synth/output/cache.ts): a slice is synthesized again exactly when a value it read changed, and a
 * cached synth equals a cold one byte for byte.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compile } from '../../../synth/compile';
import type { Plan } from '../../../synth/model/index';
import { compilerVersion, createCache, type SynthCache } from '../../../synth/output/cache';
import { createSvgRenderer, type SvgRenderer } from '../../../synth/output/diagram';
import { diagramSvg, emit } from '../../../synth/output/emit';
import { synthKubernetes } from '../../../constructs/k8s';
import { toYamlDocuments } from '../../../synth/output/serialize';
import { checkOutput } from '../../../synth/check/index';
import { parseManifest } from '../../../synth/check/output';
import { attachedParsed } from '../../../synth/output/parsed';
import { referenceFiles, ROOT, SPEC_FILE } from '../../helpers/reference';

const dirs: string[] = [];
function cacheDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-cache-test-'));
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

type Doc = Record<string, any>;
const asPlan = (v: Doc) => v as unknown as Plan;

describe('GIVEN a slice that reads part of the plan', () => {
  const base: Doc = { a: { b: 1, list: ['x', 'y'] }, c: 'other', m: { k1: 1 } };
  const clone = (): Doc => JSON.parse(JSON.stringify(base)) as Doc;
  const runs: string[] = [];
  const slice = (p: Plan) => {
    const v = p as unknown as Doc;
    const text = `${v.a.b}|${v.a.list.map((x: string) => x.toUpperCase()).join(',')}|${Object.keys(v.m).join(',')}|${'flag' in v.a}`;
    runs.push(text);
    return new Map([['out.txt', text]]);
  };
  let cache: SynthCache;
  beforeEach(() => {
    runs.length = 0;
    cache = createCache(cacheDir(), 'v1');
    cache.files('s', asPlan(base), slice);
  });

  test.each<{ what: string; edit: (d: Doc) => void; hit: boolean; result: string }>([
    { what: 'nothing changes', edit: () => undefined, hit: true, result: 'a hit' },
    { what: 'a value it never read changes', edit: (d) => (d.c = 'changed'), hit: true, result: 'a hit' },
    { what: 'a value it read changes', edit: (d) => (d.a.b = 2), hit: false, result: 'a miss' },
    { what: 'an item of a list it mapped changes', edit: (d) => (d.a.list[1] = 'z'), hit: false, result: 'a miss' },
    { what: 'a list it mapped grows', edit: (d) => d.a.list.push('z'), hit: false, result: 'a miss' },
    { what: 'a key is added to an object whose keys it listed', edit: (d) => (d.m.k2 = 2), hit: false, result: 'a miss' },
    { what: 'a key it tested with `in` appears', edit: (d) => (d.a.flag = true), hit: false, result: 'a miss' },
    { what: 'a value it read becomes an object', edit: (d) => (d.a.b = { b: 1 }), hit: false, result: 'a miss' },
  ])('WHEN $what THEN $result, and the output is what a cold synthesis gives', ({ edit, hit }) => {
    const next = clone();
    edit(next);
    const before = cache.stats.hits;
    const out = cache.files('s', asPlan(next), slice);
    expect(cache.stats.hits - before).toBe(hit ? 1 : 0);
    const cold = slice(asPlan(next)).get('out.txt');
    expect(out.get('out.txt')).toBe(cold);
  });

  test('WHEN the compiler version changes THEN nothing of the old cache is used', () => {
    const dir = cacheDir();
    createCache(dir, 'v1').files('s', asPlan(base), slice);
    const other = createCache(dir, 'v2');
    other.files('s', asPlan(base), slice);
    expect(other.stats).toEqual({ hits: 0, misses: 1, uncacheable: 0 });
  });

  test('WHEN a slice writes to the plan THEN it is synthesized from the plan itself and not cached', () => {
    const dir = cacheDir();
    const writer = (p: Plan) => {
      (p as unknown as Doc).c = 'written';
      return new Map([['out.txt', 'x']]);
    };
    const first = createCache(dir, 'v1');
    const plan = clone();
    expect(first.files('w', asPlan(plan), writer).get('out.txt')).toBe('x');
    expect(first.stats.uncacheable).toBe(1);
    const second = createCache(dir, 'v1');
    second.files('w', asPlan(clone()), writer);
    expect(second.stats.hits).toBe(0);
  });
});

describe('GIVEN a slice whose reads depend on a value it read', () => {
  // mode 'a' reads a.x, mode 'b' reads b.y: two read sets
  const slice = (p: Plan) => {
    const v = p as unknown as Doc;
    return new Map([['out.txt', v.mode === 'a' ? `a:${String(v.a.x)}` : `b:${String(v.b.y)}`]]);
  };
  const plan = (mode: string, x = 1, y = 2): Doc => ({ mode, a: { x }, b: { y } });
  const manifests = (dir: string) => fs.readdirSync(path.join(dir, 'reads')).map((f) => fs.readFileSync(path.join(dir, 'reads', f), 'utf8'));

  test('WHEN the spec goes back and forth between the two THEN both are found, each read set is listed once, and the list is rewritten only when it changes', () => {
    const dir = cacheDir();
    const run = (p: Doc) => {
      const cache = createCache(dir, 'v1');
      const out = cache.files('s', asPlan(p), slice).get('out.txt');
      return { out, hits: cache.stats.hits };
    };
    expect(run(plan('a'))).toEqual({ out: 'a:1', hits: 0 });
    expect(run(plan('b'))).toEqual({ out: 'b:2', hits: 0 });
    const listed = manifests(dir);
    expect(listed).toHaveLength(1);
    expect(listed[0].trim().split('\n')).toHaveLength(2); // one read set per line, newest first
    expect(JSON.parse(listed[0].split('\n')[0])).toEqual({ c: { mode: {}, b: { c: { y: {} } } } });
    expect(run(plan('a'))).toEqual({ out: 'a:1', hits: 1 });
    expect(run(plan('b'))).toEqual({ out: 'b:2', hits: 1 });
    // a value of the 'a' reads changes: synthesized again, its read set moves to the front
    expect(run(plan('a', 5))).toEqual({ out: 'a:5', hits: 0 });
    const moved = manifests(dir);
    expect(moved[0].trim().split('\n')).toEqual(listed[0].trim().split('\n').reverse());
    const file = path.join(dir, 'reads', fs.readdirSync(path.join(dir, 'reads'))[0]);
    const inode = fs.statSync(file).ino;
    // and again: the same list, not written again (a write renames a new file into place)
    expect(run(plan('a', 6))).toEqual({ out: 'a:6', hits: 0 });
    expect(fs.statSync(file).ino).toBe(inode);
    expect(manifests(dir)).toEqual(moved);
    expect(run(plan('b', 5))).toEqual({ out: 'b:2', hits: 1 });
  });
});

describe('GIVEN a slice that tests many keys of one object with `in`, some of them again and again', () => {
  const keys = Array.from({ length: 3000 }, (_, i) => `k${i}`);
  const slice = (p: Plan) => {
    const m = (p as unknown as Doc).m as Doc;
    let present = 0;
    for (let round = 0; round < 3; round++) for (const k of keys) if (k in m) present++;
    return new Map([['out.txt', String(present)]]);
  };
  const dir = cacheDir();
  const first = createCache(dir, 'v1');
  first.files('s', asPlan({ m: { k7: 1, other: 2 } }), slice);

  test('WHEN it ran THEN each key is recorded once', () => {
    const [text] = fs.readdirSync(path.join(dir, 'reads')).map((f) => fs.readFileSync(path.join(dir, 'reads', f), 'utf8'));
    expect((JSON.parse(text.split('\n')[0]) as { c: { m: { h: string[] } } }).c.m.h).toEqual(keys);
  });

  test.each<{ what: string; m: Doc; hit: boolean; result: string }>([
    { what: 'a key it never tested changes', m: { k7: 1, other: 3 }, hit: true, result: 'a hit' },
    { what: 'a key it tested appears', m: { k7: 1, k2999: 1, other: 2 }, hit: false, result: 'a miss' },
    { what: 'a key it tested goes', m: { other: 2 }, hit: false, result: 'a miss' },
  ])('WHEN $what THEN $result, and the output is the cold one', ({ m, hit }) => {
    const cache = createCache(dir, 'v1');
    expect(cache.files('s', asPlan({ m }), slice).get('out.txt')).toBe(slice(asPlan({ m })).get('out.txt'));
    expect(cache.stats.hits).toBe(hit ? 1 : 0);
  });
});

test('GIVEN slices of one plan WHEN one tries to freeze part of it THEN that one is not cached and the others still read an unchanged plan', () => {
  const cache = createCache(cacheDir(), 'v1');
  const plan: Doc = { a: { b: 1 }, c: [1, 2] };
  const freezer = (p: Plan) => {
    Object.freeze((p as unknown as Doc).a);
    return new Map([['f.txt', 'x']]);
  };
  const reader = (p: Plan) => new Map([['r.txt', `${Object.isFrozen((p as unknown as Doc).a)} ${Object.isExtensible((p as unknown as Doc).a)} ${(p as unknown as Doc).c.join(',')}`]]);
  cache.files('first', asPlan(plan), reader);
  expect(cache.files('freezer', asPlan(plan), freezer).get('f.txt')).toBe('x');
  expect(cache.stats.uncacheable).toBe(1);
  expect(cache.files('second', asPlan(plan), reader).get('r.txt')).toBe('false true 1,2');
});

describe('GIVEN the compiler version of the compiled CLI (from the build stamp) and of the sources', () => {
  const root = cacheDir();
  const built = path.join(root, 'build', 'synth', 'output');
  const stampFile = path.join(root, 'build', '.stamp.json');
  const stamp = (sha: string, toolchain: Record<string, string> = { typescript: '5' }) =>
    fs.writeFileSync(stampFile, JSON.stringify({ toolchain, files: { 'synth/a.ts': [1, 2, sha], 'synth/b.ts': [1, 2, 'b'.repeat(32)] } }));
  beforeAll(() => {
    fs.mkdirSync(built, { recursive: true });
    fs.mkdirSync(path.join(root, 'synth'));
    fs.writeFileSync(path.join(root, 'synth', 'a.ts'), 'export const a = 1;\n');
    fs.writeFileSync(path.join(root, 'package-lock.json'), '{}');
  });

  test.each<{ what: string; change: () => void }>([
    { what: 'a built source\'s content hash changes', change: () => stamp('c'.repeat(32)) },
    { what: 'the toolchain changes', change: () => stamp('a'.repeat(32), { typescript: '6' }) },
    { what: 'the lock file changes', change: () => fs.writeFileSync(path.join(root, 'package-lock.json'), '{"x":1}') },
    { what: 'the stamp is missing (the sources are hashed instead)', change: () => fs.rmSync(stampFile) },
  ])('WHEN $what THEN the version changes', ({ change }) => {
    stamp('a'.repeat(32));
    fs.writeFileSync(path.join(root, 'package-lock.json'), '{}');
    const before = compilerVersion(root, built);
    expect(compilerVersion(root, built)).toBe(before);
    change();
    expect(compilerVersion(root, built)).not.toBe(before);
  });

  test('WHEN the module runs from the sources THEN an edit of a source changes the version', () => {
    const before = compilerVersion(root, path.join(root, 'synth'));
    fs.writeFileSync(path.join(root, 'synth', 'a.ts'), 'export const a = 2;\n');
    expect(compilerVersion(root, path.join(root, 'synth'))).not.toBe(before);
  });
});

test('GIVEN a cached diagram WHEN the DOT text changes THEN the SVG is rendered again', () => {
  const cache = createCache(cacheDir(), 'v1');
  const fake: SvgRenderer = (dot) => `<svg>${dot}</svg>`;
  expect(diagramSvg('digraph a {}', fake, cache)).toBe('<svg>digraph a {}</svg>');
  expect(diagramSvg('digraph b {}', fake, cache)).toBe('<svg>digraph b {}</svg>');
  expect(diagramSvg('digraph a {}', fake, cache)).toBe('<svg>digraph a {}</svg>');
  expect(cache.stats).toEqual({ hits: 1, misses: 2, uncacheable: 0 });
});

test('GIVEN a memo WHEN the same text comes again THEN the stored value is returned as computed (Infinity, NaN and undefined kept)', () => {
  const dir = cacheDir();
  let calls = 0;
  const compute = (t: string) => {
    calls++;
    return { t, inf: Infinity, nan: NaN, u: undefined };
  };
  expect(createCache(dir, 'v1').memo('k', 'text', compute)).toEqual({ t: 'text', inf: Infinity, nan: NaN, u: undefined });
  const again = createCache(dir, 'v1');
  expect(again.memo('k', 'text', compute)).toEqual({ t: 'text', inf: Infinity, nan: NaN, u: undefined });
  expect(again.memo('k', 'other', compute)).toEqual({ t: 'other', inf: Infinity, nan: NaN, u: undefined });
  expect(calls).toBe(2);
  expect(again.stats).toEqual({ hits: 1, misses: 1, uncacheable: 0 });
});

test('GIVEN the reference output WHEN the policy check parses the manifests through the memo (empty, then filled) THEN its report is the one of a plain parse', () => {
  const dir = cacheDir();
  const plain = checkOutput(referenceFiles());
  const first = createCache(dir, 'v1');
  expect(checkOutput(referenceFiles(), undefined, (t) => first.memo('manifest', t, parseManifest))).toEqual(plain);
  const second = createCache(dir, 'v1');
  expect(checkOutput(referenceFiles(), undefined, (t) => second.memo('manifest', t, parseManifest))).toEqual(plain);
  expect(second.stats.misses).toBe(0);
  expect(second.stats.hits).toBeGreaterThan(10);
});

describe('GIVEN the reference plan', () => {
  let svg: SvgRenderer;
  let plan: Plan;
  const dir = cacheDir();
  beforeAll(async () => {
    svg = await createSvgRenderer();
    plan = compile(SPEC_FILE, fs.readFileSync(path.join(ROOT, SPEC_FILE), 'utf8'), 'plan').plan!;
  });

  test('WHEN emitted through an empty cache and again through the filled one THEN both outputs equal the cold output byte for byte, the second from the cache alone', () => {
    const first = createCache(dir, 'v1');
    const filled = emit(plan, svg, first);
    expect(first.stats.hits).toBe(0);
    expect(first.stats.uncacheable).toBe(0);
    expect([...filled]).toEqual([...referenceFiles()]);

    const second = createCache(dir, 'v1');
    const cached = emit(plan, svg, second);
    expect(second.stats).toEqual({ hits: first.stats.misses, misses: 0, uncacheable: 0 });
    expect([...cached]).toEqual([...referenceFiles()]);
  });

  test('WHEN emitted from the filled cache THEN every stack and manifest comes with the values it was written from, equal to parsing its text', () => {
    const cached = emit(plan, svg, createCache(dir, 'v1'));
    const parsed = attachedParsed(cached)!;
    const readable = [...cached.keys()].filter((f) => f.endsWith('/cdk.tf.json') || (f.startsWith('kubernetes/') && f.endsWith('.yaml')));
    expect([...parsed.keys()].sort()).toEqual(readable.sort());
    for (const [file, p] of parsed) {
      expect(p.text).toBe(cached.get(file));
      expect([file, p.value]).toEqual([file, file.endsWith('.json') ? JSON.parse(p.text) : parseManifest(p.text).map((d) => ('body' in d ? d.body : d))]);
    }
  });

  test('WHEN one workload of one cluster gets a new image THEN only that service\'s file of that cluster is synthesized again, and it equals a cold synthesis', () => {
    // the cache of the previous test holds the reference plan's slices
    const edited = JSON.parse(JSON.stringify(plan)) as Doc;
    const region = (edited.regions as Doc[]).find((r) => r.workloads.length > 0)!;
    const workload = region.workloads[0] as Doc;
    workload.image = `${String(workload.image)}-edited`;
    const cache = createCache(dir, 'v1');
    const out = emit(asPlan(edited), svg, cache);
    expect(cache.stats.misses).toBe(1);
    const cold = synthKubernetes(asPlan(edited), { regions: [region.id as string] });
    expect(cold.size).toBeGreaterThan(1);
    for (const [file, objects] of cold) expect(out.get(file)).toBe(toYamlDocuments(objects));
    const changed = [...out].filter(([f, t]) => referenceFiles().get(f) !== t).map(([f]) => f);
    expect(changed.filter((f) => f.startsWith('terraform/') || f.startsWith('kubernetes/'))).toEqual([`kubernetes/${String(region.id)}/${String(workload.service)}.yaml`]);
  });

  test.each<{ what: string; edit: (region: Doc) => void }>([
    { what: 'a workload gets more replicas', edit: (r) => (r.workloads[0].replicas = Number(r.workloads[0].replicas) + 1) },
    { what: 'the workloads change order', edit: (r) => r.workloads.reverse() },
  ])('WHEN $what THEN the cached synth equals the cold one byte for byte', ({ edit }) => {
    const edited = JSON.parse(JSON.stringify(plan)) as Doc;
    edit((edited.regions as Doc[]).find((r) => r.workloads.length > 1)!);
    const cached = emit(asPlan(edited), svg, createCache(dir, 'v1'));
    expect([...cached]).toEqual([...emit(asPlan(edited), svg)]);
  });
});
