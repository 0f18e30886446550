/**
 * Prerequisites in the synthesized stacks (graph style): the bootstrap stack creates the bucket every backend
 * names, hardened and replicated; every stack pins Terraform >= 1.10; every quota request of the plan is a
 * resource of its region's stack, and every AWS region a stack touches is enabled by default or by bootstrap.
 */
import { AWS_OPT_IN_REGIONS } from '../../../synth/catalog';
import { awsRegions, referencePlan, referenceStacks, regionStack, resources, stackOf } from './fixture';
import { referenceFiles } from '../../helpers/reference';

const plan = referencePlan();
const stacks = referenceStacks();
const bootstrap = stackOf(plan.bootstrap.stack);

/** Name of the resource whose config matches. */
function nameOf(stack: any, type: string, match: (c: any) => boolean): string {
  const names = Object.keys(stack.resource?.[type] ?? {}).filter((k) => match(stack.resource[type][k]));
  if (names.length !== 1) throw new Error(`${names.length} ${type} match`);
  return names[0];
}

describe('bootstrap stack', () => {
  const buckets = resources(bootstrap, 'aws_s3_bucket');
  const state = buckets.find((b) => b.bucket === plan.backend.bucket);
  const stateName = nameOf(bootstrap, 'aws_s3_bucket', (b) => b.bucket === plan.backend.bucket);
  const replicaName = nameOf(bootstrap, 'aws_s3_bucket', (b) => b.bucket === plan.bootstrap.replica.bucket);
  const ref = (name: string, attr: string) => '${aws_s3_bucket.' + name + '.' + attr + '}';

  test('creates the bucket that every stack backend names, in the backend region, protected from destroy', () => {
    for (const [, stack] of stacks) expect(stack.terraform.backend.s3.bucket).toBe(state.bucket);
    expect(state.region).toBe(plan.backend.region);
    expect(bootstrap.provider.aws[0].region).toBe(plan.backend.region);
    expect(state.lifecycle.prevent_destroy).toBe(true);
  });

  test.each([
    ['versioning', 'aws_s3_bucket_versioning', (c: any) => c.versioning_configuration.status === 'Enabled'],
    ['encryption', 'aws_s3_bucket_server_side_encryption_configuration', (c: any) => c.rule[0].apply_server_side_encryption_by_default.sse_algorithm === 'AES256'],
    ['public access block', 'aws_s3_bucket_public_access_block', (c: any) => c.block_public_acls && c.block_public_policy && c.ignore_public_acls && c.restrict_public_buckets],
  ] as const)('state and replica bucket both have %s', (_what, type, holds) => {
    for (const name of [stateName, replicaName]) {
      const configs = resources(bootstrap, type).filter((c) => c.bucket === ref(name, 'id'));
      expect(configs).toHaveLength(1);
      expect(holds(configs[0])).toBeTruthy();
    }
  });

  test('replicates the state bucket to the replica in another region, after versioning', () => {
    const [replication] = resources(bootstrap, 'aws_s3_bucket_replication_configuration');
    expect(replication.bucket).toBe(ref(stateName, 'id'));
    expect(replication.rule[0].destination.bucket).toBe(ref(replicaName, 'arn'));
    expect(replication.rule[0].status).toBe('Enabled');
    expect(resources(bootstrap, 'aws_s3_bucket').find((b) => b.bucket === plan.bootstrap.replica.bucket).region).not.toBe(plan.backend.region);
    expect(replication.depends_on.filter((d: string) => d.startsWith('aws_s3_bucket_versioning.'))).toHaveLength(2);
  });

  test('is wave 0 and the README moves its state into the bucket it creates', () => {
    expect(plan.stacks.find((s) => s.name === plan.bootstrap.stack)!.wave).toBe(0);
    const { terraformReadme } = require('../../../constructs/terraform');
    const readme: string = terraformReadme(plan);
    expect(readme).toContain('terraform init -migrate-state');
    expect(readme.indexOf('backend_override.tf.json')).toBeLessThan(readme.indexOf('-migrate-state'));
  });
});

