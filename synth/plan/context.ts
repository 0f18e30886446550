/**
 * What every planning step reads: the normalized spec, catalog look-ups, shared derived values and the
 * names shared across outputs. Built once per plan() call; planning steps never mutate it (except the
 * diagnostics sink, which only grows).
 */
import { findLocation } from '../catalog';
import type { CloudLocation } from '../catalog/types';
import type { NormalizedSpec, NRegion, NTier } from '../model/index';
import type { Diagnostic } from '../util/errors';
import { planInvariant } from './invariant';
import * as C from './constants';
import { failureThreshold, growthMultiplier } from './formulas';

export interface PlanContext {
  readonly spec: NormalizedSpec;
  /** Planning diagnostics (located by spec path); steps push, nobody removes. */
  readonly diagnostics: Diagnostic[];
  /** Catalog location of a spec region. */
  readonly loc: (r: NRegion) => CloudLocation;
  readonly region: (id: string) => NRegion;
  readonly primaries: readonly NRegion[];
  /** primary region id -> its failover region id. */
  readonly failoverOf: ReadonlyMap<string, string>;
  readonly tierOf: ReadonlyMap<string, NTier>;
  readonly interval: number;
  readonly threshold: number;
  readonly multiplier: number;
  readonly tags: Readonly<Record<string, string>>;
  /** Domain of the platform's label and taint keys: the spec's DNS zone (a DNS subdomain the platform team owns). */
  readonly labelDomain: string;
  readonly names: PlanNames;
}

/** Names that two outputs share (Terraform and Kubernetes), derived in one place. */
export interface PlanNames {
  readonly privateZone: (rid: string) => string;
  /** A region's own name for a public service, `<service>.<region>.<zone>` (the failover name of a primary). */
  readonly failoverName: (service: string, rid: string) => string;
  readonly dbHost: (db: string, shard: number, shards: number, rid: string, reader?: boolean) => string;
}

export function createContext(spec: NormalizedSpec, diagnostics: Diagnostic[]): PlanContext {
  const privateZone = (rid: string) => `${rid}.internal`;
  return {
    spec,
    diagnostics,
    loc: (r) => {
      const l = findLocation(r.cloud, r.location);
      planInvariant(l, `regions.${r.id}.location`, `location ${r.cloud}/${r.location} vanished from the catalog after validation`);
      return l;
    },
    region: (id) => {
      const r = spec.regions.find((x) => x.id === id);
      planInvariant(r, 'regions', `unknown region ${id}`);
      return r;
    },
    primaries: spec.regions.filter((r) => !r.failoverFor),
    failoverOf: new Map(spec.regions.filter((r) => r.failoverFor).map((r) => [r.failoverFor!, r.id])),
    tierOf: new Map(spec.tiers.map((t) => [t.id, t])),
    interval: spec.availability.healthCheckIntervalSeconds,
    threshold: failureThreshold(spec.availability.healthCheckIntervalSeconds, spec.availability.removeAfterSeconds),
    multiplier: growthMultiplier(spec.capacity.growth, spec.scaling.safetyFactor, spec.capacity.horizonMonths),
    tags: { platform: spec.name, environment: spec.environment, 'managed-by': 'platform-spec' },
    labelDomain: spec.dns.zone,
    names: {
      privateZone,
      failoverName: (service, rid) => `${service}.${rid}.${spec.dns.zone}`,
      dbHost: (db, shard, shards, rid, reader = false) => `${shards > 1 ? `${db}-shard-${shard}` : db}${reader ? '-ro' : ''}.db.${privateZone(rid)}`,
    },
  };
}
