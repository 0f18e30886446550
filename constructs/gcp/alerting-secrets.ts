/**
 * The secret containers of the cluster's alert receivers in Secret Manager, replicated only in the region's
 * location (the cluster reads its own region's copy): created without a version (dist/terraform/README.md
 * gives the `gcloud secrets versions add` of each), read in the cluster by External Secrets.
 */
import { Construct } from 'constructs';
import { SecretManagerSecret } from '@cdktf/provider-google/lib/secret-manager-secret';
import { SecretManagerSecretIamMember } from '@cdktf/provider-google/lib/secret-manager-secret-iam-member';
import type { AlertReceiverPlan } from '../../synth/model/index';

export interface GcpAlertingSecretsProps {
  readonly receivers: readonly AlertReceiverPlan[];
  /** Location of the only replica (the region's). */
  readonly location: string;
  /** External Secrets' Google service account (`<id>@<project>.iam.gserviceaccount.com`): the only reader of the secrets. */
  readonly reader: { readonly accountId: string; readonly project: string };
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

export class GcpAlertingSecrets extends Construct {
  readonly secrets: ReadonlyMap<string, SecretManagerSecret>;

  constructor(scope: Construct, id: string, props: GcpAlertingSecretsProps) {
    super(scope, id);
    const labels = Object.fromEntries(Object.entries(props.labels ?? {}).map(([k, v]) => [k.toLowerCase().replace(/[^a-z0-9_-]/g, '-'), v.toLowerCase().replace(/[^a-z0-9_-]/g, '-')]));
    const secrets = new Map<string, SecretManagerSecret>();
    for (const r of props.receivers) {
      const secret = new SecretManagerSecret(this, r.secret.name, {
        secretId: r.remoteKey,
        replication: { userManaged: { replicas: [{ location: props.location }] } },
        labels: { ...labels, receiver: r.secret.name.slice(0, 63) },
        annotations: { purpose: `Alertmanager receiver ${r.name} (${r.kind}): ${r.value}` },
      });
      new SecretManagerSecretIamMember(this, `${r.secret.name}-reader`, {
        secretId: secret.id,
        role: 'roles/secretmanager.secretAccessor',
        member: `serviceAccount:${props.reader.accountId}@${props.reader.project}.iam.gserviceaccount.com`,
      });
      secrets.set(r.name, secret);
    }
    this.secrets = secrets;
  }
}
