/**
 * Cross-cloud replication into a standby (the plan's ReplicationPlan): an AWS DMS replication instance in the
 * primary's data subnets and, per feed (standby shard), a source endpoint (the Aurora primary shard's writer), a
 * target endpoint (the standby shard's private address, over the VPN), a full-load-and-CDC task copying every
 * table of the replicated database, and a CloudWatch alarm on the task's CDCLatencyTarget at the planned bound
 * (missing data counts as breaching: a stopped task is the worst lag).
 *
 * Credentials: a generated password per endpoint (random_password, kept in state), stored with the host and
 * port in a Secrets Manager secret per endpoint that DMS reads through a role; nothing secret is in the output.
 * The target user is created by the peer's provider (the stack wires it). The source side (`ReplicationSource`,
 * in the primary's region stack) is a secret per primary shard for a replication user that the region's
 * database role function creates on the shard (constructs/aws/database-roles.ts): Aurora's managed master secret
 * carries no host or port, so DMS cannot use it.
 */
import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DmsEndpoint } from '@cdktf/provider-aws/lib/dms-endpoint';
import { DmsReplicationInstance } from '@cdktf/provider-aws/lib/dms-replication-instance';
import { DmsReplicationSubnetGroup } from '@cdktf/provider-aws/lib/dms-replication-subnet-group';
import { DmsReplicationTask } from '@cdktf/provider-aws/lib/dms-replication-task';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { Password } from '@cdktf/provider-random/lib/password';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import type { ReplicationFeedPlan, ReplicationPlan } from '../../synth/model/index';
import { type AccountContext, ServiceRole } from './iam';

export interface ReplicationFeedWiring {
  readonly plan: ReplicationFeedPlan;
  /** Secret (username, password, host, port) of the primary shard's replication user (ReplicationSource). */
  readonly sourceSecretArn: string;
  /** Private address DMS reaches the standby shard's writer at (over the VPN). */
  readonly targetHost: string;
  /**
   * The target login when the peer already has one (Azure: the servers' password administrator).
   * @default a generated password for `username` (the stack creates the user with it)
   */
  readonly targetPassword?: string;
}

export interface ReplicationProps {
  readonly replication: ReplicationPlan;
  /** AWS region (location) of the instance, for the DMS service principal. */
  readonly location: string;
  readonly subnetIds: string[];
  readonly securityGroupId: string;
  readonly feeds: readonly ReplicationFeedWiring[];
  /** Where the lag alarms notify. */
  readonly alarmTopicArn: string;
  readonly account: AccountContext;
  /**
   * PostgreSQL user DMS connects as, on both sides.
   * @default the plan's targetUser
   */
  readonly username?: string;
}

export const REPLICATION_USER = 'dms_replication';
/** Generated passwords: long, letters and digits only (DMS endpoint settings reject some punctuation). */
export const PASSWORD_LENGTH = 40;
/** Limited LOB mode: LOB columns are copied up to this size (KB); larger values are truncated. */
export const LOB_MAX_SIZE_KB = 64;

/** The DMS task id of a task ARN (CloudWatch's ReplicationTaskIdentifier dimension). */
function taskResourceId(arn: string): string {
  return Fn.element(Fn.split(':', arn), 6);
}

export interface ReplicationSourceProps {
  /** Primary shards with a cross-cloud feed: name and Aurora writer endpoint. */
  readonly shards: readonly { readonly name: string; readonly host: string; readonly port: number }[];
  readonly vpcId: string;
  /** Security group of the Aurora clusters (gets ingress from the replication instances). */
  readonly databaseSecurityGroupId: string;
  readonly port: number;
  /** Where the standbys are (the peers' announced ranges). */
  readonly peerRanges: readonly string[];
  readonly name: string;
  /**
   * @default REPLICATION_USER
   */
  readonly username?: string;
}

/** The primary region's part: the replication instances' security group and a replication-user secret per shard. */
export class ReplicationSource extends Construct {
  readonly securityGroup: SecurityGroup;
  readonly secrets: ReadonlyMap<string, SecretsmanagerSecret>;

