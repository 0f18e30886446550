import { checkOutput, POLICY_RULES } from '../../../synth/check/index';
import { referenceFiles, referenceKubernetes, referenceStacks } from '../../helpers/reference';

/** What the reference output must hold for "zero findings" to mean something: [rule, a type it judges]. */
const JUDGED: readonly (readonly [rule: string, kind: string])[] = [
  ['data-store-encrypted-at-rest', 'aws_rds_cluster'],
  ['data-store-encrypted-at-rest', 'aws_elasticache_replication_group'],
  ['data-store-encrypted-at-rest', 'google_sql_database_instance'],
  ['data-store-encrypted-at-rest', 'google_redis_instance'],
  ['data-store-encrypted-in-transit', 'azurerm_redis_cache'],
  ['data-store-encrypted-in-transit', 'azurerm_postgresql_flexible_server_configuration'],
  ['volume-encrypted', 'aws_launch_template'],
  ['volume-encrypted', 'aws_eks_node_group'],
  ['bucket-encrypted', 'aws_s3_bucket'],
  ['backup-vault-kms', 'aws_backup_vault'],
  ['data-store-private', 'aws_rds_cluster_instance'],
  ['data-store-private', 'azurerm_postgresql_flexible_server'],
  ['ingress-world-open', 'aws_vpc_security_group_ingress_rule'],
  ['ingress-world-open', 'google_compute_firewall'],
  ['ingress-world-open', 'azurerm_network_security_group'],
  ['imdsv2-required', 'aws_launch_template'],
  ['imdsv2-required', 'google_container_node_pool'],
  ['cluster-api-private', 'aws_eks_cluster'],
  ['cluster-api-private', 'google_container_cluster'],
  ['cluster-api-private', 'azurerm_kubernetes_cluster'],
  ['data-store-deletion-protection', 'azurerm_postgresql_flexible_server'],
  ['data-store-backups', 'aws_rds_cluster'],
  ['k8s-run-as-non-root', 'Deployment'],
  ['k8s-pod-disruption-budget', 'PodDisruptionBudget'],
  ['k8s-default-deny-network-policy', 'NetworkPolicy'],
];

describe('the reference output', () => {
  const files = referenceFiles();

  test('GIVEN the reference output WHEN checked THEN zero findings', () => {
    const report = checkOutput(files);
    expect(report.findings).toEqual([]);
    // AND it judged every Terraform resource and Kubernetes object of the output, with every rule
    const resources = [...referenceStacks().values()].reduce((n, s) => n + Object.values(s.resource ?? {}).reduce((m: number, named: any) => m + Object.keys(named).length, 0), 0);
    const objects = [...referenceKubernetes().values()].reduce((n, list) => n + list.length, 0);
    expect(report.checked).toEqual({ resources, objects, rules: POLICY_RULES.length });
  });

  test.each(JUDGED)('zero findings is not vacuous: %s has %s to judge', (_rule, kind) => {
    const inTerraform = [...referenceStacks().values()].some((s) => Object.keys(s.resource?.[kind] ?? {}).length > 0);
    const inKubernetes = [...referenceKubernetes().values()].some((list) => list.some((o: any) => o.kind === kind));
    expect(inTerraform || inKubernetes).toBe(true);
  });

  test('the reference opens 0.0.0.0/0 only on the listener ports, and the check reads them from plan.json', () => {
    // GIVEN the reference with one listener port dropped from the plan
    const plan = JSON.parse(files.get('plan.json')!);
    const region = plan.regions.find((r: any) => r.loadBalancer);
    const dropped = region.loadBalancer.targetGroups[0].port;
    region.loadBalancer.targetGroups = region.loadBalancer.targetGroups.slice(1);
    region.workloads = region.workloads.map((w: any) => (w.port === dropped ? { ...w, public: false } : w));
    for (const e of plan.entryPoints.filter((x: any) => x.region === region.id)) e.listeners = e.listeners.filter((l: any) => l.port !== dropped);
    const edited = new Map(files);
    edited.set('plan.json', JSON.stringify(plan));
    // WHEN checked THEN exactly that region's world-open rule for the port is a finding
    const findings = checkOutput(edited).findings;
    const stack = plan.stacks.find((s: any) => s.region === region.id).name;
    expect(findings.map((f) => [f.rule, f.stack])).toEqual([['ingress-world-open', stack]]);
    expect(findings[0].message).toContain(`tcp ${dropped} from 0.0.0.0/0`);
  });

  test('GIVEN one Aurora cluster of the reference unencrypted THEN exactly it is named', () => {
    const [file, text] = [...files].find(([f, t]) => f.startsWith('terraform/') && t.includes('"aws_rds_cluster"'))!;
    const stack = JSON.parse(text);
    const name = Object.keys(stack.resource.aws_rds_cluster)[0];
    stack.resource.aws_rds_cluster[name].storage_encrypted = false;
    const edited = new Map(files);
    edited.set(file, JSON.stringify(stack));
    expect(checkOutput(edited).findings.map((f) => [f.rule, f.file, f.address])).toEqual([['data-store-encrypted-at-rest', file, `aws_rds_cluster.${name}`]]);
  });
});
