/**
 * Azure Cache for Redis (Premium) of an Azure region, one per planned cache instance: sku, family and
 * capacity read off the catalog type (`Premium_P3` = sku Premium, family P, capacity 3), spread over
 * the planned zones with `nodes - 1` replicas per primary, TLS 1.2 only (the non-TLS port off),
 * Microsoft Entra ID authentication only (access keys off), and no public network access.
 *
 * Network: a private endpoint per cache in a data subnet (not VNet injection: an injected subnet may
 * hold nothing but caches, and Microsoft recommends Private Link), registered in the private DNS zone
 * `privatelink.redis.cache.windows.net` linked to the virtual network, so `<cache>.redis.cache.windows.net`
 * resolves to the endpoint's private IP inside the network.
 *
 * Port: Azure Cache for Redis serves TLS on 6380 (`PORT_WITH_TLS`), whatever the plan's endpoint
 * says; `endpoints[].port` is the cache's real port.
 */
import { Construct } from 'constructs';
import { PrivateDnsZone } from '@cdktf/provider-azurerm/lib/private-dns-zone';
import { PrivateDnsZoneVirtualNetworkLink } from '@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { RedisCache } from '@cdktf/provider-azurerm/lib/redis-cache';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import type { CacheInstancePlan, PlanLimits } from '../../synth/model/index';
import { withDefaults } from '../terraform/util';
import { PlanInvariantError } from '../../synth/util/errors';

export interface AzureCachesProps {
  /** Prefix of the resource group and cache names (cache names are global: `<name>.redis.cache.windows.net`). */
  readonly namePrefix: string;
  readonly location: string;
  /** Virtual network the private DNS zone is linked to. */
  readonly vnetId: string;
  /** Subnet of the private endpoints (a data subnet that is not delegated). */
  readonly endpointSubnetId: string;
  readonly caches: readonly CacheInstancePlan[];
  /** The plan's Azure Cache for Redis limits (from the catalog, checked at validate time). */
  readonly limits: Pick<PlanLimits, 'azureRedisReplicasPerPrimary' | 'azureRedisNameLength'>;
  /**
   * Tags of every resource (the caches' plan tags come on top).
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Redis version.
   * @default REDIS_VERSION ('6')
   */
  readonly redisVersion?: string;
  /**
   * Lowest TLS version accepted.
   * @default MINIMUM_TLS_VERSION ('1.2')
   */
  readonly minimumTlsVersion?: string;
}

export const REDIS_VERSION = '6';
export const MINIMUM_TLS_VERSION = '1.2';
export const PRIVATE_DNS_ZONE = 'privatelink.redis.cache.windows.net';
/** Private Link sub-resource of a cache. */
export const SUBRESOURCE = 'redisCache';
/** Port of Azure Cache for Redis over TLS. */
export const PORT_WITH_TLS = 6380;

const AZURE_CACHES_DEFAULTS = {
  tags: {} as Readonly<Record<string, string>>,
  redisVersion: REDIS_VERSION,
  minimumTlsVersion: MINIMUM_TLS_VERSION,
};

/** `Premium_P3` -> sku Premium, family P, capacity 3 (only Premium has zones and replicas). */
export function redisSku(nodeType: string): { skuName: string; family: string; capacity: number } {
  const m = /^(Premium)_(P)(\d+)$/.exec(nodeType);
  if (!m) throw new PlanInvariantError('caches', `Azure Cache for Redis: ${nodeType} is not a Premium type (Premium_P<capacity>)`);
  return { skuName: m[1], family: m[2], capacity: Number(m[3]) };
}

export interface AzureCacheEndpoint {
  readonly name: string;
  /** Stable private DNS name from the plan. */
  readonly host: string;
  /** The cache's host name (resolves to the private endpoint inside the network). */
  readonly hostname: string;
  readonly port: number;
}

export class AzureCaches extends Construct {
  readonly resourceGroup: ResourceGroup;
  readonly caches: readonly RedisCache[];
  readonly privateEndpoints: readonly PrivateEndpoint[];
  readonly endpoints: readonly AzureCacheEndpoint[];

  constructor(scope: Construct, id: string, props: AzureCachesProps) {
    super(scope, id);
    const p = withDefaults(AZURE_CACHES_DEFAULTS, props);
    const common = { location: p.location, tags: { ...p.tags } };

    this.resourceGroup = new ResourceGroup(this, 'rg', { name: `${p.namePrefix}-caches`, ...common });
    const rg = this.resourceGroup.name;
    const dnsZone = new PrivateDnsZone(this, 'dns-zone', { name: PRIVATE_DNS_ZONE, resourceGroupName: rg, tags: { ...p.tags } });
    new PrivateDnsZoneVirtualNetworkLink(this, 'dns-link', {
      name: `${p.namePrefix}-redis`,
      resourceGroupName: rg,
      privateDnsZoneName: dnsZone.name,
      virtualNetworkId: p.vnetId,
      registrationEnabled: false,
      tags: { ...p.tags },
    });

    const caches: RedisCache[] = [];
    const privateEndpoints: PrivateEndpoint[] = [];
    const endpoints: AzureCacheEndpoint[] = [];
    for (const cache of p.caches) {
      const name = `${p.namePrefix}-${cache.name}`;
      const { azureRedisReplicasPerPrimary: replicaLimit, azureRedisNameLength: nameLength } = p.limits;
      if (!/^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(name) || name.length < nameLength.min || name.length > nameLength.max) throw new PlanInvariantError('caches', `Azure Cache for Redis ${name}: names are ${nameLength.min}-${nameLength.max} lower-case letters, digits and hyphens`);
      const replicas = cache.nodes - 1;
      if (replicas < replicaLimit.min || replicas > replicaLimit.max) {
        throw new PlanInvariantError('caches', `Azure Cache for Redis ${name}: ${cache.nodes} nodes = ${replicas} replicas per primary, Premium takes ${replicaLimit.min} to ${replicaLimit.max}`);
      }
      const tags = { ...p.tags, ...cache.tags, 'node-type': cache.nodeType };
      const redis = new RedisCache(this, `redis-${cache.name}`, {
        name,
        resourceGroupName: rg,
        location: p.location,
        ...redisSku(cache.nodeType),
        redisVersion: p.redisVersion,
        zones: [...cache.zones],
        replicasPerPrimary: replicas,
        minimumTlsVersion: p.minimumTlsVersion,
        nonSslPortEnabled: false,
        publicNetworkAccessEnabled: false,
        accessKeysAuthenticationEnabled: false,
        redisConfiguration: { activeDirectoryAuthenticationEnabled: true },
        tags,
      });
      const endpoint = new PrivateEndpoint(this, `endpoint-${cache.name}`, {
        name: `${name}-redis`,
        resourceGroupName: rg,
        location: p.location,
        subnetId: p.endpointSubnetId,
        privateServiceConnection: { name, privateConnectionResourceId: redis.id, subresourceNames: [SUBRESOURCE], isManualConnection: false },
        privateDnsZoneGroup: { name: 'redis', privateDnsZoneIds: [dnsZone.id] },
        tags,
      });
      caches.push(redis);
      privateEndpoints.push(endpoint);
      endpoints.push({ name, host: cache.host, hostname: redis.hostname, port: PORT_WITH_TLS });
    }
    this.caches = caches;
    this.privateEndpoints = privateEndpoints;
    this.endpoints = endpoints;
  }
}
