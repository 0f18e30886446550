/**
 * The table of semantic rules: every cross-field check of the spec lives here, one entry per rule,
 * each with a stable code. Rules read the parsed spec defensively (the schema may have failed too)
 * and return findings located by spec path; validate.ts adds file positions.
 */
import { AWS_OPT_IN_REGIONS, findLocation, findPop, isAwsOptInRegion, LOCATIONS, locationNames, popCodes } from '../catalog';
import type { Severity } from '../util/errors';
import { suggest } from '../util/errors';
import { overlaps, parseCidr, type Cidr } from '../util/net';
import { TUNNEL_INSIDE_BLOCK } from '../catalog';

const LINK_LOCAL = parseCidr(TUNNEL_INSIDE_BLOCK) as Cidr;
import { parseDuration, parsePercent } from '../util/units';
import type { RawSpec } from '../model/spec';
import { MAX_REGION_PREFIX, SUBNET_SLOTS } from '../plan/layout';
import * as D from './defaults';
import { LIMIT_RULES } from './rules-limits';
import { databaseRegions } from './derived-names';
import { HTTP1_COMPATIBLE, portAllowed, PUBLIC_PORT_RANGES } from '../catalog/tls';
import { ANYCAST_LABEL, CDN_LABEL, regionalHost } from '../plan/entry-points';
import { ARGOCD_FOLDER } from '../plan/gitops';
import { ADDONS_FOLDER } from '../plan/addons';
import { probeHost, receiverSlug } from '../plan/alerting';
import { restoreSiteName } from '../plan/restore';
import { HEARTBEAT_RECEIVER } from '../plan/constants';

export interface Finding {
  readonly code?: string;
  readonly severity?: Severity;
  readonly at: readonly (string | number)[];
  /** Point at the key rather than the value. */
  readonly key?: boolean;
  readonly message: string;
  readonly expected?: string;
  readonly found?: string;
  readonly suggestion?: string;
}

export interface Rule {
  readonly code: string;
  readonly severity: Severity;
  /** One line for docs and the closing note. */
  readonly description: string;
  readonly check: (spec: RawSpec) => readonly Finding[];
}

/** Minimum failover RTO a spot tier may have: spot capacity can vanish with two minutes' notice. */
export const SPOT_MIN_RTO_SECONDS = 3600;
/** Jurisdictions a residency list may name: those of the catalog's locations. */
const JURISDICTIONS: readonly string[] = [...new Set(LOCATIONS.map((l) => l.jurisdiction))].sort();
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MAX_ID_LENGTH = 40; // leaves room for suffixes in cloud resource names (63-char limits)

type Dict<T> = Readonly<Record<string, T>>;

function entries<T>(x: Dict<T> | undefined | null): [string, T][] {
  return x && typeof x === 'object' && !Array.isArray(x) ? Object.entries(x) : [];
}
function list<T>(x: readonly T[] | undefined | null): T[] {
  return Array.isArray(x) ? [...x] : [];
}
function keys(x: Dict<unknown> | undefined | null): string[] {
  return entries(x).map(([k]) => k);
}
function tryDuration(x: unknown): number | undefined {
  try {
    return typeof x === 'string' || x === 0 ? parseDuration(x as string) : undefined;
  } catch {
    return undefined;
  }
}
function tryPercent(x: unknown): number | undefined {
  try {
    return typeof x === 'string' ? parsePercent(x) : undefined;
  } catch {
    return undefined;
  }
}

/** A reference to an id that must exist among `known`; with a suggestion when it does not. */
function ref(at: readonly (string | number)[], id: unknown, known: readonly string[], what: string): Finding[] {
  if (typeof id !== 'string' || known.includes(id)) return [];
  return [
    {
      at,
      message: `unknown ${what} \`${id}\``,
      expected: known.length ? `one of ${known.join(', ')}` : `a ${what} defined in the spec`,
      found: id,
      suggestion: suggest(id, known),
    },
  ];
}

function primaryRegions(spec: RawSpec): string[] {
  return entries(spec.regions).filter(([, r]) => !r?.failoverFor).map(([id]) => id);
}

/** The regions a service runs in: its `regions` (default: every primary) and, unless its tier restores from backup, their failover regions. */
function servingRegions(spec: RawSpec, serviceId: string): string[] {
  const s = spec.services?.[serviceId];
  if (!s) return [];
  const primaries = list(s.regions).length > 0 ? list(s.regions) : primaryRegions(spec);
  const restore = spec.tiers?.[s.tier]?.failover === 'restore';
  const failover = restore ? [] : entries(spec.regions).filter(([, r]) => r && primaries.includes(r.failoverFor as string)).map(([id]) => id);
  return [...new Set([...primaries, ...failover])].filter((r) => spec.regions?.[r]);
}

