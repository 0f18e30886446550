/** The stack of one Azure region: VNet, AKS, the standby PostgreSQL Flexible Server and Azure Cache for Redis, private DNS. */
import { Construct } from 'constructs';
import { TerraformOutput, TerraformVariable } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import type { Plan, RegionPlan, StackPlan } from '../../../synth/model/index';
import { AzureCaches } from '../../azure/cache';
import { AksCluster } from '../../azure/cluster';
import { Flux } from '../../azure/gitops';
import { AksWorkloadIdentities } from '../../azure/workload-identity';
import { PostgresRoleAdmin } from '../../azure/database-roles';
import { AksControllerIdentities } from '../../azure/controller-identity';
import { AzureDatabases, POSTGRES_SUBNET_DELEGATION } from '../../azure/database';
import { AzureNetwork } from '../../azure/network';
import { AzurePrivateDns } from '../../azure/private-dns';
import { AzureVpnGateway } from '../../azure/vpn';
import { Password } from '@cdktf/provider-random/lib/password';
import type { PostgresqlFlexibleServer } from '@cdktf/provider-azurerm/lib/postgresql-flexible-server';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { AzureEntryPoint } from '../../azure/entry-point';
import { AzureAlertingSecrets } from '../../azure/alerting-secrets';
import { sortedUnique } from '../util';
import { agentOf, AZURE_CERTIFICATE_ISSUER_VARIABLES, configureBackend, databaseOf, OUTPUTS, PlatformStack, AZURE_SUBSCRIPTION_VARIABLE } from './base';
import { PlanInvariantError } from '../../../synth/util/errors';
import { regionIdentities } from '../../plan-index';

