/**
 * The names the output derives from the spec (`name`, `environment` and the ids), computed from the raw spec
 * before planning so that `validate` can check each against its target's naming rule (rule `name-limit`).
 * The compositions follow the planner and the constructs (cluster `<name>-<region>`, Azure servers
 * `<name>-<region>-<database>[-shard-<n>]-<k>` ...); test/synth/output/names.test.ts and the fuzz run check
 * every name in the synthesized output against the same rules, so a composition that drifts fails there.
 * Also: where the planner places databases and caches (the holders), for the limit rules.
 */
import type { NameRuleId } from '../catalog/limits';
import type { RawSpec } from '../model/spec';
import { gkeNodeServiceAccount } from '../util/output-names';
import { parseDuration } from '../util/units';
import { restoreSiteName } from '../plan/restore';

type Cloud = 'aws' | 'gcp' | 'azure';
type Dict<T> = Readonly<Record<string, T>>;

export interface DerivedName {
  readonly rule: NameRuleId;
  readonly name: string;
  /** What the name is, for the message: "Azure PostgreSQL server of `users` in `eu-west-azure`". */
  readonly what: string;
  /** Spec path to blame (the shortest input that makes the name too long or malformed). */
  readonly at: readonly (string | number)[];
  readonly key?: boolean;
  readonly fix: string;
}

function entries<T>(x: Dict<T> | undefined | null): [string, T][] {
  return x && typeof x === 'object' && !Array.isArray(x) ? Object.entries(x) : [];
}
function list<T>(x: readonly T[] | undefined | null): T[] {
  return Array.isArray(x) ? [...x] : [];
}
function duration(x: unknown): number | undefined {
  try {
    return typeof x === 'string' || x === 0 ? parseDuration(x as string) : undefined;
  } catch {
    return undefined;
  }
}

export function primaries(spec: RawSpec): string[] {
  return entries(spec.regions).filter(([, r]) => r && typeof r === 'object' && !r.failoverFor).map(([id]) => id);
}
function failoverOf(spec: RawSpec): Map<string, string> {
  return new Map(entries(spec.regions).filter(([, r]) => r?.failoverFor).map(([id, r]) => [r.failoverFor!, id]));
}
export function cloudOf(spec: RawSpec, rid: string): Cloud | undefined {
  const c = spec.regions?.[rid]?.cloud;
  return c === 'aws' || c === 'gcp' || c === 'azure' ? c : undefined;
}
export function regionsOrPrimaries(spec: RawSpec, regions: unknown): string[] {
  const l = list(regions as string[]).filter((x) => typeof x === 'string');
  return l.length ? l : primaries(spec);
}

/**
 * Primary regions holding database `id`: `databases.<id>.regions`, else the regions of the services using it
 * (a database held where nothing uses it would only add a standby, a replication feed and copies of its data),
 * else, when no service uses it, every primary region. normalize.ts applies the same default.
 */
export function databaseRegions(spec: RawSpec, id: string): string[] {
  const db = spec.databases?.[id];
  const own = list(db?.regions as string[]).filter((x) => typeof x === 'string');
  if (own.length) return own;
  const prim = primaries(spec);
  const users = new Set(entries(spec.services).filter(([, s]) => list(s?.uses).includes(id)).flatMap(([, s]) => regionsOrPrimaries(spec, s?.regions)));
  return users.size ? prim.filter((r) => users.has(r)) : prim;
}

/** Regions holding database `id`: its primaries plus the failover regions of those (standbys), as the planner places them. */
export function databaseHolders(spec: RawSpec, id: string): { region: string; role: 'primary' | 'standby' }[] {
  const db = spec.databases?.[id];
  if (!db) return [];
  const classes = list(db.stores).map((d) => spec.data?.[d]).filter(Boolean);
  const strictest = [...classes].sort((a, b) => (duration(a.rpo) ?? 0) - (duration(b.rpo) ?? 0))[0];
  const fo = failoverOf(spec);
  const own = databaseRegions(spec, id);
  const standbys = strictest?.replication === 'backup' ? [] : own.map((r) => fo.get(r)).filter((x): x is string => !!x);
  return [...own.map((region) => ({ region, role: 'primary' as const })), ...standbys.map((region) => ({ region, role: 'standby' as const }))];
}

/** Regions holding cache `id`: the primaries of the services using it, plus their failover regions. */
export function cacheHolders(spec: RawSpec, id: string): string[] {
  const fo = failoverOf(spec);
  const prim = new Set(entries(spec.services).filter(([, s]) => list(s?.uses).includes(id)).flatMap(([, s]) => regionsOrPrimaries(spec, s?.regions)));
  return [...prim, ...[...prim].map((r) => fo.get(r)).filter((x): x is string => !!x)];
}

