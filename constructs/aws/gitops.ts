/**
 * GitOps agent of an EKS cluster: the EKS capability for Argo CD (managed Argo CD running outside the
 * cluster; AWS reaches the private endpoint itself), its IAM role with cluster-admin access through an
 * access policy association, and the bootstrap that registers the local cluster in Argo CD and creates
 * the root Application: a one-shot Lambda function in the private subnets (cluster security group,
 * which the API endpoint admits), invoked by Terraform with the objects, allowed only in the agent's
 * namespace. The root Application syncs the cluster's Application file, which delivers the cluster's
 * folder; both retry with backoff and prune.
 */
import { Construct } from 'constructs';
import { DataArchiveFile } from '@cdktf/provider-archive/lib/data-archive-file';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksCapability } from '@cdktf/provider-aws/lib/eks-capability';
import type { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaInvocation } from '@cdktf/provider-aws/lib/lambda-invocation';
import type { GitOpsAgentPlan } from '../../synth/model/index';
import { withDefaults } from '../terraform/util';
import { BOOTSTRAP_HANDLER, BOOTSTRAP_HANDLER_FILE, BOOTSTRAP_HANDLER_SOURCE } from './gitops-bootstrap-handler';
import { AccountContext, ServiceRole } from './iam';
import { PlanInvariantError } from '../../synth/util/errors';

export interface ArgoCdCapabilityProps {
  readonly agent: GitOpsAgentPlan;
  readonly cluster: EksCluster;
  /** AWS region of the cluster (the bootstrap signs its token for that region's STS). */
  readonly region: string;
  /** Private subnets the bootstrap function runs in. */
  readonly subnetIds: readonly string[];
  /** KMS key of the bootstrap function's log group. */
  readonly logsKeyArn: string;
  /** IAM Identity Center instance (required by the capability for sign-in) and its home region. */
  readonly identityCenterInstanceArn: string;
  readonly identityCenterRegion: string;
  readonly account: AccountContext;
  /**
   * Log retention of the bootstrap function in days.
   * @default BOOTSTRAP_LOG_RETENTION_DAYS (90)
   */
  readonly logRetentionDays?: number;
  /**
   * Runtime of the bootstrap function.
   * @default BOOTSTRAP_RUNTIME ('nodejs20.x')
   */
  readonly runtime?: string;
}

export const BOOTSTRAP_LOG_RETENTION_DAYS = 90;
export const BOOTSTRAP_RUNTIME = 'nodejs20.x';
/** Lambda's maximum run time; the function gives up a minute earlier so it can report why. */
export const BOOTSTRAP_TIMEOUT_SECONDS = 900;
const BOOTSTRAP_DEADLINE_SECONDS = BOOTSTRAP_TIMEOUT_SECONDS - 60;
export const CAPABILITY_DELETE_PROPAGATION = 'RETAIN';
/** Argo CD's repository Secret of a private repository (written by the bootstrap function). */
export const REPOSITORY_SECRET = 'platform-repository';
/** EKS access policies (`arn:<partition>:eks::aws:cluster-access-policy/<name>`). */
export const CLUSTER_ADMIN_POLICY = 'AmazonEKSClusterAdminPolicy';

const DEFAULTS = { logRetentionDays: BOOTSTRAP_LOG_RETENTION_DAYS, runtime: BOOTSTRAP_RUNTIME };

export class ArgoCdCapability extends Construct {
  readonly capability: EksCapability;
  readonly bootstrap: LambdaInvocation;

