/**
 * Operator access: the admin principal of each cloud (spec `access.admins`) maps to that cloud's access objects in
 * the Terraform output, on every cluster of that cloud and nowhere else (EKS access entry + cluster-admin policy;
 * GKE project roles held by exactly one stack per project; AKS Entra admin group with local accounts off), and the
 * README tells how each cluster's private endpoint is reached. A spec without `access` grants nobody.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { compile } from '../../../synth/compile';
import { referencePlan, referenceStacks, referenceFiles, SPEC_FILE } from '../../helpers/reference';
import { clusterRegions, clusterStackName } from '../../helpers/cluster-graph';

const spec = parse(readFileSync(SPEC_FILE, 'utf8'));
const admins: { aws: string; gcp: string; azure: string } = spec.access.admins;
const plan = referencePlan();
const stacks = referenceStacks();
const res = (stack: any, type: string): any[] => Object.values(stack.resource?.[type] ?? {});
// every cluster: the regions' and the restore sites' (their stacks are `restore-<primary>`)
const all = clusterRegions(plan);
const stackOf = (id: string) => clusterStackName(plan, id);
const clusters = (cloud: string) => all.filter((r) => r.cloud === cloud).map((r) => [r.id, r] as const);

describe('operator access of the reference', () => {
  test('GIVEN admins for every cloud THEN every cloud has clusters to administer', () => {
    for (const cloud of ['aws', 'gcp', 'azure']) expect(clusters(cloud).length).toBeGreaterThan(0);
  });

  test.each(clusters('aws'))('%s (EKS): an access entry for the operators\' role with cluster admin on the whole cluster', (id, r) => {
    const stack = stacks.get(stackOf(id));
    const entries = res(stack, 'aws_eks_access_entry').filter((e) => e.principal_arn === admins.aws);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ type: 'STANDARD', cluster_name: expect.stringMatching(/aws_eks_cluster\.[^.]+\.name/) });
    const policies = res(stack, 'aws_eks_access_policy_association').filter((a) => a.principal_arn === admins.aws);
    expect(policies.map((a) => [a.policy_arn, a.access_scope])).toEqual([[expect.stringMatching(/:cluster-access-policy\/AmazonEKSClusterAdminPolicy$/), { type: 'cluster' }]]);
    expect(r.cluster.name).toBeTruthy();
  });

  test('GCP: exactly one stack per project holds the operators\' project roles, and every GCP stack enables Connect gateway', () => {
    const byProject = new Map<string, string[]>();
    for (const [id] of clusters('gcp')) {
      const stack = stacks.get(`region-${id}`);
      const members = res(stack, 'google_project_iam_member').filter((m) => m.member === `group:${admins.gcp}`);
      if (members.length > 0) {
        expect(members.map((m) => m.role).sort()).toEqual(['roles/container.admin', 'roles/gkehub.gatewayAdmin']);
        const project = stack.variable.gcp_project.default;
        byProject.set(project, [...(byProject.get(project) ?? []), id]);
      }
      expect(res(stack, 'google_project_service').map((s) => s.service)).toContain('connectgateway.googleapis.com');
    }
    const projects = new Set(clusters('gcp').map(([id]) => stacks.get(`region-${id}`).variable.gcp_project.default));
    expect([...byProject.keys()].sort()).toEqual([...projects].sort());
    for (const holders of byProject.values()) expect(holders).toHaveLength(1);
  });

  test.each(clusters('azure'))('%s (AKS): Entra ID with Azure RBAC, the operators\' group as admin group, no local accounts', (id) => {
    const [aks] = res(stacks.get(`region-${id}`), 'azurerm_kubernetes_cluster');
    expect(aks.local_account_disabled).toBe(true);
    expect(aks.azure_active_directory_role_based_access_control).toEqual({ azure_rbac_enabled: true, admin_group_object_ids: [admins.azure] });
  });

  test('no other stack grants the operators anything', () => {
    for (const [name, stack] of stacks) {
      const text = JSON.stringify(stack);
      const own = (cloud: string) => all.some((r) => r.cloud === cloud && stackOf(r.id) === name);
      if (!own('aws')) expect(text).not.toContain(admins.aws);
      if (!own('gcp')) expect(text).not.toContain(admins.gcp);
      if (!own('azure')) expect(text).not.toContain(admins.azure);
    }
  });

  test('the README gives every cluster the command that reaches its private endpoint', () => {
    const readme = referenceFiles().get('terraform/README.md')!;
    const section = readme.slice(readme.indexOf('## Operator access to the private cluster endpoints'));
    for (const r of all) {
      const line = section.split('\n').find((l) => l.startsWith(`- \`${r.cluster.name}\`,`))!;
      expect(line).toContain(r.cloud === 'aws' ? `aws eks update-kubeconfig --region ${r.location} --name ${r.cluster.name}` : r.cloud === 'gcp' ? `gcloud container fleet memberships get-credentials ${r.cluster.name}` : `az aks command invoke --resource-group ${r.cluster.name}-cluster --name ${r.cluster.name}`);
    }
  });
});

describe('operator access without `access`', () => {
  test('GIVEN a company spec without admins WHEN planned THEN no principal anywhere, AKS local accounts still off', () => {
    const file = path.join(__dirname, '..', '..', 'fixtures', 'companies', 'eurobank.spec.yaml');
    const r = compile(file, readFileSync(file, 'utf8'), 'plan');
    expect(r.ok).toBe(true);
    expect(r.plan!.operatorAccess.length).toBe(r.plan!.regions.length + r.plan!.restoreSites.length);
    for (const a of r.plan!.operatorAccess) {
      expect(a.principal).toBeUndefined();
      expect(a.grants).toEqual([]);
      if (a.cloud === 'azure') expect(a.localAccounts).toBe(false);
    }
  });

  test('GIVEN an admin for a cloud without regions THEN a located warning', () => {
    const file = path.join(__dirname, '..', '..', 'fixtures', 'companies', 'notely.spec.yaml');
    const text = readFileSync(file, 'utf8') + '\naccess:\n  admins:\n    azure: 3f2b8c4e-1d5a-4e7b-9c0f-6a8d2e1b7c94\n';
    const r = compile(file, text, 'validate');
    const w = r.diagnostics.filter((d) => d.code === 'admin-cloud-unused');
    expect(w.map((d) => [d.severity, d.path, d.line])).toEqual([['warning', 'access.admins.azure', text.split('\n').findIndex((l) => l.startsWith('    azure:')) + 1]]);
  });
});
