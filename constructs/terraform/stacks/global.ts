/** The global stack: public DNS zone and failover records, Global Accelerator, CloudFront. */
import { Construct } from 'constructs';
import { DataTerraformRemoteStateS3, TerraformOutput } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Plan, StackPlan } from '../../../synth/model/index';
import { PublicDns, type RegionalLoadBalancerRef } from '../../aws/dns';
import { Accelerator, Cdn } from '../../aws/edge';
import { sortedUnique } from '../util';
import { configureBackend, OUTPUTS, PlatformStack, regionOf, GLOBAL_SERVICES_REGION, GLOBAL_ACCELERATOR_API_REGION, backendKey } from './base';
import { PlanInvariantError } from '../../../synth/util/errors';

export class GlobalStack extends PlatformStack {
  constructor(scope: Construct, plan: Plan, stackPlan: StackPlan) {
    super(scope, stackPlan.name);
    configureBackend(this, plan, stackPlan.name);
    const defaultTags = [{ tags: { ...plan.tags } }];
    new AwsProvider(this, 'aws', { region: GLOBAL_SERVICES_REGION, defaultTags });
    const acceleratorProvider = new AwsProvider(this, 'aws-global-accelerator', { alias: 'global-accelerator', region: GLOBAL_ACCELERATOR_API_REGION, defaultTags });

    // The AWS regions' load balancers, from their stacks' state.
    const loadBalancers = new Map<string, RegionalLoadBalancerRef>();
    for (const dep of stackPlan.dependsOn) {
      const depPlan = plan.stacks.find((s) => s.name === dep);
      if (depPlan?.kind === 'bootstrap') continue;
      if (!depPlan?.region) throw new PlanInvariantError('edge', `global stack depends on ${dep}, which is not a region stack of the plan`);
      const region = regionOf(plan, depPlan.region);
      if (region.cloud !== 'aws' || !region.loadBalancer) continue;
      const state = new DataTerraformRemoteStateS3(this, `state-${dep}`, {
        bucket: plan.backend.bucket,
        key: backendKey(plan, dep),
        region: plan.backend.region,
      });
      loadBalancers.set(region.id, {
        region: region.id,
        location: region.location,
        dnsName: state.getString(OUTPUTS.nlbDnsName),
        zoneId: state.getString(OUTPUTS.nlbZoneId),
        arn: state.getString(OUTPUTS.nlbArn),
        targetGroups: region.loadBalancer.targetGroups,
      });
    }

    const dns = new PublicDns(this, 'dns', {
      zoneName: plan.dns.zone,
      records: plan.traffic.records,
      healthCheck: plan.traffic.healthCheck,
      loadBalancers,
    });

    const lbOf = (region: string) => {
      const lb = loadBalancers.get(region);
      if (!lb) throw new PlanInvariantError('edge', `global stack: no load balancer state for region ${region}`);
      return lb;
    };
    const accelerator = new Accelerator(this, 'accelerator', {
      name: `${plan.name}-${plan.environment}`,
      ports: sortedUnique([...loadBalancers.values()].flatMap((lb) => lb.targetGroups.map((tg) => tg.port))),
      endpointGroups: plan.traffic.acceleratorEndpointGroups.map((g) => ({ ...g, endpointArn: lbOf(g.region).arn })),
      healthCheckIntervalSeconds: plan.traffic.healthCheck.intervalSeconds,
      healthCheckThreshold: plan.traffic.healthCheck.failureThreshold,
      allowedHealthCheckIntervals: plan.limits.acceleratorHealthCheckIntervals,
      provider: acceleratorProvider,
    });

    const cdn = new Cdn(this, 'cdn', {
      cdn: plan.edge.cdn,
      bucketName: `${plan.name}-${plan.environment}-static-assets`,
      apiOrigins: plan.edge.cdn.cacheApis.map((service) => {
        const record = plan.traffic.records.find((r) => r.service === service && r.routing === 'latency');
        if (!record) throw new PlanInvariantError('edge', `cdn: cached API ${service} has no public name in the plan's traffic records`);
        const ports = sortedUnique([...loadBalancers.values()].flatMap((lb) => lb.targetGroups.filter((tg) => tg.service === service).map((tg) => tg.port)));
        if (ports.length !== 1) throw new PlanInvariantError('edge', `cdn: cached API ${service} needs one public port, the plan has ${ports.length}`);
        return { service, domainName: record.name, httpsPort: ports[0] };
      }),
    });

    new TerraformOutput(this, OUTPUTS.zoneId, { value: dns.zone.zoneId, description: 'Public hosted zone' });
    new TerraformOutput(this, OUTPUTS.nameServers, { value: dns.zone.nameServers, description: 'Delegate the zone to these' });
    new TerraformOutput(this, OUTPUTS.acceleratorDnsName, { value: accelerator.accelerator.dnsName, description: 'Global Accelerator DNS name' });
    new TerraformOutput(this, OUTPUTS.acceleratorIps, { value: accelerator.accelerator.ipSets, description: 'Anycast addresses' });
    if (cdn.staticAssets) {
      new TerraformOutput(this, OUTPUTS.staticAssetsDomain, { value: cdn.staticAssets.domainName, description: 'CloudFront domain of the static assets' });
    }
    for (const [service, dist] of cdn.apiDistributions) {
      new TerraformOutput(this, OUTPUTS.cachedApiDomain(service), { value: dist.domainName, description: `CloudFront domain of the cached ${service} API` });
    }
  }
}
