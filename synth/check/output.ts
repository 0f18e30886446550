/**
 * The generated output as the policy rules read it: the Terraform stacks (`terraform/<stack>/cdk.tf.json`)
 * as resources by type and address, the Kubernetes manifests (`kubernetes/<cluster>/*.yaml`) as objects,
 * and the public listener ports of each stack, read from `plan.json` in the same files map.
 *
 * It reads only the files: nothing here knows how the constructs built them, so the rules judge what
 * really ships (also a `dist/` read back from disk). Helpers at the end read Terraform JSON values the
 * way cdktf writes them (booleans sometimes as strings, blocks as an object or a list of objects,
 * references as `${type.name.attribute}`).
 */
import { parsedJson, parsedManifest, type ManifestParser } from '../output/parsed';

export interface TfResource {
  readonly stack: string;
  readonly file: string;
  readonly type: string;
  readonly name: string;
  /** Terraform address, `type.name`. */
  readonly address: string;
  readonly body: Record<string, any>;
}

export interface TfStack {
  readonly name: string;
  readonly file: string;
  readonly resources: readonly TfResource[];
  /** Resources of one type, in file order. */
  ofType(type: string): readonly TfResource[];
  get(type: string, name: string): TfResource | undefined;
}

export interface K8sObject {
  /** The folder under kubernetes/: the cluster the manifests are delivered to (or `argocd`). */
  readonly cluster: string;
  readonly file: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly body: Record<string, any>;
}

/** A file of the output that does not parse (a rule cannot judge it, so it is a finding itself). */
export interface Unparsable {
  readonly file: string;
  readonly message: string;
}

export interface CheckedOutput {
  readonly stacks: readonly TfStack[];
  readonly objects: readonly K8sObject[];
  readonly unparsable: readonly Unparsable[];
  /** Ports a stack may open to the whole internet: the public listener ports of its region in plan.json. */
  publicPorts(stack: string): ReadonlySet<number>;
  /** The same for a cluster (its folder under kubernetes/ is its region's id). */
  clusterPublicPorts(cluster: string): ReadonlySet<number>;
}

const STACK_FILE = /^terraform\/([^/]+)\/cdk\.tf\.json$/;
const MANIFEST_FILE = /^kubernetes\/([^/]+)\/.+\.ya?ml$/;

export { parseManifest, type ManifestParser, type ParsedManifest } from '../output/parsed';

/**
 * `parse`: how a manifest is parsed (synth passes a memo). Files that emit serialized in this run are read as the
 * values they were written from, which is what parsing them gives (synth/output/parsed.ts).
 */
export function readOutput(files: ReadonlyMap<string, string>, parse?: ManifestParser): CheckedOutput {
  const stacks: TfStack[] = [];
  const objects: K8sObject[] = [];
  const unparsable: Unparsable[] = [];
  for (const [file, text] of files) {
    const stack = STACK_FILE.exec(file);
    if (stack) {
      try {
        stacks.push(toStack(stack[1], file, parsedJson(files, file, text)));
      } catch (e) {
        unparsable.push({ file, message: `not valid JSON: ${(e as Error).message}` });
      }
      continue;
    }
    const manifest = MANIFEST_FILE.exec(file);
    if (manifest) {
      for (const doc of parsedManifest(files, file, text, parse)) {
        if ('error' in doc) {
          unparsable.push({ file, message: `not valid YAML: ${doc.error}` });
          continue;
        }
        const body = doc.body;
        if (!isObject(body)) continue; // an empty document
        const meta = isObject(body.metadata) ? body.metadata : {};
        objects.push({
          cluster: manifest[1],
          file,
          kind: String(body.kind ?? ''),
          namespace: typeof meta.namespace === 'string' ? meta.namespace : undefined,
          name: String(meta.name ?? ''),
          body,
        });
      }
    }
  }
  const { byStack, byRegion } = publicPorts(files.get('plan.json'));
  const none: ReadonlySet<number> = new Set();
  return { stacks, objects, unparsable, publicPorts: (stack) => byStack.get(stack) ?? none, clusterPublicPorts: (cluster) => byRegion.get(cluster) ?? none };
}

