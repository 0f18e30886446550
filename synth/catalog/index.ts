/** The built-in catalog: cloud locations, edge POPs, size tables, list prices and geometry. */
export type { CloudLocation, Continent, MachineSize, Pop, SizeTable } from './types';
export { LOCATIONS, findLocation, jurisdictionOf, locationNames, locationsOf } from './locations';
export { POPS, findPop, popCodes } from './pops';
export { CACHE_SIZES, DATABASE_SIZES, MIN_NODE_SIZE, NODE_SIZES, SIZES, allSizedTypes } from './sizes';
export {
  AURORA_STANDARD_IO_USD_PER_MILLION,
  AZURE_VPN_GATEWAY_HOURLY_USD,
  DISCOUNTS,
  GCP_CLOUD_NAT_VM_CAP,
  HOURLY_ON_DEMAND_USD,
  HOURS_PER_MONTH,
  INFRA_PRICES,
  PRICE_TABLE_DATE,
  REFERENCE_REGION,
  REGION_PRICE_MULTIPLIER,
  ROUTE53_FAST_INTERVAL_SECONDS,
  STORAGE_GB_MONTH_USD,
  azureVpnGatewayHourly,
  hourlyOnDemand,
  infraUnitMonthly,
  priceMultiplier,
} from './prices';
export type { InfraPrice, InfraPriceKey } from './prices';
export { EARTH_RADIUS_KM, greatCircleKm } from './geo';
export type { LatLon } from './geo';
export { RESTORE_THROUGHPUT, type RestoreThroughput } from './restore';
export { AURORA_MAX_BYTES, AZURE_POSTGRES_MAX_STORAGE_MIB, AZURE_POSTGRES_STORAGE_STEPS_MIB, CLOUD_SQL_MAX_DISK_GB, MANAGED_POSTGRES_MAX_BYTES } from './managed-postgres';
export { DMS_ALLOCATED_STORAGE_GB, DMS_INSTANCE_CLASSES, DMS_SOURCE_ENGINE, DMS_TARGET_ENGINE, AWS_RESERVED_INSIDE_CIDRS, AWS_TUNNELS_PER_CONNECTION, AZURE_APIPA_CIDRS, AZURE_GATEWAY_SUBNET_NAME, AZURE_GATEWAY_SUBNET_PREFIX, AZURE_VPN_GATEWAY_SKU, PEER_GATEWAY_DEVICES, PRIVATE_ASN_RANGE, RESERVED_ASNS, TUNNEL_INSIDE_BLOCK, TUNNEL_INSIDE_PREFIX } from './vpn';
export { AWS_OPT_IN_REGIONS, isAwsOptInRegion } from './opt-in';
export { AWS_QUOTAS, CLOUD_QUOTAS, isAzureDsv5, isGcpN2, isStandardFamily } from './quotas';
export type { CloudQuota, CloudQuotaMeasure, QuotaMeasure, ServiceQuota } from './quotas';