  constructor(scope: Construct, id: string, props: ReplicationSourceProps) {
    super(scope, id);
    const username = props.username ?? REPLICATION_USER;
    this.securityGroup = new SecurityGroup(this, 'sg', {
      name: props.name,
      description: 'DMS replication instances: PostgreSQL to the Aurora primaries and to the standbys over the VPN',
      vpcId: props.vpcId,
      tags: { Name: props.name },
    });
    new VpcSecurityGroupIngressRule(this, 'aurora-from-dms', {
      securityGroupId: props.databaseSecurityGroupId,
      referencedSecurityGroupId: this.securityGroup.id,
      ipProtocol: 'tcp',
      fromPort: props.port,
      toPort: props.port,
      description: 'PostgreSQL from the DMS replication instances',
    });
    new VpcSecurityGroupEgressRule(this, 'egress-aurora', {
      securityGroupId: this.securityGroup.id,
      referencedSecurityGroupId: props.databaseSecurityGroupId,
      ipProtocol: 'tcp',
      fromPort: props.port,
      toPort: props.port,
      description: 'PostgreSQL to the Aurora primaries',
    });
    props.peerRanges.forEach((cidr, i) =>
      new VpcSecurityGroupEgressRule(this, `egress-standby-${i}`, {
        securityGroupId: this.securityGroup.id,
        cidrIpv4: cidr,
        ipProtocol: 'tcp',
        fromPort: props.port,
        toPort: props.port,
        description: `PostgreSQL to the standbys (${cidr}, over the VPN)`,
      }),
    );
    new VpcSecurityGroupEgressRule(this, 'egress-https', {
      securityGroupId: this.securityGroup.id,
      cidrIpv4: '0.0.0.0/0',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      description: 'HTTPS to the AWS APIs (Secrets Manager, CloudWatch) through the NAT gateways',
    });
    const secrets = new Map<string, SecretsmanagerSecret>();
    for (const shard of props.shards) {
      const password = new Password(this, `password-${shard.name}`, { length: PASSWORD_LENGTH, special: false });
      const secret = new SecretsmanagerSecret(this, `secret-${shard.name}`, {
        name: `${props.name}/${shard.name}`,
        description: `Replication user of ${shard.name} (DMS source)`,
        recoveryWindowInDays: 7,
        tags: { Name: `${props.name}/${shard.name}` },
      });
      new SecretsmanagerSecretVersion(this, `secret-${shard.name}-value`, {
        secretId: secret.id,
        secretString: Fn.jsonencode({ username, password: password.result, host: shard.host, port: shard.port }),
      });
      secrets.set(shard.name, secret);
    }
    this.secrets = secrets;
  }
}

export class Replication extends Construct {
  readonly instance: DmsReplicationInstance;
  readonly tasks: ReadonlyMap<string, DmsReplicationTask>;
  readonly alarms: ReadonlyMap<string, CloudwatchMetricAlarm>;
  /** Generated target password per feed (the stack creates the target user with it). */
  readonly targetPasswords: ReadonlyMap<string, string>;
  readonly username: string;

