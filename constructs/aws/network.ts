/**
 * Regional VPC: public, private and data subnets per zone (from the plan), an internet gateway, one
 * NAT gateway (with its Elastic IP) per zone, route tables, and VPC flow logs to a KMS-encrypted
 * CloudWatch log group through a dedicated IAM role.
 *
 * Routing: public subnets -> internet gateway; private subnets -> the NAT gateway of their zone;
 * data subnets have no route out of the VPC.
 */
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet as AwsSubnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import type { Subnet } from '../../synth/model/index';
import { AccountContext, ServiceRole } from './iam';
import { withDefaults } from '../terraform/util';
import { PlanInvariantError } from '../../synth/util/errors';

export type SubnetKind = Subnet['kind'];

export interface NetworkProps {
  /** Name of the VPC (Name tag, log group and role names). */
  readonly name: string;
  readonly cidr: string;
  /** Availability zones, in plan order. */
  readonly zones: readonly string[];
  readonly subnets: readonly Subnet[];
  /** EKS cluster using the subnets (`kubernetes.io/cluster/<name>` tags). */
  readonly clusterName: string;
  /** KMS key encrypting the flow log group (its policy must allow CloudWatch Logs). */
  readonly logsKeyArn: string;
  readonly account: AccountContext;
  /**
   * Flow log retention in days.
   * @default FLOW_LOG_RETENTION_DAYS (365)
   */
  readonly flowLogRetentionDays?: number;
  /**
   * Flow log aggregation interval in seconds (60 or 600).
   * @default FLOW_LOG_AGGREGATION_SECONDS (60)
   */
  readonly flowLogAggregationSeconds?: 60 | 600;
}

/** Not in the plan: a year of flow logs for incident investigation. */
export const FLOW_LOG_RETENTION_DAYS = 365;
export const FLOW_LOG_AGGREGATION_SECONDS = 60;
const ANYWHERE = '0.0.0.0/0';

const NETWORK_DEFAULTS = {
  flowLogRetentionDays: FLOW_LOG_RETENTION_DAYS,
  flowLogAggregationSeconds: FLOW_LOG_AGGREGATION_SECONDS as 60 | 600,
};

/** Subnet tags the AWS load balancer controller / EKS use to discover subnets. */
const SUBNET_ROLE_TAGS: Readonly<Record<SubnetKind, Record<string, string>>> = {
  public: { 'kubernetes.io/role/elb': '1' },
  private: { 'kubernetes.io/role/internal-elb': '1' },
  data: {},
};

export class Network extends Construct {
  readonly vpc: Vpc;
  readonly subnetsByKind: Readonly<Record<SubnetKind, readonly AwsSubnet[]>>;
  readonly natGateways: readonly NatGateway[];
  /** Route tables of the private and data subnets (where routes learned over a VPN are propagated). */
  readonly privateRouteTables: readonly RouteTable[];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const p = withDefaults(NETWORK_DEFAULTS, props);

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: p.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: p.name },
    });

    const byKind: Record<SubnetKind, AwsSubnet[]> = { public: [], private: [], data: [] };
    const subnetByName = new Map<string, AwsSubnet>();
    for (const s of p.subnets) {
      const subnet = new AwsSubnet(this, `subnet-${s.name}`, {
        vpcId: this.vpc.id,
        cidrBlock: s.cidr,
        availabilityZone: s.zone,
        mapPublicIpOnLaunch: false,
        tags: {
          Name: s.name,
          tier: s.kind,
          ...SUBNET_ROLE_TAGS[s.kind],
          ...(s.kind === 'data' ? {} : { [`kubernetes.io/cluster/${p.clusterName}`]: 'shared' }),
        },
      });
      byKind[s.kind].push(subnet);
      subnetByName.set(s.name, subnet);
    }
    this.subnetsByKind = byKind;

    const igw = new InternetGateway(this, 'igw', { vpcId: this.vpc.id, tags: { Name: p.name } });

    // Public: one route table, default route to the internet gateway.
    const publicRt = new RouteTable(this, 'rt-public', { vpcId: this.vpc.id, tags: { Name: `${p.name}-public` } });
    new Route(this, 'rt-public-default', { routeTableId: publicRt.id, destinationCidrBlock: ANYWHERE, gatewayId: igw.id });

    // One NAT gateway per zone, in that zone's public subnet.
    const natByZone = new Map<string, NatGateway>();
    const nats: NatGateway[] = [];
    for (const zone of p.zones) {
      const publicSubnet = p.subnets.find((s) => s.kind === 'public' && s.zone === zone);
      if (!publicSubnet) throw new PlanInvariantError('regions', `network ${p.name}: no public subnet in zone ${zone}`);
      const eip = new Eip(this, `nat-eip-${zone}`, { domain: 'vpc', tags: { Name: `${p.name}-nat-${zone}` } });
      const nat = new NatGateway(this, `nat-${zone}`, {
        allocationId: eip.allocationId,
        subnetId: subnetByName.get(publicSubnet.name)!.id,
        connectivityType: 'public',
        tags: { Name: `${p.name}-${zone}` },
        dependsOn: [igw],
      });
      natByZone.set(zone, nat);
      nats.push(nat);
    }
    this.natGateways = nats;

    // Private: a route table per zone through that zone's NAT gateway.
    const privateRtByZone = new Map<string, RouteTable>();
    for (const zone of p.zones) {
      const rt = new RouteTable(this, `rt-private-${zone}`, { vpcId: this.vpc.id, tags: { Name: `${p.name}-private-${zone}` } });
      new Route(this, `rt-private-${zone}-default`, { routeTableId: rt.id, destinationCidrBlock: ANYWHERE, natGatewayId: natByZone.get(zone)!.id });
      privateRtByZone.set(zone, rt);
    }

    // Data: local routes only.
    const dataRt = new RouteTable(this, 'rt-data', { vpcId: this.vpc.id, tags: { Name: `${p.name}-data` } });

    this.privateRouteTables = [...privateRtByZone.values(), dataRt];

    for (const s of p.subnets) {
      const rt = s.kind === 'public' ? publicRt : s.kind === 'data' ? dataRt : privateRtByZone.get(s.zone);
      if (!rt) throw new PlanInvariantError('regions', `network ${p.name}: subnet ${s.name} is in zone ${s.zone}, not one of the region's zones`);
      new RouteTableAssociation(this, `rta-${s.name}`, { subnetId: subnetByName.get(s.name)!.id, routeTableId: rt.id });
    }

    // Flow logs.
    const logGroup = new CloudwatchLogGroup(this, 'flow-log-group', {
      name: `/aws/vpc/${p.name}/flow-logs`,
      retentionInDays: p.flowLogRetentionDays,
      kmsKeyId: p.logsKeyArn,
      tags: { Name: `${p.name}-flow-logs` },
    });
    const role = new ServiceRole(this, 'flow-log-role', {
      name: `${p.name}-flow-logs`,
      servicePrincipal: 'vpc-flow-logs.amazonaws.com',
      account: p.account,
      inlineStatements: [
        {
          effect: 'Allow',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [logGroup.arn, `${logGroup.arn}:*`],
        },
        { effect: 'Allow', actions: ['logs:DescribeLogGroups'], resources: ['*'] },
      ],
    });
    new FlowLog(this, 'flow-log', {
      vpcId: this.vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: p.flowLogAggregationSeconds,
      tags: { Name: p.name },
    });
  }

  subnetIds(kind: SubnetKind): string[] {
    return this.subnetsByKind[kind].map((s) => s.id);
  }
}
