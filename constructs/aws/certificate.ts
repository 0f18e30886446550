/**
 * An ACM certificate for planned host names, validated by DNS in the public Route 53 zone: one validation
 * CNAME per domain (ACM uses the same record for a domain in every region of the account, so the records
 * allow overwrite: the region stacks and the global stack may write the same one), and the validation
 * resource that waits until the certificate is issued. Listeners and distributions use `arn` (the validated
 * ARN), so they are created only once the certificate can be served.
 */
import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import type { CertificatePlan } from '../../synth/model/index';
import { withDefaults } from '../terraform/util';
import { PlanInvariantError } from '../../synth/util/errors';

export interface DnsValidatedCertificateProps {
  readonly certificate: CertificatePlan;
  /** Public hosted zone holding the validation records. */
  readonly zoneId: string;
  /**
   * TTL of the validation records in seconds.
   * @default VALIDATION_RECORD_TTL (60)
   */
  readonly validationTtlSeconds?: number;
  /**
   * Provider (region) of the certificate: CloudFront needs us-east-1.
   * @default the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Key algorithm.
   * @default KEY_ALGORITHM ('EC_prime256v1')
   */
  readonly keyAlgorithm?: string;
}

export const VALIDATION_RECORD_TTL = 60;
export const KEY_ALGORITHM = 'EC_prime256v1';

const CERTIFICATE_DEFAULTS = { validationTtlSeconds: VALIDATION_RECORD_TTL, keyAlgorithm: KEY_ALGORITHM };

export class DnsValidatedCertificate extends Construct {
  readonly certificate: AcmCertificate;
  readonly validation: AcmCertificateValidation;
  readonly validationRecords: readonly Route53Record[];

  constructor(scope: Construct, id: string, props: DnsValidatedCertificateProps) {
    super(scope, id);
    const p = withDefaults(CERTIFICATE_DEFAULTS, props);
    const [subject, ...alternatives] = p.certificate.domains;
    if (!subject) throw new PlanInvariantError('dns', `certificate ${p.certificate.name}: no domain`);
    this.certificate = new AcmCertificate(this, 'certificate', {
      provider: p.provider,
      domainName: subject,
      subjectAlternativeNames: alternatives.length > 0 ? alternatives : undefined,
      validationMethod: 'DNS',
      keyAlgorithm: p.keyAlgorithm,
      tags: { Name: p.certificate.name },
      lifecycle: { createBeforeDestroy: true },
    });
    // domain_validation_options is a set: pick each domain's record by name (`one` of a filtering for expression).
    const option = (domain: string, attr: string) => `\${one([for o in ${this.certificate.fqn}.domain_validation_options : o.${attr} if o.domain_name == "${domain}"])}`;
    this.validationRecords = p.certificate.domains.map(
      (domain) =>
        new Route53Record(this, `validation-${domain}`, {
          provider: p.provider,
          zoneId: p.zoneId,
          name: option(domain, 'resource_record_name'),
          type: option(domain, 'resource_record_type'),
          records: [option(domain, 'resource_record_value')],
          ttl: p.validationTtlSeconds,
          allowOverwrite: true,
        }),
    );
    this.validation = new AcmCertificateValidation(this, 'validation', {
      provider: p.provider,
      certificateArn: this.certificate.arn,
      validationRecordFqdns: this.validationRecords.map((r) => r.fqdn),
    });
  }

  /** ARN of the issued certificate (after validation). */
  get arn(): string {
    return this.validation.certificateArn;
  }
}
