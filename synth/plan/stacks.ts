/**
 * Terraform stacks and their apply waves: `bootstrap` (wave 0: state bucket, opt-in regions), one stack per
 * region (wave 1, or after the region stacks it depends on: Config Sync's per-project fleet feature), then
 * `global` and one `interconnect-<primary>-<failover>` stack per cross-cloud pair (they read the region
 * stacks' state), and one `restore-<primary>` stack per primary with restore tiers (wave 1, reads nothing). A stack's wave is one more than the latest wave it depends on.
 */
import type { InterconnectPlan, RegionPlan, RestoreSitePlan, StackPlan } from '../model/index';
import { BOOTSTRAP_STACK } from './bootstrap';

export function planStacks(
  regions: readonly RegionPlan[],
  interconnects: readonly InterconnectPlan[] = [],
  after: ReadonlyMap<string, readonly string[]> = new Map(),
  restoreSites: readonly RestoreSitePlan[] = [],
): StackPlan[] {
  const wave = new Map<string, number>([[BOOTSTRAP_STACK, 0]]);
  const waveOf = (name: string, dependsOn: readonly string[]): number => {
    if (!wave.has(name)) {
      wave.set(name, -1); // cycle guard: a stack never waits for itself
      const deps = dependsOn.map((d) => {
        const known = wave.get(d);
        if (known !== undefined && known >= 0) return known;
        return waveOf(d, d.startsWith('region-') ? [BOOTSTRAP_STACK, ...(after.get(d) ?? [])] : [BOOTSTRAP_STACK]);
      });
      wave.set(name, 1 + Math.max(0, ...deps));
    }
    return wave.get(name)!;
  };
  const regionStacks = regions.map((r) => {
    const name = `region-${r.id}`;
    const dependsOn = [BOOTSTRAP_STACK, ...[...(after.get(name) ?? [])].sort()];
    return { name, kind: 'region' as const, cloud: r.cloud, region: r.id, dependsOn, wave: waveOf(name, dependsOn) };
  });
  // The global stack reads every region that has an entry point (its public address) from remote state.
  const withEntry = regions.filter((r) => r.workloads.some((w) => w.public) || (r.role === 'primary' && r.cloud === 'aws'));
  // ... and every restore site whose public services answer there (the SECONDARY of their failover records).
  const globalDeps = [BOOTSTRAP_STACK, ...withEntry.map((r) => `region-${r.id}`), ...restoreSites.filter((x) => x.region.workloads.some((w) => w.public)).map((x) => x.name)];
  return [
    { name: BOOTSTRAP_STACK, kind: 'bootstrap', cloud: 'aws', dependsOn: [], wave: 0 },
    ...regionStacks,
    { name: 'global', kind: 'global', cloud: 'aws', dependsOn: globalDeps, wave: waveOf('global', globalDeps) },
    ...interconnects.map((i) => {
      const dependsOn = [BOOTSTRAP_STACK, `region-${i.primary}`, `region-${i.failover}`];
      return { name: i.name, kind: 'interconnect' as const, cloud: 'aws' as const, region: i.primary, interconnect: i.name, dependsOn, wave: waveOf(i.name, dependsOn) };
    }),
    // A restore site stands alone (its own network and cluster; the copies it restores are the primary's
    // vault at that location, named by the plan, found at restore time): wave 1.
    ...restoreSites.map((site) => {
      const dependsOn = [BOOTSTRAP_STACK];
      return { name: site.name, kind: 'restore' as const, cloud: site.cloud, restoreSite: site.name, dependsOn, wave: waveOf(site.name, dependsOn) };
    }),
  ];
}
