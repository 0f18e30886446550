/** The stack of one GCP region: network, GKE, the standby Cloud SQL and Memorystore, private DNS, CMEK. */
import { Construct } from 'constructs';
import { dependable, TerraformDataSource, TerraformOutput, TerraformResource, TerraformVariable } from 'cdktf';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import type { Plan, RegionPlan, StackPlan } from '../../../synth/model/index';
import { GkeCluster } from '../../gcp/cluster';
import { ConfigSync } from '../../gcp/gitops';
import { GkeWorkloadIdentities } from '../../gcp/workload-identity';
import { GkeControllerIdentities } from '../../gcp/controller-identity';
import { ProjectService } from '@cdktf/provider-google/lib/project-service';
import { GcpAlertingSecrets } from '../../gcp/alerting-secrets';
import { GcpDatabases } from '../../gcp/database';
import { GcpCaches } from '../../gcp/cache';
import { GcpKeyRing } from '../../gcp/kms';
import { GcpNetwork, PrivateServiceAccess } from '../../gcp/network';
import { GcpPrivateDns } from '../../gcp/private-dns';
import { GcpVpnGateway } from '../../gcp/vpn';
import { GcpEntryPoint } from '../../gcp/entry-point';
import { CloudSqlRoleAdmin } from '../../gcp/database-roles';
import { CacheAuthSecrets } from '../../gcp/cache-auth';
import { GkeOperatorAccess } from '../../gcp/operator-access';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { agentOf, configureBackend, databaseOf, OUTPUTS, PlatformStack, GCP_PROJECT_VARIABLE, GCP_QUOTA_CONTACT_VARIABLE } from './base';
import { GcpQuotaPreferences } from '../../gcp/quotas';
import { PlanInvariantError } from '../../../synth/util/errors';
import { regionIdentities } from '../../plan-index';

