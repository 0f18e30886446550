/**
 * The edge: AWS Global Accelerator (anycast addresses in front of the regional NLBs) and CloudFront
 * (static assets from a private S3 bucket; edge-cached API responses).
 *
 * Global Accelerator: one TCP listener per public port and, per listener, one endpoint group per
 * planned accelerator region whose load balancer serves that port, pointing at that region's NLB, with the plan's traffic dial and health
 * check interval / threshold. Its API lives in us-west-2: pass a provider for it.
 *
 * CloudFront: https-only viewers on the plan's aliases with the ACM certificate (TLS 1.2+), the plan's
 * price class, cache policies compressing as the spec says (TLS to the origins: 1.2 only). Static
 * assets: private, versioned, encrypted bucket with all public access blocked, readable by the
 * distribution only (origin access control). Cached APIs: one distribution per service, origin
 * `<svc>.<zone>` over HTTPS on its TLS listener port, TTL from the plan.
 */
import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { CloudfrontCachePolicy } from '@cdktf/provider-aws/lib/cloudfront-cache-policy';
import { CloudfrontDistribution, type CloudfrontDistributionConfig } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { GlobalacceleratorAccelerator } from '@cdktf/provider-aws/lib/globalaccelerator-accelerator';
import { GlobalacceleratorEndpointGroup } from '@cdktf/provider-aws/lib/globalaccelerator-endpoint-group';
import { GlobalacceleratorListener } from '@cdktf/provider-aws/lib/globalaccelerator-listener';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import type { CdnEntryPlan, EdgePlan } from '../../synth/model/index';
import { withDefaults } from '../terraform/util';
import { PlanInvariantError } from '../../synth/util/errors';

// ---------------------------------------------------------------------------------------------
// Global Accelerator

export interface AcceleratorEndpointGroupSpec {
  readonly region: string;
  /** AWS location of the endpoint group. */
  readonly location: string;
  readonly trafficDial: number;
  /** Ports the region's load balancer serves: the group joins only these listeners. */
  readonly ports: readonly number[];
  /** ARN of the region's NLB. */
  readonly endpointArn: string;
}

export interface AcceleratorProps {
  readonly name: string;
  /** Endpoint groups; one TCP listener per port any group serves. */
  readonly endpointGroups: readonly AcceleratorEndpointGroupSpec[];
  /** Health check interval (Global Accelerator allows 10 or 30). */
  readonly healthCheckIntervalSeconds: number;
  readonly healthCheckThreshold: number;
  /** Intervals Global Accelerator accepts (the plan's `limits.acceleratorHealthCheckIntervals`). */
  readonly allowedHealthCheckIntervals: readonly number[];
  /** Provider in the Global Accelerator API region (us-west-2). */
  readonly provider: TerraformProvider;
  /**
   * Preserve the client IP towards the NLBs.
   * @default CLIENT_IP_PRESERVATION (true)
   */
  readonly clientIpPreservation?: boolean;
}

export const CLIENT_IP_PRESERVATION = true;

const ACCELERATOR_DEFAULTS = { clientIpPreservation: CLIENT_IP_PRESERVATION };

export class Accelerator extends Construct {
  readonly accelerator: GlobalacceleratorAccelerator;
  readonly listeners: ReadonlyMap<number, GlobalacceleratorListener>;
  readonly endpointGroups: readonly GlobalacceleratorEndpointGroup[];

  constructor(scope: Construct, id: string, props: AcceleratorProps) {
    super(scope, id);
    const p = withDefaults(ACCELERATOR_DEFAULTS, props);
    if (!p.allowedHealthCheckIntervals.includes(p.healthCheckIntervalSeconds)) {
      throw new PlanInvariantError('availability.healthCheckInterval', `accelerator ${p.name}: health check interval ${p.healthCheckIntervalSeconds}s is not one of ${p.allowedHealthCheckIntervals.join(', ')}`);
    }
    this.accelerator = new GlobalacceleratorAccelerator(this, 'accelerator', {
      provider: p.provider,
      name: p.name,
      ipAddressType: 'IPV4',
      enabled: true,
      tags: { Name: p.name },
    });
    const listeners = new Map<number, GlobalacceleratorListener>();
    const groups: GlobalacceleratorEndpointGroup[] = [];
    const ports = [...new Set(p.endpointGroups.flatMap((g) => g.ports))].sort((a, b) => a - b);
    for (const port of ports) {
      const listener = new GlobalacceleratorListener(this, `listener-${port}`, {
        provider: p.provider,
        acceleratorArn: this.accelerator.arn,
        protocol: 'TCP',
        clientAffinity: 'NONE',
        portRange: [{ fromPort: port, toPort: port }],
      });
      listeners.set(port, listener);
      for (const g of p.endpointGroups.filter((x) => x.ports.includes(port))) {
        groups.push(
          new GlobalacceleratorEndpointGroup(this, `endpoints-${port}-${g.region}`, {
            provider: p.provider,
            listenerArn: listener.arn,
            endpointGroupRegion: g.location,
            trafficDialPercentage: g.trafficDial,
            healthCheckIntervalSeconds: p.healthCheckIntervalSeconds,
            thresholdCount: p.healthCheckThreshold,
            healthCheckProtocol: 'TCP',
            healthCheckPort: port,
            endpointConfiguration: [{ endpointId: g.endpointArn, clientIpPreservationEnabled: p.clientIpPreservation }],
          }),
        );
      }
    }
    this.listeners = listeners;
    this.endpointGroups = groups;
  }
}

