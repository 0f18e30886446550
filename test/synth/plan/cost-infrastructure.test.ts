/**
 * The cost report's infrastructure rows (synth/plan/cost.ts): every billed resource the generated Terraform
 * creates besides nodes and data stores, counted from the plan, checked here against the resources of that type
 * in the reference stacks (and, for the GKE Gateway's forwarding rules, the Gateway manifests), and priced from
 * the catalog's dated entries: monthly = units x unit price x HOURS_PER_MONTH (x the regional multiplier).
 */
import {
  AZURE_VPN_GATEWAY_HOURLY_USD,
  HOURLY_ON_DEMAND_USD,
  HOURS_PER_MONTH,
  INFRA_PRICES,
  PRICE_TABLE_DATE,
  ROUTE53_FAST_INTERVAL_SECONDS,
  priceMultiplier,
  type InfraPriceKey,
} from '../../../synth/catalog';
import type { CostRow, Plan, RegionPlan } from '../../../synth/model/index';
import { AKS_PRICED_TIER, GLOBAL_COST_REGION, INFRASTRUCTURE_POOL, INFRASTRUCTURE_TIER } from '../../../synth/plan/cost';
import { referenceKubernetes, referencePlan, referenceStacks } from '../../helpers/reference';

type Stack = { resource?: Record<string, Record<string, Record<string, unknown>>> };

/** Resources of `type` across every reference stack. */
function resources(type: string): Record<string, unknown>[] {
  return [...referenceStacks().values()].flatMap((s: Stack) => Object.values(s.resource?.[type] ?? {}));
}
const count = (type: string) => resources(type).length;

/** Distinct listener ports of every GKE Gateway manifest: one global forwarding rule each. */
function gatewayPorts(): number {
  let n = 0;
  for (const objects of referenceKubernetes().values()) {
    for (const o of objects as { kind?: string; spec?: { listeners?: { port: number }[] } }[]) {
      if (o.kind === 'Gateway') n += new Set((o.spec?.listeners ?? []).map((l) => l.port)).size;
    }
  }
  return n;
}

const rowsOf = (plan: Plan, pred: (r: CostRow) => boolean) => plan.reports.cost.monthly.filter((r) => r.kind && pred(r));
const unitsOf = (plan: Plan, pred: (r: CostRow) => boolean) => rowsOf(plan, pred).reduce((a, r) => a + r.units, 0);
const sites = (plan: Plan): RegionPlan[] => [...plan.regions, ...plan.restoreSites.map((s) => s.region)];

