/** Stage 5, emit: the plan to the files of dist/ (Terraform, Kubernetes, reports). */
import type { Plan } from './model';

export function emit(plan: Plan): ReadonlyMap<string, string> {
  const files = new Map<string, string>();
  files.set('plan.json', JSON.stringify(plan, null, 2) + '\n');
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
