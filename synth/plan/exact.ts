/**
 * Exact comparisons at the boundary: availabilities and SLOs are percentages with at most six decimals, so
 * they are whole numbers of 10^-10; 1 - (1 - a)^N >= slo is decided on those integers when the floating-point
 * answer is too close to call. Also the wording of a percentage that must not look equal to the one it missed.
 */
const SCALE = 10n ** 10n;

function scaled(x: number): bigint {
  return BigInt(Math.round(x * 1e10));
}

/** 1 - (1 - a)^n >= slo, exactly for percentages of up to eight decimals of a fraction. */
export function meetsAvailability(a: number, n: number, slo: number): boolean {
  if (n <= 0) return slo <= 0;
  const logAchieved = n * -Math.log10(1 - a);
  const logTarget = -Math.log10(1 - slo);
  if (Math.abs(logAchieved - logTarget) > 1e-9 * Math.max(1, logTarget)) return logAchieved > logTarget;
  // (1 - a)^n <= 1 - slo  <=>  U^n * SCALE <= (SCALE - S) * SCALE^n
  const u = SCALE - scaled(a);
  const bigN = BigInt(n);
  return u ** bigN * SCALE <= (SCALE - scaled(slo)) * SCALE ** bigN;
}

/** `x` as a percentage with as many decimals as it takes not to read like `than` (99.9899999% vs 99.99%). */
export function percentApart(x: number, than: number): string {
  for (let digits = 2; digits <= 12; digits++) {
    const a = (x * 100).toFixed(digits);
    if (a !== (than * 100).toFixed(digits)) return `${a}%`;
  }
  return `${(x * 100).toPrecision(15)}%`;
}

/** A fraction as the percentage the spec wrote: 0.9999 -> `99.99%`. */
export function percentText(x: number): string {
  return `${Number((x * 100).toFixed(8))}%`;
}
