/**
 * Alerting wiring, walked as graphs over the generated output (Kubernetes objects and Terraform stacks), for the
 * reference spec and every company spec (test/fixtures/companies):
 *
 *   AlertmanagerConfig receiver -> Secret it reads -> ExternalSecret producing it (ClusterSecretStore
 *   platform-secrets) -> remote key -> secret container created by the cluster's region stack
 *
 *   region R with a running public service -> a PrometheusRule alert in another cluster firing when every
 *   probe_success of R is 0 -> Probe objects of R -> their target host -> a public DNS record that answers
 *   only R's entry point (never a failover record)
 *
 *   cluster -> always-firing Watchdog -> first route of its AlertmanagerConfig (alertname, no continue) ->
 *   heartbeat receiver (a webhook whose URL is a Secret, wired as above)
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { compile } from '../../../synth/compile';
import type { Plan } from '../../../synth/model/index';
import { synthKubernetes } from '../../../constructs/k8s/index';
import { synthTerraform } from '../../../constructs/terraform/index';
import { clusterStackName } from '../../helpers/cluster-graph';
import { referenceKubernetes, referencePlan, referenceStacks } from '../../helpers/reference';
import { validateK8sObjects } from '../../helpers/k8s-schema';
import { validateTerraformStack } from '../../helpers/tf-schema';
import type { K8sObject } from './fixtures';

interface Output {
  readonly plan: Plan;
  readonly k8s: Map<string, unknown[]>;
  readonly stacks: Map<string, any>;
}

const COMPANIES = ['eurobank', 'notely', 'shopasia'];
const outputs = new Map<string, Output>();
function output(name: string): Output {
  if (!outputs.has(name)) {
    if (name === 'reference') {
      outputs.set(name, { plan: referencePlan(), k8s: referenceKubernetes(), stacks: referenceStacks() });
    } else {
      const file = path.join(__dirname, '..', '..', 'fixtures', 'companies', `${name}.spec.yaml`);
      const r = compile(file, readFileSync(file, 'utf8'), 'plan');
      if (!r.plan) throw new Error(`${name}: ${r.diagnostics.map((d) => d.code).join(', ')}`);
      // synthTerraform keys the stacks by file (terraform/<stack>/cdk.tf.json)
      const stacks = new Map([...synthTerraform(r.plan)].map(([f, json]) => [f.split('/')[1], json as any]));
      outputs.set(name, { plan: r.plan, k8s: synthKubernetes(r.plan), stacks });
    }
  }
  return outputs.get(name)!;
}
const SPECS = ['reference', ...COMPANIES];

const clusterObjects = (o: Output, region: string): K8sObject[] =>
  [...o.k8s].filter(([p]) => p.startsWith(`kubernetes/${region}/`)).flatMap(([, objs]) => objs as K8sObject[]);
const clusters = (o: Output): string[] => [...new Set([...o.k8s.keys()].map((p) => p.split('/')[1]).filter((c) => c !== 'argocd' && c !== 'addons'))].sort();
const resources = (stack: any, type: string): any[] => Object.values(stack?.resource?.[type] ?? {});

/** The secret containers a region stack creates: name -> the vault it lives in (Azure) or ''. */
function secretContainers(o: Output, region: string): Map<string, string> {
  const stack = o.stacks.get(clusterStackName(o.plan, region));
  const out = new Map<string, string>();
  for (const s of resources(stack, 'aws_secretsmanager_secret')) out.set(s.name, '');
  for (const s of resources(stack, 'google_secret_manager_secret')) out.set(s.secret_id, '');
  const vaults = stack?.resource?.azurerm_key_vault ?? {};
  for (const s of resources(stack, 'azurerm_key_vault_secret')) {
    const m = /^\$\{azurerm_key_vault\.([^.]+)\.id\}$/.exec(s.key_vault_id);
    out.set(s.name, m ? vaults[m[1]]?.name ?? '?' : '?');
  }
  return out;
}

/** Every Secret reference (name, key) an AlertmanagerConfig receiver reads, with the receiver's name. */
function receiverSecretRefs(amc: K8sObject): { receiver: string; name: string; key: string }[] {
  const out: { receiver: string; name: string; key: string }[] = [];
  const walk = (receiver: string, v: unknown): void => {
    if (Array.isArray(v)) return v.forEach((x) => walk(receiver, x));
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (typeof o.name === 'string' && typeof o.key === 'string' && Object.keys(o).length === 2) out.push({ receiver, name: o.name, key: o.key });
    else for (const x of Object.values(o)) walk(receiver, x);
  };
  for (const r of amc.spec.receivers) for (const [k, v] of Object.entries(r)) if (k !== 'name') walk(r.name, v);
  return out;
}

