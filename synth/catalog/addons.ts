/**
 * Platform add-ons: the in-cluster controllers the generated manifests depend on, one row each, with the pinned
 * Helm chart (version and the application version it ships), its repository, the clouds it is installed on
 * (and why not elsewhere), the API groups / aggregated APIs it installs, and its source. The GitOps agent of
 * each cluster installs them (synth/plan/addons.ts plans them, constructs/k8s/addons.ts writes them).
 *
 * Sources (chart versions read from each chart's Chart.yaml at the release tag, August 2026):
 * - AWS Load Balancer Controller: github.com/aws/eks-charts `stable/aws-load-balancer-controller` (chart 3.5.0,
 *   controller v3.5.0; CRDs in `crds/crds.yaml`: elbv2.k8s.aws TargetGroupBinding / IngressClassParams /
 *   ALBTargetControlConfig, aga.k8s.aws GlobalAccelerator), repository https://aws.github.io/eks-charts;
 *   IAM: `docs/install/iam_policy.json` of kubernetes-sigs/aws-load-balancer-controller (reduced below to what
 *   a TargetGroupBinding needs: the platform's NLBs and target groups are Terraform's).
 * - metrics-server: github.com/kubernetes-sigs/metrics-server `charts/metrics-server` (chart 3.13.1, app
 *   0.8.1), https://kubernetes-sigs.github.io/metrics-server/. GKE ("Horizontal Pod autoscaling": metrics-server
 *   is a managed kube-system component) and AKS ("Metrics server in AKS": installed and managed by AKS)
 *   ship their own.
 * - cluster-autoscaler: github.com/kubernetes/autoscaler tag `cluster-autoscaler-chart-9.46.6` (app 1.32.0;
 *   the image is pinned per Kubernetes minor to the newest patch tag, `cluster-autoscaler-1.32.7`),
 *   https://kubernetes.github.io/autoscaler; IAM per `cluster-autoscaler/cloudprovider/aws/README.md`
 *   ("Full Cluster Autoscaler Features Policy", scoped by the `k8s.io/cluster-autoscaler/<cluster>` tag that EKS
 *   managed node groups put on their Auto Scaling groups). GKE node pool autoscaling and the AKS cluster
 *   autoscaler are the clouds' own, configured in Terraform from the plan's pools (min/max).
 * - kube-prometheus-stack: github.com/prometheus-community/helm-charts `charts/kube-prometheus-stack` (chart
 *   88.5.3, Prometheus Operator v0.93.1; CRDs of monitoring.coreos.com through its `crds` subchart),
 *   https://prometheus-community.github.io/helm-charts.
 * - prometheus-adapter: same repository, `charts/prometheus-adapter` (chart 5.3.0, app v0.12.0), serving
 *   custom.metrics.k8s.io from Prometheus.
 * - External Secrets Operator: github.com/external-secrets/external-secrets `deploy/charts/external-secrets`
 *   (chart 2.9.0, app v2.9.0; CRDs of external-secrets.io v1 and generators.external-secrets.io),
 *   https://charts.external-secrets.io. Providers: `aws` SecretsManager (controller credentials: EKS Pod
 *   Identity), `gcpsm` (controller's Workload Identity), `azurekv` with `authType: WorkloadIdentity`.
 */
import type { AddonName, Cloud } from '../model/index';

export interface AddonFacts {
  readonly name: AddonName;
  readonly chart: string;
  readonly repoURL: string;
  /** Pinned chart version and the application version it ships. */
  readonly version: string;
  readonly appVersion: string;
  readonly clouds: readonly Cloud[];
  /** Why the platform needs it. */
  readonly why: string;
  /** Why it is not installed on the other clouds. */
  readonly elsewhere?: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** API groups of the CRDs the chart installs. */
  readonly crdGroups: readonly string[];
  /** Aggregated APIs (APIService) it serves. */
  readonly apiServices: readonly string[];
  /** Only when some workload of the cluster autoscales on custom metrics. */
  readonly onlyWithCustomMetrics?: boolean;
  /** Argo CD must apply its manifests server-side (CRDs larger than the client-side last-applied annotation allows). */
  readonly serverSideApply: boolean;
  /** The agent waits for its pods before applying the next layer; false when its pods need objects of a later layer. */
  readonly waitForReady: boolean;
  readonly source: string;
}

