/**
 * The global stack: the traffic records in the public zone (created by bootstrap), Route 53 health checks and
 * manual switches, Global Accelerator, CloudFront with its certificate and aliases, and the DNS authorization
 * records of the GCP regions' managed certificates. It reads every entry point's Terraform-owned address
 * from its region stack's state (AWS: the NLB; GCP / Azure: the public IP).
 */
import { Construct } from 'constructs';
import { type DataTerraformRemoteStateS3, DataTerraformRemoteStateS3 as RemoteState, TerraformOutput } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import type { Plan, StackPlan } from '../../../synth/model/index';
import { PlanInvariantError } from '../../../synth/util/errors';
import { DnsValidatedCertificate } from '../../aws/certificate';
import { type EntryPointRef, PublicDns } from '../../aws/dns';
import { Accelerator, Cdn } from '../../aws/edge';
import { backendKey, bootstrapState, configureBackend, GLOBAL_ACCELERATOR_API_REGION, GLOBAL_SERVICES_REGION, OUTPUTS, PlatformStack } from './base';

/** CNAME TTL of the GCP DNS authorization records. */
export const DNS_AUTHORIZATION_TTL = 300;

export class GlobalStack extends PlatformStack {
  constructor(scope: Construct, plan: Plan, stackPlan: StackPlan) {
    super(scope, stackPlan.name);
    configureBackend(this, plan, stackPlan.name);
    const defaultTags = [{ tags: { ...plan.tags } }];
    new AwsProvider(this, 'aws', { region: GLOBAL_SERVICES_REGION, defaultTags });
    const acceleratorProvider = new AwsProvider(this, 'aws-global-accelerator', { alias: 'global-accelerator', region: GLOBAL_ACCELERATOR_API_REGION, defaultTags });
    const zoneId = bootstrapState(this, plan).getString(OUTPUTS.zoneId);

    // Every region's entry point, from its stack's state.
    const entryPoints = new Map<string, EntryPointRef>();
    const nlbArns = new Map<string, string>();
    const gcpStates: { region: string; state: DataTerraformRemoteStateS3 }[] = [];
    for (const dep of stackPlan.dependsOn) {
      if (dep === plan.bootstrap.stack) continue;
      // a region's stack, or a restore site's (whose cluster view answers the restore tiers' public names)
      const region = plan.regions.find((r) => `region-${r.id}` === dep) ?? plan.restoreSites.find((x) => x.name === dep)?.region;
      if (!region) throw new PlanInvariantError('edge', `global stack depends on ${dep}, which is not a region or restore stack of the plan`);
      const entry = plan.entryPoints.find((e) => e.region === region.id);
      if (!entry) continue;
      const state = new RemoteState(this, `state-${dep}`, { bucket: plan.backend.bucket, key: backendKey(plan, dep), region: plan.backend.region });
      if (region.cloud === 'aws') {
        entryPoints.set(region.id, { region: region.id, listeners: entry.listeners, address: { kind: 'alias', dnsName: state.getString(OUTPUTS.nlbDnsName), zoneId: state.getString(OUTPUTS.nlbZoneId) } });
        nlbArns.set(region.id, state.getString(OUTPUTS.nlbArn));
      } else {
        entryPoints.set(region.id, { region: region.id, listeners: entry.listeners, address: { kind: 'ip', ip: state.getString(OUTPUTS.entryAddress) } });
        if (region.cloud === 'gcp') gcpStates.push({ region: region.id, state });
      }
    }

    const dns = new PublicDns(this, 'dns', { zoneId, records: plan.traffic.records, healthCheck: plan.traffic.healthCheck, entryPoints });
    // The id of every manual switch, for the runbook's `aws route53 update-health-check --inverted`.
    for (const rec of plan.traffic.records.filter((r) => r.switch)) {
      const sw = dns.switches.get(`${rec.service}/${rec.region}`);
      if (!sw) throw new PlanInvariantError('tiers', `global stack: no manual switch for ${rec.service} in ${rec.region}`);
      new TerraformOutput(this, rec.switch!.output, { value: sw.id, description: `Manual failover switch of ${rec.name} (invert to fail over to the SECONDARY)` });
    }

    // Google-managed certificates: the DNS authorization CNAME of every domain a GCP entry point serves.
    for (const { region, state } of gcpStates) {
      const entry = plan.entryPoints.find((e) => e.region === region)!;
      const domains = [...new Set(entry.listeners.flatMap((l) => l.certificate.domains))].sort();
      for (const domain of domains) {
        const field = (attr: string) => `\${${state.fqn}.outputs.${OUTPUTS.dnsAuthorizations}["${domain}"].${attr}}`;
        new Route53Record(this, `dns-authorization-${region}-${domain}`, {
          zoneId,
          name: field('name'),
          type: field('type'),
          records: [field('data')],
          ttl: DNS_AUTHORIZATION_TTL,
          allowOverwrite: true,
        });
      }
    }

    const arnOf = (region: string) => {
      const arn = nlbArns.get(region);
      if (!arn) throw new PlanInvariantError('edge', `global stack: no load balancer state for region ${region}`);
      return arn;
    };
    const accelerator = new Accelerator(this, 'accelerator', {
      name: `${plan.name}-${plan.environment}`,
      endpointGroups: plan.traffic.acceleratorEndpointGroups.map((g) => ({ ...g, endpointArn: arnOf(g.region) })),
      healthCheckIntervalSeconds: plan.traffic.healthCheck.intervalSeconds,
      healthCheckThreshold: plan.traffic.healthCheck.failureThreshold,
      allowedHealthCheckIntervals: plan.limits.acceleratorHealthCheckIntervals,
      provider: acceleratorProvider,
    });

    // The accelerator's anycast name per public service (the AWS primaries' certificates cover it).
    for (const a of plan.traffic.anycast) {
      new Route53Record(this, `anycast-${a.service}`, {
        zoneId,
        name: a.name,
        type: 'A',
        alias: { name: accelerator.accelerator.dnsName, zoneId: accelerator.accelerator.hostedZoneId, evaluateTargetHealth: false },
      });
    }

    const cdnCertificate = plan.cdnEntry.certificate ? new DnsValidatedCertificate(this, 'cdn-certificate', { certificate: plan.cdnEntry.certificate, zoneId }) : undefined;
    const cdn = new Cdn(this, 'cdn', {
      cdn: plan.edge.cdn,
      entry: plan.cdnEntry,
      certificateArn: cdnCertificate?.arn,
      bucketName: `${plan.name}-${plan.environment}-static-assets`,
    });
    const aliases = [
      ...(cdn.staticAssets && plan.cdnEntry.staticAlias ? [{ id: 'static', name: plan.cdnEntry.staticAlias, dist: cdn.staticAssets }] : []),
      ...plan.cdnEntry.apis.map((a) => ({ id: `api-${a.service}`, name: a.alias, dist: cdn.apiDistributions.get(a.service)! })),
    ];
    for (const a of aliases) {
      for (const type of ['A', 'AAAA']) {
        new Route53Record(this, `cdn-alias-${a.id}-${type.toLowerCase()}`, {
          zoneId,
          name: a.name,
          type,
          alias: { name: a.dist.domainName, zoneId: a.dist.hostedZoneId, evaluateTargetHealth: false },
        });
      }
    }

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
