/**
 * The commands an operator runs for the quota requests no Terraform resource makes (Azure: azurerm 4.55 has
 * no quota resource, so `az quota create` of the Azure CLI's `quota` extension), and the ones that show the
 * state of the requests the stacks make. Shared by report.md and dist/terraform/README.md.
 */
import type { QuotaRequestPlan } from '../model/index';

/** `az quota create` for one Azure request (subscription: the CLI's current one). */
export function azQuotaCreateCommand(q: QuotaRequestPlan): string {
  const scope = `/subscriptions/$(az account show --query id -o tsv)/providers/${q.serviceCode}/locations/${q.location}`;
  return `az quota create --resource-name ${q.quotaCode} --scope "${scope}" --limit-object value=${q.value} --resource-type ${q.resourceType ?? 'dedicated'}`;
}

/** Shows the Cloud Quotas preferences of a GCP project and their state. */
export function gcloudQuotaPreferencesCommand(project: string): string {
  return `gcloud beta quotas preferences list --project=${project} --format="table(quotaId,dimensions,quotaConfig.preferredValue,quotaConfig.grantedValue,reconciling)"`;
}
