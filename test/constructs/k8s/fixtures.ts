/** The reference plan and its Kubernetes output, computed once per test file. */
import { readFileSync } from 'fs';
import { join } from 'path';
import { synthKubernetes } from '../../../constructs/k8s';
import { compile } from '../../../synth/compile';
import type { Plan, RegionPlan, WorkloadPlan } from '../../../synth/model';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  [key: string]: any;
}

const SPEC = join(__dirname, '../../../platform.spec.yaml');

let cached: { plan: Plan; files: Map<string, unknown[]> } | undefined;

export function reference(): { plan: Plan; files: Map<string, unknown[]> } {
  if (!cached) {
    const r = compile('platform.spec.yaml', readFileSync(SPEC, 'utf8'), 'plan');
    if (!r.ok || !r.plan) throw new Error(`reference spec does not plan: ${JSON.stringify(r.diagnostics)}`);
    cached = { plan: r.plan, files: synthKubernetes(r.plan) };
  }
  return cached;
}

/** All objects of a cluster directory (kubernetes/<region>/...). */
export function regionObjects(files: Map<string, unknown[]>, region: string): K8sObject[] {
  return [...files].filter(([path]) => path.startsWith(`kubernetes/${region}/`)).flatMap(([, objs]) => objs as K8sObject[]);
}

export function find(objs: K8sObject[], kind: string, name: string, namespace?: string): K8sObject | undefined {
  return objs.find((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));
}

export function get(objs: K8sObject[], kind: string, name: string, namespace?: string): K8sObject {
  const o = find(objs, kind, name, namespace);
  if (!o) throw new Error(`no ${kind} ${namespace ?? '-'}/${name}`);
  return o;
}

/** [region id, service id, region, workload] for every workload of the plan (test.each rows). */
export function workloadRows(plan: Plan): [string, string, RegionPlan, WorkloadPlan][] {
  return plan.regions.flatMap((r) => r.workloads.map((w) => [r.id, w.service, r, w] as [string, string, RegionPlan, WorkloadPlan]));
}

export const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));
