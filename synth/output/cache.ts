/**
 * The synth cache: a slice of the output (one Terraform stack, one cluster's manifests) is synthesized again only
 * when a value of the plan that its last synthesis read has changed.
 *
 * Reads are recorded, not declared: the slice is synthesized from a private copy of the plan seen through a Proxy
 * that notes every property read, key listing and `in` test (a trie of paths), so a construct that starts reading a
 * new field is covered without anyone updating a list. The cache key is
 * sha256(compiler version, slice id, the values at those paths); the entry holds the exact file texts the cold
 * synthesis produced. Synthesis is a deterministic function of what it reads (the same values take the same path
 * through the code, hence make the same reads and the same bytes), so a hit returns the cold output byte for byte.
 * The compiler version hashes every source of synth/ and constructs/, the schema, package-lock.json and the Node
 * version: any change of code or dependency starts a new cache.
 *
 * A slice whose synthesis writes to the plan, or fails under recording, is synthesized again from the plan itself
 * and not cached. Entries live outside dist/ (default `node_modules/.cache/platform` of the compiler; override with
 * PLATFORM_CACHE_DIR, disable with PLATFORM_CACHE=off); the oldest are pruned beyond MAX_ENTRIES. Nothing here runs
 * unless the CLI passes a cache to compile(): tests and the library stay pure.
 */
import { createHash, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import type { Plan } from '../model/index';
import { attachedValues, withValues } from './parsed';
import { cacheIsEmpty, defaultCacheDir, packageRoot } from './cache-dir';

/** Bump when the layout of entries or the hashing changes. */
const FORMAT = 'platform-synth-cache/3';
/** Read sets kept per slice (a spec edited back and forth finds both). */
const READ_SETS_PER_SLICE = 4;
/** Entries kept of each kind (slice outputs, memos): a 100x spec has about 4,000 files. */
export const MAX_ENTRIES = 10000;

export interface SynthCache {
  /**
   * The files of one slice: from the cache when what it reads of `plan` is unchanged, else `synth(view)`. The values
   * `synth` attached to its files (synth/output/parsed.ts) are stored with them and attached to a hit's files.
   */
  files(id: string, plan: Plan, synth: (plan: Plan) => ReadonlyMap<string, string>): ReadonlyMap<string, string>;
  /** The files of slice `id` when the cache holds them for what it reads of `plan`, else undefined (nothing is synthesized or counted). */
  lookup(id: string, plan: Plan): ReadonlyMap<string, string> | undefined;
  /** `lookup`, counted as a hit when found (a miss is not counted: `files` counts it when it synthesizes the slice). */
  cached(id: string, plan: Plan): ReadonlyMap<string, string> | undefined;
  /** Whether no slice was ever stored (a first synth: the CLI then starts its workers before it plans). */
  isEmpty(): boolean;
  /** Where another thread opens this same cache (synth/output/parallel.ts's workers). */
  readonly shared: { readonly dir: string; readonly version: string };
  /** Hits and misses so far (for tests and the bench). */
  readonly stats: { hits: number; misses: number; uncacheable: number };
  /**
   * `compute(text)` memoized by the text itself (a pure function of it, e.g. parsing a generated file): stored with
   * v8.serialize, so every value structured clone keeps (Infinity, NaN, -0, undefined) comes back as computed.
   */
  memo<T>(kind: string, text: string, compute: (text: string) => T): T;
  /** Called once the output is complete: prunes the least recently used entries. */
  done(): void;
}

/** A trie of what a synthesis read: `c` children by key, `k` keys listed, `h` keys tested with `in`. */
interface ReadNode {
  c?: Record<string, ReadNode>;
  k?: 1;
  h?: string[];
}

const ABSENT = Symbol('absent');

function observe(v: unknown): string {
  if (v === ABSENT) return 'x';
  if (v === null) return 'n';
  switch (typeof v) {
    case 'undefined':
      return 'u';
    case 'string':
      return `s${JSON.stringify(v)}`;
    case 'number':
      return Object.is(v, -0) ? 'd-0' : `d${String(v)}`;
    case 'boolean':
      return v ? 't' : 'f';
    case 'bigint':
      return `b${String(v)}`;
    case 'object':
      return Array.isArray(v) ? 'a' : 'o';
    default:
      throw new Error(`synth cache: a plan value of type ${typeof v} cannot be compared`);
  }
}

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/**
 * Appends to `out` the values at the paths of `node`, starting at `value`. The parts are joined and hashed at once
 * (the same bytes as one hash update per part, which cost more than the walk).
 */
function digestReads(node: ReadNode, value: unknown, out: string[]): void {
  out.push(observe(value));
  const obj = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  if (node.k) out.push(`#${obj ? JSON.stringify(Object.keys(obj)) : '-'}`);
  if (node.h) for (const k of node.h) out.push(`?${obj && k in obj ? 1 : 0}`);
  if (node.c) {
    for (const k in node.c) {
      out.push(`${JSON.stringify(k)}{`);
      digestReads(node.c[k], obj && own(obj, k) ? obj[k] : ABSENT, out);
      out.push('}');
    }
  }
}

/** A deep copy without shared references (each object is reached by one path) and without functions. */
function tree(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol') throw new Error('synth cache: the plan holds a function');
    return value;
  }
  if (Array.isArray(value)) return value.map(tree);
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw new Error('synth cache: the plan holds a class instance');
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) out[k] = tree((value as Record<string, unknown>)[k]);
  return out;
}

