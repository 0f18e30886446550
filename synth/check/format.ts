/** Text and JSON renderings of a policy report (platform check --format text|json, and synth's refusal). */
import type { PolicyReport } from './index';

/** One line per finding, `file: error[rule] resource: message`, then a summary line. */
export function formatPolicyText(report: PolicyReport): string {
  const { findings, checked } = report;
  const scope = `${checked.resources} Terraform resources and ${checked.objects} Kubernetes objects, ${checked.rules} rules`;
  if (!findings.length) return `policy check passed: 0 findings (${scope})\n`;
  const lines = findings.map((f) => `${f.file}: error[${f.rule}] ${f.resource}: ${f.message}`);
  const rules = new Set(findings.map((f) => f.rule)).size;
  return `${lines.join('\n')}\n${findings.length} policy finding(s) from ${rules} rule(s) (${scope})\n`;
}

export function formatPolicyJson(report: PolicyReport): string {
  return JSON.stringify({ ok: report.findings.length === 0, checked: report.checked, findings: report.findings }, null, 2) + '\n';
}
