/**
 * The restored services' identities at a restore site: per planned identity an IAM role trusted by EKS Pod
 * Identity and associated with the workload's ServiceAccount on the site's cluster (both exist before any
 * restore), and, once the restored clusters exist (`restored`), an inline policy granting `rds-db:connect` on
 * `dbuser:<restored cluster resource id>/<database user>` of exactly the planned restored clusters. A restore
 * creates a new cluster with a new resource id, so the ids are read from the restored clusters (data sources,
 * counted by `restored`: before the restore there is nothing to read and nothing is granted). The PostgreSQL
 * roles come back with the snapshot (plan: `databaseRoles: from-snapshot`).
 */
import { Construct } from 'constructs';
import { Fn, TerraformStack, Token, ref, type IResolvable } from 'cdktf';
import { DataAwsRdsCluster } from '@cdktf/provider-aws/lib/data-aws-rds-cluster';
import type { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { WorkloadIdentityPlan } from '../../synth/model/index';
import { AccountContext, ServiceRole } from './iam';
import { podIdentityRole } from './workload-identity';

export interface RestoredIdentitiesProps {
  readonly clusterName: string;
  /** AWS region of the restored clusters (ARNs). */
  readonly region: string;
  readonly identities: readonly WorkloadIdentityPlan[];
  readonly account: AccountContext;
  /** Boolean expression: true once the restored clusters exist (the restore stack's variable). */
  readonly restored: IResolvable;
}

export class RestoredIdentities extends Construct {
  readonly roles: ReadonlyMap<string, ServiceRole>;
  readonly associations: readonly EksPodIdentityAssociation[];
  /** Restored cluster identifier -> its data source (count 0 before the restore). */
  readonly clusters: ReadonlyMap<string, DataAwsRdsCluster>;

  constructor(scope: Construct, id: string, p: RestoredIdentitiesProps) {
    super(scope, id);
    const count = Token.asNumber(Fn.conditional(p.restored, 1, 0));
    const clusters = new Map<string, DataAwsRdsCluster>();
    for (const instance of [...new Set(p.identities.flatMap((i) => i.grants.filter((g) => g.access === 'aws-rds-iam').map((g) => g.instance)))].sort()) {
      clusters.set(instance, new DataAwsRdsCluster(this, `restored-${instance}`, { clusterIdentifier: instance, count }));
    }
    const stack = TerraformStack.of(this);
    const resourceId = (instance: string) => Token.asString(ref(`${clusters.get(instance)!.fqn}[0].cluster_resource_id`, stack));
    const roles = new Map<string, ServiceRole>();
    const associations: EksPodIdentityAssociation[] = [];
    for (const identity of p.identities) {
      const { role, association } = podIdentityRole(this, identity, p.account, p.clusterName);
      roles.set(identity.service, role);
      associations.push(association);
      const db = identity.grants.filter((g) => g.access === 'aws-rds-iam');
      if (db.length > 0) {
        new IamRolePolicy(this, `grants-${identity.service}`, {
          count,
          name: identity.name,
          role: role.role.id,
          policy: Fn.jsonencode({
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'AuroraIamAuth',
                Effect: 'Allow',
                Action: ['rds-db:connect'],
                Resource: db.map((g) => `arn:${p.account.partition}:rds-db:${p.region}:${p.account.accountId}:dbuser:${resourceId(g.instance)}/${g.user}`),
              },
            ],
          }),
        });
      }
    }
    this.roles = roles;
    this.associations = associations;
    this.clusters = clusters;
  }
}
