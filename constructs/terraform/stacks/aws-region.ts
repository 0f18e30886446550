/** The stack of one AWS region: network, EKS, Aurora, ElastiCache, backups, load balancer, private DNS. */
import { Construct } from 'constructs';
import { TerraformOutput, TerraformVariable } from 'cdktf';
import { ArchiveProvider } from '@cdktf/provider-archive/lib/provider';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import type { Plan, RegionPlan, StackPlan } from '../../../synth/model/index';
import { PlanInvariantError } from '../../../synth/util/errors';
import { Backup } from '../../aws/backup';
import { Caches } from '../../aws/cache';
import { Cluster } from '../../aws/cluster';
import { type DatabaseClusterSpec, Databases } from '../../aws/database';
import { Accelerator } from '../../aws/edge';
import { ArgoCdCapability } from '../../aws/gitops';
import { EksAddons } from '../../aws/eks-addons';
import { CacheUserGroups, PodIdentities } from '../../aws/workload-identity';
import { ControllerIdentities } from '../../aws/controller-identity';
import { AccountContext } from '../../aws/iam';
import { cloudWatchLogsStatement, EncryptionKey } from '../../aws/kms';
import { DnsValidatedCertificate } from '../../aws/certificate';
import { LoadBalancer } from '../../aws/load-balancer';
import { Network } from '../../aws/network';
import { PrivateDns } from '../../aws/private-dns';
import { VpnGateway } from '../../aws/vpn';
import { ReplicationSource } from '../../aws/replication';
import { DatabaseRolesFunction } from '../../aws/database-roles';
import { EksOperatorAccess } from '../../aws/operator-access';
import { QuotaRequests } from '../../aws/quotas';
import { AwsAlertingSecrets } from '../../aws/alerting-secrets';
import {
  agentOf,
  bootstrapState,
  AWS_IDENTITY_CENTER_INSTANCE_VARIABLE,
  AWS_IDENTITY_CENTER_REGION_VARIABLE,
  configureBackend,
  databaseOf,
  OUTPUTS,
  PlatformStack,
} from './base';

