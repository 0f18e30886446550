/**
 * Cloud regions a spec may name in `regions.<id>.location`, with their zones, country,
 * data-residency jurisdiction and city coordinates.
 *
 * Sources (facts, not guesses):
 * - AWS: "Regions and Availability Zones" and "AWS Availability Zones" / "AZ IDs" pages of the
 *   AWS Global Infrastructure documentation (docs.aws.amazon.com/global-infrastructure/latest/regions/),
 *   plus the region launch announcements for ca-west-1 (2023-12), ap-southeast-5 (2024-08),
 *   ap-southeast-7 and mx-central-1 (2025-01), ap-east-2 (2025-06) and ap-southeast-6 (2025-09).
 *   Only the commercial `aws` partition is listed: GovCloud (`us-gov-*`), China (`cn-*`) and the
 *   European Sovereign Cloud (`eusc-*`) are separate partitions with separate accounts.
 *   Zone letters: zone names are mapped per account in the oldest regions (accounts created before
 *   November 2025); the letters below are the ones a new account sees: us-west-1 exposes two zones
 *   (a, c), ap-northeast-1 three (a, c, d), ca-central-1 three (a, b, d).
 * - Google Cloud: "Regions and zones" page of the Compute Engine documentation
 *   (cloud.google.com/compute/docs/regions-zones), including the zone letters that skip
 *   (us-central1 a/b/c/f, us-east1 b/c/d, europe-west1 b/c/d), and the release notes for
 *   europe-north2 (Stockholm, 2025-03) and asia-southeast3 (Bangkok).
 * - Azure: "Azure regions list" (learn.microsoft.com/azure/reliability/regions-list, revision
 *   of 2025-09-23) for programmatic names, physical location and availability-zone support.
 *   Regions with zones get `["1","2","3"]`, regions without get `[]`. Access-restricted regions
 *   (australiacentral2, brazilsoutheast, francesouth, germanynorth, norwaywest,
 *   southafricawest, switzerlandwest, uaecentral) are listed because they exist and are
 *   reachable on request; regions shown as "coming soon" (denmarkeast) are not. Azure China
 *   and Azure Government are separate clouds and are not listed.
 * - Jurisdiction: EU membership per the European Union's list of member states
 *   (european-union.europa.eu, "Country profiles"); every other country is its own jurisdiction,
 *   keyed by its lower-case ISO 3166-1 alpha-2 code (`uk` for the United Kingdom).
 * - Coordinates: the city of the region as the provider names it (or the metro area where the
 *   provider gives only a state or country), in decimal degrees rounded to two places.
 */
import type { Cloud } from '../model/spec';
import type { CloudLocation, Continent } from './types';

/** ISO 3166-1 alpha-2 codes of the 27 EU member states. */
const EU_MEMBER_STATES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE',
  'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
]);

/** Data-residency jurisdiction of a country: `eu` for EU members, else its own code (`uk` for GB). */
export function jurisdictionOf(country: string): string {
  const code = country.toUpperCase();
  if (EU_MEMBER_STATES.has(code)) return 'eu';
  if (code === 'GB') return 'uk';
  return code.toLowerCase();
}

type Row = readonly [
  name: string,
  city: string,
  country: string,
  continent: Continent,
  lat: number,
  lon: number,
  zones: readonly string[],
];

const AZURE_ZONES = ['1', '2', '3'] as const;
const NO_ZONES: readonly string[] = [];

/** Zone names `<region><letter>` (AWS) or `<region>-<letter>` (GCP). */
const letters = (region: string, separator: '' | '-', ls: string): string[] =>
  [...ls].map((l) => `${region}${separator}${l}`);

// ---------------------------------------------------------------------------------------------
// AWS (commercial partition)
// ---------------------------------------------------------------------------------------------
const aws = (name: string, city: string, country: string, continent: Continent, lat: number, lon: number, zoneLetters = 'abc'): Row =>
  [name, city, country, continent, lat, lon, letters(name, '', zoneLetters)];

