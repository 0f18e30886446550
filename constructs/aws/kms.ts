/**
 * Customer managed KMS keys: rotation on, an alias, and (when a service must use the key with its
 * own principal, like CloudWatch Logs) a key policy granting it.
 */
import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { AccountContext } from './iam';
import { withDefaults } from '../terraform/util';

export interface EncryptionKeyProps {
  /** Alias name without the `alias/` prefix. */
  readonly alias: string;
  readonly description: string;
  readonly account: AccountContext;
  /**
   * Extra key policy statements (beside the account root statement that delegates to IAM).
   * @default [] (the AWS default key policy)
   */
  readonly extraStatements?: readonly DataAwsIamPolicyDocumentStatement[];
  /**
   * Waiting period before a scheduled deletion.
   * @default KEY_DELETION_WINDOW_DAYS (30)
   */
  readonly deletionWindowDays?: number;
  /**
   * Provider (region) of the key.
   * @default the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Tags of the key (besides the provider's default tags).
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Longest deletion waiting period AWS allows: the safest. */
export const KEY_DELETION_WINDOW_DAYS = 30;

const ENCRYPTION_KEY_DEFAULTS = {
  extraStatements: [] as readonly DataAwsIamPolicyDocumentStatement[],
  deletionWindowDays: KEY_DELETION_WINDOW_DAYS,
  tags: {} as Readonly<Record<string, string>>,
};

export class EncryptionKey extends Construct {
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    const p = withDefaults(ENCRYPTION_KEY_DEFAULTS, props);
    let policy: string | undefined;
    if (p.extraStatements.length > 0) {
      policy = new DataAwsIamPolicyDocument(this, 'policy', {
        provider: p.provider,
        statement: [
          {
            sid: 'AccountRoot',
            effect: 'Allow',
            actions: ['kms:*'],
            resources: ['*'],
            principals: [{ type: 'AWS', identifiers: [p.account.rootArn] }],
          },
          ...p.extraStatements,
        ],
      }).json;
    }
    this.key = new KmsKey(this, 'key', {
      provider: p.provider,
      description: p.description,
      enableKeyRotation: true,
      deletionWindowInDays: p.deletionWindowDays,
      policy,
      tags: { Name: p.alias, ...p.tags },
    });
    new KmsAlias(this, 'alias', { provider: p.provider, name: `alias/${p.alias}`, targetKeyId: this.key.keyId });
  }

  get arn(): string {
    return this.key.arn;
  }
}

/**
 * The key-policy statement that lets CloudWatch Logs of `location` use a key for every log group of the account
 * there (flow logs, EKS control-plane logs): AWS CloudWatch Logs User Guide, "Encrypt log data using AWS KMS".
 */
export function cloudWatchLogsStatement(account: AccountContext, location: string): DataAwsIamPolicyDocumentStatement {
  return {
    sid: 'CloudWatchLogs',
    effect: 'Allow',
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    principals: [{ type: 'Service', identifiers: [`logs.${location}.amazonaws.com`] }],
    condition: [{ test: 'ArnLike', variable: 'kms:EncryptionContext:aws:logs:arn', values: [`arn:${account.partition}:logs:${location}:${account.accountId}:log-group:*`] }],
  };
}
