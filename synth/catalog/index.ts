/** The built-in catalog: cloud locations, edge POPs, size tables, list prices and geometry. */
export type { CloudLocation, Continent, MachineSize, Pop, SizeTable } from './types';
export { LOCATIONS, findLocation, jurisdictionOf, locationNames, locationsOf } from './locations';
export { POPS, findPop, popCodes } from './pops';
export { CACHE_SIZES, DATABASE_SIZES, DEFAULT_NODE_SIZE, NODE_SIZES, SIZES, allSizedTypes } from './sizes';
export {
  AURORA_STANDARD_IO_USD_PER_MILLION,
  DISCOUNTS,
  HOURLY_ON_DEMAND_USD,
  HOURS_PER_MONTH,
  PRICE_TABLE_DATE,
  REFERENCE_REGION,
  REGION_PRICE_MULTIPLIER,
  STORAGE_GB_MONTH_USD,
  hourlyOnDemand,
  priceMultiplier,
} from './prices';
export { EARTH_RADIUS_KM, greatCircleKm } from './geo';
export type { LatLon } from './geo';
export { AURORA_MAX_BYTES, AZURE_POSTGRES_MAX_STORAGE_MIB, AZURE_POSTGRES_STORAGE_STEPS_MIB, CLOUD_SQL_MAX_DISK_GB, MANAGED_POSTGRES_MAX_BYTES } from './managed-postgres';
export { AWS_OPT_IN_REGIONS, isAwsOptInRegion } from './opt-in';
export { AWS_QUOTAS, isStandardFamily } from './quotas';
export type { QuotaMeasure, ServiceQuota } from './quotas';
