/**
 * Workload identities of a GKE cluster (Workload Identity): per planned identity a Google service account,
 * `roles/iam.workloadIdentityUser` on it for the workload's Kubernetes ServiceAccount
 * (`<project>.svc.id.goog[<namespace>/<ksa>]`), and for Cloud SQL a `CLOUD_IAM_SERVICE_ACCOUNT` user on each
 * planned instance plus `roles/cloudsql.client` and `roles/cloudsql.instanceUser`, conditioned on exactly
 * those instances.
 */
import { Construct } from 'constructs';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { SqlUser } from '@cdktf/provider-google/lib/sql-user';
import type { WorkloadIdentityPlan } from '../../synth/model/index';
import { PlanInvariantError } from '../../synth/util/errors';

export const CLOUD_SQL_ROLES: readonly string[] = ['roles/cloudsql.client', 'roles/cloudsql.instanceUser'];

export interface GkeWorkloadIdentitiesProps {
  readonly project: string;
  readonly identities: readonly WorkloadIdentityPlan[];
  /** Cloud SQL instance name by planned instance name. */
  readonly sqlInstances: ReadonlyMap<string, string>;
}

export class GkeWorkloadIdentities extends Construct {
  readonly accounts: ReadonlyMap<string, ServiceAccount>;

  constructor(scope: Construct, id: string, p: GkeWorkloadIdentitiesProps) {
    super(scope, id);
    const accounts = new Map<string, ServiceAccount>();
    for (const identity of p.identities) {
      const sa = new ServiceAccount(this, `sa-${identity.service}`, {
        accountId: identity.name,
        displayName: `${identity.service} in ${identity.cluster}`,
      });
      accounts.set(identity.service, sa);
      new ServiceAccountIamMember(this, `wi-${identity.service}`, {
        serviceAccountId: sa.name,
        role: 'roles/iam.workloadIdentityUser',
        member: `serviceAccount:${p.project}.svc.id.goog[${identity.namespace}/${identity.serviceAccount}]`,
      });
      const sql = identity.grants.filter((g) => g.access === 'gcp-cloudsql-iam');
      if (sql.length === 0) continue;
      const planned = [...new Set(sql.map((g) => g.instance))].sort();
      const instances = planned.map((i) => {
        const name = p.sqlInstances.get(i);
        if (!name) throw new PlanInvariantError('services', `${identity.cluster}: no Cloud SQL instance ${i} for a planned grant`);
        return name;
      });
      planned.forEach((planName, k) => {
        // IAM service-account users are named by the account's email without `.gserviceaccount.com`.
        new SqlUser(this, `sql-user-${identity.service}-${planName}`, { instance: instances[k], name: `${identity.name}@${p.project}.iam`, type: 'CLOUD_IAM_SERVICE_ACCOUNT' });
      });
      for (const role of CLOUD_SQL_ROLES) {
        new ProjectIamMember(this, `${role.split('.').pop()}-${identity.service}`, {
          project: p.project,
          role,
          member: `serviceAccount:${sa.email}`,
          condition: {
            title: `${identity.service}-instances`,
            description: `Cloud SQL instances ${identity.service} uses`,
            expression: instances.map((i) => `resource.name == "projects/${p.project}/instances/${i}"`).join(' || '),
          },
        });
      }
    }
    this.accounts = accounts;
  }
}