export class GcpRegionStack extends PlatformStack {
  constructor(scope: Construct, plan: Plan, stackPlan: StackPlan, region: RegionPlan) {
    super(scope, stackPlan.name);
    configureBackend(this, plan, stackPlan.name);
    const prefix = `${plan.name}-${region.id}`;
    const specProject = plan.gcpProjects.find((x) => x.region === region.id)?.project;
    const project = new TerraformVariable(this, GCP_PROJECT_VARIABLE, {
      type: 'string',
      description: 'GCP project of the region',
      // The plan names Cloud SQL IAM users, ServiceAccount annotations and the database role Job after the spec's
      // project: another value here would create users nobody logs in as. Change regions.<id>.project instead.
      ...(specProject
        ? {
            default: specProject,
            validation: [{ condition: `\${var.${GCP_PROJECT_VARIABLE} == "${specProject}"}`, errorMessage: `The spec names project ${specProject} for ${region.id} (regions.${region.id}.project): change it there and run synth.` }],
          }
        : {}),
    });
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
    if (!region.cluster.nodeServiceAccount) throw new PlanInvariantError('regions', `plan: GKE cluster ${region.cluster.name} has no node service account`);
    const cluster = new GkeCluster(this, 'cluster', {
      cluster: region.cluster,
      location: region.location,
      zones: region.zones,
      networkId: network.network.id,
      subnetworkId: network.subnetworks.get(region.cluster.nodeSubnet)!.id,
      project: project.stringValue,
      serviceAccountId: region.cluster.nodeServiceAccount,
      serviceAccountIdLength: plan.limits.gcpServiceAccountIdLength,
      nodeRole: plan.gcpProjects.find((x) => x.region === region.id)?.nodeRole,
      secretsEncryption: { keyId: gkeKey.key.id, dependsOn: gkeKey.grants },
    });

    const access = plan.operatorAccess.find((x) => x.region === region.id);
    if (access) new GkeOperatorAccess(this, 'operator-access', { access, project: project.stringValue });

    const agent = agentOf(plan, region.id);
    const layer = plan.addons.find((a) => a.region === region.id);
    if (agent) new ConfigSync(this, 'gitops', { agent, cluster: cluster.cluster, dependsOn: [...cluster.nodePools], ...(layer ? { rootDir: layer.path } : {}) });

    const dnsRecords: { name: string; addresses: readonly string[] }[] = [];
    const sqlInstances = new Map<string, string>();
    const needsPsa = region.databases.length > 0 || region.caches.length > 0;
    if (needsPsa && !region.serviceNetworkingCidr) throw new PlanInvariantError('regions', `plan: GCP region ${region.id} has data stores but no serviceNetworkingCidr`);
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
      // What the replication feeds of the interconnect stack target.
      databases.endpoints.forEach((e, k) => {
        const instance = region.databases.find((d) => d.host === e.host);
        if (!instance) throw new PlanInvariantError('regions', `${region.id}: Cloud SQL endpoint ${e.name} is not a planned instance`);
        new TerraformOutput(this, OUTPUTS.standbyWriterIp(instance.name), { value: e.writerIp, description: `Private IP of the ${instance.name} writer` });
        new TerraformOutput(this, OUTPUTS.standbyWriterInstance(instance.name), { value: databases.writers[k].name, description: `Cloud SQL instance of the ${instance.name} writer` });
      });
      region.databases.forEach((d, i) => sqlInstances.set(d.name, databases.writers[i].name));
    }
    if (psa && region.caches.length > 0) {
      const cacheKey = kms.addKey({ name: 'memorystore', agents: ['redis'] });
      const caches = new GcpCaches(this, 'caches', {
        location: region.location,
        networkId: network.network.id,
        reservedIpRange: psa.range.name,
        caches: region.caches.map((instance) => ({ instance, memorySizeGb: instance.memoryGb })),
        kmsKeyId: cacheKey.key.id,
        limits: plan.limits,
        dependsOn: [psa.connection, ...cacheKey.grants],
      });
      for (const e of caches.endpoints) dnsRecords.push({ name: e.host, addresses: [e.ip] });
      new CacheAuthSecrets(this, 'cache-auth', {
        identities: regionIdentities(plan, region.id),
        location: region.location,
        instances: new Map(region.caches.map((c, i) => [c.name, caches.instances[i]])),
      });
    }
    new GkeWorkloadIdentities(this, 'identities', {
      project: project.stringValue,
      identities: regionIdentities(plan, region.id),
      sqlInstances,
    });
    const roles = plan.databaseRoles.find((x) => x.region === region.id);
    if (roles) {
      new RandomProvider(this, 'random'); // the role step's administrator password
      new CloudSqlRoleAdmin(this, 'database-roles', { roles, location: region.location, sqlInstances });
    }
    const controllers = plan.controllerIdentities.filter((x) => x.region === region.id);
    const gkeControllers = controllers.length > 0 ? new GkeControllerIdentities(this, 'controller-identities', { project: project.stringValue, identities: controllers }) : undefined;
    const privateDns = new GcpPrivateDns(this, 'private-dns', {
      name: `${prefix}-private`,
      zoneName: region.privateZone,
      networkId: network.network.id,
      ttlSeconds: plan.dns.ttlSeconds,
      records: dnsRecords,
    });

