/**
 * Cost report: monthly cost per region, cloud, tier and pool from the embedded, dated price table.
 * Reserved pools are priced at the reserved-term discount, spot pools at the spot discount; the
 * "all on-demand" figure prices the same units at list price, and the saving is the difference.
 * Infrastructure rows (control planes, NAT, load balancers, VPN, DMS, accelerator, health checks) are the
 * fixed fees of what the Terraform creates, counted from the plan values the constructs translate: no
 * discount, no tier (`infrastructure (no tier)`), no traffic-dependent part.
 */
import {
  azureVpnGatewayHourly,
  DISCOUNTS,
  GCP_CLOUD_NAT_VM_CAP,
  HOURS_PER_MONTH,
  hourlyOnDemand,
  infraUnitMonthly,
  PRICE_TABLE_DATE,
  priceMultiplier,
  ROUTE53_FAST_INTERVAL_SECONDS,
  STORAGE_GB_MONTH_USD,
  type InfraPriceKey,
} from '../catalog';
import type { CostReport, CostRow, InfraCostKind, NormalizedSpec, Plan, RegionPlan } from '../model/index';
import { round } from '../util/units';

/** The plan values the infrastructure rows are counted from. */
export type CostInfraInputs = Pick<Plan, 'restoreSites' | 'interconnects' | 'replication' | 'entryPoints' | 'traffic'>;

/** Region id of the rows of platform-wide resources (Global Accelerator, Route 53 health checks). */
export const GLOBAL_COST_REGION = 'global';
/** byTier / byPool key of the infrastructure rows. */
export const INFRASTRUCTURE_TIER = 'infrastructure (no tier)';
export const INFRASTRUCTURE_POOL = 'infrastructure';

/**
 * AKS control plane tier the cluster construct sets (constructs/azure/cluster.ts SKU_TIER, `Standard`: uptime SLA,
 * billed per cluster-hour). The tests check the generated sku_tier against it.
 */
export const AKS_PRICED_TIER = 'Standard';

/** The cluster sites a control plane and NAT are billed for: the regions, then the restore sites (under their name). */
function clusterSites(regions: readonly RegionPlan[], infra: CostInfraInputs): readonly RegionPlan[] {
  return [...regions, ...infra.restoreSites.map((s) => s.region)];
}

