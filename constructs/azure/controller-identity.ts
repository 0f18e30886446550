/**
 * Identities of the AKS add-on controllers that call Azure APIs (External Secrets): per planned identity a
 * user-assigned managed identity, a federated credential trusting the cluster's OIDC issuer for the
 * controller's ServiceAccount, and the plan's roles on the region's platform secrets vault only (the vault is
 * created with the alert receivers' secret containers, constructs/azure/alerting-secrets.ts).
 */
import { Construct } from 'constructs';
import { FederatedIdentityCredential } from '@cdktf/provider-azurerm/lib/federated-identity-credential';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import type { ControllerIdentityPlan } from '../../synth/model/index';
import { TOKEN_EXCHANGE_AUDIENCE } from './workload-identity';

export interface AksControllerIdentitiesProps {
  readonly identities: readonly ControllerIdentityPlan[];
  /** Resource id and tenant of the region's platform secrets vault. */
  readonly vaultId: string;
  readonly tenantId: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly oidcIssuerUrl: string;
  /**
   * Tags of every resource.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

export class AksControllerIdentities extends Construct {
  readonly tenantId: string;
  readonly identities: ReadonlyMap<string, UserAssignedIdentity>;

  constructor(scope: Construct, id: string, p: AksControllerIdentitiesProps) {
    super(scope, id);
    this.tenantId = p.tenantId;
    const tags = { ...(p.tags ?? {}) };
    const out = new Map<string, UserAssignedIdentity>();
    for (const identity of p.identities) {
      const uai = new UserAssignedIdentity(this, `identity-${identity.addon}`, { name: identity.name, resourceGroupName: p.resourceGroupName, location: p.location, tags });
      out.set(identity.addon, uai);
      new FederatedIdentityCredential(this, `federation-${identity.addon}`, {
        name: identity.addon,
        resourceGroupName: p.resourceGroupName,
        parentId: uai.id,
        issuer: p.oidcIssuerUrl,
        subject: `system:serviceaccount:${identity.namespace}:${identity.serviceAccount}`,
        audience: [TOKEN_EXCHANGE_AUDIENCE],
      });
      for (const role of identity.azureVaultRoles ?? []) {
        new RoleAssignment(this, `${role.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${identity.addon}`, {
          scope: p.vaultId,
          roleDefinitionName: role,
          principalId: uai.principalId,
          principalType: 'ServicePrincipal',
        });
      }
    }
    this.identities = out;
  }
}
