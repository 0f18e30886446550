/**
 * Google Cloud APIs the generated GCP resources call, by what the region holds; a fresh project has most of
 * them disabled, and Terraform fails on the first resource of a disabled API.
 *
 * Sources: each resource's "API" section in the Google provider docs and the product pages: Compute Engine
 * (`compute`: networks, NAT, firewall, addresses), GKE (`container`), Cloud KMS (`cloudkms`), IAM (`iam`:
 * service accounts), Cloud DNS (`dns`), Service Networking (`servicenetworking`: Private Service Access),
 * Cloud SQL Admin (`sqladmin`), Memorystore for Redis (`redis`), GKE Hub / fleet (`gkehub`) and Config
 * Management (`anthosconfigmanagement`) for Config Sync, Cloud Resource Manager (`cloudresourcemanager`:
 * project IAM bindings), Secret Manager (`secretmanager`: External Secrets).
 */
export const GCP_BASE_APIS: readonly string[] = [
  'cloudkms.googleapis.com',
  'cloudresourcemanager.googleapis.com',
  'compute.googleapis.com',
  'container.googleapis.com',
  'dns.googleapis.com',
  'iam.googleapis.com',
];
/** Cloud SQL, and Secret Manager for the role step's administrator password (External Secrets reads it). */
export const GCP_DATABASE_APIS: readonly string[] = ['secretmanager.googleapis.com', 'servicenetworking.googleapis.com', 'sqladmin.googleapis.com'];
/** Memorystore, and Secret Manager for its AUTH string (External Secrets reads it). */
export const GCP_CACHE_APIS: readonly string[] = ['redis.googleapis.com', 'secretmanager.googleapis.com', 'servicenetworking.googleapis.com'];
/** Operators reach the private GKE endpoints through Connect gateway (fleet membership). */
export const GCP_OPERATOR_APIS: readonly string[] = ['connectgateway.googleapis.com', 'gkehub.googleapis.com'];
export const GCP_CONFIG_SYNC_APIS: readonly string[] = ['anthosconfigmanagement.googleapis.com', 'gkehub.googleapis.com'];
/** External Secrets reads the platform secrets from Secret Manager (every cluster with workloads has it). */
export const GCP_SECRETS_APIS: readonly string[] = ['secretmanager.googleapis.com'];
/** The public entry point's managed certificates (Certificate Manager: certificates, DNS authorizations, maps). */
export const GCP_ENTRY_POINT_APIS: readonly string[] = ['certificatemanager.googleapis.com'];
/** Quota preferences (`google_cloud_quotas_quota_preference`): the Cloud Quotas API. */
export const GCP_QUOTA_APIS: readonly string[] = ['cloudquotas.googleapis.com'];

/** Secret Manager: the secret containers of the alert receivers' credentials (External Secrets reads them). */
export const GCP_SECRET_APIS: readonly string[] = ['secretmanager.googleapis.com'];

/**
 * The one role a GKE node service account needs (logs, metrics, metadata), instead of the default Compute
 * Engine account's Editor: GKE docs, "Harden your cluster: use least privilege IAM service accounts".
 */
export const GKE_NODE_ROLE = 'roles/container.defaultNodeServiceAccount';
