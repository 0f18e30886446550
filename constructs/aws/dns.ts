/**
 * The traffic records of the plan in the public hosted zone (created by the bootstrap stack):
 *
 * - `<svc>.<zone>`: one record per primary region, by geoproximity (`edge.geoDns: true`) or latency
 *   (`false`), a CNAME to that region's failover name;
 * - `<svc>.<region>.<zone>`: the failover pair, type A. PRIMARY: the region's entry point (alias to the NLB on
 *   AWS, the Terraform-owned IP elsewhere) with a health check; SECONDARY: the failover region's Terraform-owned
 *   entry-point address (no health check: it answers whenever the PRIMARY is unhealthy);
 * - a failover region's own `<svc>.<region>.<zone>`: a simple A record on its address.
 *
 * Health checks: `entry-point` probes the entry point through its TLS listener (HTTPS on the readiness path,
 * or TCP), with the plan's interval and failure threshold; `manual-switch` adds a calculated check over it that
 * needs 0 healthy children, so it stays healthy whatever the probe says, until an operator inverts it
 * (`invert_healthcheck` is ignored by later applies, so Terraform does not flip it back).
 */
import { Construct } from 'constructs';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import type { DnsRecordPlan, HealthCheckTiming, ListenerPlan } from '../../synth/model/index';
import { PlanInvariantError } from '../../synth/util/errors';

/** A region's entry point as the global stack sees it (addresses from remote state). */
export interface EntryPointRef {
  readonly region: string;
  readonly listeners: readonly ListenerPlan[];
  /** AWS: alias to the NLB; GCP / Azure: the Terraform-owned public IP. */
  readonly address: { readonly kind: 'alias'; readonly dnsName: string; readonly zoneId: string } | { readonly kind: 'ip'; readonly ip: string };
}

export interface PublicDnsProps {
  /** Public hosted zone (bootstrap stack). */
  readonly zoneId: string;
  readonly records: readonly DnsRecordPlan[];
  /** Traffic health check: interval and failure threshold of the Route 53 health checks. */
  readonly healthCheck: HealthCheckTiming;
  /** Entry points by region id. */
  readonly entryPoints: ReadonlyMap<string, EntryPointRef>;
}

export class PublicDns extends Construct {
  /** Probe per `<service>/<region>` of every PRIMARY. */
  readonly healthChecks: ReadonlyMap<string, Route53HealthCheck>;
  /** Manual switch per `<service>/<region>` (manual tiers). */
  readonly switches: ReadonlyMap<string, Route53HealthCheck>;
  readonly records: ReadonlyMap<string, Route53Record>;

  constructor(scope: Construct, id: string, props: PublicDnsProps) {
    super(scope, id);
    const p = props;
    const entryOf = (region: string): EntryPointRef => {
      const e = p.entryPoints.get(region);
      if (!e) throw new PlanInvariantError('services', `public DNS: no entry point for region ${region}`);
      return e;
    };
    const listenerOf = (region: string, service: string): ListenerPlan => {
      const l = entryOf(region).listeners.find((x) => x.service === service);
      if (!l) throw new PlanInvariantError('services', `public DNS: region ${region} has no listener for ${service}`);
      return l;
    };

    const checks = new Map<string, Route53HealthCheck>();
    const switches = new Map<string, Route53HealthCheck>();
    for (const rec of p.records.filter((r) => r.failoverRole === 'PRIMARY')) {
      const key = `${rec.service}/${rec.region}`;
      const entry = entryOf(rec.region);
      const l = listenerOf(rec.region, rec.service);
      const tags = { Name: `${rec.service}-${rec.region}`, service: rec.service, region: rec.region, tier: rec.tier };
      const probe = new Route53HealthCheck(this, `hc-${rec.service}-${rec.region}`, {
        ...(entry.address.kind === 'alias' ? { fqdn: entry.address.dnsName } : { ipAddress: entry.address.ip }),
        type: l.health.protocol,
        port: l.port,
        resourcePath: l.health.protocol === 'HTTPS' ? l.health.path : undefined,
        enableSni: l.health.protocol === 'HTTPS' ? true : undefined,
        requestInterval: p.healthCheck.intervalSeconds,
        failureThreshold: p.healthCheck.failureThreshold,
        tags,
      });
      checks.set(key, probe);
      if (rec.healthCheck === 'manual-switch') {
        if (!rec.switch) throw new PlanInvariantError('tiers', `public DNS: the manual switch of ${rec.name} has no planned name`);
        switches.set(
          key,
          new Route53HealthCheck(this, `switch-${rec.service}-${rec.region}`, {
            type: 'CALCULATED',
            childHealthchecks: [probe.id],
            childHealthThreshold: 0,
            invertHealthcheck: false,
            tags: { ...tags, Name: rec.switch.name, runbook: 'invert to fail over' },
            lifecycle: { ignoreChanges: ['invert_healthcheck'] },
          }),
        );
      }
    }
    this.healthChecks = checks;
    this.switches = switches;

    const records = new Map<string, Route53Record>();
    for (const rec of p.records) {
      const id = `${rec.routing}-${rec.service}-${rec.region}${rec.routing === 'failover' ? `-${rec.failoverRole!.toLowerCase()}` : ''}`;
      const base = { zoneId: p.zoneId, name: rec.name };
      if (rec.target.kind === 'record') {
        records.set(id, new Route53Record(this, id, { ...base, type: 'CNAME', ttl: rec.ttlSeconds, records: [rec.target.name], setIdentifier: rec.region, ...routingPolicy(rec) }));
        continue;
      }
      const address = entryOf(rec.target.region).address;
      const answer =
        address.kind === 'alias'
          ? { type: 'A', alias: { name: address.dnsName, zoneId: address.zoneId, evaluateTargetHealth: false } }
          : { type: 'A', ttl: rec.ttlSeconds, records: [address.ip] };
      if (rec.routing === 'simple') {
        records.set(id, new Route53Record(this, id, { ...base, ...answer }));
        continue;
      }
      const key = `${rec.service}/${rec.region}`;
      const healthCheckId = rec.failoverRole === 'PRIMARY' ? (switches.get(key) ?? checks.get(key))!.id : undefined;
      records.set(
        id,
        new Route53Record(this, id, {
          ...base,
          ...answer,
          setIdentifier: `${rec.region}-${rec.failoverRole!.toLowerCase()}`,
          failoverRoutingPolicy: { type: rec.failoverRole! },
          healthCheckId,
        }),
      );
    }
    this.records = records;
  }
}

function routingPolicy(rec: DnsRecordPlan): Record<string, unknown> {
  const loc = rec.routingLocation;
  if (!loc) throw new PlanInvariantError('services', `public DNS: ${rec.routing} record ${rec.name}/${rec.region} has no routing location`);
  if (rec.routing === 'latency') {
    if (!('awsRegion' in loc)) throw new PlanInvariantError('services', `public DNS: latency record ${rec.name}/${rec.region} needs an AWS region`);
    return { latencyRoutingPolicy: { region: loc.awsRegion } };
  }
  return {
    geoproximityRoutingPolicy:
      'awsRegion' in loc ? { awsRegion: loc.awsRegion, bias: 0 } : { coordinates: [{ latitude: loc.lat.toFixed(2), longitude: loc.lon.toFixed(2) }], bias: 0 },
  };
}
