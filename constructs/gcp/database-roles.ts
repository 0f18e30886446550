/**
 * The Terraform half of a GKE region's database role step (the plan's DatabaseRolesPlan, mechanism `k8s-job`):
 * the built-in Cloud SQL administrator the Job connects as, on every planned writer, with a generated password
 * (kept in state, like every Cloud SQL built-in user) stored in a Secret Manager secret of the region, named with
 * the prefix that only External Secrets' Google service account may read (its IAM condition, with the add-ons). The Job (constructs/k8s/database-roles.ts) gets it through
 * External Secrets and grants the services' IAM users their privileges.
 */
import { Construct } from 'constructs';
import { Password } from '@cdktf/provider-random/lib/password';
import { SecretManagerSecret } from '@cdktf/provider-google/lib/secret-manager-secret';
import { SecretManagerSecretVersion } from '@cdktf/provider-google/lib/secret-manager-secret-version';
import { SqlUser } from '@cdktf/provider-google/lib/sql-user';
import type { DatabaseRolesPlan } from '../../synth/model/index';
import { PlanInvariantError } from '../../synth/util/errors';

export interface CloudSqlRoleAdminProps {
  readonly roles: DatabaseRolesPlan;
  /** GCP region the secret is replicated in (residency). */
  readonly location: string;
  /** Cloud SQL instance name by planned instance name. */
  readonly sqlInstances: ReadonlyMap<string, string>;
  /**
   * Length of the generated password.
   * @default ADMIN_PASSWORD_LENGTH (40)
   */
  readonly passwordLength?: number;
}

export const ADMIN_PASSWORD_LENGTH = 40;

export class CloudSqlRoleAdmin extends Construct {
  readonly secret: SecretManagerSecret;

  constructor(scope: Construct, id: string, p: CloudSqlRoleAdminProps) {
    super(scope, id);
    const { admin } = p.roles;
    if (!admin.user || !admin.secret) throw new PlanInvariantError('databases', `${p.roles.region}: the Cloud SQL role step has no administrator, secret or reader`);
    const password = new Password(this, 'password', { length: p.passwordLength ?? ADMIN_PASSWORD_LENGTH, special: false });
    for (const i of p.roles.instances) {
      const instance = p.sqlInstances.get(i.instance);
      if (!instance) throw new PlanInvariantError('databases', `${p.roles.region}: no Cloud SQL writer ${i.instance} for its planned roles`);
      new SqlUser(this, `admin-${i.instance}`, { instance, name: admin.user, type: 'BUILT_IN', password: password.result });
    }
    this.secret = new SecretManagerSecret(this, 'secret', {
      secretId: admin.secret,
      replication: { userManaged: { replicas: [{ location: p.location }] } },
      labels: { purpose: 'database-roles' },
    });
    new SecretManagerSecretVersion(this, 'version', { secret: this.secret.id, secretData: password.result });
  }
}
