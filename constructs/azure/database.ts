/**
 * Azure Database for PostgreSQL flexible servers of an Azure region, one per planned database
 * instance entry (one per shard, the standbys of a failover region): the writer with zone-redundant
 * high availability (primary in the first planned zone, standby in the second), plus the planned
 * number of read replicas (`create_mode = Replica`) going round the planned zones in order, as the
 * Aurora members do.
 *
 * Every server: private access only (VNet integration in the delegated data subnet, names in the
 * linked private DNS zone `privatelink.postgres.database.azure.com`, `public_network_access_enabled =
 * false`), Microsoft Entra ID authentication (password authentication off, no administrator login,
 * unless `replicationLogin` is given: then the replication feeds' login, with a password generated in state,
 * is the writers' administrator: AWS DMS cannot use Entra ID), TLS required (`require_secure_transport`), `log_min_duration_statement`
 * = the plan's slow-query threshold, and the plan's tags. The writer keeps backups for the plan's
 * retention, geo-redundant (to the paired region) by default. Storage is encrypted at rest by the
 * service.
 *
 * Deletion protection: flexible servers have no such attribute, so a `CanNotDelete` management lock
 * covers the databases' resource group, and every server depends on it: nothing in the group can be
 * deleted (in the portal, by the CLI or by Terraform: `terraform destroy` and removing a shard or a
 * replica from the spec fail) until the lock is removed on purpose. Creating the lock needs
 * `Microsoft.Authorization/locks/write` (Owner or User Access Administrator).
 *
 * SKU: the catalog names the VM size (`Standard_E16ds_v5`); Azure's SKU name prefixes its tier,
 * which follows from the series: B = Burstable (`B_`), D = General Purpose (`GP_`), E = Memory
 * Optimized (`MO_`).
 *
 * Storage: the plan's disk (`instance.disk`: one of the Premium SSD steps, MiB, decided by the planner
 * from the catalog's steps).
 */
import { Construct } from 'constructs';
import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { ManagementLock } from '@cdktf/provider-azurerm/lib/management-lock';
import { PostgresqlFlexibleServer } from '@cdktf/provider-azurerm/lib/postgresql-flexible-server';
import { PostgresqlFlexibleServerConfiguration } from '@cdktf/provider-azurerm/lib/postgresql-flexible-server-configuration';
import { PrivateDnsZone } from '@cdktf/provider-azurerm/lib/private-dns-zone';
import { PrivateDnsZoneVirtualNetworkLink } from '@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import type { DatabaseInstancePlan, DatabasePlan, PlanLimits } from '../../synth/model/index';
import { withDefaults } from '../terraform/util';
import { PlanInvariantError } from '../../synth/util/errors';

export interface AzureDatabaseSpec {
  readonly instance: DatabaseInstancePlan;
  readonly database: DatabasePlan;
}

export interface AzureDatabasesProps {
  /** Prefix of the resource group and server names (server names are global: `<name>.postgres.database.azure.com`). */
  readonly namePrefix: string;
  readonly location: string;
  /** Virtual network the private DNS zone is linked to. */
  readonly vnetId: string;
  /** Data subnet delegated to `Microsoft.DBforPostgreSQL/flexibleServers` (see `POSTGRES_SUBNET_DELEGATION`). */
  readonly delegatedSubnetId: string;
  readonly instances: readonly AzureDatabaseSpec[];
  /** The plan's Azure PostgreSQL limits (from the catalog, checked at validate time). */
  readonly limits: Pick<PlanLimits, 'azurePostgresReadReplicas' | 'azurePostgresBackupRetentionDays' | 'azurePostgresServerNameLength'>;
  /**
   * Tags of every resource (the instances' plan tags come on top).
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * PostgreSQL major version.
   * @default POSTGRES_VERSION ('16')
   */
  readonly postgresVersion?: string;
  /**
   * Back up to the paired region; keep it on where the region has a pair with geo-redundant storage.
   * @default GEO_REDUNDANT_BACKUP (true)
   */
  readonly geoRedundantBackup?: boolean;
  /**
   * Private DNS zone of the servers' names (must end with `.postgres.database.azure.com`).
   * @default PRIVATE_DNS_ZONE ('privatelink.postgres.database.azure.com')
   */
  readonly privateDnsZone?: string;
  /**
   * Password login for the replication feeds (AWS DMS cannot use Entra ID): turns password authentication on
   * (Entra ID stays on) and makes this the writers' administrator. The password is generated in state.
   * @default undefined (Entra ID only)
   */
  readonly replicationLogin?: { readonly login: string; readonly password: string };
}