// ---------------------------------------------------------------------------------------------
// CloudFront

export interface CdnProps {
  readonly cdn: EdgePlan['cdn'];
  /** Aliases, certificate, origins and compression (the plan's CDN entry). */
  readonly entry: CdnEntryPlan;
  /** Validated ACM certificate (us-east-1) covering every alias; required when the entry has aliases. */
  readonly certificateArn?: string;
  /** Name of the static assets bucket (globally unique). */
  readonly bucketName: string;
  /**
   * Viewer protocol policy.
   * @default VIEWER_PROTOCOL_POLICY ('https-only')
   */
  readonly viewerProtocolPolicy?: string;
  /**
   * TLS versions towards custom origins.
   * @default ORIGIN_SSL_PROTOCOLS (['TLSv1.2'])
   */
  readonly originSslProtocols?: readonly string[];
  /**
   * HTTP versions offered to viewers.
   * @default HTTP_VERSION ('http2and3')
   */
  readonly httpVersion?: string;
  /**
   * Default TTL of static assets in seconds (the origin's Cache-Control wins).
   * @default STATIC_DEFAULT_TTL_SECONDS (86400)
   */
  readonly staticDefaultTtlSeconds?: number;
}

export const VIEWER_PROTOCOL_POLICY = 'https-only';
export const ORIGIN_SSL_PROTOCOLS: readonly string[] = ['TLSv1.2'];
export const HTTP_VERSION = 'http2and3';
export const STATIC_DEFAULT_TTL_SECONDS = 86400;
/** Longest TTL a static asset may be cached (one year). */
export const STATIC_MAX_TTL_SECONDS = 31536000;

const CDN_DEFAULTS = {
  viewerProtocolPolicy: VIEWER_PROTOCOL_POLICY,
  originSslProtocols: ORIGIN_SSL_PROTOCOLS,
  httpVersion: HTTP_VERSION,
  staticDefaultTtlSeconds: STATIC_DEFAULT_TTL_SECONDS,
};

const NO_GEO_RESTRICTION: CloudfrontDistributionConfig['restrictions'] = { geoRestriction: { restrictionType: 'none' } };

/**
 * CloudFront: static assets from a private S3 bucket (origin access control) and one distribution per
 * edge-cached API. Every distribution answers its alias in the spec's zone with the ACM certificate (SNI,
 * TLS 1.2+ to viewers); a cached API's origin is the service's public name on its TLS listener port
 * (`https-only`, TLS 1.2 to the origin). Cache policies put the compression the spec allows into the cache key
 * (gzip / Brotli) and CloudFront compresses when the spec lists any.
 */
export class Cdn extends Construct {
  readonly staticAssets?: CloudfrontDistribution;
  readonly bucket?: S3Bucket;
  readonly apiDistributions: ReadonlyMap<string, CloudfrontDistribution>;
  readonly cachePolicies: ReadonlyMap<'static' | 'api', CloudfrontCachePolicy>;

