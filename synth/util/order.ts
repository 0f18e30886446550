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
