/**
 * The Terraform stacks of a plan: one per region (AWS, GCP, Azure) and the `global` stack.
 * Every stack stores its state in the plan's S3 backend under `<keyPrefix>/<stack>/terraform.tfstate`
 * (encrypted, native S3 locking); the global stack reads the AWS regions' load balancers from their
 * remote state. Stacks only wire plan data into the constructs of constructs/aws, gcp and azure.
 */
import { Construct, Node } from 'constructs';
import { DataTerraformRemoteStateS3, S3Backend, TerraformElement, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import type { DatabasePlan, Plan, RegionPlan, StackPlan } from '../../synth/model/index';
import { POSTGRES_PORT, REDIS_TLS_PORT } from '../../synth/plan/constants';
import { Backup } from '../aws/backup';
import { Caches } from '../aws/cache';
import { Cluster } from '../aws/cluster';
import { type DatabaseClusterSpec, Databases } from '../aws/database';
import { PublicDns, type RegionalLoadBalancerRef } from '../aws/dns';
import { Accelerator, Cdn } from '../aws/edge';
import { AccountContext } from '../aws/iam';
import { EncryptionKey } from '../aws/kms';
import { LoadBalancer } from '../aws/load-balancer';
import { Network } from '../aws/network';
import { PrivateDns } from '../aws/private-dns';
import { AzureCaches } from '../azure/cache';
import { AksCluster } from '../azure/cluster';
import { AzureDatabases, POSTGRES_SUBNET_DELEGATION } from '../azure/database';
import { AzureNetwork } from '../azure/network';
import { AzurePrivateDns } from '../azure/private-dns';
import { GkeCluster } from '../gcp/cluster';
import { GcpDatabases } from '../gcp/database';
import { GcpCaches } from '../gcp/cache';
import { GcpKeyRing } from '../gcp/kms';
import { GcpNetwork, PrivateServiceAccess } from '../gcp/network';
import { GcpPrivateDns } from '../gcp/private-dns';
import { sortedUnique, tfIdentifier } from './util';

/** Region of the global stack's default provider: CloudFront, Route 53 and ACM for CloudFront live in us-east-1. */
export const GLOBAL_SERVICES_REGION = 'us-east-1';
/** Global Accelerator's API is served from us-west-2 only. */
export const GLOBAL_ACCELERATOR_API_REGION = 'us-west-2';

export const OUTPUTS = {
  vpcId: 'vpc_id',
  clusterName: 'cluster_name',
  nodeSecurityGroupId: 'node_security_group_id',
  privateZoneId: 'private_zone_id',
  backupVaultArn: 'backup_vault_arn',
  nlbDnsName: 'nlb_dns_name',
  nlbZoneId: 'nlb_zone_id',
  nlbArn: 'nlb_arn',
  targetGroupArn: (service: string) => `target_group_arn_${tfIdentifier(service)}`,
  networkId: 'network_id',
  zoneId: 'zone_id',
  nameServers: 'name_servers',
  acceleratorDnsName: 'accelerator_dns_name',
  acceleratorIps: 'accelerator_ip_addresses',
  staticAssetsDomain: 'static_assets_domain_name',
  cachedApiDomain: (service: string) => `cached_api_domain_name_${tfIdentifier(service)}`,
} as const;

export const GCP_PROJECT_VARIABLE = 'gcp_project';
export const AZURE_SUBSCRIPTION_VARIABLE = 'azure_subscription_id';

/** S3 key of a stack's state. */
export function backendKey(plan: Plan, stackName: string): string {
  return `${plan.backend.keyPrefix}/${stackName}/terraform.tfstate`;
}

function configureBackend(stack: TerraformStack, plan: Plan, stackName: string): void {
  const backend = new S3Backend(stack, {
    bucket: plan.backend.bucket,
    key: backendKey(plan, stackName),
    region: plan.backend.region,
    encrypt: true,
  });
  // Native S3 state locking (Terraform >= 1.10); cdktf 0.21's S3BackendConfig has no field for it.
  backend.addOverride('use_lockfile', true);
}

function regionOf(plan: Plan, id: string): RegionPlan {
  const region = plan.regions.find((r) => r.id === id);
  if (!region) throw new Error(`plan has no region ${id}`);
  return region;
}

function databaseOf(plan: Plan, id: string): DatabasePlan {
  const db = plan.databases.find((d) => d.id === id);
  if (!db) throw new Error(`plan has no database ${id}`);
  return db;
}

/** The one port of a region's data stores of a kind (the plan's instances), else the planner's default. */
function storePort(ports: readonly number[], fallback: number, what: string): number {
  const unique = sortedUnique(ports);
  if (unique.length > 1) throw new Error(`${what} use several ports (${unique.join(', ')})`);
  return unique[0] ?? fallback;
}

// ---------------------------------------------------------------------------------------------
// Base stack: readable resource addresses

/**
 * A stack whose Terraform addresses are the construct path below the stack (`databases_access_sg`)
 * instead of cdktf's hashed default (`databases_sg_9B2D317B`): stable across cdktf versions and readable in
 * the PR diff and in `terraform plan`. Construct ids are unique per parent, so the joined path is unique.
 */
export abstract class PlatformStack extends TerraformStack {
  private readonly allocated = new Map<string, string>();

  protected override allocateLogicalId(element: TerraformElement | Node): string {
    const node = element instanceof Node ? element : element.node;
    const path = node.scopes.slice(2).map((c) => c.node.id); // below the app and the stack
    const id = path.join('_').replace(/[^A-Za-z0-9_-]/g, '_').replace(/^([^A-Za-z_])/, '_$1');
    const owner = this.allocated.get(id);
    if (owner !== undefined && owner !== node.path) throw new Error(`Terraform address ${id} is claimed by ${owner} and ${node.path}`);
    this.allocated.set(id, node.path);
    return id;
  }
}

// ---------------------------------------------------------------------------------------------
// AWS region

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

    const account = new AccountContext(this, 'account');
    const logsKey = new EncryptionKey(this, 'key-logs', {
      alias: `${prefix}-logs`,
      description: `CloudWatch Logs of ${prefix} (flow logs, EKS control plane)`,
      account,
      extraStatements: [
        {
          sid: 'CloudWatchLogs',
          effect: 'Allow',
          actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          resources: ['*'],
          principals: [{ type: 'Service', identifiers: [`logs.${region.location}.amazonaws.com`] }],
          condition: [
            {
              test: 'ArnLike',
              variable: 'kms:EncryptionContext:aws:logs:arn',
              values: [`arn:${account.partition}:logs:${region.location}:${account.accountId}:log-group:*`],
            },
          ],
        },
      ],
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

    const dbSpecs: DatabaseClusterSpec[] = region.databases.map((instance) => {
      const database = databaseOf(plan, instance.database);
      const replicatesTo = (target: string | undefined) =>
        target !== undefined && database.crossRegion.targets.includes(target) && regionOf(plan, target).cloud === 'aws';
      if (instance.role === 'primary' && replicatesTo(region.failoverRegion)) {
        return { instance, database, global: { identifier: `${plan.name}-${region.id}-${instance.name}`, role: 'primary' as const } };
      }
      if (instance.role === 'standby' && region.failoverFor !== undefined && regionOf(plan, region.failoverFor).cloud === 'aws' && replicatesTo(region.id)) {
        return { instance, database, global: { identifier: `${plan.name}-${region.failoverFor}-${instance.name}`, role: 'secondary' as const } };
      }
      return { instance, database };
    });
    const databases = new Databases(this, 'databases', {
      namePrefix: prefix,
      vpcId: network.vpc.id,
      subnetIds: network.subnetIds('data'),
      clientSecurityGroupId: cluster.nodeSecurityGroup.id,
      clusters: dbSpecs,
      kmsKeyArn: rdsKey.arn,
      port: storePort(region.databases.map((d) => d.port), POSTGRES_PORT, `${region.id} databases`),
      clusterOnlyTagKeys: [region.backup.selectionTagKey],
    });

    const caches = new Caches(this, 'caches', {
      namePrefix: prefix,
      vpcId: network.vpc.id,
      subnetIds: network.subnetIds('data'),
      clientSecurityGroupId: cluster.nodeSecurityGroup.id,
      caches: region.caches,
      kmsKeyArn: cacheKey.arn,
      port: storePort(region.caches.map((c) => c.port), REDIS_TLS_PORT.aws, `${region.id} caches`),
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

    if (region.loadBalancer) {
      const lb = new LoadBalancer(this, 'load-balancer', {
        loadBalancer: region.loadBalancer,
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

// ---------------------------------------------------------------------------------------------
// GCP / Azure regions


export class GcpRegionStack extends PlatformStack {
  constructor(scope: Construct, plan: Plan, stackPlan: StackPlan, region: RegionPlan) {
    super(scope, stackPlan.name);
    configureBackend(this, plan, stackPlan.name);
    const prefix = `${plan.name}-${region.id}`;
    const project = new TerraformVariable(this, GCP_PROJECT_VARIABLE, { type: 'string', description: 'GCP project of the region' });
    const google = new GoogleProvider(this, 'google', { project: project.stringValue, region: region.location });
    // Set by override: cdktf snake-cases the keys of a provider's map arguments (`managed-by` -> `managed_by`).
    google.addOverride('default_labels', { ...plan.tags, region: region.id });
    const network = new GcpNetwork(this, 'network', {
      name: prefix,
      location: region.location,
      cidr: region.cidr,
      subnets: region.subnets,
      clusterRanges: { subnet: region.cluster.nodeSubnet, pods: region.cluster.podCidr, services: region.cluster.serviceCidr },
    });
    const kms = new GcpKeyRing(this, 'kms', { name: prefix, location: region.location });
    const gkeKey = kms.addKey({ name: 'gke-secrets', agents: ['gke'] });
    const cluster = new GkeCluster(this, 'cluster', {
      cluster: region.cluster,
      location: region.location,
      zones: region.zones,
      networkId: network.network.id,
      subnetworkId: network.subnetworks.get(region.cluster.nodeSubnet)!.id,
      project: project.stringValue,
      serviceAccountId: `gke-${region.id}`,
      secretsEncryption: { keyId: gkeKey.key.id, dependsOn: gkeKey.grants },
    });

    const dnsRecords: { name: string; addresses: readonly string[] }[] = [];
    const needsPsa = region.databases.length > 0 || region.caches.length > 0;
    if (needsPsa && !region.serviceNetworkingCidr) throw new Error(`plan: GCP region ${region.id} has data stores but no serviceNetworkingCidr`);
    const psa = needsPsa ? new PrivateServiceAccess(this, 'private-service-access', { name: `${prefix}-psa`, networkId: network.network.id, cidr: region.serviceNetworkingCidr! }) : undefined;
    if (psa && region.databases.length > 0) {
      const sqlKey = kms.addKey({ name: 'cloud-sql', agents: ['cloud-sql'] });
      const databases = new GcpDatabases(this, 'databases', {
        namePrefix: prefix,
        location: region.location,
        networkId: network.network.id,
        allocatedIpRange: psa.range.name,
        instances: region.databases.map((instance) => ({ instance, database: databaseOf(plan, instance.database) })),
        kmsKeyId: sqlKey.key.id,
        dependsOn: [psa.connection, ...sqlKey.grants],
      });
      for (const e of databases.endpoints) dnsRecords.push({ name: e.host, addresses: [e.writerIp] }, { name: e.readerHost, addresses: e.readerIps });
    }
    if (psa && region.caches.length > 0) {
      const cacheKey = kms.addKey({ name: 'memorystore', agents: ['redis'] });
      const caches = new GcpCaches(this, 'caches', {
        location: region.location,
        networkId: network.network.id,
        reservedIpRange: psa.range.name,
        caches: region.caches.map((instance) => ({ instance, memorySizeGb: instance.memoryGb })),
        kmsKeyId: cacheKey.key.id,
        dependsOn: [psa.connection, ...cacheKey.grants],
      });
      for (const e of caches.endpoints) dnsRecords.push({ name: e.host, addresses: [e.ip] });
    }
    const privateDns = new GcpPrivateDns(this, 'private-dns', {
      name: `${prefix}-private`,
      zoneName: region.privateZone,
      networkId: network.network.id,
      ttlSeconds: plan.dns.ttlSeconds,
      records: dnsRecords,
    });

    new TerraformOutput(this, OUTPUTS.networkId, { value: network.network.id, description: 'VPC network of the region' });
    new TerraformOutput(this, OUTPUTS.clusterName, { value: cluster.cluster.name, description: 'GKE cluster' });
    new TerraformOutput(this, OUTPUTS.privateZoneId, { value: privateDns.zone.id, description: 'Private zone of the data store names' });
  }
}

export class AzureRegionStack extends PlatformStack {
  constructor(scope: Construct, plan: Plan, stackPlan: StackPlan, region: RegionPlan) {
    super(scope, stackPlan.name);
    configureBackend(this, plan, stackPlan.name);
    const prefix = `${plan.name}-${region.id}`;
    const tags = { ...plan.tags, region: region.id };
    const subscription = new TerraformVariable(this, AZURE_SUBSCRIPTION_VARIABLE, { type: 'string', description: 'Azure subscription of the region' });
    new AzurermProvider(this, 'azurerm', { features: [{}], subscriptionId: subscription.stringValue });

    // PostgreSQL flexible servers need a subnet delegated to them, which then holds nothing else: the
    // first planned data subnet. The caches' private endpoints go to the next data subnet.
    const dataSubnets = region.subnets.filter((s) => s.kind === 'data');
    const databaseSubnet = region.databases.length > 0 ? dataSubnets[0] : undefined;
    const endpointSubnet = dataSubnets.find((s) => s !== databaseSubnet);
    if (region.databases.length > 0 && !databaseSubnet) throw new Error(`${region.id}: databases planned but no data subnet`);
    if (region.caches.length > 0 && !endpointSubnet) throw new Error(`${region.id}: caches need a data subnet besides the one delegated to PostgreSQL`);

    const network = new AzureNetwork(this, 'network', {
      name: prefix,
      location: region.location,
      cidr: region.cidr,
      networkCidr: region.networkCidr,
      zones: region.zones,
      subnets: region.subnets,
      publicPorts: sortedUnique(region.workloads.filter((w) => w.public).map((w) => w.port)),
      dataPorts: sortedUnique(region.workloads.flatMap((w) => w.endpoints.map((e) => e.port))),
      delegations: databaseSubnet ? [{ subnet: databaseSubnet.name, ...POSTGRES_SUBNET_DELEGATION }] : [],
      tags,
    });
    const cluster = new AksCluster(this, 'cluster', {
      cluster: region.cluster,
      location: region.location,
      zones: region.zones,
      subnetId: network.subnets.get(region.cluster.nodeSubnet)!.id,
      tags,
    });

    const dnsRecords: { name: string; target: string }[] = [];
    if (databaseSubnet) {
      const databases = new AzureDatabases(this, 'databases', {
        namePrefix: prefix,
        location: region.location,
        vnetId: network.vnet.id,
        delegatedSubnetId: network.subnets.get(databaseSubnet.name)!.id,
        instances: region.databases.map((instance) => ({ instance, database: databaseOf(plan, instance.database) })),
        tags,
      });
      for (const e of databases.endpoints) dnsRecords.push({ name: e.host, target: e.writerFqdn }, { name: e.readerHost, target: e.readerFqdn });
    }
    if (region.caches.length > 0) {
      const caches = new AzureCaches(this, 'caches', {
        namePrefix: prefix,
        location: region.location,
        vnetId: network.vnet.id,
        endpointSubnetId: network.subnets.get(endpointSubnet!.name)!.id,
        caches: region.caches,
        tags,
      });
      for (const e of caches.endpoints) dnsRecords.push({ name: e.host, target: e.hostname });
    }
    const privateDns = new AzurePrivateDns(this, 'private-dns', {
      namePrefix: prefix,
      location: region.location,
      zoneName: region.privateZone,
      vnetId: network.vnet.id,
      ttlSeconds: plan.dns.ttlSeconds,
      records: dnsRecords,
      tags,
    });

    new TerraformOutput(this, OUTPUTS.networkId, { value: network.vnet.id, description: 'Virtual network of the region' });
    new TerraformOutput(this, OUTPUTS.clusterName, { value: cluster.cluster.name, description: 'AKS cluster' });
    new TerraformOutput(this, OUTPUTS.privateZoneId, { value: privateDns.zone.id, description: 'Private zone of the data store names' });
  }
}

// ---------------------------------------------------------------------------------------------
// Global

export class GlobalStack extends PlatformStack {
  constructor(scope: Construct, plan: Plan, stackPlan: StackPlan) {
    super(scope, stackPlan.name);
    configureBackend(this, plan, stackPlan.name);
    const defaultTags = [{ tags: { ...plan.tags } }];
    new AwsProvider(this, 'aws', { region: GLOBAL_SERVICES_REGION, defaultTags });
    const acceleratorProvider = new AwsProvider(this, 'aws-global-accelerator', { alias: 'global-accelerator', region: GLOBAL_ACCELERATOR_API_REGION, defaultTags });

    // The AWS regions' load balancers, from their stacks' state.
    const loadBalancers = new Map<string, RegionalLoadBalancerRef>();
    for (const dep of stackPlan.dependsOn) {
      const depPlan = plan.stacks.find((s) => s.name === dep);
      if (!depPlan?.region) throw new Error(`global stack depends on ${dep}, which is not a region stack of the plan`);
      const region = regionOf(plan, depPlan.region);
      if (region.cloud !== 'aws' || !region.loadBalancer) continue;
      const state = new DataTerraformRemoteStateS3(this, `state-${dep}`, {
        bucket: plan.backend.bucket,
        key: backendKey(plan, dep),
        region: plan.backend.region,
      });
      loadBalancers.set(region.id, {
        region: region.id,
        location: region.location,
        dnsName: state.getString(OUTPUTS.nlbDnsName),
        zoneId: state.getString(OUTPUTS.nlbZoneId),
        arn: state.getString(OUTPUTS.nlbArn),
        targetGroups: region.loadBalancer.targetGroups,
      });
    }

    const dns = new PublicDns(this, 'dns', {
      zoneName: plan.dns.zone,
      records: plan.traffic.records,
      healthCheck: plan.traffic.healthCheck,
      loadBalancers,
    });

    const lbOf = (region: string) => {
      const lb = loadBalancers.get(region);
      if (!lb) throw new Error(`global stack: no load balancer state for region ${region}`);
      return lb;
    };
    const accelerator = new Accelerator(this, 'accelerator', {
      name: `${plan.name}-${plan.environment}`,
      ports: sortedUnique([...loadBalancers.values()].flatMap((lb) => lb.targetGroups.map((tg) => tg.port))),
      endpointGroups: plan.traffic.acceleratorEndpointGroups.map((g) => ({ ...g, endpointArn: lbOf(g.region).arn })),
      healthCheckIntervalSeconds: plan.traffic.healthCheck.intervalSeconds,
      healthCheckThreshold: plan.traffic.healthCheck.failureThreshold,
      provider: acceleratorProvider,
    });

    const cdn = new Cdn(this, 'cdn', {
      cdn: plan.edge.cdn,
      bucketName: `${plan.name}-${plan.environment}-static-assets`,
      apiOrigins: plan.edge.cdn.cacheApis.map((service) => {
        const record = plan.traffic.records.find((r) => r.service === service && r.routing === 'latency');
        if (!record) throw new Error(`cdn: cached API ${service} has no public name in the plan's traffic records`);
        const ports = sortedUnique([...loadBalancers.values()].flatMap((lb) => lb.targetGroups.filter((tg) => tg.service === service).map((tg) => tg.port)));
        if (ports.length !== 1) throw new Error(`cdn: cached API ${service} needs one public port, the plan has ${ports.length}`);
        return { service, domainName: record.name, httpsPort: ports[0] };
      }),
    });

    new TerraformOutput(this, OUTPUTS.zoneId, { value: dns.zone.zoneId, description: 'Public hosted zone' });
    new TerraformOutput(this, OUTPUTS.nameServers, { value: dns.zone.nameServers, description: 'Delegate the zone to these' });
    new TerraformOutput(this, OUTPUTS.acceleratorDnsName, { value: accelerator.accelerator.dnsName, description: 'Global Accelerator DNS name' });
    new TerraformOutput(this, OUTPUTS.acceleratorIps, { value: accelerator.accelerator.ipSets, description: 'Anycast addresses' });
    if (cdn.staticAssets) {
      new TerraformOutput(this, OUTPUTS.staticAssetsDomain, { value: cdn.staticAssets.domainName, description: 'CloudFront domain of the static assets' });
    }
    for (const [service, dist] of cdn.apiDistributions) {
      new TerraformOutput(this, OUTPUTS.cachedApiDomain(service), { value: dist.domainName, description: `CloudFront domain of the cached ${service} API` });
    }
  }
}

/** Creates the stack of one StackPlan entry. */
export function createStack(scope: Construct, plan: Plan, stackPlan: StackPlan): TerraformStack {
  if (stackPlan.kind === 'global') return new GlobalStack(scope, plan, stackPlan);
  if (!stackPlan.region) throw new Error(`stack ${stackPlan.name}: a region stack without a region`);
  const region = regionOf(plan, stackPlan.region);
  switch (region.cloud) {
    case 'aws':
      return new AwsRegionStack(scope, plan, stackPlan, region);
    case 'gcp':
      return new GcpRegionStack(scope, plan, stackPlan, region);
    case 'azure':
      return new AzureRegionStack(scope, plan, stackPlan, region);
  }
}