const AWS_ROWS: readonly Row[] = [
  aws('af-south-1', 'Cape Town', 'ZA', 'africa', -33.92, 18.42),
  aws('ap-east-1', 'Hong Kong', 'HK', 'asia', 22.32, 114.17),
  aws('ap-east-2', 'Taipei', 'TW', 'asia', 25.03, 121.57),
  aws('ap-northeast-1', 'Tokyo', 'JP', 'asia', 35.68, 139.69, 'acd'),
  aws('ap-northeast-2', 'Seoul', 'KR', 'asia', 37.57, 126.98, 'abcd'),
  aws('ap-northeast-3', 'Osaka', 'JP', 'asia', 34.69, 135.50),
  aws('ap-south-1', 'Mumbai', 'IN', 'asia', 19.08, 72.88),
  aws('ap-south-2', 'Hyderabad', 'IN', 'asia', 17.39, 78.49),
  aws('ap-southeast-1', 'Singapore', 'SG', 'asia', 1.35, 103.82),
  aws('ap-southeast-2', 'Sydney', 'AU', 'oceania', -33.87, 151.21),
  aws('ap-southeast-3', 'Jakarta', 'ID', 'asia', -6.21, 106.85),
  aws('ap-southeast-4', 'Melbourne', 'AU', 'oceania', -37.81, 144.96),
  aws('ap-southeast-5', 'Kuala Lumpur', 'MY', 'asia', 3.14, 101.69),
  aws('ap-southeast-6', 'Auckland', 'NZ', 'oceania', -36.85, 174.76),
  aws('ap-southeast-7', 'Bangkok', 'TH', 'asia', 13.76, 100.50),
  aws('ca-central-1', 'Montreal', 'CA', 'north-america', 45.50, -73.57, 'abd'),
  aws('ca-west-1', 'Calgary', 'CA', 'north-america', 51.05, -114.07),
  aws('eu-central-1', 'Frankfurt', 'DE', 'europe', 50.11, 8.68),
  aws('eu-central-2', 'Zurich', 'CH', 'europe', 47.37, 8.54),
  aws('eu-north-1', 'Stockholm', 'SE', 'europe', 59.33, 18.07),
  aws('eu-south-1', 'Milan', 'IT', 'europe', 45.46, 9.19),
  aws('eu-south-2', 'Zaragoza', 'ES', 'europe', 41.65, -0.89), // "Europe (Spain)", Aragón
  aws('eu-west-1', 'Dublin', 'IE', 'europe', 53.35, -6.26),
  aws('eu-west-2', 'London', 'GB', 'europe', 51.51, -0.13),
  aws('eu-west-3', 'Paris', 'FR', 'europe', 48.86, 2.35),
  aws('il-central-1', 'Tel Aviv', 'IL', 'asia', 32.09, 34.78),
  aws('me-central-1', 'Dubai', 'AE', 'asia', 25.20, 55.27), // "Middle East (UAE)": AWS names no city
  aws('me-south-1', 'Manama', 'BH', 'asia', 26.23, 50.59), // "Middle East (Bahrain)"
  aws('mx-central-1', 'Queretaro', 'MX', 'north-america', 20.59, -100.39),
  aws('sa-east-1', 'Sao Paulo', 'BR', 'south-america', -23.55, -46.63),
  aws('us-east-1', 'Ashburn', 'US', 'north-america', 39.04, -77.49, 'abcdef'), // N. Virginia
  aws('us-east-2', 'Columbus', 'US', 'north-america', 39.96, -83.00), // Ohio
  aws('us-west-1', 'San Jose', 'US', 'north-america', 37.34, -121.89, 'ac'), // N. California
  aws('us-west-2', 'Boardman', 'US', 'north-america', 45.84, -119.70, 'abcd'), // Oregon
];

// ---------------------------------------------------------------------------------------------
// Google Cloud
// ---------------------------------------------------------------------------------------------
const gcp = (name: string, city: string, country: string, continent: Continent, lat: number, lon: number, zoneLetters = 'abc'): Row =>
  [name, city, country, continent, lat, lon, letters(name, '-', zoneLetters)];