export const ADDONS: readonly AddonFacts[] = [
  {
    name: 'aws-load-balancer-controller',
    chart: 'aws-load-balancer-controller',
    repoURL: 'https://aws.github.io/eks-charts',
    version: '3.5.0',
    appVersion: 'v3.5.0',
    clouds: ['aws'],
    why: 'registers the pods of public services in the Terraform-owned NLB target groups (TargetGroupBinding) and injects their readiness gates',
    elsewhere: 'GKE routes through its built-in Gateway controller, AKS through the Application Gateway to the internal load balancer',
    namespace: 'kube-system',
    serviceAccount: 'aws-load-balancer-controller',
    crdGroups: ['elbv2.k8s.aws', 'aga.k8s.aws'],
    apiServices: [],
    serverSideApply: false,
    waitForReady: true,
    source: 'https://github.com/aws/eks-charts/tree/master/stable/aws-load-balancer-controller',
  },
  {
    name: 'metrics-server',
    chart: 'metrics-server',
    repoURL: 'https://kubernetes-sigs.github.io/metrics-server/',
    version: '3.13.1',
    appVersion: '0.8.1',
    clouds: ['aws'],
    why: 'serves metrics.k8s.io: the CPU and memory targets of every HPA',
    elsewhere: 'GKE and AKS install and manage metrics-server in kube-system themselves',
    namespace: 'kube-system',
    serviceAccount: 'metrics-server',
    crdGroups: [],
    apiServices: ['metrics.k8s.io'],
    serverSideApply: false,
    waitForReady: true,
    source: 'https://github.com/kubernetes-sigs/metrics-server/tree/master/charts/metrics-server',
  },
  {
    name: 'cluster-autoscaler',
    chart: 'cluster-autoscaler',
    repoURL: 'https://kubernetes.github.io/autoscaler',
    version: '9.46.6',
    appVersion: '1.32.0',
    clouds: ['aws'],
    why: 'scales the EKS managed node groups between the plan pools\' min and max as pods become unschedulable',
    elsewhere: 'GKE node pool autoscaling and the AKS cluster autoscaler are configured in Terraform from the same pools',
    namespace: 'kube-system',
    serviceAccount: 'cluster-autoscaler',
    crdGroups: [],
    apiServices: [],
    serverSideApply: false,
    waitForReady: true,
    source: 'https://github.com/kubernetes/autoscaler/tree/master/charts/cluster-autoscaler',
  },
  {
    name: 'kube-prometheus-stack',
    chart: 'kube-prometheus-stack',
    repoURL: 'https://prometheus-community.github.io/helm-charts',
    version: '88.5.3',
    appVersion: 'v0.93.1',
    clouds: ['aws', 'gcp', 'azure'],
    why: 'Prometheus Operator, Prometheus, Alertmanager, Grafana, kube-state-metrics: the ServiceMonitors, PrometheusRules, AlertmanagerConfig and dashboards of every cluster',
    namespace: 'monitoring',
    serviceAccount: 'kube-prometheus-stack-operator',
    crdGroups: ['monitoring.coreos.com'],
    apiServices: [],
    serverSideApply: true,
    // Grafana's admin Secret comes from an ExternalSecret of the workloads layer.
    waitForReady: false,
    source: 'https://github.com/prometheus-community/helm-charts/tree/main/charts/kube-prometheus-stack',
  },
  {
    name: 'prometheus-adapter',
    chart: 'prometheus-adapter',
    repoURL: 'https://prometheus-community.github.io/helm-charts',
    version: '5.3.0',
    appVersion: 'v0.12.0',
    clouds: ['aws', 'gcp', 'azure'],
    why: 'serves custom.metrics.k8s.io from Prometheus: the queue-depth and latency targets of the HPAs',
    namespace: 'monitoring',
    serviceAccount: 'prometheus-adapter',
    crdGroups: [],
    apiServices: ['custom.metrics.k8s.io'],
    onlyWithCustomMetrics: true,
    serverSideApply: false,
    waitForReady: true,
    source: 'https://github.com/prometheus-community/helm-charts/tree/main/charts/prometheus-adapter',
  },
  {
    name: 'external-secrets',
    chart: 'external-secrets',
    repoURL: 'https://charts.external-secrets.io',
    version: '2.9.0',
    appVersion: 'v2.9.0',
    clouds: ['aws', 'gcp', 'azure'],
    why: 'syncs credentials held in the cloud secret store (Alertmanager receivers) into Secrets, by reference, and generates Grafana\'s admin password in the cluster',
    namespace: 'external-secrets',
    serviceAccount: 'external-secrets',
    crdGroups: ['external-secrets.io', 'generators.external-secrets.io'],
    apiServices: [],
    serverSideApply: true,
    waitForReady: true,
    source: 'https://github.com/external-secrets/external-secrets/tree/main/deploy/charts/external-secrets',
  },
];

/** cluster-autoscaler image per Kubernetes minor (its minor must equal the cluster's). */
export const CLUSTER_AUTOSCALER_IMAGE: Readonly<Record<string, string>> = { '1.32': 'v1.32.7' };