class ReadOnlyPlan extends Error {}

/** `value` seen through proxies that record every read into `root`. */
function recording(value: object, root: ReadNode): object {
  const proxies = new WeakMap<object, object>();
  /** The keys of each node's `h`, for a constant-time test (a slice may test thousands of keys of one object). */
  const tested = new Map<ReadNode, Set<string>>();
  const child = (node: ReadNode, key: string): ReadNode => {
    node.c ??= Object.create(null) as Record<string, ReadNode>; // keys such as __proto__ stay plain keys
    return (node.c[key] ??= {});
  };
  const wrap = (target: object, node: ReadNode): object => {
    const known = proxies.get(target);
    if (known) return known;
    const proxy = new Proxy(target, {
      get(t, key, receiver) {
        if (typeof key !== 'string') return Reflect.get(t, key, receiver);
        const c = child(node, key);
        if (!own(t, key)) return Reflect.get(t, key, receiver);
        const v = (t as Record<string, unknown>)[key];
        return v !== null && typeof v === 'object' ? wrap(v, c) : v;
      },
      has(t, key) {
        if (typeof key === 'string') {
          let keys = tested.get(node);
          if (!keys) tested.set(node, (keys = new Set(node.h)));
          if (!keys.has(key)) {
            keys.add(key);
            (node.h ??= []).push(key);
          }
        }
        return Reflect.has(t, key);
      },
      ownKeys(t) {
        node.k = 1;
        return Reflect.ownKeys(t);
      },
      getOwnPropertyDescriptor(t, key) {
        const d = Reflect.getOwnPropertyDescriptor(t, key);
        if (typeof key !== 'string' || !d) return d;
        const c = child(node, key);
        if ('value' in d && d.value !== null && typeof d.value === 'object' && d.configurable) return { ...d, value: wrap(d.value, c) };
        return d;
      },
      set() {
        throw new ReadOnlyPlan('a construct wrote to the plan');
      },
      defineProperty() {
        throw new ReadOnlyPlan('a construct wrote to the plan');
      },
      deleteProperty() {
        throw new ReadOnlyPlan('a construct wrote to the plan');
      },
      // Freezing or re-parenting would change the copy the next slices read (see FileCache.copyOf).
      preventExtensions() {
        throw new ReadOnlyPlan('a construct froze the plan');
      },
      setPrototypeOf() {
        throw new ReadOnlyPlan('a construct wrote to the plan');
      },
    });
    proxies.set(target, proxy);
    return proxy;
  };
  return wrap(value, root);
}


/**
 * Hash of everything the output bytes depend on besides the plan: our sources, the schema, the lock file, Node.
 * The compiled CLI (this module under build/) hashes the content hashes bin/build.js recorded for every source it
 * built the running code from (build/.stamp.json, with the versions of TypeScript and ajv and the build's own
 * hash; bin/platform.js rebuilds whatever differs before it runs), instead of reading every source again;
 * under ts-node (tests) the sources themselves are hashed.
 */