/** Every derived name worth checking; names of unknown shape (the schema failed) are skipped. */
/**
 * The IAM roles named after an EKS cluster (`<cluster>-<suffix>`): the cluster's and nodes' (cluster.ts), the Argo CD
 * capability's and its bootstrap function's (gitops.ts), the add-on controllers' (addons.ts).
 */
const AWS_CLUSTER_ROLES: readonly (readonly [string, string])[] = [
  ['cluster', 'the EKS cluster'],
  ['node', 'the EKS nodes'],
  ['argocd', 'the Argo CD capability'],
  ['gitops-bootstrap', 'the GitOps bootstrap function'],
  ['lb-controller', 'the AWS Load Balancer Controller'],
  ['cluster-autoscaler', 'the cluster autoscaler'],
  ['external-secrets', 'External Secrets'],
];

export function derivedNames(spec: RawSpec): DerivedName[] {
  // A name or environment of the wrong shape is the schema's error; composing names from it would repeat it.
  const shaped = (x: unknown) => (typeof x === 'string' && /^[a-z]([a-z0-9-]*[a-z0-9])?$/.test(x) ? x : undefined);
  const name = shaped(spec.name);
  const env = shaped(spec.environment);
  const out: DerivedName[] = [];
  const add = (n: DerivedName) => out.push(n);
  const shorter = 'shorten the name or the id';
  if (name !== undefined) add({ rule: 'k8sLabelValue', name, what: 'the platform name (a label on every object)', at: ['name'], fix: 'a shorter name' });
  if (env !== undefined) add({ rule: 'k8sLabelValue', name: env, what: 'the environment (a label on every object)', at: ['environment'], fix: 'e.g. production, staging' });
  if (name === undefined) return out;
  if (env !== undefined) add({ rule: 's3BucketName', name: `${name}-${env}-static-assets`, what: 'the static-assets bucket', at: ['name'], fix: 'a shorter name or environment' });
  if (env !== undefined && spec.terraform?.backend?.bucket === undefined) {
    add({ rule: 's3BucketName', name: `${name}-${env}-tfstate`, what: 'the default state bucket', at: ['name'], fix: 'set terraform.backend.bucket, or a shorter name or environment' });
  }
  for (const [rid, r] of entries(spec.regions)) {
    if (!r || typeof r !== 'object') continue;
    const cluster = `${name}-${rid}`;
    const at = ['regions', rid];
    if (r.cloud === 'aws') {
      add({ rule: 'eksClusterName', name: cluster, what: `the EKS cluster of \`${rid}\``, at, key: true, fix: shorter });
      for (const [suffix, what] of AWS_CLUSTER_ROLES) add({ rule: 'iamRoleName', name: `${cluster}-${suffix}`, what: `the IAM role of ${what} in \`${rid}\``, at, key: true, fix: shorter });
      if (!r.failoverFor) add({ rule: 'nlbName', name: cluster, what: `the load balancer of \`${rid}\``, at, key: true, fix: shorter });
    }
    if (r.cloud === 'gcp') {
      add({ rule: 'gkeClusterName', name: cluster, what: `the GKE cluster of \`${rid}\``, at, key: true, fix: shorter });
      add({ rule: 'gcpServiceAccountId', name: gkeNodeServiceAccount(rid), what: `the node service account of \`${rid}\``, at, key: true, fix: 'a region id of 2 to 26 characters, starting with a letter' });
    }
    if (r.cloud === 'azure') add({ rule: 'aksClusterName', name: cluster, what: `the AKS cluster of \`${rid}\``, at, key: true, fix: shorter });
  }
  // Restore sites (synth/plan/restore.ts): a cluster and a restore role per AWS primary running a restore tier.
  const restoreTiers = new Set(entries(spec.tiers).filter(([, t]) => t?.failover === 'restore').map(([id]) => id));
  const restoring = new Set(entries(spec.services).filter(([, s]) => typeof s?.tier === 'string' && restoreTiers.has(s.tier)).flatMap(([, s]) => regionsOrPrimaries(spec, s?.regions)));
  for (const rid of [...restoring].sort()) {
    if (cloudOf(spec, rid) !== 'aws') continue;
    const site = `${name}-${restoreSiteName(rid)}`;
    const at = ['regions', rid];
    add({ rule: 'eksClusterName', name: site, what: `the EKS cluster of the restore site of \`${rid}\``, at, key: true, fix: shorter });
    for (const [suffix, what] of AWS_CLUSTER_ROLES) add({ rule: 'iamRoleName', name: `${site}-${suffix}`, what: `the IAM role of ${what} at the restore site of \`${rid}\``, at, key: true, fix: shorter });
    add({ rule: 'iamRoleName', name: `${site}-backup-restore`, what: `the IAM role AWS Backup restores with at the restore site of \`${rid}\``, at, key: true, fix: shorter });
    // a public restore-tier service of the primary answers at the site's NLB (restore.ts, entry-points.ts)
    const publicRestored = entries(spec.services).some(([, svc]) => svc?.public === true && typeof svc?.tier === 'string' && restoreTiers.has(svc.tier) && regionsOrPrimaries(spec, svc.regions).includes(rid));
    if (publicRestored) add({ rule: 'nlbName', name: site, what: `the load balancer of the restore site of \`${rid}\``, at, key: true, fix: shorter });
    // The restored services' identities (restore.ts): an IAM role per restore-tier service of the primary that uses a database.
    for (const [sid, svc] of entries(spec.services)) {
      if (typeof svc?.tier !== 'string' || !restoreTiers.has(svc.tier) || !regionsOrPrimaries(spec, svc.regions).includes(rid)) continue;
      if (!list(svc.uses).some((u) => typeof u === 'string' && entries(spec.databases).some(([db]) => db === u))) continue;
      add({ rule: 'iamRoleName', name: `${site}-${sid}`, what: `the IAM role of \`${sid}\` at the restore site of \`${rid}\``, at: ['services', sid], key: true, fix: shorter });
    }
  }
  for (const [db, d] of entries(spec.databases)) {
    if (!d || typeof d !== 'object') continue;
    const shards = typeof d.shards === 'number' ? d.shards : 1;
    const readers = typeof d.readReplicas === 'number' ? d.readReplicas : 5;
    // The longest member name: the last shard's last replica.
    const inst = shards > 1 ? `${db}-shard-${shards - 1}` : db;
    const at = ['databases', db];
    for (const h of databaseHolders(spec, db)) {
      const cloud = cloudOf(spec, h.region);
      if (cloud === 'aws') {
        add({ rule: 'auroraIdentifier', name: `${inst}-${readers}`, what: `the Aurora instances of \`${db}\``, at, key: true, fix: 'an id starting with a letter, without "--"' });
        if (h.role === 'primary') add({ rule: 'auroraIdentifier', name: `${name}-${h.region}-${inst}`, what: `the Aurora global cluster of \`${db}\` in \`${h.region}\``, at, key: true, fix: shorter });
        if (h.role === 'primary' && restoring.has(h.region)) add({ rule: 'auroraIdentifier', name: `${inst}-writer`, what: `the restored writer of \`${db}\` at the restore site of \`${h.region}\``, at, key: true, fix: 'an id starting with a letter, without "--"' });
      }
      if (cloud === 'azure') add({ rule: 'azurePostgresServerName', name: `${name}-${h.region}-${inst}-${readers}`, what: `the Azure PostgreSQL servers of \`${db}\` in \`${h.region}\``, at, key: true, fix: shorter });
      if (cloud === 'gcp') add({ rule: 'cloudSqlInstanceName', name: `${name}-${h.region}-${inst}-${readers}`, what: `the Cloud SQL instances of \`${db}\` in \`${h.region}\``, at, key: true, fix: shorter });
    }
  }
  for (const [c, cache] of entries(spec.caches)) {
    if (!cache || typeof cache !== 'object') continue;
    const at = ['caches', c];
    for (const rid of cacheHolders(spec, c)) {
      const cloud = cloudOf(spec, rid);
      if (cloud === 'aws') add({ rule: 'elasticacheReplicationGroupId', name: c, what: `the ElastiCache replication group of \`${c}\``, at, key: true, fix: 'an id of at most 40 characters, starting with a letter, without "--"' });
      if (cloud === 'gcp') add({ rule: 'memorystoreInstanceId', name: c, what: `the Memorystore instance of \`${c}\``, at, key: true, fix: 'an id of at most 40 characters, starting with a letter' });
      if (cloud === 'azure') add({ rule: 'azureRedisName', name: `${name}-${rid}-${c}`, what: `the Azure Cache for Redis of \`${c}\` in \`${rid}\``, at, key: true, fix: shorter });
    }
  }
  return out;
}
