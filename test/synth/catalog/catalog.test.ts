import type { Cloud, Size } from '../../../synth/model/spec';
import {
  CACHE_SIZES,
  DATABASE_SIZES,
  MIN_NODE_SIZE,
  DISCOUNTS,
  HOURLY_ON_DEMAND_USD,
  HOURS_PER_MONTH,
  LOCATIONS,
  NODE_SIZES,
  POPS,
  PRICE_TABLE_DATE,
  REFERENCE_REGION,
  REGION_PRICE_MULTIPLIER,
  SIZES,
  STORAGE_GB_MONTH_USD,
  findLocation,
  findPop,
  greatCircleKm,
  hourlyOnDemand,
  locationNames,
  locationsOf,
  popCodes,
  priceMultiplier,
} from '../../../synth/catalog';
import type { Continent, SizeTable } from '../../../synth/catalog';

const CLOUDS: readonly Cloud[] = ['aws', 'gcp', 'azure'];
const CONTINENTS: readonly Continent[] = ['north-america', 'south-america', 'europe', 'asia', 'africa', 'oceania'];

describe('locations', () => {
  test('every (cloud, name) is unique', () => {
    // GIVEN the catalog
    // WHEN keying every location by cloud and name
    const keys = LOCATIONS.map((l) => `${l.cloud}:${l.name}`);
    // THEN no key repeats
    expect(new Set(keys).size).toBe(keys.length);
  });

  test('the list is sorted by cloud then name', () => {
    // GIVEN the catalog order
    const keys = LOCATIONS.map((l) => [l.cloud, l.name] as const);
    // WHEN sorting a copy by cloud then name
    const sorted = [...keys].sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1));
    // THEN the order is unchanged
    expect(keys).toEqual(sorted);
  });

  test.each([
    ['aws', 30],
    ['gcp', 40],
    ['azure', 50],
  ] as const)('%s lists its full public region list (>= %i regions)', (cloud, min) => {
    // GIVEN one cloud
    // WHEN listing its locations
    // THEN the list is at least the size of the provider's public region list
    expect(locationsOf(cloud).length).toBeGreaterThanOrEqual(min);
    expect(locationNames(cloud)).toEqual(locationsOf(cloud).map((l) => l.name));
  });

  test.each(LOCATIONS.filter((l) => l.cloud !== 'azure').map((l) => [l.cloud, l.name, l.zones] as const))(
    '%s %s has zones named after the region',
    (_cloud, name, zones) => {
      // GIVEN an AWS or GCP region
      // WHEN reading its zones
      // THEN there is at least one and every zone name starts with the region name
      expect(zones.length).toBeGreaterThanOrEqual(1);
      for (const zone of zones) expect(zone.startsWith(name)).toBe(true);
    },
  );

  test.each(LOCATIONS.filter((l) => l.cloud === 'azure').map((l) => [l.name, l.zones] as const))(
    'azure %s has either no zones or zones 1, 2, 3',
    (_name, zones) => {
      // GIVEN an Azure region
      // WHEN reading its zones
      // THEN they are Azure's logical zone numbers or empty
      expect([[], ['1', '2', '3']]).toContainEqual([...zones]);
    },
  );

  test.each([
    ['westeurope', true],
    ['northeurope', true],
    ['germanywestcentral', true],
    ['francecentral', true],
    ['uksouth', true],
    ['eastus', true],
    ['eastus2', true],
    ['centralus', true],
    ['southeastasia', true],
    ['japaneast', true],
    ['westus', false],
    ['northcentralus', false],
    ['ukwest', false],
    ['francesouth', false],
  ] as const)('azure %s availability-zone support is %s', (name, hasZones) => {
    // GIVEN an Azure region with documented AZ support
    const location = findLocation('azure', name);
    // WHEN looking it up
    // THEN its zones match the documentation
    expect(location).toBeDefined();
    expect(location!.zones.length > 0).toBe(hasZones);
  });

  test('gcp zones follow the documented letters where they skip', () => {
    // GIVEN regions whose zone letters skip
    // WHEN reading them
    // THEN they match the Regions and zones page
    expect(findLocation('gcp', 'us-central1')!.zones).toEqual(['us-central1-a', 'us-central1-b', 'us-central1-c', 'us-central1-f']);
    expect(findLocation('gcp', 'us-east1')!.zones).toEqual(['us-east1-b', 'us-east1-c', 'us-east1-d']);
    expect(findLocation('gcp', 'europe-west1')!.zones).toEqual(['europe-west1-b', 'europe-west1-c', 'europe-west1-d']);
  });

  test.each([
    ['aws', 'eu-central-1', 'eu', 'DE'],
    ['azure', 'westeurope', 'eu', 'NL'],
    ['azure', 'uksouth', 'uk', 'GB'],
    ['gcp', 'asia-southeast1', 'sg', 'SG'],
    ['aws', 'me-central-1', 'ae', 'AE'],
    ['aws', 'ca-central-1', 'ca', 'CA'],
    ['gcp', 'europe-west6', 'ch', 'CH'],
    ['azure', 'norwayeast', 'no', 'NO'],
    ['aws', 'eu-north-1', 'eu', 'SE'],
    ['gcp', 'me-central2', 'sa', 'SA'],
    ['azure', 'qatarcentral', 'qa', 'QA'],
    ['gcp', 'southamerica-west1', 'cl', 'CL'],
  ] as const)('%s %s is in jurisdiction %s (%s)', (cloud, name, jurisdiction, country) => {
    // GIVEN a well-known region
    const location = findLocation(cloud, name);
    // WHEN reading its residency facts
    // THEN jurisdiction and country are as expected
    expect(location?.jurisdiction).toBe(jurisdiction);
    expect(location?.country).toBe(country);
  });

  test.each([
    ['aws', 'us-east-1'],
    ['aws', 'eu-central-1'],
    ['aws', 'ap-southeast-1'],
    ['gcp', 'us-central1'],
    ['gcp', 'asia-southeast1'],
    ['azure', 'westeurope'],
  ] as const)('the reference spec location %s %s exists', (cloud, name) => {
    // GIVEN a location named in platform.spec.yaml
    // WHEN looking it up
    // THEN the catalog knows it
    expect(findLocation(cloud, name)).toBeDefined();
  });

  test('unknown locations are undefined, not a neighbour', () => {
    // GIVEN a region of another cloud and a made-up region
    // WHEN looking them up
    // THEN nothing is found
    expect(findLocation('gcp', 'us-east-1')).toBeUndefined();
    expect(findLocation('aws', 'mars-north-1')).toBeUndefined();
  });

  test('every location has sane facts', () => {
    // GIVEN the catalog
    for (const l of LOCATIONS) {
      // THEN countries are ISO alpha-2 upper case, coordinates in range, continent known
      expect(l.country).toMatch(/^[A-Z]{2}$/);
      expect(l.jurisdiction).toMatch(/^[a-z]{2}$/);
      expect(Math.abs(l.lat)).toBeLessThanOrEqual(90);
      expect(Math.abs(l.lon)).toBeLessThanOrEqual(180);
      expect(CONTINENTS).toContain(l.continent);
      expect(l.city.length).toBeGreaterThan(0);
    }
  });
});

