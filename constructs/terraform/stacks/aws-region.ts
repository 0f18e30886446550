/** The stack of one AWS region: network, EKS, Aurora, ElastiCache, backups, load balancer, private DNS. */
import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { ArchiveProvider } from '@cdktf/provider-archive/lib/provider';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import type { Plan, RegionPlan, StackPlan } from '../../../synth/model/index';
import { PlanInvariantError } from '../../../synth/util/errors';
import { addEksEntryPoint, addEksPlatform } from './aws-cluster';
import { Backup } from '../../aws/backup';
import { Caches } from '../../aws/cache';
import { Cluster } from '../../aws/cluster';
import { type DatabaseClusterSpec, Databases } from '../../aws/database';
import { CacheUserGroups, PodIdentities } from '../../aws/workload-identity';
import { AccountContext } from '../../aws/iam';
import { cloudWatchLogsStatement, EncryptionKey } from '../../aws/kms';
import { Network } from '../../aws/network';
import { PrivateDns } from '../../aws/private-dns';
import { VpnGateway } from '../../aws/vpn';
import { ReplicationSource } from '../../aws/replication';
import { DatabaseRolesFunction } from '../../aws/database-roles';
import { QuotaRequests } from '../../aws/quotas';
import { regionIdentities } from '../../plan-index';
import {
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

    const platform = addEksPlatform(this, plan, { region, network, cluster, logsKeyArn: logsKey.arn, account });

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

    const identities = regionIdentities(plan, region.id);
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
      if (!platform.archive) new ArchiveProvider(this, 'archive');
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

    addEksEntryPoint(this, plan, { region, network, cluster, nlbLabel: 'the regional NLB', arnUse: 'Global Accelerator endpoint' });
  }
}
