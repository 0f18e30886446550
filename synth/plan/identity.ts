/**
 * Workload identities: every workload that uses a database or a cache gets its own cloud identity, bound
 * to its Kubernetes ServiceAccount, and a grant on exactly the store instances its `uses` reach in that
 * region (EKS Pod Identity + IAM role; GKE Workload Identity + Google service account; AKS workload
 * identity + user-assigned identity). Nothing else is granted.
 */
import { createHash } from 'crypto';
import { IDENTITY_ENDPOINTS } from '../catalog/identity-endpoints';
import { STORE_CONNECTION } from '../catalog/store-tls';
import type { Cloud, RegionPlan, StoreAccess, StoreGrantPlan, WorkloadIdentityPlan } from '../model/index';
import { planInvariant } from './invariant';
import { externalSecretsAccount, gcpSecretId, SECRET_STORE } from './secret-store';

/** Access of a store kind per cloud, and whether the output grants it today. */
export const STORE_ACCESS: Readonly<Record<Cloud, Readonly<Record<'database' | 'cache', { access: StoreAccess; generated: boolean }>>>> = {
  aws: { database: { access: 'aws-rds-iam', generated: true }, cache: { access: 'aws-elasticache-iam', generated: true } },
  gcp: { database: { access: 'gcp-cloudsql-iam', generated: true }, cache: { access: 'gcp-memorystore-auth', generated: true } },
  azure: { database: { access: 'azure-postgres-entra', generated: true }, cache: { access: 'azure-redis-entra', generated: true } },
};

/** Google service account ids: 6-30 characters, [a-z][a-z0-9-]*[a-z0-9]. */
export const GCP_ACCOUNT_ID_MAX = 30;

/** A deterministic name within `max` characters: the name itself, or its head and a hash of it. */
export function boundedName(name: string, max: number): string {
  if (name.length <= max) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 6);
  return `${name.slice(0, max - 7).replace(/-+$/, '')}-${hash}`;
}

/** Database user of a service (PostgreSQL identifier: hyphens become underscores). */
export function databaseUser(service: string): string {
  return service.replace(/-/g, '_');
}

/**
 * The PostgreSQL login of a service's identity: Aurora `databaseUser(service)` (the user `rds-db:connect` names);
 * Cloud SQL the IAM user of its Google service account (`<id>@<project>.iam`; without the project, the service id
 * and no role step); Azure the managed identity's name (the Entra principal `pgaadauth_create_principal` creates).
 */
export function databaseLogin(cloud: Cloud, service: string, identity: string, project: string | undefined): string {
  if (cloud === 'aws') return databaseUser(service);
  if (cloud === 'azure') return identity;
  return project ? `${identity}@${project}.iam` : service;
}

/** JSON keys of a Memorystore instance's secret: its AUTH string and its server CA (both known only after apply). */
export const MEMORYSTORE_SECRET_KEYS = { auth: 'auth', ca: 'ca' } as const;
/** Memorystore AUTH has one user. */
export const MEMORYSTORE_USER = 'default';

/** `market-data-cache` -> `MARKET_DATA_CACHE` (the workload config's variable names). */
const envName = (id: string): string => id.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

/**
 * The cache login of a service's identity: ElastiCache the IAM-authenticated user named after the service;
 * Memorystore AUTH's single `default` user; Azure Cache for Redis the identity's object id (substituted by Flux).
 */
export function cacheLogin(cloud: Cloud, service: string, principalIdVariable: string | undefined): string {
  if (cloud === 'gcp') return MEMORYSTORE_USER;
  if (cloud === 'azure' && principalIdVariable) return `\${${principalIdVariable}}`;
  return service;
}

/** The indexes of each region's identities in `identities`, ascending (Plan.identitiesByRegion). */
export function indexIdentitiesByRegion(identities: readonly WorkloadIdentityPlan[]): Record<string, number[]> {
  const out = new Map<string, number[]>();
  identities.forEach((identity, i) => {
    const list = out.get(identity.region);
    if (list) list.push(i);
    else out.set(identity.region, [i]);
  });
  return Object.fromEntries(out); // own keys, even a region named like a property of every object
}