export function compilerVersion(root = packageRoot(), moduleDir = __dirname): string {
  const hash = createHash('sha256').update(FORMAT).update(process.version);
  const stamp = builtFrom(root, moduleDir);
  if (stamp) hash.update('stamp\0').update(stamp);
  else {
    const walk = (rel: string) => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const r = `${rel}/${e.name}`;
        if (e.isDirectory()) walk(r);
        else if (e.name.endsWith('.ts')) hash.update(r).update(fs.readFileSync(path.join(root, r)));
      }
    };
    walk('synth');
    walk('constructs');
  }
  for (const f of ['schema/platform.schema.json', 'package-lock.json']) {
    try {
      hash.update(f).update(fs.readFileSync(path.join(root, f)));
    } catch {
      hash.update(`${f}:missing`);
    }
  }
  return hash.digest('hex');
}

/** When this module runs from build/: the toolchain and per-source content hashes of build/.stamp.json, else undefined. */
function builtFrom(root: string, moduleDir: string): string | undefined {
  const build = path.join(root, 'build');
  if (!moduleDir.startsWith(build + path.sep)) return undefined;
  try {
    const stamp = JSON.parse(fs.readFileSync(path.join(build, '.stamp.json'), 'utf8')) as { toolchain: unknown; files: Record<string, [number, number, string]> };
    const files = Object.keys(stamp.files)
      .sort()
      .map((rel) => `${rel}\0${stamp.files[rel][2]}`);
    if (files.length === 0 || files.some((f) => !/\0[0-9a-f]{32}$/.test(f))) return undefined;
    return `${JSON.stringify(stamp.toolchain)}\0${files.join('\0')}`;
  } catch {
    return undefined; // no stamp: hash the sources
  }
}


/** The cache the CLI uses, or undefined when PLATFORM_CACHE=off. */
export function openCache(dir = defaultCacheDir(), version = compilerVersion()): SynthCache | undefined {
  if (process.env.PLATFORM_CACHE === 'off') return undefined;
  return createCache(dir, version);
}

/** A cache in `dir` for compiler `version` (whatever the environment says). */
export function createCache(dir: string, version: string): SynthCache {
  return new FileCache(dir, version);
}

function writeAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

class FileCache implements SynthCache {
  readonly stats = { hits: 0, misses: 0, uncacheable: 0 };
  private wrote = false;
  /**
   * The private copy of each plan the slices are synthesized from, made once for all of them: every object of it is
   * reached through a recording proxy only, which refuses every change, so one slice cannot alter what the next reads.
   */
  private readonly copies = new WeakMap<object, object>();

  constructor(
    private readonly dir: string,
    private readonly version: string,
  ) {}

  private copyOf(plan: Plan): object {
    let copy = this.copies.get(plan);
    if (!copy) this.copies.set(plan, (copy = tree(plan) as object));
    return copy;
  }

  private key(id: string, reads: ReadNode, plan: unknown): string {
    const parts: string[] = [];
    digestReads(reads, plan, parts);
    return createHash('sha256').update(this.version).update('\0').update(id).update('\0').update(parts.join('')).digest('hex');
  }

  private manifest(id: string): string {
    return path.join(this.dir, 'reads', `${createHash('sha256').update(this.version).update(id).digest('hex').slice(0, 40)}.jsonl`);
  }

  private entry(key: string): string {
    return path.join(this.dir, 'out', key.slice(0, 2), `${key}.json`);
  }

  /** The read sets of slice `id`, newest first, with the JSON text of each (the manifest holds one per line). */
  private readSets(id: string): { readonly sets: ReadNode[]; readonly texts: string[] } {
    try {
      const texts = fs.readFileSync(this.manifest(id), 'utf8').split('\n').filter((line) => line !== '');
      return { sets: texts.map((t) => JSON.parse(t) as ReadNode), texts };
    } catch {
      return { sets: [], texts: [] }; // no manifest yet (or unreadable): a miss
    }
  }

