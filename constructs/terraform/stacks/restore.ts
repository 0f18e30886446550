/**
 * The stack a primary's restore tiers come back in (`restore-<primary>`, at the primary's nearest backup copy
 * location): network, EKS cluster with node pools at 0 until the restore (its managed add-ons, operator access, the
 * GitOps agent syncing kubernetes/<site>/, the add-on controllers' identities, the alerting secrets, as a region's
 * cluster has them), and the restore target (subnet group,
 * security group, parameter groups, KMS key and the IAM role AWS Backup restores with), and the restored services'
 * identities (Pod Identity roles now, their grants on the restored clusters once a plan finds them), and the NLB of the
 * restore tiers' public services. Reads only the bootstrap stack (the public zone its certificates validate in, when it
 * has public services): the copies it restores are in the vault the plan names at this location (the primary's stack
 * creates it).
 */
import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Plan, StackPlan } from '../../../synth/model/index';
import { PlanInvariantError } from '../../../synth/util/errors';
import { addEksEntryPoint, addEksPlatform } from './aws-cluster';
import { Cluster } from '../../aws/cluster';
import { AccountContext } from '../../aws/iam';
import { cloudWatchLogsStatement, EncryptionKey } from '../../aws/kms';
import { Network } from '../../aws/network';
import { RestoreTarget } from '../../aws/restore-target';
import { RestoredClusters, RestoredIdentities } from '../../aws/restored-identities';
import { PrivateDns } from '../../aws/private-dns';
import { QuotaRequests } from '../../aws/quotas';
import { configureBackend, OUTPUTS, PlatformStack } from './base';

export class RestoreStack extends PlatformStack {
  constructor(scope: Construct, plan: Plan, stackPlan: StackPlan) {
    super(scope, stackPlan.name);
    const site = plan.restoreSites.find((x) => x.name === stackPlan.restoreSite);
    if (!site) throw new PlanInvariantError('tiers', `stack ${stackPlan.name}: no restore site ${stackPlan.restoreSite} in the plan`);
    if (site.cloud !== 'aws') throw new PlanInvariantError('tiers', `restore site ${site.name}: only AWS restore sites are generated`);
    configureBackend(this, plan, stackPlan.name);
    const prefix = `${plan.name}-${site.name}`;
    new AwsProvider(this, 'aws', { region: site.location, defaultTags: [{ tags: { ...plan.tags, region: site.name, 'restore-of': site.primary } }] });
    // Service quotas the restore needs at this location (node vCPUs at the pools' max, restored clusters).
    const quotaRequests = plan.quotas.filter((q) => q.region === site.name);
    if (quotaRequests.length > 0) new QuotaRequests(this, 'quotas', { requests: quotaRequests });
    const account = new AccountContext(this, 'account');
    const logsKey = new EncryptionKey(this, 'key-logs', {
      alias: `${prefix}-logs`,
      description: `CloudWatch Logs of ${prefix} (flow logs, EKS control plane)`,
      account,
      extraStatements: [cloudWatchLogsStatement(account, site.location)],
    });
    const eksKey = new EncryptionKey(this, 'key-eks', { alias: `${site.cluster.name}-secrets`, description: `Kubernetes secrets of ${site.cluster.name}`, account });
    const rdsKey = new EncryptionKey(this, 'key-rds', { alias: `${prefix}-rds`, description: `Aurora clusters restored from the backups of ${site.primary}`, account });

    const network = new Network(this, 'network', {
      name: prefix,
      cidr: site.networkCidr,
      zones: site.zones,
      subnets: site.subnets,
      clusterName: site.cluster.name,
      logsKeyArn: logsKey.arn,
      account,
    });
    const cluster = new Cluster(this, 'cluster', {
      cluster: site.cluster,
      vpcId: network.vpc.id,
      subnetIds: network.subnetIds('private'),
      secretsKeyArn: eksKey.arn,
      logsKeyArn: logsKey.arn,
      account,
    });
    // The cluster as a region's: managed add-ons (network policy enforcement on), operator access, the GitOps agent
    // syncing kubernetes/<site>/ (and the platform layer), the add-on controllers' identities and the alerting secrets.
    const region = site.region;
    addEksPlatform(this, plan, { region, network, cluster, logsKeyArn: logsKey.arn, account });

    const target = new RestoreTarget(this, 'restore-target', {
      site,
      databases: plan.databases.filter((d) => site.targets.some((t) => t.database === d.id)),
      vpcId: network.vpc.id,
      dataSubnetIds: network.subnetIds('data'),
      clientSecurityGroupId: cluster.nodeSecurityGroup.id,
      account,
    });

    // The restored services' identities: roles and Pod Identity associations now; their grants on the restored
    // clusters once those exist (every plan discovers them, so the apply after the restore jobs grants them).
    const restored = new RestoredClusters(this, 'restored', { identifiers: site.targets.map((t) => t.identifier) });
    // The names the manifests use (the primary's private zone, here attached to the site's VPC): each shard's writer
    // and reader names point at its restored cluster once a plan finds it.
    new PrivateDns(this, 'private-dns', {
      zoneName: site.region.privateZone,
      vpcId: network.vpc.id,
      ttlSeconds: plan.dns.ttlSeconds,
      comment: `Names of the data stores of ${site.primary}, pointing at their restored clusters`,
      records: site.targets.flatMap((t) => {
        const instance = site.region.databases.find((d) => d.name === t.source);
        if (!instance) throw new PlanInvariantError('tiers', `restore site ${site.name}: target ${t.identifier} restores ${t.source}, which ${site.primary} does not hold`);
        const count = restored.count([t.identifier]);
        return [
          { name: instance.host, target: restored.attribute(t.identifier, 'endpoint'), count },
          { name: instance.readerHost, target: restored.attribute(t.identifier, 'reader_endpoint'), count },
        ];
      }),
    });
    new RestoredIdentities(this, 'identities', {
      clusterName: cluster.eks.name,
      region: site.location,
      identities: site.identities,
      account,
      restored,
    });

    const out = (id: string, value: string, description: string) => new TerraformOutput(this, id, { value, description });
    out(OUTPUTS.vpcId, network.vpc.id, 'VPC of the restore site');
    out(OUTPUTS.clusterName, cluster.eks.name, 'EKS cluster the restore tiers run in after a restore');
    out(OUTPUTS.nodeSecurityGroupId, cluster.nodeSecurityGroup.id, 'Security group of the cluster nodes');
    out(OUTPUTS.restoreRoleArn, target.role.role.arn, 'IAM role AWS Backup restores with (start-restore-job --iam-role-arn)');
    out(OUTPUTS.restoreSecurityGroupId, target.securityGroup.id, 'Security group of the restored clusters (VpcSecurityGroupIds)');
    out(OUTPUTS.restoreKmsKeyArn, rdsKey.arn, 'KMS key of the restored clusters (KmsKeyId)');

    // The restore tiers' public services: the site's NLB with their TLS listeners (the SECONDARY of their failover
    // records in the global stack, which reads these outputs).
    addEksEntryPoint(this, plan, { region, network, cluster, nlbLabel: "the restore site's NLB" });
  }
}