  constructor(scope: Construct, id: string, props: ArgoCdCapabilityProps) {
    super(scope, id);
    const p = withDefaults(DEFAULTS, props);
    const argocd = p.agent.argocd;
    if (!argocd) throw new PlanInvariantError('gitops', `cluster ${p.agent.cluster}: the plan gives no Argo CD settings`);
    const accessPolicy = (name: string) => `arn:${p.account.partition}:eks::aws:cluster-access-policy/${name}`;
    const clusterName = p.cluster.name;

    const role = new ServiceRole(this, 'capability-role', {
      name: argocd.capabilityRole,
      servicePrincipal: 'capabilities.eks.amazonaws.com',
      trustActions: ['sts:AssumeRole', 'sts:TagSession'],
      account: p.account,
    });
    this.capability = new EksCapability(this, 'capability', {
      capabilityName: p.agent.name,
      clusterName,
      type: 'ARGOCD',
      roleArn: role.arn,
      deletePropagationPolicy: CAPABILITY_DELETE_PROPAGATION,
      configuration: [
        { argoCd: [{ namespace: p.agent.namespace, awsIdc: [{ idcInstanceArn: p.identityCenterInstanceArn, idcRegion: p.identityCenterRegion }] }] },
      ],
      dependsOn: role.dependables,
    });
    // EKS creates the capability role's access entry, without Kubernetes permissions: Argo CD manages the
    // whole cluster (namespaces, CRDs, priority classes), so it gets cluster admin.
    const capabilityAccess = new EksAccessPolicyAssociation(this, 'capability-access', {
      clusterName,
      principalArn: role.arn,
      policyArn: accessPolicy(CLUSTER_ADMIN_POLICY),
      accessScope: { type: 'cluster' },
      dependsOn: [this.capability],
    });

    // Bootstrap: a function in the VPC applies the cluster registration and the root Application.
    const credentials = p.agent.credentials;
    const fnRole = new ServiceRole(this, 'bootstrap-role', {
      name: argocd.bootstrapRole,
      servicePrincipal: 'lambda.amazonaws.com',
      account: p.account,
      managedPolicies: ['service-role/AWSLambdaVPCAccessExecutionRole'],
      // A private repository: the function reads its token (never Terraform) and writes Argo CD's repository Secret.
      ...(credentials
        ? {
            inlineStatements: [
              {
                sid: 'ReadTheRepositoryToken',
                effect: 'Allow',
                actions: ['secretsmanager:GetSecretValue'],
                resources: [`arn:${p.account.partition}:secretsmanager:${p.region}:${p.account.accountId}:secret:${credentials.secret}-??????`],
              },
            ],
          }
        : {}),
    });
    const entry = new EksAccessEntry(this, 'bootstrap-access-entry', { clusterName, principalArn: fnRole.arn, type: 'STANDARD' });
    const fnAccess = new EksAccessPolicyAssociation(this, 'bootstrap-access', {
      clusterName,
      principalArn: fnRole.arn,
      policyArn: accessPolicy(CLUSTER_ADMIN_POLICY),
      accessScope: { type: 'namespace', namespaces: [p.agent.namespace] },
      dependsOn: [entry],
    });
    const logs = new CloudwatchLogGroup(this, 'bootstrap-logs', {
      name: `/aws/lambda/${argocd.bootstrapFunction}`,
      retentionInDays: p.logRetentionDays,
      kmsKeyId: p.logsKeyArn,
      tags: { Name: argocd.bootstrapFunction },
    });
    const archive = new DataArchiveFile(this, 'bootstrap-code', {
      type: 'zip',
      // Written next to the stack at plan time (Terraform's working directory), never into dist/.
      outputPath: `\${path.module}/${argocd.bootstrapFunction}.zip`,
      source: [{ content: BOOTSTRAP_HANDLER_SOURCE, filename: BOOTSTRAP_HANDLER_FILE }],
    });
    const fn = new LambdaFunction(this, 'bootstrap', {
      functionName: argocd.bootstrapFunction,
      description: `Applies the GitOps bootstrap objects to ${clusterName} (private endpoint) once`,
      role: fnRole.arn,
      runtime: p.runtime,
      handler: BOOTSTRAP_HANDLER,
      filename: archive.outputPath,
      sourceCodeHash: archive.outputBase64Sha256,
      timeout: BOOTSTRAP_TIMEOUT_SECONDS,
      memorySize: 128,
      vpcConfig: { subnetIds: [...p.subnetIds], securityGroupIds: [p.cluster.vpcConfig.clusterSecurityGroupId] },
      loggingConfig: { logFormat: 'JSON', logGroup: logs.name },
      tags: { Name: argocd.bootstrapFunction },
      dependsOn: [logs, ...fnRole.dependables],
    });

    const ns = p.agent.namespace;
    const registration = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: argocd.destination, namespace: ns, labels: { 'argocd.argoproj.io/secret-type': 'cluster' } },
      type: 'Opaque',
      // The managed capability identifies clusters by ARN, not by API URL.
      stringData: { name: argocd.destination, server: p.cluster.arn, project: argocd.project },
    };
    const root = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: argocd.rootApplication, namespace: ns },
      spec: {
        project: argocd.project,
        source: { repoURL: p.agent.repoURL, targetRevision: p.agent.revision, path: argocd.rootPath, directory: { recurse: false, include: argocd.rootInclude } },
        destination: { name: argocd.destination, namespace: ns },
        syncPolicy: { automated: { prune: p.agent.prune, selfHeal: true }, retry: argoRetry(p.agent) },
      },
    };
    this.bootstrap = new LambdaInvocation(this, 'bootstrap-invocation', {
      functionName: fn.functionName,
      // Plain JSON with the cluster's attributes interpolated: name, URL, ARN and base64 need no escaping.
      input: JSON.stringify({
        clusterName,
        region: p.region,
        server: p.cluster.endpoint,
        certificateAuthority: p.cluster.certificateAuthority.get(0).data,
        deadlineSeconds: BOOTSTRAP_DEADLINE_SECONDS,
        ...(credentials
          ? {
              repository: {
                secretId: credentials.secret,
                path: `/api/v1/namespaces/${ns}/secrets/${REPOSITORY_SECRET}?fieldManager=platform-bootstrap&force=true`,
                metadata: { name: REPOSITORY_SECRET, namespace: ns, labels: { 'argocd.argoproj.io/secret-type': 'repository' } },
                url: p.agent.repoURL,
                username: credentials.username,
              },
            }
          : {}),
        objects: [
          { path: `/api/v1/namespaces/${ns}/secrets/${argocd.destination}?fieldManager=platform-bootstrap&force=true`, body: registration },
          { path: `/apis/argoproj.io/v1alpha1/namespaces/${ns}/applications/${argocd.rootApplication}?fieldManager=platform-bootstrap&force=true`, body: root },
        ],
      }),
      dependsOn: [capabilityAccess, fnAccess, fn],
    });
  }
}

/** Argo CD Application retry policy from the plan. */
export function argoRetry(agent: GitOpsAgentPlan) {
  return {
    limit: agent.retry.limit,
    backoff: { duration: `${agent.retry.backoffSeconds}s`, factor: agent.retry.factor, maxDuration: `${agent.retry.maxBackoffSeconds}s` },
  };
}