describe.each(SPECS)('%s: receiver credentials come from the cloud secret store', (spec) => {
  test('GIVEN every cluster WHEN its AlertmanagerConfig receivers are read THEN each secret they reference is produced by an ExternalSecret of platform-secrets whose remote key is a container of the region stack', () => {
    const o = output(spec);
    expect(clusters(o).length).toBeGreaterThan(0);
    for (const region of clusters(o)) {
      const objs = clusterObjects(o, region);
      const amcs = objs.filter((x) => x.kind === 'AlertmanagerConfig');
      expect(amcs).toHaveLength(1);
      const amc = amcs[0];
      // every receiver delivers somewhere: an integration besides its name
      for (const r of amc.spec.receivers) expect(Object.keys(r).filter((k) => k !== 'name').length).toBe(1);
      const refs = receiverSecretRefs(amc);
      expect(new Set(refs.map((r) => r.receiver))).toEqual(new Set(amc.spec.receivers.map((r: any) => r.name)));
      const containers = secretContainers(o, region);
      const plannedVault = o.plan.alerting.clusters.find((c) => c.region === region)!.secretStore.vault ?? '';
      for (const ref of refs) {
        const producers = objs.filter(
          (x) => x.kind === 'ExternalSecret' && x.metadata.namespace === amc.metadata.namespace && (x.spec.target?.name ?? x.metadata.name) === ref.name,
        );
        expect({ ref, producers: producers.length }).toEqual({ ref, producers: 1 });
        const es = producers[0];
        expect(es.apiVersion).toBe('external-secrets.io/v1');
        expect(es.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'platform-secrets' });
        const data = es.spec.data.find((d: any) => d.secretKey === ref.key);
        expect({ ref, data: data !== undefined }).toEqual({ ref, data: true });
        expect({ key: data.remoteRef.key, inStack: containers.has(data.remoteRef.key) }).toEqual({ key: data.remoteRef.key, inStack: true });
        // Azure: the container lives in the vault the ClusterSecretStore reads
        expect(containers.get(data.remoteRef.key)).toBe(plannedVault);
        // GCP: External Secrets' service account may read exactly this container
        const stack = o.stacks.get(clusterStackName(o.plan, region));
        const gcp = Object.entries(stack?.resource?.google_secret_manager_secret ?? {}).find(([, s]: [string, any]) => s.secret_id === data.remoteRef.key);
        if (gcp) {
          const reader = o.plan.alerting.clusters.find((c) => c.region === region)!.secretStore.reader!;
          const members = resources(stack, 'google_secret_manager_secret_iam_member').filter((m) => m.secret_id === `\${google_secret_manager_secret.${gcp[0]}.id}`);
          // the member names External Secrets' service account (a reference to it where the stack creates it)
          const account = (member: string) => {
            const id = member.split('@')[0].replace(/^serviceAccount:/, '');
            const ref = /^\$\{google_service_account\.([^.}]+)\.account_id\}$/.exec(id);
            return `serviceAccount:${ref ? resources(stack, 'google_service_account').find((a) => a === stack.resource.google_service_account[ref[1]])!.account_id : id}`;
          };
          expect(members.map((m) => [m.role, account(m.member)])).toEqual([['roles/secretmanager.secretAccessor', `serviceAccount:${reader}`]]);
        }
      }
    }
  });

  test('GIVEN the region stacks WHEN their receiver secret containers are read THEN none holds a credential (AWS and GCP: no version; Azure: the placeholder, never updated)', () => {
    const o = output(spec);
    for (const [name, stack] of o.stacks) {
      const containers = new Set(
        Object.entries({ ...(stack?.resource?.aws_secretsmanager_secret ?? {}), ...(stack?.resource?.google_secret_manager_secret ?? {}) })
          .filter(([, s]: [string, any]) => /alertmanager/.test(s.name ?? s.secret_id))
          .map(([id]) => id),
      );
      const versions = [...resources(stack, 'aws_secretsmanager_secret_version'), ...resources(stack, 'google_secret_manager_secret_version')]
        .map((v) => /^\$\{[a-z_]+\.([^.]+)\.(?:id|arn)\}$/.exec(v.secret_id ?? v.secret)?.[1])
        .filter((id) => id !== undefined && containers.has(id));
      expect({ name, versions }).toEqual({ name, versions: [] });
      for (const s of resources(stack, 'azurerm_key_vault_secret')) {
        expect(s.value).toMatch(/^unset/);
        expect(s.lifecycle.ignore_changes).toEqual(['value']);
      }
    }
  });
});

