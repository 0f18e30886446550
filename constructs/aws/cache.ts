/**
 * ElastiCache (Redis) replication groups of a region, one per planned cache instance: the planned
 * number of nodes spread over the planned zones in order, Multi-AZ with automatic failover,
 * encryption in transit and at rest (KMS), a subnet group on the data subnets and a security group
 * reachable only from the cluster nodes.
 */
import { Construct } from 'constructs';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import type { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import type { CacheInstancePlan } from '../../synth/model/index';
import { withDefaults } from '../terraform/util';
import { DataStoreAccess } from './data-store-access';

export interface CachesProps {
  /** Prefix of shared names (security group, subnet group). */
  readonly namePrefix: string;
  readonly vpcId: string;
  /** Data subnets. */
  readonly subnetIds: readonly string[];
  /** Security group of the clients (the cluster nodes): the only allowed source. */
  readonly clientSecurityGroupId: string;
  readonly caches: readonly CacheInstancePlan[];
  readonly kmsKeyArn: string;
  /** Redis port, as the workloads' endpoints use it. */
  readonly port: number;
  /**
   * Extra tags of every replication group.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Redis engine version.
   * @default REDIS_VERSION ('7.1')
   */
  readonly engineVersion?: string;
  /**
   * ElastiCache user group per cache name (IAM-authenticated workload users; day1-clusters).
   * @default none (no user group: any client on the network may connect)
   */
  readonly userGroupIds?: ReadonlyMap<string, string>;
  /**
   * Parameter group (cluster mode disabled), matching the engine version.
   * @default REDIS_PARAMETER_GROUP ('default.redis7')
   */
  readonly parameterGroupName?: string;
}

export const REDIS_VERSION = '7.1';
export const REDIS_PARAMETER_GROUP = 'default.redis7';

const CACHES_DEFAULTS = {
  tags: {} as Readonly<Record<string, string>>,
  engineVersion: REDIS_VERSION,
  parameterGroupName: REDIS_PARAMETER_GROUP,
};

export interface CacheEndpoint {
  readonly name: string;
  /** Stable private DNS name from the plan. */
  readonly host: string;
  /** The replication group's primary endpoint. */
  readonly primaryEndpoint: string;
}

export class Caches extends Construct {
  readonly securityGroup: SecurityGroup;
  readonly replicationGroups: readonly ElasticacheReplicationGroup[];
  readonly endpoints: readonly CacheEndpoint[];

  constructor(scope: Construct, id: string, props: CachesProps) {
    super(scope, id);
    const p = withDefaults(CACHES_DEFAULTS, props);

    this.securityGroup = new DataStoreAccess(this, 'access', {
      name: `${p.namePrefix}-caches`,
      vpcId: p.vpcId,
      storeName: 'Redis replication groups',
      protocolName: 'Redis',
      port: p.port,
      clientSecurityGroupId: p.clientSecurityGroupId,
    }).securityGroup;

    const subnetGroup = new ElasticacheSubnetGroup(this, 'subnet-group', {
      name: `${p.namePrefix}-caches`,
      description: 'Data subnets',
      subnetIds: [...p.subnetIds],
      tags: { Name: `${p.namePrefix}-caches` },
    });

    const groups: ElasticacheReplicationGroup[] = [];
    const endpoints: CacheEndpoint[] = [];
    for (const cache of p.caches) {
      const group = new ElasticacheReplicationGroup(this, `redis-${cache.name}`, {
        replicationGroupId: cache.name,
        description: `${cache.cache} (${cache.region})`,
        engine: 'redis',
        engineVersion: p.engineVersion,
        parameterGroupName: p.parameterGroupName,
        nodeType: cache.nodeType,
        numCacheClusters: cache.nodes,
        preferredCacheClusterAzs: Array.from({ length: cache.nodes }, (_, i) => cache.zones[i % cache.zones.length]),
        multiAzEnabled: true,
        automaticFailoverEnabled: true,
        atRestEncryptionEnabled: 'true',
        kmsKeyId: p.kmsKeyArn,
        transitEncryptionEnabled: true,
        userGroupIds: p.userGroupIds?.has(cache.name) ? [p.userGroupIds.get(cache.name)!] : undefined,
        port: p.port,
        subnetGroupName: subnetGroup.name,
        securityGroupIds: [this.securityGroup.id],
        autoMinorVersionUpgrade: 'true',
        tags: { Name: cache.name, ...cache.tags, ...p.tags },
      });
      groups.push(group);
      endpoints.push({ name: cache.name, host: cache.host, primaryEndpoint: group.primaryEndpointAddress });
    }
    this.replicationGroups = groups;
    this.endpoints = endpoints;
  }
}
