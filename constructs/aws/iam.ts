/**
 * IAM building blocks: the account/partition context of a stack and service roles (trust policy for
 * one AWS service principal, AWS managed policies, an optional inline policy).
 */
import { Construct } from 'constructs';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { withDefaults } from '../terraform/util';

/** Account id and partition of the stack's credentials, for ARNs in policies. */
export class AccountContext extends Construct {
  readonly accountId: string;
  readonly partition: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.accountId = new DataAwsCallerIdentity(this, 'caller').accountId;
    this.partition = new DataAwsPartition(this, 'partition').partition;
  }

  /** ARN of an AWS managed policy, e.g. `service-role/AWSBackupServiceRolePolicyForBackup`. */
  managedPolicyArn(name: string): string {
    return `arn:${this.partition}:iam::aws:policy/${name}`;
  }

  /** ARN of the account root principal. */
  get rootArn(): string {
    return `arn:${this.partition}:iam::${this.accountId}:root`;
  }
}

export interface ServiceRoleProps {
  /** Role name (IAM names are account-wide: include the region). */
  readonly name: string;
  /** Service principal allowed to assume the role, e.g. `eks.amazonaws.com`. */
  readonly servicePrincipal: string;
  readonly account: AccountContext;
  /**
   * AWS managed policies to attach, by name under `arn:<partition>:iam::aws:policy/`.
   * @default [] (none)
   */
  readonly managedPolicies?: readonly string[];
  /**
   * Statements of an inline policy.
   * @default [] (no inline policy)
   */
  readonly inlineStatements?: readonly DataAwsIamPolicyDocumentStatement[];
  /**
   * Actions the service principal is allowed in the trust policy (EKS capabilities also need sts:TagSession).
   * @default ['sts:AssumeRole']
   */
  readonly trustActions?: readonly string[];
  /**
   * Provider to create the role with.
   * @default the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

const SERVICE_ROLE_DEFAULTS = {
  managedPolicies: [] as readonly string[],
  inlineStatements: [] as readonly DataAwsIamPolicyDocumentStatement[],
  trustActions: ['sts:AssumeRole'] as readonly string[],
};

export class ServiceRole extends Construct {
  readonly role: IamRole;
  /** The role and its policy attachments: depend on these before using the role. */
  readonly dependables: ITerraformDependable[] = [];

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    const p = withDefaults(SERVICE_ROLE_DEFAULTS, props);
    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      provider: p.provider,
      statement: [{ effect: 'Allow', actions: [...p.trustActions], principals: [{ type: 'Service', identifiers: [p.servicePrincipal] }] }],
    });
    this.role = new IamRole(this, 'role', {
      provider: p.provider,
      name: p.name,
      assumeRolePolicy: trust.json,
      tags: { Name: p.name },
    });
    this.dependables.push(this.role);
    for (const policy of p.managedPolicies) {
      this.dependables.push(
        new IamRolePolicyAttachment(this, `managed-${policy.replace(/[^A-Za-z0-9]/g, '-')}`, {
          provider: p.provider,
          role: this.role.name,
          policyArn: p.account.managedPolicyArn(policy),
        }),
      );
    }
    if (p.inlineStatements.length > 0) {
      const doc = new DataAwsIamPolicyDocument(this, 'inline-document', { provider: p.provider, statement: [...p.inlineStatements] });
      this.dependables.push(new IamRolePolicy(this, 'inline', { provider: p.provider, name: p.name, role: this.role.id, policy: doc.json }));
    }
  }

  get arn(): string {
    return this.role.arn;
  }
}
