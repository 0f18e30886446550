/**
 * Edge points of presence a spec may name in `edge.pops`, keyed by the IATA code (lower case)
 * of the airport serving the metro area, as CDNs and anycast networks conventionally name them.
 *
 * Sources (facts, not guesses):
 * - Codes: IATA Airport Codes search (iata.org/en/publications/directories/code-search/).
 * - Coordinates: the airport reference point published in each airport's AIP entry (as
 *   collected by the OurAirports open data set, ourairports.com/data, and ICAO/FAA records),
 *   in decimal degrees rounded to two places. Coordinates are those of the airport, not of the
 *   city centre; an edge POP sits in the metro area, so the difference (< 50 km) is noise for
 *   latency estimates.
 * - Continent: the UN M49 geoscheme ("Standard country or area codes for statistical use"),
 *   with Western Asia (Gulf states, Israel) counted as `asia`, Mexico and Central America as
 *   `north-america`, and Istanbul Airport (on the European side of the Bosphorus) as `europe`.
 */
import type { Continent, Pop } from './types';

type Row = readonly [code: string, city: string, country: string, continent: Continent, lat: number, lon: number];

const ROWS: readonly Row[] = [
  // North America
  ['atl', 'Atlanta', 'US', 'north-america', 33.64, -84.43],
  ['bos', 'Boston', 'US', 'north-america', 42.36, -71.01],
  ['den', 'Denver', 'US', 'north-america', 39.86, -104.67],
  ['dfw', 'Dallas', 'US', 'north-america', 32.90, -97.04],
  ['ewr', 'Newark', 'US', 'north-america', 40.69, -74.17],
  ['iad', 'Washington Dulles', 'US', 'north-america', 38.94, -77.46],
  ['jfk', 'New York', 'US', 'north-america', 40.64, -73.78],
  ['lax', 'Los Angeles', 'US', 'north-america', 33.94, -118.41],
  ['mex', 'Mexico City', 'MX', 'north-america', 19.44, -99.07],
  ['mia', 'Miami', 'US', 'north-america', 25.79, -80.29],
  ['ord', 'Chicago', 'US', 'north-america', 41.98, -87.90],
  ['phx', 'Phoenix', 'US', 'north-america', 33.43, -112.01],
  ['qro', 'Queretaro', 'MX', 'north-america', 20.62, -100.19],
  ['sea', 'Seattle', 'US', 'north-america', 47.45, -122.31],
  ['sjc', 'San Jose', 'US', 'north-america', 37.36, -121.93],
  ['yul', 'Montreal', 'CA', 'north-america', 45.47, -73.74],
  ['yvr', 'Vancouver', 'CA', 'north-america', 49.19, -123.18],
  ['yyz', 'Toronto', 'CA', 'north-america', 43.68, -79.63],
  // South America
  ['bog', 'Bogota', 'CO', 'south-america', 4.70, -74.15],
  ['eze', 'Buenos Aires', 'AR', 'south-america', -34.82, -58.54],
  ['gig', 'Rio de Janeiro', 'BR', 'south-america', -22.81, -43.25],
  ['gru', 'Sao Paulo', 'BR', 'south-america', -23.44, -46.47],
  ['lim', 'Lima', 'PE', 'south-america', -12.02, -77.11],
  ['scl', 'Santiago', 'CL', 'south-america', -33.39, -70.79],
  // Europe
  ['ams', 'Amsterdam', 'NL', 'europe', 52.31, 4.77],
  ['arn', 'Stockholm', 'SE', 'europe', 59.65, 17.92],
  ['bru', 'Brussels', 'BE', 'europe', 50.90, 4.49],
  ['cdg', 'Paris', 'FR', 'europe', 49.01, 2.55],
  ['cph', 'Copenhagen', 'DK', 'europe', 55.62, 12.65],
  ['dub', 'Dublin', 'IE', 'europe', 53.42, -6.27],
  ['fra', 'Frankfurt', 'DE', 'europe', 50.04, 8.56],
  ['hel', 'Helsinki', 'FI', 'europe', 60.32, 24.96],
  ['ist', 'Istanbul', 'TR', 'europe', 41.28, 28.75],
  ['lhr', 'London', 'GB', 'europe', 51.47, -0.45],
  ['mad', 'Madrid', 'ES', 'europe', 40.50, -3.57],
  ['mrs', 'Marseille', 'FR', 'europe', 43.44, 5.22],
  ['muc', 'Munich', 'DE', 'europe', 48.35, 11.79],
  ['mxp', 'Milan', 'IT', 'europe', 45.63, 8.73],
  ['osl', 'Oslo', 'NO', 'europe', 60.20, 11.10],
  ['vie', 'Vienna', 'AT', 'europe', 48.11, 16.57],
  ['waw', 'Warsaw', 'PL', 'europe', 52.17, 20.97],
  ['zrh', 'Zurich', 'CH', 'europe', 47.46, 8.56],
  // Asia (including Western Asia)
  ['bkk', 'Bangkok', 'TH', 'asia', 13.69, 100.75],
  ['bom', 'Mumbai', 'IN', 'asia', 19.09, 72.87],
  ['cgk', 'Jakarta', 'ID', 'asia', -6.13, 106.66],
  ['del', 'New Delhi', 'IN', 'asia', 28.56, 77.10],
  ['doh', 'Doha', 'QA', 'asia', 25.27, 51.61],
  ['dxb', 'Dubai', 'AE', 'asia', 25.25, 55.37],
  ['hkg', 'Hong Kong', 'HK', 'asia', 22.31, 113.92],
  ['icn', 'Seoul', 'KR', 'asia', 37.46, 126.44],
  ['kix', 'Osaka', 'JP', 'asia', 34.43, 135.24],
  ['kul', 'Kuala Lumpur', 'MY', 'asia', 2.75, 101.71],
  ['maa', 'Chennai', 'IN', 'asia', 12.99, 80.17],
  ['mnl', 'Manila', 'PH', 'asia', 14.51, 121.02],
  ['nrt', 'Tokyo', 'JP', 'asia', 35.77, 140.39],
  ['ruh', 'Riyadh', 'SA', 'asia', 24.96, 46.70],
  ['sin', 'Singapore', 'SG', 'asia', 1.36, 103.99],
  ['tlv', 'Tel Aviv', 'IL', 'asia', 32.01, 34.89],
  ['tpe', 'Taipei', 'TW', 'asia', 25.08, 121.23],
  // Africa
  ['cai', 'Cairo', 'EG', 'africa', 30.12, 31.41],
  ['cpt', 'Cape Town', 'ZA', 'africa', -33.97, 18.60],
  ['jnb', 'Johannesburg', 'ZA', 'africa', -26.14, 28.25],
  ['los', 'Lagos', 'NG', 'africa', 6.58, 3.32],
  ['nbo', 'Nairobi', 'KE', 'africa', -1.32, 36.93],
  // Oceania
  ['akl', 'Auckland', 'NZ', 'oceania', -37.01, 174.79],
  ['bne', 'Brisbane', 'AU', 'oceania', -27.38, 153.12],
  ['mel', 'Melbourne', 'AU', 'oceania', -37.67, 144.84],
  ['per', 'Perth', 'AU', 'oceania', -31.94, 115.97],
  ['syd', 'Sydney', 'AU', 'oceania', -33.94, 151.18],
];

/** Every known edge POP, sorted by code. */
export const POPS: readonly Pop[] = Object.freeze(
  ROWS.map(([code, city, country, continent, lat, lon]): Pop => Object.freeze({ code, city, country, continent, lat, lon }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
);

const BY_CODE: ReadonlyMap<string, Pop> = new Map(POPS.map((p) => [p.code, p]));

/** The POP with IATA code `code` (any case), or undefined. */
export function findPop(code: string): Pop | undefined {
  return BY_CODE.get(code.toLowerCase());
}

/** All POP codes, sorted. */
export function popCodes(): string[] {
  return POPS.map((p) => p.code);
}