const GCP_ROWS: readonly Row[] = [
  gcp('africa-south1', 'Johannesburg', 'ZA', 'africa', -26.20, 28.05),
  gcp('asia-east1', 'Changhua County', 'TW', 'asia', 24.08, 120.54),
  gcp('asia-east2', 'Hong Kong', 'HK', 'asia', 22.32, 114.17),
  gcp('asia-northeast1', 'Tokyo', 'JP', 'asia', 35.68, 139.69),
  gcp('asia-northeast2', 'Osaka', 'JP', 'asia', 34.69, 135.50),
  gcp('asia-northeast3', 'Seoul', 'KR', 'asia', 37.57, 126.98),
  gcp('asia-south1', 'Mumbai', 'IN', 'asia', 19.08, 72.88),
  gcp('asia-south2', 'Delhi', 'IN', 'asia', 28.61, 77.21),
  gcp('asia-southeast1', 'Jurong West', 'SG', 'asia', 1.34, 103.71),
  gcp('asia-southeast2', 'Jakarta', 'ID', 'asia', -6.21, 106.85),
  gcp('asia-southeast3', 'Bangkok', 'TH', 'asia', 13.76, 100.50),
  gcp('australia-southeast1', 'Sydney', 'AU', 'oceania', -33.87, 151.21),
  gcp('australia-southeast2', 'Melbourne', 'AU', 'oceania', -37.81, 144.96),
  gcp('europe-central2', 'Warsaw', 'PL', 'europe', 52.23, 21.01),
  gcp('europe-north1', 'Hamina', 'FI', 'europe', 60.57, 27.20),
  gcp('europe-north2', 'Stockholm', 'SE', 'europe', 59.33, 18.07),
  gcp('europe-southwest1', 'Madrid', 'ES', 'europe', 40.42, -3.70),
  gcp('europe-west1', 'St. Ghislain', 'BE', 'europe', 50.45, 3.82, 'bcd'),
  gcp('europe-west10', 'Berlin', 'DE', 'europe', 52.52, 13.40),
  gcp('europe-west12', 'Turin', 'IT', 'europe', 45.07, 7.69),
  gcp('europe-west2', 'London', 'GB', 'europe', 51.51, -0.13),
  gcp('europe-west3', 'Frankfurt', 'DE', 'europe', 50.11, 8.68),
  gcp('europe-west4', 'Eemshaven', 'NL', 'europe', 53.44, 6.83),
  gcp('europe-west6', 'Zurich', 'CH', 'europe', 47.37, 8.54),
  gcp('europe-west8', 'Milan', 'IT', 'europe', 45.46, 9.19),
  gcp('europe-west9', 'Paris', 'FR', 'europe', 48.86, 2.35),
  gcp('me-central1', 'Doha', 'QA', 'asia', 25.29, 51.53),
  gcp('me-central2', 'Dammam', 'SA', 'asia', 26.43, 50.10),
  gcp('me-west1', 'Tel Aviv', 'IL', 'asia', 32.09, 34.78),
  gcp('northamerica-northeast1', 'Montreal', 'CA', 'north-america', 45.50, -73.57),
  gcp('northamerica-northeast2', 'Toronto', 'CA', 'north-america', 43.65, -79.38),
  gcp('northamerica-south1', 'Queretaro', 'MX', 'north-america', 20.59, -100.39),
  gcp('southamerica-east1', 'Osasco', 'BR', 'south-america', -23.53, -46.79), // Sao Paulo metro
  gcp('southamerica-west1', 'Santiago', 'CL', 'south-america', -33.45, -70.67),
  gcp('us-central1', 'Council Bluffs', 'US', 'north-america', 41.26, -95.86, 'abcf'), // Iowa
  gcp('us-east1', 'Moncks Corner', 'US', 'north-america', 33.20, -80.01, 'bcd'), // South Carolina
  gcp('us-east4', 'Ashburn', 'US', 'north-america', 39.04, -77.49), // Northern Virginia
  gcp('us-east5', 'Columbus', 'US', 'north-america', 39.96, -83.00),
  gcp('us-south1', 'Dallas', 'US', 'north-america', 32.78, -96.80),
  gcp('us-west1', 'The Dalles', 'US', 'north-america', 45.59, -121.18), // Oregon
  gcp('us-west2', 'Los Angeles', 'US', 'north-america', 34.05, -118.24),
  gcp('us-west3', 'Salt Lake City', 'US', 'north-america', 40.76, -111.89),
  gcp('us-west4', 'Las Vegas', 'US', 'north-america', 36.17, -115.14),
];

// ---------------------------------------------------------------------------------------------
// Azure (public cloud)
// ---------------------------------------------------------------------------------------------
const azure = (name: string, city: string, country: string, continent: Continent, lat: number, lon: number, hasZones: boolean): Row =>
  [name, city, country, continent, lat, lon, hasZones ? AZURE_ZONES : NO_ZONES];

