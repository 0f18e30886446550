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

/** Azure REST API version of the PostgreSQL flexible server quota usages (learn.microsoft.com/rest/api/postgresql/quota-usages/list). */
export const POSTGRES_USAGES_API_VERSION = '2025-08-01';

/**
 * Shows a subscription's Azure Database for PostgreSQL flexible server quotas in one location (limit and use of
 * `cores` and of every SKU family): the check before the first apply, since Microsoft publishes no default.
 */
export function azPostgresUsagesCommand(q: QuotaRequestPlan): string {
  const url = `https://management.azure.com/subscriptions/$(az account show --query id -o tsv)/providers/${q.serviceCode}/locations/${q.location}/resourceType/flexibleServers/usages?api-version=${POSTGRES_USAGES_API_VERSION}`;
  return `az rest --method get --url "${url}" --query "value[].{quota:name.value, limit:limit, used:currentValue}" -o table`;
}

/** What an operator does for a request no API makes: the check (where one exists) and where to ask. */
export function manualQuotaStep(q: QuotaRequestPlan): string {
  const from = q.defaultValue === undefined ? 'no published default' : String(q.defaultValue);
  if (q.mechanism === 'cloud console') {
    return `${q.name} ${from} -> ${q.value}: Google Cloud console, IAM & Admin > Quotas, service ${q.serviceCode}, quota "${q.quotaCode}" in ${q.location}, new value ${q.value}`;
  }
  if (q.serviceCode === 'Microsoft.DBforPostgreSQL') {
    return `${q.name} (${from}) needs ${q.value} in ${q.location}: check with \`${azPostgresUsagesCommand(q)}\`; if \`${q.quotaCode}\` or the family of the servers' SKU is below ${q.value}, open a support request (Help + support > Service and subscription limits (quotas) > quota type Azure Database for PostgreSQL flexible server; location ${q.location}, new quota ${q.value}); Microsoft processes it in 24 to 48 hours`;
  }
  return `${q.name} ${from} -> ${q.value}: a support case for \`${q.serviceCode}\` \`${q.quotaCode}\``;
}
