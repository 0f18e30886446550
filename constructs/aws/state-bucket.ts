/**
 * The Terraform state bucket and its replica (the bootstrap stack).
 *
 * Both buckets: versioning on (every state version recoverable; replication needs it), default encryption
 * (SSE-S3, AES-256), every public access blocked, object ownership enforced (no ACLs), a bucket policy that
 * refuses requests without TLS, replaced versions expired after `noncurrentVersionDays`, and
 * `prevent_destroy`. The source replicates every object version and delete marker to the replica with S3
 * Replication Time Control (99.99% of objects within 15 minutes, with metrics), through a service role
 * that may read the source and write the replica only.
 */
import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketReplicationConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import type { BootstrapPlan } from '../../synth/model/index';
import { type AccountContext, ServiceRole } from './iam';
import { withDefaults } from '../terraform/util';

export interface StateBucketProps {
  readonly bootstrap: BootstrapPlan;
  readonly account: AccountContext;
  /**
   * Replication Time Control (15-minute replication SLA and metrics).
   * @default REPLICATION_TIME_CONTROL (true)
   */
  readonly replicationTimeControl?: boolean;
}

export const REPLICATION_TIME_CONTROL = true;
/** Minutes of the S3 Replication Time Control SLA (the only value S3 accepts). */
export const REPLICATION_TIME_MINUTES = 15;

const STATE_BUCKET_DEFAULTS = { replicationTimeControl: REPLICATION_TIME_CONTROL };

/** One hardened, versioned bucket. */
class HardenedBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly versioning: S3BucketVersioningA;

  constructor(scope: Construct, id: string, props: { name: string; region: string; noncurrentVersionDays: number; description: string }) {
    super(scope, id);
    const region = props.region;
    this.bucket = new S3Bucket(this, 'bucket', { region, bucket: props.name, forceDestroy: false, tags: { Name: props.name, purpose: props.description }, lifecycle: { preventDestroy: true } });
    new S3BucketOwnershipControls(this, 'ownership', { region, bucket: this.bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    new S3BucketPublicAccessBlock(this, 'public-access', { region, bucket: this.bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    this.versioning = new S3BucketVersioningA(this, 'versioning', { region, bucket: this.bucket.id, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', { region, bucket: this.bucket.id, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      region,
      bucket: this.bucket.id,
      rule: [
        {
          id: 'expire-replaced-state-versions',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
      dependsOn: [this.versioning],
    });
    const tlsOnly = new DataAwsIamPolicyDocument(this, 'tls-only-document', {
      statement: [
        {
          sid: 'DenyInsecureTransport',
          effect: 'Deny',
          actions: ['s3:*'],
          resources: [this.bucket.arn, `${this.bucket.arn}/*`],
          principals: [{ type: '*', identifiers: ['*'] }],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
      ],
    });
    new S3BucketPolicy(this, 'policy', { region, bucket: this.bucket.id, policy: tlsOnly.json });
  }
}

export class StateBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly replica: S3Bucket;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    const p = withDefaults(STATE_BUCKET_DEFAULTS, props);
    const b = p.bootstrap;
    const source = new HardenedBucket(this, 'state', { name: b.bucket, region: b.region, noncurrentVersionDays: b.noncurrentVersionDays, description: 'terraform-state' });
    const replica = new HardenedBucket(this, 'replica', { name: b.replica.bucket, region: b.replica.region, noncurrentVersionDays: b.noncurrentVersionDays, description: 'terraform-state-replica' });
    this.bucket = source.bucket;
    this.replica = replica.bucket;

    const role = new ServiceRole(this, 'replication-role', {
      name: `${b.bucket}-replication`.slice(0, 64),
      servicePrincipal: 's3.amazonaws.com',
      account: p.account,
      inlineStatements: [
        { sid: 'ReadSourceConfiguration', effect: 'Allow', actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'], resources: [source.bucket.arn] },
        {
          sid: 'ReadSourceVersions',
          effect: 'Allow',
          actions: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
          resources: [`${source.bucket.arn}/*`],
        },
        { sid: 'WriteReplica', effect: 'Allow', actions: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], resources: [`${replica.bucket.arn}/*`] },
      ],
    });
    const rtc = p.replicationTimeControl;
    new S3BucketReplicationConfigurationA(this, 'replication', {
      region: b.region,
      bucket: source.bucket.id,
      role: role.arn,
      rule: [
        {
          id: 'state-to-replica',
          status: 'Enabled',
          priority: 1,
          filter: { prefix: '' },
          deleteMarkerReplication: { status: 'Enabled' },
          destination: {
            bucket: replica.bucket.arn,
            storageClass: 'STANDARD',
            ...(rtc
              ? {
                  replicationTime: { status: 'Enabled', time: { minutes: REPLICATION_TIME_MINUTES } },
                  metrics: { status: 'Enabled', eventThreshold: { minutes: REPLICATION_TIME_MINUTES } },
                }
              : {}),
          },
        },
      ],
      dependsOn: [source.versioning, replica.versioning, ...role.dependables],
    });
  }
}
