/**
 * Aurora PostgreSQL clusters of a region, one per planned database instance entry (one per shard):
 * a writer plus the planned number of readers spread over the planned zones in order, KMS-encrypted
 * storage and Performance Insights, deletion protection, RDS-managed master password (no password
 * anywhere in the configuration), a cluster parameter group per database with
 * `log_min_duration_statement` = the plan's slow-query threshold and `rds.force_ssl = 1` (Aurora
 * PostgreSQL accepts plaintext connections by default), backup retention from the plan,
 * a DB subnet group on the data subnets and a security group reachable only from the cluster nodes.
 *
 * Where the plan replicates a database to another AWS region, the cluster is the source of an
 * Aurora global cluster (`global.role = 'primary'`) or joins one (`'secondary'`).
 */
import { Construct } from 'constructs';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { RdsCluster } from '@cdktf/provider-aws/lib/rds-cluster';
import { RdsClusterInstance } from '@cdktf/provider-aws/lib/rds-cluster-instance';
import { RdsClusterParameterGroup } from '@cdktf/provider-aws/lib/rds-cluster-parameter-group';
import { RdsGlobalCluster } from '@cdktf/provider-aws/lib/rds-global-cluster';
import type { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import type { DatabaseInstancePlan, DatabasePlan } from '../../synth/model/index';
import { omitKeys, withDefaults } from '../terraform/util';
import { DataStoreAccess } from './data-store-access';

export interface DatabaseClusterSpec {
  readonly instance: DatabaseInstancePlan;
  readonly database: DatabasePlan;
  /**
   * Aurora global cluster membership.
   * @default undefined (a regional cluster)
   */
  readonly global?: { readonly identifier: string; readonly role: 'primary' | 'secondary' };
}

export interface DatabasesProps {
  /** Prefix of shared names (security group, subnet group, parameter groups). */
  readonly namePrefix: string;
  readonly vpcId: string;
  /** Data subnets. */
  readonly subnetIds: readonly string[];
  /** Security group of the clients (the cluster nodes): the only allowed source. */
  readonly clientSecurityGroupId: string;
  readonly clusters: readonly DatabaseClusterSpec[];
  /** KMS key for storage, Performance Insights and the managed master secret. */
  readonly kmsKeyArn: string;
  /** PostgreSQL port, as the workloads' endpoints use it. */
  readonly port: number;
  /**
   * Tag keys kept off the instances (only the cluster carries the AWS Backup selection tag: AWS
   * Backup protects Aurora per cluster).
   * @default []
   */
  readonly clusterOnlyTagKeys?: readonly string[];
  /**
   * Databases whose clusters publish logical replication (`rds.logical_replication = 1`: a DMS feed reads them).
   * @default []
   */
  readonly logicalReplication?: readonly string[];
  /**
   * Aurora PostgreSQL engine version.
   * @default AURORA_POSTGRES_VERSION ('16.6')
   */
  readonly engineVersion?: string;
  /**
   * Cluster parameter group family; must match the engine's major version.
   * @default AURORA_POSTGRES_FAMILY ('aurora-postgresql16')
   */
  readonly parameterGroupFamily?: string;
  /**
   * Master user name (its password is generated and kept in Secrets Manager by RDS).
   * @default MASTER_USERNAME ('platform_admin')
   */
  readonly masterUsername?: string;
  /**
   * Log types exported to CloudWatch Logs.
   * @default LOG_EXPORTS (['postgresql'])
   */
  readonly logExports?: readonly string[];
  /**
   * Performance Insights retention in days (7 is the free tier).
   * @default PERFORMANCE_INSIGHTS_RETENTION_DAYS (7)
   */
  readonly performanceInsightsRetentionDays?: number;
}

export const AURORA_ENGINE = 'aurora-postgresql';
export const AURORA_POSTGRES_VERSION = '16.6';
export const AURORA_POSTGRES_FAMILY = 'aurora-postgresql16';
export const MASTER_USERNAME = 'platform_admin';
export const LOG_EXPORTS: readonly string[] = ['postgresql'];
export const PERFORMANCE_INSIGHTS_RETENTION_DAYS = 7;

const DATABASES_DEFAULTS = {
  clusterOnlyTagKeys: [] as readonly string[],
  logicalReplication: [] as readonly string[],
  engineVersion: AURORA_POSTGRES_VERSION,
  parameterGroupFamily: AURORA_POSTGRES_FAMILY,
  masterUsername: MASTER_USERNAME,
  logExports: LOG_EXPORTS,
  performanceInsightsRetentionDays: PERFORMANCE_INSIGHTS_RETENTION_DAYS,
};

export interface DatabaseEndpoints {
  readonly name: string;
  /** Stable private DNS names from the plan. */
  readonly host: string;
  readonly readerHost: string;
  /** Aurora's writer and reader endpoints. */
  readonly endpoint: string;
  readonly readerEndpoint: string;
}

export class Databases extends Construct {
  readonly securityGroup: SecurityGroup;
  readonly clusters: readonly RdsCluster[];
  readonly instances: readonly RdsClusterInstance[];
  readonly endpoints: readonly DatabaseEndpoints[];

  constructor(scope: Construct, id: string, props: DatabasesProps) {
    super(scope, id);
    const p = withDefaults(DATABASES_DEFAULTS, props);

    this.securityGroup = new DataStoreAccess(this, 'access', {
      name: `${p.namePrefix}-databases`,
      vpcId: p.vpcId,
      storeName: 'Aurora clusters',
      protocolName: 'PostgreSQL',
      port: p.port,
      clientSecurityGroupId: p.clientSecurityGroupId,
    }).securityGroup;

    const subnetGroup = new DbSubnetGroup(this, 'subnet-group', {
      name: `${p.namePrefix}-data`,
      description: 'Data subnets',
      subnetIds: [...p.subnetIds],
      tags: { Name: `${p.namePrefix}-data` },
    });

    const parameterGroups = new Map<string, RdsClusterParameterGroup>();
    for (const { database } of p.clusters) {
      if (parameterGroups.has(database.id)) continue;
      parameterGroups.set(
        database.id,
        new RdsClusterParameterGroup(this, `params-${database.id}`, {
          name: `${p.namePrefix}-${database.id}`,
          family: p.parameterGroupFamily,
          description: `${database.id}: slow query log at ${database.slowQueryMs} ms${p.logicalReplication.includes(database.id) ? ', logical replication' : ''}`,
          parameter: [
            { name: 'log_min_duration_statement', value: String(database.slowQueryMs), applyMethod: 'immediate' },
            // TLS only; pending-reboot is accepted for static and dynamic parameters alike, and a new cluster starts with it.
            { name: 'rds.force_ssl', value: '1', applyMethod: 'pending-reboot' },
            // Logical replication (a DMS feed reads the cluster); static, in effect from the instances' first boot.
            ...(p.logicalReplication.includes(database.id) ? [{ name: 'rds.logical_replication', value: '1', applyMethod: 'pending-reboot' }] : []),
          ],
          tags: { Name: `${p.namePrefix}-${database.id}`, database: database.id },
        }),
      );
    }

    const clusters: RdsCluster[] = [];
    const instances: RdsClusterInstance[] = [];
    const endpoints: DatabaseEndpoints[] = [];
    for (const { instance, database, global } of p.clusters) {
      const name = instance.name;
      const secondary = global?.role === 'secondary';
      const cluster = new RdsCluster(this, `cluster-${name}`, {
        clusterIdentifier: name,
        engine: AURORA_ENGINE,
        engineVersion: p.engineVersion,
        // A global secondary gets its credentials from the primary.
        masterUsername: secondary ? undefined : p.masterUsername,
        manageMasterUserPassword: secondary ? undefined : true,
        masterUserSecretKmsKeyId: secondary ? undefined : p.kmsKeyArn,
        globalClusterIdentifier: secondary ? global!.identifier : undefined,
        storageEncrypted: true,
        kmsKeyId: p.kmsKeyArn,
        deletionProtection: true,
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: `${name}-final`,
        backupRetentionPeriod: database.backupRetentionDays,
        copyTagsToSnapshot: true,
        dbSubnetGroupName: subnetGroup.name,
        vpcSecurityGroupIds: [this.securityGroup.id],
        dbClusterParameterGroupName: parameterGroups.get(database.id)!.name,
        port: p.port,
        enabledCloudwatchLogsExports: [...p.logExports],
        iamDatabaseAuthenticationEnabled: true,
        tags: { Name: name, ...instance.tags },
        lifecycle: secondary ? { ignoreChanges: ['replication_source_identifier'] } : undefined,
      });
      clusters.push(cluster);
      if (global?.role === 'primary') {
        new RdsGlobalCluster(this, `global-${name}`, {
          globalClusterIdentifier: global.identifier,
          sourceDbClusterIdentifier: cluster.arn,
          deletionProtection: true,
          forceDestroy: false,
        });
      }
      const instanceTags = omitKeys(instance.tags, p.clusterOnlyTagKeys);
      // Member 0 is the writer; the readers follow. Members go round the planned zones in order.
      const members = instance.writers + instance.readers;
      for (let k = 0; k < members; k++) {
        const memberName = `${name}-${k}`;
        instances.push(
          new RdsClusterInstance(this, `instance-${memberName}`, {
            identifier: memberName,
            clusterIdentifier: cluster.id,
            engine: AURORA_ENGINE,
            engineVersion: p.engineVersion,
            instanceClass: instance.instanceClass,
            availabilityZone: instance.zones[k % instance.zones.length],
            promotionTier: k < instance.writers ? 0 : 1,
            publiclyAccessible: false,
            dbSubnetGroupName: subnetGroup.name,
            performanceInsightsEnabled: true,
            performanceInsightsKmsKeyId: p.kmsKeyArn,
            performanceInsightsRetentionPeriod: p.performanceInsightsRetentionDays,
            autoMinorVersionUpgrade: true,
            copyTagsToSnapshot: true,
            tags: { Name: memberName, role: k < instance.writers ? 'writer' : 'reader', ...instanceTags },
          }),
        );
      }
      endpoints.push({ name, host: instance.host, readerHost: instance.readerHost, endpoint: cluster.endpoint, readerEndpoint: cluster.readerEndpoint });
    }
    this.clusters = clusters;
    this.instances = instances;
    this.endpoints = endpoints;
  }
}
