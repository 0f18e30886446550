/**
 * EKS cluster of a region: private API endpoint only, secrets encrypted with a KMS key (rotation on),
 * control-plane logs to a KMS-encrypted log group, IAM roles for the control plane and the nodes,
 * a node security group, and one managed node group per planned pool (capacity type, labels,
 * taints and min/desired/max from the plan) on a launch template with IMDSv2 required and
 * encrypted EBS. Node groups carry the cluster-autoscaler discovery tags, plus the node-template
 * tags that let it scale a pool from zero.
 */
import { Construct } from 'constructs';
import { Token } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import type { ClusterPlan, NodePoolPlan } from '../../synth/model/index';
import { AccountContext, ServiceRole } from './iam';
import { withDefaults } from '../terraform/util';

export interface ClusterProps {
  readonly cluster: ClusterPlan;
  readonly vpcId: string;
  /** Subnets of the control-plane ENIs and the nodes (the private subnets). */
  readonly subnetIds: readonly string[];
  /** KMS key encrypting Kubernetes secrets. */
  readonly secretsKeyArn: string;
  /** KMS key encrypting the control-plane log group (its policy must allow CloudWatch Logs). */
  readonly logsKeyArn: string;
  readonly account: AccountContext;
  /**
   * Control-plane log types.
   * @default CONTROL_PLANE_LOG_TYPES (all five)
   */
  readonly logTypes?: readonly string[];
  /**
   * Control-plane log retention in days.
   * @default CONTROL_PLANE_LOG_RETENTION_DAYS (365)
   */
  readonly logRetentionDays?: number;
  /**
   * IMDSv2 response hop limit: 2 lets pods without host networking reach the instance metadata
   * (the AWS load balancer controller does, for TargetGroupBinding); 1 confines it to the node.
   * @default METADATA_HOP_LIMIT (2)
   */
  readonly metadataHopLimit?: number;
  /**
   * Root volume size of the nodes in GiB.
   * @default ROOT_VOLUME_GIB (100)
   */
  readonly rootVolumeGiB?: number;
  /**
   * Root volume type.
   * @default ROOT_VOLUME_TYPE ('gp3')
   */
  readonly rootVolumeType?: string;
  /**
   * Root device name of the node AMI (Amazon Linux 2023: /dev/xvda).
   * @default ROOT_DEVICE_NAME ('/dev/xvda')
   */
  readonly rootDeviceName?: string;
}

export const CONTROL_PLANE_LOG_TYPES: readonly string[] = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];
export const CONTROL_PLANE_LOG_RETENTION_DAYS = 365;
export const METADATA_HOP_LIMIT = 2;
export const ROOT_VOLUME_GIB = 100;
export const ROOT_VOLUME_TYPE = 'gp3';
export const ROOT_DEVICE_NAME = '/dev/xvda';

const CLUSTER_DEFAULTS = {
  logTypes: CONTROL_PLANE_LOG_TYPES,
  logRetentionDays: CONTROL_PLANE_LOG_RETENTION_DAYS,
  metadataHopLimit: METADATA_HOP_LIMIT,
  rootVolumeGiB: ROOT_VOLUME_GIB,
  rootVolumeType: ROOT_VOLUME_TYPE,
  rootDeviceName: ROOT_DEVICE_NAME,
};

export const CLUSTER_POLICIES: readonly string[] = ['AmazonEKSClusterPolicy', 'AmazonEKSVPCResourceController'];
export const NODE_POLICIES: readonly string[] = [
  'AmazonEKSWorkerNodePolicy',
  'AmazonEKS_CNI_Policy',
  'AmazonEC2ContainerRegistryReadOnly',
  'AmazonSSMManagedInstanceCore',
];

/** Kubernetes taint effect -> EKS API enum. */
const TAINT_EFFECT: Readonly<Record<NodePoolPlan['taints'][number]['effect'], string>> = { NoSchedule: 'NO_SCHEDULE' };

/** Tags cluster-autoscaler's auto-discovery looks for (`--node-group-auto-discovery=asg:tag=...`). */
export function autoscalerDiscoveryTags(clusterName: string): Record<string, string> {
  return { 'k8s.io/cluster-autoscaler/enabled': 'true', [`k8s.io/cluster-autoscaler/${clusterName}`]: 'owned' };
}

/** Node-template tags: cluster-autoscaler reads labels and taints of an empty pool from these. */
function nodeTemplateTags(pool: NodePoolPlan): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(pool.labels)) tags[`k8s.io/cluster-autoscaler/node-template/label/${k}`] = v;
  for (const t of pool.taints) tags[`k8s.io/cluster-autoscaler/node-template/taint/${t.key}`] = `${t.value}:${t.effect}`;
  return tags;
}

export class Cluster extends Construct {
  readonly eks: EksCluster;
  readonly nodeSecurityGroup: SecurityGroup;
  readonly nodeGroups: readonly EksNodeGroup[];

