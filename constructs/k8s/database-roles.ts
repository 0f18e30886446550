/**
 * `05-database-roles.yaml` (GKE, AKS): the in-cluster database role step of the plan's DatabaseRolesPlan
 * (mechanism `k8s-job`): its own namespace (default deny, egress to DNS, the writers and the identity's credential
 * endpoints only), a ServiceAccount, a ConfigMap with the planned SQL per writer and the script, and a Job that runs
 * psql against each writer in one transaction.
 *
 * - GKE: the administrator's password comes from Secret Manager through External Secrets (an ExternalSecret of
 *   the cluster's ClusterSecretStore writes a Secret the Job reads); it never appears in Git.
 * - AKS: an init container exchanges the workload identity's projected token for an Entra token of Azure Database
 *   for PostgreSQL (curl, verified TLS) into a memory volume; psql uses it as the password of the Entra administrator.
 *
 * The Job's name carries a hash of the statements, so a changed plan runs a new Job (a Job's pod template is
 * immutable) and the agent prunes the old one. The SQL is idempotent; the Job retries with Kubernetes' backoff.
 * The ConfigMap opts out of Flux's variable substitution (the SQL and the script hold `$` literally).
 */
import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { DatabaseRolesPlan } from '../../synth/model/index';
import { PlanInvariantError } from '../../synth/util/errors';
import { ADDONS, commonLabels, FILE, LABEL } from './conventions';
import type { ClusterContext } from './context';
import { foundationAnnotations } from './namespaces';

/** Where the ConfigMap and the token are mounted. */
const SQL_DIR = '/sql';
const TOKEN_DIR = '/run/token';
const ADMIN_SECRET_KEY = 'password';

const RUN_SCRIPT = [
  '#!/bin/sh',
  '# Runs each writer\'s statements in one transaction (they are idempotent). Lines of targets: instance host port database.',
  'set -eu',
  'if [ -f ' + TOKEN_DIR + '/pg ]; then PGPASSWORD="$(cat ' + TOKEN_DIR + '/pg)"; export PGPASSWORD; fi',
  'while read -r name host port db; do',
  '  [ -n "$name" ] || continue',
  '  echo "roles on $name ($host:$port/$db)"',
  '  psql "host=$host port=$port dbname=$db" -v ON_ERROR_STOP=1 --single-transaction -q -f "' + SQL_DIR + '/$name.sql"',
  'done < ' + SQL_DIR + '/targets',
  '',
].join('\n');

/** The Entra token exchange of Microsoft Entra Workload ID (variables set by its webhook). */
const tokenScript = (scope: string) =>
  [
    'set -eu',
    'curl -sS --fail --retry 5 --retry-all-errors "$AZURE_AUTHORITY_HOST$AZURE_TENANT_ID/oauth2/v2.0/token" \\',
    '  --data-urlencode "client_id=$AZURE_CLIENT_ID" --data-urlencode grant_type=client_credentials \\',
    `  --data-urlencode scope=${scope} \\`,
    '  --data-urlencode client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer \\',
    '  --data-urlencode "client_assertion@$AZURE_FEDERATED_TOKEN_FILE" \\',
    `  | sed -n 's/.*"access_token":"\\([^"]*\\)".*/\\1/p' > ${TOKEN_DIR}/pg`,
    `test -s ${TOKEN_DIR}/pg`,
    '',
  ].join('\n');

const tcp = (port: number): k8s.NetworkPolicyPort => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });

