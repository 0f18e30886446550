/**
 * Identities of the EKS add-on controllers that call AWS APIs (LB controller, cluster-autoscaler, External
 * Secrets): per planned identity an IAM role trusted by EKS Pod Identity (`pods.eks.amazonaws.com`,
 * AssumeRole + TagSession) with the plan's inline statements only, associated with the controller's
 * ServiceAccount. The plan writes `<partition>` and `<account>` in its ARNs; they are the stack's.
 */
import { Construct } from 'constructs';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import type { ControllerIdentityPlan } from '../../synth/model/index';
import { PlanInvariantError } from '../../synth/util/errors';
import { AccountContext, ServiceRole } from './iam';
import { POD_IDENTITY_PRINCIPAL } from './workload-identity';

export interface ControllerIdentitiesProps {
  readonly clusterName: string;
  readonly identities: readonly ControllerIdentityPlan[];
  readonly account: AccountContext;
}

export class ControllerIdentities extends Construct {
  readonly roles: ReadonlyMap<string, ServiceRole>;

  constructor(scope: Construct, id: string, p: ControllerIdentitiesProps) {
    super(scope, id);
    const fill = (s: string) => s.replace(/<partition>/g, p.account.partition).replace(/<account>/g, p.account.accountId);
    const roles = new Map<string, ServiceRole>();
    for (const identity of p.identities) {
      if (!identity.iam || identity.iam.length === 0) throw new PlanInvariantError('regions', `${p.clusterName}: controller ${identity.addon} has no IAM statements`);
      const role = new ServiceRole(this, `role-${identity.addon}`, {
        name: identity.name,
        servicePrincipal: POD_IDENTITY_PRINCIPAL,
        trustActions: ['sts:AssumeRole', 'sts:TagSession'],
        account: p.account,
        inlineStatements: identity.iam.map((s) => ({
          sid: s.sid,
          effect: 'Allow',
          actions: [...s.actions],
          resources: s.resources.map(fill),
          ...(s.conditions ? { condition: s.conditions.map((c) => ({ test: c.test, variable: c.variable, values: [...c.values] })) } : {}),
        })),
      });
      roles.set(identity.addon, role);
      new EksPodIdentityAssociation(this, `association-${identity.addon}`, {
        clusterName: p.clusterName,
        namespace: identity.namespace,
        serviceAccount: identity.serviceAccount,
        roleArn: role.arn,
        dependsOn: role.dependables,
      });
    }
    this.roles = roles;
  }
}
