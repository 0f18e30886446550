/**
 * Node pools per cluster: reserved baseline, on-demand rest plus burst, spot for the spot tiers only.
 *
 * Node size: the smallest catalog size from MIN_NODE_SIZE up that holds MIN_LARGEST_PODS_PER_NODE of the
 * cluster's largest pod (CPU and memory, after allocatable and headroom), the largest size when none does; one
 * size per cluster. Counts: every pool spreads over the cluster's zones, so min, desired and max are whole
 * numbers per zone (`perZone`) times the zones; EKS and AKS take the totals, GKE's autoscaler the totals
 * (`total_min_node_count`) and its `initial_node_count` per zone.
 */
import { MIN_NODE_SIZE, NODE_SIZES, SIZES } from '../catalog';
import type { MachineSize } from '../catalog/types';
import type { Cloud, NodePoolPlan, NRegion, PoolKind, ServicePlan, WorkloadPlan } from '../model/index';
import type { PlanContext } from './context';
import * as C from './constants';
import { nodeSizeIndex, nodesFor, wholePerZone } from './formulas';

/** The node size of a cluster running `workloads` (see the file comment); restore sites use it too. */
export function nodeSizeFor(cloud: Cloud, workloads: readonly WorkloadPlan[]): MachineSize {
  const candidates = SIZES.slice(SIZES.indexOf(MIN_NODE_SIZE)).map((x) => NODE_SIZES[cloud][x]);
  const largestCpu = workloads.reduce((m, w) => Math.max(m, w.cpuMillis), 0);
  const largestMem = workloads.reduce((m, w) => Math.max(m, w.memoryMiB), 0);
  return candidates[nodeSizeIndex(candidates, largestCpu, largestMem, C.MIN_LARGEST_PODS_PER_NODE, C.NODE_ALLOCATABLE, C.NODE_HEADROOM)];
}

export function planNodePools(ctx: PlanContext, r: NRegion, workloads: readonly WorkloadPlan[], servicePlan: ReadonlyMap<string, ServicePlan>): NodePoolPlan[] {
  const { spec } = ctx;
  const size = nodeSizeFor(r.cloud, workloads);
  const cpuPerNode = size.vcpu * 1000 * C.NODE_ALLOCATABLE;
  const memPerNode = size.memoryGiB * 1024 * C.NODE_ALLOCATABLE;
  const demand = (ws: readonly WorkloadPlan[], count: (w: WorkloadPlan) => number) => ({
    cpu: ws.reduce((a, w) => a + w.cpuMillis * count(w), 0),
    mem: ws.reduce((a, w) => a + w.memoryMiB * count(w), 0),
  });
  const nodes = (d: { cpu: number; mem: number }) => Math.max(nodesFor(d.cpu, cpuPerNode, C.NODE_HEADROOM), nodesFor(d.mem, memPerNode, C.NODE_HEADROOM));
  const zones = Math.min(spec.availability.zones, ctx.loc(r).zones.length);
  const atLeastZones = (n: number) => wholePerZone(n, zones);
  const spot = workloads.filter((w) => w.spot);
  const steady = workloads.filter((w) => !w.spot);
  // Steady demand at planned replicas; burst = growth to autoscaling max (failover: up to full capacity).
  const steadyNow = demand(steady, (w) => w.replicas);
  const steadyMax = demand(steady, (w) => w.autoscaling?.max ?? servicePlan.get(w.service)!.replicas);
  const reservedShare = spec.cost.mix.reserved / (spec.cost.mix.reserved + spec.cost.mix.onDemand);
  const steadyNodes = nodes(steadyNow);
  // The reserved pool is the baseline share in whole nodes per zone (the nearest, at least one per zone), never
  // more than the steady nodes rounded up per zone: reserved nodes always run, so they must have steady pods.
  const reservedRaw = Math.floor(steadyNodes * reservedShare + 1e-9);
  const reserved = reservedRaw === 0 ? 0 : Math.min(wholePerZone(steadyNodes, zones), Math.max(1, Math.round(reservedRaw / zones)) * zones);
  // Every zone needs a node of a steady (untainted) pool: else the zone spread (DoNotSchedule) puts every pod in
  // the zones that have nodes and a zone loss takes them all, and a cluster whose services all run on spot (or a
  // pilot light running none) has nowhere for its add-ons (DNS, ingress, monitoring, GitOps agent, autoscaler).
  // A pool spreads its nodes over the zones, so when the reserved pool is empty the on-demand pool holds one per zone.
  const onDemandBase = atLeastZones(reserved === 0 ? Math.max(steadyNodes, zones) : Math.max(0, steadyNodes - reserved));
  // The steady pods land on the steady nodes planned, so each pool's requested CPU follows its share of them.
  const reservedNodeShare = reserved + onDemandBase === 0 ? reservedShare : reserved / (reserved + onDemandBase);
  const onDemandMax = Math.max(onDemandBase, nodes(steadyMax) - reserved);
  const spotNow = nodes(demand(spot, (w) => w.replicas));
  const spotMax = nodes(demand(spot, (w) => w.autoscaling?.max ?? servicePlan.get(w.service)!.replicas));
  const pool = (kind: PoolKind, min: number, desired: number, maxNodes: number, requested: number): NodePoolPlan => {
    const max = atLeastZones(Math.max(maxNodes, desired, 1));
    return {
      name: kind,
      kind,
      capacityType: kind === 'spot' ? 'SPOT' : 'ON_DEMAND',
      instanceType: size.type,
      vcpu: size.vcpu,
      memoryGiB: size.memoryGiB,
      min,
      desired,
      max,
      zones,
      perZone: { min: min / zones, desired: desired / zones, max: max / zones },
      labels: { [`${ctx.labelDomain}/pool`]: kind },
      taints: kind === 'spot' ? [{ key: `${ctx.labelDomain}/spot`, value: 'true', effect: 'NoSchedule' as const }, ...C.CLOUD_SPOT_TAINTS[r.cloud]] : [],
      requestedCpuMillis: requested,
    };
  };
  const pools = [
    pool('reserved', reserved, reserved, reserved, Math.round(steadyNow.cpu * reservedNodeShare)),
    pool('on-demand', onDemandBase, onDemandBase, atLeastZones(onDemandMax), Math.round(steadyNow.cpu * (1 - reservedNodeShare))),
  ];
  if (spec.cost.spotTiers.length) pools.push(pool('spot', spotNow === 0 ? 0 : atLeastZones(spotNow), spotNow === 0 ? 0 : atLeastZones(spotNow), atLeastZones(Math.max(spotMax, 1)), demand(spot, (w) => w.replicas).cpu));
  return pools;
}
