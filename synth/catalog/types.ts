/** Shapes of the built-in catalog. Data lives in the sibling modules; each names its sources at the top. */
import type { Cloud, Size } from '../model/spec';

export type Continent = 'north-america' | 'south-america' | 'europe' | 'asia' | 'africa' | 'oceania';

/** A cloud region a spec may name in `regions.<id>.location`. */
export interface CloudLocation {
  readonly cloud: Cloud;
  /** The provider's region name, e.g. `us-east-1`, `us-central1`, `westeurope`. */
  readonly name: string;
  readonly city: string;
  /** ISO 3166-1 alpha-2, upper case (`US`, `DE`). */
  readonly country: string;
  readonly continent: Continent;
  /** Legal jurisdiction for data residency: `us`, `eu`, `uk`, `ca`, `sg`, `jp`, ... */
  readonly jurisdiction: string;
  readonly lat: number;
  readonly lon: number;
  /** Availability zone names as the provider's API spells them (`us-east-1a`, `us-central1-a`, Azure `1`,`2`,`3`). */
  readonly zones: readonly string[];
}

/** An edge point of presence, by IATA airport code (lower case). */
export interface Pop {
  readonly code: string;
  readonly city: string;
  readonly country: string;
  readonly continent: Continent;
  readonly lat: number;
  readonly lon: number;
}

export interface MachineSize {
  readonly type: string;
  readonly vcpu: number;
  readonly memoryGiB: number;
}

export type SizeTable = Readonly<Record<Cloud, Readonly<Record<Size, MachineSize>>>>;
