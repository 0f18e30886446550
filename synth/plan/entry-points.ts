/**
 * Public entry points: where TLS terminates for every public service in every region that runs it, on which
 * Terraform-owned address, with which certificate, and the CDN's aliases and origins.
 *
 * - Host names: clients use `<service>.<zone>`; each primary region also answers `<service>.<region>.<zone>`
 *   (the failover name DNS fails over); a failover region (and a restore site, for its primary's restore tiers)
 *   answers the client name, the failover name of the primary it covers and its own `<service>.<region>.<zone>`. Every entry point's certificate covers the
 *   names it answers, so TLS verifies whichever region a client lands on.
 * - Ports: the public port is the service port on every cloud, so a client's URL works in every region.
 * - AWS: the region's NLB with one TLS listener per public service (TLS 1.2+ policy, ALPN per protocol), an
 *   ACM certificate per (service, region) validated in the public zone, forwarding TCP to the service port.
 * - GCP: a Gateway of GKE's built-in controller (`gke-l7-global-external-managed`) on a Terraform-owned
 *   global address, with a Google-managed Certificate Manager certificate (DNS authorization) per service.
 * - Azure: Application Gateway v2 on a Terraform-owned public IP, TLS with a Key Vault certificate per
 *   service, forwarding to the cluster's internal load balancer at a planned address of the node subnet.
 * - CDN: aliases `<service>.cdn.<zone>` (cached APIs) and `assets.cdn.<zone>` (static assets) with one ACM
 *   certificate in us-east-1; a cached API's origin is `<service>.<zone>` on its public port over HTTPS, a TLS
 *   listener whose target speaks HTTP/1.1.
 */
import { APPLICATION_GATEWAY_TLS_POLICY, CLOUDFRONT_MINIMUM_PROTOCOL, GCP_LOAD_BALANCER_SOURCE_RANGES, GCP_SSL_POLICY, NLB_ALPN_POLICY, NLB_TLS_POLICY } from '../catalog/tls';
import type { CdnEntryPlan, CertificatePlan, EntryPointPlan, ListenerPlan, RegionPlan, WorkloadPlan } from '../model/index';
import { formatIp, parseCidr } from '../util/net';
import type { PlanContext } from './context';
import { planInvariant } from './invariant';

/** DNS label of the CDN's aliases: `<service>.cdn.<zone>`, `assets.cdn.<zone>` (a region id may not take it). */
export const CDN_LABEL = 'cdn';
/** DNS label of the anycast names `<service>.anycast.<zone>` (Global Accelerator; a region id may not take it). */
export const ANYCAST_LABEL = 'anycast';
export const STATIC_ASSETS_LABEL = 'assets';

export const KIND_BY_CLOUD = { aws: 'aws-nlb', gcp: 'gke-gateway', azure: 'azure-application-gateway' } as const;
const VALIDATION_BY_CLOUD = { aws: 'route53-dns', gcp: 'certificate-manager-dns', azure: 'key-vault-issuer' } as const;
const TLS_POLICY_BY_CLOUD = { aws: NLB_TLS_POLICY, gcp: GCP_SSL_POLICY.profile, azure: APPLICATION_GATEWAY_TLS_POLICY } as const;

/** GCP resource name (lower case, <= 63 characters, no trailing hyphen). */
export function gcpName(...parts: string[]): string {
  return parts.join('-').toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 63).replace(/-+$/, '');
}

export function clientHost(zone: string, service: string): string {
  return `${service}.${zone}`;
}
export function regionalHost(zone: string, service: string, region: string): string {
  return `${service}.${region}.${zone}`;
}
/** The anycast name of a public service: an alias of the Global Accelerator, which fronts the AWS primaries. */
export function anycastHost(zone: string, service: string): string {
  return `${service}.${ANYCAST_LABEL}.${zone}`;
}

/** The names a region answers for a public service (an AWS primary also the anycast name the accelerator brings it). */
export function hostsOf(zone: string, region: Pick<RegionPlan, 'id' | 'cloud' | 'failoverFor'>, service: string): string[] {
  const own = regionalHost(zone, service, region.id);
  if (region.failoverFor) return [clientHost(zone, service), regionalHost(zone, service, region.failoverFor), own];
  return region.cloud === 'aws' ? [clientHost(zone, service), own, anycastHost(zone, service)] : [clientHost(zone, service), own];
}

/**
 * What the load balancer speaks to the pods: the NLB passes TCP through (the pod speaks what ALPN negotiated:
 * h2 for gRPC, h2 or HTTP/1.1 for http2); the GKE Gateway speaks HTTP/2 cleartext to http2 and gRPC backends
 * (Service `appProtocol: kubernetes.io/h2c`) and HTTP/1.1 to the others; Application Gateway v2 speaks
 * HTTP/1.1 to every backend (HTTP/2 only towards clients), so an http2 service must also serve HTTP/1.1.
 */
export function backendProtocolOf(cloud: RegionPlan['cloud'], protocol: WorkloadPlan['protocol']): ListenerPlan['backendProtocol'] {
  if (cloud === 'aws') return 'tcp';
  if (cloud === 'gcp') return protocol === 'http2' || protocol === 'grpc' ? 'h2c' : 'http/1.1';
  return 'http/1.1';
}

