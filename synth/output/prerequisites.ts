/**
 * The "Prerequisites" section of report.md: what the `bootstrap` stack creates (state bucket, replica,
 * opt-in regions) and the service quota increases the region stacks request. Every figure is the plan's.
 */
import type { Plan } from '../model/index';
import { table } from './report';
import { azQuotaCreateCommand, manualQuotaStep } from '../util/quota-commands';

export function renderPrerequisites(plan: Plan): string[] {
  const b = plan.bootstrap;
  const out: string[] = ['## Prerequisites', ''];
  out.push(
    `The \`${b.stack}\` stack (wave 0) creates the state bucket \`${b.bucket}\` in ${b.region} (versioned, SSE-S3, public access blocked, TLS only) and replicates every state version to \`${b.replica.bucket}\` in ${b.replica.region} (S3 Replication Time Control: 15 minutes).` +
      ` Opt-in regions enabled: ${b.enableRegions.length ? b.enableRegions.map((x) => `\`${x}\``).join(', ') : 'none (no region or backup copy uses one)'}.`,
    '',
  );
  out.push('### Service quota requests', '');
  if (plan.quotas.length === 0) {
    out.push('The plan stays within every default quota of the catalog.', '');
    return out;
  }
  out.push(
    table(
      ['Region', 'Location', 'Quota', 'Code', 'Default', 'Planned', 'Requested', 'Requested by'],
      plan.quotas.map((q) => [q.region, q.location, q.name, `${q.serviceCode} ${q.quotaCode}`, q.defaultValue ?? 'not published', q.planned, q.value, q.mechanism === 'az quota create' || q.mechanism === 'support case' || q.mechanism === 'cloud console' ? `prerequisite: ${q.mechanism}` : `stack: \`${q.mechanism}\``]),
      ['l', 'l', 'l', 'l', 'r', 'r', 'r', 'l'],
    ),
    '',
    'The AWS and GCP region stacks request theirs (`aws_servicequotas_service_quota`, `google_cloud_quotas_quota_preference`); the clouds approve them asynchronously, so a resource over the old quota fails until its request is approved. Azure has no quota resource in azurerm: the `az quota create` commands are one-time prerequisites (dist/terraform/README.md).',
    '',
  );
  const byHand = plan.quotas.filter((q) => q.mechanism === 'az quota create');
  if (byHand.length) out.push('```sh', ...byHand.map((q) => azQuotaCreateCommand(q)), '```', '');
  const manual = plan.quotas.filter((q) => q.mechanism === 'support case' || q.mechanism === 'cloud console');
  if (manual.length) out.push('Requested by hand (no API of the stacks makes these), before the first apply of the region stack:', '', ...manual.map((q) => `- \`${q.region}\`: ${manualQuotaStep(q)}.`), '');
  return out;
}
