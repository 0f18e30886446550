/**
 * Operator access to an EKS cluster (the plan's OperatorAccessPlan): an access entry for the operators' IAM role and
 * the planned access policy on the whole cluster. The API endpoint stays private (dist/terraform/README.md says how
 * operators reach it).
 */
import { Construct } from 'constructs';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import type { OperatorAccessPlan } from '../../synth/model/index';
import type { AccountContext } from './iam';

export interface EksOperatorAccessProps {
  readonly access: OperatorAccessPlan;
  readonly clusterName: string;
  readonly account: AccountContext;
}

export class EksOperatorAccess extends Construct {
  constructor(scope: Construct, id: string, p: EksOperatorAccessProps) {
    super(scope, id);
    const principal = p.access.principal;
    if (!principal) return;
    const entry = new EksAccessEntry(this, 'entry', { clusterName: p.clusterName, principalArn: principal, type: 'STANDARD' });
    for (const policy of p.access.grants) {
      new EksAccessPolicyAssociation(this, `policy-${policy}`, {
        clusterName: p.clusterName,
        principalArn: principal,
        policyArn: `arn:${p.account.partition}:eks::aws:cluster-access-policy/${policy}`,
        accessScope: { type: 'cluster' },
        dependsOn: [entry],
      });
    }
  }
}
