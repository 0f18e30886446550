/**
 * A region's private Route 53 zone (associated with the VPC) holding the stable names of the data
 * stores: CNAMEs from the plan's host names to the endpoints AWS assigns.
 */
import { Construct } from 'constructs';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { PlanInvariantError } from '../../synth/util/errors';

export interface PrivateDnsRecord {
  /** Fully qualified name inside the zone, from the plan. */
  readonly name: string;
  /** What it points at (an AWS endpoint). */
  readonly target: string;
  /**
   * Terraform count of the record (a restore site's names exist once their restored cluster does).
   * @default always present
   */
  readonly count?: number;
}

export interface PrivateDnsProps {
  readonly zoneName: string;
  readonly vpcId: string;
  readonly ttlSeconds: number;
  readonly records: readonly PrivateDnsRecord[];
  /**
   * The zone's comment.
   * @default DEFAULT_COMMENT
   */
  readonly comment?: string;
}

export const DEFAULT_COMMENT = 'Stable names of the data stores';

export class PrivateDns extends Construct {
  readonly zone: Route53Zone;

  constructor(scope: Construct, id: string, props: PrivateDnsProps) {
    super(scope, id);
    this.zone = new Route53Zone(this, 'zone', {
      name: props.zoneName,
      comment: props.comment ?? DEFAULT_COMMENT,
      vpc: [{ vpcId: props.vpcId }],
      tags: { Name: props.zoneName },
    });
    for (const record of props.records) {
      if (!record.name.endsWith(`.${props.zoneName}`)) {
        throw new PlanInvariantError('regions', `private DNS: ${record.name} is not inside ${props.zoneName}`);
      }
      new Route53Record(this, `cname-${record.name}`, {
        zoneId: this.zone.zoneId,
        name: record.name,
        type: 'CNAME',
        ttl: props.ttlSeconds,
        records: [record.target],
        ...(record.count !== undefined ? { count: record.count } : {}),
      });
    }
  }
}
