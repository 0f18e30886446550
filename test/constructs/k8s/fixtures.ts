/** The reference plan and its Kubernetes output, compiled once per test run (test/helpers/reference.ts). */
import type { Plan, RegionPlan, WorkloadPlan } from '../../../synth/model/index';
import { referenceKubernetes, referencePlan } from '../../helpers/reference';
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  [key: string]: any;
}

export function reference(): { plan: Plan; files: Map<string, unknown[]> } {
  return { plan: referencePlan(), files: referenceKubernetes() };
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
