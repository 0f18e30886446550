/**
 * Alerting of one cluster, from `plan.alerting` (the planner decides every name and number):
 *  - `02-monitoring.yaml`: one ExternalSecret per receiver (External Secrets Operator, the `platform-secrets`
 *    ClusterSecretStore) materialising the Secret its Alertmanager receiver reads; the Watchdog
 *    PrometheusRule (always firing: the dead-man's switch).
 *  - `06-region-probes.yaml`: the blackbox prober of the other regions' entry points (Namespace,
 *    ServiceAccount (the PriorityClass is the add-ons'), ConfigMap with one module per target, Deployment, Service, PDB,
 *    NetworkPolicies), one Probe per target, and the PrometheusRule of the region-loss alerts.
 */
import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { ClusterAlertingPlan } from '../../synth/model/index';
import { PlanInvariantError } from '../../synth/util/errors';
import { sortedYamlDocument } from '../../synth/util/yaml';
import { ADDONS, commonLabels, duration, FILE, LABEL } from './conventions';
import type { ClusterContext } from './context';
import { foundationAnnotations } from './namespaces';

export function alertingOf(ctx: ClusterContext): ClusterAlertingPlan {
  const a = ctx.plan.alerting.clusters.find((c) => c.region === ctx.region.id);
  if (!a) throw new PlanInvariantError('observability', `region ${ctx.region.id} has a cluster but no alerting plan`);
  return a;
}

export function addReceiverSecrets(ctx: ClusterContext): void {
  const a = alertingOf(ctx);
  const scope = ctx.file(FILE.monitoring);
  for (const r of a.receivers) {
    new ApiObject(scope, `external-secret-${r.secret.name}`, {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: r.secret.name, namespace: a.namespace, labels: commonLabels(ctx.plan) },
      spec: {
        refreshInterval: duration(a.refreshIntervalSeconds),
        secretStoreRef: { kind: 'ClusterSecretStore', name: a.secretStore.name },
        target: { name: r.secret.name, creationPolicy: 'Owner', deletionPolicy: 'Retain' },
        data: [{ secretKey: r.secret.key, remoteRef: { key: r.remoteKey } }],
      },
    });
  }
}

export function addWatchdog(ctx: ClusterContext): void {
  const a = alertingOf(ctx);
  new ApiObject(ctx.file(FILE.monitoring), 'watchdog-rule', {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: a.watchdog.rule, namespace: a.namespace, labels: commonLabels(ctx.plan) },
    spec: {
      groups: [
        {
          name: `${a.watchdog.rule}.rules`,
          rules: [
            {
              alert: a.watchdog.alert,
              expr: 'vector(1)',
              labels: { severity: 'none', cluster: a.cluster },
              annotations: {
                summary: `${a.cluster}: dead-man's switch, always firing`,
                description: `Sent to ${a.watchdog.receiver} every ${a.watchdog.repeatIntervalSeconds}s; the heartbeat check of ${a.cluster} pages when it stops (Prometheus, Alertmanager or the region ${a.region} is down).`,
              },
            },
          ],
        },
      ],
    },
  });
}

