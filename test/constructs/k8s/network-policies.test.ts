/**
 * Which pod may reach which, evaluated from the generated NetworkPolicies (selectors and ports), must
 * be exactly the `uses` graph of the plan, per cluster.
 */
import { reference, regionObjects } from './fixtures';
import { cidrContains, Cluster, type Pod } from './netpol-eval';

const { plan, files } = reference();
const regions = plan.regions.filter((r) => r.workloads.length > 0);

/** The first address of a CIDR (a host inside a data subnet). */
const firstHost = (cidr: string): string => {
  const [base] = cidr.split('/');
  const o = base.split('.').map(Number);
  o[3] += 1;
  return o.join('.');
};

describe('NetworkPolicies implement the uses graph', () => {
  test.each(regions.map((r) => [r.id, r]))('%s: service-to-service reachability equals plan.services[].usesServices', (_id, region) => {
    // GIVEN the cluster's generated objects and the services running there
    const objs = regionObjects(files, region.id);
    const cluster = new Cluster(objs);
    const pods = Cluster.pods(objs);
    const here = new Set(region.workloads.map((w) => w.service));
    const podOf = (service: string): Pod => {
      const w = region.workloads.find((x) => x.service === service)!;
      return pods.get(`${w.namespace}/${w.service}`)!;
    };

    // WHEN every ordered pair of distinct workloads is evaluated on the callee's service port
    const reachable: string[] = [];
    for (const src of region.workloads) {
      for (const dst of region.workloads) {
        if (src.service === dst.service) continue;
        if (cluster.allows(podOf(src.service), podOf(dst.service), { port: dst.port, protocol: 'TCP' })) {
          reachable.push(`${src.service} -> ${dst.service}`);
        }
      }
    }

    // THEN it is exactly the plan's service dependency graph restricted to this cluster
    const expected = plan.services
      .filter((s) => here.has(s.id))
      .flatMap((s) => s.usesServices.filter((u) => here.has(u)).map((u) => `${s.id} -> ${u}`));
    expect(reachable.sort()).toEqual(expected.sort());
  });

  test.each(regions.map((r) => [r.id, r]))('%s: only public workloads accept traffic from the entry point, on their port', (_id, region) => {
    // GIVEN an address inside every source range of the region's entry point (NLB subnets, Application Gateway subnet, Google front ends)
    const objs = regionObjects(files, region.id);
    const cluster = new Cluster(objs);
    const pods = Cluster.pods(objs);
    const entry = plan.entryPoints.find((e) => e.region === region.id);
    const sources = (entry?.sourceRanges ?? []).map((cidr) => {
      const [base] = cidr.split('/');
      const o = base.split('.').map(Number);
      return `${o[0]}.${o[1]}.${o[2]}.${o[3] + 1}`;
    });
    for (const ip of sources) {
      // WHEN it connects to each workload's service port
      const reachable = region.workloads.filter((w) => cluster.allowsIngressFromIp(ip, pods.get(`${w.namespace}/${w.service}`)!, { port: w.port, protocol: 'TCP' })).map((w) => w.service);
      // THEN exactly the public workloads accept it, and not on another port
      expect(reachable.sort()).toEqual(region.workloads.filter((w) => w.public).map((w) => w.service).sort());
      for (const w of region.workloads.filter((x) => x.public)) expect(cluster.allowsIngressFromIp(ip, pods.get(`${w.namespace}/${w.service}`)!, { port: w.port + 1, protocol: 'TCP' })).toBe(false);
    }
    expect(sources.length > 0).toBe(region.workloads.some((w) => w.public));
  });

  test.each(regions.map((r) => [r.id, r]))('%s: monitoring scrapes every workload; no workload reaches another on its metrics port', (_id, region) => {
    // GIVEN a Prometheus pod in `monitoring` and the workloads' metrics ports
    const objs = regionObjects(files, region.id);
    const cluster = new Cluster(objs);
    const pods = Cluster.pods(objs);
    const prometheus: Pod = { namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' }, ports: [] };
    const metricsPort = (p: Pod) => p.ports.find((x) => x.name === 'metrics')!.containerPort;

    for (const w of region.workloads) {
      const pod = pods.get(`${w.namespace}/${w.service}`)!;
      // WHEN Prometheus (and every other workload) connects to the metrics port
      // THEN only Prometheus is admitted
      expect(cluster.allows(prometheus, pod, { port: metricsPort(pod), protocol: 'TCP' })).toBe(true);
      for (const other of region.workloads.filter((x) => x.service !== w.service)) {
        expect(cluster.allows(pods.get(`${other.namespace}/${other.service}`)!, pod, { port: metricsPort(pod), protocol: 'TCP' })).toBe(false);
      }
    }
  });

  test.each(regions.map((r) => [r.id, r]))('%s: DNS and data subnets on the endpoint ports are the only other egress', (_id, region) => {
    // GIVEN kube-dns and one address in each data subnet
    const objs = regionObjects(files, region.id);
    const cluster = new Cluster(objs);
    const pods = Cluster.pods(objs);
    const dns: Pod = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' }, ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }] };

    for (const w of region.workloads) {
      const pod = pods.get(`${w.namespace}/${w.service}`)!;
      // WHEN the workload resolves names
      // THEN DNS over UDP and TCP is allowed
      expect(cluster.allows(pod, dns, { port: 53, protocol: 'UDP' })).toBe(true);
      expect(cluster.allows(pod, dns, { port: 53, protocol: 'TCP' })).toBe(true);

      // WHEN it connects to its data subnets
      const ports = [...new Set(w.endpoints.map((e) => e.port))];
      for (const cidr of w.dataCidrs) {
        const ip = firstHost(cidr);
        expect(cidrContains(cidr, ip)).toBe(true);
        // THEN exactly its endpoints' ports are open, and nothing else (e.g. the other engine's port)
        for (const port of [5432, 6379, ...ports]) {
          expect(cluster.allowsEgressToIp(pod, ip, { port, protocol: 'TCP' })).toBe(ports.includes(port));
        }
      }
      // AND nothing outside the data subnets is reachable
      expect(cluster.allowsEgressToIp(pod, '8.8.8.8', { port: 443, protocol: 'TCP' })).toBe(false);
    }
  });

  test('every tier namespace has a default-deny policy for ingress and egress', () => {
    for (const region of regions) {
      // GIVEN the cluster's namespaces
      const objs = regionObjects(files, region.id);
      const namespaces = [...new Set(region.workloads.map((w) => w.namespace))];
      for (const ns of namespaces) {
        // THEN a policy selecting every pod denies both directions
        const deny = objs.find((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === ns && o.metadata.name === 'default-deny');
        expect(deny?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
      }
    }
  });
});