describe('every stack', () => {
  test.each([...stacks.keys()])('%s requires Terraform >= 1.10 (use_lockfile)', (name) => {
    expect(stacks.get(name).terraform.required_version).toBe('>= 1.10');
  });

  test.each([...stacks.keys()])('%s uses no AWS opt-in region that bootstrap does not enable', (name) => {
    const stack = stacks.get(name);
    const enabled = resources(bootstrap, 'aws_account_region').map((r) => r.region_name);
    const regions: string[] = [...(stack.provider?.aws ?? []).map((p: any) => p.region)];
    for (const instances of Object.values(stack.resource ?? {})) for (const c of Object.values(instances as object) as any[]) if (typeof c.region === 'string') regions.push(c.region);
    for (const r of regions.filter((x) => AWS_OPT_IN_REGIONS.includes(x))) expect(enabled).toContain(r);
  });
});

describe('quota requests', () => {
  test.each(awsRegions().map((r) => [r.id, r] as const))('region %s: each planned request is a resource, and the Aurora instances counted in the stack fit the requested DB instances', (_id, r) => {
    const stack = regionStack(r);
    const quotas = resources(stack, 'aws_servicequotas_service_quota');
    const planned = plan.quotas.filter((q) => q.region === r.id);
    expect(quotas.map((q) => [q.service_code, q.quota_code, q.value]).sort()).toEqual(planned.map((q) => [q.serviceCode, q.quotaCode, q.value]).sort());
    const instances = resources(stack, 'aws_rds_cluster_instance').length;
    const dbQuota = quotas.find((q) => q.service_code === 'rds' && q.quota_code === 'L-7B6409FD');
    expect(instances).toBeGreaterThan(40); // the reference plans 54 per region: over the default
    expect(dbQuota?.value).toBeGreaterThanOrEqual(instances);
  });
});