/** Infrastructure rows, in a stable order: per cluster site, then per interconnect, replication, then global. */
export function infrastructureRows(regions: readonly RegionPlan[], infra: CostInfraInputs): CostRow[] {
  const rows: CostRow[] = [];
  const push = (region: string, cloud: RegionPlan['cloud'], kind: InfraCostKind, item: string, units: number, unitMonthly: number) => {
    const monthly = round(units * unitMonthly, 2);
    rows.push({ region, cloud, item, kind, units, unitMonthly: round(unitMonthly, 2), monthly, onDemandMonthly: monthly });
  };
  const unit = (key: InfraPriceKey, r: { cloud: RegionPlan['cloud']; location: string }) => infraUnitMonthly(key, r.cloud, r.location);
  const entryOf = new Map(infra.entryPoints.map((e) => [e.region, e]));
  for (const r of clusterSites(regions, infra)) {
    // Control plane: one cluster per site.
    if (r.cloud === 'aws') push(r.id, r.cloud, 'control-plane', 'control plane (EKS)', 1, unit('eksCluster', r));
    if (r.cloud === 'gcp') push(r.id, r.cloud, 'control-plane', 'control plane (GKE regional)', 1, unit('gkeCluster', r));
    if (r.cloud === 'azure') push(r.id, r.cloud, 'control-plane', `control plane (AKS ${AKS_PRICED_TIER})`, 1, unit('aksStandard', r));
    // NAT: AWS and Azure one gateway per zone (AWS: with its Elastic IP); GCP one Cloud NAT per region, by VMs served.
    if (r.cloud === 'aws') {
      push(r.id, r.cloud, 'nat', 'NAT gateways (1 per zone)', r.zones.length, unit('awsNatGateway', r));
      push(r.id, r.cloud, 'public-ip', 'NAT public IPv4 (Elastic IPs)', r.zones.length, unit('awsPublicIpv4', r));
    }
    if (r.cloud === 'azure') push(r.id, r.cloud, 'nat', 'NAT gateways (1 per zone)', r.zones.length, unit('azureNatGateway', r));
    if (r.cloud === 'gcp') {
      const vms = r.cluster.nodePools.reduce((a, p) => a + p.desired, 0);
      const perHour = vms > GCP_CLOUD_NAT_VM_CAP ? unit('gcpCloudNatCap', r) : vms * unit('gcpCloudNatPerVm', r);
      push(r.id, r.cloud, 'nat', `Cloud NAT (${vms} VMs)`, 1, perHour);
    }
    // Load balancers: the fixed hourly part.
    if (r.cloud === 'aws' && r.loadBalancer) push(r.id, r.cloud, 'load-balancer', 'network load balancer', 1, unit('awsNlb', r));
    const entry = entryOf.get(r.id);
    if (entry?.kind === 'gke-gateway') {
      const ports = new Set(entry.listeners.map((l) => l.port)).size;
      push(r.id, r.cloud, 'load-balancer', 'Gateway global forwarding rules (1 per port)', ports, unit('gcpForwardingRule', r));
    }
    if (entry?.kind === 'azure-application-gateway') push(r.id, r.cloud, 'load-balancer', 'Application Gateway v2 (fixed part)', 1, unit('azureApplicationGatewayV2', r));
  }
  // VPN: AWS connections on the primary's side, the peer's tunnels (GCP) or gateway (Azure) on the failover's.
  const byId = new Map(regions.map((r) => [r.id, r]));
  for (const ic of infra.interconnects) {
    const aws = byId.get(ic.primary)!;
    const peer = byId.get(ic.failover)!;
    push(aws.id, aws.cloud, 'vpn', `VPN connections (to ${peer.id})`, ic.connections.length, unit('awsVpnConnection', aws));
    if (ic.peerCloud === 'gcp') {
      const tunnels = ic.connections.reduce((a, c) => a + c.tunnels.length, 0);
      push(peer.id, peer.cloud, 'vpn', `HA VPN tunnels (to ${aws.id})`, tunnels, unit('gcpVpnTunnel', peer));
    } else {
      const sku = ic.peer.gatewaySku!;
      push(peer.id, peer.cloud, 'vpn', `VPN gateway (${sku})`, 1, azureVpnGatewayHourly(sku, peer.location) * HOURS_PER_MONTH);
    }
  }
  // DMS: one replication instance per database and pair; Multi-AZ bills the standby too.
  for (const rep of infra.replication) {
    const r = byId.get(rep.primary)!;
    const units = rep.multiAz ? 2 : 1;
    push(r.id, r.cloud, 'replication', `DMS ${rep.name} (${rep.instanceClass}${rep.multiAz ? ', Multi-AZ' : ''})`, units, hourlyOnDemand('aws', rep.instanceClass, r.location) * HOURS_PER_MONTH);
  }
  // Global: one accelerator when some AWS primary has an endpoint group; Route 53 health checks per PRIMARY record.
  const global = { cloud: 'aws' as const, location: 'us-east-1' };
  if (infra.traffic.acceleratorEndpointGroups.length) push(GLOBAL_COST_REGION, 'aws', 'accelerator', 'Global Accelerator (fixed fee)', 1, unit('globalAccelerator', global));
  const fast = infra.traffic.healthCheck.intervalSeconds <= ROUTE53_FAST_INTERVAL_SECONDS;
  const checks = new Map<string, { units: number; perCheck: number }>();
  const addChecks = (label: string, perCheck: number) => {
    const c = checks.get(label) ?? { units: 0, perCheck };
    checks.set(label, { units: c.units + 1, perCheck });
  };
  for (const rec of infra.traffic.records.filter((x) => x.failoverRole === 'PRIMARY')) {
    const entry = entryOf.get(rec.region);
    const onAws = entry?.cloud === 'aws';
    const https = entry?.listeners.find((l) => l.service === rec.service)?.health.protocol === 'HTTPS';
    const options = (https ? 1 : 0) + (fast ? 1 : 0);
    const perCheck = unit(onAws ? 'route53HealthCheckAws' : 'route53HealthCheckOther', global) + options * unit(onAws ? 'route53OptionAws' : 'route53OptionOther', global);
    addChecks(`Route 53 health checks (${onAws ? 'AWS' : 'non-AWS'} endpoint${https ? ', HTTPS' : ''}${fast ? `, ${infra.traffic.healthCheck.intervalSeconds} s interval` : ''})`, perCheck);
    if (rec.healthCheck === 'manual-switch') addChecks('Route 53 health checks (calculated, manual switch)', unit('route53HealthCheckAws', global));
  }
  for (const [label, c] of [...checks].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) push(GLOBAL_COST_REGION, 'aws', 'health-check', label, c.units, c.perCheck);
  return rows;
}

