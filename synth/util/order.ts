/**
 * Text order and number text without ICU. `localeCompare` and `toLocaleString` follow the machine's ICU data and
 * default locale (output must be byte-identical everywhere) and pay ICU's start-up at their first call in a
 * process: about 14 ms for the collator and 14-45 ms for the number format on the bench machine, more than a tenth
 * of `platform validate`.
 */

/** Orders text by UTF-16 code unit, the order `Array.prototype.sort` uses by default: stable across machines. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `n` with `decimals` places and a comma between groups of three digits, as `toLocaleString('en-US')` writes it:
 * rounded half away from zero on the shortest decimal form of the number (1.005 -> `1.01`, 1234567.891 ->
 * `1,234,567.89`); a value that rounds to zero has no sign.
 */
export function formatGrouped(n: number, decimals = 0): string {
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(Math.abs(n)));
  if (!m) return String(n); // NaN, Infinity
  const digits = m[1] + (m[2] ?? '');
  const point = m[1].length + Number(m[3] ?? 0); // digits before the decimal point
  const keep = point + decimals; // digits kept: the whole part and `decimals` places
  const padded = keep > 0 ? digits.padEnd(keep, '0').slice(0, keep) : '0';
  const roundUp = keep >= 0 && keep < digits.length && digits[keep] >= '5';
  const scaled = (BigInt(padded) + (roundUp ? 1n : 0n)).toString().padStart(decimals + 1, '0');
  const whole = scaled.slice(0, scaled.length - decimals).replace(/\B(?=(\d{3})+$)/g, ',');
  const fraction = decimals > 0 ? `.${scaled.slice(scaled.length - decimals)}` : '';
  const negative = n < 0 && /[1-9]/.test(scaled);
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/**
 * `value` with object keys sorted (arrays keep their order), undefined members dropped as JSON drops them. Plain
 * objects and arrays that are already so are returned as they are, not copied (most of what cdktf and cdk8s emit is
 * sorted: a copy of every file's tree was a tenth of the allocation of a large synth); anything else is a sorted
 * plain copy (a class instance becomes the plain object of its own keys). The result may share parts with `value`:
 * neither is to be changed afterwards.
 */
export function sortKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const proto = Object.getPrototypeOf(value);
  if (Array.isArray(value)) {
    if (proto !== Array.prototype) return value.map(sortKeys);
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) return value.map(sortKeys); // a hole: map keeps it
      const e: unknown = value[i];
      const s = sortKeys(e);
      if (out === undefined && s !== e) out = value.slice(0, i);
      if (out !== undefined) out.push(s);
    }
    return out ?? value;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (!(proto === Object.prototype || proto === null) || !inCodeUnitOrder(keys)) return sortedCopy(obj, keys.sort());
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const v = obj[keys[i]];
    const s = v === undefined ? undefined : sortKeys(v);
    if (out === undefined && (v === undefined || s !== v)) {
      out = {};
      for (let j = 0; j < i; j++) out[keys[j]] = obj[keys[j]]; // sorted and defined already
    }
    if (out !== undefined && s !== undefined) out[keys[i]] = s;
  }
  return out ?? obj;
}

/** Whether `keys` are in the order `sort()` gives them (code-unit order, dist/'s). */
export function inCodeUnitOrder(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1] > keys[i]) return false;
  return true;
}

/** A new plain object of `keys` of `obj` in that order (sorted themselves), undefined members dropped. */
function sortedCopy(obj: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = obj[k];
    if (v !== undefined) out[k] = sortKeys(v);
  }
  return out;
}
