/**
 * The database-side half of every database grant: the PostgreSQL role each service's identity logs in as, on
 * exactly the writers its `uses` reach, with read and write on that store's data and nothing else (no DDL, no
 * other database, no membership but the cloud's authentication role), created inside the network with no hand
 * step and idempotently:
 *
 * - AWS (`aws-lambda`): a one-shot function in the region's private subnets, invoked by the region stack once the
 *   Aurora clusters exist, connects to every primary writer as the master user (Aurora's managed master secret)
 *   and runs `CREATE ROLE <user> LOGIN; GRANT rds_iam ...`. The DMS source login (before: a hand step) is created
 *   by the same function, its password read from its secret at run time, so the feeds of wave 2 find it.
 *   A global database's secondaries replicate the roles from their primary, which gets the union.
 * - GCP (`k8s-job`): Terraform creates the IAM users (`google_sql_user` CLOUD_IAM_SERVICE_ACCOUNT) and a built-in
 *   administrator with a generated password kept in Secret Manager; a Job in the cluster (External Secrets brings
 *   the password) grants the IAM users their privileges.
 * - Azure (`k8s-job`): the Job's managed identity is the servers' Entra administrator; with its token it creates
 *   each service's principal (`pgaadauth_create_principal`) and grants it.
 *
 * The statements are planned here, so a test can evaluate exactly which role exists on which writer.
 */
import { createHash } from 'crypto';
import {
  AURORA_IAM_ROLE,
  AURORA_REPLICATION_ROLES,
  AZURE_POSTGRES_TOKEN_SCOPE,
  DATA_ROLES,
  DATABASE_ROLES_IMAGES,
  DEFAULT_DATABASE,
} from '../catalog/database-roles';
import { IDENTITY_ENDPOINTS } from '../catalog/identity-endpoints';
import { STORE_CONNECTION } from '../catalog/store-tls';
import type {
  DatabaseInstancePlan,
  DatabaseRolePlan,
  DatabaseRolesInstancePlan,
  DatabaseRolesPlan,
  RegionPlan,
  ReplicationPlan,
  StoreAccess,
  WorkloadIdentityPlan,
} from '../model/index';
import { externalSecretsAccount, gcpSecretId, SECRET_STORE } from './secret-store';
import { planInvariant } from './invariant';
import { compareText } from '../util/order';

/** Namespace, ServiceAccount and ConfigMap of the in-cluster step (GKE, AKS). */
export const DATABASE_ROLES_NAMESPACE = 'platform-db-roles';
export const DATABASE_ROLES_SERVICE_ACCOUNT = 'db-roles';
/** Built-in Cloud SQL administrator the GKE step connects as (a cloudsqlsuperuser member). */
export const CLOUD_SQL_ADMIN_USER = 'platform_admin';
/** The Kubernetes Secret External Secrets writes the administrator's password into (in the Job's namespace). */
export const DATABASE_ROLES_ADMIN_SECRET = 'db-roles-admin';
/** Attempts of the Job (Kubernetes backs off exponentially between them, 10 s doubling to 6 min). */
export const DATABASE_ROLES_BACKOFF_LIMIT = 10;
/** psql and curl run a few statements: a tenth of a core and 64 MiB each. */
export const DATABASE_ROLES_RESOURCES = { cpu: '100m', memory: '64Mi' } as const;
/**
 * TLS of the steps' own connections: encrypted, server not verified. The writers are reached by private
 * address only; GKE's instance CA is known only after apply and Config Sync cannot substitute it, and the psql
 * image carries no public CA bundle for Azure's. The workloads verify (their config's TLS mode).
 */
export const DATABASE_ROLES_SSL_MODE = 'require';

const MAPPING: Readonly<Partial<Record<StoreAccess, DatabaseRolePlan['mapping']>>> = {
  'aws-rds-iam': 'rds-iam',
  'gcp-cloudsql-iam': 'cloudsql-iam',
  'azure-postgres-entra': 'entra-principal',
};

/** A quoted PostgreSQL identifier. */
export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;
/** A PostgreSQL string literal. */
export const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;

const ifNoRole = (role: string, create: string) =>
  `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = ${literal(role)}) THEN ${create}; END IF; END $$`;

