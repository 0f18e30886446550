/**
 * Renames (`renamedFrom` on a region, service, database or cache). A deployed id is an identity: cloud
 * names (an Aurora cluster identifier, a Cloud SQL instance name, an EKS cluster name), state keys, DNS names
 * and Kubernetes names all derive from it, and changing most of them replaces the resource. So the platform is
 * planned under the deployed (old) ids, and only the Terraform addresses follow the new id: the Terraform
 * constructs rewrite the renamed addresses and emit `moved` blocks (constructs/terraform/stacks/base.ts), so
 * `terraform apply` moves state and changes nothing in the clouds.
 */
import type { NormalizedSpec, RenamePlan } from '../model/index';

const byId = <T extends { readonly id: string }>(rows: readonly T[]): T[] => [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** The renames a spec declares, sorted by kind and new id. */
export function declaredRenames(spec: NormalizedSpec): RenamePlan[] {
  const out: RenamePlan[] = [];
  const add = (kind: RenamePlan['kind'], rows: readonly { readonly id: string; readonly renamedFrom?: string }[]) => {
    for (const r of rows) if (r.renamedFrom !== undefined && r.renamedFrom !== r.id) out.push({ kind, from: r.renamedFrom, to: r.id });
  };
  add('cache', spec.caches);
  add('database', spec.databases);
  add('region', spec.regions);
  add('service', spec.services);
  return out;
}

/** The spec under its deployed ids: every renamed id and every reference to it back to `renamedFrom`. */
export function deployedSpec(spec: NormalizedSpec): { readonly spec: NormalizedSpec; readonly renames: readonly RenamePlan[] } {
  const renames = declaredRenames(spec);
  if (renames.length === 0) return { spec, renames };
  const of = (kind: RenamePlan['kind']) => new Map(renames.filter((r) => r.kind === kind).map((r) => [r.to, r.from]));
  const region = of('region');
  const used = new Map([...of('service'), ...of('database'), ...of('cache')]);
  const service = of('service');
  const back = (m: ReadonlyMap<string, string>) => (id: string) => m.get(id) ?? id;
  const r = back(region);
  const u = back(used);
  return {
    renames,
    spec: {
      ...spec,
      regions: byId(spec.regions.map((x) => ({ ...x, id: r(x.id), ...(x.failoverFor ? { failoverFor: r(x.failoverFor) } : {}) }))),
      services: byId(spec.services.map((x) => ({ ...x, id: u(x.id), uses: x.uses.map(u).sort(), regions: x.regions.map(r).sort() }))),
      databases: byId(spec.databases.map((x) => ({ ...x, id: u(x.id), regions: x.regions.map(r).sort() }))),
      caches: byId(spec.caches.map((x) => ({ ...x, id: u(x.id) }))),
      edge: { ...spec.edge, cdn: { ...spec.edge.cdn, cacheApis: spec.edge.cdn.cacheApis.map(back(service)).sort() } },
    },
  };
}