describe.each(SPECS)('%s: the loss of every region is seen by a survivor', (spec) => {
  test('GIVEN a region with a running public service and another cluster WHEN it is lost THEN another cluster holds an alert on all its probes failing, and those probes reach only its entry point', () => {
    const o = output(spec);
    const plan = o.plan;
    // restore sites probe nothing: idle until a restore, they would detect nothing (their folders hold no Probe)
    const sites = new Set(plan.restoreSites.map((x) => x.region.id));
    for (const c of clusters(o).filter((x) => sites.has(x))) expect(clusterObjects(o, c).filter((x) => x.kind === 'Probe')).toEqual([]);
    const all = clusters(o).filter((x) => !sites.has(x));
    // computed from the spec's shape, not from plan.alerting: public services running in the region and served by its entry point
    const watched = plan.regions.filter(
      (r) =>
        all.some((c) => c !== r.id) &&
        r.workloads.some((w) => w.public && w.replicas > 0 && plan.entryPoints.some((e) => e.region === r.id && e.listeners.some((l) => l.service === w.service))),
    );
    if (spec !== 'notely') expect(watched.length).toBeGreaterThan(1);
    const records = resources(o.stacks.get('global'), 'aws_route53_record');
    for (const r of watched) {
      const detectors = all.filter((c) => c !== r.id).filter((c) => {
        const objs = clusterObjects(o, c);
        const rules = objs.filter((x) => x.kind === 'PrometheusRule').flatMap((x) => x.spec.groups.flatMap((g: any) => g.rules));
        const fires = rules.some((x: any) => x.labels?.severity === 'critical' && new RegExp(`^max\\(probe_success\\{[^}]*target_region="${r.id}"[^}]*\\}\\) == 0$`).test(x.expr));
        const probes = objs.filter((x) => x.kind === 'Probe' && x.spec.targets.staticConfig.labels.target_region === r.id);
        if (!fires || probes.length === 0) return false;
        for (const p of probes) {
          const host = /^(?:https:\/\/)?([^:/]+):\d+/.exec(p.spec.targets.staticConfig.static[0])![1];
          const answers = records.filter((x) => x.name === host);
          // exactly one record, not a failover one, pointing at the region's own stack outputs
          expect({ host, records: answers.length, failover: answers[0]?.failover_routing_policy }).toEqual({ host, records: 1, failover: undefined });
          expect(JSON.stringify(answers[0].alias ?? answers[0].records)).toContain(`terraform_remote_state.state-region-${r.id}.outputs.`);
        }
        return true;
      });
      expect({ region: r.id, detectedFromElsewhere: detectors.length > 0 }).toEqual({ region: r.id, detectedFromElsewhere: true });
    }
    // the runbooks' triggers: every primary with a failover region is watched, when it has a public service
    for (const r of plan.regions.filter((x) => x.failoverRegion && x.workloads.some((w) => w.public) && all.length > 1)) expect(watched.map((x) => x.id)).toContain(r.id);
  });
});