const AZ = true; // region supports availability zones
const NO_AZ = false;

const AZURE_ROWS: readonly Row[] = [
  azure('australiacentral', 'Canberra', 'AU', 'oceania', -35.28, 149.13, NO_AZ),
  azure('australiacentral2', 'Canberra', 'AU', 'oceania', -35.28, 149.13, NO_AZ), // restricted
  azure('australiaeast', 'Sydney', 'AU', 'oceania', -33.87, 151.21, AZ), // New South Wales
  azure('australiasoutheast', 'Melbourne', 'AU', 'oceania', -37.81, 144.96, NO_AZ), // Victoria
  azure('austriaeast', 'Vienna', 'AT', 'europe', 48.21, 16.37, AZ),
  azure('belgiumcentral', 'Brussels', 'BE', 'europe', 50.85, 4.35, AZ),
  azure('brazilsouth', 'Sao Paulo', 'BR', 'south-america', -23.55, -46.63, AZ),
  azure('brazilsoutheast', 'Rio de Janeiro', 'BR', 'south-america', -22.91, -43.17, NO_AZ), // restricted
  azure('canadacentral', 'Toronto', 'CA', 'north-america', 43.65, -79.38, AZ),
  azure('canadaeast', 'Quebec City', 'CA', 'north-america', 46.81, -71.21, NO_AZ),
  azure('centralindia', 'Pune', 'IN', 'asia', 18.52, 73.86, AZ),
  azure('centralus', 'Des Moines', 'US', 'north-america', 41.59, -93.62, AZ), // Iowa
  azure('chilecentral', 'Santiago', 'CL', 'south-america', -33.45, -70.67, AZ),
  azure('eastasia', 'Hong Kong', 'HK', 'asia', 22.32, 114.17, AZ),
  azure('eastus', 'Boydton', 'US', 'north-america', 36.67, -78.39, AZ), // Virginia
  azure('eastus2', 'Boydton', 'US', 'north-america', 36.67, -78.39, AZ), // Virginia
  azure('francecentral', 'Paris', 'FR', 'europe', 48.86, 2.35, AZ),
  azure('francesouth', 'Marseille', 'FR', 'europe', 43.30, 5.37, NO_AZ), // restricted
  azure('germanynorth', 'Berlin', 'DE', 'europe', 52.52, 13.40, NO_AZ), // restricted
  azure('germanywestcentral', 'Frankfurt', 'DE', 'europe', 50.11, 8.68, AZ),
  azure('indonesiacentral', 'Jakarta', 'ID', 'asia', -6.21, 106.85, AZ),
  azure('israelcentral', 'Tel Aviv', 'IL', 'asia', 32.09, 34.78, AZ), // Microsoft lists "Israel"
  azure('italynorth', 'Milan', 'IT', 'europe', 45.46, 9.19, AZ),
  azure('japaneast', 'Tokyo', 'JP', 'asia', 35.68, 139.69, AZ), // Tokyo, Saitama
  azure('japanwest', 'Osaka', 'JP', 'asia', 34.69, 135.50, AZ),
  azure('koreacentral', 'Seoul', 'KR', 'asia', 37.57, 126.98, AZ),
  azure('koreasouth', 'Busan', 'KR', 'asia', 35.18, 129.08, NO_AZ),
  azure('malaysiawest', 'Kuala Lumpur', 'MY', 'asia', 3.14, 101.69, AZ),
  azure('mexicocentral', 'Queretaro', 'MX', 'north-america', 20.59, -100.39, AZ),
  azure('newzealandnorth', 'Auckland', 'NZ', 'oceania', -36.85, 174.76, AZ),
  azure('northcentralus', 'Chicago', 'US', 'north-america', 41.88, -87.63, NO_AZ), // Illinois
  azure('northeurope', 'Dublin', 'IE', 'europe', 53.35, -6.26, AZ), // Ireland
  azure('norwayeast', 'Oslo', 'NO', 'europe', 59.91, 10.75, AZ),
  azure('norwaywest', 'Stavanger', 'NO', 'europe', 58.97, 5.73, NO_AZ), // restricted
  azure('polandcentral', 'Warsaw', 'PL', 'europe', 52.23, 21.01, AZ),
  azure('qatarcentral', 'Doha', 'QA', 'asia', 25.29, 51.53, AZ),
  azure('southafricanorth', 'Johannesburg', 'ZA', 'africa', -26.20, 28.05, AZ),
  azure('southafricawest', 'Cape Town', 'ZA', 'africa', -33.92, 18.42, NO_AZ), // restricted
  azure('southcentralus', 'San Antonio', 'US', 'north-america', 29.42, -98.49, AZ), // Texas
  azure('southeastasia', 'Singapore', 'SG', 'asia', 1.35, 103.82, AZ),
  azure('southindia', 'Chennai', 'IN', 'asia', 13.08, 80.27, NO_AZ),
  azure('spaincentral', 'Madrid', 'ES', 'europe', 40.42, -3.70, AZ),
  azure('swedencentral', 'Gavle', 'SE', 'europe', 60.67, 17.14, AZ),
  azure('switzerlandnorth', 'Zurich', 'CH', 'europe', 47.37, 8.54, AZ),
  azure('switzerlandwest', 'Geneva', 'CH', 'europe', 46.20, 6.14, NO_AZ), // restricted
  azure('uaecentral', 'Abu Dhabi', 'AE', 'asia', 24.45, 54.38, NO_AZ), // restricted
  azure('uaenorth', 'Dubai', 'AE', 'asia', 25.20, 55.27, AZ),
  azure('uksouth', 'London', 'GB', 'europe', 51.51, -0.13, AZ),
  azure('ukwest', 'Cardiff', 'GB', 'europe', 51.48, -3.18, NO_AZ),
  azure('westcentralus', 'Cheyenne', 'US', 'north-america', 41.14, -104.82, NO_AZ), // Wyoming
  azure('westeurope', 'Amsterdam', 'NL', 'europe', 52.37, 4.90, AZ), // Netherlands
  azure('westindia', 'Mumbai', 'IN', 'asia', 19.08, 72.88, NO_AZ),
  azure('westus', 'San Francisco', 'US', 'north-america', 37.78, -122.42, NO_AZ), // California
  azure('westus2', 'Quincy', 'US', 'north-america', 47.23, -119.85, AZ), // Washington
  azure('westus3', 'Phoenix', 'US', 'north-america', 33.45, -112.07, AZ),
];