export function addRegionProbes(ctx: ClusterContext): void {
  const a = alertingOf(ctx);
  if (a.regionRules.length === 0) return;
  const p = a.prober;
  if (!p) throw new PlanInvariantError('observability', `cluster ${a.cluster} has region rules but no prober`);
  const scope = ctx.file(FILE.regionProbes);
  const labels = { ...commonLabels(ctx.plan), [LABEL.name]: p.name };
  const selector = { [LABEL.name]: p.name };
  const meta = (name: string, namespace = p.namespace) => ({ name, namespace, labels });

  new k8s.KubeNamespace(scope, 'namespace', {
    metadata: {
      name: p.namespace,
      annotations: foundationAnnotations(ctx),
      labels: { ...commonLabels(ctx.plan), 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' },
    },
  });
  // its PriorityClass is the add-ons' (the platform layer creates it, before this folder)
  new k8s.KubeServiceAccount(scope, 'service-account', { metadata: meta(p.name), automountServiceAccountToken: false });

  const modules: Record<string, unknown> = {};
  for (const t of a.probes) {
    const tls = { server_name: t.serverName };
    const timeout = duration(p.timeoutSeconds);
    modules[t.module] =
      t.prober === 'http'
        ? { prober: 'http', timeout, http: { method: 'GET', preferred_ip_protocol: 'ip4', fail_if_not_ssl: true, headers: { Host: t.serverName }, tls_config: tls } }
        : { prober: 'tcp', timeout, tcp: { preferred_ip_protocol: 'ip4', tls: true, tls_config: tls } };
  }
  new k8s.KubeConfigMap(scope, 'config', { metadata: meta(p.name), data: { 'blackbox.yml': sortedYamlDocument({ modules }) } });

  new k8s.KubeDeployment(scope, 'deployment', {
    metadata: meta(p.name),
    spec: {
      replicas: p.replicas,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: p.name,
          automountServiceAccountToken: false,
          priorityClassName: p.priorityClass,
          securityContext: { runAsNonRoot: true, runAsUser: p.runAsUser, runAsGroup: p.runAsUser, seccompProfile: { type: 'RuntimeDefault' } },
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: LABEL.zone, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } }],
          containers: [
            {
              name: 'blackbox-exporter',
              image: p.image,
              args: ['--config.file=/etc/blackbox/blackbox.yml', `--web.listen-address=:${p.port}`],
              ports: [{ name: 'http', containerPort: p.port }],
              resources: { requests: quantities(p.resources.requests), limits: quantities(p.resources.limits) },
              readinessProbe: { httpGet: { path: '/-/ready', port: k8s.IntOrString.fromNumber(p.port) }, periodSeconds: 10 },
              livenessProbe: { httpGet: { path: '/-/healthy', port: k8s.IntOrString.fromNumber(p.port) }, periodSeconds: 20 },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
              volumeMounts: [{ name: 'config', mountPath: '/etc/blackbox', readOnly: true }],
            },
          ],
          volumes: [{ name: 'config', configMap: { name: p.name } }],
        },
      },
    },
  });
  new k8s.KubeService(scope, 'service', { metadata: meta(p.name), spec: { selector, ports: [{ name: 'http', port: p.port, targetPort: k8s.IntOrString.fromNumber(p.port) }] } });
  new k8s.KubePodDisruptionBudget(scope, 'pdb', { metadata: meta(p.name), spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector } } });

  const nsSel = (namespace: string) => ({ matchLabels: { [LABEL.namespaceName]: namespace } });
  const tcp = (port: number) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });
  new k8s.KubeNetworkPolicy(scope, 'default-deny', { metadata: { name: 'default-deny', namespace: p.namespace, labels: commonLabels(ctx.plan) }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } });
  new k8s.KubeNetworkPolicy(scope, 'prober-policy', {
    metadata: meta(p.name),
    spec: {
      podSelector: { matchLabels: selector },
      policyTypes: ['Ingress', 'Egress'],
      // Prometheus (monitoring namespace) asks the prober; the kubelet's probes need no rule.
      ingress: [{ from: [{ namespaceSelector: nsSel(ADDONS.monitoringNamespace) }], ports: [tcp(p.port)] }],
      egress: [
        { to: [{ namespaceSelector: nsSel(ADDONS.dnsNamespace), podSelector: { matchLabels: ADDONS.dnsPodLabels } }], ports: [{ protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) }, tcp(53)] },
        // the other regions' public entry points: public addresses only, on their listener ports
        { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', '100.64.0.0/10'] } }], ports: p.probePorts.map(tcp) },
      ],
    },
  });

  const prober = `${p.name}.${p.namespace}.svc:${p.port}`;
  for (const t of a.probes) {
    new ApiObject(scope, `probe-${t.name}`, {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'Probe',
      metadata: { name: t.name, namespace: a.namespace, labels: commonLabels(ctx.plan) },
      spec: {
        jobName: p.jobName,
        interval: duration(p.intervalSeconds),
        scrapeTimeout: duration(p.timeoutSeconds),
        module: t.module,
        prober: { url: prober, scheme: 'http', path: '/probe' },
        targets: { staticConfig: { static: [t.target], labels: { target_region: t.region, probe_service: t.service } } },
      },
    });
  }

  new ApiObject(scope, 'region-loss-rule', {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: a.regionRuleName, namespace: a.namespace, labels: commonLabels(ctx.plan) },
    spec: { groups: [{ name: `${a.regionRuleName}.rules`, rules: regionLossRules(a) }] },
  });
}

/** The region-loss alerts of one cluster (exported for the promtool tests). */
export function regionLossRules(a: ClusterAlertingPlan): Record<string, unknown>[] {
  const job = a.prober?.jobName;
  return a.regionRules.flatMap((r) => {
    const sel = `job="${job}",target_region="${r.region}"`;
    const services = a.probes.filter((p) => p.region === r.region).map((p) => p.service);
    return [
      {
        alert: r.alert,
        expr: `max(probe_success{${sel}}) == 0`,
        for: duration(r.forSeconds),
        labels: { severity: 'critical', region: r.region },
        annotations: {
          summary: `region ${r.region} is down: every probe of its entry point fails (${services.join(', ')})`,
          description: `Seen from ${a.cluster}. The failover runbooks of ${r.region} start here (dist/runbooks).`,
        },
      },
      {
        alert: r.absentAlert,
        expr: `absent(probe_success{${sel}})`,
        for: duration(r.absentForSeconds),
        labels: { severity: 'warning', region: r.region },
        annotations: {
          summary: `no probe results for region ${r.region} from ${a.cluster}: the loss of ${r.region} would go unseen from here`,
          description: `Check the prober ${a.prober?.name} in namespace ${a.prober?.namespace} and the Probe objects of ${r.region}.`,
        },
      },
    ];
  });
}

const quantities = (r: { readonly cpu: string; readonly memory: string }) => ({ cpu: k8s.Quantity.fromString(r.cpu), memory: k8s.Quantity.fromString(r.memory) });
