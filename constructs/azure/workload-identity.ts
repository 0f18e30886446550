/**
 * Workload identities of an AKS cluster (Microsoft Entra Workload ID): per planned identity a user-assigned
 * managed identity, a federated credential trusting the cluster's OIDC issuer for the workload's Kubernetes
 * ServiceAccount (`system:serviceaccount:<namespace>:<ksa>`), and for Azure Cache for Redis an access policy
 * assignment (`Data Contributor`) on exactly the planned caches.
 */
import { Construct } from 'constructs';
import { FederatedIdentityCredential } from '@cdktf/provider-azurerm/lib/federated-identity-credential';
import { RedisCacheAccessPolicyAssignment } from '@cdktf/provider-azurerm/lib/redis-cache-access-policy-assignment';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import type { WorkloadIdentityPlan } from '../../synth/model/index';
import { PlanInvariantError } from '../../synth/util/errors';

export const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';
export const REDIS_ACCESS_POLICY = 'Data Contributor';

export interface AksWorkloadIdentitiesProps {
  readonly identities: readonly WorkloadIdentityPlan[];
  readonly resourceGroupName: string;
  readonly location: string;
  readonly oidcIssuerUrl: string;
  /** Azure Cache for Redis resource id by planned cache name. */
  readonly redisCaches: ReadonlyMap<string, string>;
  /**
   * Tags of every resource.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

export class AksWorkloadIdentities extends Construct {
  readonly identities: ReadonlyMap<string, UserAssignedIdentity>;

  constructor(scope: Construct, id: string, p: AksWorkloadIdentitiesProps) {
    super(scope, id);
    const out = new Map<string, UserAssignedIdentity>();
    for (const identity of p.identities) {
      const uai = new UserAssignedIdentity(this, `identity-${identity.service}`, {
        name: identity.name,
        resourceGroupName: p.resourceGroupName,
        location: p.location,
        tags: { ...(p.tags ?? {}) },
      });
      out.set(identity.service, uai);
      new FederatedIdentityCredential(this, `federation-${identity.service}`, {
        name: identity.service,
        resourceGroupName: p.resourceGroupName,
        parentId: uai.id,
        issuer: p.oidcIssuerUrl,
        subject: `system:serviceaccount:${identity.namespace}:${identity.serviceAccount}`,
        audience: [TOKEN_EXCHANGE_AUDIENCE],
      });
      for (const g of identity.grants.filter((x) => x.access === 'azure-redis-entra')) {
        const cacheId = p.redisCaches.get(g.instance);
        if (!cacheId) throw new PlanInvariantError('services', `${identity.cluster}: no Azure Cache for Redis ${g.instance} for a planned grant`);
        new RedisCacheAccessPolicyAssignment(this, `redis-${identity.service}-${g.instance}`, {
          name: identity.service,
          redisCacheId: cacheId,
          accessPolicyName: REDIS_ACCESS_POLICY,
          objectId: uai.principalId,
          objectIdAlias: identity.name,
        });
      }
    }
    this.identities = out;
  }
}