const toLocation = (cloud: Cloud) => ([name, city, country, continent, lat, lon, zones]: Row): CloudLocation =>
  Object.freeze({
    cloud,
    name,
    city,
    country,
    continent,
    jurisdiction: jurisdictionOf(country),
    lat,
    lon,
    zones: Object.freeze([...zones]),
  });

const byCloudThenName = (a: CloudLocation, b: CloudLocation): number =>
  a.cloud < b.cloud ? -1 : a.cloud > b.cloud ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

/** Every known region of AWS, Azure and Google Cloud, sorted by cloud then region name. */
export const LOCATIONS: readonly CloudLocation[] = Object.freeze(
  [
    ...AWS_ROWS.map(toLocation('aws')),
    ...GCP_ROWS.map(toLocation('gcp')),
    ...AZURE_ROWS.map(toLocation('azure')),
  ].sort(byCloudThenName),
);

const BY_KEY: ReadonlyMap<string, CloudLocation> = new Map(LOCATIONS.map((l) => [`${l.cloud}:${l.name}`, l]));

const BY_CLOUD: ReadonlyMap<Cloud, readonly CloudLocation[]> = new Map(
  (['aws', 'gcp', 'azure'] as const).map((c) => [c, Object.freeze(LOCATIONS.filter((l) => l.cloud === c))]),
);

/** The region `name` of `cloud`, or undefined when the catalog does not know it. */
export function findLocation(cloud: Cloud, name: string): CloudLocation | undefined {
  return BY_KEY.get(`${cloud}:${name}`);
}

/** All regions of one cloud, sorted by name. */
export function locationsOf(cloud: Cloud): readonly CloudLocation[] {
  return BY_CLOUD.get(cloud) ?? [];
}

/** Region names of one cloud, sorted (for error messages and schema enums). */
export function locationNames(cloud: Cloud): string[] {
  return locationsOf(cloud).map((l) => l.name);
}
