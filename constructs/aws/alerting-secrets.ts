/**
 * The secret containers of the cluster's alert receivers in AWS Secrets Manager: created without a value
 * (dist/terraform/README.md gives the `aws secretsmanager put-secret-value` of each), read in the cluster
 * by External Secrets (the `platform-secrets` ClusterSecretStore) into the Secrets Alertmanager uses.
 */
import { Construct } from 'constructs';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import type { AlertReceiverPlan } from '../../synth/model/index';

export interface AwsAlertingSecretsProps {
  readonly receivers: readonly AlertReceiverPlan[];
  /** Days a deleted secret can be restored. @default 7 */
  readonly recoveryWindowDays?: number;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

export class AwsAlertingSecrets extends Construct {
  readonly secrets: ReadonlyMap<string, SecretsmanagerSecret>;

  constructor(scope: Construct, id: string, props: AwsAlertingSecretsProps) {
    super(scope, id);
    const secrets = new Map<string, SecretsmanagerSecret>();
    for (const r of props.receivers) {
      secrets.set(
        r.name,
        new SecretsmanagerSecret(this, r.secret.name, {
          name: r.remoteKey,
          description: `Alertmanager receiver ${r.name} (${r.kind}): ${r.value}. Set by the operator, never by Terraform.`,
          recoveryWindowInDays: props.recoveryWindowDays ?? 7,
          tags: { ...(props.tags ?? {}), receiver: r.name },
        }),
      );
    }
    this.secrets = secrets;
  }
}