/** The statements of one writer, in order. */
export function roleStatements(
  database: string,
  roles: readonly DatabaseRolePlan[],
  logins: DatabaseRolesInstancePlan['logins'],
): string[] {
  const out: string[] = [];
  for (const r of roles) {
    if (r.mapping === 'rds-iam') {
      out.push(ifNoRole(r.role, `CREATE ROLE ${ident(r.role)} LOGIN`), `GRANT ${AURORA_IAM_ROLE} TO ${ident(r.role)}`);
    } else if (r.mapping === 'entra-principal') {
      out.push(ifNoRole(r.role, `PERFORM pg_catalog.pgaadauth_create_principal(${literal(r.role)}, false, false)`));
    }
    // Cloud SQL: Terraform created the IAM user; only the privileges are SQL.
    out.push(`GRANT CONNECT ON DATABASE ${ident(database)} TO ${ident(r.role)}`, `GRANT ${DATA_ROLES.join(', ')} TO ${ident(r.role)}`);
  }
  for (const l of logins) {
    out.push(ifNoRole(l.user, `CREATE ROLE ${ident(l.user)} LOGIN`), `GRANT ${l.memberOf.join(', ')} TO ${ident(l.user)}`);
  }
  return out;
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 8);

/** The writers of a region that take SQL: all but a global database's secondaries. */
function writers(r: RegionPlan): DatabaseInstancePlan[] {
  return r.databases.filter((d) => d.globalCluster?.role !== 'secondary');
}

