/**
 * How a workload authenticates to and verifies each cloud's managed PostgreSQL and Redis: the token it presents,
 * the TLS mode and the certificate authority that signs the server certificate.
 *
 * Sources: Aurora User Guide, "IAM database authentication" and "Using SSL/TLS to encrypt a connection to a DB
 * cluster" (global CA bundle https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem, sslmode
 * verify-full); ElastiCache User Guide, "Authenticating with IAM" (token from SigV4, user id = user name) and
 * "In-transit encryption" (certificates from Amazon's public CA); Cloud SQL docs, "IAM database authentication"
 * and "Configure SSL/TLS certificates" (the instance's own server CA, `server_ca_cert`); Memorystore for Redis,
 * "About in-transit encryption" (instance server CA, `server_ca_certs`) and "AUTH"; Azure Database for
 * PostgreSQL, "Microsoft Entra authentication" and "TLS" (DigiCert Global Root G2 and Microsoft RSA Root CA 2017);
 * Azure Cache for Redis, "Use Microsoft Entra ID for cache authentication" (TLS on 6380, public CAs).
 */
import type { Cloud } from '../model/index';

export interface StoreConnectionFacts {
  /** What the client presents: a cloud IAM token instead of a password, or a shared AUTH string. */
  readonly auth: 'aws-iam-token' | 'gcp-iam-token' | 'entra-token' | 'auth-string';
  /** libpq sslmode for PostgreSQL, `tls` for Redis. */
  readonly tlsMode: string;
  /** The CA to verify the server with. */
  readonly ca: string;
}

export const STORE_CONNECTION: Readonly<Record<Cloud, Readonly<Record<'database' | 'cache', StoreConnectionFacts>>>> = {
  aws: {
    database: { auth: 'aws-iam-token', tlsMode: 'verify-full', ca: 'https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem' },
    cache: { auth: 'aws-iam-token', tlsMode: 'tls', ca: 'system (Amazon public CA)' },
  },
  gcp: {
    database: { auth: 'gcp-iam-token', tlsMode: 'verify-ca', ca: 'instance server CA (google_sql_database_instance.server_ca_cert)' },
    cache: { auth: 'auth-string', tlsMode: 'tls', ca: 'instance server CA (google_redis_instance.server_ca_certs), in the _CA_PEM variable from the secret store' },
  },
  azure: {
    database: { auth: 'entra-token', tlsMode: 'verify-full', ca: 'system (DigiCert Global Root G2, Microsoft RSA Root CA 2017)' },
    cache: { auth: 'entra-token', tlsMode: 'tls', ca: 'system (public CA)' },
  },
};