export function addDatabaseRoles(ctx: ClusterContext): void {
  const roles = ctx.plan.databaseRoles.find((r) => r.region === ctx.region.id && r.mechanism === 'k8s-job');
  if (!roles) return;
  const job = roles.job;
  if (!job) throw new PlanInvariantError('databases', `${roles.region}: a k8s-job role step without Job settings`);
  const scope = ctx.file(FILE.databaseRoles);
  const labels = { ...commonLabels(ctx.plan), [LABEL.name]: 'db-roles', [LABEL.component]: 'database-roles' };
  const ns = job.namespace;

  new k8s.KubeNamespace(scope, 'namespace', {
    metadata: {
      name: ns,
      annotations: foundationAnnotations(ctx),
      labels: { ...labels, 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' },
    },
  });
  new k8s.KubeNetworkPolicy(scope, 'default-deny', {
    metadata: { name: 'default-deny', namespace: ns, labels: commonLabels(ctx.plan) },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  });
  const byPort = new Map<number, string[]>();
  for (const e of job.egress) byPort.set(e.port, [...(byPort.get(e.port) ?? []), e.cidr]);
  new k8s.KubeNetworkPolicy(scope, 'network-policy', {
    metadata: { name: 'db-roles', namespace: ns, labels },
    spec: {
      podSelector: { matchLabels: { [LABEL.name]: 'db-roles' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { [LABEL.namespaceName]: ADDONS.dnsNamespace } }, podSelector: { matchLabels: ADDONS.dnsPodLabels } }],
          ports: [
            { protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) },
            { protocol: 'TCP', port: k8s.IntOrString.fromNumber(53) },
          ],
        },
        ...[...byPort].sort(([a], [b]) => a - b).map(([port, cidrs]) => ({ to: [...new Set(cidrs)].sort().map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(port)] })),
      ],
    },
  });
  new k8s.KubeServiceAccount(scope, 'service-account', {
    metadata: { name: job.serviceAccount, namespace: ns, labels, ...(Object.keys(job.serviceAccountAnnotations).length ? { annotations: { ...job.serviceAccountAnnotations } } : {}) },
    automountServiceAccountToken: false,
  });
  const data: Record<string, string> = {
    'run.sh': RUN_SCRIPT,
    targets: roles.instances.map((i) => `${i.instance} ${i.host} ${i.port} ${i.database}\n`).join(''),
  };
  for (const i of roles.instances) data[`${i.instance}.sql`] = i.statements.map((s) => `${s};\n`).join('');
  if (job.tokenScope) data['token.sh'] = tokenScript(job.tokenScope);
  new k8s.KubeConfigMap(scope, 'config', {
    metadata: { name: job.configMap, namespace: ns, labels, ...(ctx.agent.flux ? { annotations: { ...ctx.agent.flux.noSubstitution } } : {}) },
    data,
  });

  const adminSecret = roles.admin.credential === 'gcp-builtin-password' ? adminSecretOf(roles) : undefined;
  if (adminSecret) {
    const store = job.secretStore;
    if (!store) throw new PlanInvariantError('databases', `${roles.region}: the administrator's password has no secret store`);
    new ApiObject(scope, 'admin-secret', {
      apiVersion: store.apiVersion,
      kind: 'ExternalSecret',
      metadata: { name: adminSecret.name, namespace: ns, labels },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: store.kind, name: store.name },
        target: { name: adminSecret.name, creationPolicy: 'Owner' },
        data: [{ secretKey: ADMIN_SECRET_KEY, remoteRef: { key: adminSecret.remote } }],
      },
    });
  }

  const security = (user: number): k8s.SecurityContext => ({
    runAsNonRoot: true,
    runAsUser: user,
    runAsGroup: user,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    privileged: false,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  });
  const resources: k8s.ResourceRequirements = {
    requests: { cpu: k8s.Quantity.fromString(job.cpu), memory: k8s.Quantity.fromString(job.memory) },
    limits: { cpu: k8s.Quantity.fromString(job.cpu), memory: k8s.Quantity.fromString(job.memory) },
  };
  const tokenMount = { name: 'token', mountPath: TOKEN_DIR };
  const initContainers: k8s.Container[] =
    job.tokenScope && job.images.curl && job.images.curlUser !== undefined
      ? [
          {
            name: 'entra-token',
            image: job.images.curl,
            imagePullPolicy: 'IfNotPresent',
            command: ['/bin/sh', `${SQL_DIR}/token.sh`],
            resources,
            securityContext: security(job.images.curlUser),
            volumeMounts: [{ name: 'sql', mountPath: SQL_DIR, readOnly: true }, tokenMount],
          },
        ]
      : [];
  const env: k8s.EnvVar[] = [
    { name: 'PGSSLMODE', value: job.sslMode },
    { name: 'PGCONNECT_TIMEOUT', value: '10' },
    { name: 'PGUSER', value: roles.admin.user ?? '' },
    ...(adminSecret ? [{ name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: adminSecret.name, key: ADMIN_SECRET_KEY } } }] : []),
  ];
  new k8s.KubeJob(scope, 'job', {
    metadata: { name: roles.name, namespace: ns, labels },
    spec: {
      backoffLimit: job.backoffLimit,
      template: {
        metadata: { labels: { ...labels, ...job.podLabels } },
        spec: {
          serviceAccountName: job.serviceAccount,
          restartPolicy: 'Never',
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          ...(initContainers.length ? { initContainers } : {}),
          containers: [
            {
              name: 'psql',
              image: job.images.psql,
              imagePullPolicy: 'IfNotPresent',
              command: ['/bin/sh', `${SQL_DIR}/run.sh`],
              env,
              resources,
              securityContext: security(job.images.psqlUser),
              volumeMounts: [{ name: 'sql', mountPath: SQL_DIR, readOnly: true }, ...(initContainers.length ? [{ ...tokenMount, readOnly: true }] : []), { name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          volumes: [
            { name: 'sql', configMap: { name: job.configMap } },
            { name: 'tmp', emptyDir: {} },
            ...(initContainers.length ? [{ name: 'token', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Mi') } }] : []),
          ],
        },
      },
    },
  });
}

function adminSecretOf(roles: DatabaseRolesPlan): { name: string; remote: string } {
  if (!roles.admin.secret || !roles.admin.kubernetesSecret) throw new PlanInvariantError('databases', `${roles.region}: the Cloud SQL administrator has no secret`);
  return { name: roles.admin.kubernetesSecret, remote: roles.admin.secret };
}
