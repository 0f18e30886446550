/**
 * Cloud SQL for PostgreSQL instances of a GCP region, one per planned database instance entry (one
 * per shard, the standbys of a failover region): the writer highly available across two of the
 * planned zones (`availability_type = REGIONAL`), plus the planned number of read replicas
 * (`master_instance_name`) going round the planned zones in order, as the Aurora members do.
 *
 * Every instance: private IP only, through Private Service Access on the region's network
 * (`ipv4_enabled = false`), TLS required (`ENCRYPTED_ONLY`), storage encrypted with the region's
 * Cloud KMS key (CMEK), deletion protection (Terraform and API), IAM database authentication
 * (`cloudsql.iam_authentication`), `log_min_duration_statement` = the plan's slow-query threshold,
 * and the plan's tags as user labels (formatted to GCP's label rules). No password is set anywhere:
 * no root password, no password user (the workloads' IAM users: gcp/workload-identity.ts). The writer keeps daily backups for the plan's retention
 * with point-in-time recovery.
 *
 * Storage: the plan's disk (`instance.disk`: size and auto-resize limit in GB, decided by the planner from
 * the catalog's Cloud SQL limit).
 */
import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { SqlDatabaseInstance, type SqlDatabaseInstanceSettings } from '@cdktf/provider-google/lib/sql-database-instance';
import type { DatabaseInstancePlan, DatabasePlan } from '../../synth/model/index';
import { withDefaults } from '../terraform/util';
import { PlanInvariantError } from '../../synth/util/errors';

export interface GcpDatabaseSpec {
  readonly instance: DatabaseInstancePlan;
  readonly database: DatabasePlan;
}

export interface GcpDatabasesProps {
  /** Prefix of the instance names (Cloud SQL names are unique per project, across regions). */
  readonly namePrefix: string;
  /** GCP region. */
  readonly location: string;
  /** VPC network the instances get their private IPs in. */
  readonly networkId: string;
  /** Name of the Private Service Access range the instances take their addresses from. */
  readonly allocatedIpRange: string;
  readonly instances: readonly GcpDatabaseSpec[];
  /** Cloud KMS key (CMEK) of the instances' storage and backups. */
  readonly kmsKeyId: string;
  /** What must exist first: the Private Service Access connection and the key grant of the Cloud SQL service agent. */
  readonly dependsOn: readonly ITerraformDependable[];
  /**
   * Cloud SQL database version.
   * @default POSTGRES_VERSION ('POSTGRES_16')
   */
  readonly databaseVersion?: string;
  /**
   * Cloud SQL edition. ENTERPRISE runs the `db-custom-*` tiers the catalog names (Enterprise Plus,
   * the default for new PostgreSQL 16 instances in the console, does not).
   * @default EDITION ('ENTERPRISE')
   */
  readonly edition?: string;
  /**
   * Disk type.
   * @default DISK_TYPE ('PD_SSD')
   */
  readonly diskType?: string;
  /**
   * Days of write-ahead log kept for point-in-time recovery (at most the backup retention).
   * @default TRANSACTION_LOG_RETENTION_DAYS (7, the Enterprise edition maximum)
   */
  readonly transactionLogRetentionDays?: number;
}

export const POSTGRES_VERSION = 'POSTGRES_16';
export const EDITION = 'ENTERPRISE';
export const DISK_TYPE = 'PD_SSD';
export const TRANSACTION_LOG_RETENTION_DAYS = 7;
/** The port Cloud SQL for PostgreSQL serves on; it cannot be changed. */
export const CLOUD_SQL_POSTGRES_PORT = 5432;
/** Flag turning on IAM database authentication. */
export const IAM_AUTHENTICATION_FLAG = 'cloudsql.iam_authentication';

const GCP_DATABASES_DEFAULTS = {
  databaseVersion: POSTGRES_VERSION,
  edition: EDITION,
  diskType: DISK_TYPE,
  transactionLogRetentionDays: TRANSACTION_LOG_RETENTION_DAYS,
};

const GCP_LABEL_MAX = 63;

/** One value formatted to GCP's label alphabet: lower case, `[a-z0-9_-]`, at most 63 characters. */
function labelText(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9_-]/g, '_').slice(0, GCP_LABEL_MAX);
}

/**
 * Tags as GCP labels, formatted only (lower case, other characters to `_`, cut at 63). Throws when a
 * key does not start with a letter or two keys collide once formatted.
 */
export function gcpLabels(tags: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) {
    const key = labelText(k);
    if (!/^[a-z]/.test(key)) throw new PlanInvariantError('databases', `GCP label key ${k} -> ${key} must start with a lower-case letter`);
    if (Object.prototype.hasOwnProperty.call(out, key)) throw new PlanInvariantError('databases', `GCP labels: two tags become the key ${key}`);
    out[key] = labelText(v);
  }
  return out;
}

