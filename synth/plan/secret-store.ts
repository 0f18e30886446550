/**
 * The secret store every cluster's External Secrets Operator reads the cloud's secret store through (installed
 * with the platform add-ons), and the identity it reads with: what a secret delivered by reference names.
 */
import { boundedName, GCP_ACCOUNT_ID_MAX } from './identity';

/** ClusterSecretStore of every cluster (Secrets Manager / Secret Manager / Key Vault of its region). */
export const SECRET_STORE = { apiVersion: 'external-secrets.io/v1', kind: 'ClusterSecretStore', name: 'platform-secrets' } as const;

/** GKE: Google service account id of External Secrets in a region (gets `secretAccessor` on exactly the secrets delivered there). */
export function externalSecretsAccount(region: string): string {
  return boundedName(`external-secrets-${region}`, GCP_ACCOUNT_ID_MAX);
}
