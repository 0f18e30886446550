/**
 * Great-circle distance on a spherical Earth (haversine formula).
 *
 * Sources:
 * - Haversine formula: R. W. Sinnott, "Virtues of the Haversine", Sky and Telescope 68(2), 1984.
 * - Mean Earth radius 6371 km (IUGG mean radius R1 = 6371.0088 km, rounded).
 *
 * The sphere is off by at most ~0.5% against the WGS-84 ellipsoid, which is far below
 * what latency or placement estimates built on these distances can resolve.
 */

export const EARTH_RADIUS_KM = 6371;

export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

const toRadians = (degrees: number): number => (degrees * Math.PI) / 180;

/** Distance in kilometres between two points given in decimal degrees. */
export function greatCircleKm(a: LatLon, b: LatLon): number {
  const dLat = toRadians(b.lat - a.lat);
  const dLon = toRadians(b.lon - a.lon);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(toRadians(a.lat)) * Math.cos(toRadians(b.lat)) * Math.sin(dLon / 2) ** 2;
  // Clamp guards against h drifting a hair above 1 for antipodal points.
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
