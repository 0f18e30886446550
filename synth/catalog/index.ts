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
