/**
 * Operator access to every cluster (spec `access.admins`): the operators' principal per cloud mapped to that
 * cloud's access objects, and how they reach the private API endpoints.
 *
 * - EKS: an access entry for the IAM role with `AmazonEKSClusterAdminPolicy`, cluster scope. The endpoint is
 *   private: from inside the VPC (or a network routed to it), e.g. an AWS CloudShell VPC environment.
 * - GKE: `roles/container.admin` (the Kubernetes API of the project's clusters) and `roles/gkehub.gatewayAdmin`
 *   (Connect gateway, which reaches the private endpoint through the fleet membership) for the Google group, once
 *   per project: the first GCP region (by id) of the project owns the bindings (two stacks holding the same
 *   non-authoritative member would remove it for both on destroy).
 * - AKS: Microsoft Entra integration with Azure RBAC and the group as admin group; local accounts off always (no
 *   static kubeconfig credential exists). `az aks command invoke` reaches the private endpoint through the Azure API.
 */
import type { OperatorAccessPlan, RegionPlan } from '../model/index';
import type { PlanContext } from './context';

export const EKS_ADMIN_POLICY = 'AmazonEKSClusterAdminPolicy';
export const GKE_ADMIN_ROLES: readonly string[] = ['roles/container.admin', 'roles/gkehub.gatewayAdmin'];

export function planOperatorAccess(ctx: PlanContext, regions: readonly RegionPlan[]): OperatorAccessPlan[] {
  const { spec } = ctx;
  const admins = spec.admins;
  const projectOf = (id: string) => spec.regions.find((x) => x.id === id)?.project ?? '';
  const gcp = regions.filter((r) => r.cloud === 'gcp').map((r) => r.id).sort();
  return regions.map((r): OperatorAccessPlan => {
    const cluster = r.cluster.name;
    switch (r.cloud) {
      case 'aws':
        return {
          region: r.id, cloud: r.cloud, cluster,
          ...(admins.aws ? { principal: admins.aws, grants: [EKS_ADMIN_POLICY] } : { grants: [] }),
          reach: { how: 'from inside the VPC (a network routed to it, or an AWS CloudShell VPC environment in its private subnets with the cluster security group)', command: `aws eks update-kubeconfig --region ${r.location} --name ${cluster}${admins.aws ? ` --role-arn ${admins.aws}` : ''}` },
        };
      case 'gcp': {
        const project = projectOf(r.id);
        const owner = gcp.find((g) => projectOf(g) === project) === r.id;
        return {
          region: r.id, cloud: r.cloud, cluster,
          ...(admins.gcp ? { principal: `group:${admins.gcp}`, grants: [...GKE_ADMIN_ROLES] } : { grants: [] }),
          ownsProjectBindings: owner,
          reach: { how: 'through Connect gateway (no network path needed)', command: `gcloud container fleet memberships get-credentials ${cluster}${project ? ` --project ${project}` : ''}` },
        };
      }
      case 'azure':
        return {
          region: r.id, cloud: r.cloud, cluster,
          ...(admins.azure ? { principal: admins.azure, grants: ['admin group'] } : { grants: [] }),
          localAccounts: false,
          reach: { how: 'through the Azure API (no network path needed)', command: `az aks command invoke --resource-group ${cluster}-cluster --name ${cluster} --command "kubectl get nodes"` },
        };
    }
  });
}
