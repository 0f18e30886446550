/**
 * The region's Key Vault of platform secrets and the secret containers of the cluster's alert receivers.
 * A Key Vault secret cannot exist without a value: each is created with a fixed placeholder that Terraform
 * never updates again (`ignore_changes`), and the operator sets the real value once with
 * `az keyvault secret set` (dist/terraform/README.md). External Secrets reads them in the cluster.
 */
import { Construct } from 'constructs';
import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { KeyVaultSecret } from '@cdktf/provider-azurerm/lib/key-vault-secret';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import type { AlertReceiverPlan } from '../../synth/model/index';

/** The value a secret holds until the operator sets it: not a credential, and never read as one by a receiver that works. */
export const SECRET_PLACEHOLDER = 'unset: see dist/terraform/README.md';

export interface AzureAlertingSecretsProps {
  readonly vaultName: string;
  readonly location: string;
  readonly resourceGroupName: string;
  readonly receivers: readonly AlertReceiverPlan[];
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

export class AzureAlertingSecrets extends Construct {
  readonly vault: KeyVault;
  readonly secrets: ReadonlyMap<string, KeyVaultSecret>;

  constructor(scope: Construct, id: string, props: AzureAlertingSecretsProps) {
    super(scope, id);
    const tags = { ...(props.tags ?? {}) };
    // the principal running Terraform: Key Vault Secrets Officer of this vault only, to create the containers
    const client = new DataAzurermClientConfig(this, 'client');
    this.vault = new KeyVault(this, 'vault', {
      name: props.vaultName,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      tenantId: client.tenantId,
      skuName: 'standard',
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: 90,
      tags,
    });
    const officer = new RoleAssignment(this, 'deployer-secrets-officer', { scope: this.vault.id, roleDefinitionName: 'Key Vault Secrets Officer', principalId: client.objectId });
    const secrets = new Map<string, KeyVaultSecret>();
    for (const r of props.receivers) {
      secrets.set(
        r.name,
        new KeyVaultSecret(this, r.secret.name, {
          name: r.remoteKey,
          keyVaultId: this.vault.id,
          value: SECRET_PLACEHOLDER,
          contentType: `Alertmanager receiver ${r.name} (${r.kind}): ${r.value}`,
          tags: { ...tags, receiver: r.name },
          lifecycle: { ignoreChanges: ['value'] },
          dependsOn: [officer],
        }),
      );
    }
    this.secrets = secrets;
  }
}
