/**
 * Identities of the GKE add-on controllers that call Google APIs (External Secrets): per planned identity a
 * Google service account, `roles/iam.workloadIdentityUser` on it for the controller's Kubernetes
 * ServiceAccount, and its project roles conditioned on the secrets whose id starts with the plan's prefix
 * (Secret Manager names resources by project number, read from the project).
 */
import { Construct } from 'constructs';
import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import type { ControllerIdentityPlan } from '../../synth/model/index';

export interface GkeControllerIdentitiesProps {
  readonly project: string;
  readonly identities: readonly ControllerIdentityPlan[];
}

export class GkeControllerIdentities extends Construct {
  readonly accounts: ReadonlyMap<string, ServiceAccount>;

  constructor(scope: Construct, id: string, p: GkeControllerIdentitiesProps) {
    super(scope, id);
    const accounts = new Map<string, ServiceAccount>();
    const number = p.identities.some((i) => (i.gcpRoles ?? []).length > 0) ? new DataGoogleProject(this, 'project', { projectId: p.project }).number : undefined;
    for (const identity of p.identities) {
      const sa = new ServiceAccount(this, `sa-${identity.addon}`, { accountId: identity.name, displayName: `${identity.addon} in ${identity.cluster}` });
      accounts.set(identity.addon, sa);
      new ServiceAccountIamMember(this, `wi-${identity.addon}`, {
        serviceAccountId: sa.name,
        role: 'roles/iam.workloadIdentityUser',
        member: `serviceAccount:${p.project}.svc.id.goog[${identity.namespace}/${identity.serviceAccount}]`,
      });
      for (const role of identity.gcpRoles ?? []) {
        new ProjectIamMember(this, `${role.role.split('/').pop()!.replace(/\./g, '-')}-${identity.addon}`, {
          project: p.project,
          role: role.role,
          member: `serviceAccount:${sa.email}`,
          condition: {
            title: role.title,
            description: `secrets of ${identity.cluster} only (ids starting with ${role.secretPrefix})`,
            expression: `resource.name.startsWith("projects/${number}/secrets/${role.secretPrefix}")`,
          },
        });
      }
    }
    this.accounts = accounts;
  }
}
