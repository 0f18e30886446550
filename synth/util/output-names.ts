/**
 * Output-layout names that the validator must keep spec ids away from. The Kubernetes constructs name
 * their fixed files with a two-digit prefix (`00-namespaces.yaml` ... `04-ingress-nginx.yaml`) next to
 * `<service>.yaml`, and write Argo CD applications to `kubernetes/argocd/`, beside `kubernetes/<region>/`.
 */
import { createHash } from 'crypto';
import { NAME_RULES } from '../catalog/limits';

/** Fixed files of a cluster directory start with this; a service id must not (rule `reserved-id`). */
export const FIXED_FILE_PREFIX = /^[0-9]{2}-/;

/** Folders of the output that a region id would collide with. */
export const RESERVED_REGION_IDS: readonly string[] = ['argocd'];

/** Account id of a GKE cluster's nodes; the planner puts it in the plan (`cluster.nodeServiceAccount`). */
export function gkeNodeServiceAccount(regionId: string): string {
  return `gke-${regionId}`;
}

/**
 * Target group name of a public service in a region: `<region>-<service>` when it fits the 32 characters
 * Elastic Load Balancing allows; otherwise a prefix of it plus a digest of the whole, so that two long
 * names never collide and no name ends with '-'.
 */
export function targetGroupName(regionId: string, serviceId: string, maxLength = NAME_RULES.nlbTargetGroupName.maxLength): string {
  const full = `${regionId}-${serviceId}`;
  if (full.length <= maxLength) return full;
  const digest = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, maxLength - digest.length - 1).replace(/-+$/, '')}-${digest}`;
}
