/**
 * Rules of the RULES table that check the limits of the clouds and of Kubernetes (synth/catalog/limits.ts)
 * against the spec, before anything is planned: replica counts, retention, health-check cadence, the
 * names the output derives from spec ids, and the shapes the compiler supports (AWS primaries, a public
 * entry point, ids that cannot collide with fixed output files). Each finding names the limit and a fix.
 * Spread into RULES by rules.ts; reads the spec defensively like every rule.
 */
import { findLocation, locationNames } from '../catalog';
import { INTERVAL_LIMITS, LIMITS, NAME_RULES, nameProblem, type NameRuleId, type RangeLimit } from '../catalog/limits';
import type { RawSpec } from '../model/spec';
import { suggest } from '../util/errors';
import { FIXED_FILE_PREFIX, RESERVED_REGION_IDS } from '../util/output-names';
import { cacheHolders, cloudOf, databaseHolders, databaseRegions, derivedNames, primaries, regionsOrPrimaries } from './derived-names';
import { parseDuration, parsePercent } from '../util/units';
import type { Finding, Rule } from './rules';

type Cloud = 'aws' | 'gcp' | 'azure';
type Dict<T> = Readonly<Record<string, T>>;

function entries<T>(x: Dict<T> | undefined | null): [string, T][] {
  return x && typeof x === 'object' && !Array.isArray(x) ? Object.entries(x) : [];
}
function duration(x: unknown): number | undefined {
  try {
    return typeof x === 'string' || x === 0 ? parseDuration(x as string) : undefined;
  } catch {
    return undefined;
  }
}
function clouds(spec: RawSpec, regions: readonly string[]): Set<Cloud> {
  return new Set(regions.map((r) => cloudOf(spec, r)).filter((c): c is Cloud => !!c));
}

function outOfRange(at: readonly (string | number)[], limit: RangeLimit, value: number, why: string, fix: string): Finding[] {
  if (value >= limit.min && value <= limit.max) return [];
  return [{ at, message: `${why}: ${limit.what} must be ${limit.min}-${limit.max} (${limit.source})`, expected: `${limit.min}-${limit.max}; ${fix}`, found: String(value) }];
}

const CACHE_LIMITS: readonly (readonly [Cloud, RangeLimit, string])[] = [
  ['aws', LIMITS.elasticacheReplicasPerNodeGroup, 'ElastiCache'],
  ['gcp', LIMITS.memorystoreReadReplicas, 'Memorystore'],
  ['azure', LIMITS.azureRedisReplicasPerPrimary, 'Azure Cache for Redis'],
];

/** Paths of numbers that are not finite (YAML `.inf`, `.nan`, `1e400`), anywhere in the document. */
function nonFinite(x: unknown, at: (string | number)[], out: (string | number)[][], depth = 0): (string | number)[][] {
  if (depth > 32 || out.length >= 20) return out;
  if (typeof x === 'number' && !Number.isFinite(x)) out.push(at);
  else if (Array.isArray(x)) x.forEach((v, i) => nonFinite(v, [...at, i], out, depth + 1));
  else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) nonFinite(v, [...at, k], out, depth + 1);
  return out;
}

function percent(x: unknown): number | undefined {
  try {
    return typeof x === 'string' ? parsePercent(x) : undefined;
  } catch {
    return undefined;
  }
}

/** Percentages that must lie strictly inside (0, 100%): an availability of 100% makes 1 - (1 - a)^N exact and its nines infinite. */
const OPEN_PERCENTS: readonly (readonly [readonly string[], string])[] = [
  [['availability', 'slo'], 'an SLO of 100% cannot be met by any number of instances'],
  [['availability', 'instanceAvailability'], 'an instance that never fails needs no redundancy: the availability proof would be meaningless'],
];
/** Autoscaling targets: a target of 0% never settles (the HPA needs a positive target). */
const POSITIVE_PERCENTS: readonly (readonly [readonly string[], string])[] = [
  [['scaling', 'triggers', 'cpu'], 'a CPU target of 0% would scale out forever'],
  [['scaling', 'triggers', 'memory'], 'a memory target of 0% would scale out forever'],
];

/** Paths of strings (and keys) holding `${` or `%{`, which Terraform would evaluate as an interpolation or directive. */
function interpolations(x: unknown, at: (string | number)[], out: { at: (string | number)[]; key: boolean; text: string }[], depth = 0): typeof out {
  if (depth > 32 || out.length >= 20) return out;
  const bad = (s: string) => s.includes('${') || s.includes('%{');
  if (typeof x === 'string' && bad(x)) out.push({ at, key: false, text: x });
  else if (Array.isArray(x)) x.forEach((v, i) => interpolations(v, [...at, i], out, depth + 1));
  else if (x && typeof x === 'object') {
    for (const [k, v] of Object.entries(x)) {
      if (bad(k)) out.push({ at: [...at, k], key: true, text: k });
      interpolations(v, [...at, k], out, depth + 1);
    }
  }
  return out;
}

