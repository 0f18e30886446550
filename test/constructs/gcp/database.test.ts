import { gcpLabels, IAM_AUTHENTICATION_FLAG } from '../../../constructs/gcp/database';
import { CLOUD_SQL_MAX_DISK_GB } from '../../../synth/catalog';
import { ENCRYPTER_DECRYPTER_ROLE, SERVICE_AGENT_DOMAINS } from '../../../constructs/gcp/kms';
import type { DatabaseInstancePlan } from '../../../synth/model/index';
import { passwordValues, refTo, referencePlan, regionStack, regionsOf, resources } from '../terraform/fixture';

const plan = referencePlan();
const regions = regionsOf('gcp').filter((r) => r.databases.length > 0);
const instances = regions.flatMap((r) => r.databases.map((d) => [r.id, d.name, r, d] as const));

const prefixOf = (regionId: string) => `${plan.name}-${regionId}`;
const databaseOf = (d: DatabaseInstancePlan) => plan.databases.find((x) => x.id === d.database)!;
const writerOf = (stack: any, regionId: string, d: DatabaseInstancePlan) =>
  resources(stack, 'google_sql_database_instance').find((x) => x.name === `${prefixOf(regionId)}-${d.name}`);
const readersOf = (stack: any, regionId: string, d: DatabaseInstancePlan) => {
  const writer = refTo(stack, 'google_sql_database_instance', (x) => x.name === `${prefixOf(regionId)}-${d.name}`, 'name');
  return resources(stack, 'google_sql_database_instance')
    .filter((x) => x.master_instance_name === writer)
    .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
};


test('GIVEN the reference plan THEN it has GCP regions with standby databases to test', () => {
  expect(regions.length).toBeGreaterThan(0);
  for (const r of regions) expect(r.databases.every((d) => d.role === 'standby')).toBe(true);
});

