/**
 * The target a restore tier's backups are restored into (restore-<primary> stack): the DB subnet group of the
 * data subnets, a security group open on the PostgreSQL port to the cluster nodes only, one cluster parameter
 * group per database (TLS only, the slow-query log of the primary's) and the IAM role AWS Backup restores with.
 * The restored clusters themselves are created by the restore job (runbook), named by the plan.
 */
import { Construct } from 'constructs';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { RdsClusterParameterGroup } from '@cdktf/provider-aws/lib/rds-cluster-parameter-group';
import type { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import type { DatabasePlan, RestoreSitePlan } from '../../synth/model/index';
import { DataStoreAccess } from './data-store-access';
import { AccountContext, ServiceRole } from './iam';
import { AURORA_POSTGRES_FAMILY } from './database';
import { withDefaults } from '../terraform/util';

export interface RestoreTargetProps {
  readonly site: RestoreSitePlan;
  /** The databases the site restores (their slow-query threshold). */
  readonly databases: readonly DatabasePlan[];
  readonly vpcId: string;
  readonly dataSubnetIds: readonly string[];
  /** The only security group allowed in: the cluster nodes'. */
  readonly clientSecurityGroupId: string;
  readonly account: AccountContext;
  /**
   * Parameter group family of the restored clusters (the primary's engine major version).
   * @default AURORA_POSTGRES_FAMILY
   */
  readonly parameterGroupFamily?: string;
}

const RESTORE_TARGET_DEFAULTS = { parameterGroupFamily: AURORA_POSTGRES_FAMILY };

export class RestoreTarget extends Construct {
  readonly securityGroup: SecurityGroup;
  readonly subnetGroup: DbSubnetGroup;
  readonly role: ServiceRole;
  readonly parameterGroups: ReadonlyMap<string, RdsClusterParameterGroup>;

  constructor(scope: Construct, id: string, props: RestoreTargetProps) {
    super(scope, id);
    const p = withDefaults(RESTORE_TARGET_DEFAULTS, props);
    const { site } = p;
    this.securityGroup = new DataStoreAccess(this, 'access', {
      name: site.securityGroup,
      vpcId: p.vpcId,
      storeName: 'restored Aurora clusters',
      protocolName: 'PostgreSQL',
      port: site.port,
      clientSecurityGroupId: p.clientSecurityGroupId,
    }).securityGroup;
    this.subnetGroup = new DbSubnetGroup(this, 'subnet-group', {
      name: site.dbSubnetGroup,
      description: `Data subnets the backups of ${site.primary} are restored into`,
      subnetIds: [...p.dataSubnetIds],
      tags: { Name: site.dbSubnetGroup },
    });
    const groups = new Map<string, RdsClusterParameterGroup>();
    for (const t of site.targets) {
      if (groups.has(t.database)) continue;
      const db = p.databases.find((d) => d.id === t.database);
      groups.set(
        t.database,
        new RdsClusterParameterGroup(this, `params-${t.database}`, {
          name: t.parameterGroup,
          family: p.parameterGroupFamily,
          description: `${t.database} restored from ${site.primary}: TLS only${db ? `, slow query log at ${db.slowQueryMs} ms` : ''}`,
          parameter: [
            ...(db ? [{ name: 'log_min_duration_statement', value: String(db.slowQueryMs), applyMethod: 'immediate' }] : []),
            { name: 'rds.force_ssl', value: '1', applyMethod: 'pending-reboot' },
          ],
          tags: { Name: t.parameterGroup, database: t.database },
        }),
      );
    }
    this.parameterGroups = groups;
    this.role = new ServiceRole(this, 'role', {
      name: site.restoreRole,
      servicePrincipal: 'backup.amazonaws.com',
      account: p.account,
      managedPolicies: ['service-role/AWSBackupServiceRolePolicyForRestores'],
    });
  }
}