export interface GcpDatabaseEndpoints {
  readonly name: string;
  /** Stable private DNS names from the plan. */
  readonly host: string;
  readonly readerHost: string;
  /** Private IP of the writer, and of the read replicas (the writer's when there are none). */
  readonly writerIp: string;
  readonly readerIps: readonly string[];
}

export class GcpDatabases extends Construct {
  readonly writers: readonly SqlDatabaseInstance[];
  readonly replicas: readonly SqlDatabaseInstance[];
  readonly endpoints: readonly GcpDatabaseEndpoints[];

  constructor(scope: Construct, id: string, props: GcpDatabasesProps) {
    super(scope, id);
    const p = withDefaults(GCP_DATABASES_DEFAULTS, props);

    const writers: SqlDatabaseInstance[] = [];
    const replicas: SqlDatabaseInstance[] = [];
    const endpoints: GcpDatabaseEndpoints[] = [];
    for (const { instance, database } of p.instances) {
      if (instance.port !== CLOUD_SQL_POSTGRES_PORT) {
        throw new PlanInvariantError('databases', `Cloud SQL ${instance.name}: the plan's port ${instance.port} is not Cloud SQL's ${CLOUD_SQL_POSTGRES_PORT}`);
      }
      if (instance.writers !== 1) throw new PlanInvariantError('databases', `Cloud SQL ${instance.name}: one writer per instance, the plan has ${instance.writers}`);
      if (instance.zones.length === 0) throw new PlanInvariantError('databases', `Cloud SQL ${instance.name}: no zone`);
      const name = `${p.namePrefix}-${instance.name}`;
      const disk = instance.disk;
      if (!disk || disk.unit !== 'GB') throw new PlanInvariantError('databases', `Cloud SQL ${instance.name}: the plan has no disk in GB`);
      const labels = gcpLabels(instance.tags);

      const common = (role: 'writer' | 'reader'): Omit<SqlDatabaseInstanceSettings, 'availabilityType' | 'locationPreference'> => ({
        tier: instance.instanceClass,
        edition: p.edition,
        ipConfiguration: { ipv4Enabled: false, privateNetwork: p.networkId, allocatedIpRange: p.allocatedIpRange, sslMode: 'ENCRYPTED_ONLY' },
        databaseFlags: [
          { name: 'log_min_duration_statement', value: String(database.slowQueryMs) },
          { name: IAM_AUTHENTICATION_FLAG, value: 'on' },
        ],
        diskType: p.diskType,
        diskSize: disk.size,
        diskAutoresize: true,
        diskAutoresizeLimit: disk.limit,
        deletionProtectionEnabled: true,
        insightsConfig: { queryInsightsEnabled: true },
        userLabels: { ...labels, role },
      });

      const writer = new SqlDatabaseInstance(this, `instance-${instance.name}`, {
        name,
        region: p.location,
        databaseVersion: p.databaseVersion,
        encryptionKeyName: p.kmsKeyId,
        deletionProtection: true,
        settings: {
          ...common('writer'),
          // HA: a standby in a second zone with synchronous storage replication.
          availabilityType: 'REGIONAL',
          locationPreference: { zone: instance.zones[0], secondaryZone: instance.zones[1] },
          backupConfiguration: {
            enabled: true,
            pointInTimeRecoveryEnabled: true,
            transactionLogRetentionDays: Math.min(p.transactionLogRetentionDays, database.backupRetentionDays),
            // One backup a day: the plan's retention in days is a count of backups.
            backupRetentionSettings: { retainedBackups: database.backupRetentionDays, retentionUnit: 'COUNT' },
          },
        },
        dependsOn: [...p.dependsOn],
      });
      writers.push(writer);

      // Member 0 is the writer; the readers follow. Members go round the planned zones in order.
      const readers: SqlDatabaseInstance[] = [];
      for (let k = 1; k <= instance.readers; k++) {
        readers.push(
          new SqlDatabaseInstance(this, `replica-${instance.name}-${k}`, {
            name: `${name}-${k}`,
            region: p.location,
            databaseVersion: p.databaseVersion,
            masterInstanceName: writer.name,
            encryptionKeyName: p.kmsKeyId,
            deletionProtection: true,
            settings: { ...common('reader'), availabilityType: 'ZONAL', locationPreference: { zone: instance.zones[k % instance.zones.length] } },
            dependsOn: [...p.dependsOn],
          }),
        );
      }
      replicas.push(...readers);
      endpoints.push({
        name,
        host: instance.host,
        readerHost: instance.readerHost,
        writerIp: writer.privateIpAddress,
        readerIps: readers.length > 0 ? readers.map((r) => r.privateIpAddress) : [writer.privateIpAddress],
      });
    }
    this.writers = writers;
    this.replicas = replicas;
    this.endpoints = endpoints;
  }
}