  constructor(scope: Construct, id: string, props: ClusterProps) {
    super(scope, id);
    const p = withDefaults(CLUSTER_DEFAULTS, props);
    const name = p.cluster.name;

    const clusterRole = new ServiceRole(this, 'cluster-role', {
      name: `${name}-cluster`,
      servicePrincipal: 'eks.amazonaws.com',
      account: p.account,
      managedPolicies: CLUSTER_POLICIES,
    });
    const nodeRole = new ServiceRole(this, 'node-role', {
      name: `${name}-node`,
      servicePrincipal: 'ec2.amazonaws.com',
      account: p.account,
      managedPolicies: NODE_POLICIES,
    });

    const logGroup = new CloudwatchLogGroup(this, 'control-plane-logs', {
      // EKS writes to this fixed name; creating it first sets retention and encryption.
      name: `/aws/eks/${name}/cluster`,
      retentionInDays: p.logRetentionDays,
      kmsKeyId: p.logsKeyArn,
      tags: { Name: `${name}-control-plane` },
    });

    this.eks = new EksCluster(this, 'cluster', {
      name,
      version: p.cluster.kubernetesVersion,
      roleArn: clusterRole.arn,
      enabledClusterLogTypes: [...p.logTypes],
      deletionProtection: true,
      vpcConfig: { subnetIds: [...p.subnetIds], endpointPrivateAccess: true, endpointPublicAccess: false },
      // Pods take VPC addresses (VPC CNI); Services get the planned range, outside the VPC and every other region.
      kubernetesNetworkConfig: { serviceIpv4Cidr: p.cluster.serviceCidr, ipFamily: 'ipv4' },
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: p.secretsKeyArn } },
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: true },
      tags: { Name: name },
      dependsOn: [logGroup, ...clusterRole.dependables],
    });

    // Node security group: node-to-node traffic; the EKS cluster security group (also attached to the
    // nodes) carries control-plane <-> node traffic. Load balancers and data stores add their own rules.
    this.nodeSecurityGroup = new SecurityGroup(this, 'node-sg', {
      name: `${name}-nodes`,
      description: `Nodes of EKS cluster ${name}`,
      vpcId: p.vpcId,
      tags: { Name: `${name}-nodes` },
    });
    new VpcSecurityGroupIngressRule(this, 'node-sg-self', {
      securityGroupId: this.nodeSecurityGroup.id,
      referencedSecurityGroupId: this.nodeSecurityGroup.id,
      ipProtocol: '-1',
      description: 'node to node (pods, kubelet)',
    });
    new VpcSecurityGroupEgressRule(this, 'node-sg-egress', {
      securityGroupId: this.nodeSecurityGroup.id,
      cidrIpv4: '0.0.0.0/0',
      ipProtocol: '-1',
      description: 'outbound (image pulls, AWS APIs) through the NAT gateways',
    });

    const discovery = autoscalerDiscoveryTags(name);
    const groups: EksNodeGroup[] = [];
    for (const pool of p.cluster.nodePools) {
      const poolTags = { Name: `${name}-${pool.name}`, 'cost-pool': pool.kind };
      const template = new LaunchTemplate(this, `lt-${pool.name}`, {
        name: `${name}-${pool.name}`,
        description: `EKS node group ${pool.name} of ${name}`,
        updateDefaultVersion: true,
        vpcSecurityGroupIds: [this.nodeSecurityGroup.id, this.eks.vpcConfig.clusterSecurityGroupId],
        metadataOptions: {
          httpEndpoint: 'enabled',
          httpTokens: 'required',
          httpPutResponseHopLimit: p.metadataHopLimit,
          instanceMetadataTags: 'disabled',
        },
        blockDeviceMappings: [
          {
            deviceName: p.rootDeviceName,
            ebs: { volumeSize: p.rootVolumeGiB, volumeType: p.rootVolumeType, encrypted: 'true', deleteOnTermination: 'true' },
          },
        ],
        monitoring: { enabled: true },
        tagSpecifications: [
          { resourceType: 'instance', tags: poolTags },
          { resourceType: 'volume', tags: poolTags },
        ],
        tags: poolTags,
      });
      groups.push(
        new EksNodeGroup(this, `ng-${pool.name}`, {
          clusterName: this.eks.name,
          nodeGroupName: pool.name,
          nodeRoleArn: nodeRole.arn,
          subnetIds: [...p.subnetIds],
          capacityType: pool.capacityType,
          instanceTypes: [pool.instanceType],
          scalingConfig: { minSize: pool.min, desiredSize: pool.desired, maxSize: pool.max },
          labels: { ...pool.labels },
          taint: pool.taints.length > 0 ? pool.taints.map((t) => ({ key: t.key, value: t.value, effect: TAINT_EFFECT[t.effect] })) : undefined,
          launchTemplate: { id: template.id, version: Token.asString(template.latestVersion) },
          tags: { ...poolTags, ...discovery, ...nodeTemplateTags(pool) },
          // cluster-autoscaler owns the desired size after creation.
          lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'] },
          dependsOn: nodeRole.dependables,
        }),
      );
    }
    this.nodeGroups = groups;
  }
}