    const interconnect = plan.interconnects.find((i) => i.failover === region.id);
    if (interconnect) {
      if (!interconnect.peer.routerName) throw new PlanInvariantError('regions', `plan: interconnect ${interconnect.name} to GCP has no router name`);
      const vpn = new GcpVpnGateway(this, 'vpn', {
        gatewayName: interconnect.peer.gatewayName,
        routerName: interconnect.peer.routerName,
        location: region.location,
        networkId: network.network.id,
        asn: interconnect.peer.asn,
        advertisedRanges: interconnect.peer.advertisedRanges,
        ...(psa ? { serviceNetworkingNetworkName: network.network.name, dependsOn: [psa.connection] } : {}),
      });
      new TerraformOutput(this, OUTPUTS.vpnGatewayId, { value: vpn.gateway.id, description: `HA VPN gateway of the VPN to ${interconnect.primary}` });
      new TerraformOutput(this, OUTPUTS.vpnGatewayIps, {
        value: Array.from({ length: interconnect.connections.length }, (_, i) => vpn.interfaceIp(i)),
        description: 'Public IPs of the HA VPN interfaces',
      });
      new TerraformOutput(this, OUTPUTS.vpnRouterName, { value: vpn.router.name, description: 'Cloud Router holding the BGP sessions' });
      new TerraformOutput(this, OUTPUTS.gcpProject, { value: project.stringValue, description: 'GCP project of this region (the interconnect stack deploys its side of the VPN there)' });
    }
    const entry = plan.entryPoints.find((e) => e.region === region.id);
    if (entry) {
      const gateway = new GcpEntryPoint(this, 'entry-point', { entry, networkId: network.network.id });
      new TerraformOutput(this, OUTPUTS.entryAddress, { value: gateway.address.address, description: 'Global address of the GKE Gateway (Route 53 SECONDARY target)' });
      new TerraformOutput(this, OUTPUTS.dnsAuthorizations, {
        value: Object.fromEntries([...gateway.dnsAuthorizations].map(([domain, a]) => [domain, { name: a.dnsResourceRecord.get(0).name, type: a.dnsResourceRecord.get(0).type, data: a.dnsResourceRecord.get(0).data }])),
        description: 'DNS authorization CNAME per domain of the managed certificates (written by the global stack)',
      });
    }

    // Quota increases the plan needs (Cloud Quotas preferences; Google asks for a contact e-mail).
    const quotaRequests = plan.quotas.filter((q) => q.region === region.id && q.mechanism === 'google_cloud_quotas_quota_preference');
    if (quotaRequests.length > 0) {
      const contact = new TerraformVariable(this, GCP_QUOTA_CONTACT_VARIABLE, { type: 'string', description: 'E-mail Google contacts about the quota increase requests (quota update permission on the project)' });
      new GcpQuotaPreferences(this, 'quotas', { requests: quotaRequests, project: project.stringValue, contactEmail: contact.stringValue });
    }
    const alerting = plan.alerting.clusters.find((c) => c.region === region.id);
    if (alerting) {
      if (!alerting.secretStore.reader) throw new PlanInvariantError('observability', `plan: GKE cluster ${alerting.cluster} has no External Secrets reader`);
      new GcpAlertingSecrets(this, 'alerting-secrets', { receivers: alerting.receivers, location: region.location, reader: {
          // External Secrets' service account itself when the stack creates it (its secrets' IAM then applies after it)
          accountId: gkeControllers?.accounts.get('external-secrets')?.accountId ?? alerting.secretStore.reader,
          project: project.stringValue,
        },
      });
    }

    // The APIs the stack calls, enabled first (left enabled on destroy: other stacks of the project may use them);
    // every other resource and data source waits for them.
    const gcpProject = plan.gcpProjects.find((x) => x.region === region.id);
    const apis = (gcpProject?.apis ?? []).map((service) => new ProjectService(this, `api-${service.split('.')[0]}`, { service, disableOnDestroy: false }));
    if (apis.length > 0) {
      for (const c of this.node.findAll()) {
        if ((c instanceof TerraformResource || c instanceof TerraformDataSource) && !(c instanceof ProjectService)) {
          c.dependsOn = [...(c.dependsOn ?? []), ...apis.map((a) => dependable(a))];
        }
      }
    }

    new TerraformOutput(this, OUTPUTS.networkId, { value: network.network.id, description: 'VPC network of the region' });
    new TerraformOutput(this, OUTPUTS.clusterName, { value: cluster.cluster.name, description: 'GKE cluster' });
    new TerraformOutput(this, OUTPUTS.privateZoneId, { value: privateDns.zone.id, description: 'Private zone of the data store names' });
  }
}