/**
 * API groups the clouds serve in their clusters without an add-on, and which Terraform setting provides them.
 * GKE: "Deploying Gateways" (`gateway_api_config.channel = CHANNEL_STANDARD` installs the
 * gateway.networking.k8s.io CRDs and the networking.gke.io policy CRDs: HealthCheckPolicy, GCPGatewayPolicy).
 * The GitOps agents' own groups come with the agent (EKS Argo CD capability: argoproj.io; Config Sync:
 * configsync.gke.io; the microsoft.flux extension: the toolkit.fluxcd.io groups).
 */
export const MANAGED_API_GROUPS: Readonly<Record<Cloud, readonly { readonly group: string; readonly by: string }[]>> = {
  aws: [
    { group: 'argoproj.io', by: 'aws_eks_capability' },
    { group: 'metrics.k8s.io', by: 'metrics-server' },
  ],
  gcp: [
    { group: 'gateway.networking.k8s.io', by: 'google_container_cluster.gateway_api_config' },
    { group: 'networking.gke.io', by: 'google_container_cluster.gateway_api_config' },
    { group: 'configsync.gke.io', by: 'google_gke_hub_feature_membership' },
    { group: 'metrics.k8s.io', by: 'google_container_cluster' },
  ],
  azure: [
    { group: 'source.toolkit.fluxcd.io', by: 'azurerm_kubernetes_cluster_extension' },
    { group: 'helm.toolkit.fluxcd.io', by: 'azurerm_kubernetes_cluster_extension' },
    { group: 'kustomize.toolkit.fluxcd.io', by: 'azurerm_kubernetes_cluster_extension' },
    { group: 'metrics.k8s.io', by: 'azurerm_kubernetes_cluster' },
  ],
};

/**
 * Flux API versions the microsoft.flux extension serves (release train Stable, upgraded by Azure; Flux >= 2.3:
 * HelmRepository source.toolkit.fluxcd.io/v1 and HelmRelease helm.toolkit.fluxcd.io/v2 are GA). Source: Flux
 * "v2.3 release" API table and the microsoft.flux extension release notes (Flux 2.3 from extension 1.11).
 */
export const FLUX_API = { helmRepository: 'source.toolkit.fluxcd.io/v1', helmRelease: 'helm.toolkit.fluxcd.io/v2' } as const;

/**
 * Least-privilege IAM of the AWS Load Balancer Controller when it only binds targets (TargetGroupBinding): the
 * upstream policy less everything that creates or changes load balancers, listeners, rules, security groups,
 * WAF, Shield and certificates (the platform's NLBs, listeners and target groups are Terraform's).
 * `<target-groups>` stands for the ARNs of the cluster's planned target groups.
 */
export const LB_CONTROLLER_IAM = {
  describe: [
    'ec2:DescribeAvailabilityZones',
    'ec2:DescribeInstances',
    'ec2:DescribeNetworkInterfaces',
    'ec2:DescribeSecurityGroups',
    'ec2:DescribeSubnets',
    'ec2:DescribeTags',
    'ec2:DescribeVpcs',
    'elasticloadbalancing:DescribeListeners',
    'elasticloadbalancing:DescribeLoadBalancers',
    'elasticloadbalancing:DescribeTags',
    'elasticloadbalancing:DescribeTargetGroupAttributes',
    'elasticloadbalancing:DescribeTargetGroups',
    'elasticloadbalancing:DescribeTargetHealth',
  ],
  register: ['elasticloadbalancing:DeregisterTargets', 'elasticloadbalancing:RegisterTargets'],
} as const;

/** cluster-autoscaler IAM (upstream README): the scaling actions are conditioned on the cluster's node group tag. */
export const CLUSTER_AUTOSCALER_IAM = {
  describe: [
    'autoscaling:DescribeAutoScalingGroups',
    'autoscaling:DescribeAutoScalingInstances',
    'autoscaling:DescribeLaunchConfigurations',
    'autoscaling:DescribeScalingActivities',
    'autoscaling:DescribeTags',
    'ec2:DescribeImages',
    'ec2:DescribeInstanceTypes',
    'ec2:DescribeLaunchTemplateVersions',
    'ec2:GetInstanceTypesFromInstanceRequirements',
  ],
  scale: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
  nodegroups: ['eks:DescribeNodegroup'],
  /** EKS managed node groups tag their Auto Scaling groups `k8s.io/cluster-autoscaler/<cluster> = owned`. */
  tagKey: (cluster: string) => `k8s.io/cluster-autoscaler/${cluster}`,
  tagValue: 'owned',
} as const;

/** What External Secrets may do in each cloud's secret store: read secret values, nothing else. */
export const SECRET_READER = {
  aws: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
  gcp: 'roles/secretmanager.secretAccessor',
  azure: 'Key Vault Secrets User',
} as const;