describe.each(regions.map((r) => [r.id, r] as const))('Cloud SQL of %s', (_id, region) => {
  // GIVEN the synthesized stack of a GCP region with standby databases
  const stack = regionStack(region);
  const all = resources(stack, 'google_sql_database_instance');
  const writers = all.filter((x) => x.master_instance_name === undefined);
  const network = refTo(stack, 'google_compute_network', () => true, 'id');

  test('one highly available writer per planned shard, tier and zones from the plan', () => {
    // THEN one writer per planned database instance entry, named after it
    expect(writers.map((w) => w.name).sort()).toEqual(region.databases.map((d) => `${prefixOf(region.id)}-${d.name}`).sort());
    for (const d of region.databases) {
      const w = writerOf(stack, region.id, d);
      // AND it is regional (a standby in a second planned zone), PostgreSQL 16, Enterprise edition for the db-custom tier
      expect(w).toEqual(expect.objectContaining({ database_version: 'POSTGRES_16', region: region.location }));
      expect(w.settings).toEqual(
        expect.objectContaining({ tier: d.instanceClass, edition: 'ENTERPRISE', availability_type: 'REGIONAL', location_preference: { zone: d.zones[0], secondary_zone: d.zones[1] } }),
      );
    }
  });

  test('every instance: private IP only through Private Service Access, TLS required, deletion protection', () => {
    const range = refTo(stack, 'google_compute_global_address', (a) => a.purpose === 'VPC_PEERING', 'name');
    const connection = `google_service_networking_connection.${Object.keys(stack.resource.google_service_networking_connection)[0]}`;
    // THEN the range is a VPC peering range of the region network, peered with service networking
    expect(resources(stack, 'google_compute_global_address').filter((a) => a.purpose === 'VPC_PEERING')).toEqual([expect.objectContaining({ purpose: 'VPC_PEERING', address_type: 'INTERNAL', network })]);
    expect(resources(stack, 'google_service_networking_connection')).toEqual([
      expect.objectContaining({ network, service: 'servicenetworking.googleapis.com', reserved_peering_ranges: [range] }),
    ]);
    for (const i of all) {
      // AND no public IPv4, private network + allocated range, encrypted connections only
      expect(i.settings.ip_configuration).toEqual({ ipv4_enabled: false, private_network: network, allocated_ip_range: range, ssl_mode: 'ENCRYPTED_ONLY' });
      expect(i.settings.ip_configuration.authorized_networks).toBeUndefined();
      expect(i.depends_on).toContain(connection);
      expect(i.deletion_protection).toBe(true);
      expect(i.settings.deletion_protection_enabled).toBe(true);
    }
  });

  test('encrypted with the region’s Cloud KMS key, granted to the Cloud SQL service agent first', () => {
    const key = refTo(stack, 'google_kms_crypto_key', (k) => k.name === 'cloud-sql', 'id');
    const grants = Object.entries(stack.resource.google_kms_crypto_key_iam_member as Record<string, any>).filter(([, g]) => g.crypto_key_id === key);
    // THEN one grant: encrypter/decrypter for the Cloud SQL agent of the project
    // (every resource of a GCP stack also waits for the project's APIs: test/constructs/gcp/project.test.ts)
    expect(grants.map(([, { depends_on: _apis, ...g }]) => g)).toEqual([
      { crypto_key_id: key, role: ENCRYPTER_DECRYPTER_ROLE, member: expect.stringMatching(new RegExp(`^serviceAccount:service-\\$\\{data\\.google_project\\.[^}]+\\.number\\}@${SERVICE_AGENT_DOMAINS['cloud-sql'].replace(/\./g, '\\.')}$`)) },
    ]);
    // AND the key ring sits in the region (CMEK keys must be local to the instances)
    expect(resources(stack, 'google_kms_key_ring')).toEqual([expect.objectContaining({ location: region.location })]);
    for (const i of all) {
      expect(i.encryption_key_name).toBe(key);
      expect(i.depends_on).toContain(`google_kms_crypto_key_iam_member.${grants[0][0]}`);
    }
  });

  test('no password in the output: no root password, IAM service-account SQL users and the role step\'s administrator with a generated password, IAM authentication on', () => {
    expect(passwordValues(stack)).toEqual([]);
    const admin = plan.databaseRoles.find((r) => r.region === region.id)?.admin.user;
    for (const { depends_on: _apis, ...u } of resources(stack, 'google_sql_user')) {
      if (u.type === 'BUILT_IN') expect(u).toEqual({ instance: expect.any(String), name: admin, type: 'BUILT_IN', password: expect.stringMatching(/^\$\{random_password\.[^.]+\.result\}$/) });
      else expect(u).toEqual({ instance: expect.any(String), name: expect.stringMatching(/@.*\.iam$/), type: 'CLOUD_IAM_SERVICE_ACCOUNT' });
    }
    for (const i of all) expect(i.settings.database_flags).toContainEqual({ name: IAM_AUTHENTICATION_FLAG, value: 'on' });
  });
});

