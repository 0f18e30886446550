/**
 * The database-side roles of an AWS region (the plan's DatabaseRolesPlan, mechanism `aws-lambda`): a one-shot
 * Lambda function in the private subnets, with its own security group (PostgreSQL to the Aurora clusters, HTTPS
 * to Secrets Manager and the RDS trust store through the NAT gateways), invoked by Terraform once the writers
 * exist. It reads each writer's managed master secret and each login's secret itself; the invocation carries
 * only ARNs, endpoints and the planned SQL (re-invoked when any of them changes; the SQL is idempotent).
 */
import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { DataArchiveFile } from '@cdktf/provider-archive/lib/data-archive-file';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaInvocation } from '@cdktf/provider-aws/lib/lambda-invocation';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import type { DatabaseRolesPlan } from '../../synth/model/index';
import { PlanInvariantError } from '../../synth/util/errors';
import { withDefaults } from '../terraform/util';
import { DATABASE_ROLES_HANDLER, DATABASE_ROLES_HANDLER_FILE, DATABASE_ROLES_HANDLER_SOURCE } from './database-roles-handler';
import { type AccountContext, ServiceRole } from './iam';

export interface DatabaseRolesFunctionProps {
  readonly roles: DatabaseRolesPlan;
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  /** Security group of the Aurora clusters (gets ingress from the function). */
  readonly databaseSecurityGroupId: string;
  readonly port: number;
  /** Per planned writer: Aurora's writer endpoint and its managed master secret. */
  readonly writers: ReadonlyMap<string, { readonly endpoint: string; readonly masterSecretArn: string }>;
  /** Secret of each planned login, by `<instance>/<user>`. */
  readonly loginSecretArns: ReadonlyMap<string, string>;
  /** KMS key of the master secrets. */
  readonly secretsKeyArn: string;
  readonly logsKeyArn: string;
  /** What the invocation waits for: the writers' instances. */
  readonly dependsOn: readonly ITerraformDependable[];
  readonly account: AccountContext;
  /** AWS region (Secrets Manager's service name in the key condition). */
  readonly location: string;
  /**
   * Log retention of the function in days.
   * @default DATABASE_ROLES_LOG_RETENTION_DAYS (90)
   */
  readonly logRetentionDays?: number;
  /**
   * Runtime of the function (must bundle the AWS SDK for JavaScript v3).
   * @default DATABASE_ROLES_RUNTIME ('nodejs20.x')
   */
  readonly runtime?: string;
}

export const DATABASE_ROLES_LOG_RETENTION_DAYS = 90;
export const DATABASE_ROLES_RUNTIME = 'nodejs20.x';
export const DATABASE_ROLES_TIMEOUT_SECONDS = 900;
const DEADLINE_SECONDS = DATABASE_ROLES_TIMEOUT_SECONDS - 60;
const DEFAULTS = { logRetentionDays: DATABASE_ROLES_LOG_RETENTION_DAYS, runtime: DATABASE_ROLES_RUNTIME };

