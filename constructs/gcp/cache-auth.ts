/**
 * Memorystore AUTH delivered by reference: per instance that a workload's grant names, a Secret Manager secret of
 * the region holding its AUTH string and server CA (JSON, both known only after apply), named with the prefix only
 * the cluster's External Secrets service account may read (its IAM condition, with the add-ons). The ExternalSecrets of the workloads (constructs/k8s/workload.ts)
 * turn it into Kubernetes Secrets their pods read; the value never reaches Git or the output.
 */
import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import type { RedisInstance } from '@cdktf/provider-google/lib/redis-instance';
import { SecretManagerSecret } from '@cdktf/provider-google/lib/secret-manager-secret';
import { SecretManagerSecretVersion } from '@cdktf/provider-google/lib/secret-manager-secret-version';
import type { WorkloadIdentityPlan } from '../../synth/model/index';
import { PlanInvariantError } from '../../synth/util/errors';
import { compareText } from '../../synth/util/order';

export interface CacheAuthSecretsProps {
  readonly identities: readonly WorkloadIdentityPlan[];
  /** GCP region the secrets are replicated in (residency). */
  readonly location: string;
  /** Memorystore instance by planned cache instance name. */
  readonly instances: ReadonlyMap<string, RedisInstance>;
}

export class CacheAuthSecrets extends Construct {
  constructor(scope: Construct, id: string, p: CacheAuthSecretsProps) {
    super(scope, id);
    const grants = p.identities.flatMap((i) => i.grants.filter((g) => g.access === 'gcp-memorystore-auth'));
    const byKey = new Map<string, (typeof grants)[number]>();
    for (const g of grants) {
      if (!g.secret) throw new PlanInvariantError('caches', `${g.instance}: a Memorystore grant without its secret`);
      byKey.set(g.secret.remoteKey, g);
    }
    for (const [key, g] of [...byKey].sort(([a], [b]) => compareText(a, b))) {
      const instance = p.instances.get(g.instance);
      if (!instance) throw new PlanInvariantError('caches', `no Memorystore instance ${g.instance} for a planned grant`);
      const { auth: authKey, ca: caKey } = g.secret!.keys;
      const secret = new SecretManagerSecret(this, `secret-${g.instance}`, {
        secretId: key,
        replication: { userManaged: { replicas: [{ location: p.location }] } },
        labels: { purpose: 'memorystore-auth' },
      });
      new SecretManagerSecretVersion(this, `version-${g.instance}`, {
        secret: secret.id,
        secretData: Fn.jsonencode({ [authKey]: instance.authString, [caKey]: instance.serverCaCerts.get(0).cert }),
      });
    }
  }
}