function publicServicesIn(spec: RawSpec, region: string): [string, RawSpec['services'][string]][] {
  return entries(spec.services).filter(([id, s]) => s?.public && typeof s.port === 'number' && servingRegions(spec, id).includes(region));
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = f.at.join('.');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function storeIds(spec: RawSpec): string[] {
  return [...keys(spec.databases), ...keys(spec.caches)];
}

const ID_SECTIONS = ['regions', 'tiers', 'data', 'databases', 'caches', 'services'] as const;

export const RULES: readonly Rule[] = [
  {
    code: 'id-not-dns-label',
    severity: 'error',
    description: 'Ids of regions, tiers, data classes, databases, caches and services are DNS-1123 labels of at most 40 characters (they become Kubernetes and Terraform names).',
    check: (spec) =>
      ID_SECTIONS.flatMap((section) =>
        keys(spec[section] as Dict<unknown>)
          .filter((id) => !DNS_LABEL.test(id) || id.length > MAX_ID_LENGTH)
          .map((id) => ({
            at: [section, id],
            key: true,
            message: `id \`${id}\` cannot be used as a Kubernetes or Terraform name`,
            expected: `lower-case letters, digits and '-', starting and ending with a letter or digit, at most ${MAX_ID_LENGTH} characters`,
            found: id,
            suggestion: id.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, MAX_ID_LENGTH) || undefined,
          })),
      ),
  },
  {
    code: 'duplicate-id',
    severity: 'error',
    description: 'Service, database and cache ids are one namespace, because `uses` names all three.',
    check: (spec) => {
      const owner = new Map<string, string>();
      const out: Finding[] = [];
      for (const section of ['services', 'databases', 'caches'] as const) {
        for (const id of keys(spec[section] as Dict<unknown>)) {
          const first = owner.get(id);
          if (first) {
            out.push({ at: [section, id], key: true, message: `id \`${id}\` is used by ${first} and ${section}; \`uses: [${id}]\` would be ambiguous`, expected: 'ids unique across services, databases and caches', found: id });
          } else owner.set(id, section);
        }
      }
      return out;
    },
  },
  {
    code: 'renamed-from-conflict',
    severity: 'error',
    description: '`renamedFrom` names an id that no longer exists: not a current region, service, database or cache id, and not claimed twice.',
    check: (spec) => {
      const out: Finding[] = [];
      const current = new Set<string>();
      for (const section of ['regions', 'services', 'databases', 'caches'] as const) for (const id of keys(spec[section] as Dict<unknown>)) current.add(id);
      const claimed = new Map<string, string>();
      for (const section of ['regions', 'services', 'databases', 'caches'] as const) {
        for (const [id, v] of Object.entries((spec[section] ?? {}) as Dict<{ renamedFrom?: unknown }>)) {
          const from = v && typeof v === 'object' ? v.renamedFrom : undefined;
          if (typeof from !== 'string') continue;
          const at = [section, id, 'renamedFrom'];
          if (current.has(from)) {
            out.push({ at, message: `\`${id}\` is renamed from \`${from}\`, which is still an id of the spec: its Terraform addresses would be claimed twice`, expected: 'the id this entry had before the rename, no longer used', found: from, suggestion: from === id ? 'remove renamedFrom' : undefined });
          } else if (claimed.has(from)) {
            out.push({ at, message: `\`${from}\` is renamed to both \`${claimed.get(from)}\` and \`${id}\``, expected: 'one new id per old id', found: from });
          } else claimed.set(from, id);
        }
      }
      return out;
    },
  },
  {
    code: 'ref-unknown-tier',
    severity: 'error',
    description: 'Every `services.<id>.tier` and `cost.spotTiers` entry names a tier.',
    check: (spec) => [
      ...entries(spec.services).flatMap(([id, s]) => ref(['services', id, 'tier'], s?.tier, keys(spec.tiers), 'tier')),
      ...list(spec.cost?.spotTiers).flatMap((t, i) => ref(['cost', 'spotTiers', i], t, keys(spec.tiers), 'tier')),
    ],
  },
  {
    code: 'ref-unknown-data-class',
    severity: 'error',
    description: 'Every `databases.<id>.stores` entry names a data class.',
    check: (spec) => entries(spec.databases).flatMap(([id, db]) => list(db?.stores).flatMap((d, i) => ref(['databases', id, 'stores', i], d, keys(spec.data), 'data class'))),
  },
  {
    code: 'ref-unknown-use',
    severity: 'error',
    description: 'Every `services.<id>.uses` entry names a service, database or cache, and not the service itself.',
    check: (spec) => {
      const known = [...keys(spec.services), ...storeIds(spec)];
      return entries(spec.services).flatMap(([id, s]) =>
        list(s?.uses).flatMap((u, i): Finding[] =>
          u === id
            ? [{ at: ['services', id, 'uses', i], message: `service \`${id}\` uses itself`, expected: 'another service, a database or a cache', found: u }]
            : ref(['services', id, 'uses', i], u, known, 'service, database or cache'),
        ),
      );
    },
  },
  {
    code: 'ref-unknown-region',
    severity: 'error',
    description: '`regions.<id>.failoverFor`, `services.<id>.regions` and `databases.<id>.regions` name primary regions; a region cannot cover itself or another failover region.',
    check: (spec) => {
      const primaries = primaryRegions(spec);
      const out: Finding[] = [];
      for (const [id, r] of entries(spec.regions)) {
        if (r?.failoverFor === undefined) continue;
        if (r.failoverFor === id) out.push({ at: ['regions', id, 'failoverFor'], message: `region \`${id}\` is its own failover`, expected: 'a primary region id', found: id });
        else out.push(...ref(['regions', id, 'failoverFor'], r.failoverFor, primaries, 'primary region'));
      }
      for (const section of ['services', 'databases'] as const) {
        for (const [id, x] of entries(spec[section] as Dict<{ regions?: string[] }>)) {
          list(x?.regions).forEach((rid, i) => out.push(...ref([section, id, 'regions', i], rid, primaries, 'primary region')));
        }
      }
      return out;
    },
  },
  {
    code: 'failover-covered-twice',
    severity: 'error',
    description: 'A primary region has at most one failover region.',
    check: (spec) => {
      const by = new Map<string, string>();
      const out: Finding[] = [];
      for (const [id, r] of entries(spec.regions)) {
        if (!r?.failoverFor) continue;
        const first = by.get(r.failoverFor);
        if (first) out.push({ at: ['regions', id, 'failoverFor'], message: `\`${r.failoverFor}\` already fails over to \`${first}\``, expected: 'one failover region per primary region', found: id });
        else by.set(r.failoverFor, id);
      }
      return out;
    },
  },
  {
    code: 'no-primary-region',
    severity: 'error',
    description: 'At least one region is a primary region (has no `failoverFor`).',
    check: (spec) => (entries(spec.regions).length > 0 && primaryRegions(spec).length === 0 ? [{ at: ['regions'], message: 'every region is a failover region: nothing would serve traffic', expected: 'at least one region without failoverFor' }] : []),
  },
  {
    code: 'primary-without-failover',
    severity: 'warning',
    description: 'A primary region without a failover region cannot meet a tier RTO on region loss (the RTO proof will say so).',
    check: (spec) => {
      const covered = new Set(entries(spec.regions).map(([, r]) => r?.failoverFor).filter(Boolean));
      return primaryRegions(spec)
        .filter((id) => !covered.has(id))
        .map((id) => ({ at: ['regions', id], key: true, message: `primary region \`${id}\` has no failover region`, expected: 'a region with failoverFor: ' + id }));
    },
  },
  {
    code: 'ref-unknown-location',
    severity: 'error',
    description: '`regions.<id>.location` is a region of its cloud in the built-in catalog.',
    check: (spec) =>
      entries(spec.regions).flatMap(([id, r]) => {
        if (!r || typeof r.location !== 'string' || !['aws', 'gcp', 'azure'].includes(r.cloud) || findLocation(r.cloud, r.location)) return [];
        const names = locationNames(r.cloud);
        const other = (['aws', 'gcp', 'azure'] as const).find((c) => c !== r.cloud && findLocation(c, r.location));
        return [
          {
            at: ['regions', id, 'location'],
            message: other ? `\`${r.location}\` is a ${other} location, not ${r.cloud}` : `unknown ${r.cloud} location \`${r.location}\``,
            expected: `a ${r.cloud} region name (${names.length} known, e.g. ${names.slice(0, 4).join(', ')})`,
            found: r.location,
            suggestion: suggest(r.location, names),
          },
        ];
      }),
  },
  {
    code: 'too-few-zones',
    severity: 'error',
    description: 'Each region has at least `availability.zones` availability zones in the catalog.',
    check: (spec) => {
      const need = spec.availability?.zones;
      if (typeof need !== 'number') return [];
      return entries(spec.regions).flatMap(([id, r]) => {
        const loc = r ? findLocation(r.cloud, r.location) : undefined;
        if (!loc || loc.zones.length >= need) return [];
        return [{ at: ['regions', id, 'location'], message: `${r.cloud} ${r.location} has too few availability zones for availability.zones`, expected: `at least ${need} zones`, found: `${loc.zones.length} (${loc.zones.join(', ') || 'none'})` }];
      });
    },
  },
  {
    code: 'bad-cidr',
    severity: 'error',
    description: `Region CIDRs are valid network addresses no smaller than /${MAX_REGION_PREFIX}: the lower half (the network) holds the public, private and data subnets of every zone, the upper half the cluster's pod and service ranges.`,
    check: (spec) =>
      entries(spec.regions).flatMap(([id, r]): Finding[] => {
        if (typeof r?.cidr !== 'string') return [];
        const c = parseCidr(r.cidr);
        if (typeof c === 'string') return [{ at: ['regions', id, 'cidr'], message: `invalid CIDR: ${c}`, expected: 'an IPv4 network such as 10.10.0.0/16', found: r.cidr }];
        if (c.prefix > MAX_REGION_PREFIX) return [{ at: ['regions', id, 'cidr'], message: 'the network is too small for the subnets of every zone', expected: `a prefix of /${MAX_REGION_PREFIX} or shorter`, found: r.cidr }];
        const zones = spec.availability?.zones;
        if (typeof zones === 'number' && zones * 3 > SUBNET_SLOTS) return [{ at: ['availability', 'zones'], message: 'too many zones to carve three subnets per zone', expected: `at most ${Math.floor(SUBNET_SLOTS / 3)} zones`, found: String(zones) }];
        return [];
      }),
  },
  {
    code: 'cidr-overlap',
    severity: 'error',
    description: 'Region CIDRs do not overlap (networks are peered and routed across regions and clouds).',
    check: (spec) => {
      const seen: [string, Cidr, string][] = [];
      const out: Finding[] = [];
      for (const [id, r] of entries(spec.regions)) {
        if (typeof r?.cidr !== 'string') continue;
        const c = parseCidr(r.cidr);
        if (typeof c === 'string') continue;
        const clash = seen.find(([, other]) => overlaps(c, other));
        if (clash) out.push({ at: ['regions', id, 'cidr'], message: `CIDR overlaps region \`${clash[0]}\` (${clash[2]})`, expected: 'a network disjoint from every other region', found: r.cidr });
        seen.push([id, c, r.cidr]);
      }
      return out;
    },
  },
  {
    code: 'cidr-link-local',
    severity: 'error',
    description: 'Region CIDRs stay out of the link-local block 169.254.0.0/16: the cross-cloud VPN tunnels take their inside addresses from it (and the clouds their metadata services).',
    check: (spec) =>
      entries(spec.regions).flatMap(([id, r]): Finding[] => {
        if (typeof r?.cidr !== 'string') return [];
        const c = parseCidr(r.cidr);
        return typeof c !== 'string' && overlaps(c, LINK_LOCAL)
          ? [{ at: ['regions', id, 'cidr'], message: `CIDR ${r.cidr} overlaps the link-local block ${TUNNEL_INSIDE_BLOCK} of the VPN tunnel addresses`, expected: 'a private network outside 169.254.0.0/16 (e.g. from 10.0.0.0/8)', found: r.cidr }]
          : [];
      }),
  },
  {
    code: 'ref-unknown-pop',
    severity: 'error',
    description: '`edge.pops` are IATA codes of edge POPs in the built-in catalog, each listed once.',
    check: (spec) => {
      const codes = popCodes();
      const seen = new Set<string>();
      return list(spec.edge?.pops).flatMap((p, i): Finding[] => {
        if (typeof p !== 'string') return [];
        if (seen.has(p)) return [{ at: ['edge', 'pops', i], message: `POP \`${p}\` is listed twice`, expected: 'each POP once', found: p }];
        seen.add(p);
        return findPop(p) ? [] : ref(['edge', 'pops', i], p, codes, 'POP');
      });
    },
  },
  {
    code: 'cdn-api-not-public',
    severity: 'error',
    description: '`edge.cdn.cacheApis` name public services (only those are reachable through the CDN).',
    check: (spec) =>
      list(spec.edge?.cdn?.cacheApis).flatMap((s, i): Finding[] => {
        const svc = spec.services?.[s];
        if (!svc) return ref(['edge', 'cdn', 'cacheApis', i], s, keys(spec.services), 'service');
        return svc.public ? [] : [{ at: ['edge', 'cdn', 'cacheApis', i], message: `service \`${s}\` is not public, so the CDN cannot reach it`, expected: `services.${s}.public: true`, found: 'public: false' }];
      }),
  },
  {
    code: 'cost-mix-sum',
    severity: 'error',
    description: 'The cost mix (reserved + spot + onDemand) sums to 100%.',
    check: (spec) => {
      const m = spec.cost?.mix;
      const parts = [m?.reserved, m?.spot, m?.onDemand].map(tryPercent);
      if (parts.some((p) => p === undefined)) return [];
      const sum = Math.round((parts as number[]).reduce((a, b) => a + b, 0) * 10000) / 100;
      return sum === 100 ? [] : [{ at: ['cost', 'mix'], message: 'the cost mix does not add up', expected: '100%', found: `${m!.reserved} + ${m!.spot} + ${m!.onDemand} = ${sum}%` }];
    },
  },
  {
    code: 'spot-tier-rto',
    severity: 'error',
    description: `\`cost.spotTiers\` only holds tiers with an RTO of at least 1h (spot capacity can be reclaimed at two minutes' notice).`,
    check: (spec) =>
      list(spec.cost?.spotTiers).flatMap((t, i): Finding[] => {
        const rto = tryDuration(spec.tiers?.[t]?.rto);
        if (rto === undefined || rto >= SPOT_MIN_RTO_SECONDS) return [];
        return [{ at: ['cost', 'spotTiers', i], message: `tier \`${t}\` is too critical for spot capacity`, expected: 'tiers with rto >= 1h', found: `rto ${spec.tiers[t].rto}` }];
      }),
  },
  {
    code: 'rpo-zero-needs-sync',
    severity: 'error',
    description: '`rpo: 0` requires `replication: synchronous`.',
    check: (spec) =>
      entries(spec.data).flatMap(([id, d]): Finding[] =>
        tryDuration(d?.rpo) === 0 && d.replication !== 'synchronous'
          ? [{ at: ['data', id, 'replication'], message: 'an RPO of 0 is only possible with synchronous replication', expected: 'synchronous', found: String(d.replication) }]
          : [],
      ),
  },
  {
    code: 'backup-rpo-unreachable',
    severity: 'error',
    description: 'Data replicated by backup only has an RPO no shorter than its snapshot interval.',
    check: (spec) =>
      entries(spec.data).flatMap(([id, d]): Finding[] => {
        const rpo = tryDuration(d?.rpo);
        if (rpo === undefined || d.replication !== 'backup') return [];
        const temperature = d.temperature ?? (rpo === 0 ? 'hot' : rpo <= 3600 ? 'warm' : 'cold');
        if (temperature === 'hot') return [{ at: ['data', id, 'temperature'], message: 'hot data is replicated continuously, not by backup', expected: 'warm or cold', found: 'hot' }];
        const freq = spec.backups?.snapshots?.[temperature];
        const interval = freq === 'hourly' ? 3600 : freq === 'daily' ? 86400 : undefined;
        return interval !== undefined && interval > rpo
          ? [{ at: ['data', id, 'rpo'], message: `${temperature} data is snapshotted ${freq}, which loses up to ${interval / 3600}h`, expected: `rpo >= ${interval / 3600}h or backups.snapshots.${temperature}: hourly`, found: String(d.rpo) }]
          : [];
      }),
  },
  {
    code: 'failover-same-cloud',
    severity: 'warning',
    description: 'A failover region on the same cloud as the region it covers gives no cloud-provider diversity.',
    check: (spec) =>
      entries(spec.regions).flatMap(([id, r]): Finding[] => {
        const primary = r?.failoverFor ? spec.regions[r.failoverFor] : undefined;
        return primary && primary.cloud === r.cloud
          ? [{ at: ['regions', id, 'cloud'], message: `failover region \`${id}\` is on the same cloud as \`${r.failoverFor}\`; a provider-wide outage takes both`, expected: `a cloud other than ${r.cloud}`, found: r.cloud }]
          : [];
      }),
  },
  {
    code: 'unknown-jurisdiction',
    severity: 'error',
    description: '`data.<id>.residency` entries are jurisdictions known to the catalog.',
    check: (spec) => entries(spec.data).flatMap(([id, d]) => list(d?.residency).flatMap((j, i) => ref(['data', id, 'residency', i], j, JURISDICTIONS, 'jurisdiction'))),
  },
  {
    code: 'residency-failover',
    severity: 'error',
    description: 'For data with `residency`, a region in that jurisdiction holding the data fails over to a region in the same jurisdiction.',
    check: (spec) => {
      const out: Finding[] = [];
      const jurisdiction = (rid: string) => {
        const r = spec.regions?.[rid];
        return r ? findLocation(r.cloud, r.location)?.jurisdiction : undefined;
      };
      const failoverOf = new Map(entries(spec.regions).filter(([, r]) => r?.failoverFor).map(([id, r]) => [r.failoverFor!, id]));
      for (const [dbId, db] of entries(spec.databases)) {
        const regions = databaseRegions(spec, dbId);
        for (const dataId of list(db?.stores)) {
          for (const j of list(spec.data?.[dataId]?.residency)) {
            for (const rid of regions) {
              const fo = failoverOf.get(rid);
              if (jurisdiction(rid) !== j || !fo) continue;
              const fj = jurisdiction(fo);
              if (fj !== undefined && fj !== j) {
                out.push({
                  at: ['regions', fo, 'location'],
                  message: `\`${dataId}\` must stay in ${j} but database \`${dbId}\` in \`${rid}\` would fail over to \`${fo}\` in ${fj}`,
                  expected: `a ${spec.regions[fo].cloud} location in jurisdiction ${j}`,
                  found: `${spec.regions[fo].location} (${fj})`,
                });
              }
            }
          }
        }
      }
      return out;
    },
  },
  {
    code: 'uses-cycle',
    severity: 'error',
    description: 'Service dependencies (`uses` between services) have no cycles.',
    check: (spec) => {
      const graph = new Map(entries(spec.services).map(([id, s]) => [id, list(s?.uses).filter((u) => u !== id && spec.services?.[u])]));
      const state = new Map<string, 'visiting' | 'done'>();
      const out: Finding[] = [];
      const visit = (id: string, stack: string[]) => {
        if (state.get(id) === 'done') return;
        if (state.get(id) === 'visiting') {
          const cycle = [...stack.slice(stack.indexOf(id)), id];
          out.push({ at: ['services', id, 'uses'], message: `services call each other in a cycle: ${cycle.join(' -> ')}`, expected: 'an acyclic call graph', found: cycle.join(' -> ') });
          return;
        }
        state.set(id, 'visiting');
        for (const next of graph.get(id) ?? []) visit(next, [...stack, id]);
        state.set(id, 'done');
      };
      for (const id of [...graph.keys()].sort()) visit(id, []);
      return out;
    },
  },
  {
    code: 'read-replicas-range',
    severity: 'warning',
    description: 'Read replicas per primary database lie within `scaling.readReplicas` (5-10 by default).',
    check: (spec) => {
      const min = spec.scaling?.readReplicas?.min ?? D.DEFAULT_READ_REPLICA_RANGE.min;
      const max = spec.scaling?.readReplicas?.max ?? D.DEFAULT_READ_REPLICA_RANGE.max;
      return entries(spec.databases).flatMap(([id, db]): Finding[] => {
        const n = db?.readReplicas ?? D.DEFAULT_READ_REPLICAS;
        return n < min || n > max ? [{ at: ['databases', id, 'readReplicas'], message: 'read replicas outside the planned range', expected: `${min}-${max}`, found: String(n) }] : [];
      });
    },
  },
  {
    code: 'shard-key-missing',
    severity: 'error',
    description: 'A database with more than one shard names its `shardBy` key.',
    check: (spec) => entries(spec.databases).flatMap(([id, db]): Finding[] => ((db?.shards ?? D.DEFAULT_SHARDS) > 1 && !db.shardBy ? [{ at: ['databases', id], key: true, message: `database \`${id}\` has ${db.shards} shards but no shard key`, expected: 'shardBy: <column>' }] : [])),
  },
  {
    code: 'health-check-threshold',
    severity: 'error',
    description: '`availability.healthChecks.removeAfter` is a whole multiple (1-10) of `interval`: the failure threshold is removeAfter / interval.',
    check: (spec) => {
      const hc = spec.availability?.healthChecks;
      const interval = tryDuration(hc?.interval);
      const remove = tryDuration(hc?.removeAfter);
      if (!interval || remove === undefined) return [];
      const t = remove / interval;
      return Number.isInteger(t) && t >= 1 && t <= 10 ? [] : [{ at: ['availability', 'healthChecks', 'removeAfter'], message: 'removeAfter is not a whole number of health-check intervals', expected: `a multiple of ${hc!.interval} between 1x and 10x`, found: String(hc!.removeAfter) }];
    },
  },
  {
    code: 'same-location-twice',
    severity: 'warning',
    description: 'Two regions on the same cloud location share every failure domain.',
    check: (spec) => {
      const seen = new Map<string, string>();
      const out: Finding[] = [];
      for (const [id, r] of entries(spec.regions)) {
        const k = `${r?.cloud}:${r?.location}`;
        const first = seen.get(k);
        if (first) out.push({ at: ['regions', id, 'location'], message: `region \`${id}\` is in the same location as \`${first}\``, expected: 'distinct locations', found: r.location });
        else seen.set(k, id);
      }
      return out;
    },
  },
  // ---- day1-traffic: opt-in regions ----
  {
    code: 'opt-in-region-disabled',
    severity: 'error',
    description: 'An AWS region (or the state bucket region) that is an opt-in region is listed in `terraform.awsOptInRegions` (a new account has it disabled).',
    check: (spec) => {
      const enabled = list(spec.terraform?.awsOptInRegions);
      const out: Finding[] = [];
      for (const [id, r] of entries(spec.regions)) {
        if (r?.cloud !== 'aws' || typeof r.location !== 'string' || !isAwsOptInRegion(r.location) || enabled.includes(r.location)) continue;
        out.push({
          at: ['regions', id, 'location'],
          message: `\`${r.location}\` is an AWS opt-in region, disabled in a new account`,
          expected: `\`${r.location}\` listed in terraform.awsOptInRegions (the bootstrap stack then enables it), or a region enabled by default`,
          found: r.location,
          suggestion: `add \`terraform: { awsOptInRegions: [${r.location}] }\``,
        });
      }
      const backendRegion = spec.terraform?.backend?.region;
      if (typeof backendRegion === 'string' && isAwsOptInRegion(backendRegion)) {
        out.push({
          at: ['terraform', 'backend', 'region'],
          message: `the state bucket cannot live in the opt-in region \`${backendRegion}\`: the bootstrap stack that would enable it keeps its state there`,
          expected: 'an AWS region enabled by default',
          found: backendRegion,
        });
      }
      return out;
    },
  },
  {
    code: 'opt-in-region-unknown',
    severity: 'error',
    description: '`terraform.awsOptInRegions` names only AWS opt-in regions of the catalog.',
    check: (spec) =>
      list(spec.terraform?.awsOptInRegions).flatMap((name, i) =>
        typeof name !== 'string' || isAwsOptInRegion(name)
          ? []
          : [
              {
                at: ['terraform', 'awsOptInRegions', i],
                message: findLocation('aws', name) ? `\`${name}\` is enabled by default: it needs no opt-in` : `\`${name}\` is not an AWS opt-in region`,
                expected: `one of ${AWS_OPT_IN_REGIONS.join(', ')}`,
                found: name,
                suggestion: suggest(name, AWS_OPT_IN_REGIONS),
              },
            ],
      ),
  },
  // Cloud and Kubernetes limits, names derived from the spec, supported shapes (validate-limits).
  ...LIMIT_RULES,
  // ---- day1-traffic: public entry points ----
  {
    code: 'edge-port-conflict',
    severity: 'error',
    description: 'Public services that run in the same region have distinct ports: each port is one TLS listener of the region entry point (NLB, Gateway, Application Gateway).',
    check: (spec) => {
      const out: Finding[] = [];
      for (const region of keys(spec.regions)) {
        const seen = new Map<number, string>();
        for (const [id, s] of publicServicesIn(spec, region)) {
          const first = seen.get(s.port);
          if (first) out.push({ at: ['services', id, 'port'], message: `public services \`${first}\` and \`${id}\` both use port ${s.port} in region \`${region}\``, expected: 'a distinct port per public service (the public port is the service port on every cloud)', found: String(s.port) });
          else seen.set(s.port, id);
        }
      }
      return dedupe(out);
    },
  },
  {
    code: 'edge-port-unsupported',
    severity: 'error',
    description: 'A public port is one every entry point serving it accepts: Application Gateway v2 reserves 65200-65535; CloudFront reaches cached APIs on 443 or 1024-65535.',
    check: (spec) => {
      const out: Finding[] = [];
      const cached = new Set(list(spec.edge?.cdn?.cacheApis));
      for (const [id, s] of entries(spec.services)) {
        if (!s?.public || typeof s.port !== 'number') continue;
        const regions = servingRegions(spec, id);
        if (regions.some((r) => spec.regions[r]?.cloud === 'azure') && !portAllowed(s.port, PUBLIC_PORT_RANGES.applicationGateway)) {
          out.push({ at: ['services', id, 'port'], message: `port ${s.port} of public service \`${id}\` is reserved by Azure Application Gateway v2 (it runs in ${regions.filter((r) => spec.regions[r]?.cloud === 'azure').join(', ')})`, expected: 'a port from 1 to 65199', found: String(s.port) });
        }
        if (cached.has(id) && !portAllowed(s.port, PUBLIC_PORT_RANGES.cloudfrontOriginHttps)) {
          out.push({ at: ['services', id, 'port'], message: `CloudFront cannot reach the cached API \`${id}\` on port ${s.port}`, expected: 'port 443 or 1024-65535 (CloudFront HTTPS origin ports)', found: String(s.port) });
        }
      }
      return out;
    },
  },
  {
    code: 'edge-protocol-unsupported',
    severity: 'error',
    description: 'A public service speaks a protocol every entry point serving it proxies: Application Gateway v2 speaks HTTP/1.1 to its backends (HTTP/2 towards clients only: learn.microsoft.com/azure/application-gateway/features, "WebSocket and HTTP/2 traffic"), so it cannot carry gRPC, and an http2 service behind it is reached over HTTP/1.1; CloudFront reaches origins over HTTP/1.1 (no gRPC for edge-cached APIs).',
    check: (spec) => {
      const out: Finding[] = [];
      const cached = new Set(list(spec.edge?.cdn?.cacheApis));
      for (const [id, s] of entries(spec.services)) {
        if (!s?.public) continue;
        const azure = servingRegions(spec, id).filter((r) => spec.regions[r]?.cloud === 'azure');
        if (s.protocol === 'grpc' && azure.length > 0) {
          out.push({ at: ['services', id, 'protocol'], message: `public gRPC service \`${id}\` runs in the Azure region(s) ${azure.join(', ')}, whose Application Gateway v2 speaks only HTTP/1.1 to its backends and so cannot carry gRPC (HTTP/2)`, expected: 'http, http2 or websocket, or no Azure region serving it', found: 'grpc', suggestion: 'make it internal behind a public http2 gateway service' });
        }
        if (cached.has(id) && typeof s.protocol === 'string' && !HTTP1_COMPATIBLE.includes(s.protocol)) {
          out.push({ at: ['services', id, 'protocol'], message: `edge-cached API \`${id}\` speaks ${s.protocol}, but CloudFront reaches origins over HTTP/1.1`, expected: HTTP1_COMPATIBLE.join(', '), found: s.protocol });
        }
      }
      return out;
    },
  },
  {
    code: 'public-host-outside-zone',
    severity: 'error',
    description: 'Every public host name (`<service>.<zone>`, `<service>.<region>.<zone>`, the probe names `<service>.<region>.probe.<zone>`, the CDN aliases `*.cdn.<zone>`, the anycast names `<service>.anycast.<zone>`) is a valid name inside `dns.zone`: at most 253 characters, and no region id takes the CDN or the anycast label.',
    check: (spec) => {
      const zone = spec.dns?.zone;
      if (typeof zone !== 'string') return [];
      const out: Finding[] = [];
      for (const [label, what] of [[CDN_LABEL, "the CDN's aliases"], [ANYCAST_LABEL, "the accelerator's anycast names"]] as const) {
        if (keys(spec.regions).includes(label)) {
          out.push({ at: ['regions', label], key: true, message: `region id \`${label}\` would put \`<service>.${label}.${zone}\` in both the region's names and ${what}`, expected: `a region id other than \`${label}\` (or \`${CDN_LABEL}\`/\`${ANYCAST_LABEL}\`)`, found: label });
        }
      }
      for (const [id, s] of entries(spec.services)) {
        if (!s?.public) continue;
        // the longest of a region's names: `<service>.<region>.<zone>` plus the probe label; a restore tier's also
        // answers at its primary's restore site, `<service>.restore-<primary>.<zone>`
        const restore = spec.tiers?.[s.tier]?.failover === 'restore';
        const hosts = servingRegions(spec, id).flatMap((region) => [probeHost(zone, id, region), ...(restore ? [regionalHost(zone, id, restoreSiteName(region))] : [])]);
        for (const host of hosts) {
          if (host.length > 253) out.push({ at: ['services', id], key: true, message: `public host \`${host}\` is longer than a DNS name may be`, expected: 'at most 253 characters (shorter service, region or zone names)', found: `${host.length} characters` });
        }
      }
      return dedupe(out);
    },
  },
  {
    code: 'region-id-reserved',
    severity: 'error',
    description: `A region id is not the name of another folder the GitOps agents read under \`gitops.path\`: \`${ARGOCD_FOLDER}\` (the Argo CD root Applications), \`${ADDONS_FOLDER}\` (the add-on layer), or a restore site's \`${restoreSiteName('<region>')}\` (also its stack's name), since every cluster's manifests are in \`<gitops.path>/<cluster>\`.`,
    check: (spec) => [
      ...keys(spec.regions)
        .filter((id) => keys(spec.regions).some((other) => restoreSiteName(other) === id))
        .map((id) => ({
          at: ['regions', id],
          key: true,
          message: `region id \`${id}\` is the name of the restore site of region \`${id.slice(restoreSiteName('').length)}\` (its stack, its cluster folder \`${String(spec.gitops?.path ?? D.DEFAULT_GITOPS_PATH)}/${id}\`)`,
          expected: `a region id that does not start with \`${restoreSiteName('')}\` followed by another region's id`,
          found: id,
          suggestion: `rename the region (e.g. \`${id.slice(restoreSiteName('').length)}-dr\`)`,
        })),
      ...[ARGOCD_FOLDER, ADDONS_FOLDER]
        .filter((folder) => keys(spec.regions).includes(folder))
        .map((folder) => ({
          at: ['regions', folder],
          key: true,
          message: `region id \`${folder}\` would put its manifests in \`${String(spec.gitops?.path ?? D.DEFAULT_GITOPS_PATH)}/${folder}\`, the folder the GitOps agents read for ${folder === ARGOCD_FOLDER ? 'the Argo CD root Applications' : 'the platform add-ons'}`,
          expected: `a region id other than ${[ARGOCD_FOLDER, ADDONS_FOLDER].map((f) => `\`${f}\``).join(' and ')}`,
          found: folder,
          suggestion: `rename the region (e.g. \`${folder}-1\`)`,
        })),
    ],
  },
  {
    code: 'project-not-gcp',
    severity: 'error',
    description: '`project` names a GCP project: only GCP regions have one (day1-clusters).',
    check: (spec) =>
      entries(spec.regions)
        .filter(([, r]) => r && typeof r === 'object' && r.project !== undefined && r.cloud !== 'gcp')
        .map(([id, r]) => ({
          at: ['regions', id, 'project'],
          key: true,
          message: `region \`${id}\` is on ${String(r!.cloud)}, which has no GCP project`,
          expected: 'project only on regions with `cloud: gcp`',
          found: String(r!.project),
          suggestion: 'remove `project`',
        })),
  },
  {
    code: 'alert-to-not-email',
    severity: 'error',
    description: '`to` (a recipient address) only on an alert route that delivers by email.',
    check: (spec) =>
      entries(spec.observability?.alerts as Dict<{ route?: unknown; via?: unknown; to?: unknown } | undefined>)
        .filter(([sev, r]) => r && typeof r === 'object' && r.to !== undefined && (r.via ?? D.DEFAULT_ALERT_VIA[sev as keyof typeof D.DEFAULT_ALERT_VIA]) !== 'email')
        .map(([sev, r]) => ({
          at: ['observability', 'alerts', sev, 'to'],
          key: true,
          message: `the ${sev} route \`${String(r!.route)}\` delivers by ${String(r!.via ?? D.DEFAULT_ALERT_VIA[sev as keyof typeof D.DEFAULT_ALERT_VIA])}, which has no recipient address`,
          expected: '`to` only with `via: email`',
          found: String(r!.to),
          suggestion: 'add `via: email` or remove `to`',
        })),
  },
  {
    code: 'alert-route-conflict',
    severity: 'error',
    description: 'Severities that share a route name share its receiver: the same `via` and `to`; distinct routes have distinct lower-case names (their secrets are named by it).',
    check: (spec) => {
      const out: Finding[] = [];
      const seen = new Map<string, { sev: string; route: string; how: string }>();
      for (const [sev, r] of entries(spec.observability?.alerts as Dict<{ route?: unknown; via?: unknown; to?: unknown } | undefined>)) {
        if (!r || typeof r !== 'object' || typeof r.route !== 'string') continue;
        const via = String(r.via ?? D.DEFAULT_ALERT_VIA[sev as keyof typeof D.DEFAULT_ALERT_VIA]);
        const how = via === 'email' ? `email to ${String(r.to ?? D.defaultAlertEmail(r.route, String(spec.dns?.zone)))}` : via;
        const key = receiverSlug(r.route);
        if (key === receiverSlug(HEARTBEAT_RECEIVER)) {
          out.push({ at: ['observability', 'alerts', sev, 'route'], message: `route name \`${r.route}\` is the receiver of the dead-man's switch`, expected: `a route name other than \`${HEARTBEAT_RECEIVER}\``, found: r.route });
          continue;
        }
        const prev = seen.get(key);
        if (!prev) {
          seen.set(key, { sev, route: r.route, how });
          continue;
        }
        if (prev.route !== r.route) {
          out.push({ at: ['observability', 'alerts', sev, 'route'], message: `routes \`${prev.route}\` (${prev.sev}) and \`${r.route}\` (${sev}) differ only in case or punctuation, so their secrets would share a name`, expected: 'the same route name, or names that differ in letters or digits', found: r.route, suggestion: `use \`${prev.route}\`` });
        } else if (prev.how !== how) {
          out.push({ at: ['observability', 'alerts', sev], message: `route \`${r.route}\` is used by ${prev.sev} (${prev.how}) and ${sev} (${how}): one receiver delivers one way`, expected: `the same \`via\` and \`to\` as ${prev.sev}`, found: how, suggestion: 'give the severities different route names' });
        }
      }
      return out;
    },
  },
  {
    code: 'admin-cloud-unused',
    severity: 'warning',
    description: '`access.admins.<cloud>` administers the clusters of that cloud: a cloud without regions has none (data-access).',
    check: (spec) => {
      const clouds = new Set(entries(spec.regions).map(([, r]) => (r && typeof r === 'object' ? r.cloud : undefined)));
      const admins = spec.access && typeof spec.access === 'object' && spec.access.admins && typeof spec.access.admins === 'object' ? spec.access.admins : {};
      return (['aws', 'gcp', 'azure'] as const)
        .filter((c) => (admins as Record<string, unknown>)[c] !== undefined && !clouds.has(c))
        .map((c) => ({
          at: ['access', 'admins', c],
          key: true,
          message: `no region is on ${c}: \`access.admins.${c}\` administers nothing`,
          expected: `a region with \`cloud: ${c}\`, or no \`access.admins.${c}\``,
          found: String((admins as Record<string, unknown>)[c]),
          suggestion: `remove \`access.admins.${c}\``,
        }));
    },
  },
];