describe.each(SPECS)('%s: dead-man\'s switch', (spec) => {
  test('GIVEN every cluster THEN an always-firing Watchdog is routed first, without continue, to a heartbeat webhook whose URL is a secret of the store', () => {
    const o = output(spec);
    for (const region of clusters(o)) {
      const objs = clusterObjects(o, region);
      const watchdogs = objs
        .filter((x) => x.kind === 'PrometheusRule')
        .flatMap((x) => x.spec.groups.flatMap((g: any) => g.rules))
        .filter((r: any) => r.alert === 'Watchdog');
      expect({ region, watchdogs: watchdogs.length }).toEqual({ region, watchdogs: 1 });
      expect(watchdogs[0].expr).toBe('vector(1)');
      expect(watchdogs[0].for).toBeUndefined();
      const amc = objs.find((x) => x.kind === 'AlertmanagerConfig')!;
      const first = amc.spec.route.routes[0];
      expect(first).toMatchObject({ matchers: [{ name: 'alertname', matchType: '=', value: 'Watchdog' }], continue: false });
      // the Watchdog carries no severity a later route would match
      expect(['critical', 'warning', 'info']).not.toContain(watchdogs[0].labels.severity);
      const receiver = amc.spec.receivers.find((r: any) => r.name === first.receiver);
      expect(Object.keys(receiver).sort()).toEqual(['name', 'webhookConfigs']);
      expect(receiver.webhookConfigs).toHaveLength(1);
      const ref = receiver.webhookConfigs[0].urlSecret;
      const es = objs.find((x) => x.kind === 'ExternalSecret' && x.spec.target.name === ref.name)!;
      expect(secretContainers(o, region).has(es.spec.data.find((d: any) => d.secretKey === ref.key).remoteRef.key)).toBe(true);
      // re-sent often enough for a heartbeat check to notice silence
      const repeat = Number(/^(\d+)s$/.exec(first.repeatInterval)![1]);
      const plan = o.plan.alerting.clusters.find((c) => c.region === region)!.watchdog;
      expect(repeat).toBeLessThanOrEqual(plan.heartbeatPeriodSeconds);
      expect(plan.heartbeatGraceSeconds).toBeGreaterThanOrEqual(plan.heartbeatPeriodSeconds);
    }
  });
});

describe.each(COMPANIES)('%s: the alerting output passes the schemas', (spec) => {
  test('GIVEN the monitoring and probe files and the region stacks THEN every object validates against its Kubernetes model and every resource against its provider schema', () => {
    const o = output(spec);
    const objects = [...o.k8s].filter(([p]) => /\/0[26]-/.test(p)).flatMap(([, objs]) => objs);
    expect(objects.length).toBeGreaterThan(0);
    expect(validateK8sObjects(objects)).toEqual([]);
    for (const [name, stack] of o.stacks) if (name.startsWith('region-')) expect({ name, errors: validateTerraformStack(stack) }).toEqual({ name, errors: [] });
  });
});

describe('reference: the prober', () => {
  test('GIVEN a cluster probing other regions THEN its prober is locked down, selected by the Probes, and may reach only public addresses on the probed ports', () => {
    const plan = referencePlan();
    for (const c of plan.alerting.clusters.filter((x) => x.probes.length > 0)) {
      const objs = clusterObjects(output('reference'), c.region);
      const p = c.prober!;
      const d = objs.find((x) => x.kind === 'Deployment' && x.metadata.namespace === p.namespace)!;
      const pod = d.spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.containers[0].securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      expect(pod.priorityClassName).toBe(p.priorityClass);
      expect(p.priority).toBeGreaterThan(Math.max(...plan.tiers.map((t) => t.priority)));
      const svc = objs.find((x) => x.kind === 'Service' && x.metadata.namespace === p.namespace)!;
      for (const probe of objs.filter((x) => x.kind === 'Probe')) expect(probe.spec.prober.url).toBe(`${svc.metadata.name}.${p.namespace}.svc:${svc.spec.ports[0].port}`);
      const policy = objs.find((x) => x.kind === 'NetworkPolicy' && x.metadata.namespace === p.namespace && x.metadata.name !== 'default-deny')!;
      const world = policy.spec.egress.find((e: any) => e.to[0].ipBlock);
      expect(world.to[0].ipBlock.except).toEqual(expect.arrayContaining(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']));
      const probedPorts = [...new Set(objs.filter((x) => x.kind === 'Probe').map((x) => Number(/:(\d+)/.exec(x.spec.targets.staticConfig.static[0].replace(/^https:\/\//, ''))![1])))].sort();
      expect(world.ports.map((x: any) => x.port).sort()).toEqual(probedPorts);
      // every Probe's module is in the prober's configuration, with the region's certificate name as TLS server name
      const config = objs.find((x) => x.kind === 'ConfigMap' && x.metadata.namespace === p.namespace)!.data!['blackbox.yml'];
      for (const probe of objs.filter((x) => x.kind === 'Probe')) {
        expect(config).toContain(`${probe.spec.module}:`);
        const target = c.probes.find((t) => t.name === probe.metadata.name)!;
        expect(target.serverName).toBe(`${target.service}.${target.region}.${plan.dns.zone}`);
      }
    }
  });
});
