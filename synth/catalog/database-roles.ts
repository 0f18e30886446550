/**
 * What the database-side role step needs from each cloud's managed PostgreSQL: the database the roles are granted
 * on, the predefined roles that give a login read and write access to every table of the server whoever owns it
 * (the standbys' tables are created by the replication login, the primaries' by the master user), the role that
 * lets an Aurora login authenticate with an IAM token, the Entra function that creates a role for a managed
 * identity, and the images of the in-cluster step.
 *
 * Sources: PostgreSQL 16 docs, "Predefined Roles" (pg_read_all_data, pg_write_all_data: tables, views and
 * sequences in every schema, as if SELECT / INSERT, UPDATE, DELETE were granted, plus USAGE on every schema);
 * Aurora User Guide, "Creating a database account using IAM authentication" (`CREATE USER ...; GRANT rds_iam TO
 * ...`) and "Setting up your Aurora PostgreSQL source for AWS DMS" (rds_replication); Cloud SQL docs, "Manage
 * users with IAM database authentication" (IAM users get no table privileges: grant them as a cloudsqlsuperuser
 * member; built-in users created through the API are cloudsqlsuperuser members); Azure Database for PostgreSQL
 * flexible server, "Manage Microsoft Entra roles" (`pgaadauth_create_principal(roleName, isAdmin, isMfa)`, run as an
 * Entra administrator in the `postgres` database; the role is the principal's display name) and "Connect with
 * managed identity" (token scope `https://ossrdbms-aad.database.windows.net/.default`); Docker Hub official image
 * `postgres` (Alpine variant: psql, uid 70) and `curlimages/curl` (uid 100).
 */

/** The engines' default database: the one the replication feeds copy and the services connect to. */
export const DEFAULT_DATABASE = 'postgres';

/** Read and write on every table, view and sequence of the database (no DDL, no ownership). */
export const DATA_ROLES: readonly string[] = ['pg_read_all_data', 'pg_write_all_data'];

/** Aurora: the role that makes a login accept IAM authentication tokens (rds-db:connect). */
export const AURORA_IAM_ROLE = 'rds_iam';

/** Aurora: what the AWS DMS source login needs for logical replication (as dist/terraform/README.md said before). */
export const AURORA_REPLICATION_ROLES: readonly string[] = ['rds_replication', 'rds_superuser'];

/** Azure: Entra token scope of Azure Database for PostgreSQL. */
export const AZURE_POSTGRES_TOKEN_SCOPE = 'https://ossrdbms-aad.database.windows.net/.default';

/** Images of the in-cluster role step (GKE, AKS): psql, and curl for the Entra token exchange. */
export const DATABASE_ROLES_IMAGES = {
  psql: 'postgres:16.6-alpine',
  psqlUser: 70,
  curl: 'curlimages/curl:8.11.1',
  curlUser: 100,
} as const;
