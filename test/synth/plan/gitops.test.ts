/** The GitOps agent planner on hand-made regions: one agent per cluster with workloads, of its cloud. */
import type { Cloud, RegionPlan } from '../../../synth/model/index';
import type { PlanContext } from '../../../synth/plan/context';
import { agentStackDependencies, planGitOpsAgents } from '../../../synth/plan/gitops';
import { planStacks } from '../../../synth/plan/stacks';

const ctx = { spec: { name: 'acme', regions: [], gitops: { repoURL: 'https://git.acme.test/ops.git', revision: 'release', path: 'out/k8s' } } } as unknown as PlanContext;
const region = (id: string, cloud: Cloud, workloads = 1): RegionPlan =>
  ({ id, cloud, role: 'primary', cluster: { name: `acme-${id}`, gitopsApplication: `acme-${id}` }, workloads: Array.from({ length: workloads }, () => ({})) }) as unknown as RegionPlan;

describe('planGitOpsAgents', () => {
  const regions = [region('east', 'aws'), region('idle', 'aws', 0), region('zeta-g', 'gcp'), region('alpha-g', 'gcp'), region('west-az', 'azure')];
  const agents = planGitOpsAgents(ctx, regions);

  test('GIVEN five regions, one without workloads THEN four agents, each of its cloud, on the region folder of the spec repository', () => {
    expect(agents.map((a) => [a.region, a.kind])).toEqual([
      ['east', 'eks-argocd-capability'],
      ['zeta-g', 'gke-config-sync'],
      ['alpha-g', 'gke-config-sync'],
      ['west-az', 'aks-flux'],
    ]);
    for (const a of agents) expect([a.repoURL, a.revision, a.path]).toEqual(['https://git.acme.test/ops.git', 'release', `out/k8s/${a.region}`]);
  });

  test('GIVEN two GCP regions THEN the first by id creates the fleet feature and the other stack applies after it', () => {
    const gcp = agents.filter((a) => a.configSync);
    expect(gcp.filter((a) => a.configSync!.createsFeature).map((a) => a.region)).toEqual(['alpha-g']);
    const stacks = planStacks(regions, [], agentStackDependencies(agents));
    const byName = new Map(stacks.map((s) => [s.name, s]));
    expect(byName.get('region-zeta-g')!.dependsOn).toContain('region-alpha-g');
    expect(byName.get('region-zeta-g')!.wave).toBe(byName.get('region-alpha-g')!.wave + 1);
    expect(byName.get('region-alpha-g')!.dependsOn.filter((d) => d.startsWith('region-'))).toEqual([]);
    expect(byName.get('global')!.wave).toBeGreaterThan(Math.max(...[...byName.values()].filter((s) => byName.get('global')!.dependsOn.includes(s.name)).map((s) => s.wave)));
  });

  test('only Argo CD ignores the HPA-owned replicas; only Argo CD has sync waves; every agent has keep annotations', () => {
    for (const a of agents) {
      expect(a.replicasInGit).toBe(a.kind === 'eks-argocd-capability');
      expect(a.waves !== undefined).toBe(a.kind === 'eks-argocd-capability');
      expect(Object.keys(a.keepAnnotations).length).toBeGreaterThan(0);
    }
    const argo = agents.find((a) => a.argocd)!;
    expect(argo.waves!.foundation).toBeLessThan(argo.waves!.controllers);
    expect(argo.waves!.controllers).toBeLessThan(argo.waves!.workloads);
  });

  test('pause and resume commands name the cluster and the agent object', () => {
    for (const a of agents) {
      expect(a.pauseCommand).toContain(a.cluster);
      expect(a.resumeCommand).toContain(a.cluster);
      expect(a.pauseCommand).not.toBe(a.resumeCommand);
    }
  });

  test('GIVEN GCP regions in two projects THEN each project gets its own fleet feature', () => {
    const two = { spec: { ...(ctx as any).spec, regions: [{ id: 'alpha-g', project: 'p-one1' }, { id: 'zeta-g', project: 'p-two2' }] } } as unknown as PlanContext;
    const a = planGitOpsAgents(two, regions);
    expect(a.filter((x) => x.configSync?.createsFeature).map((x) => x.region).sort()).toEqual(['alpha-g', 'zeta-g']);
    expect(agentStackDependencies(a).size).toBe(0);
  });
});
