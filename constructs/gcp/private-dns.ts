/**
 * A region's private Cloud DNS zone (visible to the region's VPC network only) holding the stable
 * names of the data stores: A records from the plan's host names to the private IPs Cloud SQL and
 * Memorystore assign (a reader name lists every read replica's IP).
 */
import { Construct } from 'constructs';
import { DnsManagedZone } from '@cdktf/provider-google/lib/dns-managed-zone';
import { DnsRecordSet } from '@cdktf/provider-google/lib/dns-record-set';
import { PlanInvariantError } from '../../synth/util/errors';

export interface GcpPrivateDnsRecord {
  /** Fully qualified name inside the zone, from the plan (no trailing dot). */
  readonly name: string;
  /** Addresses the name resolves to. */
  readonly addresses: readonly string[];
}

export interface GcpPrivateDnsProps {
  /** Resource name of the managed zone (lower case, digits, dashes). */
  readonly name: string;
  /** DNS name of the zone, from the plan (no trailing dot), e.g. `us-central-gcp.internal`. */
  readonly zoneName: string;
  readonly networkId: string;
  readonly ttlSeconds: number;
  readonly records: readonly GcpPrivateDnsRecord[];
}

export class GcpPrivateDns extends Construct {
  readonly zone: DnsManagedZone;
  readonly records: readonly DnsRecordSet[];

  constructor(scope: Construct, id: string, props: GcpPrivateDnsProps) {
    super(scope, id);
    this.zone = new DnsManagedZone(this, 'zone', {
      name: props.name,
      dnsName: `${props.zoneName}.`,
      description: 'Stable names of the data stores',
      visibility: 'private',
      privateVisibilityConfig: { networks: [{ networkUrl: props.networkId }] },
    });
    this.records = props.records.map((record) => {
      if (!record.name.endsWith(`.${props.zoneName}`)) {
        throw new PlanInvariantError('regions', `private DNS: ${record.name} is not inside ${props.zoneName}`);
      }
      if (record.addresses.length === 0) throw new PlanInvariantError('regions', `private DNS: ${record.name} has no address`);
      return new DnsRecordSet(this, `a-${record.name}`, {
        managedZone: this.zone.name,
        name: `${record.name}.`,
        type: 'A',
        ttl: props.ttlSeconds,
        rrdatas: [...record.addresses],
      });
    });
  }
}