export class AzureRegionStack extends PlatformStack {
  constructor(scope: Construct, plan: Plan, stackPlan: StackPlan, region: RegionPlan) {
    super(scope, stackPlan.name);
    configureBackend(this, plan, stackPlan.name);
    const prefix = `${plan.name}-${region.id}`;
    const tags = { ...plan.tags, region: region.id };
    const subscription = new TerraformVariable(this, AZURE_SUBSCRIPTION_VARIABLE, { type: 'string', description: 'Azure subscription of the region' });
    new AzurermProvider(this, 'azurerm', { features: [{}], subscriptionId: subscription.stringValue });

    // The planned subnets of the data stores: PostgreSQL's delegated one, the caches' private endpoints'.
    const databaseSubnet = region.dataStoreSubnets.databaseDelegated;
    const endpointSubnet = region.dataStoreSubnets.cacheEndpoints;

    // Replication feeds into this region's standbys (AWS DMS over the VPN): their sources and a password login.
    const feeds = plan.replication.filter((r) => r.failover === region.id);
    const feedSources = sortedUnique(
      feeds.flatMap((r) => {
        const primary = plan.regions.find((x) => x.id === r.primary)!;
        return primary.subnets.filter((x) => r.subnets.includes(x.name)).map((x) => x.cidr);
      }),
    );
    let replicationLogin: { login: string; password: string } | undefined;
    if (feeds.length > 0) {
      new RandomProvider(this, 'random');
      const password = new Password(this, 'replication-password', { length: 40, special: false });
      replicationLogin = { login: feeds[0].targetUser, password: password.result };
      new TerraformOutput(this, OUTPUTS.standbyLogin, { value: replicationLogin.login, description: 'Password login of the replication feeds' });
      new TerraformOutput(this, OUTPUTS.standbyPassword, { value: replicationLogin.password, sensitive: true, description: 'Generated password of the replication login (state only)' });
    }

    const entry = plan.entryPoints.find((e) => e.region === region.id);
    const network = new AzureNetwork(this, 'network', {
      name: prefix,
      location: region.location,
      cidr: region.cidr,
      networkCidr: region.networkCidr,
      zones: region.zones,
      subnets: region.subnets,
      // Public traffic arrives through the Application Gateway (public subnet), never straight at the nodes.
      publicPorts: [],
      gatewayPorts: sortedUnique((entry?.listeners ?? []).map((l) => l.port)),
      dataPorts: sortedUnique(region.workloads.flatMap((w) => w.endpoints.map((e) => e.port))),
      delegations: databaseSubnet ? [{ subnet: databaseSubnet, ...POSTGRES_SUBNET_DELEGATION }] : [],
      peerDataSources: feedSources,
      tags,
    });
    const access = plan.operatorAccess.find((x) => x.region === region.id);
    if (!access) throw new PlanInvariantError('regions', `${region.id}: the plan gives the cluster no operator access`);
    const cluster = new AksCluster(this, 'cluster', {
      cluster: region.cluster,
      access,
      location: region.location,
      zones: region.zones,
      subnetId: network.subnets.get(region.cluster.nodeSubnet)!.id,
      dependsOn: network.natAssociations.has(region.cluster.nodeSubnet) ? [network.natAssociations.get(region.cluster.nodeSubnet)!] : [],
      tags,
    });

    const agent = agentOf(plan, region.id);

    const redisCaches = new Map<string, string>();
    const writers = new Map<string, PostgresqlFlexibleServer>();
    const dnsRecords: { name: string; target: string }[] = [];
    if (databaseSubnet) {
      const databases = new AzureDatabases(this, 'databases', {
        namePrefix: prefix,
        location: region.location,
        vnetId: network.vnet.id,
        delegatedSubnetId: network.subnets.get(databaseSubnet)!.id,
        instances: region.databases.map((instance) => ({ instance, database: databaseOf(plan, instance.database) })),
        limits: plan.limits,
        ...(replicationLogin ? { replicationLogin } : {}),
        tags,
      });
      for (const e of databases.endpoints) dnsRecords.push({ name: e.host, target: e.writerFqdn }, { name: e.readerHost, target: e.readerFqdn });
      region.databases.forEach((instance, k) => writers.set(instance.name, databases.writers[k]));
      if (feeds.length > 0) {
        // What the feeds resolve the writers' private addresses from (the A records Azure keeps in its zone).
        new TerraformOutput(this, OUTPUTS.postgresDnsZone, { value: databases.dnsZone.name, description: 'Private DNS zone of the PostgreSQL servers' });
        new TerraformOutput(this, OUTPUTS.postgresResourceGroup, { value: databases.dnsZone.resourceGroupName, description: 'Resource group of that zone' });
        region.databases.forEach((instance, k) => {
          new TerraformOutput(this, OUTPUTS.standbyWriterInstance(instance.name), { value: databases.writers[k].name, description: `PostgreSQL flexible server of the ${instance.name} writer` });
        });
      }
    }
    if (endpointSubnet) {
      const caches = new AzureCaches(this, 'caches', {
        namePrefix: prefix,
        location: region.location,
        vnetId: network.vnet.id,
        endpointSubnetId: network.subnets.get(endpointSubnet)!.id,
        caches: region.caches,
        limits: plan.limits,
        tags,
      });
      for (const e of caches.endpoints) dnsRecords.push({ name: e.host, target: e.hostname });
      region.caches.forEach((c, i) => redisCaches.set(c.name, caches.caches[i].id));
    }
    const identities = regionIdentities(plan, region.id);
    const aksIdentities = new AksWorkloadIdentities(this, 'identities', {
      identities,
      resourceGroupName: cluster.cluster.resourceGroupName,
      location: region.location,
      oidcIssuerUrl: cluster.cluster.oidcIssuerUrl,
      redisCaches,
      tags,
    });
    const roles = plan.databaseRoles.find((x) => x.region === region.id);
    const roleAdmin = roles
      ? new PostgresRoleAdmin(this, 'database-roles', { roles, resourceGroupName: cluster.cluster.resourceGroupName, location: region.location, oidcIssuerUrl: cluster.cluster.oidcIssuerUrl, writers, tags })
      : undefined;
    // The region's platform secrets vault (created with the alert receivers' secret containers): External Secrets reads it.
    const alerting = plan.alerting.clusters.find((c) => c.region === region.id);
    let secretsVault: AzureAlertingSecrets | undefined;
    if (alerting) {
      if (!alerting.secretStore.vault) throw new PlanInvariantError('observability', `plan: Azure cluster ${alerting.cluster} has no secret vault`);
      secretsVault = new AzureAlertingSecrets(this, 'alerting-secrets', {
        vaultName: alerting.secretStore.vault,
        location: region.location,
        resourceGroupName: cluster.cluster.resourceGroupName,
        receivers: alerting.receivers,
        tags,
      });
    }
    const layer = plan.addons.find((a) => a.region === region.id);
    const controllers = plan.controllerIdentities.filter((x) => x.region === region.id);
    if (layer && (!secretsVault || alerting?.secretStore.vault !== layer.secretStore.vault?.name)) {
      throw new PlanInvariantError('regions', `plan: the secret store of ${layer.cluster} is not the region's platform secrets vault`);
    }
    const aksControllers = layer
      ? new AksControllerIdentities(this, 'controller-identities', {
          identities: controllers,
          vaultId: secretsVault!.vault.id,
          tenantId: secretsVault!.vault.tenantId,
          resourceGroupName: cluster.cluster.resourceGroupName,
          location: region.location,
          oidcIssuerUrl: cluster.cluster.oidcIssuerUrl,
          tags,
        })
      : undefined;
    if (agent) {
      // Flux substitutes the identities' client ids (known after apply) into the ServiceAccount annotations, the
      // controllers' client ids and the secrets vault's tenant.
      const substitute = Object.fromEntries([
        ...identities.filter((i) => i.clientIdVariable).map((i) => [i.clientIdVariable!, aksIdentities.identities.get(i.service)!.clientId] as const),
        // and their object ids: Azure Cache for Redis knows an Entra identity by it (the cache user name)
        ...identities.filter((i) => i.principalIdVariable).map((i) => [i.principalIdVariable!, aksIdentities.identities.get(i.service)!.principalId] as const),
        ...(roles?.job?.clientIdVariable && roleAdmin ? [[roles.job.clientIdVariable, roleAdmin.identity.clientId] as const] : []),
        ...controllers.filter((i) => i.clientIdVariable).map((i) => [i.clientIdVariable!, aksControllers!.identities.get(i.addon)!.clientId] as const),
        ...(layer?.secretStore.tenantIdVariable && aksControllers ? [[layer.secretStore.tenantIdVariable, aksControllers.tenantId] as const] : []),
      ]);
      const repositoryToken = agent.credentials
        ? new TerraformVariable(this, agent.credentials.secret, { type: 'string', sensitive: true, description: 'Token of the private GitOps repository (TF_VAR_..., never in the repository)' }).stringValue
        : undefined;
      new Flux(this, 'gitops', {
        agent,
        clusterId: cluster.cluster.id,
        substitute,
        ...(repositoryToken ? { repositoryToken } : {}),
        ...(layer?.fluxKustomization ? { layer: { kustomization: layer.fluxKustomization, path: layer.path } } : {}),
      });
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

    const interconnect = plan.interconnects.find((i) => i.failover === region.id);
    if (interconnect) {
      const { gatewaySubnetCidr, gatewaySubnetName, gatewaySku, instanceBgpAddresses } = interconnect.peer;
      if (!gatewaySubnetCidr || !gatewaySubnetName || !gatewaySku || !instanceBgpAddresses) throw new PlanInvariantError('regions', `plan: interconnect ${interconnect.name} to Azure has no gateway subnet or APIPA addresses`);
      const vpn = new AzureVpnGateway(this, 'vpn', {
        name: interconnect.peer.gatewayName,
        location: region.location,
        resourceGroupName: network.resourceGroup.name,
        vnetName: network.vnet.name,
        zones: region.zones,
        gatewaySubnetName,
        gatewaySubnetCidr,
        sku: gatewaySku,
        asn: interconnect.peer.asn,
        instanceBgpAddresses,
        tags,
      });
      new TerraformOutput(this, OUTPUTS.vpnGatewayId, { value: vpn.gateway.id, description: `VPN gateway of the VPN to ${interconnect.primary}` });
      new TerraformOutput(this, OUTPUTS.vpnGatewayIps, { value: vpn.publicIps.map((ip) => ip.ipAddress), description: 'Public IPs of the VPN gateway instances' });
      new TerraformOutput(this, OUTPUTS.resourceGroupName, { value: network.resourceGroup.name, description: 'Resource group of the network' });
      new TerraformOutput(this, OUTPUTS.azureSubscription, { value: subscription.stringValue, description: 'Azure subscription of this region (the interconnect stack deploys its side of the VPN there)' });
    }
    if (entry) {
      if (!entry.gatewaySubnet) throw new PlanInvariantError('regions', `${region.id}: Azure entry point without a gateway subnet`);
      const variable = (name: string, description: string, sensitive = false) => new TerraformVariable(this, name, { type: 'string', description, sensitive }).stringValue;
      const gateway = new AzureEntryPoint(this, 'entry-point', {
        entry,
        location: region.location,
        zones: region.zones,
        gatewaySubnetId: network.subnets.get(entry.gatewaySubnet)!.id,
        nodeSubnetId: network.subnets.get(region.cluster.nodeSubnet)!.id,
        clusterPrincipalId: cluster.cluster.identity.principalId,
        issuer: {
          provider: variable(AZURE_CERTIFICATE_ISSUER_VARIABLES.provider, 'Integrated CA of the Key Vault issuing the public certificates: DigiCert or GlobalSign'),
          accountId: variable(AZURE_CERTIFICATE_ISSUER_VARIABLES.accountId, 'Account id at that CA'),
          password: variable(AZURE_CERTIFICATE_ISSUER_VARIABLES.password, 'API key / password of that CA account', true),
        },
        tags,
      });
      new TerraformOutput(this, OUTPUTS.entryAddress, { value: gateway.publicIp.ipAddress, description: 'Public IP of the Application Gateway (Route 53 SECONDARY target)' });
    }

    new TerraformOutput(this, OUTPUTS.networkId, { value: network.vnet.id, description: 'Virtual network of the region' });
    new TerraformOutput(this, OUTPUTS.clusterName, { value: cluster.cluster.name, description: 'AKS cluster' });
    new TerraformOutput(this, OUTPUTS.privateZoneId, { value: privateDns.zone.id, description: 'Private zone of the data store names' });
  }
}