  private find(id: string, plan: Plan, readSets: readonly ReadNode[]): ReadonlyMap<string, string> | undefined {
    for (const reads of readSets) {
      const file = this.entry(this.key(id, reads, plan));
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      try {
        const entry = JSON.parse(text) as { files: Record<string, string>; values: Record<string, unknown> };
        const out = withValues(Object.entries(entry.files), Object.entries(entry.values));
        const now = new Date();
        fs.utimesSync(file, now, now); // recently used: pruned last
        return out;
      } catch {
        // a damaged entry: synthesize again (and overwrite it)
      }
    }
    return undefined;
  }

  lookup(id: string, plan: Plan): ReadonlyMap<string, string> | undefined {
    return this.find(id, plan, this.readSets(id).sets);
  }

  cached(id: string, plan: Plan): ReadonlyMap<string, string> | undefined {
    const hit = this.lookup(id, plan);
    if (hit) this.stats.hits++;
    return hit;
  }

  isEmpty(): boolean {
    return cacheIsEmpty(this.dir);
  }

  get shared(): { dir: string; version: string } {
    return { dir: this.dir, version: this.version };
  }

  files(id: string, plan: Plan, synth: (plan: Plan) => ReadonlyMap<string, string>): ReadonlyMap<string, string> {
    const readSets = this.readSets(id);
    const hit = this.find(id, plan, readSets.sets);
    if (hit) {
      this.stats.hits++;
      return hit;
    }

    this.stats.misses++;
    const reads: ReadNode = {};
    let copy: object;
    let out: ReadonlyMap<string, string>;
    try {
      copy = this.copyOf(plan);
      out = synth(recording(copy, reads) as Plan);
    } catch {
      // Writes to the plan, or a library that cannot work on a proxy: synthesize from the plan, do not cache.
      this.stats.uncacheable++;
      return synth(plan);
    }
    try {
      // The attached values are JSON-clean (parsed.ts records only values parsing gives back), so JSON keeps them.
      const values = Object.fromEntries(attachedValues(out));
      writeAtomic(this.entry(this.key(id, reads, copy)), JSON.stringify({ files: Object.fromEntries(out), values }));
      // Each read set is stringified once: a slice of a large plan reads megabytes' worth of paths.
      const text = JSON.stringify(reads);
      const texts = [text, ...readSets.texts.filter((t) => t !== text)].slice(0, READ_SETS_PER_SLICE);
      // Most edits change a value, not what is read: the manifest is then already this one.
      if (texts.length !== readSets.texts.length || texts.some((t, i) => t !== readSets.texts[i])) writeAtomic(this.manifest(id), `${texts.join('\n')}\n`);
      this.wrote = true;
    } catch {
      // a read-only or full disk only costs the next run its speed
    }
    return out;
  }

  memo<T>(kind: string, text: string, compute: (text: string) => T): T {
    const key = createHash('sha256').update(this.version).update('\0memo\0').update(kind).update('\0').update(text).digest('hex');
    const file = path.join(this.dir, 'memo', key.slice(0, 2), `${key}.bin`);
    try {
      const value = v8.deserialize(fs.readFileSync(file)) as T;
      this.stats.hits++;
      const now = new Date();
      fs.utimesSync(file, now, now);
      return value;
    } catch {
      // not there yet (or damaged): compute
    }
    this.stats.misses++;
    const value = compute(text);
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      fs.writeFileSync(tmp, v8.serialize(value));
      fs.renameSync(tmp, file);
      this.wrote = true;
    } catch {
      // best effort
    }
    return value;
  }

  done(): void {
    this.prune();
  }

  /** Removes the least recently used entries beyond `max`. */
  prune(max = MAX_ENTRIES): void {
    if (!this.wrote) return;
    for (const kind of ['out', 'memo']) {
      const root = path.join(this.dir, kind);
      let files: { file: string; mtime: number }[] = [];
      try {
        for (const d of fs.readdirSync(root)) for (const f of fs.readdirSync(path.join(root, d))) files.push({ file: path.join(root, d, f), mtime: 0 });
        if (files.length <= max) continue;
        files = files.map((f) => ({ ...f, mtime: fs.statSync(f.file).mtimeMs })).sort((a, b) => a.mtime - b.mtime);
        for (const f of files.slice(0, files.length - max)) fs.rmSync(f.file, { force: true });
      } catch {
        // pruning is best effort
      }
    }
  }
}