export const LIMIT_RULES: readonly Rule[] = [
  {
    code: 'uses-database-elsewhere',
    severity: 'error',
    description: 'A service that uses a database runs only in regions holding it (`services.<id>.regions` within `databases.<id>.regions`): its identity is granted on the instance of its own region, and its failover region holds that database\'s standby.',
    check: (spec) =>
      Object.entries(spec.services ?? {}).flatMap(([id, s]) =>
        (Array.isArray(s?.uses) ? s.uses : []).flatMap((u, i): Finding[] => {
          const db = spec.databases?.[u];
          if (!db || typeof u !== 'string') return [];
          const held = new Set(databaseRegions(spec, u));
          const missing = regionsOrPrimaries(spec, s.regions).filter((r) => !held.has(r));
          return missing.length
            ? [{ at: ['services', id, 'uses', i], message: `service \`${id}\` runs in ${missing.map((r) => `\`${r}\``).join(', ')}, where database \`${u}\` is not held`, expected: `databases.${u}.regions including ${missing.join(', ')}, or services.${id}.regions without them`, found: `${u} in ${[...held].join(', ')}` }]
            : [];
        }),
      ),
  },
  {
    code: 'unknown-backend-region',
    severity: 'error',
    description: '`terraform.backend.region` (the state bucket) is an AWS region of the catalog.',
    check: (spec) => {
      const region = spec.terraform?.backend?.region;
      if (typeof region !== 'string' || findLocation('aws', region)) return [];
      const names = locationNames('aws');
      return [{ at: ['terraform', 'backend', 'region'], message: `unknown AWS region \`${region}\` for the state bucket`, expected: `an AWS region name (${names.length} known, e.g. ${names.slice(0, 4).join(', ')})`, found: region, suggestion: suggest(region, names) }];
    },
  },
  {
    code: 'terraform-interpolation',
    severity: 'error',
    description: 'No spec text holds `${` or `%{`: Terraform would evaluate it as an interpolation or a directive instead of writing it (every string field has a syntax without them; see ARCHITECTURE.md, Escaping).',
    check: (spec) =>
      interpolations(spec, [], []).map((f) => ({
        at: f.at,
        key: f.key,
        message: 'text holding `${` or `%{` would reach Terraform as an interpolation',
        expected: 'text without `${` and `%{`',
        found: JSON.stringify(f.text.length > 60 ? f.text.slice(0, 57) + '...' : f.text),
      })),
  },
  {
    code: 'percent-range',
    severity: 'error',
    description: '`availability.slo` and `availability.instanceAvailability` lie strictly between 0% and 100%; autoscaling CPU and memory targets are above 0%.',
    check: (spec) => {
      const get = (at: readonly string[]) => at.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), spec);
      const out: Finding[] = [];
      for (const [at, why] of OPEN_PERCENTS) {
        const v = percent(get(at));
        if (v !== undefined && (v <= 0 || v >= 1)) out.push({ at, message: why, expected: 'above 0% and below 100%, e.g. 99.95%', found: String(get(at)) });
      }
      for (const [at, why] of POSITIVE_PERCENTS) {
        const v = percent(get(at));
        if (v !== undefined && v <= 0) out.push({ at, message: why, expected: 'above 0%, e.g. 70%', found: String(get(at)) });
      }
      return out;
    },
  },
  {
    code: 'limit-replicas',
    severity: 'error',
    description: `A service's autoscaling maximum (load x safety factor x capacity growth / perInstance) fits one Kubernetes cluster (${LIMITS.kubernetesPodsPerCluster.max} pods).`,
    check: (spec) => {
      const safety = typeof spec.scaling?.safetyFactor === 'number' ? spec.scaling.safetyFactor : 1;
      const growth = percent(spec.capacity?.growth) ?? 0;
      const horizon = duration(spec.capacity?.horizon);
      const months = horizon === undefined ? 12 : horizon / (30 * 86400);
      const multiplier = Math.pow(1 + growth, Math.min(months, 1200) / 12);
      return entries(spec.services).flatMap(([id, s]): Finding[] => {
        const rps = s?.load?.rps;
        const per = s?.load?.perInstance;
        if (typeof rps !== 'number' || typeof per !== 'number' || !(per > 0)) return [];
        const max = Math.ceil((rps * safety * multiplier) / per);
        return max <= LIMITS.kubernetesPodsPerCluster.max
          ? []
          : [{ at: ['services', id, 'load'], message: `service \`${id}\` would scale to ${Number.isFinite(max) ? max : 'infinitely many'} instances in one cluster, over the ${LIMITS.kubernetesPodsPerCluster.what} (${LIMITS.kubernetesPodsPerCluster.max}, ${LIMITS.kubernetesPodsPerCluster.source})`, expected: `rps x safetyFactor x growth / perInstance <= ${LIMITS.kubernetesPodsPerCluster.max}: a larger perInstance, or more primary regions`, found: `rps ${rps}, perInstance ${per}` }];
      });
    },
  },
  {
    code: 'non-finite-number',
    severity: 'error',
    description: 'Numbers are finite: YAML `.inf`, `.nan` and literals beyond the float range (`1e400`) are refused wherever they appear.',
    check: (spec) => nonFinite(spec, [], []).map((at) => ({ at, message: 'a number that is not finite', expected: 'a finite number within the field\'s range', found: String(at.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], spec)) })),
  },
  {
    code: 'primary-not-aws',
    severity: 'error',
    description: 'Primary regions run on AWS (Aurora, ElastiCache, the NLBs behind Global Accelerator and Route 53); GCP and Azure regions are failover regions.',
    check: (spec) =>
      entries(spec.regions)
        .filter(([, r]) => r && !r.failoverFor && (r.cloud === 'gcp' || r.cloud === 'azure'))
        .map(([id, r]) => ({ at: ['regions', id, 'cloud'], message: `primary region \`${id}\` is on ${r.cloud}: the compiler generates primaries on AWS only`, expected: `cloud: aws, or make \`${id}\` a failover region (failoverFor: <an AWS primary>)`, found: r.cloud })),
  },
  {
    code: 'no-public-service',
    severity: 'error',
    description: 'At least one service is `public: true`: the edge (anycast, geo DNS, CDN) needs something to route to. An AWS primary may run internal services only: it then has no load balancer, no Global Accelerator endpoint group and no public DNS records.',
    check: (spec) => {
      const services = entries(spec.services);
      if (!services.length) return [];
      const pub = services.filter(([, s]) => s?.public === true);
      return pub.length ? [] : [{ at: ['services'], message: 'no service is public: the edge (anycast, geo DNS, CDN) would have nothing to route to', expected: 'at least one service with public: true' }];
    },
  },
  {
    code: 'reserved-id',
    severity: 'error',
    description: `Service ids do not start with two digits and a hyphen (\`${FIXED_FILE_PREFIX.source}\`: the fixed files of a cluster directory, e.g. \`03-dashboards.yaml\`), and region ids are not ${RESERVED_REGION_IDS.map((r) => `\`${r}\``).join(', ')} (folders of the output).`,
    check: (spec) => [
      ...Object.keys(spec.services ?? {})
        .filter((id) => FIXED_FILE_PREFIX.test(id))
        .map((id) => ({ at: ['services', id], key: true, message: `service id \`${id}\` would share kubernetes/<region>/${id}.yaml with the fixed files of the cluster directory`, expected: 'an id not starting with two digits and a hyphen', found: id, suggestion: id.replace(FIXED_FILE_PREFIX, '') || undefined })),
      ...Object.keys(spec.regions ?? {})
        .filter((id) => RESERVED_REGION_IDS.includes(id))
        .map((id) => ({ at: ['regions', id], key: true, message: `region id \`${id}\` is the name of an output folder (kubernetes/${id}/)`, expected: `an id other than ${RESERVED_REGION_IDS.join(', ')}`, found: id })),
    ],
  },
  {
    code: 'limit-database-replicas',
    severity: 'error',
    description: `Read replicas per shard fit every cloud holding the database: Aurora ${LIMITS.auroraReplicas.max}, Azure PostgreSQL flexible server ${LIMITS.azurePostgresReadReplicas.max} (standbys in Azure regions).`,
    check: (spec) =>
      entries(spec.databases).flatMap(([id, db]) => {
        const n = db?.readReplicas ?? 5;
        if (typeof n !== 'number') return [];
        const held = clouds(spec, databaseHolders(spec, id).map((h) => h.region));
        const out: Finding[] = [];
        if (held.has('azure')) out.push(...outOfRange(['databases', id, 'readReplicas'], LIMITS.azurePostgresReadReplicas, n, `database \`${id}\` has a standby in an Azure region`, `lower readReplicas to ${LIMITS.azurePostgresReadReplicas.max} or fail over to another cloud`));
        if (held.has('aws')) out.push(...outOfRange(['databases', id, 'readReplicas'], LIMITS.auroraReplicas, n, `database \`${id}\` runs on Aurora`, `at most ${LIMITS.auroraReplicas.max}`));
        return out;
      }),
  },
  {
    code: 'limit-backup-retention',
    severity: 'error',
    description: `Daily backup retention (point-in-time recovery window) fits Azure PostgreSQL flexible server (${LIMITS.azurePostgresBackupRetentionDays.min}-${LIMITS.azurePostgresBackupRetentionDays.max} days) when an Azure region holds a database.`,
    check: (spec) => {
      const d = duration(spec.backups?.retention?.daily);
      if (d === undefined) return [];
      const azure = Object.keys(spec.databases ?? {}).some((id) => clouds(spec, databaseHolders(spec, id).map((h) => h.region)).has('azure'));
      if (!azure) return [];
      const days = Math.min(Math.round(d / 86400), LIMITS.azurePostgresBackupRetentionDays.max);
      return outOfRange(['backups', 'retention', 'daily'], LIMITS.azurePostgresBackupRetentionDays, days, 'an Azure region holds a database', `retention.daily of at least ${LIMITS.azurePostgresBackupRetentionDays.min}d`);
    },
  },
  {
    code: 'limit-cache-replicas',
    severity: 'error',
    description: `Cache replicas fit every cloud holding the cache: ElastiCache ${LIMITS.elasticacheReplicasPerNodeGroup.min}-${LIMITS.elasticacheReplicasPerNodeGroup.max}, Memorystore ${LIMITS.memorystoreReadReplicas.min}-${LIMITS.memorystoreReadReplicas.max}, Azure Cache for Redis Premium ${LIMITS.azureRedisReplicasPerPrimary.min}-${LIMITS.azureRedisReplicasPerPrimary.max}.`,
    check: (spec) =>
      entries(spec.caches).flatMap(([id, c]) => {
        const n = c?.replicas ?? 2;
        if (typeof n !== 'number') return [];
        const held = clouds(spec, cacheHolders(spec, id));
        return CACHE_LIMITS.filter(([cloud]) => held.has(cloud)).flatMap(([, limit, product]) =>
          outOfRange(['caches', id, 'replicas'], limit, n, `cache \`${id}\` is held in a ${product} region`, `replicas within ${limit.min}-${limit.max}`),
        );
      }),
  },
  {
    code: 'limit-health-check-interval',
    severity: 'error',
    description: `\`availability.healthChecks.interval\` is one Route 53 and Global Accelerator accept (${INTERVAL_LIMITS.route53HealthCheckIntervalSeconds.allowed.join('s or ')}s), and \`removeAfter\` is at least ${LIMITS.nlbUnhealthyThreshold.min} intervals (the NLB's minimum unhealthy threshold).`,
    check: (spec) => {
      const hc = spec.availability?.healthChecks;
      const interval = duration(hc?.interval);
      const remove = duration(hc?.removeAfter);
      const out: Finding[] = [];
      if (interval !== undefined) {
        for (const limit of Object.values(INTERVAL_LIMITS)) {
          if (!(limit.allowed as readonly number[]).includes(interval)) {
            out.push({ at: ['availability', 'healthChecks', 'interval'], message: `the ${limit.what} is ${limit.allowed.join(' or ')} (${limit.source})`, expected: `${limit.allowed.map((x) => `${x}s`).join(' or ')}`, found: String(hc!.interval) });
            break;
          }
        }
      }
      if (interval && remove !== undefined && Number.isInteger(remove / interval) && remove / interval < LIMITS.nlbUnhealthyThreshold.min) {
        out.push({ at: ['availability', 'healthChecks', 'removeAfter'], message: `removeAfter / interval is the ${LIMITS.nlbUnhealthyThreshold.what}, at least ${LIMITS.nlbUnhealthyThreshold.min} (${LIMITS.nlbUnhealthyThreshold.source})`, expected: `at least ${LIMITS.nlbUnhealthyThreshold.min} x ${hc!.interval}`, found: String(hc!.removeAfter) });
      }
      return out;
    },
  },
  {
    code: 'name-limit',
    severity: 'error',
    description: 'Every name the output derives from `name`, `environment` and the ids (cluster, database, cache, load balancer, bucket, service account, label value) fits its target\'s naming rule (synth/catalog/limits.ts).',
    check: (spec) => {
      const out: Finding[] = [];
      const seen = new Set<string>();
      for (const n of derivedNames(spec)) {
        const rule = NAME_RULES[n.rule as NameRuleId];
        const problem = nameProblem(rule, n.name);
        if (!problem) continue;
        const key = `${n.at.join('.')}|${n.rule}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ at: n.at, key: n.key, message: `${n.what} \`${n.name}\` is not a valid ${rule.what}: ${problem} (${rule.source})`, expected: `${rule.shape}, ${rule.minLength}-${rule.maxLength} characters; ${n.fix}`, found: n.name });
      }
      return out;
    },
  },
];

