import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { validateK8sObject, validateK8sObjects } from './k8s-schema';
import { referenceKubernetes } from './reference';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

const meta = (name: string, namespace = 'apps') => ({ name, namespace, labels: { 'app.kubernetes.io/name': name } });

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { ...meta('web'), annotations: { 'example.com/owner': 'team-a' } },
  spec: {
    replicas: 3,
    revisionHistoryLimit: 5,
    selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
    template: {
      metadata: { labels: { 'app.kubernetes.io/name': 'web' } },
      spec: {
        serviceAccountName: 'web',
        priorityClassName: 'tier-1',
        securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: 'topology.kubernetes.io/zone',
            whenUnsatisfiable: 'ScheduleAnyway',
            labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
          },
        ],
        containers: [
          {
            name: 'web',
            image: 'registry.example.com/web:1.2.3',
            imagePullPolicy: 'IfNotPresent',
            ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
            env: [
              { name: 'LOG_LEVEL', value: 'info' },
              { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
            ],
            resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: 2, memory: '2Gi' } },
            readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
            livenessProbe: { tcpSocket: { port: 8080 }, initialDelaySeconds: 5 },
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true },
          },
        ],
      },
    },
  },
};

const service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: meta('web'),
  spec: {
    type: 'ClusterIP',
    selector: { 'app.kubernetes.io/name': 'web' },
    ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
  },
};

const hpa = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: meta('web'),
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    minReplicas: 3,
    maxReplicas: 12,
    metrics: [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '1536Mi' } } },
      {
        type: 'Pods',
        pods: {
          metric: { name: 'http_requests_per_second' },
          target: { type: 'AverageValue', averageValue: '100' },
        },
      },
    ],
    behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }] } },
  },
};

const serviceMonitor = {
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'ServiceMonitor',
  metadata: meta('web'),
  spec: {
    selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
    namespaceSelector: { matchNames: ['apps'] },
    endpoints: [{ port: 'http', path: '/metrics', interval: '30s', scrapeTimeout: '10s' }],
  },
};

const prometheusRule = {
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'PrometheusRule',
  metadata: meta('web-slo'),
  spec: {
    groups: [
      {
        name: 'web.slo',
        rules: [
          {
            alert: 'WebHighErrorRate',
            expr: 'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.01',
            for: '10m',
            labels: { severity: 'page' },
            annotations: { summary: 'High error rate' },
          },
          { record: 'job:http_requests:rate5m', expr: 'sum by (job) (rate(http_requests_total[5m]))' },
        ],
      },
    ],
  },
};

const alertmanagerConfig = {
  apiVersion: 'monitoring.coreos.com/v1alpha1',
  kind: 'AlertmanagerConfig',
  metadata: meta('routing'),
  spec: {
    route: { receiver: 'pager', groupBy: ['alertname'], groupWait: '30s' },
    receivers: [{ name: 'pager', webhookConfigs: [{ url: 'https://hooks.example.com/alert', sendResolved: true }] }],
  },
};

const application = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: meta('web', 'argocd'),
  spec: {
    project: 'default',
    source: {
      repoURL: 'https://git.example.com/platform.git',
      targetRevision: 'main',
      path: 'manifests/web',
      helm: { valuesObject: { anything: { goes: ['here', 1, true] } } },
    },
    destination: { server: 'https://kubernetes.default.svc', namespace: 'apps' },
    syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
  },
};

const targetGroupBinding = {
  apiVersion: 'elbv2.k8s.aws/v1beta1',
  kind: 'TargetGroupBinding',
  metadata: meta('web'),
  spec: {
    serviceRef: { name: 'web', port: 80 },
    targetGroupARN: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/0123456789abcdef',
    targetType: 'ip',
    networking: { ingress: [{ from: [{ securityGroup: { groupID: 'sg-0123' } }], ports: [{ port: 'http', protocol: 'TCP' }] }] },
  },
};

const scaledObject = {
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledObject',
  metadata: meta('worker'),
  spec: {
    scaleTargetRef: { name: 'worker' },
    minReplicaCount: 1,
    maxReplicaCount: 20,
    triggers: [{ type: 'aws-sqs-queue', metadata: { queueURL: 'https://sqs.example/q', queueLength: '5' } }],
  },
};

const others = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('web-config'), data: { 'app.yaml': 'a: 1\n' } },
  {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { ...meta('web'), annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/web' } },
  },
  {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: meta('web'),
    spec: { minAvailable: '50%', selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } },
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta('web'),
    spec: {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress' } } }], ports: [{ port: 'http' }] }],
      egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ port: 5432, protocol: 'TCP' }] }],
    },
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: meta('web'),
    spec: {
      ingressClassName: 'alb',
      tls: [{ hosts: ['web.example.com'], secretName: 'web-tls' }],
      rules: [
        {
          host: 'web.example.com',
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] },
        },
      ],
    },
  },
  { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'tier-1' }, value: 100000, globalDefault: false },
  alertmanagerConfig,
  scaledObject,
];

