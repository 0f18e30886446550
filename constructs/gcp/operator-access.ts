/**
 * Operator access to the GKE clusters of a project (the plan's OperatorAccessPlan): the planned project roles for
 * the operators' Google group, held by the one stack of the project that owns the bindings (the plan says which).
 */
import { Construct } from 'constructs';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import type { OperatorAccessPlan } from '../../synth/model/index';

export interface GkeOperatorAccessProps {
  readonly access: OperatorAccessPlan;
  readonly project: string;
}

export class GkeOperatorAccess extends Construct {
  constructor(scope: Construct, id: string, p: GkeOperatorAccessProps) {
    super(scope, id);
    const principal = p.access.principal;
    if (!principal || !p.access.ownsProjectBindings) return;
    for (const role of p.access.grants) {
      new ProjectIamMember(this, `operators-${role.split('/').pop()!.replace(/\./g, '-')}`, { project: p.project, role, member: principal });
    }
  }
}
