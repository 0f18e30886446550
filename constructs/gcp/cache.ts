/**
 * Memorystore for Redis instances of a GCP region, one per planned cache instance: Standard tier
 * with automatic failover (`STANDARD_HA`), the plan's nodes as one primary plus `nodes - 1` read
 * replicas over the planned zones (primary in the first, the failover replica's preferred zone in
 * the second), private IP only through Private Service Access on the region's network, TLS
 * (`SERVER_AUTHENTICATION`), AUTH on, the region's Cloud KMS key (CMEK) and the plan's tags as
 * labels.
 *
 * Memory size: `google_redis_instance` is sized in GB (`CacheInstancePlan.memoryGb`), not by node type.
 *
 * Port: with in-transit encryption Memorystore serves on 6378 (`PORT_WITH_TLS`); the plan's port must say
 * the same (the construct refuses a plan that disagrees, since NetworkPolicies open the plan's port).
 */
import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { RedisInstance } from '@cdktf/provider-google/lib/redis-instance';
import type { CacheInstancePlan, PlanLimits } from '../../synth/model/index';
import { withDefaults } from '../terraform/util';
import { gcpLabels } from './database';
import { PlanInvariantError } from '../../synth/util/errors';

export interface GcpCacheSpec {
  readonly instance: CacheInstancePlan;
  /** Memory of the instance in GB (an integer; at least 5 with read replicas). */
  readonly memorySizeGb: number;
}

export interface GcpCachesProps {
  /** GCP region. */
  readonly location: string;
  readonly networkId: string;
  /** Name of the Private Service Access range the instances take their addresses from. */
  readonly reservedIpRange: string;
  readonly caches: readonly GcpCacheSpec[];
  /** The plan's Memorystore limits (from the catalog, checked at validate time). */
  readonly limits: Pick<PlanLimits, 'memorystoreReadReplicas' | 'memorystoreInstanceIdLength'>;
  /** Cloud KMS key (CMEK) of the instances' data at rest. */
  readonly kmsKeyId: string;
  /** What must exist first: the Private Service Access connection and the key grant of the Memorystore service agent. */
  readonly dependsOn: readonly ITerraformDependable[];
  /**
   * Redis version.
   * @default REDIS_VERSION ('REDIS_7_2')
   */
  readonly redisVersion?: string;
}

export const REDIS_VERSION = 'REDIS_7_2';
/** Port of a Memorystore for Redis instance with in-transit encryption. */
export const PORT_WITH_TLS = 6378;
/** Memorystore: read replicas need at least 5 GB, and 1 to 5 replicas. */
export const READ_REPLICAS_MIN_GB = 5;

const GCP_CACHES_DEFAULTS = { redisVersion: REDIS_VERSION };

export interface GcpCacheEndpoint {
  readonly name: string;
  /** Stable private DNS name from the plan. */
  readonly host: string;
  /** Private IP of the primary. */
  readonly ip: string;
  readonly port: number;
}

export class GcpCaches extends Construct {
  readonly instances: readonly RedisInstance[];
  readonly endpoints: readonly GcpCacheEndpoint[];

  constructor(scope: Construct, id: string, props: GcpCachesProps) {
    super(scope, id);
    const p = withDefaults(GCP_CACHES_DEFAULTS, props);

    const instances: RedisInstance[] = [];
    const endpoints: GcpCacheEndpoint[] = [];
    for (const { instance: cache, memorySizeGb } of p.caches) {
      const replicas = cache.nodes - 1;
      const { memorystoreReadReplicas: replicaLimit, memorystoreInstanceIdLength: idLength } = p.limits;
      if (cache.name.length > idLength.max) throw new PlanInvariantError('caches', `Memorystore ${cache.name}: instance ids have at most ${idLength.max} characters`);
      if (replicas < replicaLimit.min || replicas > replicaLimit.max) throw new PlanInvariantError('caches', `Memorystore ${cache.name}: ${cache.nodes} nodes = ${replicas} read replicas, Memorystore takes ${replicaLimit.min} to ${replicaLimit.max}`);
      if (!Number.isInteger(memorySizeGb) || memorySizeGb < READ_REPLICAS_MIN_GB) {
        throw new PlanInvariantError('caches', `Memorystore ${cache.name}: memory ${memorySizeGb} GB must be a whole number of at least ${READ_REPLICAS_MIN_GB} GB with read replicas`);
      }
      if (cache.zones.length === 0) throw new PlanInvariantError('caches', `Memorystore ${cache.name}: no zone`);
      const redis = new RedisInstance(this, `redis-${cache.name}`, {
        name: cache.name,
        displayName: `${cache.cache} (${cache.region})`,
        region: p.location,
        tier: 'STANDARD_HA',
        memorySizeGb,
        redisVersion: p.redisVersion,
        locationId: cache.zones[0],
        alternativeLocationId: cache.zones[1],
        replicaCount: replicas,
        readReplicasMode: 'READ_REPLICAS_ENABLED',
        authorizedNetwork: p.networkId,
        connectMode: 'PRIVATE_SERVICE_ACCESS',
        reservedIpRange: p.reservedIpRange,
        transitEncryptionMode: 'SERVER_AUTHENTICATION',
        authEnabled: true,
        customerManagedKey: p.kmsKeyId,
        labels: gcpLabels({ ...cache.tags, 'node-type': cache.nodeType }),
        dependsOn: [...p.dependsOn],
      });
      instances.push(redis);
      if (cache.port !== PORT_WITH_TLS) throw new PlanInvariantError('caches', `Memorystore ${cache.name}: the plan says port ${cache.port}, Memorystore with TLS serves on ${PORT_WITH_TLS}`);
      endpoints.push({ name: cache.name, host: cache.host, ip: redis.host, port: cache.port });
    }
    this.instances = instances;
    this.endpoints = endpoints;
  }
}
