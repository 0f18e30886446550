import { flexibleServerSku, POSTGRES_SUBNET_DELEGATION, PRIVATE_DNS_ZONE } from '../../../constructs/azure/database';
import { AZURE_POSTGRES_MAX_STORAGE_MIB as MAX_STORAGE_MB } from '../../../synth/catalog';
import { planDisk } from '../../../synth/plan/disks';

const flexibleServerStorage = (bytes: number) => {
  const d = planDisk('azure', bytes, {}).disk!;
  return { storageMb: d.size, capped: d.capped };
};
import type { DatabaseInstancePlan } from '../../../synth/model/index';
import { passwordValues, refTo, referencePlan, regionStack, regionsOf, resources, withoutSensitiveVariables } from '../terraform/fixture';

const plan = referencePlan();
const regions = regionsOf('azure').filter((r) => r.databases.length > 0);
const instances = regions.flatMap((r) => r.databases.map((d) => [r.id, d.name, r, d] as const));

const prefixOf = (regionId: string) => `${plan.name}-${regionId}`;
const databaseOf = (d: DatabaseInstancePlan) => plan.databases.find((x) => x.id === d.database)!;
const serverRef = (stack: any, name: string, attr: string) => refTo(stack, 'azurerm_postgresql_flexible_server', (x) => x.name === name, attr);


test('GIVEN the reference plan THEN it has Azure regions with standby databases to test', () => {
  expect(regions.length).toBeGreaterThan(0);
  for (const r of regions) expect(r.databases.every((d) => d.role === 'standby')).toBe(true);
});

describe.each(regions.map((r) => [r.id, r] as const))('PostgreSQL flexible servers of %s', (_id, region) => {
  // GIVEN the synthesized stack of an Azure region with standby databases
  const stack = regionStack(region);
  const servers = resources(stack, 'azurerm_postgresql_flexible_server');
  const writers = servers.filter((s) => s.create_mode === undefined);
  const vnet = refTo(stack, 'azurerm_virtual_network', () => true, 'id');
  const dataSubnets = region.subnets.filter((s) => s.kind === 'data');

  test('one zone-redundant writer per planned shard', () => {
    // THEN one writer per planned database instance entry, named after it
    expect(writers.map((w) => w.name).sort()).toEqual(region.databases.map((d) => `${prefixOf(region.id)}-${d.name}`).sort());
    for (const d of region.databases) {
      const w = writers.find((x) => x.name === `${prefixOf(region.id)}-${d.name}`);
      // AND HA across two planned zones, PostgreSQL 16, the catalog's VM size with its tier prefix
      expect(w).toEqual(expect.objectContaining({ version: '16', location: region.location, zone: d.zones[0], sku_name: flexibleServerSku(d.instanceClass) }));
      expect(w.high_availability).toEqual({ mode: 'ZoneRedundant', standby_availability_zone: d.zones[1] });
    }
  });

  test('no public access: VNet integration in the first data subnet, delegated to flexible servers only', () => {
    const [delegated, ...others] = dataSubnets;
    const subnet = resources(stack, 'azurerm_subnet').find((s) => s.name === delegated.name);
    // THEN the first data subnet is delegated (it holds nothing else), the others are not
    expect(subnet.delegation).toEqual([expect.objectContaining({ service_delegation: { name: POSTGRES_SUBNET_DELEGATION.service, actions: [...POSTGRES_SUBNET_DELEGATION.actions] } })]);
    for (const o of others) expect(resources(stack, 'azurerm_subnet').find((s) => s.name === o.name).delegation).toBeUndefined();
    // AND every server lives there, without public access, named in the linked privatelink zone
    const zone = refTo(stack, 'azurerm_private_dns_zone', (z) => z.name === PRIVATE_DNS_ZONE, 'id');
    const zoneName = refTo(stack, 'azurerm_private_dns_zone', (z) => z.name === PRIVATE_DNS_ZONE, 'name');
    expect(resources(stack, 'azurerm_private_dns_zone_virtual_network_link').filter((l) => l.private_dns_zone_name === zoneName)).toEqual([
      expect.objectContaining({ virtual_network_id: vnet, registration_enabled: false }),
    ]);
    for (const s of servers) {
      expect(s).toEqual(
        expect.objectContaining({ delegated_subnet_id: refTo(stack, 'azurerm_subnet', (x) => x.name === delegated.name, 'id'), private_dns_zone_id: zone, public_network_access_enabled: false }),
      );
    }
  });

  test('Microsoft Entra ID authentication; password authentication only for the replication feeds\' login, whose password is generated in state', () => {
    const fed = plan.replication.some((r) => r.failover === region.id);
    for (const s of servers) {
      expect(s.authentication).toEqual(expect.objectContaining({ active_directory_auth_enabled: true, password_auth_enabled: fed }));
      if (!fed) expect(s.administrator_login).toBeUndefined();
      if (fed && s.high_availability) expect([s.administrator_login, s.administrator_password]).toEqual([plan.replication.find((r) => r.failover === region.id)!.targetUser, '${random_password.replication-password.result}']);
    }
    expect(passwordValues(withoutSensitiveVariables(stack))).toEqual([]);
  });

  test('deletion protection: a CanNotDelete lock on the databases resource group, created before every server', () => {
    const servers_ = resources(stack, 'azurerm_postgresql_flexible_server');
    const locks = Object.entries(stack.resource.azurerm_management_lock ?? {}) as [string, any][];
    // THEN one lock forbids deleting anything in the servers' resource group
    expect(locks).toHaveLength(1);
    const [lockName, lock] = locks[0];
    const groups = new Set(servers_.map((s) => s.resource_group_name));
    expect(groups.size).toBe(1);
    const group = /^\$\{azurerm_resource_group\.([^.]+)\.name\}$/.exec([...groups][0])![1];
    expect(lock).toEqual(expect.objectContaining({ scope: `\${azurerm_resource_group.${group}.id}`, lock_level: 'CanNotDelete' }));
    // AND every server depends on it (so a destroy reaches the servers first and is refused)
    for (const s of servers_) expect(s.depends_on).toContain(`azurerm_management_lock.${lockName}`);
  });

  test('TLS required on every server', () => {
    const configs = resources(stack, 'azurerm_postgresql_flexible_server_configuration');
    for (const s of servers) {
      expect(configs).toContainEqual({ server_id: serverRef(stack, s.name, 'id'), name: 'require_secure_transport', value: 'on' });
    }
  });
});

