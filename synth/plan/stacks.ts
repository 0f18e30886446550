/** Terraform stacks and their apply waves: one stack per region (wave 1), then `global` (wave 2). */
import type { RegionPlan, StackPlan } from '../model/index';

export function planStacks(regions: readonly RegionPlan[]): StackPlan[] {
  const awsPrimaries = regions.filter((r) => r.role === 'primary' && r.cloud === 'aws');
  return [
    ...regions.map((r) => ({ name: `region-${r.id}`, kind: 'region' as const, cloud: r.cloud, region: r.id, dependsOn: [], wave: 1 })),
    { name: 'global', kind: 'global', cloud: 'aws', dependsOn: awsPrimaries.map((r) => `region-${r.id}`), wave: 2 },
  ];
}
