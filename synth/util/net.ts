/** IPv4 CIDR arithmetic: parsing, overlap, and carving subnets. Pure functions. */
import { PlanInvariantError } from './errors';

export interface Cidr {
  readonly base: number; // unsigned 32-bit network address
  readonly prefix: number;
}

export function parseCidr(text: string): Cidr | string {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!m) return 'not of the form a.b.c.d/n';
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return 'an octet is above 255';
  const prefix = Number(m[5]);
  if (prefix > 32) return 'the prefix length is above 32';
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  if (base % size !== 0) return `host bits are set (the network address is ${formatCidr({ base: base - (base % size), prefix })})`;
  return { base, prefix };
}

export function formatIp(address: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(address / 2 ** s) % 256).join('.');
}

export function formatCidr(c: Cidr): string {
  return `${formatIp(c.base)}/${c.prefix}`;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  const aEnd = a.base + 2 ** (32 - a.prefix);
  const bEnd = b.base + 2 ** (32 - b.prefix);
  return a.base < bEnd && b.base < aEnd;
}

/** The index-th subnet of `newPrefix` inside `parent`. */
export function subnet(parent: Cidr, newPrefix: number, index: number): Cidr {
  const count = 2 ** (newPrefix - parent.prefix);
  if (newPrefix < parent.prefix || index >= count) throw new PlanInvariantError('regions', `cannot carve subnet ${index} of /${newPrefix} from ${formatCidr(parent)}`);
  return { base: parent.base + index * 2 ** (32 - newPrefix), prefix: newPrefix };
}
