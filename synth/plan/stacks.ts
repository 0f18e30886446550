/**
 * Terraform stacks and their apply waves: `bootstrap` (wave 0: state bucket, opt-in regions), one stack per
 * region (wave 1), then `global` and one `interconnect-<primary>-<failover>` stack per cross-cloud pair (wave 2:
 * they read the region stacks' state).
 */
import type { InterconnectPlan, RegionPlan, StackPlan } from '../model/index';
import { BOOTSTRAP_STACK } from './bootstrap';

export function planStacks(regions: readonly RegionPlan[], interconnects: readonly InterconnectPlan[] = []): StackPlan[] {
  const awsPrimaries = regions.filter((r) => r.role === 'primary' && r.cloud === 'aws');
  return [
    { name: BOOTSTRAP_STACK, kind: 'bootstrap', cloud: 'aws', dependsOn: [], wave: 0 },
    ...regions.map((r) => ({ name: `region-${r.id}`, kind: 'region' as const, cloud: r.cloud, region: r.id, dependsOn: [BOOTSTRAP_STACK], wave: 1 })),
    { name: 'global', kind: 'global', cloud: 'aws', dependsOn: [BOOTSTRAP_STACK, ...awsPrimaries.map((r) => `region-${r.id}`)], wave: 2 },
    ...interconnects.map((i) => ({
      name: i.name,
      kind: 'interconnect' as const,
      cloud: 'aws' as const,
      region: i.primary,
      interconnect: i.name,
      dependsOn: [BOOTSTRAP_STACK, `region-${i.primary}`, `region-${i.failover}`],
      wave: 2,
    })),
  ];
}