export function costReport(spec: NormalizedSpec, regions: readonly RegionPlan[], infra: CostInfraInputs): { report: CostReport; warnings: string[] } {
  const reservedDiscount = spec.cost.reservedTerm === '1y' ? DISCOUNTS.reserved1y : DISCOUNTS.reserved3y;
  const rows: CostRow[] = [];
  for (const r of regions) {
    const hourly = (type: string) => hourlyOnDemand(r.cloud, type, r.location);
    for (const p of r.cluster.nodePools) {
      const list = hourly(p.instanceType) * HOURS_PER_MONTH;
      const discount = p.kind === 'reserved' ? reservedDiscount : p.kind === 'spot' ? DISCOUNTS.spot : 0;
      rows.push({ region: r.id, cloud: r.cloud, item: `nodes ${p.name} (${p.instanceType})`, pool: p.kind, units: p.desired, unitMonthly: round(list * (1 - discount), 2), monthly: round(p.desired * list * (1 - discount), 2), onDemandMonthly: round(p.desired * list, 2) });
    }
    for (const d of r.databases) {
      const list = hourly(d.instanceClass) * HOURS_PER_MONTH;
      const units = d.writers + d.readers;
      rows.push({ region: r.id, cloud: r.cloud, item: `database ${d.name} (${units} x ${d.instanceClass})`, units, unitMonthly: round(list, 2), monthly: round(units * list, 2), onDemandMonthly: round(units * list, 2) });
      const gb = d.storageBytes / 1e9;
      const storage = gb * STORAGE_GB_MONTH_USD[r.cloud] * priceMultiplier(r.cloud, r.location);
      rows.push({ region: r.id, cloud: r.cloud, item: `storage ${d.name} (${round(gb / 1000, 1)} TB)`, units: round(gb, 0), unitMonthly: STORAGE_GB_MONTH_USD[r.cloud], monthly: round(storage, 2), onDemandMonthly: round(storage, 2) });
    }
    for (const c of r.caches) {
      const list = hourly(c.nodeType) * HOURS_PER_MONTH;
      rows.push({ region: r.id, cloud: r.cloud, item: `cache ${c.name} (${c.nodes} x ${c.nodeType})`, units: c.nodes, unitMonthly: round(list, 2), monthly: round(c.nodes * list, 2), onDemandMonthly: round(c.nodes * list, 2) });
    }
  }
  rows.push(...infrastructureRows(regions, infra));
  const total = round(rows.reduce((a, x) => a + x.monthly, 0), 2);
  const sum = (key: (r: CostRow) => string | undefined) => {
    const out: Record<string, number> = {};
    for (const r of rows) {
      const k = key(r);
      if (k !== undefined) out[k] = round((out[k] ?? 0) + r.monthly, 2);
    }
    return out;
  };
  const byTier: Record<string, number> = {};
  const addTier = (tier: string, amount: number) => (byTier[tier] = round((byTier[tier] ?? 0) + amount, 2));
  // The tiers using each data store of a region (a database instance by its name or database id, a cache by name):
  // the tiers of the workloads with an endpoint on it, looked up per row instead of searched (rows x workloads).
  const byId = new Map(regions.map((x) => [x.id, x]));
  const storeUsers = new Map<string, Map<string, Set<string>>>();
  const usersOf = (region: RegionPlan, store: string): string[] => {
    let users = storeUsers.get(region.id);
    if (!users) {
      users = new Map();
      const add = (key: string, tier: string) => (users!.get(key) ?? users!.set(key, new Set()).get(key)!).add(tier);
      for (const w of region.workloads) {
        for (const e of w.endpoints) {
          add(e.id, w.tier);
          for (const d of region.databases) if (d.database === e.id) add(d.name, w.tier);
        }
      }
      storeUsers.set(region.id, users);
    }
    return [...(users.get(store) ?? [])].sort();
  };
  for (const r of rows) {
    if (r.kind) {
      // Infrastructure: shared by every tier of the site (or the platform), charged to none.
      addTier(INFRASTRUCTURE_TIER, r.monthly);
      continue;
    }
    const region = byId.get(r.region)!;
    const running = region.workloads.filter((w) => w.replicas > 0);
    if (r.pool) {
      // Node cost shared by the CPU the tiers' pods request on that pool.
      const onPool = running.filter((w) => (r.pool === 'spot') === w.spot);
      const cpu = onPool.reduce((a, w) => a + w.cpuMillis * w.replicas, 0);
      if (cpu === 0 && r.monthly > 0) addTier('(idle capacity)', r.monthly);
      for (const w of onPool) if (cpu > 0) addTier(w.tier, (r.monthly * w.cpuMillis * w.replicas) / cpu);
    } else {
      // Data stores: charged to the tiers of the services using them (evenly).
      const store = r.item.split(' ')[1];
      const users = usersOf(region, store);
      if (!users.length) addTier('(unattributed)', r.monthly);
      for (const t of users) addTier(t, r.monthly / users.length);
    }
  }
  const allOnDemand = round(rows.reduce((a, x) => a + x.onDemandMonthly, 0), 2);
  // Achieved mix: share of node vCPU per pool at desired counts, across every cluster.
  const vcpu = { reserved: 0, spot: 0, onDemand: 0 };
  for (const r of regions) {
    for (const p of r.cluster.nodePools) {
      const key = p.kind === 'on-demand' ? 'onDemand' : p.kind;
      vcpu[key] += p.desired * p.vcpu;
    }
  }
  const all = vcpu.reserved + vcpu.spot + vcpu.onDemand || 1;
  const achieved = { reserved: round(vcpu.reserved / all, 4), spot: round(vcpu.spot / all, 4), onDemand: round(vcpu.onDemand / all, 4) };
  const warnings: string[] = [];
  if (achieved.spot + 0.05 < spec.cost.mix.spot) {
    warnings.push(
      `Spot capacity is ${(achieved.spot * 100).toFixed(1)}% of node vCPU against a ${(spec.cost.mix.spot * 100).toFixed(0)}% target: only tiers [${spec.cost.spotTiers.join(', ')}] may run on spot. Add tiers with rto >= 1h to cost.spotTiers to reach the target; the planner never moves critical pods to spot.`,
    );
  }
  return {
    report: {
      priceTableDate: PRICE_TABLE_DATE,
      review: spec.cost.review,
      currency: 'USD',
      monthly: rows,
      totalMonthly: total,
      allOnDemandMonthly: allOnDemand,
      savingMonthly: round(allOnDemand - total, 2),
      computeMonthly: round(rows.filter((x) => x.pool).reduce((a, x) => a + x.monthly, 0), 2),
      computeOnDemandMonthly: round(rows.filter((x) => x.pool).reduce((a, x) => a + x.onDemandMonthly, 0), 2),
      infrastructureMonthly: round(rows.filter((x) => x.kind).reduce((a, x) => a + x.monthly, 0), 2),
      discounts: { reserved: reservedDiscount, spot: DISCOUNTS.spot, reservedTerm: spec.cost.reservedTerm },
      byRegion: sum((r) => r.region),
      byCloud: sum((r) => r.cloud),
      byTier,
      byPool: sum((r) => r.pool ?? (r.kind ? INFRASTRUCTURE_POOL : 'data stores')),
      mixTarget: spec.cost.mix,
      mixAchieved: achieved,
    },
    warnings,
  };
}
