/**
 * Terraform stacks and their apply waves: `bootstrap` (wave 0: state bucket, opt-in regions), one stack per
 * region (wave 1), then `global` (wave 2).
 */
import type { RegionPlan, StackPlan } from '../model/index';
import { BOOTSTRAP_STACK } from './bootstrap';

export function planStacks(regions: readonly RegionPlan[]): StackPlan[] {
  const awsPrimaries = regions.filter((r) => r.role === 'primary' && r.cloud === 'aws');
  return [
    { name: BOOTSTRAP_STACK, kind: 'bootstrap', cloud: 'aws', dependsOn: [], wave: 0 },
    ...regions.map((r) => ({ name: `region-${r.id}`, kind: 'region' as const, cloud: r.cloud, region: r.id, dependsOn: [BOOTSTRAP_STACK], wave: 1 })),
    { name: 'global', kind: 'global', cloud: 'aws', dependsOn: [BOOTSTRAP_STACK, ...awsPrimaries.map((r) => `region-${r.id}`)], wave: 2 },
  ];
}