describe('GCP and Azure quota requests: what the stacks create is what is requested (graph: node pools -> quota)', () => {
  const vcpusOf = (machine: string): number => {
    const m = /^n2-standard-(\d+)$/.exec(machine) ?? /^Standard_D(\d+)s_v5$/.exec(machine);
    if (!m) throw new Error(`no vCPU count for ${machine}`);
    return Number(m[1]);
  };
  const gcp = plan.regions.filter((r) => r.cloud === 'gcp');
  const azure = plan.regions.filter((r) => r.cloud === 'azure');

  test('GIVEN the reference THEN it has GCP and Azure failover regions (the checks below run)', () => {
    expect([gcp.length, azure.length]).toEqual([2, 1]);
  });

  test.each(gcp.map((r) => [r.id, r] as const))('GKE %s: every CPU quota its node pools exceed is a Cloud Quotas preference of the stack, on the Cloud Quotas API', (_id, r) => {
    const stack = regionStack(r);
    // the stack's node pools at their maximum (total over the zones), spot included (a new project has no preemptible quota)
    const vcpus = resources(stack, 'google_container_node_pool').reduce((s, p) => s + p.autoscaling.total_max_node_count * vcpusOf(p.node_config.machine_type), 0);
    const n2 = resources(stack, 'google_container_node_pool').filter((p) => p.node_config.machine_type.startsWith('n2-')).reduce((s, p) => s + p.autoscaling.total_max_node_count * vcpusOf(p.node_config.machine_type), 0);
    const prefs = resources(stack, 'google_cloud_quotas_quota_preference');
    for (const [quotaId, need] of [['CPUS-per-project-region', vcpus], ['N2-CPUS-per-project-region', n2]] as const) {
      const pref = prefs.find((p) => p.quota_id === quotaId);
      expect({ quotaId, need: need > 24 }).toEqual({ quotaId, need: true }); // the reference's pools exceed the new-project default 24
      expect(pref).toEqual(expect.objectContaining({ service: 'compute.googleapis.com', parent: 'projects/${var.gcp_project}', dimensions: { region: r.location }, contact_email: '${var.quota_contact_email}' }));
      expect(Number(pref.quota_config.preferred_value)).toBeGreaterThanOrEqual(need);
      expect(pref.depends_on).toContain('google_project_service.api-cloudquotas');
    }
    expect(stack.variable.quota_contact_email).toEqual(expect.objectContaining({ type: 'string' }));
    expect(resources(stack, 'google_project_service').map((s) => s.service)).toContain('cloudquotas.googleapis.com');
  });

  test('GKE: the project-wide CPU quota of the shared project is requested once, for the sum of its regions', () => {
    const projectOf = (id: string) => plan.gcpProjects.find((p) => p.region === id)!.project;
    expect(new Set(gcp.map((r) => projectOf(r.id))).size).toBe(1); // both GCP regions name exchange-prod-failover
    const total = gcp.reduce((s, r) => s + resources(regionStack(r), 'google_container_node_pool').reduce((a, p) => a + p.autoscaling.total_max_node_count * vcpusOf(p.node_config.machine_type), 0), 0);
    const prefs = gcp.flatMap((r) => resources(regionStack(r), 'google_cloud_quotas_quota_preference').filter((p) => p.quota_id === 'CPUS-ALL-REGIONS-per-project'));
    expect(prefs).toHaveLength(1);
    expect(prefs[0].dimensions).toEqual({});
    expect(Number(prefs[0].quota_config.preferred_value)).toBeGreaterThanOrEqual(total);
  });

  test.each(azure.map((r) => [r.id, r] as const))('AKS %s: every vCPU quota its node pools exceed is an exact `az quota create` prerequisite in README.md and report.md', (_id, r) => {
    const stack = regionStack(r);
    const [cluster] = resources(stack, 'azurerm_kubernetes_cluster');
    const pools = [{ ...cluster.default_node_pool, priority: 'Regular' }, ...resources(stack, 'azurerm_kubernetes_cluster_node_pool')];
    const regular = pools.filter((p) => p.priority !== 'Spot').reduce((s, p) => s + p.max_count * vcpusOf(p.vm_size), 0);
    const spot = pools.filter((p) => p.priority === 'Spot').reduce((s, p) => s + p.max_count * vcpusOf(p.vm_size), 0);
    const readme = referenceFiles().get('terraform/README.md')!;
    const report = referenceFiles().get('report.md')!;
    for (const [resource, type, need] of [['cores', 'dedicated', regular], ['standardDSv5Family', 'dedicated', regular], ['lowPriorityCores', 'lowPriority', spot]] as const) {
      expect({ resource, need: need > 20 }).toEqual({ resource, need: true }); // pay-as-you-go default 20
      const request = plan.quotas.find((q) => q.region === r.id && q.serviceCode === 'Microsoft.Compute' && q.quotaCode === resource)!;
      expect(request.mechanism).toBe('az quota create');
      expect(request.value).toBeGreaterThanOrEqual(need);
      const command = `az quota create --resource-name ${resource} --scope "/subscriptions/$(az account show --query id -o tsv)/providers/Microsoft.Compute/locations/${r.location}" --limit-object value=${request.value} --resource-type ${type}`;
      expect(readme).toContain(command);
      expect(report).toContain(command);
    }
  });

  test.each(azure.map((r) => [r.id, r] as const))('Azure %s: the vCores of the stack\'s PostgreSQL flexible servers (HA standby included) are an exact check-and-request prerequisite in README.md and report.md', (_id, r) => {
    const stack = regionStack(r);
    const servers = resources(stack, 'azurerm_postgresql_flexible_server');
    const vcores = (sku: string) => Number(/^MO_Standard_E(\d+)ds_v5$/.exec(sku)![1]);
    // a writer with zone-redundant HA runs a standby of its SKU; a replica (create_mode Replica) is one server
    const need = servers.reduce((s, v) => s + vcores(v.sku_name) * (v.high_availability?.mode === 'ZoneRedundant' ? 2 : 1), 0);
    expect(servers.length).toBeGreaterThan(0);
    const request = plan.quotas.find((q) => q.region === r.id && q.serviceCode === 'Microsoft.DBforPostgreSQL')!;
    expect(request).toEqual(expect.objectContaining({ mechanism: 'support case', quotaCode: 'cores', location: r.location, value: need }));
    const check = `az rest --method get --url "https://management.azure.com/subscriptions/$(az account show --query id -o tsv)/providers/Microsoft.DBforPostgreSQL/locations/${r.location}/resourceType/flexibleServers/usages?api-version=2025-08-01" --query "value[].{quota:name.value, limit:limit, used:currentValue}" -o table`;
    for (const file of ['terraform/README.md', 'report.md']) {
      const text = referenceFiles().get(file)!;
      expect(text).toContain(check);
      expect(text).toContain(`quota type Azure Database for PostgreSQL flexible server; location ${r.location}, new quota ${need}`);
    }
  });
});