export class AwsRegionStack extends PlatformStack {
  constructor(scope: Construct, plan: Plan, stackPlan: StackPlan, region: RegionPlan) {
    super(scope, stackPlan.name);
    configureBackend(this, plan, stackPlan.name);
    const prefix = `${plan.name}-${region.id}`;
    const defaultTags = [{ tags: { ...plan.tags, region: region.id } }];
    new AwsProvider(this, 'aws', { region: region.location, defaultTags });
    const copyTargets = region.backup.copyTo.map((location) => ({
      location,
      provider: new AwsProvider(this, `aws-${location}`, { alias: `copy-${location}`, region: location, defaultTags }),
    }));

    const quotaRequests = plan.quotas.filter((q) => q.region === region.id);
    if (quotaRequests.length > 0) new QuotaRequests(this, 'quotas', { requests: quotaRequests });

    const account = new AccountContext(this, 'account');
    const logsKey = new EncryptionKey(this, 'key-logs', {
      alias: `${prefix}-logs`,
      description: `CloudWatch Logs of ${prefix} (flow logs, EKS control plane)`,
      account,
      extraStatements: [cloudWatchLogsStatement(account, region.location)],
    });
    const eksKey = new EncryptionKey(this, 'key-eks', { alias: `${region.cluster.name}-secrets`, description: `Kubernetes secrets of ${region.cluster.name}`, account });
    const rdsKey = new EncryptionKey(this, 'key-rds', { alias: `${prefix}-rds`, description: `Aurora storage, Performance Insights and master secrets of ${prefix}`, account });
    const cacheKey = new EncryptionKey(this, 'key-elasticache', { alias: `${prefix}-elasticache`, description: `ElastiCache at-rest encryption of ${prefix}`, account });
    const backupKey = new EncryptionKey(this, 'key-backup', { alias: `${prefix}-backup`, description: `AWS Backup vault ${region.backup.vault}`, account });

    const network = new Network(this, 'network', {
      name: prefix,
      cidr: region.networkCidr,
      zones: region.zones,
      subnets: region.subnets,
      clusterName: region.cluster.name,
      logsKeyArn: logsKey.arn,
      account,
    });

    const cluster = new Cluster(this, 'cluster', {
      cluster: region.cluster,
      vpcId: network.vpc.id,
      subnetIds: network.subnetIds('private'),
      secretsKeyArn: eksKey.arn,
      logsKeyArn: logsKey.arn,
      account,
    });

    const access = plan.operatorAccess.find((x) => x.region === region.id);
    if (access) new EksOperatorAccess(this, 'operator-access', { access, clusterName: cluster.eks.name, account });

    new EksAddons(this, 'addons', {
      clusterName: cluster.eks.name,
      addons: plan.eksAddons.filter((a) => a.region === region.id),
      nodeGroups: cluster.nodeGroups,
    });

    const alerting = plan.alerting.clusters.find((c) => c.region === region.id);
    if (alerting) new AwsAlertingSecrets(this, 'alerting-secrets', { receivers: alerting.receivers });

    const agent = agentOf(plan, region.id);
    if (agent) {
      new ArchiveProvider(this, 'archive');
      const idcInstance = new TerraformVariable(this, AWS_IDENTITY_CENTER_INSTANCE_VARIABLE, {
        type: 'string',
        description: 'ARN of the IAM Identity Center instance Argo CD signs users in with (aws sso-admin list-instances)',
      });
      const idcRegion = new TerraformVariable(this, AWS_IDENTITY_CENTER_REGION_VARIABLE, { type: 'string', description: 'Home region of that Identity Center instance' });
      new ArgoCdCapability(this, 'gitops', {
        agent,
        cluster: cluster.eks,
        region: region.location,
        subnetIds: network.subnetIds('private'),
        logsKeyArn: logsKey.arn,
        identityCenterInstanceArn: idcInstance.stringValue,
        identityCenterRegion: idcRegion.stringValue,
        account,
      });
    }

    const dbSpecs: DatabaseClusterSpec[] = region.databases.map((instance) => ({
      instance,
      database: databaseOf(plan, instance.database),
      ...(instance.globalCluster ? { global: instance.globalCluster } : {}),
    }));
    const databases = new Databases(this, 'databases', {
      namePrefix: prefix,
      vpcId: network.vpc.id,
      subnetIds: network.subnetIds('data'),
      clientSecurityGroupId: cluster.nodeSecurityGroup.id,
      clusters: dbSpecs,
      kmsKeyArn: rdsKey.arn,
      port: region.storePorts.database,
      clusterOnlyTagKeys: [region.backup.selectionTagKey],
      logicalReplication: plan.replication.filter((r) => r.primary === region.id).map((r) => r.database),
    });

    const identities = plan.identities.filter((i) => i.region === region.id);
    const cacheUsers = new CacheUserGroups(this, 'cache-users', { namePrefix: prefix, identities });
    const caches = new Caches(this, 'caches', {
      namePrefix: prefix,
      vpcId: network.vpc.id,
      subnetIds: network.subnetIds('data'),
      clientSecurityGroupId: cluster.nodeSecurityGroup.id,
      caches: region.caches,
      kmsKeyArn: cacheKey.arn,
      port: region.storePorts.cache,
      userGroupIds: cacheUsers.groupIds,
    });
    new PodIdentities(this, 'identities', {
      clusterName: cluster.eks.name,
      region: region.location,
      identities,
      account,
      databaseResourceIds: new Map(dbSpecs.map((s, i) => [s.instance.name, databases.clusters[i].clusterResourceId])),
      replicationGroupIds: new Map(region.caches.map((c, i) => [c.name, caches.replicationGroups[i].replicationGroupId])),
      cacheUsers: cacheUsers.users,
    });
    const controllers = plan.controllerIdentities.filter((i) => i.region === region.id);
    if (controllers.length > 0) new ControllerIdentities(this, 'controller-identities', { clusterName: cluster.eks.name, identities: controllers, account });

    const backup = new Backup(this, 'backup', {
      backup: region.backup,
      rules: plan.backups.rules,
      copyTargets,
      kmsKeyArn: backupKey.arn,
      account,
    });

    const privateDns = new PrivateDns(this, 'private-dns', {
      zoneName: region.privateZone,
      vpcId: network.vpc.id,
      ttlSeconds: plan.dns.ttlSeconds,
      records: [
        ...databases.endpoints.flatMap((e) => [
          { name: e.host, target: e.endpoint },
          { name: e.readerHost, target: e.readerEndpoint },
        ]),
        ...caches.endpoints.map((e) => ({ name: e.host, target: e.primaryEndpoint })),
      ],
    });

    const out = (id: string, value: string, description: string) => new TerraformOutput(this, id, { value, description });
    out(OUTPUTS.vpcId, network.vpc.id, 'VPC of the region');
    out(OUTPUTS.clusterName, cluster.eks.name, 'EKS cluster');
    out(OUTPUTS.nodeSecurityGroupId, cluster.nodeSecurityGroup.id, 'Security group of the cluster nodes');
    out(OUTPUTS.privateZoneId, privateDns.zone.zoneId, 'Private zone of the data store names');
    out(OUTPUTS.backupVaultArn, backup.vault.arn, 'AWS Backup vault');

    const interconnect = plan.interconnects.find((i) => i.primary === region.id);
    if (interconnect) {
      const vgw = new VpnGateway(this, 'vpn', {
        name: interconnect.aws.gatewayName,
        vpcId: network.vpc.id,
        asn: interconnect.aws.asn,
        routeTableIds: network.privateRouteTables.map((rt) => rt.id),
      });
      out(OUTPUTS.vpnGatewayId, vgw.gateway.id, `Virtual private gateway of the VPN to ${interconnect.failover}`);
    }

    const replication = plan.replication.filter((r) => r.primary === region.id);
    let source: ReplicationSource | undefined;
    if (interconnect && replication.length > 0) {
      new RandomProvider(this, 'random'); // the replication logins' generated passwords
      const sources = [...new Set(replication.flatMap((r) => r.feeds.map((f) => f.source)))].sort();
      source = new ReplicationSource(this, 'replication', {
        name: `${prefix}-replication`,
        vpcId: network.vpc.id,
        databaseSecurityGroupId: databases.securityGroup.id,
        port: region.storePorts.database,
        peerRanges: interconnect.peer.advertisedRanges,
        shards: sources.map((name) => {
          const e = databases.endpoints.find((x) => x.name === name);
          if (!e) throw new PlanInvariantError('databases', `${region.id}: replication source ${name} is not an Aurora cluster of the region`);
          return { name, host: e.endpoint, port: region.storePorts.database };
        }),
      });
      out(OUTPUTS.replicationSecurityGroupId, source.securityGroup.id, 'Security group of the DMS replication instances');
      new TerraformOutput(this, OUTPUTS.replicationSubnetIds, { value: network.subnetIds('private'), description: 'Subnets of the DMS replication instances' });
      for (const [name, secret] of source.secrets) out(OUTPUTS.replicationSourceSecretArn(name), secret.arn, `Replication user secret of ${name} (DMS source)`);
    }

    // The services' PostgreSQL roles (and the DMS source login) on the primary writers, before wave 2's feeds.
    const roles = plan.databaseRoles.find((x) => x.region === region.id);
    if (roles) {
      if (!agent) new ArchiveProvider(this, 'archive');
      new DatabaseRolesFunction(this, 'database-roles', {
        roles,
        vpcId: network.vpc.id,
        subnetIds: network.subnetIds('private'),
        databaseSecurityGroupId: databases.securityGroup.id,
        port: region.storePorts.database,
        writers: new Map(dbSpecs.map((s, i) => [s.instance.name, { endpoint: databases.endpoints[i].endpoint, masterSecretArn: databases.clusters[i].masterUserSecret.get(0).secretArn }])),
        loginSecretArns: new Map([...(source?.secrets ?? new Map())].flatMap(([name, secret]) => replication.map((r) => [`${name}/${r.targetUser}`, secret.arn] as const))),
        secretsKeyArn: rdsKey.arn,
        logsKeyArn: logsKey.arn,
        dependsOn: databases.instances,
        account,
        location: region.location,
      });
    }

    const entry = plan.entryPoints.find((e) => e.region === region.id);
    if (region.loadBalancer) {
      if (!entry) throw new PlanInvariantError('regions', `${region.id}: a load balancer without a planned entry point`);
      const zoneId = bootstrapState(this, plan).getString(OUTPUTS.zoneId);
      const certificateArns = new Map(
        entry.listeners.map((l) => [l.service, new DnsValidatedCertificate(this, `certificate-${l.service}`, { certificate: l.certificate, zoneId }).arn] as const),
      );
      const lb = new LoadBalancer(this, 'load-balancer', {
        loadBalancer: region.loadBalancer,
        listeners: entry.listeners,
        certificateArns,
        vpcId: network.vpc.id,
        vpcCidr: region.cidr,
        publicSubnetIds: network.subnetIds('public'),
        targetSecurityGroupId: cluster.nodeSecurityGroup.id,
        serviceTags: Object.fromEntries(plan.services.map((s) => [s.id, { tier: s.tier }])),
      });
      out(OUTPUTS.nlbDnsName, lb.lb.dnsName, 'DNS name of the regional NLB');
      out(OUTPUTS.nlbZoneId, lb.lb.zoneId, 'Hosted zone of the regional NLB');
      out(OUTPUTS.nlbArn, lb.lb.arn, 'ARN of the regional NLB (Global Accelerator endpoint)');
      for (const [service, tg] of lb.targetGroups) {
        out(OUTPUTS.targetGroupArn(service), tg.arn, `Target group of ${service} (TargetGroupBinding)`);
      }
    }
  }
}
