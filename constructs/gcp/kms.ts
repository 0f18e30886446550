/**
 * Cloud KMS of a GCP failover region: one key ring in the region and one symmetric crypto key per
 * use (Cloud SQL storage, Memorystore, GKE secrets), each granted to the Google service agents that
 * encrypt with it (`roles/cloudkms.cryptoKeyEncrypterDecrypter` on that key only).
 *
 * Service agents are named from the project number (`data.google_project`):
 * `service-<number>@<agent domain>`. The GA provider has no `google_project_service_identity` (it is
 * google-beta only), so an agent that only exists once requested (Cloud SQL's) must be created before
 * the first apply: `gcloud beta services identity create --service=sqladmin.googleapis.com`.
 *
 * Key rings and keys cannot be deleted in GCP: a destroyed stack leaves them (with their versions
 * scheduled for destruction), and their names cannot be reused in the same project and location.
 */
import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { KmsCryptoKey } from '@cdktf/provider-google/lib/kms-crypto-key';
import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { KmsKeyRing } from '@cdktf/provider-google/lib/kms-key-ring';
import { withDefaults } from '../terraform/util';

/** Domains of the Google-managed service agents that use customer-managed keys. */
export const SERVICE_AGENT_DOMAINS = {
  'cloud-sql': 'gcp-sa-cloud-sql.iam.gserviceaccount.com',
  redis: 'cloud-redis.iam.gserviceaccount.com',
  gke: 'container-engine-robot.iam.gserviceaccount.com',
} as const;
export type ServiceAgent = keyof typeof SERVICE_AGENT_DOMAINS;

export const ENCRYPTER_DECRYPTER_ROLE = 'roles/cloudkms.cryptoKeyEncrypterDecrypter';
/** 90 days. */
export const KEY_ROTATION_PERIOD = '7776000s';

export interface GcpKeyRingProps {
  /** Key ring name (unique per project and location, forever). */
  readonly name: string;
  /** GCP region of the ring: CMEK keys must be in the region of the resources they protect. */
  readonly location: string;
  /**
   * Automatic rotation period of every key.
   * @default KEY_ROTATION_PERIOD ('7776000s', 90 days)
   */
  readonly rotationPeriod?: string;
}

export interface GcpCryptoKeyProps {
  /** Key name inside the ring. */
  readonly name: string;
  /** Service agents allowed to encrypt and decrypt with the key. */
  readonly agents: readonly ServiceAgent[];
}

/** A crypto key and the IAM grants its users need before they can use it. */
export interface GcpCryptoKey {
  readonly key: KmsCryptoKey;
  /** `depends_on` these before creating a resource encrypted with the key. */
  readonly grants: readonly ITerraformDependable[];
}

const KEY_RING_DEFAULTS = { rotationPeriod: KEY_ROTATION_PERIOD };

export class GcpKeyRing extends Construct {
  readonly keyRing: KmsKeyRing;
  /** Number of the provider's project (service agent names). */
  readonly projectNumber: string;
  private readonly rotationPeriod: string;

  constructor(scope: Construct, id: string, props: GcpKeyRingProps) {
    super(scope, id);
    const p = withDefaults(KEY_RING_DEFAULTS, props);
    this.rotationPeriod = p.rotationPeriod;
    this.projectNumber = new DataGoogleProject(this, 'project', {}).number;
    this.keyRing = new KmsKeyRing(this, 'ring', { name: p.name, location: p.location });
  }

  /** `serviceAccount:` member of a Google service agent of this project. */
  serviceAgent(agent: ServiceAgent): string {
    return `serviceAccount:service-${this.projectNumber}@${SERVICE_AGENT_DOMAINS[agent]}`;
  }

  /** Adds a symmetric key granted to the given service agents. */
  addKey(props: GcpCryptoKeyProps): GcpCryptoKey {
    const key = new KmsCryptoKey(this, `key-${props.name}`, {
      name: props.name,
      keyRing: this.keyRing.id,
      purpose: 'ENCRYPT_DECRYPT',
      rotationPeriod: this.rotationPeriod,
      lifecycle: { preventDestroy: true },
    });
    const grants = props.agents.map(
      (agent) =>
        new KmsCryptoKeyIamMember(this, `key-${props.name}-${agent}`, {
          cryptoKeyId: key.id,
          role: ENCRYPTER_DECRYPTER_ROLE,
          member: this.serviceAgent(agent),
        }),
    );
    return { key, grants };
  }
}