describe('pops', () => {
  test('there are at least 40 POPs on 6 continents, sorted by lower-case code', () => {
    // GIVEN the POP list
    const codes = popCodes();
    // WHEN reading codes and continents
    // THEN the list is large enough, sorted, unique and lower case
    expect(codes.length).toBeGreaterThanOrEqual(40);
    expect(codes).toEqual([...codes].sort());
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[a-z]{3}$/);
    expect(new Set(POPS.map((p) => p.continent))).toEqual(new Set(CONTINENTS));
  });

  test.each(
    ['iad', 'ord', 'sjc', 'yyz', 'mex', 'gru', 'lhr', 'fra', 'cdg', 'ams', 'mad', 'ist', 'dxb', 'jnb', 'bom', 'sin', 'hkg', 'nrt', 'icn', 'syd'].map(
      (c) => [c],
    ),
  )('the reference spec POP %s exists', (code) => {
    // GIVEN a POP named in platform.spec.yaml
    // WHEN looking it up (any case)
    // THEN it is found
    expect(findPop(code)?.code).toBe(code);
    expect(findPop(code.toUpperCase())?.code).toBe(code);
  });

  test.each([
    ['gru', 'south-america'],
    ['mex', 'north-america'],
    ['jnb', 'africa'],
    ['syd', 'oceania'],
    ['dxb', 'asia'],
    ['ist', 'europe'],
  ] as const)('%s is in %s', (code, continent) => {
    // GIVEN a POP
    // WHEN reading its continent
    // THEN it matches geography
    expect(findPop(code)?.continent).toBe(continent);
  });
});

describe('geo', () => {
  test.each([
    ['gru', 'iad', 7000, 8000],
    ['lhr', 'cdg', 330, 360],
    ['sin', 'syd', 6250, 6350],
    ['jfk', 'lhr', 5500, 5600],
  ] as const)('great-circle %s to %s is between %i and %i km', (from, to, min, max) => {
    // GIVEN two airports
    const a = findPop(from)!;
    const b = findPop(to)!;
    // WHEN measuring the distance both ways
    const km = greatCircleKm(a, b);
    // THEN it is in the known range and symmetric
    expect(km).toBeGreaterThan(min);
    expect(km).toBeLessThan(max);
    expect(greatCircleKm(b, a)).toBeCloseTo(km, 6);
  });

  test('London to Paris city centres is about 344 km', () => {
    // GIVEN the city coordinates of eu-west-2 (London) and eu-west-3 (Paris)
    const london = findLocation('aws', 'eu-west-2')!;
    const paris = findLocation('aws', 'eu-west-3')!;
    // WHEN measuring
    // THEN the haversine distance is ~344 km
    expect(greatCircleKm(london, paris)).toBeGreaterThan(335);
    expect(greatCircleKm(london, paris)).toBeLessThan(350);
  });

  test('a point is 0 km from itself', () => {
    // GIVEN one point
    // WHEN measuring to itself
    // THEN the distance is zero
    expect(greatCircleKm({ lat: 1.35, lon: 103.82 }, { lat: 1.35, lon: 103.82 })).toBe(0);
  });
});

