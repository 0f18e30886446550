/**
 * A small NetworkPolicy evaluator (networking.k8s.io/v1 semantics) for tests: decides whether a pod
 * may open a connection to another pod's port, from the generated Namespaces, Deployments and
 * NetworkPolicies. ipBlock peers never match pods (pod IPs are not in the data subnets).
 */
import type { K8sObject } from './fixtures';

type Labels = Record<string, string>;
interface Requirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}
interface Selector {
  matchLabels?: Labels;
  matchExpressions?: Requirement[];
}
interface Peer {
  podSelector?: Selector;
  namespaceSelector?: Selector;
  ipBlock?: { cidr: string; except?: string[] };
}
interface PolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

export interface Pod {
  readonly namespace: string;
  readonly labels: Labels;
  /** Named container ports. */
  readonly ports: readonly { name?: string; containerPort: number; protocol?: string }[];
}

export interface Connection {
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP';
}

export function selectorMatches(sel: Selector, labels: Labels): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const r of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.operator) {
      case 'In':
        if (!has || !(r.values ?? []).includes(labels[r.key])) return false;
        break;
      case 'NotIn':
        if (has && (r.values ?? []).includes(labels[r.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

export class Cluster {
  private readonly namespaceLabels = new Map<string, Labels>();
  private readonly policies: K8sObject[];

  constructor(objects: K8sObject[]) {
    for (const ns of objects.filter((o) => o.kind === 'Namespace')) {
      this.namespaceLabels.set(ns.metadata.name, { ...(ns.metadata.labels ?? {}) });
    }
    this.policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  }

  /** Pods of the generated Deployments, by `namespace/name`. */
  static pods(objects: K8sObject[]): Map<string, Pod> {
    const out = new Map<string, Pod>();
    for (const d of objects.filter((o) => o.kind === 'Deployment')) {
      out.set(`${d.metadata.namespace}/${d.metadata.name}`, {
        namespace: d.metadata.namespace!,
        labels: d.spec.template.metadata.labels,
        ports: d.spec.template.spec.containers.flatMap((c: any) => c.ports ?? []),
      });
    }
    return out;
  }

  /** Labels of a namespace, with the `kubernetes.io/metadata.name` label the API server adds. */
  nsLabels(ns: string): Labels {
    return { ...(this.namespaceLabels.get(ns) ?? {}), 'kubernetes.io/metadata.name': ns };
  }

  allows(src: Pod, dst: Pod, c: Connection): boolean {
    return this.side(src, 'Egress', (rule, policyNs) => this.ruleAdmits(rule.to, rule.ports, policyNs, dst, dst, c)) &&
      this.side(dst, 'Ingress', (rule, policyNs) => this.ruleAdmits(rule.from, rule.ports, policyNs, src, dst, c));
  }

  /** True when traffic from address `ip` (outside the cluster: a load balancer) may reach `dst` with `c` (ingress side only). */
  allowsIngressFromIp(ip: string, dst: Pod, c: Connection): boolean {
    return this.side(dst, 'Ingress', (rule) => {
      const peers: Peer[] | undefined = rule.from;
      const peerOk = !peers || peers.length === 0 || peers.some((p) => p.ipBlock && cidrContains(p.ipBlock.cidr, ip) && !(p.ipBlock.except ?? []).some((e) => cidrContains(e, ip)));
      return peerOk && portsAdmit(rule.ports, undefined, c);
    });
  }

  /** True when `pod` may send `c` to `cidr`-contained address `ip` (egress side only). */
  allowsEgressToIp(src: Pod, ip: string, c: Connection): boolean {
    return this.side(src, 'Egress', (rule) => {
      const peers: Peer[] | undefined = rule.to;
      const peerOk = !peers || peers.length === 0 || peers.some((p) => p.ipBlock && cidrContains(p.ipBlock.cidr, ip) && !(p.ipBlock.except ?? []).some((e) => cidrContains(e, ip)));
      return peerOk && portsAdmit(rule.ports, undefined, c);
    });
  }

  private side(pod: Pod, type: 'Ingress' | 'Egress', admits: (rule: any, policyNs: string) => boolean): boolean {
    const selecting = this.policies.filter(
      (p) => p.metadata.namespace === pod.namespace && selectorMatches(p.spec.podSelector ?? {}, pod.labels) && policyTypes(p).includes(type),
    );
    if (selecting.length === 0) return true; // not isolated in this direction
    const key = type === 'Ingress' ? 'ingress' : 'egress';
    return selecting.some((p) => (p.spec[key] ?? []).some((rule: any) => admits(rule, p.metadata.namespace!)));
  }

  private ruleAdmits(peers: Peer[] | undefined, ports: PolicyPort[] | undefined, policyNs: string, peerPod: Pod, dst: Pod, c: Connection): boolean {
    const peerOk = !peers || peers.length === 0 || peers.some((p) => this.peerMatches(p, policyNs, peerPod));
    return peerOk && portsAdmit(ports, dst, c);
  }

  private peerMatches(peer: Peer, policyNs: string, pod: Pod): boolean {
    if (peer.ipBlock) return false;
    const nsOk = peer.namespaceSelector ? selectorMatches(peer.namespaceSelector, this.nsLabels(pod.namespace)) : pod.namespace === policyNs;
    const podOk = peer.podSelector ? selectorMatches(peer.podSelector, pod.labels) : true;
    return nsOk && podOk;
  }
}

function policyTypes(p: K8sObject): string[] {
  if (p.spec.policyTypes) return p.spec.policyTypes;
  return p.spec.egress ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** Named ports resolve against the destination pod's container ports. */
function portsAdmit(ports: PolicyPort[] | undefined, dst: Pod | undefined, c: Connection): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== c.protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'number') return p.endPort !== undefined ? c.port >= p.port && c.port <= p.endPort : c.port === p.port;
    return !!dst && dst.ports.some((cp) => cp.name === p.port && cp.containerPort === c.port && (cp.protocol ?? 'TCP') === c.protocol);
  });
}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
}

export function cidrContains(cidr: string, ip: string): boolean {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(ipToInt(base) / size) * size;
  const x = ipToInt(ip);
  return x >= start && x < start + size;
}
