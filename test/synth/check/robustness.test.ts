import fc from 'fast-check';
import { stringify } from 'yaml';
import { checkOutput, POLICY_RULES } from '../../../synth/check/index';

/** Every Terraform type and Kubernetes kind the rules name, so that arbitrary bodies reach every branch. */
const TYPES = [...new Set(POLICY_RULES.flatMap((r) => [...r.checks.join(' ').matchAll(/`((?:aws|google|azurerm)_[a-z0-9_]+)[`.]/g)].map((m) => m[1])))];
const KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'PodDisruptionBudget', 'NetworkPolicy', 'Namespace', 'Service', 'Gateway'];

test('the rules name the resource types they read', () => {
  expect(TYPES).toEqual(expect.arrayContaining(['aws_rds_cluster', 'aws_security_group', 'azurerm_network_security_group', 'google_compute_firewall', 'azurerm_management_lock']));
});

test('GIVEN arbitrary resource bodies, manifests and plan.json THEN the check reports, never throws', () => {
  const body = fc.anything({ maxDepth: 4, withNullPrototype: false });
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.constantFrom(...TYPES), fc.oneof(body, fc.dictionary(fc.constantFrom('tags', 'settings', 'ingress', 'security_rule', 'metadata_options', 'block_device_mappings', 'launch_template', 'bucket', 'scope', 'parameter'), body))), { maxLength: 8 }),
      fc.array(fc.record({ kind: fc.constantFrom(...KINDS), apiVersion: fc.constantFrom('v1', 'apps/v1', 'gateway.networking.k8s.io/v1'), metadata: body, spec: body }, { requiredKeys: ['kind'] }), { maxLength: 6 }),
      fc.oneof(body, fc.record({ stacks: body, regions: body, entryPoints: body })),
      (resources, objects, plan) => {
        const resource: Record<string, Record<string, unknown>> = {};
        resources.forEach(([type, b], i) => ((resource[type] ??= {})[`r${i}`] = b));
        const files = new Map<string, string>([
          ['terraform/region-x/cdk.tf.json', JSON.stringify({ resource })],
          ['kubernetes/x/all.yaml', objects.map((o) => stringify(JSON.parse(JSON.stringify(o)) ?? null)).join('---\n')],
          ['plan.json', JSON.stringify(plan) ?? ''],
        ]);
        const report = checkOutput(files);
        expect(Array.isArray(report.findings)).toBe(true);
      },
    ),
    { numRuns: 300, seed: 9 },
  );
});
