/**
 * Workload identities of an EKS cluster: per planned identity an IAM role trusted by EKS Pod Identity
 * (`pods.eks.amazonaws.com`, AssumeRole + TagSession) and associated with the workload's ServiceAccount,
 * with an inline policy granting exactly the planned stores:
 * - Aurora: `rds-db:connect` on `dbuser:<cluster resource id>/<database user>` of each planned cluster;
 * - ElastiCache: `elasticache:Connect` on the replication group and the workload's IAM-authenticated
 *   ElastiCache user. Each cache gets a user group holding exactly the users granted to it, plus a
 *   disabled `default` user (ElastiCache requires one per group).
 */
import { Construct } from 'constructs';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { ElasticacheUser } from '@cdktf/provider-aws/lib/elasticache-user';
import { ElasticacheUserGroup } from '@cdktf/provider-aws/lib/elasticache-user-group';
import type { WorkloadIdentityPlan } from '../../synth/model/index';
import { AccountContext, ServiceRole } from './iam';
import { PlanInvariantError } from '../../synth/util/errors';

export const POD_IDENTITY_PRINCIPAL = 'pods.eks.amazonaws.com';
/** Access string of the workload users (all keys and commands of their own cache), and of the disabled default user. */
export const CACHE_USER_ACCESS = 'on ~* +@all';
export const CACHE_DEFAULT_USER_ACCESS = 'off -@all';

/**
 * The IAM role of one workload identity, trusted by EKS Pod Identity, and its association with the identity's
 * ServiceAccount on `clusterName` (construct ids `role-<service>` and `association-<service>` under `scope`).
 */
export function podIdentityRole(
  scope: Construct,
  identity: WorkloadIdentityPlan,
  account: AccountContext,
  clusterName: string,
  inlineStatements?: ConstructorParameters<typeof ServiceRole>[2]['inlineStatements'],
): { readonly role: ServiceRole; readonly association: EksPodIdentityAssociation } {
  const role = new ServiceRole(scope, `role-${identity.service}`, {
    name: identity.name,
    servicePrincipal: POD_IDENTITY_PRINCIPAL,
    trustActions: ['sts:AssumeRole', 'sts:TagSession'],
    account,
    ...(inlineStatements ? { inlineStatements } : {}),
  });
  const association = new EksPodIdentityAssociation(scope, `association-${identity.service}`, {
    clusterName,
    namespace: identity.namespace,
    serviceAccount: identity.serviceAccount,
    roleArn: role.arn,
    dependsOn: role.dependables,
  });
  return { role, association };
}

export interface CacheUserGroupsProps {
  /** Region-unique prefix of the default user and the user groups. */
  readonly namePrefix: string;
  readonly identities: readonly WorkloadIdentityPlan[];
}

/** ElastiCache users and one user group per cache (created before the replication groups that use them). */
export class CacheUserGroups extends Construct {
  /** cache instance name -> user group id. */
  readonly groupIds: ReadonlyMap<string, string>;
  /** user name -> ElastiCache user. */
  readonly users: ReadonlyMap<string, ElasticacheUser>;

  constructor(scope: Construct, id: string, p: CacheUserGroupsProps) {
    super(scope, id);
    const grants = p.identities.flatMap((i) => i.grants.filter((g) => g.access === 'aws-elasticache-iam'));
    const users = new Map<string, ElasticacheUser>();
    const groups = new Map<string, string>();
    if (grants.length === 0) {
      this.users = users;
      this.groupIds = groups;
      return;
    }
    const defaultUser = new ElasticacheUser(this, 'default-user', {
      userId: `${p.namePrefix}-default`,
      userName: 'default',
      engine: 'redis',
      accessString: CACHE_DEFAULT_USER_ACCESS,
      authenticationMode: { type: 'no-password-required' },
    });
    for (const g of grants) {
      if (users.has(g.user)) continue;
      // IAM authentication requires user id = user name.
      users.set(g.user, new ElasticacheUser(this, `user-${g.user}`, { userId: g.user, userName: g.user, engine: 'redis', accessString: CACHE_USER_ACCESS, authenticationMode: { type: 'iam' } }));
    }
    for (const cache of [...new Set(grants.map((g) => g.instance))].sort()) {
      const members = [...new Set(grants.filter((g) => g.instance === cache).map((g) => g.user))].sort();
      const group = new ElasticacheUserGroup(this, `group-${cache}`, {
        userGroupId: `${p.namePrefix}-${cache}`,
        engine: 'redis',
        userIds: [defaultUser.userId, ...members.map((u) => users.get(u)!.userId)],
      });
      groups.set(cache, group.userGroupId);
    }
    this.users = users;
    this.groupIds = groups;
  }
}

export interface PodIdentitiesProps {
  readonly clusterName: string;
  /** AWS region of the stores (ARNs). */
  readonly region: string;
  readonly identities: readonly WorkloadIdentityPlan[];
  readonly account: AccountContext;
  /** Aurora cluster resource id by planned instance name. */
  readonly databaseResourceIds: ReadonlyMap<string, string>;
  /** ElastiCache replication group id by planned cache instance name. */
  readonly replicationGroupIds: ReadonlyMap<string, string>;
  readonly cacheUsers: ReadonlyMap<string, ElasticacheUser>;
}

export class PodIdentities extends Construct {
  readonly roles: ReadonlyMap<string, ServiceRole>;
  readonly associations: readonly EksPodIdentityAssociation[];

  constructor(scope: Construct, id: string, p: PodIdentitiesProps) {
    super(scope, id);
    const arn = (service: string, resource: string) => `arn:${p.account.partition}:${service}:${p.region}:${p.account.accountId}:${resource}`;
    const lookup = (map: ReadonlyMap<string, string>, key: string, what: string) => {
      const v = map.get(key);
      if (v === undefined) throw new PlanInvariantError('services', `${p.clusterName}: no ${what} ${key} in the stack for a planned grant`);
      return v;
    };
    const roles = new Map<string, ServiceRole>();
    const associations: EksPodIdentityAssociation[] = [];
    for (const identity of p.identities) {
      const db = identity.grants.filter((g) => g.access === 'aws-rds-iam');
      const cache = identity.grants.filter((g) => g.access === 'aws-elasticache-iam');
      const statements = [
        ...(db.length > 0
          ? [{ sid: 'AuroraIamAuth', effect: 'Allow', actions: ['rds-db:connect'], resources: db.map((g) => arn('rds-db', `dbuser:${lookup(p.databaseResourceIds, g.instance, 'Aurora cluster')}/${g.user}`)) }]
          : []),
        ...(cache.length > 0
          ? [
              {
                sid: 'ElastiCacheIamAuth',
                effect: 'Allow',
                actions: ['elasticache:Connect'],
                resources: [
                  ...cache.map((g) => arn('elasticache', `replicationgroup:${lookup(p.replicationGroupIds, g.instance, 'replication group')}`)),
                  ...[...new Set(cache.map((g) => g.user))].map((u) => arn('elasticache', `user:${p.cacheUsers.get(u)!.userId}`)),
                ],
              },
            ]
          : []),
      ];
      const { role, association } = podIdentityRole(this, identity, p.account, p.clusterName, statements);
      roles.set(identity.service, role);
      associations.push(association);
    }
    this.roles = roles;
    this.associations = associations;
  }
}
