import fc from 'fast-check';
import * as F from '../../../synth/plan/formulas';
import { formatNines } from '../../../synth/output/report';

describe('formulas of the reference document', () => {
  test('GIVEN 50,000 rps at 5,000 per instance and safety 1.5 THEN 15 instances', () => {
    expect(F.instancesBySafety(50_000, 5_000, 1.5)).toBe(15);
    expect(F.replicasFor(50_000, 5_000, 1.5, 2, 3).replicas).toBe(15);
  });

  test('GIVEN 100 GB/day, 2,555 days, replication 3 THEN 766.5 TB', () => {
    expect(F.storageRequired(100e9, 2555, 3)).toBe(766.5e12);
  });

  test('GIVEN 100,000 orders/s, 50% growth, safety 1.5, 12 months THEN 225,000 orders/s', () => {
    expect(F.projectedCapacity(100_000, 0.5, 1.5, 12)).toBe(225_000);
  });

  test('GIVEN 3 instances at 99.9% THEN 99.9999999% (9 nines)', () => {
    expect(F.parallelAvailability(0.999, 3)).toBeCloseTo(0.999999999, 12);
    expect(F.nines(0.999, 3)).toBeCloseTo(9, 9);
    expect(formatNines(F.nines(0.999, 3))).toBe('99.9999999% (9.0 nines)');
  });

  test('GIVEN a 10 s interval and 30 s removal THEN the failure threshold is 3', () => {
    expect(F.failureThreshold(10, 30)).toBe(3);
  });

  test('GIVEN Sao Paulo to Virginia (~7,600 km) THEN the RTT estimate is in the range of the document (~150 ms) and the POP path ~20 ms', () => {
    expect(F.estimatedRttMs(7600)).toBeGreaterThan(120);
    expect(F.estimatedRttMs(7600)).toBeLessThan(160);
    expect(F.estimatedRttMs(0)).toBe(20);
  });

  const load = fc.integer({ min: 1, max: 2_000_000 });
  const per = fc.integer({ min: 1, max: 50_000 });
  const safety = fc.double({ min: 1, max: 3, noNaN: true });
  const spare = fc.integer({ min: 0, max: 5 });
  const zones = fc.integer({ min: 1, max: 6 });

  test('property: replicas never fall below N + spare, nor below the safety count', () => {
    fc.assert(
      fc.property(load, per, safety, spare, zones, (rps, p, s, k, z) => {
        const r = F.replicasFor(rps, p, s, k, z);
        return r.replicas >= r.n + k && r.replicas >= r.bySafety && r.n >= rps / p - 1e-9;
      }),
    );
  });

  test('property: replicas are monotonic in load', () => {
    fc.assert(
      fc.property(load, load, per, safety, spare, zones, (a, b, p, s, k, z) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return F.replicasFor(lo, p, s, k, z).replicas <= F.replicasFor(hi, p, s, k, z).replicas;
      }),
    );
  });

  test('property: the zone-loss floor is the smallest count that survives losing the fullest zone', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 2, max: 6 }), (n, z) => {
        const r = F.zoneLossFloor(n, z);
        return F.afterZoneLoss(r, z) >= n && F.afterZoneLoss(r - 1, z) < n;
      }),
    );
  });

  test('property: losing the fullest zone never leaves fewer than N (zones >= 2)', () => {
    fc.assert(
      fc.property(load, per, safety, spare, fc.integer({ min: 2, max: 6 }), (rps, p, s, k, z) => {
        const r = F.replicasFor(rps, p, s, k, z);
        return F.afterZoneLoss(r.replicas, z) >= r.n;
      }),
    );
  });

  test('property: storage is linear in each factor', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 4000 }), fc.integer({ min: 1, max: 6 }), (g, d, rf) => {
        return F.storageRequired(g, d, rf) === g * d * rf && F.storageRequired(2 * g, d, rf) === 2 * F.storageRequired(g, d, rf);
      }),
    );
  });

  test('property: availability lies in [a, 1] and grows with N', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 0.9999, noNaN: true }), fc.integer({ min: 1, max: 10 }), (a, n) => {
        const one = F.parallelAvailability(a, n);
        return one >= a - 1e-12 && one <= 1 && F.parallelAvailability(a, n + 1) >= one && F.nines(a, n + 1) > F.nines(a, n);
      }),
    );
  });

  test('property: projected capacity is at least the current capacity times the safety factor', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e7 }), fc.double({ min: 0, max: 2, noNaN: true }), safety, fc.integer({ min: 1, max: 36 }), (c, g, s, h) => {
        return F.projectedCapacity(c, g, s, h) >= c * s - 1e-6;
      }),
    );
  });

  test('property: nodesFor covers the demand with headroom', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1000, max: 64000 }), fc.double({ min: 0, max: 0.5, noNaN: true }), (d, per, h) => {
        const n = F.nodesFor(d, per, h);
        return n * per >= d * (1 + h) - 1e-6 && (n === 0 || (n - 1) * per < d * (1 + h) + 1e-6);
      }),
    );
  });
});

describe('node pool formulas (properties)', () => {
  test('GIVEN any node count and zone count WHEN rounded to whole nodes per zone THEN the result is the smallest multiple of the zones that holds them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 6 }), (n, zones) => {
        const r = F.wholePerZone(n, zones);
        expect(Object.is(r, -0)).toBe(false);
        expect(r % zones).toBe(0);
        expect(r).toBeGreaterThanOrEqual(n);
        expect(r - n).toBeLessThan(zones);
      }),
    );
  });

  const SIZES = [
    { vcpu: 8, memoryGiB: 32 },
    { vcpu: 16, memoryGiB: 64 },
    { vcpu: 32, memoryGiB: 128 },
  ];
  test('GIVEN any largest pod WHEN a node size is chosen THEN it holds that many of the pod (unless it is the largest) and the size below does not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40_000 }), fc.integer({ min: 1, max: 200_000 }), fc.integer({ min: 1, max: 8 }), (cpu, mem, pods) => {
        const i = F.nodeSizeIndex(SIZES, cpu, mem, pods, 0.85, 0.1);
        const holds = (s: { vcpu: number; memoryGiB: number }) => pods * cpu * 1.1 <= s.vcpu * 850 + 1e-9 && pods * mem * 1.1 <= s.memoryGiB * 1024 * 0.85 + 1e-9;
        if (i < SIZES.length - 1) expect(holds(SIZES[i])).toBe(true);
        else expect(i).toBe(SIZES.length - 1);
        if (i > 0) expect(holds(SIZES[i - 1])).toBe(false);
      }),
    );
  });

  test('GIVEN a 4-vCPU / 8 GiB largest pod and four per node THEN 32 vCPU (16 x 0.85 = 13.6 < 4 x 4 x 1.1 = 17.6 <= 27.2)', () => {
    expect(F.nodeSizeIndex(SIZES, 4000, 8192, 4, 0.85, 0.1)).toBe(2);
    expect(F.nodeSizeIndex(SIZES, 3000, 8192, 4, 0.85, 0.1)).toBe(1); // 13.2 <= 13.6
  });
});