export function planDatabaseRoles(
  regions: readonly RegionPlan[],
  identities: readonly WorkloadIdentityPlan[],
  replication: readonly ReplicationPlan[],
  projects: ReadonlyMap<string, string>,
  platform: string,
): DatabaseRolesPlan[] {
  const out: DatabaseRolesPlan[] = [];
  // Indexed once (a search of every identity's grants, and of every region's databases per grant, for each writer
  // was quadratic in a large spec): the global database of each region's instance (the first one of that name, as a
  // search finds it), and the database grants that map to a SQL role by the instance they name and by its global
  // database, each with its position in identity-then-grant order (the order the roles are built in).
  const globalOf = new Map<string, string | undefined>();
  for (const x of regions) {
    for (const db of x.databases) {
      const key = `${x.id}\0${db.name}`;
      if (!globalOf.has(key)) globalOf.set(key, db.globalCluster?.identifier);
    }
  }
  type Reaching = { readonly identity: WorkloadIdentityPlan; readonly grant: WorkloadIdentityPlan['grants'][number]; readonly seq: number };
  const byInstance = new Map<string, Reaching[]>();
  const byGlobal = new Map<string, Reaching[]>();
  const push = (index: Map<string, Reaching[]>, key: string, entry: Reaching) => {
    const list = index.get(key);
    if (list) list.push(entry);
    else index.set(key, [entry]);
  };
  let seq = 0;
  for (const identity of identities) {
    for (const grant of identity.grants) {
      if (grant.kind !== 'database' || !MAPPING[grant.access]) continue;
      const entry = { identity, grant, seq: seq++ };
      const key = `${identity.region}\0${grant.instance}`;
      push(byInstance, key, entry);
      const global = globalOf.get(key);
      if (global !== undefined) push(byGlobal, global, entry);
    }
  }
  for (const r of regions) {
    // GKE without the project: the IAM users' names are unknown in Git (the README says so).
    if (r.cloud === 'gcp' && !projects.has(r.id)) continue;
    const instances: DatabaseRolesInstancePlan[] = [];
    for (const d of writers(r)) {
      // Grants on this writer, and on the secondaries of its global database (they replicate its roles).
      const reaching = [
        ...(byInstance.get(`${r.id}\0${d.name}`) ?? []),
        ...(d.globalCluster ? (byGlobal.get(d.globalCluster.identifier) ?? []).filter((x) => x.identity.region !== r.id) : []),
      ].sort((a, b) => a.seq - b.seq);
      const byRole = new Map<string, DatabaseRolePlan>();
      for (const { identity, grant } of reaching) {
        const mapping = MAPPING[grant.access]!;
        const prev = byRole.get(grant.user);
        planInvariant(!prev || prev.service === identity.service, `services.${identity.service}.uses`, `${d.name} in ${r.id}: services ${prev?.service} and ${identity.service} share the login ${grant.user}`);
        byRole.set(grant.user, {
          service: identity.service,
          role: grant.user,
          mapping,
          identities: [...(prev?.identities ?? []), { region: identity.region, name: identity.name }].sort((a, b) => compareText(a.region, b.region)),
        });
      }
      const roles = [...byRole.values()].sort((a, b) => compareText(a.role, b.role));
      const logins =
        r.cloud === 'aws'
          ? [...new Set(replication.filter((x) => x.primary === r.id && x.feeds.some((f) => f.source === d.name)).map((x) => x.targetUser))]
              .sort()
              .map((user) => ({ user, memberOf: [...AURORA_REPLICATION_ROLES] }))
          : [];
      if (roles.length === 0 && logins.length === 0) continue;
      const database = DEFAULT_DATABASE;
      instances.push({ instance: d.name, store: d.database, host: d.host, port: d.port, database, roles, logins, statements: roleStatements(database, roles, logins) });
    }
    if (instances.length === 0) continue;
    const cluster = r.cluster.name;
    const digest = hash(JSON.stringify(instances));
    if (r.cloud === 'aws') {
      out.push({ region: r.id, cloud: r.cloud, cluster, mechanism: 'aws-lambda', name: `${cluster}-db-roles`, identity: `${cluster}-db-roles`, admin: { credential: 'aws-managed-master-secret' }, instances, serverCa: STORE_CONNECTION.aws.database.ca });
      continue;
    }
    const dataCidrs = [...new Set(r.workloads.filter((w) => w.endpoints.some((e) => e.kind === 'database')).flatMap((w) => w.dataCidrs))].sort();
    const port = r.storePorts.database;
    planInvariant(dataCidrs.length > 0, `regions.${r.id}`, `${r.id}: database roles planned but no workload reaches the data subnets`);
    // GKE's Job calls no cloud API (External Secrets brings its password): the writers only. AKS's exchanges its token with Entra ID.
    const egress = [
      ...dataCidrs.map((cidr) => ({ cidr, port, why: 'PostgreSQL writers' })),
      ...(r.cloud === 'azure' ? IDENTITY_ENDPOINTS[r.cloud].map((e) => ({ ...e })) : []),
    ];
    const base = {
      namespace: DATABASE_ROLES_NAMESPACE,
      serviceAccount: DATABASE_ROLES_SERVICE_ACCOUNT,
      configMap: `db-roles-${digest}`,
      sslMode: DATABASE_ROLES_SSL_MODE,
      backoffLimit: DATABASE_ROLES_BACKOFF_LIMIT,
      ...DATABASE_ROLES_RESOURCES,
    };
    if (r.cloud === 'gcp') {
      out.push({
        region: r.id, cloud: r.cloud, cluster, mechanism: 'k8s-job', name: `db-roles-${digest}`,
        admin: { user: CLOUD_SQL_ADMIN_USER, credential: 'gcp-builtin-password', secret: gcpSecretId(platform, r.id, 'db-roles-admin'), kubernetesSecret: DATABASE_ROLES_ADMIN_SECRET, secretReader: externalSecretsAccount(r.id) },
        job: { ...base, images: { psql: DATABASE_ROLES_IMAGES.psql, psqlUser: DATABASE_ROLES_IMAGES.psqlUser }, serviceAccountAnnotations: {}, podLabels: {}, secretStore: { ...SECRET_STORE }, egress },
        instances,
      });
      continue;
    }
    const identity = `${cluster}-db-roles`;
    const clientIdVariable = 'AZURE_CLIENT_ID_DB_ROLES';
    out.push({
      region: r.id, cloud: r.cloud, cluster, mechanism: 'k8s-job', name: `db-roles-${digest}`, identity,
      admin: { user: identity, credential: 'azure-entra-token' },
      job: {
        ...base,
        images: { ...DATABASE_ROLES_IMAGES },
        serviceAccountAnnotations: { 'azure.workload.identity/client-id': `\${${clientIdVariable}}` },
        podLabels: { 'azure.workload.identity/use': 'true' },
        clientIdVariable,
        tokenScope: AZURE_POSTGRES_TOKEN_SCOPE,
        egress,
      },
      instances,
    });
  }
  return out;
}