export class DatabaseRolesFunction extends Construct {
  readonly invocation: LambdaInvocation;
  readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: DatabaseRolesFunctionProps) {
    super(scope, id);
    const p = withDefaults(DEFAULTS, props);
    const plan = p.roles;
    if (plan.mechanism !== 'aws-lambda' || !plan.identity || !plan.serverCa) {
      throw new PlanInvariantError('databases', `${plan.region}: database roles of mechanism ${plan.mechanism} given to the Lambda construct`);
    }
    const writer = (instance: string) => {
      const w = p.writers.get(instance);
      if (!w) throw new PlanInvariantError('databases', `${plan.region}: no Aurora writer ${instance} in the stack for its planned roles`);
      return w;
    };
    const loginSecret = (instance: string, user: string) => {
      const arn = p.loginSecretArns.get(`${instance}/${user}`);
      if (!arn) throw new PlanInvariantError('databases', `${plan.region}: no secret of login ${user} on ${instance}`);
      return arn;
    };
    const secretArns = [
      ...plan.instances.map((i) => writer(i.instance).masterSecretArn),
      ...plan.instances.flatMap((i) => i.logins.map((l) => loginSecret(i.instance, l.user))),
    ];

    this.securityGroup = new SecurityGroup(this, 'sg', {
      name: plan.name,
      description: 'Database role step: PostgreSQL to the Aurora writers, HTTPS to Secrets Manager',
      vpcId: p.vpcId,
      tags: { Name: plan.name },
    });
    new VpcSecurityGroupIngressRule(this, 'aurora-from-function', {
      securityGroupId: p.databaseSecurityGroupId,
      referencedSecurityGroupId: this.securityGroup.id,
      ipProtocol: 'tcp',
      fromPort: p.port,
      toPort: p.port,
      description: 'PostgreSQL from the database role step',
    });
    const egress = [
      new VpcSecurityGroupEgressRule(this, 'egress-aurora', {
        securityGroupId: this.securityGroup.id,
        referencedSecurityGroupId: p.databaseSecurityGroupId,
        ipProtocol: 'tcp',
        fromPort: p.port,
        toPort: p.port,
        description: 'PostgreSQL to the Aurora writers',
      }),
      new VpcSecurityGroupEgressRule(this, 'egress-https', {
        securityGroupId: this.securityGroup.id,
        cidrIpv4: '0.0.0.0/0',
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        description: 'HTTPS to Secrets Manager and the RDS trust store (NAT)',
      }),
    ];

    const role = new ServiceRole(this, 'role', {
      name: plan.identity,
      servicePrincipal: 'lambda.amazonaws.com',
      account: p.account,
      managedPolicies: ['service-role/AWSLambdaVPCAccessExecutionRole'],
      inlineStatements: [
        { sid: 'ReadTheLoginSecrets', effect: 'Allow', actions: ['secretsmanager:GetSecretValue'], resources: secretArns },
        {
          sid: 'DecryptTheMasterSecrets',
          effect: 'Allow',
          actions: ['kms:Decrypt'],
          resources: [p.secretsKeyArn],
          condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: [`secretsmanager.${p.location}.amazonaws.com`] }],
        },
      ],
    });
    const logs = new CloudwatchLogGroup(this, 'logs', {
      name: `/aws/lambda/${plan.name}`,
      retentionInDays: p.logRetentionDays,
      kmsKeyId: p.logsKeyArn,
      tags: { Name: plan.name },
    });
    const archive = new DataArchiveFile(this, 'code', {
      type: 'zip',
      outputPath: `\${path.module}/${plan.name}.zip`,
      source: [{ content: DATABASE_ROLES_HANDLER_SOURCE, filename: DATABASE_ROLES_HANDLER_FILE }],
    });
    const fn = new LambdaFunction(this, 'function', {
      functionName: plan.name,
      description: `Creates the services' PostgreSQL roles on the Aurora writers of ${plan.cluster} (idempotent)`,
      role: role.arn,
      runtime: p.runtime,
      handler: DATABASE_ROLES_HANDLER,
      filename: archive.outputPath,
      sourceCodeHash: archive.outputBase64Sha256,
      timeout: DATABASE_ROLES_TIMEOUT_SECONDS,
      memorySize: 128,
      vpcConfig: { subnetIds: [...p.subnetIds], securityGroupIds: [this.securityGroup.id] },
      loggingConfig: { logFormat: 'JSON', logGroup: logs.name },
      tags: { Name: plan.name },
      dependsOn: [logs, ...role.dependables, ...egress],
    });
    this.invocation = new LambdaInvocation(this, 'invocation', {
      functionName: fn.functionName,
      input: JSON.stringify({
        caBundleUrl: plan.serverCa,
        deadlineSeconds: DEADLINE_SECONDS,
        instances: plan.instances.map((i) => ({
          instance: i.instance,
          host: writer(i.instance).endpoint,
          port: i.port,
          database: i.database,
          masterSecretArn: writer(i.instance).masterSecretArn,
          statements: [...i.statements],
          logins: i.logins.map((l) => ({ user: l.user, secretArn: loginSecret(i.instance, l.user) })),
        })),
      }),
      dependsOn: [fn, ...p.dependsOn],
    });
  }
}
