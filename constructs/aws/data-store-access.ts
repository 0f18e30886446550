/**
 * The security group of a family of data stores: ingress on the store's port from the cluster nodes'
 * security group only (no CIDR ingress at all), used by the Aurora clusters and the Redis groups.
 */
import { Construct } from 'constructs';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';

export interface DataStoreAccessProps {
  /** Security group name (also its Name tag). */
  readonly name: string;
  readonly vpcId: string;
  /** What the group protects and who may connect, e.g. `PostgreSQL`. */
  readonly protocolName: string;
  /** What the group protects, e.g. `Aurora clusters`. */
  readonly storeName: string;
  readonly port: number;
  /** The only security group allowed in: the cluster nodes'. */
  readonly clientSecurityGroupId: string;
}

export class DataStoreAccess extends Construct {
  readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, p: DataStoreAccessProps) {
    super(scope, id);
    this.securityGroup = new SecurityGroup(this, 'sg', {
      name: p.name,
      description: `${p.storeName}: ${p.protocolName} from the cluster nodes only`,
      vpcId: p.vpcId,
      tags: { Name: p.name },
    });
    new VpcSecurityGroupIngressRule(this, 'sg-from-nodes', {
      securityGroupId: this.securityGroup.id,
      referencedSecurityGroupId: p.clientSecurityGroupId,
      ipProtocol: 'tcp',
      fromPort: p.port,
      toPort: p.port,
      description: `${p.protocolName} from the cluster nodes`,
    });
  }
}
