/** Unit parsing: the spec's unit strings to numbers. Pure functions; the schema has already checked the shapes. */

const DURATION_SECONDS: Readonly<Record<string, number>> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 7 * 86400,
  mo: 30 * 86400,
  y: 365 * 86400,
};

/** `30s` -> 30, `5m` -> 300, `7y` -> 220752000 (365-day years), `0` -> 0. */
export function parseDuration(value: string | number): number {
  if (value === 0 || value === '0') return 0;
  const m = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d|w|mo|y)$/.exec(String(value));
  if (!m) throw new Error(`not a duration: ${String(value)}`);
  return round(Number(m[1]) * DURATION_SECONDS[m[2]]);
}

/** Days in a duration: `7y` -> 2555, `30d` -> 30. */
export function durationDays(value: string | number): number {
  return round(parseDuration(value) / 86400);
}

/** Months in a duration: `12mo` -> 12, `1y` -> 12. */
export function durationMonths(value: string | number): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)(mo|y)$/.exec(String(value));
  if (m) return Number(m[1]) * (m[2] === 'y' ? 12 : 1);
  return round(parseDuration(value) / DURATION_SECONDS.mo);
}

const BYTE_UNITS: Readonly<Record<string, number>> = { KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, PB: 1e15 };

/** Decimal byte sizes: `100GB` -> 1e11. */
export function parseBytes(value: string): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)(KB|MB|GB|TB|PB)$/.exec(value);
  if (!m) throw new Error(`not a size: ${value}`);
  return round(Number(m[1]) * BYTE_UNITS[m[2]]);
}

/** `70%` -> 0.7, `99.95%` -> 0.9995. */
export function parsePercent(value: string): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)%$/.exec(value);
  if (!m) throw new Error(`not a percentage: ${value}`);
  return round(Number(m[1]) / 100);
}

/** `2x` -> 2. */
export function parseMultiple(value: string): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)x$/.exec(value);
  if (!m) throw new Error(`not a multiple: ${value}`);
  return Number(m[1]);
}

/** Kubernetes CPU quantity to millicores: `2` -> 2000, `500m` -> 500, `1.5` -> 1500. */
export function parseCpuMillis(value: string): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)(m?)$/.exec(value);
  if (!m) throw new Error(`not a CPU quantity: ${value}`);
  return Math.round(m[2] === 'm' ? Number(m[1]) : Number(m[1]) * 1000);
}

const MEMORY_MIB: Readonly<Record<string, number>> = { Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1024 * 1024 };

/** Kubernetes memory quantity to MiB: `8Gi` -> 8192. */
export function parseMemoryMiB(value: string): number {
  const m = /^([0-9]+)(Ki|Mi|Gi|Ti)$/.exec(value);
  if (!m) throw new Error(`not a memory quantity: ${value}`);
  return Number(m[1]) * MEMORY_MIB[m[2]];
}

/** Removes float noise (0.7000000000000001 -> 0.7) so reports and plan.json stay stable. */
export function round(n: number, digits = 9): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Human-readable duration for reports: 300 -> `5m`, 90 -> `1m 30s`, 0 -> `0s`. */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  if (seconds < 1) return `${round(seconds * 1000, 3)}ms`;
  const parts: string[] = [];
  let rest = Math.round(seconds);
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join(' ');
}

/** 766.5e12 -> `766.5 TB`. */
export function formatBytes(bytes: number): string {
  const units: [string, number][] = [['PB', 1e15], ['TB', 1e12], ['GB', 1e9], ['MB', 1e6], ['KB', 1e3]];
  for (const [u, size] of units) if (bytes >= size) return `${round(bytes / size, 2)} ${u}`;
  return `${bytes} B`;
}
