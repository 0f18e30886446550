/**
 * Shared fixture of the Terraform construct tests: the reference plan (platform.spec.yaml) and its
 * synthesized stacks, compiled once per test run (test/helpers/reference.ts), plus small accessors into Terraform JSON.
 */
import type { Plan, RegionPlan } from '../../../synth/model/index';
import { referencePlan, referenceStacks, ROOT } from '../../helpers/reference';

export { referencePlan, referenceStacks, ROOT };

export function stackOf(name: string): any {
  const stack = referenceStacks().get(name);
  if (!stack) throw new Error(`no stack ${name}`);
  return stack;
}

export function regionStack(region: RegionPlan): any {
  return stackOf(`region-${region.id}`);
}

export function awsRegions(plan: Plan = referencePlan()): RegionPlan[] {
  return plan.regions.filter((r) => r.cloud === 'aws');
}

export function regionsOf(cloud: RegionPlan['cloud'], plan: Plan = referencePlan()): RegionPlan[] {
  return plan.regions.filter((r) => r.cloud === cloud);
}

/** Instances (configs) of a resource type, in name order. */
export function resources(stack: any, type: string): any[] {
  const byName = stack.resource?.[type] ?? {};
  return Object.keys(byName)
    .sort()
    .map((k) => byName[k]);
}

/** Logical names of a resource type. */
export function resourceNames(stack: any, type: string): string[] {
  return Object.keys(stack.resource?.[type] ?? {}).sort();
}

/** `${<type>.<name>.<attr>}` of the resource whose config matches. */
export function refTo(stack: any, type: string, match: (config: any) => boolean, attr: string): string {
  const byName = stack.resource?.[type] ?? {};
  const names = Object.keys(byName).filter((k) => match(byName[k]));
  if (names.length !== 1) throw new Error(`${names.length} ${type} match`);
  return '${' + `${type}.${names[0]}.${attr}` + '}';
}

/** Number of resources of a stack, by type and in total. */
export function resourceCounts(stack: any): { total: number; byType: Record<string, number> } {
  const byType: Record<string, number> = {};
  let total = 0;
  for (const [type, instances] of Object.entries(stack.resource ?? {})) {
    byType[type] = Object.keys(instances as object).length;
    total += byType[type];
  }
  return { total, byType };
}

export function deepClone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v));
}

/** Every path whose key names a password and holds a value (string or number); boolean flags such as `manage_master_user_password` are not secrets. */
export function passwordValues(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => passwordValues(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [
    // A reference to a password generated in state (random_password) is not a value.
    ...(/password/i.test(k) && (typeof v === 'string' || typeof v === 'number') && !/^\$\{random_password\.[\w-]+\.result\}$/.test(String(v)) ? [`${path}.${k}`] : []),
    ...passwordValues(v, `${path}.${k}`),
  ]);
}

/**
 * The stack without its sensitive variables and the keys that only reference them (`${var.<sensitive>}`): a
 * reference to a variable the operator supplies (TF_VAR_...) is not a secret value in the output.
 */
export function withoutSensitiveVariables(stack: any): any {
  const sensitive = new Set(Object.entries(stack.variable ?? {}).filter(([, v]: [string, any]) => v.sensitive).map(([k]) => k));
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const m = typeof v === 'string' ? /^\$\{var\.([A-Za-z0-9_-]+)\}$/.exec(v) : null;
      if (m && sensitive.has(m[1])) continue;
      out[k] = strip(v);
    }
    return out;
  };
  const { variable, ...rest } = stack;
  const kept = Object.fromEntries(Object.entries(variable ?? {}).filter(([k]) => !sensitive.has(k)));
  return strip({ ...rest, ...(Object.keys(kept).length ? { variable: kept } : {}) });
}
