/** Cloud prerequisites the region stacks own: the GCP APIs each GCP region's resources call, the GKE node service account's role. */
import { GCP_BASE_APIS, GCP_CACHE_APIS, GCP_CONFIG_SYNC_APIS, GCP_DATABASE_APIS, GCP_ENTRY_POINT_APIS, GCP_OPERATOR_APIS, GCP_QUOTA_APIS, GCP_SECRET_APIS, GKE_NODE_ROLE } from '../catalog/gcp-apis';
import type { GcpProjectPlan, GitOpsAgentPlan, RegionPlan } from '../model/index';

export function planGcpProjects(regions: readonly RegionPlan[], agents: readonly GitOpsAgentPlan[], projects: ReadonlyMap<string, string> = new Map(), requestsQuotas: ReadonlySet<string> = new Set(), operatorBindings: ReadonlySet<string> = new Set()): GcpProjectPlan[] {
  return regions
    .filter((r) => r.cloud === 'gcp')
    .map((r) => ({
      region: r.id,
      ...(projects.has(r.id) ? { project: projects.get(r.id)! } : {}),
      apis: [
        ...new Set([
          ...GCP_BASE_APIS,
          ...(r.databases.length > 0 ? GCP_DATABASE_APIS : []),
          ...(r.caches.length > 0 ? GCP_CACHE_APIS : []),
          ...(agents.some((a) => a.region === r.id && a.configSync) ? GCP_CONFIG_SYNC_APIS : []),
          ...(r.workloads.some((w) => w.public) ? GCP_ENTRY_POINT_APIS : []),
          ...(requestsQuotas.has(r.id) ? GCP_QUOTA_APIS : []),
          ...(r.workloads.length > 0 ? GCP_SECRET_APIS : []),
          ...(operatorBindings.has(r.id) ? GCP_OPERATOR_APIS : []),
        ]),
      ].sort(),
      nodeRole: GKE_NODE_ROLE,
    }));
}
