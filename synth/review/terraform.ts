/**
 * Semantic diff of one Terraform stack (cdktf JSON): which resources, data sources, outputs, providers
 * and settings are added, changed, replaced, moved or destroyed, attribute by attribute.
 */
import type { ChangeCounts, ResourceChange } from './model';
import { forcesNew } from './risk-table';
import { diffValues } from './values';

export interface Block {
  readonly address: string;
  readonly type: string;
  readonly body: unknown;
}

type Json = Record<string, unknown>;

function entries(v: unknown): [string, unknown][] {
  return v && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v as Json) : [];
}

/** Every addressable block of a stack, by address. `moved` blocks are returned separately. */
export function stackBlocks(stack: unknown): { blocks: Map<string, Block>; moved: Map<string, string> } {
  const s = (stack ?? {}) as Json;
  const blocks = new Map<string, Block>();
  const add = (address: string, type: string, body: unknown) => blocks.set(address, { address, type, body });
  for (const [type, byName] of entries(s.resource)) for (const [name, body] of entries(byName)) add(`${type}.${name}`, type, body);
  for (const [type, byName] of entries(s.data)) for (const [name, body] of entries(byName)) add(`data.${type}.${name}`, type, body);
  for (const [name, body] of entries(s.output)) add(`output.${name}`, 'output', body);
  for (const [name, body] of entries(s.variable)) add(`variable.${name}`, 'variable', body);
  for (const [name, body] of entries(s.locals)) add(`local.${name}`, 'locals', body);
  for (const [type, configs] of entries(s.provider)) {
    for (const config of Array.isArray(configs) ? configs : [configs]) {
      const alias = (config as Json | undefined)?.alias;
      add(`provider.${type}${typeof alias === 'string' ? `.${alias}` : ''}`, 'provider', config);
    }
  }
  if (s.terraform !== undefined) add('terraform', 'terraform', s.terraform);
  const moved = new Map<string, string>();
  for (const m of Array.isArray(s.moved) ? s.moved : []) {
    const { from, to } = m as { from?: unknown; to?: unknown };
    if (typeof from === 'string' && typeof to === 'string') moved.set(to, from);
  }
  return { blocks, moved };
}

/** A body with its references to moved resources (`${addr.attr}`, `depends_on` entries) written as the old addresses: a move alone changes nothing. */
export function throughMoves(body: unknown, moved: ReadonlyMap<string, string>): unknown {
  const rewrite = (text: string) =>
    text.replace(/\$\{([^}]*)\}/g, (whole, inner: string) =>
      `\${${inner.replace(/(data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*/g, (token) => moved.get(token) ?? token)}}`,
    );
  const walk = (v: unknown): unknown =>
    typeof v === 'string' ? (moved.get(v) ?? rewrite(v)) : Array.isArray(v) ? v.map(walk) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)])) : v;
  return walk(body);
}

/** The blocks of a stack under the addresses they had before its `moved` blocks, references included. */
export function blocksBeforeMoves(stack: unknown): Map<string, Block> {
  const { blocks, moved } = stackBlocks(stack);
  if (moved.size === 0) return blocks;
  return new Map([...blocks.values()].map((b) => {
    const address = moved.get(b.address) ?? b.address;
    return [address, { address, type: b.type, body: throughMoves(b.body, moved) }] as const;
  }));
}

/** Addresses a block refers to through `${type.name...}` interpolations. */
function references(body: unknown, addresses: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  const text = JSON.stringify(body) ?? '';
  for (const m of text.matchAll(/\$\{([^}]*)\}/g)) {
    for (const token of m[1].matchAll(/(data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*/g)) {
      if (addresses.has(token[0])) out.add(token[0]);
    }
  }
  return out;
}

/** Paths of `changes` below a block attribute that references `address`. */
function referencingForceNew(type: string, body: unknown, address: string): string[] {
  const out: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (typeof v === 'string') {
      if (v.includes(`\${${address}.`) && forcesNew(type, path)) out.push(path);
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
  };
  walk(body, '');
  return out;
}

/**
 * The changes from `before` to `after` (either may be undefined: a stack added or removed). A `moved`
 * block in `after` pairs the old address with the new one; a changed attribute from FORCES_NEW, or one
 * that references a resource being replaced, makes the change a replacement.
 */
export function diffStack(before: unknown, after: unknown): ResourceChange[] {
  const a = stackBlocks(before);
  const b = stackBlocks(after);
  const out = new Map<string, ResourceChange>();
  const movedAway = new Set<string>();
  for (const [address, block] of b.blocks) {
    const from = b.moved.get(address);
    const old = a.blocks.get(address) ?? (from !== undefined ? a.blocks.get(from) : undefined);
    if (from !== undefined && !a.blocks.has(address) && a.blocks.has(from)) movedAway.add(from);
    if (!old) {
      out.set(address, { address, type: block.type, action: 'create', changes: [] });
      continue;
    }
    const changes = diffValues(old.body, b.moved.size ? throughMoves(block.body, b.moved) : block.body);
    const moved = old.address !== address;
    if (changes.length === 0 && !moved) continue;
    const forcedBy = changes.filter((c) => forcesNew(block.type, c.path)).map((c) => c.path);
    const action = forcedBy.length > 0 ? 'replace' : moved ? 'move' : 'update';
    out.set(address, { address, type: block.type, action, ...(moved ? { movedFrom: old.address } : {}), changes, ...(forcedBy.length ? { forcedBy } : {}) });
  }
  for (const [address, block] of a.blocks) {
    if (!b.blocks.has(address) && !movedAway.has(address)) out.set(address, { address, type: block.type, action: 'destroy', changes: [] });
  }
  // A replaced (or destroyed and recreated) resource gets a new id: attributes that force a new resource and
  // reference it replace the referrer too. Repeat until nothing new is replaced.
  const all = new Set(b.blocks.keys());
  let grew = true;
  while (grew) {
    grew = false;
    const replaced = [...out.values()].filter((c) => c.action === 'replace').map((c) => c.address);
    for (const [address, block] of b.blocks) {
      const current = out.get(address);
      if (current?.action === 'replace' || current?.action === 'create') continue;
      const refs = [...references(block.body, all)].filter((r) => replaced.includes(r));
      const paths = refs.flatMap((r) => referencingForceNew(block.type, block.body, r).map((p) => `${p} (references ${r}, replaced)`));
      if (paths.length === 0) continue;
      out.set(address, {
        address,
        type: block.type,
        action: 'replace',
        ...(current?.movedFrom ? { movedFrom: current.movedFrom } : {}),
        changes: current?.changes ?? [],
        forcedBy: [...(current?.forcedBy ?? []), ...paths],
      });
      grew = true;
    }
  }
  return [...out.values()].sort((x, y) => (x.address < y.address ? -1 : x.address > y.address ? 1 : 0));
}

export function countChanges(changes: readonly { readonly action: string }[]): ChangeCounts {
  const n = (...actions: string[]) => changes.filter((c) => actions.includes(c.action)).length;
  return { add: n('create'), change: n('update'), replace: n('replace'), destroy: n('destroy', 'delete'), move: n('move') };
}