describe('GIVEN the reference plan and its generated Terraform', () => {
  let plan: Plan;
  beforeAll(() => {
    plan = referencePlan();
  });

  test.each<[string, (r: CostRow) => boolean, () => number]>([
    ['EKS control planes', (r) => r.kind === 'control-plane' && r.cloud === 'aws', () => count('aws_eks_cluster')],
    ['GKE control planes', (r) => r.kind === 'control-plane' && r.cloud === 'gcp', () => count('google_container_cluster')],
    ['AKS control planes', (r) => r.kind === 'control-plane' && r.cloud === 'azure', () => count('azurerm_kubernetes_cluster')],
    ['AWS NAT gateways', (r) => r.kind === 'nat' && r.cloud === 'aws', () => count('aws_nat_gateway')],
    ['AWS NAT public IPv4 addresses', (r) => r.kind === 'public-ip' && r.cloud === 'aws', () => count('aws_eip')],
    ['GCP Cloud NAT gateways', (r) => r.kind === 'nat' && r.cloud === 'gcp', () => count('google_compute_router_nat')],
    ['Azure NAT gateways', (r) => r.kind === 'nat' && r.cloud === 'azure', () => count('azurerm_nat_gateway')],
    ['AWS network load balancers', (r) => r.kind === 'load-balancer' && r.cloud === 'aws', () => count('aws_lb')],
    ['GCP Gateway forwarding rules', (r) => r.kind === 'load-balancer' && r.cloud === 'gcp', gatewayPorts],
    ['Azure Application Gateways', (r) => r.kind === 'load-balancer' && r.cloud === 'azure', () => count('azurerm_application_gateway')],
    ['AWS Site-to-Site VPN connections', (r) => r.kind === 'vpn' && r.cloud === 'aws', () => count('aws_vpn_connection')],
    ['GCP HA VPN tunnels', (r) => r.kind === 'vpn' && r.cloud === 'gcp', () => count('google_compute_vpn_tunnel')],
    ['Azure VPN gateways', (r) => r.kind === 'vpn' && r.cloud === 'azure', () => count('azurerm_virtual_network_gateway')],
    [
      'DMS replication instances (a Multi-AZ one bills two)',
      (r) => r.kind === 'replication',
      () => resources('aws_dms_replication_instance').reduce((a: number, x) => a + (x.multi_az ? 2 : 1), 0),
    ],
    ['Global Accelerators', (r) => r.kind === 'accelerator', () => count('aws_globalaccelerator_accelerator')],
    ['Route 53 health checks', (r) => r.kind === 'health-check', () => count('aws_route53_health_check')],
  ])('WHEN counting %s THEN the rows bill as many units as the generated output creates', (_, pred, created) => {
    // GIVEN the rows of one kind, WHEN adding their units, THEN they equal the resources the output creates (and some exist)
    const expected = created();
    expect(expected).toBeGreaterThan(0);
    expect(unitsOf(plan, pred)).toBe(expected);
  });

  test('WHEN listing the cluster sites THEN every region and every restore site (under its name) has one control plane and its NAT', () => {
    // GIVEN the regions and the restore sites (node pools at 0: the control plane and NAT are what an idle site costs)
    expect(plan.restoreSites.length).toBeGreaterThan(0);
    for (const s of sites(plan)) {
      // THEN each has exactly one control-plane row and NAT rows, under its own id
      expect(rowsOf(plan, (r) => r.region === s.id && r.kind === 'control-plane').map((r) => r.units)).toEqual([1]);
      expect(rowsOf(plan, (r) => r.region === s.id && r.kind === 'nat').length).toBe(1);
    }
    // AND the restore sites' stacks hold an EKS cluster and a NAT gateway per zone each
    for (const site of plan.restoreSites) {
      const stack = referenceStacks().get(site.name) as Stack;
      expect(Object.keys(stack.resource?.aws_eks_cluster ?? {}).length).toBe(1);
      expect(Object.keys(stack.resource?.aws_nat_gateway ?? {}).length).toBe(site.zones.length);
    }
  });

  test('WHEN pricing the AKS control plane THEN the generated clusters use the tier the report prices', () => {
    const aks = resources('azurerm_kubernetes_cluster');
    expect(aks.length).toBeGreaterThan(0);
    for (const c of aks) expect(c.sku_tier).toBe(AKS_PRICED_TIER);
  });

  /** Catalog price of a key as the monthly figure of one unit: hourly x hours, regional ones x the multiplier. */
  const monthlyOf = (key: InfraPriceKey, cloud: RegionPlan['cloud'], location: string) => {
    const p = INFRA_PRICES[key];
    return (p.per === 'hour' ? p.usd * HOURS_PER_MONTH : p.usd) * (p.regional ? priceMultiplier(cloud, location) : 1);
  };

  test.each<[string, (r: CostRow) => boolean, (r: CostRow, location: string, plan: Plan) => number]>([
    ['EKS control plane', (r) => r.kind === 'control-plane' && r.cloud === 'aws', () => INFRA_PRICES.eksCluster.usd * HOURS_PER_MONTH],
    ['GKE control plane', (r) => r.kind === 'control-plane' && r.cloud === 'gcp', () => INFRA_PRICES.gkeCluster.usd * HOURS_PER_MONTH],
    ['AKS control plane', (r) => r.kind === 'control-plane' && r.cloud === 'azure', () => INFRA_PRICES.aksStandard.usd * HOURS_PER_MONTH],
    ['AWS NAT gateway', (r) => r.kind === 'nat' && r.cloud === 'aws', (_, loc) => INFRA_PRICES.awsNatGateway.usd * HOURS_PER_MONTH * priceMultiplier('aws', loc)],
    ['AWS public IPv4', (r) => r.kind === 'public-ip', () => INFRA_PRICES.awsPublicIpv4.usd * HOURS_PER_MONTH],
    ['Azure NAT gateway', (r) => r.kind === 'nat' && r.cloud === 'azure', () => INFRA_PRICES.azureNatGateway.usd * HOURS_PER_MONTH],
    [
      'GCP Cloud NAT (per VM served, the nodes)',
      (r) => r.kind === 'nat' && r.cloud === 'gcp',
      (r, _loc, plan) => {
        const vms = plan.regions.find((x) => x.id === r.region)!.cluster.nodePools.reduce((a, p) => a + p.desired, 0);
        return (vms > 32 ? INFRA_PRICES.gcpCloudNatCap.usd : vms * INFRA_PRICES.gcpCloudNatPerVm.usd) * HOURS_PER_MONTH;
      },
    ],
    ['AWS NLB', (r) => r.kind === 'load-balancer' && r.cloud === 'aws', (_, loc) => INFRA_PRICES.awsNlb.usd * HOURS_PER_MONTH * priceMultiplier('aws', loc)],
    ['GCP forwarding rule', (r) => r.kind === 'load-balancer' && r.cloud === 'gcp', () => INFRA_PRICES.gcpForwardingRule.usd * HOURS_PER_MONTH],
    [
      'Azure Application Gateway v2',
      (r) => r.kind === 'load-balancer' && r.cloud === 'azure',
      (_, loc) => INFRA_PRICES.azureApplicationGatewayV2.usd * HOURS_PER_MONTH * priceMultiplier('azure', loc),
    ],
    ['AWS VPN connection', (r) => r.kind === 'vpn' && r.cloud === 'aws', () => INFRA_PRICES.awsVpnConnection.usd * HOURS_PER_MONTH],
    ['GCP HA VPN tunnel', (r) => r.kind === 'vpn' && r.cloud === 'gcp', () => INFRA_PRICES.gcpVpnTunnel.usd * HOURS_PER_MONTH],
    [
      'Azure VPN gateway (the generated SKU)',
      (r) => r.kind === 'vpn' && r.cloud === 'azure',
      (_, loc) => {
        const [gw] = resources('azurerm_virtual_network_gateway');
        return AZURE_VPN_GATEWAY_HOURLY_USD[gw!.sku as string]! * HOURS_PER_MONTH * priceMultiplier('azure', loc);
      },
    ],
    [
      'DMS instance (the generated class)',
      (r) => r.kind === 'replication',
      (r, loc) => {
        const name = r.item.split(' ')[1];
        const dms = resources('aws_dms_replication_instance').find((x) => x.replication_instance_id === name)!;
        return HOURLY_ON_DEMAND_USD[`aws:${dms.replication_instance_class as string}`]! * HOURS_PER_MONTH * priceMultiplier('aws', loc);
      },
    ],
    ['Global Accelerator', (r) => r.kind === 'accelerator', () => INFRA_PRICES.globalAccelerator.usd * HOURS_PER_MONTH],
    [
      'Route 53 health check (base + the options the generated checks use)',
      (r) => r.kind === 'health-check',
      () => {
        const checks = resources('aws_route53_health_check');
        const perCheck = checks.map((c) => {
          const options = (String(c.type).startsWith('HTTPS') ? 1 : 0) + (Number(c.request_interval) <= ROUTE53_FAST_INTERVAL_SECONDS ? 1 : 0);
          return monthlyOf('route53HealthCheckAws', 'aws', 'us-east-1') + options * monthlyOf('route53OptionAws', 'aws', 'us-east-1');
        });
        expect(new Set(perCheck).size).toBe(1);
        return perCheck[0]!;
      },
    ],
  ])('WHEN pricing a %s row THEN monthly = units x the catalog price x hours, at list price', (_, pred, unitPrice) => {
    // GIVEN the rows of one kind and the location of the site they bill in
    const rows = rowsOf(plan, pred);
    expect(rows.length).toBeGreaterThan(0);
    const location = new Map<string, string>([...sites(plan).map((s) => [s.id, s.location] as const), [GLOBAL_COST_REGION, 'us-east-1']]);
    for (const r of rows) {
      // WHEN computing units x unit price from the catalog
      const expected = r.units * unitPrice(r, location.get(r.region)!, plan);
      // THEN the row bills it, with no discount
      expect(r.monthly).toBeCloseTo(expected, 1);
      expect(r.onDemandMonthly).toBe(r.monthly);
      expect(r.pool).toBeUndefined();
    }
  });

  test('WHEN adding the tables THEN regions, clouds, tiers and pools each add up to the total', () => {
    const c = plan.reports.cost;
    const sum = (m: Readonly<Record<string, number>>) => Object.values(m).reduce((a, x) => a + x, 0);
    const tolerance = 0.01 * c.monthly.length;
    for (const table of [c.byRegion, c.byCloud, c.byTier, c.byPool]) expect(Math.abs(sum(table) - c.totalMonthly)).toBeLessThanOrEqual(tolerance);
    // AND the infrastructure line of the tier and pool tables is the infrastructure rows' sum, the restore sites and global rows have a region line
    const infra = c.monthly.filter((r) => r.kind).reduce((a, r) => a + r.monthly, 0);
    expect(c.infrastructureMonthly).toBeCloseTo(infra, 1);
    expect(c.byTier[INFRASTRUCTURE_TIER]).toBeCloseTo(infra, 1);
    expect(c.byPool[INFRASTRUCTURE_POOL]).toBeCloseTo(infra, 1);
    for (const s of [...plan.restoreSites.map((x) => x.name), GLOBAL_COST_REGION]) expect(c.byRegion[s]).toBeGreaterThan(0);
  });

  test.each(Object.entries(INFRA_PRICES))('WHEN reading the catalog entry %s THEN it is dated with the table and sourced', (_, p) => {
    expect(PRICE_TABLE_DATE).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(p.usd).toBeGreaterThanOrEqual(0);
    expect(p.source).toMatch(/(\.com|\.google)\/|estimate/);
  });
});