export const POSTGRES_VERSION = '16';
export const GEO_REDUNDANT_BACKUP = true;
export const PRIVATE_DNS_ZONE = 'privatelink.postgres.database.azure.com';
/** The port flexible servers serve PostgreSQL on (6432 is the built-in PgBouncer). */
export const FLEXIBLE_SERVER_PORT = 5432;

/** Delegation the servers' subnet needs (Azure Storage for WAL archiving through a service endpoint). */
export const POSTGRES_SUBNET_DELEGATION = {
  service: 'Microsoft.DBforPostgreSQL/flexibleServers',
  actions: ['Microsoft.Network/virtualNetworks/subnets/join/action'],
  serviceEndpoints: ['Microsoft.Storage'],
} as const;

const AZURE_DATABASES_DEFAULTS = {
  tags: {} as Readonly<Record<string, string>>,
  postgresVersion: POSTGRES_VERSION,
  geoRedundantBackup: GEO_REDUNDANT_BACKUP,
  privateDnsZone: PRIVATE_DNS_ZONE,
};

const SKU_TIERS: readonly (readonly [RegExp, string])[] = [
  [/^Standard_B/, 'B'],
  [/^Standard_D/, 'GP'],
  [/^Standard_E/, 'MO'],
];

/** `Standard_E16ds_v5` -> `MO_Standard_E16ds_v5`: the tier prefix of the VM series. */
export function flexibleServerSku(instanceClass: string): string {
  const tier = SKU_TIERS.find(([re]) => re.test(instanceClass));
  if (!tier) throw new PlanInvariantError('databases', `PostgreSQL flexible server: no tier for instance class ${instanceClass} (expected Standard_B*, Standard_D* or Standard_E*)`);
  return `${tier[1]}_${instanceClass}`;
}

export interface AzureDatabaseEndpoints {
  readonly name: string;
  /** Stable private DNS names from the plan. */
  readonly host: string;
  readonly readerHost: string;
  /** FQDN of the writer; of the first read replica (the writer's when there is none). */
  readonly writerFqdn: string;
  readonly readerFqdn: string;
}

export class AzureDatabases extends Construct {
  readonly resourceGroup: ResourceGroup;
  /** `CanNotDelete` on the resource group: the servers' deletion protection. */
  readonly deleteLock: ManagementLock;
  readonly dnsZone: PrivateDnsZone;
  readonly writers: readonly PostgresqlFlexibleServer[];
  readonly replicas: readonly PostgresqlFlexibleServer[];
  readonly configurations: readonly PostgresqlFlexibleServerConfiguration[];
  readonly endpoints: readonly AzureDatabaseEndpoints[];

