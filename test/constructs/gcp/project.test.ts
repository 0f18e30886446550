/** A fresh GCP project: every API a GCP region stack calls is enabled by the stack, first; the node service account gets its one role. */
import { referencePlan, referenceStacks } from '../../helpers/reference';

const plan = referencePlan();
const stacks = referenceStacks();
const gcp = plan.regions.filter((r) => r.cloud === 'gcp');

/** Terraform type prefix -> the API it calls (Google provider docs), written independently of the catalog. */
const API_OF: readonly [RegExp, string][] = [
  [/^google_compute_/, 'compute.googleapis.com'],
  [/^google_container_/, 'container.googleapis.com'],
  [/^google_kms_/, 'cloudkms.googleapis.com'],
  [/^google_service_account/, 'iam.googleapis.com'],
  [/^google_dns_/, 'dns.googleapis.com'],
  [/^google_service_networking_connection$/, 'servicenetworking.googleapis.com'],
  [/^google_sql_/, 'sqladmin.googleapis.com'],
  [/^google_redis_/, 'redis.googleapis.com'],
  [/^google_gke_hub_feature_membership$/, 'anthosconfigmanagement.googleapis.com'],
  [/^google_gke_hub_/, 'gkehub.googleapis.com'],
  [/^google_project_iam_/, 'cloudresourcemanager.googleapis.com'],
  [/^google_certificate_manager_/, 'certificatemanager.googleapis.com'],
  [/^google_secret_manager_/, 'secretmanager.googleapis.com'],
  [/^google_cloud_quotas_/, 'cloudquotas.googleapis.com'],
];

describe.each(gcp.map((r) => [r.id] as const))('%s', (id) => {
  const stack = stacks.get(`region-${id}`);
  const services = Object.entries(stack.resource.google_project_service as Record<string, any>);
  const enabled = new Set(services.map(([, s]) => s.service));

  test('every resource type calls an API the stack enables, left enabled on destroy', () => {
    for (const type of Object.keys(stack.resource).filter((t) => t.startsWith('google_') && t !== 'google_project_service')) {
      const apis = API_OF.filter(([re]) => re.test(type)).map(([, api]) => api);
      expect({ type, known: apis.length > 0 }).toEqual({ type, known: true });
      for (const api of apis) expect({ type, api, enabled: enabled.has(api) }).toEqual({ type, api, enabled: true });
    }
    for (const [, s] of services) expect(s.disable_on_destroy).toBe(false);
  });

  test('every other resource waits for the APIs', () => {
    const deps = services.map(([k]) => `google_project_service.${k}`).sort();
    for (const [type, byName] of Object.entries(stack.resource as Record<string, Record<string, any>>)) {
      if (!type.startsWith('google_') || type === 'google_project_service') continue;
      for (const r of Object.values(byName)) expect(deps.every((d) => (r.depends_on ?? []).includes(d))).toBe(true);
    }
  });

  test('the GKE node service account holds exactly the default node role', () => {
    const [poolKey] = Object.keys(stack.resource.google_container_node_pool);
    const sa = /google_service_account\.([^.]+)\.email/.exec(stack.resource.google_container_node_pool[poolKey].node_config.service_account)![1];
    const roles = Object.values(stack.resource.google_project_iam_member as Record<string, any>).filter((m) => m.member === `serviceAccount:\${google_service_account.${sa}.email}`);
    expect(roles.map((m) => m.role)).toEqual(['roles/container.defaultNodeServiceAccount']);
  });
});