function toStack(name: string, file: string, json: unknown): TfStack {
  const resources: TfResource[] = [];
  const byType = new Map<string, TfResource[]>();
  const types = isObject(json) && isObject(json.resource) ? json.resource : {};
  for (const [type, named] of Object.entries(types)) {
    if (!isObject(named)) continue;
    for (const [resourceName, body] of Object.entries(named)) {
      if (!isObject(body)) continue;
      const r: TfResource = { stack: name, file, type, name: resourceName, address: `${type}.${resourceName}`, body };
      resources.push(r);
      if (!byType.has(type)) byType.set(type, []);
      byType.get(type)!.push(r);
    }
  }
  return {
    name,
    file,
    resources,
    ofType: (type) => byType.get(type) ?? [],
    get: (type, n) => byType.get(type)?.find((r) => r.name === n),
  };
}

/**
 * The public listener ports of each region in the plan: the ports of its load balancer's target groups,
 * of its public workloads and of its entry points' listeners (what the plan exposes); a stack of a region
 * has its region's, a restore stack its site's, other stacks none.
 */
function publicPorts(planText: string | undefined): { byStack: Map<string, Set<number>>; byRegion: Map<string, Set<number>> } {
  const byStack = new Map<string, Set<number>>();
  const byRegion = new Map<string, Set<number>>();
  let plan: any;
  try {
    plan = planText === undefined ? undefined : JSON.parse(planText);
  } catch {
    return { byStack, byRegion }; // no ports: every world-open ingress is a finding
  }
  const add = (region: unknown, port: unknown) => {
    if (typeof region !== 'string' || !Number.isInteger(port)) return;
    if (!byRegion.has(region)) byRegion.set(region, new Set());
    byRegion.get(region)!.add(port as number);
  };
  // the regions, and the restore sites' cluster views (their public services answer at the site's NLB)
  const clusters = [...list(plan?.regions), ...list(plan?.restoreSites).map((x) => (isObject(x) ? x.region : undefined))].filter(isObject);
  for (const region of clusters) {
    byRegion.set(String(region.id), byRegion.get(String(region.id)) ?? new Set());
    for (const tg of list(region.loadBalancer?.targetGroups)) add(region.id, tg?.port);
    for (const w of list(region.workloads)) if (w?.public === true) add(region.id, w.port);
  }
  for (const entry of list(plan?.entryPoints).filter(isObject)) for (const l of list(entry.listeners)) add(entry.region, l?.port);
  for (const stack of list(plan?.stacks).filter(isObject)) {
    const ports = byRegion.get(stack.kind === 'restore' ? stack.restoreSite : stack.region);
    if (ports) byStack.set(String(stack.name), ports);
  }
  return { byStack, byRegion };
}

// ---- reading Terraform JSON values ----------------------------------------------------------------

export function isObject(x: unknown): x is Record<string, any> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

export function list(x: unknown): any[] {
  return Array.isArray(x) ? x : [];
}

/** A nested block as cdktf writes it: one object, or a list of objects. */
export function blocks(x: unknown): Record<string, any>[] {
  if (Array.isArray(x)) return x.filter(isObject);
  return isObject(x) ? [x] : [];
}

/** `true` or `"true"` (cdktf writes some booleans as strings); an interpolation is not provably true. */
export function isTrue(x: unknown): boolean {
  return x === true || x === 'true';
}

export function isFalse(x: unknown): boolean {
  return x === false || x === 'false';
}

/** A literal, non-empty value or a reference (a KMS key ARN, a key id). */
export function isSet(x: unknown): boolean {
  return (typeof x === 'string' && x.trim() !== '') || (typeof x === 'number' && Number.isFinite(x));
}

const REFERENCE = /\$\{([A-Za-z][A-Za-z0-9_-]*)\.([A-Za-z0-9_-]+)(?=[.[}])/g;

/** The resources (`type.name`) an expression refers to, e.g. `${aws_s3_bucket.b.id}` -> aws_s3_bucket.b. */
export function references(x: unknown): string[] {
  if (typeof x !== 'string') return [];
  return [...x.matchAll(REFERENCE)].filter((m) => m[1] !== 'data' && m[1] !== 'var' && m[1] !== 'local').map((m) => `${m[1]}.${m[2]}`);
}

/** Whether `x` refers to the resource (any attribute of it). */
export function refersTo(x: unknown, r: TfResource): boolean {
  return references(x).includes(r.address);
}

/** Integer value of a number or a numeric string; undefined otherwise (interpolations included). */
export function toInt(x: unknown): number | undefined {
  const n = typeof x === 'number' ? x : typeof x === 'string' && /^-?\d+$/.test(x.trim()) ? Number(x) : NaN;
  return Number.isInteger(n) ? n : undefined;
}
