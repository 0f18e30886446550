/**
 * The public entry point of a GCP region, Terraform-owned parts: the global static address the GKE Gateway
 * binds (`NamedAddress`), a Google-managed Certificate Manager certificate per service (DNS authorization per
 * domain; the global stack writes the authorization CNAMEs into the public zone), the certificate map the
 * Gateway names (`networking.gke.io/certmap`) with an entry per host name, the TLS 1.2+ SSL policy, and the
 * firewall rule that lets Google's front ends and health checkers reach the service ports. The load balancer
 * itself (global external Application Load Balancer) is created by GKE's built-in Gateway controller from the
 * Gateway in the cluster's manifests; no in-cluster controller needs DNS credentials.
 */
import { createHash } from 'crypto';
import { Construct } from 'constructs';
import { CertificateManagerCertificate } from '@cdktf/provider-google/lib/certificate-manager-certificate';
import { CertificateManagerCertificateMap } from '@cdktf/provider-google/lib/certificate-manager-certificate-map';
import { CertificateManagerCertificateMapEntry } from '@cdktf/provider-google/lib/certificate-manager-certificate-map-entry';
import { CertificateManagerDnsAuthorization } from '@cdktf/provider-google/lib/certificate-manager-dns-authorization';
import { ComputeFirewall } from '@cdktf/provider-google/lib/compute-firewall';
import { ComputeGlobalAddress } from '@cdktf/provider-google/lib/compute-global-address';
import { ComputeSslPolicy } from '@cdktf/provider-google/lib/compute-ssl-policy';
import type { EntryPointPlan } from '../../synth/model/index';
import { sortedUnique, withDefaults } from '../terraform/util';
import { PlanInvariantError } from '../../synth/util/errors';

export interface GcpEntryPointProps {
  readonly entry: EntryPointPlan;
  readonly networkId: string;
  /**
   * Firewall priority of the front-end rule (below the region's deny-all).
   * @default FRONT_END_FIREWALL_PRIORITY (900)
   */
  readonly firewallPriority?: number;
}

export const FRONT_END_FIREWALL_PRIORITY = 900;
const GCP_ENTRY_DEFAULTS = { firewallPriority: FRONT_END_FIREWALL_PRIORITY };

/** GCP resource name (lower case, <= 63 characters, no trailing hyphen). */
function gcpName(...parts: string[]): string {
  return parts.join('-').toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 63).replace(/-+$/, '');
}

/** Short stable suffix for a host name (names must stay unique after truncation). */
function hostKey(host: string): string {
  return createHash('sha256').update(host).digest('hex').slice(0, 8);
}

export class GcpEntryPoint extends Construct {
  readonly address: ComputeGlobalAddress;
  readonly certificateMap: CertificateManagerCertificateMap;
  readonly sslPolicy: ComputeSslPolicy;
  /** DNS authorization per domain. */
  readonly dnsAuthorizations: ReadonlyMap<string, CertificateManagerDnsAuthorization>;

  constructor(scope: Construct, id: string, props: GcpEntryPointProps) {
    super(scope, id);
    const p = withDefaults(GCP_ENTRY_DEFAULTS, props);
    const e = p.entry;
    this.address = new ComputeGlobalAddress(this, 'address', { name: e.address, addressType: 'EXTERNAL', ipVersion: 'IPV4', description: `Public entry point of ${e.region} (GKE Gateway)` });
    if (!e.gcp) throw new PlanInvariantError('services', `GCP entry point ${e.region}: no planned certificate map / SSL policy names`);
    this.sslPolicy = new ComputeSslPolicy(this, 'ssl-policy', { name: e.gcp.sslPolicy, profile: e.tls.policy, minTlsVersion: `TLS_${e.tls.minVersion.replace('.', '_')}` });

    const auths = new Map<string, CertificateManagerDnsAuthorization>();
    for (const domain of sortedUnique(e.listeners.flatMap((l) => l.certificate.domains))) {
      auths.set(domain, new CertificateManagerDnsAuthorization(this, `dns-authorization-${domain}`, { name: gcpName(e.address, hostKey(domain)), domain, type: 'PER_PROJECT_RECORD' }));
    }
    this.dnsAuthorizations = auths;

    this.certificateMap = new CertificateManagerCertificateMap(this, 'certificate-map', { name: e.gcp.certificateMap, description: `Certificates of the ${e.region} Gateway` });
    for (const l of e.listeners) {
      const certificate = new CertificateManagerCertificate(this, `certificate-${l.service}`, {
        name: gcpName(l.certificate.name),
        scope: 'DEFAULT',
        managed: { domains: [...l.certificate.domains], dnsAuthorizations: l.certificate.domains.map((d) => auths.get(d)!.id) },
      });
      for (const host of l.hosts) {
        new CertificateManagerCertificateMapEntry(this, `certificate-map-entry-${host}`, {
          name: gcpName(e.address, hostKey(host)),
          map: this.certificateMap.name,
          hostname: host,
          certificates: [certificate.id],
        });
      }
    }

    new ComputeFirewall(this, 'allow-front-ends', {
      name: gcpName(e.address, 'front-ends'),
      network: p.networkId,
      direction: 'INGRESS',
      priority: p.firewallPriority,
      sourceRanges: [...e.sourceRanges],
      allow: [{ protocol: 'tcp', ports: sortedUnique(e.listeners.map((l) => l.targetPort)).map(String) }],
      logConfig: { metadata: 'INCLUDE_ALL_METADATA' },
      description: 'Google front ends and health checks to the public services (GKE Gateway)',
    });
  }
}