describe('sizes and prices', () => {
  const TABLES: readonly (readonly [string, SizeTable])[] = [
    ['NODE_SIZES', NODE_SIZES],
    ['DATABASE_SIZES', DATABASE_SIZES],
    ['CACHE_SIZES', CACHE_SIZES],
  ];
  const ROWS = TABLES.flatMap(([name, table]) =>
    CLOUDS.flatMap((cloud) => SIZES.map((size) => [name, cloud, size, table[cloud][size].type] as const)),
  );

  test.each(ROWS)('%s %s %s (%s) has a price', (_table, cloud, _size, type) => {
    // GIVEN a type from a size table
    // WHEN pricing it in the reference region
    const price = hourlyOnDemand(cloud, type, REFERENCE_REGION[cloud]);
    // THEN the price table has a positive entry for it
    expect(HOURLY_ON_DEMAND_USD[`${cloud}:${type}`]).toBeGreaterThan(0);
    expect(price).toBe(HOURLY_ON_DEMAND_USD[`${cloud}:${type}`]);
  });

  test.each(TABLES.flatMap(([name, table]) => CLOUDS.map((cloud) => [name, cloud, table] as const)))(
    '%s %s grows with each size step',
    (_name, cloud, table) => {
      // GIVEN one cloud's column of a size table
      const column = SIZES.map((s: Size) => table[cloud][s]);
      // WHEN walking small to 2xlarge
      // THEN memory strictly grows, vCPUs never shrink, and so does the price
      for (let i = 1; i < column.length; i++) {
        expect(column[i]!.memoryGiB).toBeGreaterThan(column[i - 1]!.memoryGiB);
        expect(column[i]!.vcpu).toBeGreaterThanOrEqual(column[i - 1]!.vcpu);
        expect(HOURLY_ON_DEMAND_USD[`${cloud}:${column[i]!.type}`]).toBeGreaterThan(
          HOURLY_ON_DEMAND_USD[`${cloud}:${column[i - 1]!.type}`]!,
        );
      }
    },
  );

  test('node pools start at the large size (8 vCPU / 32 GiB) and every size above it doubles', () => {
    // GIVEN the smallest node size the planner picks
    // THEN it is large on every cloud, and the sizes it may pick double in vCPU and memory
    expect(MIN_NODE_SIZE).toBe('large');
    for (const cloud of CLOUDS) {
      expect(NODE_SIZES[cloud][MIN_NODE_SIZE]).toMatchObject({ vcpu: 8, memoryGiB: 32 });
      expect(NODE_SIZES[cloud]['2xlarge']).toMatchObject({ vcpu: 32, memoryGiB: 128 });
    }
  });

  test('an unknown type throws a clear error', () => {
    // GIVEN a type missing from the price table
    // WHEN pricing it
    // THEN the error names the cloud, the type and the table date
    expect(() => hourlyOnDemand('aws', 'm99.huge', 'us-east-1')).toThrow(/aws type 'm99\.huge'.*price table/);
    expect(() => hourlyOnDemand('aws', 'm99.huge', 'us-east-1')).toThrow(PRICE_TABLE_DATE);
  });

  test('regional multipliers apply and default to 1', () => {
    // GIVEN a listed and an unlisted location
    // WHEN computing prices
    // THEN the listed multiplier scales the reference price and the unlisted one is 1
    expect(priceMultiplier('aws', 'us-east-2')).toBe(1);
    expect(priceMultiplier('aws', 'sa-east-1')).toBeGreaterThan(1);
    expect(hourlyOnDemand('aws', 'm6i.large', 'sa-east-1')).toBeCloseTo(0.096 * priceMultiplier('aws', 'sa-east-1'), 10);
  });

  test('every multiplier names a known location and is plausible', () => {
    // GIVEN the multiplier table
    for (const [key, factor] of Object.entries(REGION_PRICE_MULTIPLIER)) {
      const [cloud, location] = key.split(':') as [Cloud, string];
      // THEN the location exists and the factor is within a plausible band
      expect(findLocation(cloud, location)).toBeDefined();
      expect(factor).toBeGreaterThan(0.8);
      expect(factor).toBeLessThan(2);
    }
  });

  test('discounts, storage and calendar constants are sane', () => {
    // GIVEN the published discount levels
    // THEN spot is between 50% and 95%, commitments grow with term
    expect(DISCOUNTS.spot).toBeGreaterThan(0.5);
    expect(DISCOUNTS.spot).toBeLessThan(0.95);
    expect(DISCOUNTS.reserved1y).toBeGreaterThan(0);
    expect(DISCOUNTS.reserved3y).toBeGreaterThan(DISCOUNTS.reserved1y);
    expect(DISCOUNTS.reserved3y).toBeLessThan(1);
    expect(HOURS_PER_MONTH).toBe(730);
    expect(PRICE_TABLE_DATE).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const cloud of CLOUDS) expect(STORAGE_GB_MONTH_USD[cloud]).toBeGreaterThan(0);
  });
});