  constructor(scope: Construct, id: string, props: ReplicationProps) {
    super(scope, id);
    const r = props.replication;
    this.username = props.username ?? r.targetUser ?? REPLICATION_USER;
    const subnetGroup = new DmsReplicationSubnetGroup(this, 'subnet-group', {
      replicationSubnetGroupId: r.name,
      replicationSubnetGroupDescription: `Data subnets of ${r.primary} for the replication of ${r.database} to ${r.failover}`,
      subnetIds: props.subnetIds,
      tags: { Name: r.name },
    });
    this.instance = new DmsReplicationInstance(this, 'instance', {
      replicationInstanceId: r.name,
      replicationInstanceClass: r.instanceClass,
      allocatedStorage: r.allocatedStorageGb,
      multiAz: r.multiAz,
      publiclyAccessible: false,
      autoMinorVersionUpgrade: true,
      replicationSubnetGroupId: subnetGroup.replicationSubnetGroupId,
      vpcSecurityGroupIds: [props.securityGroupId],
      tags: { Name: r.name, database: r.database },
    });

    const secrets: { id: string; arn: string }[] = [];
    const secretOf = (name: string, host: string, port: number, password: string) => {
      const secret = new SecretsmanagerSecret(this, `secret-${name}`, { name: `${r.name}/${name}`, description: `DMS endpoint ${name}`, recoveryWindowInDays: 7, tags: { Name: `${r.name}/${name}` } });
      new SecretsmanagerSecretVersion(this, `secret-${name}-value`, {
        secretId: secret.id,
        secretString: Fn.jsonencode({ username: this.username, password, host, port }),
      });
      secrets.push({ id: name, arn: secret.arn });
      return secret.arn;
    };
    const passwordOf = (name: string) => new Password(this, `password-${name}`, { length: PASSWORD_LENGTH, special: false });

    const endpointSpecs: { feed: ReplicationFeedWiring; source: string; target: string }[] = [];
    const targetPasswords = new Map<string, string>();
    for (const f of props.feeds) {
      const targetPassword = f.targetPassword ?? passwordOf(`${f.plan.name}-target`).result;
      targetPasswords.set(f.plan.name, targetPassword);
      secrets.push({ id: `${f.plan.name}-source`, arn: f.sourceSecretArn });
      endpointSpecs.push({ feed: f, source: f.sourceSecretArn, target: secretOf(`${f.plan.name}-target`, f.targetHost, f.plan.port, targetPassword) });
    }
    this.targetPasswords = targetPasswords;

    const access = new ServiceRole(this, 'secrets-access', {
      name: `${r.name}-secrets`,
      servicePrincipal: `dms.${props.location}.amazonaws.com`,
      account: props.account,
      inlineStatements: [{ effect: 'Allow', actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [...new Set(secrets.map((x) => x.arn))] }],
    });

    const tasks = new Map<string, DmsReplicationTask>();
    const alarms = new Map<string, CloudwatchMetricAlarm>();
    for (const { feed, source, target } of endpointSpecs) {
      const f = feed.plan;
      const endpoint = (kind: 'source' | 'target', secretArn: string, engine: string) =>
        new DmsEndpoint(this, `endpoint-${f.name}-${kind}`, {
          endpointId: `${f.name}-${kind}`,
          endpointType: kind,
          engineName: engine,
          databaseName: r.databaseName,
          secretsManagerArn: secretArn,
          secretsManagerAccessRoleArn: access.arn,
          sslMode: 'require',
          tags: { Name: `${f.name}-${kind}` },
          dependsOn: access.dependables,
        });
      const src = endpoint('source', source, r.sourceEngine);
      const dst = endpoint('target', target, r.targetEngine);
      const task = new DmsReplicationTask(this, `task-${f.name}`, {
        replicationTaskId: f.name,
        migrationType: f.migrationType,
        replicationInstanceArn: this.instance.replicationInstanceArn,
        sourceEndpointArn: src.endpointArn,
        targetEndpointArn: dst.endpointArn,
        tableMappings: JSON.stringify({
          rules: [{ 'rule-type': 'selection', 'rule-id': '1', 'rule-name': 'all-tables', 'object-locator': { 'schema-name': '%', 'table-name': '%' }, 'rule-action': 'include' }],
        }),
        replicationTaskSettings: JSON.stringify({
          TargetMetadata: { SupportLobs: true, FullLobMode: false, LobMaxSize: LOB_MAX_SIZE_KB },
          FullLoadSettings: { TargetTablePrepMode: 'DO_NOTHING' },
          Logging: { EnableLogging: true },
        }),
        startReplicationTask: true,
        tags: { Name: f.name, database: r.database, source: f.source, target: f.target },
      });
      tasks.set(f.name, task);
      alarms.set(
        f.name,
        new CloudwatchMetricAlarm(this, `lag-${f.name}`, {
          alarmName: f.lagAlarm.name,
          alarmDescription: `Replication lag of ${f.source} (${r.primary}) into ${f.target} (${r.failover}) above the ${f.lagAlarm.thresholdSeconds}s region-loss RPO bound`,
          namespace: 'AWS/DMS',
          metricName: f.lagAlarm.metric,
          dimensions: { ReplicationInstanceIdentifier: r.name, ReplicationTaskIdentifier: taskResourceId(task.replicationTaskArn) },
          statistic: 'Maximum',
          period: f.lagAlarm.periodSeconds,
          evaluationPeriods: f.lagAlarm.evaluationPeriods,
          threshold: f.lagAlarm.thresholdSeconds,
          comparisonOperator: 'GreaterThanThreshold',
          treatMissingData: 'breaching',
          alarmActions: [props.alarmTopicArn],
          okActions: [props.alarmTopicArn],
          tags: { Name: f.lagAlarm.name },
        }),
      );
    }
    this.tasks = tasks;
    this.alarms = alarms;
  }
}
