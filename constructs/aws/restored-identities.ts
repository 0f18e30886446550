/**
 * The restored services' identities at a restore site: per planned identity an IAM role trusted by EKS Pod
 * Identity and associated with the workload's ServiceAccount on the site's cluster (both exist before any
 * restore), and, once the restored clusters exist, an inline policy granting `rds-db:connect` on
 * `dbuser:<restored cluster resource id>/<database user>` of exactly the planned restored clusters. A restore
 * creates a new cluster with a new resource id, so every plan discovers them: the Aurora PostgreSQL clusters of
 * the region (one `aws_rds_clusters` listing, which is empty and no error before a restore), each planned one read
 * (`aws_rds_cluster`, counted by whether the listing holds its identifier), and an identity's grant counted by
 * whether all the clusters it uses are there. So the apply after the restore jobs grants them, and every later
 * apply keeps the grants: nothing to remember, no variable. The PostgreSQL roles come back with the snapshot
 * (plan: `databaseRoles: from-snapshot`).
 */
import { Construct } from 'constructs';
import { Fn, Op, TerraformStack, Token, ref } from 'cdktf';
import { DataAwsRdsCluster } from '@cdktf/provider-aws/lib/data-aws-rds-cluster';
import { DataAwsRdsClusters } from '@cdktf/provider-aws/lib/data-aws-rds-clusters';
import type { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { WorkloadIdentityPlan } from '../../synth/model/index';
import { PlanInvariantError } from '../../synth/util/errors';
import { AccountContext, ServiceRole } from './iam';
import { podIdentityRole } from './workload-identity';

export interface RestoredIdentitiesProps {
  readonly clusterName: string;
  /** AWS region of the restored clusters (ARNs). */
  readonly region: string;
  readonly identities: readonly WorkloadIdentityPlan[];
  readonly account: AccountContext;
}

/** The engine of the restored clusters (the listing's filter). */
export const RESTORED_ENGINE = 'aurora-postgresql';

export interface RestoredClustersProps {
  /** Identifiers of the clusters the restore creates (the plan's restore targets). */
  readonly identifiers: readonly string[];
}

/**
 * The restored clusters as every plan finds them: one listing of the region's Aurora PostgreSQL clusters (empty,
 * not an error, before a restore), and per planned identifier a data source counted by whether the listing holds it.
 */
export class RestoredClusters extends Construct {
  readonly listing: DataAwsRdsClusters;
  readonly clusters: ReadonlyMap<string, DataAwsRdsCluster>;

  constructor(scope: Construct, id: string, p: RestoredClustersProps) {
    super(scope, id);
    this.listing = new DataAwsRdsClusters(this, 'listing', { filter: [{ name: 'engine', values: [RESTORED_ENGINE] }] });
    const clusters = new Map<string, DataAwsRdsCluster>();
    for (const instance of [...new Set(p.identifiers)].sort()) {
      clusters.set(instance, new DataAwsRdsCluster(this, instance, { clusterIdentifier: instance, count: this.count([instance]) }));
    }
    this.clusters = clusters;
  }

  /** 1 once every one of `identifiers` exists, else 0 (a count). */
  count(identifiers: readonly string[]): number {
    const missing = Fn.lengthOf(Fn.setsubtract([...identifiers].sort(), this.listing.clusterIdentifiers));
    // `missing < 1`, not `== 0`: cdktf 0.21 renders a literal 0 operand of Op.eq as `undefined`
    return Token.asNumber(Fn.conditional(Op.lt(missing, 1), 1, 0));
  }

  /** An attribute of a restored cluster (valid where counted by `count([identifier])` or a superset). */
  attribute(identifier: string, name: 'cluster_resource_id' | 'endpoint' | 'reader_endpoint'): string {
    const c = this.clusters.get(identifier);
    if (!c) throw new PlanInvariantError('tiers', `restore site: ${identifier} is not a planned restore target`);
    return Token.asString(ref(`${c.fqn}[0].${name}`, TerraformStack.of(this)));
  }
}

export interface RestoredIdentitiesProps {
  readonly clusterName: string;
  /** AWS region of the restored clusters (ARNs). */
  readonly region: string;
  readonly identities: readonly WorkloadIdentityPlan[];
  readonly account: AccountContext;
  /** The restored clusters (their resource ids, once found). */
  readonly restored: RestoredClusters;
}

export class RestoredIdentities extends Construct {
  readonly roles: ReadonlyMap<string, ServiceRole>;
  readonly associations: readonly EksPodIdentityAssociation[];

  constructor(scope: Construct, id: string, p: RestoredIdentitiesProps) {
    super(scope, id);
    const roles = new Map<string, ServiceRole>();
    const associations: EksPodIdentityAssociation[] = [];
    for (const identity of p.identities) {
      const { role, association } = podIdentityRole(this, identity, p.account, p.clusterName);
      roles.set(identity.service, role);
      associations.push(association);
      const db = identity.grants.filter((g) => g.access === 'aws-rds-iam');
      if (db.length > 0) {
        // once all the clusters it uses are restored
        new IamRolePolicy(this, `grants-${identity.service}`, {
          count: p.restored.count(db.map((g) => g.instance)),
          name: identity.name,
          role: role.role.id,
          policy: Fn.jsonencode({
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'AuroraIamAuth',
                Effect: 'Allow',
                Action: ['rds-db:connect'],
                Resource: db.map((g) => `arn:${p.account.partition}:rds-db:${p.region}:${p.account.accountId}:dbuser:${p.restored.attribute(g.instance, 'cluster_resource_id')}/${g.user}`),
              },
            ],
          }),
        });
      }
    }
    this.roles = roles;
    this.associations = associations;
  }
}
