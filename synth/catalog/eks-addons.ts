/**
 * EKS managed add-ons, one pinned build per add-on and Kubernetes minor version.
 *
 * Sources: `aws eks describe-addon-versions --kubernetes-version <minor> --addon-name <name>` (the builds a
 * 1.32 cluster reports as current: vpc-cni v1.19.2-eksbuild.5, coredns v1.11.4-eksbuild.10, kube-proxy
 * v1.32.0-eksbuild.2, eks-pod-identity-agent v1.3.5-eksbuild.2), and the Amazon EKS User Guide pages
 * "Amazon VPC CNI", "CoreDNS", "kube-proxy", "EKS Pod Identity agent". Network policy enforcement needs
 * VPC CNI >= 1.14 with `enableNetworkPolicy: "true"` in the add-on's configuration values ("Limit pod
 * traffic with Kubernetes network policies").
 */
export type EksAddonName = 'vpc-cni' | 'coredns' | 'kube-proxy' | 'eks-pod-identity-agent';

export interface EksAddonFacts {
  readonly name: EksAddonName;
  /** Why the cluster needs it. */
  readonly why: string;
  /** Runs as pods on nodes: the add-on only becomes ACTIVE once nodes exist. */
  readonly needsNodes: boolean;
}

export const EKS_ADDONS: readonly EksAddonFacts[] = [
  { name: 'vpc-cni', why: 'pod networking; its network policy agent enforces the NetworkPolicies', needsNodes: false },
  { name: 'kube-proxy', why: 'Service routing on every node', needsNodes: false },
  { name: 'coredns', why: 'cluster DNS', needsNodes: true },
  { name: 'eks-pod-identity-agent', why: 'EKS Pod Identity: hands pods the credentials of their IAM role', needsNodes: false },
];

/** Add-on builds by Kubernetes minor version. */
export const EKS_ADDON_VERSIONS: Readonly<Record<string, Readonly<Record<EksAddonName, string>>>> = {
  '1.32': {
    'vpc-cni': 'v1.19.2-eksbuild.5',
    coredns: 'v1.11.4-eksbuild.10',
    'kube-proxy': 'v1.32.0-eksbuild.2',
    'eks-pod-identity-agent': 'v1.3.5-eksbuild.2',
  },
};

/** VPC CNI configuration that turns on its network policy agent. */
export const VPC_CNI_NETWORK_POLICY = { enableNetworkPolicy: 'true' } as const;