/** Azure: the internal load balancer address, the last usable host of the node subnet (AKS assigns node addresses from the start). */
function internalAddress(region: RegionPlan): { ip: string; subnet: string } {
  const subnet = region.subnets.find((s) => s.name === region.cluster.nodeSubnet);
  planInvariant(subnet, `regions.${region.id}`, `node subnet ${region.cluster.nodeSubnet} is not a subnet of the region`);
  const c = parseCidr(subnet.cidr);
  planInvariant(typeof c !== 'string', `regions.${region.id}.cidr`, `invalid subnet CIDR ${subnet.cidr}`);
  // Azure reserves the last address of a subnet (broadcast): the last usable host is two below the end.
  return { ip: formatIp(c.base + 2 ** (32 - c.prefix) - 2), subnet: subnet.name };
}

export function planEntryPoints({ spec }: PlanContext, regions: readonly RegionPlan[]): EntryPointPlan[] {
  const zone = spec.dns.zone;
  const out: EntryPointPlan[] = [];
  for (const region of regions) {
    const publicWorkloads = region.workloads.filter((w) => w.public);
    if (publicWorkloads.length === 0) continue;
    const listeners: ListenerPlan[] = publicWorkloads.map((w: WorkloadPlan) => {
      const hosts = hostsOf(zone, region, w.service);
      const certificate: CertificatePlan = { name: `${spec.name}-${region.id}-${w.service}`, domains: hosts, validation: VALIDATION_BY_CLOUD[region.cloud] };
      return {
        service: w.service,
        namespace: w.namespace,
        protocol: w.protocol,
        port: w.port,
        targetPort: w.port,
        backendProtocol: backendProtocolOf(region.cloud, w.protocol),
        alpn: NLB_ALPN_POLICY[w.protocol],
        tlsPolicy: TLS_POLICY_BY_CLOUD[region.cloud],
        hosts,
        certificate,
        health: w.readiness.kind === 'http' && w.readiness.path ? { protocol: 'HTTPS' as const, path: w.readiness.path } : { protocol: 'TCP' as const },
      };
    });
    const publicCidrs = region.subnets.filter((s) => s.kind === 'public').map((s) => s.cidr);
    const base = {
      region: region.id,
      cloud: region.cloud,
      location: region.location,
      kind: KIND_BY_CLOUD[region.cloud],
      tls: { policy: TLS_POLICY_BY_CLOUD[region.cloud], minVersion: '1.2' as const },
      listeners,
    };
    if (region.cloud === 'aws') {
      planInvariant(region.loadBalancer, `regions.${region.id}`, 'an AWS region with public workloads has no load balancer');
      out.push({ ...base, address: region.loadBalancer.name, sourceRanges: publicCidrs });
    } else if (region.cloud === 'gcp') {
      const address = `${spec.name}-${region.id}-gateway`;
      out.push({ ...base, address, sourceRanges: [...GCP_LOAD_BALANCER_SOURCE_RANGES], gcp: { certificateMap: gcpName(address, 'certificates'), sslPolicy: gcpName(address, 'tls') } });
    } else {
      const gatewaySubnet = region.subnets.find((s) => s.kind === 'public');
      planInvariant(gatewaySubnet, `regions.${region.id}`, 'an Azure region has no public subnet for the Application Gateway');
      out.push({
        ...base,
        address: `${spec.name}-${region.id}-gateway`,
        internalAddress: internalAddress(region),
        gatewaySubnet: gatewaySubnet.name,
        sourceRanges: [gatewaySubnet.cidr],
        // HTTP/2 towards clients when a listener serves http2 (the backends get HTTP/1.1 regardless).
        clientHttp2: listeners.some((l) => l.protocol === 'http2'),
      });
    }
  }
  return out;
}

export function planCdnEntry({ spec }: PlanContext, entryPoints: readonly EntryPointPlan[]): CdnEntryPlan {
  const zone = spec.dns.zone;
  const cdnHost = (label: string) => `${label}.${CDN_LABEL}.${zone}`;
  const apis = spec.edge.cdn.cacheApis.map((service) => {
    const ports = [...new Set(entryPoints.flatMap((e) => e.listeners.filter((l) => l.service === service).map((l) => l.port)))];
    planInvariant(ports.length === 1, `edge.cdn.cacheApis`, `cached API ${service} has ${ports.length} public ports`);
    return { service, alias: cdnHost(service), originHost: clientHost(zone, service), originPort: ports[0] };
  });
  const staticAlias = spec.edge.cdn.staticAssets ? cdnHost(STATIC_ASSETS_LABEL) : undefined;
  const domains = [...(staticAlias ? [staticAlias] : []), ...apis.map((a) => a.alias)];
  return {
    ...(domains.length > 0 ? { certificate: { name: `${spec.name}-${spec.environment}-cdn`, domains, validation: 'route53-dns' as const } } : {}),
    tlsPolicy: CLOUDFRONT_MINIMUM_PROTOCOL,
    ...(staticAlias ? { staticAlias } : {}),
    apis,
    gzip: spec.edge.compression.includes('gzip'),
    brotli: spec.edge.compression.includes('br'),
  };
}