describe.each(instances)('PostgreSQL flexible server %s/%s', (_r, _d, region, d) => {
  // GIVEN one planned standby database instance entry and its database
  const stack = regionStack(region);
  const database = databaseOf(d);
  const name = `${prefixOf(region.id)}-${d.name}`;
  const servers = resources(stack, 'azurerm_postgresql_flexible_server');
  const writer = servers.find((s) => s.name === name);
  const readers = servers.filter((s) => s.source_server_id === serverRef(stack, name, 'id')).sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  const configs = resources(stack, 'azurerm_postgresql_flexible_server_configuration');

  test('readers = the plan: read replicas going round the planned zones after the writer', () => {
    expect(readers).toHaveLength(d.readers);
    expect(readers.map((r) => r.zone)).toEqual(Array.from({ length: d.readers }, (_, i) => d.zones[(i + 1) % d.zones.length]));
    for (const r of readers) expect(r).toEqual(expect.objectContaining({ create_mode: 'Replica', sku_name: writer.sku_name, storage_mb: writer.storage_mb }));
  });

  test('slow-query log threshold = the plan, on the writer and every replica', () => {
    for (const s of [writer, ...readers]) {
      expect(configs).toContainEqual({ server_id: serverRef(stack, s.name, 'id'), name: 'log_min_duration_statement', value: String(database.slowQueryMs) });
    }
  });

  test('backups: the plan’s retention, geo-redundant', () => {
    expect(writer).toEqual(expect.objectContaining({ backup_retention_days: database.backupRetentionDays, geo_redundant_backup_enabled: true }));
  });

  test('storage: the plan’s size on the next Premium SSD step, capped at 32 TiB and tagged when capped', () => {
    const plannedMb = Math.ceil(d.storageBytes / 2 ** 20);
    const capped = plannedMb > MAX_STORAGE_MB;
    for (const s of [writer, ...readers]) {
      expect(s.storage_mb).toBe(capped ? MAX_STORAGE_MB : flexibleServerStorage(d.storageBytes).storageMb);
      expect(s.storage_mb).toBeGreaterThanOrEqual(Math.min(plannedMb, MAX_STORAGE_MB));
      expect(s.tags['storage-capped']).toBe(capped ? 'true' : undefined);
      expect(s.tags['storage-planned-gb']).toBe(capped ? String(Math.ceil(d.storageBytes / 1e9)) : undefined);
    }
  });

  test('tags: the plan tags and the member role', () => {
    expect(writer.tags).toEqual(expect.objectContaining({ ...d.tags, role: 'writer' }));
    for (const r of readers) expect(r.tags).toEqual(expect.objectContaining({ ...d.tags, role: 'reader' }));
  });
});

describe('flexible server SKU and storage mapping', () => {
  test.each([
    { instanceClass: 'Standard_E16ds_v5', sku: 'MO_Standard_E16ds_v5' },
    { instanceClass: 'Standard_D4s_v3', sku: 'GP_Standard_D4s_v3' },
    { instanceClass: 'Standard_B1ms', sku: 'B_Standard_B1ms' },
  ])('$instanceClass -> $sku', ({ instanceClass, sku }) => {
    // GIVEN a VM size WHEN mapped THEN the tier prefix of its series is added
    expect(flexibleServerSku(instanceClass)).toBe(sku);
  });

  test('an instance class of another series is refused', () => {
    expect(() => flexibleServerSku('db.r6g.large')).toThrow(/no tier/);
  });

  test.each([
    { bytes: 1, storageMb: 32768, capped: false },
    { bytes: 32768 * 2 ** 20, storageMb: 32768, capped: false },
    { bytes: 32768 * 2 ** 20 + 1, storageMb: 65536, capped: false },
    { bytes: 10e12, storageMb: 16777216, capped: false },
    { bytes: MAX_STORAGE_MB * 2 ** 20, storageMb: MAX_STORAGE_MB, capped: false },
    { bytes: MAX_STORAGE_MB * 2 ** 20 + 1, storageMb: MAX_STORAGE_MB, capped: true },
  ])('$bytes bytes -> $storageMb MiB (capped: $capped)', ({ bytes, storageMb, capped }) => {
    // GIVEN a planned size WHEN mapped THEN the smallest step holding it, or the largest step, capped
    expect(flexibleServerStorage(bytes)).toEqual(expect.objectContaining({ storageMb, capped }));
  });
});