  constructor(scope: Construct, id: string, props: CdnProps) {
    super(scope, id);
    const p = withDefaults(CDN_DEFAULTS, props);
    const e = p.entry;
    const compress = e.gzip || e.brotli;
    /** Read-only methods, compression as the plan says, the given cache policy. */
    const cacheBehavior = (targetOriginId: string, cachePolicyId: string) => ({
      targetOriginId,
      viewerProtocolPolicy: p.viewerProtocolPolicy,
      allowedMethods: ['GET', 'HEAD', 'OPTIONS'],
      cachedMethods: ['GET', 'HEAD'],
      compress,
      cachePolicyId,
    });
    const viewerCertificate = (alias: string): CloudfrontDistributionConfig['viewerCertificate'] => {
      if (!p.certificateArn) throw new PlanInvariantError('edge', `cdn: alias ${alias} without a certificate`);
      return { acmCertificateArn: p.certificateArn, sslSupportMethod: 'sni-only', minimumProtocolVersion: e.tlsPolicy };
    };
    const cachePolicy = (name: string, comment: string, ttl: { min: number; def: number; max: number }, queryStrings: 'all' | 'none') =>
      new CloudfrontCachePolicy(this, `cache-policy-${name}`, {
        name: `${p.bucketName}-${name}`.slice(0, 128),
        comment,
        minTtl: ttl.min,
        defaultTtl: ttl.def,
        maxTtl: ttl.max,
        parametersInCacheKeyAndForwardedToOrigin: {
          enableAcceptEncodingGzip: e.gzip,
          enableAcceptEncodingBrotli: e.brotli,
          cookiesConfig: { cookieBehavior: 'none' },
          headersConfig: { headerBehavior: 'none' },
          queryStringsConfig: { queryStringBehavior: queryStrings },
        },
      });
    const policies = new Map<'static' | 'api', CloudfrontCachePolicy>();

    if (p.cdn.staticAssets) {
      const alias = e.staticAlias;
      if (!alias) throw new PlanInvariantError('edge', 'cdn: static assets without an alias in the plan');
      const bucket = new S3Bucket(this, 'static-bucket', { bucket: p.bucketName, tags: { Name: p.bucketName } });
      this.bucket = bucket;
      new S3BucketPublicAccessBlock(this, 'static-bucket-public-access', {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
      new S3BucketVersioningA(this, 'static-bucket-versioning', { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } });
      new S3BucketServerSideEncryptionConfigurationA(this, 'static-bucket-encryption', {
        bucket: bucket.id,
        rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' }, bucketKeyEnabled: true }],
      });
      const oac = new CloudfrontOriginAccessControl(this, 'static-oac', {
        name: p.bucketName,
        description: 'CloudFront reads the static assets bucket',
        originAccessControlOriginType: 's3',
        signingBehavior: 'always',
        signingProtocol: 'sigv4',
      });
      const policy = cachePolicy('static', 'Static assets', { min: 0, def: p.staticDefaultTtlSeconds, max: STATIC_MAX_TTL_SECONDS }, 'none');
      policies.set('static', policy);
      const originId = 'static-assets';
      this.staticAssets = new CloudfrontDistribution(this, 'static', {
        enabled: true,
        comment: 'Static assets',
        aliases: [alias],
        isIpv6Enabled: true,
        httpVersion: p.httpVersion,
        priceClass: p.cdn.priceClass,
        origin: [{ originId, domainName: bucket.bucketRegionalDomainName, originAccessControlId: oac.id }],
        defaultCacheBehavior: cacheBehavior(originId, policy.id),
        restrictions: NO_GEO_RESTRICTION,
        viewerCertificate: viewerCertificate(alias),
        tags: { Name: `${p.bucketName}-static` },
      });
      const document = new DataAwsIamPolicyDocument(this, 'static-bucket-policy-document', {
        statement: [
          {
            sid: 'CloudFrontReadOnly',
            effect: 'Allow',
            actions: ['s3:GetObject'],
            resources: [`${bucket.arn}/*`],
            principals: [{ type: 'Service', identifiers: ['cloudfront.amazonaws.com'] }],
            condition: [{ test: 'StringEquals', variable: 'AWS:SourceArn', values: [this.staticAssets.arn] }],
          },
        ],
      });
      new S3BucketPolicy(this, 'static-bucket-policy', { bucket: bucket.id, policy: document.json });
    }

    const apis = new Map<string, CloudfrontDistribution>();
    if (e.apis.length > 0) {
      const policy = cachePolicy('api', 'Edge-cached API responses', { min: 0, def: p.cdn.apiTtlSeconds, max: p.cdn.apiTtlSeconds }, 'all');
      policies.set('api', policy);
      for (const origin of e.apis) {
        const originId = `api-${origin.service}`;
        apis.set(
          origin.service,
          new CloudfrontDistribution(this, `api-${origin.service}`, {
            enabled: true,
            comment: `Edge-cached API: ${origin.service}`,
            aliases: [origin.alias],
            isIpv6Enabled: true,
            httpVersion: p.httpVersion,
            priceClass: p.cdn.priceClass,
            origin: [
              {
                originId,
                domainName: origin.originHost,
                customOriginConfig: {
                  httpPort: 80,
                  httpsPort: origin.originPort,
                  originProtocolPolicy: 'https-only',
                  originSslProtocols: [...p.originSslProtocols],
                },
              },
            ],
            defaultCacheBehavior: cacheBehavior(originId, policy.id),
            restrictions: NO_GEO_RESTRICTION,
            viewerCertificate: viewerCertificate(origin.alias),
            tags: { Name: `${origin.service}-edge`, service: origin.service },
          }),
        );
      }
    }
    this.apiDistributions = apis;
    this.cachePolicies = policies;
  }
}