describe('validateK8sObject', () => {
  test.each([
    ['Deployment', deployment],
    ['Service', service],
    ['HorizontalPodAutoscaler autoscaling/v2 with cpu/memory Resource metrics and a Pods metric', hpa],
    ['ServiceMonitor', serviceMonitor],
    ['PrometheusRule', prometheusRule],
    ['Application', application],
    ['TargetGroupBinding', targetGroupBinding],
    ...others.map((o) => [`${o.apiVersion} ${o.kind}`, o] as [string, unknown]),
  ])('a valid %s passes', (_name, obj) => {
    // GIVEN a valid object WHEN validated THEN there are no problems
    expect(validateK8sObject(obj)).toEqual([]);
  });

  test.each([
    {
      name: 'Deployment with spec.replicas "three"',
      obj: deployment,
      mutate: (d: any) => {
        d.spec.replicas = 'three';
      },
      expected: /^spec\.replicas: must be integer/,
    },
    {
      name: 'Deployment with unknown container field imagePullPolicyy',
      obj: deployment,
      mutate: (d: any) => {
        d.spec.template.spec.containers[0].imagePullPolicyy = d.spec.template.spec.containers[0].imagePullPolicy;
        delete d.spec.template.spec.containers[0].imagePullPolicy;
      },
      expected: /^spec\.template\.spec\.containers\[0\]\.imagePullPolicyy: unknown field \(did you mean "imagePullPolicy"\?\)/,
    },
    {
      name: 'Deployment with unknown field inside a probe (int-or-string neighbourhood)',
      obj: deployment,
      mutate: (d: any) => {
        d.spec.template.spec.containers[0].readinessProbe.httpGet.prot = 'http';
      },
      expected: /^spec\.template\.spec\.containers\[0\]\.readinessProbe\.httpGet\.prot: unknown field/,
    },
    {
      name: 'Deployment without spec.selector',
      obj: deployment,
      mutate: (d: any) => {
        delete d.spec.selector;
      },
      expected: /^spec: missing required field "selector"/,
    },
    {
      name: 'Deployment with unknown metadata field',
      obj: deployment,
      mutate: (d: any) => {
        d.metadata.label = { a: 'b' };
      },
      expected: /^metadata\.label: unknown field \(did you mean "labels"\?\)/,
    },
    {
      name: 'Service with unknown top-level spek',
      obj: service,
      mutate: (s: any) => {
        s.spek = s.spec;
      },
      expected: /^spek: unknown field \(did you mean "spec"\?\)/,
    },
    {
      name: 'Service with an invalid enum value',
      obj: service,
      mutate: (s: any) => {
        s.spec.type = 'Clusterip';
      },
      expected: /^spec\.type: must be equal to one of the allowed values/,
    },
    {
      name: 'HPA with unknown field in a Pods metric',
      obj: hpa,
      mutate: (h: any) => {
        h.spec.metrics[2].pods.metricName = 'x';
      },
      expected: /^spec\.metrics\[2\]\.pods\.metricName: unknown field/,
    },
    {
      name: 'ServiceMonitor with unknown endpoint field',
      obj: serviceMonitor,
      mutate: (s: any) => {
        s.spec.endpoints[0].intervall = '30s';
      },
      expected: /^spec\.endpoints\[0\]\.intervall: unknown field \(did you mean "interval"\?\)/,
    },
    {
      name: 'PrometheusRule with unknown rule field',
      obj: prometheusRule,
      mutate: (p: any) => {
        p.spec.groups[0].rules[0].severity = 'page';
      },
      expected: /^spec\.groups\[0\]\.rules\[0\]\.severity: unknown field/,
    },
    {
      name: 'Application with unknown syncPolicy field',
      obj: application,
      mutate: (a: any) => {
        a.spec.syncPolicy.automated.selfheal = true;
      },
      expected: /^spec\.syncPolicy\.automated\.selfheal: unknown field \(did you mean "selfHeal"\?\)/,
    },
    {
      name: 'TargetGroupBinding with unknown serviceRef field',
      obj: targetGroupBinding,
      mutate: (t: any) => {
        t.spec.serviceRef.namespace = 'apps';
      },
      expected: /^spec\.serviceRef\.namespace: unknown field/,
    },
    {
      name: 'TargetGroupBinding with unknown metadata field',
      obj: targetGroupBinding,
      mutate: (t: any) => {
        t.metadata.nmae = 'x';
      },
      expected: /^metadata\.nmae: unknown field \(did you mean "name"\?\)/,
    },
    {
      name: 'TargetGroupBinding with a bad targetType',
      obj: targetGroupBinding,
      mutate: (t: any) => {
        t.spec.targetType = 'lambda';
      },
      expected: /^spec\.targetType: must be equal to one of the allowed values/,
    },
    {
      name: 'TargetGroupBinding without a target group',
      obj: targetGroupBinding,
      mutate: (t: any) => {
        delete t.spec.targetGroupARN;
      },
      expected: /^spec: missing required field "targetGroupARN" \(or "targetGroupName"\)$/,
    },
    {
      name: 'ScaledObject with unknown spec field',
      obj: scaledObject,
      mutate: (s: any) => {
        s.spec.maxReplicas = 3;
      },
      expected: /^spec\.maxReplicas: unknown field/,
    },
  ])('$name fails', ({ obj, mutate, expected }) => {
    // GIVEN a valid object, mutated
    const bad = clone(obj);
    mutate(bad);
    // WHEN validated
    const problems = validateK8sObject(bad);
    // THEN the mutation is reported, naming the field
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.some((p) => expected.test(p))).toBe(true);
    // AND the original still passes (the mutation is what broke it)
    expect(validateK8sObject(obj)).toEqual([]);
  });

  test.each([
    [{ apiVersion: 'apps/v9', kind: 'Foo', metadata: { name: 'x' } }, 'no schema for apps/v9 Foo'],
    [{ apiVersion: 'v1', kind: 'PodSpec' }, 'no schema for v1 PodSpec'],
    [{ apiVersion: 'monitoring.coreos.com/v2', kind: 'ServiceMonitor' }, 'no schema for monitoring.coreos.com/v2 ServiceMonitor'],
    [{ kind: 'Deployment' }, 'missing or non-string apiVersion/kind (apiVersion=undefined, kind="Deployment")'],
    ['just a string', 'not a Kubernetes object (expected a JSON object)'],
  ])('%j is reported as %s', (obj, expected) => {
    // GIVEN an object with no known schema WHEN validated THEN that is the only problem
    expect(validateK8sObject(obj)).toEqual([expected]);
  });
});

