/**
 * TLS termination facts per cloud entry point: the predefined policies that allow TLS 1.2 and 1.3 only, ALPN
 * policies of the AWS Network Load Balancer, and the public ports each entry point accepts.
 *
 * Sources:
 * - NLB: "TLS listeners for your Network Load Balancer" (docs.aws.amazon.com/elasticloadbalancing/latest/
 *   network/create-tls-listener.html): security policy `ELBSecurityPolicy-TLS13-1-2-2021-06` (TLS 1.2 + 1.3,
 *   the console default); ALPN policies HTTP1Only, HTTP2Only, HTTP2Optional, HTTP2Preferred, None. The NLB
 *   passes the negotiated protocol's bytes to the target unchanged (TCP target group, plaintext).
 * - CloudFront: "Supported protocols and ciphers between viewers and CloudFront": `TLSv1.2_2021`; custom origins
 *   accept HTTPS ports 443 and 1024-65535 ("Origin settings", HTTPS port); CloudFront speaks HTTP/1.1 to origins.
 * - Global Accelerator: listener port ranges 1-65535 ("Listeners in AWS Global Accelerator").
 * - Application Gateway v2: predefined policy `AppGwSslPolicy20220101` (TLS 1.2 minimum); frontend ports
 *   1-65199 (65200-65535 are reserved for the v2 infrastructure), "Application Gateway infrastructure
 *   configuration" (learn.microsoft.com/azure/application-gateway/configuration-infrastructure).
 * - GKE Gateway (`gke-l7-global-external-managed`, global external Application Load Balancer): forwarding
 *   rules accept any single port 1-65535 ("Forwarding rules overview", port specifications); TLS policy via a
 *   Compute SSL policy with profile MODERN and minimum TLS 1.2.
 * - ACM: a certificate holds up to 10 domain names by default ("Quotas", domain names per certificate).
 */
import type { Protocol } from '../model/spec';

export const NLB_TLS_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
export const CLOUDFRONT_MINIMUM_PROTOCOL = 'TLSv1.2_2021';
export const APPLICATION_GATEWAY_TLS_POLICY = 'AppGwSslPolicy20220101';
export const GCP_SSL_POLICY = { profile: 'MODERN', minTlsVersion: 'TLS_1_2' } as const;

/** ALPN policy of an NLB TLS listener per service protocol: what the target behind it speaks. */
export const NLB_ALPN_POLICY: Readonly<Record<Protocol, 'HTTP1Only' | 'HTTP2Only' | 'HTTP2Preferred'>> = {
  grpc: 'HTTP2Only', // gRPC is HTTP/2 only
  http2: 'HTTP2Preferred', // an h2c server also accepts HTTP/1.1 (CloudFront, old clients)
  websocket: 'HTTP1Only', // the Upgrade handshake is HTTP/1.1 (RFC 6455)
  http: 'HTTP1Only',
};

/** Protocols an HTTP/1.1-only client (CloudFront towards its origins) can speak to a listener. */
export const HTTP1_COMPATIBLE: readonly Protocol[] = ['http', 'http2', 'websocket'];

/** Public ports each entry point accepts (inclusive ranges). */
export const PUBLIC_PORT_RANGES = {
  nlb: [[1, 65535]],
  globalAccelerator: [[1, 65535]],
  cloudfrontOriginHttps: [[443, 443], [1024, 65535]],
  applicationGateway: [[1, 65199]],
  gkeGateway: [[1, 65535]],
} as const satisfies Record<string, readonly (readonly [number, number])[]>;

export function portAllowed(port: number, ranges: readonly (readonly [number, number])[]): boolean {
  return ranges.some(([lo, hi]) => port >= lo && port <= hi);
}

/** Domain names per ACM certificate (default quota). */
export const ACM_MAX_DOMAINS = 10;

/**
 * Source ranges of Google's front ends and health checkers: traffic of a global external Application Load
 * Balancer reaches the backends (container-native NEGs: the pods) from these ("Firewall rules", Cloud Load
 * Balancing documentation: 35.191.0.0/16 and 130.211.0.0/22).
 */
export const GCP_LOAD_BALANCER_SOURCE_RANGES: readonly string[] = ['130.211.0.0/22', '35.191.0.0/16'];
