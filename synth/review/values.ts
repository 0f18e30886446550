/** Deep comparison of two JSON values into attribute paths, with secrets masked. */
import type { AttributeChange } from './model';

export const MASK = '(sensitive)';

/**
 * Attribute names whose values are secrets (passwords, tokens, private keys, Secret data). ARNs, ids and
 * names of secrets are not secret (`master_user_secret_kms_key_id`, `secret_arn`).
 */
const SENSITIVE = /(password|passwd|secret|token|private_key|credential|access_key|client_key|connection_string)/i;
const NOT_SENSITIVE = /(_arn|_id|_ids|_name|_names|_ref|_version)$|^manage_|^(enable|require)_/i;

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE.test(key) && !NOT_SENSITIVE.test(key);
}

function child(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** JSON documents embedded as strings (IAM policies): compared as documents. */
function asDocument(v: unknown): unknown {
  if (typeof v !== 'string' || !/^\s*[{[]/.test(v)) return undefined;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Every leaf path where `a` and `b` differ. Lists of scalars that differ are reported whole (one line per
 * list); lists of objects index by index. `sensitive` masks the values below a key (Kubernetes Secret data).
 */
export function diffValues(a: unknown, b: unknown, path = '', sensitive = false): AttributeChange[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const mask = sensitive || isSensitiveKey(path.replace(/\[\d+\]/g, '').split('.').pop() ?? '');
  const leaf = (): AttributeChange[] => [{ path, ...(a !== undefined ? { before: mask ? MASK : a } : {}), ...(b !== undefined ? { after: mask ? MASK : b } : {}) }];
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => diffValues(a[k], b[k], child(path, k), mask));
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const objects = [...a, ...b].some((x) => isObject(x) || Array.isArray(x));
    if (!objects) return leaf();
    const n = Math.max(a.length, b.length);
    const out: AttributeChange[] = [];
    for (let i = 0; i < n; i++) out.push(...diffValues(a[i], b[i], child(path, i), mask));
    return out;
  }
  const da = asDocument(a);
  const db = asDocument(b);
  if (da !== undefined && db !== undefined) return diffValues(da, db, path, mask);
  return leaf();
}

/** A value for one line of a report: JSON, cut to `max` characters. */
export function formatValue(v: unknown, max = 100): string {
  if (v === undefined) return '(none)';
  const s = typeof v === 'string' && v === MASK ? v : JSON.stringify(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
