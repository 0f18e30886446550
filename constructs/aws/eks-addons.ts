/**
 * EKS managed add-ons of a cluster at the plan's pinned builds: VPC CNI (with the configuration the plan
 * gives: network policy enforcement on), kube-proxy, CoreDNS, the EKS Pod Identity agent. Add-ons whose
 * pods need nodes are created after the node groups. Conflicts with the self-managed copies EKS
 * installs at cluster creation are resolved in favour of the add-on.
 */
import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import type { EksAddonPlan } from '../../synth/model/index';

export interface EksAddonsProps {
  readonly clusterName: string;
  readonly addons: readonly EksAddonPlan[];
  /** The node groups (add-ons planned `afterNodes` wait for them). */
  readonly nodeGroups: readonly ITerraformDependable[];
}

export class EksAddons extends Construct {
  readonly addons: ReadonlyMap<string, EksAddon>;

  constructor(scope: Construct, id: string, p: EksAddonsProps) {
    super(scope, id);
    const out = new Map<string, EksAddon>();
    for (const a of p.addons) {
      out.set(
        a.name,
        new EksAddon(this, a.name, {
          clusterName: p.clusterName,
          addonName: a.name,
          addonVersion: a.version,
          configurationValues: a.configuration ? JSON.stringify(a.configuration) : undefined,
          resolveConflictsOnCreate: 'OVERWRITE',
          resolveConflictsOnUpdate: 'OVERWRITE',
          dependsOn: a.afterNodes ? [...p.nodeGroups] : undefined,
        }),
      );
    }
    this.addons = out;
  }
}