describe('validateK8sObjects', () => {
  test('prefixes problems with kind/namespace/name', () => {
    // GIVEN a list with a valid, an invalid namespaced and an invalid cluster-scoped object
    const badService = clone(service) as any;
    badService.spek = {};
    const badClass = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'tier-0' }, valeu: 1 };
    // WHEN validated together
    const problems = validateK8sObjects([deployment, badService, badClass]);
    // THEN each problem names its object
    expect(problems).toEqual([
      'Service/apps/web: spek: unknown field (did you mean "spec"?)',
      'PriorityClass/-/tier-0: (root): missing required field "value"',
      'PriorityClass/-/tier-0: valeu: unknown field (did you mean "value"?)',
    ]);
  });

  test('cdk8s-plus output validates', () => {
    // GIVEN manifests synthesized by cdk8s-plus-27
    const app = Testing.app();
    const chart = new Chart(app, 'web', { namespace: 'apps' });
    const dep = new kplus.Deployment(chart, 'deployment', {
      replicas: 2,
      containers: [
        {
          image: 'registry.example.com/web:1.2.3',
          portNumber: 8080,
          resources: {
            cpu: { request: kplus.Cpu.millis(250), limit: kplus.Cpu.units(1) },
            memory: { request: Size.mebibytes(256), limit: Size.gibibytes(1) },
          },
        },
      ],
    });
    dep.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
    new kplus.ConfigMap(chart, 'config', { data: { a: 'b' } });
    const manifests = Testing.synth(chart);
    expect(manifests.map((m: any) => m.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'Service']);
    // WHEN validated THEN there are no problems
    expect(validateK8sObjects(manifests)).toEqual([]);
  });
});

describe('upstream CRD schemas (External Secrets, Config Sync, Flux): the objects of the output, mutated', () => {
  const objects = [...referenceKubernetes().values()].flat() as any[];
  const first = (kind: string) => objects.find((o) => o.kind === kind);
  test.each([
    ['ClusterSecretStore', (o: any) => { o.spec.provider = { aws: { service: 'Vault', region: 'us-east-1' } }; }, /service/],
    ['ClusterSecretStore', (o: any) => { o.spec.providr = o.spec.provider; }, /providr/],
    ['ExternalSecret', (o: any) => { o.spec.target.creationPolicy = 'Always'; }, /creationPolicy/],
    ['Password', (o: any) => { delete o.spec.length; }, /length/],
    ['RootSync', (o: any) => { o.spec.sourceType = 'svn'; }, /sourceType/],
    ['RootSync', (o: any) => { o.spec.helm ? (o.spec.helm.chartName = 'x') : (o.spec.git.directory = 'x'); }, /chartName|directory/],
    ['HelmRelease', (o: any) => { o.spec.install.crds = 'Always'; }, /crds/],
    ['HelmRepository', (o: any) => { o.spec.uri = o.spec.url; }, /uri/],
  ] as const)('%s: a broken copy is reported (%#)', (kind, mutate, field) => {
    // GIVEN the output's first object of the kind, valid as generated
    const obj = first(kind);
    expect(obj).toBeDefined();
    expect(validateK8sObject(obj)).toEqual([]);
    // WHEN a copy is broken THEN the problem names the field
    const bad = JSON.parse(JSON.stringify(obj));
    mutate(bad);
    const problems = validateK8sObject(bad);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toMatch(field);
  });
});
