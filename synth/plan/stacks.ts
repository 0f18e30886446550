/**
 * Terraform stacks and their apply waves: one stack per region (wave 1), then `global` and one
 * `interconnect-<primary>-<failover>` stack per cross-cloud pair (wave 2: they read the region stacks' state).
 */
import type { InterconnectPlan, RegionPlan, StackPlan } from '../model/index';

export function planStacks(regions: readonly RegionPlan[], interconnects: readonly InterconnectPlan[] = []): StackPlan[] {
  const awsPrimaries = regions.filter((r) => r.role === 'primary' && r.cloud === 'aws');
  return [
    ...regions.map((r) => ({ name: `region-${r.id}`, kind: 'region' as const, cloud: r.cloud, region: r.id, dependsOn: [], wave: 1 })),
    { name: 'global', kind: 'global', cloud: 'aws', dependsOn: awsPrimaries.map((r) => `region-${r.id}`), wave: 2 },
    ...interconnects.map((i) => ({
      name: i.name,
      kind: 'interconnect' as const,
      cloud: 'aws' as const,
      region: i.primary,
      interconnect: i.name,
      dependsOn: [`region-${i.primary}`, `region-${i.failover}`],
      wave: 2,
    })),
  ];
}
