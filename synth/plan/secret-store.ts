/**
 * The secret store every cluster's External Secrets Operator reads the cloud's secret store through (installed
 * with the platform add-ons, synth/plan/addons.ts), and what a secret delivered by reference
 * is named so that the store's controller may read it and nothing else may.
 */
import { createHash } from 'crypto';
import { boundedName, GCP_ACCOUNT_ID_MAX } from './identity';

/** ClusterSecretStore of every cluster (Secrets Manager / Secret Manager / Key Vault of its region). */
export const SECRET_STORE = { apiVersion: 'external-secrets.io/v1', kind: 'ClusterSecretStore', name: 'platform-secrets' } as const;

/** Azure: the region's Key Vault of platform secrets (names are global, 3-24 characters: a stable hash). */
export const secretVaultName = (platform: string, region: string): string =>
  `ps${createHash('sha256').update(`${platform}-${region}-platform-secrets`).digest('hex').slice(0, 22)}`;

/** GKE: Google service account id of External Secrets in a region. */
export function externalSecretsAccount(region: string): string {
  return boundedName(`${region}-external-secrets`, GCP_ACCOUNT_ID_MAX);
}

/**
 * GKE: Secret Manager secret id of a platform secret of a region: External Secrets' service account may read
 * exactly the secrets with the region's prefix `<platform>_<region>_` (an IAM condition on the name).
 */
export function gcpSecretId(platform: string, region: string, name: string): string {
  return `${platform}_${region}_${name}`;
}
