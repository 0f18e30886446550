/**
 * The Terraform-owned regional Network Load Balancer: internet-facing in the public subnets,
 * cross-zone, one `ip` target group per planned target group (health check interval and thresholds
 * from the plan) and one TLS listener per planned listener: the plan's TLS 1.2+ policy and ALPN
 * policy, the service's certificate, forwarding the decrypted stream to the target group (TCP, the
 * service port). Its security group admits only the listener ports from
 * anywhere and reaches only the targets' ports inside the VPC; the targets' (nodes') security
 * group admits those ports from the load balancer only. The Kubernetes side registers pods with
 * TargetGroupBinding against the target group ARNs.
 */
import { Construct } from 'constructs';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import type { ListenerPlan, LoadBalancerPlan } from '../../synth/model/index';
import { sortedUnique, withDefaults } from '../terraform/util';
import { PlanInvariantError } from '../../synth/util/errors';

export interface LoadBalancerProps {
  readonly loadBalancer: LoadBalancerPlan;
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly publicSubnetIds: readonly string[];
  /** Security group of the targets (the cluster nodes; pods share it). */
  readonly targetSecurityGroupId: string;
  /** TLS listeners (the region's entry point), one per public service. */
  readonly listeners: readonly ListenerPlan[];
  /** Validated certificate ARN per service id. */
  readonly certificateArns: ReadonlyMap<string, string>;
  /**
   * Extra tags per service id (tier, ...), applied to its target group.
   * @default {} (none)
   */
  readonly serviceTags?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * Deletion protection of the load balancer.
   * @default DELETION_PROTECTION (true)
   */
  readonly deletionProtection?: boolean;
  /**
   * Source range of the listeners.
   * @default PUBLIC_INGRESS_CIDR ('0.0.0.0/0')
   */
  readonly ingressCidr?: string;
}

export const DELETION_PROTECTION = true;
export const PUBLIC_INGRESS_CIDR = '0.0.0.0/0';

const LOAD_BALANCER_DEFAULTS = {
  serviceTags: {} as Readonly<Record<string, Readonly<Record<string, string>>>>,
  deletionProtection: DELETION_PROTECTION,
  ingressCidr: PUBLIC_INGRESS_CIDR,
};

export class LoadBalancer extends Construct {
  readonly lb: Lb;
  readonly securityGroup: SecurityGroup;
  /** Target group per service id. */
  readonly targetGroups: ReadonlyMap<string, LbTargetGroup>;
  /** TLS listener per service id. */
  readonly listeners: ReadonlyMap<string, LbListener>;

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    const p = withDefaults(LOAD_BALANCER_DEFAULTS, props);
    const plan = p.loadBalancer;

    this.securityGroup = new SecurityGroup(this, 'sg', {
      name: `${plan.name}-nlb`,
      description: `NLB ${plan.name}: listener ports from the internet`,
      vpcId: p.vpcId,
      tags: { Name: `${plan.name}-nlb` },
    });
    const listenerPorts = sortedUnique(p.listeners.map((l) => l.port));
    const targetPorts = sortedUnique(plan.targetGroups.flatMap((tg) => [tg.port, tg.healthCheck.port]));
    for (const port of listenerPorts) {
      new VpcSecurityGroupIngressRule(this, `sg-listener-${port}`, {
        securityGroupId: this.securityGroup.id,
        cidrIpv4: p.ingressCidr,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        description: `listener ${port}`,
      });
    }
    for (const port of targetPorts) {
      new VpcSecurityGroupEgressRule(this, `sg-to-targets-${port}`, {
        securityGroupId: this.securityGroup.id,
        cidrIpv4: p.vpcCidr,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        description: `targets and health checks on ${port}`,
      });
      new VpcSecurityGroupIngressRule(this, `targets-from-nlb-${port}`, {
        securityGroupId: p.targetSecurityGroupId,
        referencedSecurityGroupId: this.securityGroup.id,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        description: `from NLB ${plan.name} on ${port}`,
      });
    }

    this.lb = new Lb(this, 'nlb', {
      name: plan.name,
      loadBalancerType: plan.kind,
      internal: false,
      ipAddressType: 'ipv4',
      subnets: [...p.publicSubnetIds],
      securityGroups: [this.securityGroup.id],
      enableCrossZoneLoadBalancing: true,
      enableDeletionProtection: p.deletionProtection,
      tags: { Name: plan.name },
    });

    const groups = new Map<string, LbTargetGroup>();
    for (const tg of plan.targetGroups) {
      const hc = tg.healthCheck;
      const group = new LbTargetGroup(this, `tg-${tg.service}`, {
        name: tg.name,
        port: tg.port,
        protocol: tg.protocol,
        targetType: 'ip',
        vpcId: p.vpcId,
        healthCheck: {
          enabled: true,
          protocol: hc.protocol,
          port: String(hc.port),
          path: hc.protocol === 'TCP' ? undefined : hc.path,
          interval: hc.intervalSeconds,
          healthyThreshold: hc.healthyThreshold,
          unhealthyThreshold: hc.failureThreshold,
        },
        tags: { Name: tg.name, service: tg.service, namespace: tg.namespace, ...(p.serviceTags[tg.service] ?? {}) },
      });
      groups.set(tg.service, group);
    }
    this.targetGroups = groups;

    const listeners = new Map<string, LbListener>();
    for (const l of p.listeners) {
      const group = groups.get(l.service);
      const certificateArn = p.certificateArns.get(l.service);
      if (!group || !certificateArn) throw new PlanInvariantError('services', `load balancer ${plan.name}: listener of ${l.service} has no target group or certificate`);
      listeners.set(
        l.service,
        new LbListener(this, `listener-${l.service}`, {
          loadBalancerArn: this.lb.arn,
          port: l.port,
          protocol: 'TLS',
          sslPolicy: l.tlsPolicy,
          alpnPolicy: l.alpn,
          certificateArn,
          defaultAction: [{ type: 'forward', targetGroupArn: group.arn }],
          tags: { Name: `${plan.name}-${l.port}`, service: l.service },
        }),
      );
    }
    this.listeners = listeners;
  }
}
