/**
 * The public hosted zone and the traffic records of the plan:
 *
 * - `<svc>.<zone>`: latency records, one per AWS primary region (set identifier = region id,
 *   latency region = the region's AWS location), each a CNAME to that region's failover name;
 * - `<svc>.<region>.<zone>`: failover pair: PRIMARY = the region's NLB DNS name, guarded by a
 *   Route 53 health check; SECONDARY = `<svc>.<failover-region>.lb.<zone>`, a name external-dns
 *   in the failover cluster maintains (it points at that cluster's load balancer).
 *
 * Health checks: one per (public service, AWS primary region), against the region's NLB on the
 * service's target-group health check (protocol, port, path), with the plan's traffic interval and
 * failure threshold.
 */
import { Construct } from 'constructs';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import type { DnsRecordPlan, HealthCheckTiming, TargetGroupPlan } from '../../synth/model/index';
import { PlanInvariantError } from '../../synth/util/errors';

/** A region's load balancer as the global stack sees it (names from remote state). */
export interface RegionalLoadBalancerRef {
  readonly region: string;
  /** AWS location (e.g. `us-east-1`). */
  readonly location: string;
  readonly dnsName: string;
  readonly zoneId: string;
  readonly arn: string;
  readonly targetGroups: readonly TargetGroupPlan[];
}

export interface PublicDnsProps {
  readonly zoneName: string;
  readonly records: readonly DnsRecordPlan[];
  /** Traffic health check: interval and failure threshold of the Route 53 health checks. */
  readonly healthCheck: HealthCheckTiming;
  /** AWS primary regions' load balancers, by region id. */
  readonly loadBalancers: ReadonlyMap<string, RegionalLoadBalancerRef>;
}

export class PublicDns extends Construct {
  readonly zone: Route53Zone;
  /** Health check per `<service>/<region>`. */
  readonly healthChecks: ReadonlyMap<string, Route53HealthCheck>;

  constructor(scope: Construct, id: string, props: PublicDnsProps) {
    super(scope, id);
    const p = props;
    this.zone = new Route53Zone(this, 'zone', { name: p.zoneName, comment: 'Public entry points', tags: { Name: p.zoneName } });

    const lbOf = (region: string): RegionalLoadBalancerRef => {
      const lb = p.loadBalancers.get(region);
      if (!lb) throw new PlanInvariantError('services', `public DNS: no AWS load balancer for region ${region}`);
      return lb;
    };

    const checks = new Map<string, Route53HealthCheck>();
    const primaries = p.records.filter((r) => r.routing === 'failover' && r.failoverRole === 'PRIMARY');
    for (const rec of primaries) {
      const lb = lbOf(rec.region);
      const tg = lb.targetGroups.find((t) => t.service === rec.service);
      if (!tg) throw new PlanInvariantError('services', `public DNS: region ${rec.region} has no target group for ${rec.service}`);
      const hc = tg.healthCheck;
      checks.set(
        `${rec.service}/${rec.region}`,
        new Route53HealthCheck(this, `hc-${rec.service}-${rec.region}`, {
          fqdn: lb.dnsName,
          type: hc.protocol,
          port: hc.port,
          resourcePath: hc.protocol === 'TCP' ? undefined : hc.path,
          requestInterval: p.healthCheck.intervalSeconds,
          failureThreshold: p.healthCheck.failureThreshold,
          tags: { Name: `${rec.service}-${rec.region}`, service: rec.service, region: rec.region, tier: rec.tier },
        }),
      );
    }
    this.healthChecks = checks;

    for (const rec of p.records) {
      const base = { zoneId: this.zone.zoneId, name: rec.name, type: 'CNAME', ttl: rec.ttlSeconds, setIdentifier: setIdentifier(rec) };
      if (rec.routing === 'latency') {
        const target = primaries.find((r) => r.service === rec.service && r.region === rec.region);
        if (!target) throw new PlanInvariantError('services', `public DNS: latency record ${rec.name}/${rec.region} has no failover name to point at`);
        new Route53Record(this, `latency-${rec.service}-${rec.region}`, {
          ...base,
          latencyRoutingPolicy: { region: lbOf(rec.region).location },
          records: [target.name],
        });
      } else if (rec.failoverRole === 'PRIMARY') {
        new Route53Record(this, `failover-${rec.service}-${rec.region}`, {
          ...base,
          failoverRoutingPolicy: { type: 'PRIMARY' },
          healthCheckId: checks.get(`${rec.service}/${rec.region}`)!.id,
          records: [lbOf(rec.region).dnsName],
        });
      } else {
        new Route53Record(this, `failover-${rec.service}-${rec.region}`, {
          ...base,
          failoverRoutingPolicy: { type: 'SECONDARY' },
          records: [secondaryTarget(rec)],
        });
      }
    }
  }
}

function secondaryTarget(rec: DnsRecordPlan): string {
  if (!rec.target) throw new PlanInvariantError('services', `public DNS: SECONDARY record ${rec.name}/${rec.region} has no target in the plan`);
  return rec.target;
}

function setIdentifier(rec: DnsRecordPlan): string {
  return rec.routing === 'latency' ? rec.region : `${rec.region}-${(rec.failoverRole ?? 'PRIMARY').toLowerCase()}`;
}