/** `projects`: GCP project id by region id (spec `regions.<id>.project`), where the spec gives one; `platform`: the spec's name. */
export function planIdentities(regions: readonly RegionPlan[], projects: ReadonlyMap<string, string> = new Map(), platform = ''): WorkloadIdentityPlan[] {
  const out: WorkloadIdentityPlan[] = [];
  for (const r of regions) {
    for (const w of r.workloads) {
      const envId = w.service.toUpperCase().replace(/[^A-Z0-9]/g, '_');
      const clientIdVariable = r.cloud === 'azure' ? `AZURE_CLIENT_ID_${envId}` : undefined;
      const principalIdVariable = r.cloud === 'azure' && w.endpoints.some((e) => e.kind === 'cache') ? `AZURE_PRINCIPAL_ID_${envId}` : undefined;
      const name = r.cloud === 'gcp' ? boundedName(`${w.service}-${r.id}`, GCP_ACCOUNT_ID_MAX) : `${r.cluster.name}-${w.service}`;
      const grants: StoreGrantPlan[] = w.endpoints.map((e) => {
        const a = STORE_ACCESS[r.cloud][e.kind];
        const instance =
          e.kind === 'database'
            ? r.databases.find((d) => d.database === e.id && d.shard === (e.shard ?? 0))?.name
            : r.caches.find((c) => c.cache === e.id)?.name;
        planInvariant(instance, `services.${w.service}.uses`, `${w.service} in ${r.id} reaches ${e.kind} ${e.id} but the region holds no such instance`);
        const user = e.kind === 'database' ? databaseLogin(r.cloud, w.service, name, projects.get(r.id)) : cacheLogin(r.cloud, w.service, principalIdVariable);
        const secret =
          a.access === 'gcp-memorystore-auth'
            ? {
                remoteKey: gcpSecretId(platform, r.id, `${instance}-auth`),
                kubernetesSecret: `${w.service}-${e.id}-auth`,
                store: { ...SECRET_STORE },
                reader: externalSecretsAccount(r.id),
                keys: { ...MEMORYSTORE_SECRET_KEYS },
                env: { [`CACHE_${envName(e.id)}_AUTH_STRING`]: MEMORYSTORE_SECRET_KEYS.auth, [`CACHE_${envName(e.id)}_CA_PEM`]: MEMORYSTORE_SECRET_KEYS.ca },
              }
            : undefined;
        return { kind: e.kind, store: e.id, instance, access: a.access, user, generated: a.generated, connection: { ...STORE_CONNECTION[r.cloud][e.kind] }, ...(secret ? { secret } : {}) };
      });
      if (grants.length === 0) continue;
      out.push({ region: r.id, cloud: r.cloud, cluster: r.cluster.name, service: w.service, namespace: w.namespace, serviceAccount: w.service, name, grants,
        // AKS: the workload identity webhook injects the token for pods labelled `use`, for the client id on the ServiceAccount
        // (known after apply: Flux substitutes it). GKE: the ServiceAccount names its Google service account (needs the
        // region's project). EKS Pod Identity binds by association.
        serviceAccountAnnotations: clientIdVariable
          ? { 'azure.workload.identity/client-id': `\${${clientIdVariable}}` }
          : r.cloud === 'gcp' && projects.has(r.id)
            ? { 'iam.gke.io/gcp-service-account': `${name}@${projects.get(r.id)}.iam.gserviceaccount.com` }
            : {},
        podLabels: r.cloud === 'azure' ? { 'azure.workload.identity/use': 'true' } : {},
        ...(clientIdVariable ? { clientIdVariable } : {}),
        ...(principalIdVariable ? { principalIdVariable } : {}),
        egress: IDENTITY_ENDPOINTS[r.cloud].map((e) => ({ ...e })) });
    }
  }
  return out;
}