describe.each(instances)('Cloud SQL %s/%s', (_r, _d, region, d) => {
  // GIVEN one planned standby database instance entry and its database
  const stack = regionStack(region);
  const database = databaseOf(d);
  const writer = writerOf(stack, region.id, d);
  const readers = readersOf(stack, region.id, d);

  test('readers = the plan, going round the planned zones after the writer', () => {
    // THEN as many read replicas as planned, each in zone (k mod zones) for member k = 1..readers
    expect(readers).toHaveLength(d.readers);
    expect(readers.map((r) => r.settings.location_preference.zone)).toEqual(Array.from({ length: d.readers }, (_, i) => d.zones[(i + 1) % d.zones.length]));
    for (const r of readers) expect(r.settings).toEqual(expect.objectContaining({ tier: d.instanceClass, availability_type: 'ZONAL' }));
  });

  test('slow-query log threshold = the plan, on the writer and every replica', () => {
    for (const i of [writer, ...readers]) {
      expect(i.settings.database_flags).toContainEqual({ name: 'log_min_duration_statement', value: String(database.slowQueryMs) });
    }
  });

  test('backups with point-in-time recovery, retention = the plan', () => {
    expect(writer.settings.backup_configuration).toEqual(
      expect.objectContaining({ enabled: true, point_in_time_recovery_enabled: true, backup_retention_settings: { retained_backups: database.backupRetentionDays, retention_unit: 'COUNT' } }),
    );
  });

  test('storage = the plan, capped at the Cloud SQL maximum and labelled when capped', () => {
    const plannedGb = Math.ceil(d.storageBytes / 1e9);
    const capped = plannedGb > CLOUD_SQL_MAX_DISK_GB;
    for (const i of [writer, ...readers]) {
      expect(i.settings.disk_size).toBe(Math.min(plannedGb, CLOUD_SQL_MAX_DISK_GB));
      expect(i.settings.user_labels['storage-capped']).toBe(capped ? 'true' : undefined);
      expect(i.settings.user_labels['storage-planned-gb']).toBe(capped ? String(plannedGb) : undefined);
    }
  });

  test('user labels: the plan tags formatted to GCP label rules, and the member role', () => {
    for (const [i, role] of [[writer, 'writer'], ...readers.map((r) => [r, 'reader'])] as const) {
      expect(i.settings.user_labels).toEqual(expect.objectContaining({ ...gcpLabels(d.tags), role }));
      for (const [k, v] of Object.entries(i.settings.user_labels as Record<string, string>)) {
        expect(k).toMatch(/^[a-z][a-z0-9_-]{0,62}$/);
        expect(v).toMatch(/^[a-z0-9_-]{0,63}$/);
      }
    }
  });
});

describe.each(regionsOf('gcp').map((r) => [r.id, r] as const))('GKE secrets encryption of %s', (_id, region) => {
  // GIVEN a GCP region stack
  const stack = regionStack(region);
  const [cluster] = resources(stack, 'google_container_cluster');

  test('Kubernetes secrets are encrypted with a Cloud KMS key granted to the GKE service agent first', () => {
    const key = refTo(stack, 'google_kms_crypto_key', (k) => k.name === 'gke-secrets', 'id');
    const [grantName, grant] = Object.entries(stack.resource.google_kms_crypto_key_iam_member as Record<string, any>).find(([, g]) => g.crypto_key_id === key)!;
    // THEN the cluster's database encryption uses the key
    expect(cluster.database_encryption).toEqual({ state: 'ENCRYPTED', key_name: key });
    // AND the GKE agent holds encrypter/decrypter on it before the cluster is created
    expect(grant).toEqual(expect.objectContaining({ role: ENCRYPTER_DECRYPTER_ROLE, member: expect.stringContaining(`@${SERVICE_AGENT_DOMAINS.gke}`) }));
    expect(cluster.depends_on).toContain(`google_kms_crypto_key_iam_member.${grantName}`);
  });
});

describe('gcpLabels', () => {
  test.each<{ tags: Record<string, string>; labels: Record<string, string> }>([
    { tags: { 'data-class': 'trades.balances' }, labels: { 'data-class': 'trades_balances' } },
    { tags: { Team: 'Core Platform' }, labels: { team: 'core_platform' } },
    { tags: { region: 'us-central-gcp' }, labels: { region: 'us-central-gcp' } },
    { tags: { long: 'x'.repeat(70) }, labels: { long: 'x'.repeat(63) } },
    { tags: { empty: '' }, labels: { empty: '' } },
  ])('formats $tags', ({ tags, labels }) => {
    // GIVEN tags WHEN formatted THEN lower case, [a-z0-9_-], at most 63 characters
    expect(gcpLabels(tags)).toEqual(labels);
  });

  test.each<{ tags: Record<string, string>; error: RegExp }>([
    { tags: { '1st': 'x' }, error: /must start with a lower-case letter/ },
    { tags: { 'a.b': 'x', a_b: 'y' }, error: /two tags become the key a_b/ },
  ])('refuses $tags', ({ tags, error }) => {
    // GIVEN tags that cannot become labels by formatting WHEN formatted THEN an error names the key
    expect(() => gcpLabels(tags)).toThrow(error);
  });
});
