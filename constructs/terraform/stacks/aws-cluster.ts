/**
 * What every EKS cluster's stack holds around the cluster, whether a region's (`region-<id>`) or a restore site's
 * (`restore-<primary>`): operator access, the managed add-ons, the alerting secret containers, the GitOps agent (EKS
 * capability for Argo CD with its bootstrap), the add-on controllers' identities; and, when the cluster serves public
 * services, its entry point (NLB, TLS listeners, DNS-validated certificates) with the outputs the global stack reads.
 */
import { type TerraformStack, TerraformOutput, TerraformVariable } from 'cdktf';
import { ArchiveProvider } from '@cdktf/provider-archive/lib/provider';
import type { Plan, RegionPlan } from '../../../synth/model/index';
import { PlanInvariantError } from '../../../synth/util/errors';
import { AwsAlertingSecrets } from '../../aws/alerting-secrets';
import { DnsValidatedCertificate } from '../../aws/certificate';
import type { Cluster } from '../../aws/cluster';
import { ControllerIdentities } from '../../aws/controller-identity';
import { EksAddons } from '../../aws/eks-addons';
import { ArgoCdCapability } from '../../aws/gitops';
import type { AccountContext } from '../../aws/iam';
import { LoadBalancer } from '../../aws/load-balancer';
import type { Network } from '../../aws/network';
import { EksOperatorAccess } from '../../aws/operator-access';
import { agentOf, AWS_IDENTITY_CENTER_INSTANCE_VARIABLE, AWS_IDENTITY_CENTER_REGION_VARIABLE, bootstrapState, OUTPUTS } from './base';

export interface EksPlatformProps {
  /** The cluster's region, or a restore site's cluster view. */
  readonly region: RegionPlan;
  readonly network: Network;
  readonly cluster: Cluster;
  /** KMS key of the bootstrap function's log group. */
  readonly logsKeyArn: string;
  readonly account: AccountContext;
}

/** Operator access, managed add-ons, alerting secrets, GitOps agent, controller identities. Returns whether it added the archive provider. */
export function addEksPlatform(stack: TerraformStack, plan: Plan, p: EksPlatformProps): { archive: boolean } {
  const { region, cluster, account } = p;
  const access = plan.operatorAccess.find((x) => x.region === region.id);
  if (access) new EksOperatorAccess(stack, 'operator-access', { access, clusterName: cluster.eks.name, account });
  new EksAddons(stack, 'addons', { clusterName: cluster.eks.name, addons: plan.eksAddons.filter((a) => a.region === region.id), nodeGroups: cluster.nodeGroups });
  const alerting = plan.alerting.clusters.find((c) => c.region === region.id);
  if (alerting) new AwsAlertingSecrets(stack, 'alerting-secrets', { receivers: alerting.receivers });
  const agent = agentOf(plan, region.id);
  if (agent) {
    new ArchiveProvider(stack, 'archive');
    const idcInstance = new TerraformVariable(stack, AWS_IDENTITY_CENTER_INSTANCE_VARIABLE, {
      type: 'string',
      description: 'ARN of the IAM Identity Center instance Argo CD signs users in with (aws sso-admin list-instances)',
    });
    const idcRegion = new TerraformVariable(stack, AWS_IDENTITY_CENTER_REGION_VARIABLE, { type: 'string', description: 'Home region of that Identity Center instance' });
    new ArgoCdCapability(stack, 'gitops', {
      agent,
      cluster: cluster.eks,
      region: region.location,
      subnetIds: p.network.subnetIds('private'),
      logsKeyArn: p.logsKeyArn,
      identityCenterInstanceArn: idcInstance.stringValue,
      identityCenterRegion: idcRegion.stringValue,
      account,
    });
  }
  const controllers = plan.controllerIdentities.filter((i) => i.region === region.id);
  if (controllers.length > 0) new ControllerIdentities(stack, 'controller-identities', { clusterName: cluster.eks.name, identities: controllers, account });
  return { archive: agent !== undefined };
}

export interface EksEntryPointProps {
  readonly region: RegionPlan;
  readonly network: Network;
  readonly cluster: Cluster;
  /** How the outputs' descriptions name the NLB, e.g. `the regional NLB`. */
  readonly nlbLabel: string;
  /**
   * What the NLB's ARN is read for, in its output's description.
   * @default none
   */
  readonly arnUse?: string;
}

/** The planned entry point of the cluster's public services, when it has a load balancer; its outputs for the global stack. */
export function addEksEntryPoint(stack: TerraformStack, plan: Plan, p: EksEntryPointProps): void {
  const { region } = p;
  if (!region.loadBalancer) return;
  const entry = plan.entryPoints.find((e) => e.region === region.id);
  if (!entry) throw new PlanInvariantError('regions', `${region.id}: a load balancer without a planned entry point`);
  const zoneId = bootstrapState(stack, plan).getString(OUTPUTS.zoneId);
  const certificateArns = new Map(
    entry.listeners.map((l) => [l.service, new DnsValidatedCertificate(stack, `certificate-${l.service}`, { certificate: l.certificate, zoneId }).arn] as const),
  );
  const lb = new LoadBalancer(stack, 'load-balancer', {
    loadBalancer: region.loadBalancer,
    listeners: entry.listeners,
    certificateArns,
    vpcId: p.network.vpc.id,
    vpcCidr: region.cidr,
    publicSubnetIds: p.network.subnetIds('public'),
    targetSecurityGroupId: p.cluster.nodeSecurityGroup.id,
    serviceTags: Object.fromEntries(plan.services.map((s) => [s.id, { tier: s.tier }])),
  });
  const out = (id: string, value: string, description: string) => new TerraformOutput(stack, id, { value, description });
  out(OUTPUTS.nlbDnsName, lb.lb.dnsName, `DNS name of ${p.nlbLabel}`);
  out(OUTPUTS.nlbZoneId, lb.lb.zoneId, `Hosted zone of ${p.nlbLabel}`);
  out(OUTPUTS.nlbArn, lb.lb.arn, `ARN of ${p.nlbLabel}${p.arnUse ? ` (${p.arnUse})` : ''}`);
  for (const [service, tg] of lb.targetGroups) out(OUTPUTS.targetGroupArn(service), tg.arn, `Target group of ${service} (TargetGroupBinding)`);
}
