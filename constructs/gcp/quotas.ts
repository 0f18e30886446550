/**
 * GCP quota increases the plan needs (`google_cloud_quotas_quota_preference`, Cloud Quotas API): Terraform
 * files the preference; Google grants it asynchronously (`quota_config.granted_value`), so a resource over the
 * old quota can fail until it is granted. Google needs a contact e-mail for an increase: the stack's
 * `quota_contact_email` variable (dist/terraform/README.md).
 */
import { Construct } from 'constructs';
import { CloudQuotasQuotaPreference } from '@cdktf/provider-google/lib/cloud-quotas-quota-preference';
import type { QuotaRequestPlan } from '../../synth/model/index';
import { PlanInvariantError } from '../../synth/util/errors';

export interface GcpQuotaPreferencesProps {
  /** The region's requests made by Terraform (mechanism `google_cloud_quotas_quota_preference`). */
  readonly requests: readonly QuotaRequestPlan[];
  /** Project id (the stack's `gcp_project`). */
  readonly project: string;
  /** Contact e-mail Google asks for (the stack's `quota_contact_email`). */
  readonly contactEmail: string;
}

export class GcpQuotaPreferences extends Construct {
  readonly preferences: readonly CloudQuotasQuotaPreference[];

  constructor(scope: Construct, id: string, props: GcpQuotaPreferencesProps) {
    super(scope, id);
    this.preferences = props.requests.map((q) => {
      if (q.cloud !== 'gcp' || q.mechanism !== 'google_cloud_quotas_quota_preference') throw new PlanInvariantError('regions', `GCP quota preferences: ${q.quotaCode} is not a Cloud Quotas request`);
      return new CloudQuotasQuotaPreference(this, `${q.serviceCode.split('.')[0]}-${q.quotaCode}`, {
        parent: `projects/${props.project}`,
        service: q.serviceCode,
        quotaId: q.quotaCode,
        dimensions: { ...(q.dimensions ?? {}) },
        quotaConfig: { preferredValue: String(q.value) },
        contactEmail: props.contactEmail,
        justification: `Planned capacity: ${q.planned} (${q.name}, default ${q.defaultValue}).`,
      });
    });
  }
}
