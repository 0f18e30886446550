/**
 * Where a pod fetches the credentials of its cloud identity: the only egress a workload identity needs besides
 * its stores.
 *
 * Sources: Amazon EKS User Guide, "Learn how EKS Pod Identity grants pods access to AWS services" (the agent
 * serves credentials on 169.254.170.23, port 80, host network); Google Kubernetes Engine docs, "About Workload
 * Identity Federation for GKE" and "GKE Dataplane V2 / network policy" (the GKE metadata server answers on
 * 169.254.169.254:80 and, with Dataplane V2, on 169.254.169.252:988; NetworkPolicies must allow it).
 * Microsoft Entra Workload ID exchanges the projected token at `login.microsoftonline.com` over HTTPS (Azure SDKs'
 * default authority host): a public name, which a NetworkPolicy can only allow by address; its IPv4 ranges are
 * those Microsoft publishes for it ("Microsoft 365 URLs and IP address ranges", worldwide, endpoint set ID 56:
 * login.microsoftonline.com and the other Entra ID sign-in names, TCP 443).
 */
import type { Cloud } from '../model/index';

export interface IdentityEndpoint {
  readonly cidr: string;
  readonly port: number;
  readonly why: string;
}

export const IDENTITY_ENDPOINTS: Readonly<Record<Cloud, readonly IdentityEndpoint[]>> = {
  aws: [{ cidr: '169.254.170.23/32', port: 80, why: 'EKS Pod Identity agent' }],
  gcp: [
    { cidr: '169.254.169.254/32', port: 80, why: 'GKE metadata server' },
    { cidr: '169.254.169.252/32', port: 988, why: 'GKE metadata server (Dataplane V2)' },
  ],
  azure: [
    { cidr: '20.20.32.0/19', port: 443, why: 'Microsoft Entra ID (login.microsoftonline.com)' },
    { cidr: '20.190.128.0/18', port: 443, why: 'Microsoft Entra ID (login.microsoftonline.com)' },
    { cidr: '20.231.128.0/19', port: 443, why: 'Microsoft Entra ID (login.microsoftonline.com)' },
    { cidr: '40.126.0.0/18', port: 443, why: 'Microsoft Entra ID (login.microsoftonline.com)' },
  ],
};
