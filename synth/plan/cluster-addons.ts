/** EKS managed add-ons of every EKS cluster: pinned builds for the cluster's Kubernetes version, VPC CNI with network policy enforcement. */
import { EKS_ADDON_VERSIONS, EKS_ADDONS, VPC_CNI_NETWORK_POLICY } from '../catalog/eks-addons';
import type { EksAddonPlan, RegionPlan } from '../model/index';
import { planInvariant } from './invariant';

export function planEksAddons(regions: readonly RegionPlan[]): EksAddonPlan[] {
  return regions
    .filter((r) => r.cloud === 'aws')
    .flatMap((r) => {
      const versions = EKS_ADDON_VERSIONS[r.cluster.kubernetesVersion];
      planInvariant(versions, `regions.${r.id}`, `no EKS add-on builds in the catalog for Kubernetes ${r.cluster.kubernetesVersion}`);
      // A restore site's node pools wait at 0: an add-on whose pods need nodes (CoreDNS) would never become ACTIVE
      // and fail the apply, so the site keeps the copy EKS installs at creation until the restore brings nodes.
      return EKS_ADDONS.filter((a) => r.role !== 'restore' || !a.needsNodes).map((a) => ({
        region: r.id,
        cluster: r.cluster.name,
        name: a.name,
        version: versions[a.name],
        ...(a.name === 'vpc-cni' ? { configuration: { ...VPC_CNI_NETWORK_POLICY } } : {}),
        afterNodes: a.needsNodes,
        why: a.why,
      }));
    });
}