  constructor(scope: Construct, id: string, props: AzureDatabasesProps) {
    super(scope, id);
    const p = withDefaults(AZURE_DATABASES_DEFAULTS, props);
    if (!p.privateDnsZone.endsWith('.postgres.database.azure.com')) throw new PlanInvariantError('databases', `PostgreSQL private DNS zone ${p.privateDnsZone} must end with .postgres.database.azure.com`);
    const common = { location: p.location, tags: { ...p.tags } };

    this.resourceGroup = new ResourceGroup(this, 'rg', { name: `${p.namePrefix}-databases`, ...common });
    const rg = this.resourceGroup.name;
    this.deleteLock = new ManagementLock(this, 'delete-lock', {
      name: `${p.namePrefix}-databases-no-delete`,
      scope: this.resourceGroup.id,
      lockLevel: 'CanNotDelete',
      notes: 'Deletion protection of the PostgreSQL flexible servers: remove this lock on purpose before deleting a server',
    });
    const client = new DataAzurermClientConfig(this, 'client', {});
    this.dnsZone = new PrivateDnsZone(this, 'dns-zone', { name: p.privateDnsZone, resourceGroupName: rg, tags: { ...p.tags } });
    const dnsLink = new PrivateDnsZoneVirtualNetworkLink(this, 'dns-link', {
      name: `${p.namePrefix}-postgres`,
      resourceGroupName: rg,
      privateDnsZoneName: this.dnsZone.name,
      virtualNetworkId: p.vnetId,
      registrationEnabled: false,
      tags: { ...p.tags },
    });
    const authentication = { activeDirectoryAuthEnabled: true, passwordAuthEnabled: p.replicationLogin !== undefined, tenantId: client.tenantId };

    const writers: PostgresqlFlexibleServer[] = [];
    const replicas: PostgresqlFlexibleServer[] = [];
    const configurations: PostgresqlFlexibleServerConfiguration[] = [];
    const endpoints: AzureDatabaseEndpoints[] = [];
    const configure = (server: PostgresqlFlexibleServer, serverId: string, database: DatabasePlan) => {
      configurations.push(
        new PostgresqlFlexibleServerConfiguration(this, `config-${serverId}-log_min_duration_statement`, { serverId: server.id, name: 'log_min_duration_statement', value: String(database.slowQueryMs) }),
        new PostgresqlFlexibleServerConfiguration(this, `config-${serverId}-require_secure_transport`, { serverId: server.id, name: 'require_secure_transport', value: 'on' }),
      );
    };

    for (const { instance, database } of p.instances) {
      const name = `${p.namePrefix}-${instance.name}`;
      const replicaName = (k: number) => `${name}-${k}`;
      const { azurePostgresReadReplicas: replicaLimit, azurePostgresBackupRetentionDays: retention, azurePostgresServerNameLength: nameLength } = p.limits;
      const longest = replicaName(instance.readers);
      if (!/^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(longest) || longest.length < nameLength.min || longest.length > nameLength.max) {
        throw new PlanInvariantError('databases', `PostgreSQL flexible server ${name}: names are ${nameLength.min}-${nameLength.max} lower-case letters, digits and hyphens`);
      }
      if (instance.port !== FLEXIBLE_SERVER_PORT) throw new PlanInvariantError('databases', `PostgreSQL flexible server ${name}: the plan's port ${instance.port} is not the server's ${FLEXIBLE_SERVER_PORT}`);
      if (instance.writers !== 1) throw new PlanInvariantError('databases', `PostgreSQL flexible server ${name}: one writer per server, the plan has ${instance.writers}`);
      if (instance.zones.length < 2) throw new PlanInvariantError('databases', `PostgreSQL flexible server ${name}: zone-redundant HA needs two zones, the plan has ${instance.zones.length}`);
      if (instance.readers > replicaLimit.max) throw new PlanInvariantError('databases', `PostgreSQL flexible server ${name}: ${instance.readers} read replicas, Azure allows ${replicaLimit.max}`);
      if (database.backupRetentionDays < retention.min || database.backupRetentionDays > retention.max) {
        throw new PlanInvariantError('databases', `PostgreSQL flexible server ${name}: backup retention ${database.backupRetentionDays} days is outside ${retention.min}-${retention.max}`);
      }
      const disk = instance.disk;
      if (!disk || disk.unit !== 'MiB') throw new PlanInvariantError('databases', `PostgreSQL flexible server ${name}: the plan has no disk in MiB`);
      const tags = { ...p.tags, ...instance.tags };
      const server = {
        resourceGroupName: rg,
        location: p.location,
        version: p.postgresVersion,
        skuName: flexibleServerSku(instance.instanceClass),
        storageMb: disk.size,
        autoGrowEnabled: true,
        delegatedSubnetId: p.delegatedSubnetId,
        privateDnsZoneId: this.dnsZone.id,
        publicNetworkAccessEnabled: false,
        authentication,
        // After the lock: on destroy the servers go first, and the lock refuses it.
        dependsOn: [dnsLink, this.deleteLock],
      };

      const writer = new PostgresqlFlexibleServer(this, `server-${instance.name}`, {
        ...server,
        name,
        zone: instance.zones[0],
        highAvailability: { mode: 'ZoneRedundant', standbyAvailabilityZone: instance.zones[1] },
        ...(p.replicationLogin ? { administratorLogin: p.replicationLogin.login, administratorPassword: p.replicationLogin.password } : {}),
        backupRetentionDays: database.backupRetentionDays,
        geoRedundantBackupEnabled: p.geoRedundantBackup,
        tags: { ...tags, role: 'writer' },
        // After a failover the standby's zone becomes the primary's: do not fail back on the next apply.
        lifecycle: { ignoreChanges: ['zone', 'high_availability[0].standby_availability_zone'] },
      });
      writers.push(writer);
      configure(writer, instance.name, database);

      // Member 0 is the writer; the readers follow. Members go round the planned zones in order.
      const readers: PostgresqlFlexibleServer[] = [];
      for (let k = 1; k <= instance.readers; k++) {
        const replica = new PostgresqlFlexibleServer(this, `replica-${instance.name}-${k}`, {
          ...server,
          name: replicaName(k),
          createMode: 'Replica',
          sourceServerId: writer.id,
          zone: instance.zones[k % instance.zones.length],
          tags: { ...tags, role: 'reader' },
        });
        readers.push(replica);
        configure(replica, `${instance.name}-${k}`, database);
      }
      replicas.push(...readers);
      endpoints.push({ name, host: instance.host, readerHost: instance.readerHost, writerFqdn: writer.fqdn, readerFqdn: (readers[0] ?? writer).fqdn });
    }
    this.writers = writers;
    this.replicas = replicas;
    this.configurations = configurations;
    this.endpoints = endpoints;
  }
}
