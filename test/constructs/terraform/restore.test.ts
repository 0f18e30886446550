/**
 * The restore stacks as synthesized, as a graph over Terraform references: restore target (subnet group,
 * security group, role) -> the site's network and cluster; restore target -> the backup copy vault the
 * primary's stack creates at the site's location; the runbook's commands name exactly those. Also the data
 * runbooks of promoted standbys (sequences) and the GCP project the interconnect stacks read from state.
 */
import { referenceFiles, referenceKubernetes, referencePlan, referenceStacks } from '../../helpers/reference';
import { validateTerraformStack } from '../../helpers/tf-schema';

const plan = referencePlan();
const stacks = referenceStacks();
const files = referenceFiles();
const entriesOf = (stack: any, type: string): [string, any][] => Object.entries(stack.resource?.[type] ?? {});
/** `${type.name.attr}` -> [type, name, attr] */
const refParts = (s: string) => /^\$\{(.*)\}$/.exec(s)![1].split('.');
const sites = plan.restoreSites.map((x) => [x.name, x] as const);

describe('restore stacks', () => {
  test.each(sites)('GIVEN %s THEN its provider is at the backup copy location and every resource passes the provider schemas', (name, site) => {
    const stack = stacks.get(name);
    expect(stack.provider.aws.map((p: any) => p.region)).toEqual([site.location]);
    expect(validateTerraformStack(stack)).toEqual([]);
    expect(Object.keys(stack.data?.terraform_remote_state ?? {})).toEqual([]);
    // the quotas the restore needs there are requested by this stack, at the planned values
    const requested = entriesOf(stack, 'aws_servicequotas_service_quota').map(([, q]) => [q.quota_code, q.value]).sort();
    expect(requested).toEqual(plan.quotas.filter((q) => q.region === name).map((q) => [q.quotaCode, q.value]).sort());
  });

  test.each(sites)('GIVEN %s THEN network -> cluster -> node pools: the planned VPC, EKS cluster in its private subnets, pools at 0 up to the planned max', (name, site) => {
    const stack = stacks.get(name);
    const [[vpcName, vpc]] = entriesOf(stack, 'aws_vpc');
    expect(vpc.cidr_block).toBe(site.networkCidr);
    const subnets = entriesOf(stack, 'aws_subnet');
    expect(subnets.map(([, s]) => s.cidr_block).sort()).toEqual(site.subnets.map((s) => s.cidr).sort());
    for (const [, s] of subnets) expect(s.vpc_id).toBe(`\${aws_vpc.${vpcName}.id}`);
    const [[eksName, eks]] = entriesOf(stack, 'aws_eks_cluster');
    expect(eks.name).toBe(site.cluster.name);
    const privateIds = new Set(subnets.filter(([, s]) => site.subnets.find((x) => x.cidr === s.cidr_block)!.kind === 'private').map(([n]) => `\${aws_subnet.${n}.id}`));
    expect(new Set(eks.vpc_config.subnet_ids)).toEqual(privateIds);
    const groups = entriesOf(stack, 'aws_eks_node_group');
    expect(groups.map(([, g]) => [g.node_group_name, g.scaling_config.min_size, g.scaling_config.desired_size, g.scaling_config.max_size]).sort()).toEqual(
      site.cluster.nodePools.map((p) => [p.name, 0, 0, p.max]).sort(),
    );
    for (const [, g] of groups) expect(g.cluster_name).toBe(`\${aws_eks_cluster.${eksName}.name}`);
  });

  test.each(sites)('GIVEN %s THEN restore target -> network: the subnet group holds exactly the data subnets, the security group admits only the nodes on the database port', (name, site) => {
    const stack = stacks.get(name);
    const [[, group]] = entriesOf(stack, 'aws_db_subnet_group');
    expect(group.name).toBe(site.dbSubnetGroup);
    const cidrs = group.subnet_ids.map((ref: string) => stack.resource.aws_subnet[refParts(ref)[1]].cidr_block).sort();
    expect(cidrs).toEqual(site.subnets.filter((s) => s.kind === 'data').map((s) => s.cidr).sort());
    const [sgName] = entriesOf(stack, 'aws_security_group').find(([, g]) => g.name === site.securityGroup)!;
    const ingress = entriesOf(stack, 'aws_vpc_security_group_ingress_rule').filter(([, r]) => r.security_group_id === `\${aws_security_group.${sgName}.id}`);
    expect(ingress.length).toBe(1);
    const [, rule] = ingress[0];
    expect([rule.from_port, rule.to_port, rule.ip_protocol, rule.cidr_ipv4]).toEqual([site.port, site.port, 'tcp', undefined]);
    const nodeSg = stack.resource.aws_security_group[refParts(rule.referenced_security_group_id)[1]];
    expect(nodeSg.vpc_id).toBe(`\${aws_vpc.${Object.keys(stack.resource.aws_vpc)[0]}.id}`);
    expect(stack.output.node_security_group_id.value).toBe(rule.referenced_security_group_id);
    // one parameter group per restored database, TLS only
    const params = entriesOf(stack, 'aws_rds_cluster_parameter_group');
    expect(params.map(([, p]) => p.name).sort()).toEqual([...new Set(site.targets.map((t) => t.parameterGroup))].sort());
    for (const [, p] of params) expect(p.parameter).toContainEqual(expect.objectContaining({ name: 'rds.force_ssl', value: '1' }));
  });

  test.each(sites)('GIVEN %s THEN restore target -> backup copies: the vault it restores from is created by the primary\'s stack at the site location, and the restore role may restore', (name, site) => {
    const primary = stacks.get(`region-${site.primary}`);
    const alias = primary.provider.aws.find((p: any) => p.region === site.location).alias;
    const vaults = entriesOf(primary, 'aws_backup_vault').filter(([, v]) => v.name === site.copyVault && v.provider === `aws.${alias}`);
    expect(vaults.length).toBe(1);
    // the primary's backup plans copy every rule into that vault
    const vaultArn = `\${aws_backup_vault.${vaults[0][0]}.arn}`;
    for (const [, bp] of entriesOf(primary, 'aws_backup_plan')) {
      for (const rule of bp.rule) expect(rule.copy_action.map((c: any) => c.destination_vault_arn)).toContain(vaultArn);
    }
    const stack = stacks.get(name);
    const [[roleName, role]] = entriesOf(stack, 'aws_iam_role').filter(([, r]) => r.name === site.restoreRole);
    const attached = entriesOf(stack, 'aws_iam_role_policy_attachment').filter(([, a]) => a.role === `\${aws_iam_role.${roleName}.name}`).map(([, a]) => a.policy_arn);
    expect(attached.some((a: string) => a.endsWith(':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores'))).toBe(true);
    expect(stack.output.restore_role_arn.value).toBe(`\${aws_iam_role.${roleName}.arn}`);
  });

  test.each(sites)('GIVEN %s THEN the runbook restores every target from that vault into the planned subnet group, parameter group and security group', (name, site) => {
    const text = files.get(`runbooks/restore-${site.primary}.md`)!;
    const primary = plan.regions.find((r) => r.id === site.primary)!;
    expect(text).toContain(`cd dist/terraform/${name}`);
    for (const t of site.targets) {
      expect(text).toContain(`--backup-vault-name ${site.copyVault} --by-resource-type Aurora`);
      expect(text).toContain(`ends_with(ResourceArn, ':cluster:${t.source}')`);
      expect(text).toContain(`DBClusterIdentifier: "${t.identifier}", Engine: "aurora-postgresql", DBSubnetGroupName: "${site.dbSubnetGroup}"`);
      expect(text).toContain(`DBClusterParameterGroupName: "${t.parameterGroup}"`);
      expect(text).toContain(`--db-cluster-identifier ${t.identifier} --db-instance-identifier ${t.writerInstance} --engine aurora-postgresql --db-instance-class ${t.instanceClass}`);
    }
    // the names are the stack's (records -> restored clusters, below): no zone or record made by hand
    expect(text).not.toContain('create-hosted-zone');
    expect(text).not.toContain('change-resource-record-sets');
    expect(text).toContain(`\`<shard>.db.${primary.privateZone}\``);
    for (const p of site.cluster.nodePools) expect(text).toContain(`--nodegroup-name ${p.name} --scaling-config minSize=${p.max},maxSize=${p.max},desiredSize=${p.max}`);
    // the workloads arrive through the site's own GitOps agent, not by hand
    expect(text).not.toMatch(/kubectl [^\n]* apply/);
    const agent = plan.gitopsAgents.find((a) => a.region === site.region.id)!;
    expect(text).toContain(`-n ${agent.namespace} wait application/${agent.argocd!.application} --for=jsonpath='{.status.health.status}'=Healthy`);
    for (const s of site.services) expect(files.has(`kubernetes/${name}/${s}.yaml`)).toBe(true);
    expect(text).not.toContain('${');
  });

  test.each(sites)('GIVEN %s THEN stack -> Argo CD capability -> Application -> kubernetes/%s/: the site\'s own agent syncs its own folder, which holds exactly the restore tiers\' Deployments', (name, site) => {
    const stack = stacks.get(name);
    const capabilities = entriesOf(stack, 'aws_eks_capability').map(([, c]) => c);
    expect(capabilities.map((c) => c.type)).toEqual(['ARGOCD']);
    const [[eksName]] = entriesOf(stack, 'aws_eks_cluster');
    expect(capabilities[0].cluster_name).toBe(`\${aws_eks_cluster.${eksName}.name}`);
    const agent = plan.gitopsAgents.find((a) => a.region === site.region.id)!;
    const apps = (referenceKubernetes().get(`kubernetes/argocd/${name}.yaml`) as any[]).filter((o) => o.kind === 'Application' && o.metadata.name === agent.argocd!.application);
    expect(apps.length).toBe(1);
    expect(apps[0].spec.source.path).toBe(`${plan.gitops.path}/${name}`);
    expect(apps[0].spec.syncPolicy.automated).toEqual(expect.objectContaining({ prune: true }));
    const deployments = [...referenceKubernetes()].filter(([p]) => p.startsWith(`kubernetes/${name}/`)).flatMap(([, objs]) => objs as any[]).filter((o) => o.kind === 'Deployment');
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual([...site.services].sort());
    // the managed add-ons: VPC CNI with network policy enforcement, and none whose pods need nodes (pools wait at 0)
    const addons = entriesOf(stack, 'aws_eks_addon').map(([, a]) => a);
    const cni = addons.find((a) => a.addon_name === 'vpc-cni')!;
    expect(JSON.parse(cni.configuration_values).enableNetworkPolicy).toBe('true');
    expect(addons.map((a) => a.addon_name)).not.toContain('coredns');
  });

  test.each(sites)('GIVEN %s THEN NetworkPolicy egress -> the site\'s data subnets = the restore target\'s DB subnet group, on the database port only', (name, site) => {
    const stack = stacks.get(name);
    const [[, group]] = entriesOf(stack, 'aws_db_subnet_group');
    const groupCidrs = group.subnet_ids.map((ref: string) => stack.resource.aws_subnet[refParts(ref)[1]].cidr_block).sort();
    const primary = plan.regions.find((r) => r.id === site.primary)!;
    for (const s of site.services) {
      const policies = (referenceKubernetes().get(`kubernetes/${name}/${s}.yaml`) as any[]).filter((o) => o.kind === 'NetworkPolicy' && o.metadata.name === s);
      expect(policies.length).toBe(1);
      const blocks = policies[0].spec.egress.filter((e: any) => e.to?.some((t: any) => t.ipBlock));
      expect(blocks.length).toBe(1);
      expect(blocks[0].to.map((t: any) => t.ipBlock.cidr).sort()).toEqual(groupCidrs);
      expect(blocks[0].ports).toEqual([{ port: site.port, protocol: 'TCP' }]);
      // not the primary's subnets
      for (const c of primary.subnets.filter((x) => x.kind === 'data').map((x) => x.cidr)) expect(groupCidrs).not.toContain(c);
    }
  });
});

describe('promoted standbys: sequences', () => {
  const primaries = [...new Set(plan.replication.map((r) => r.primary))].map((p) => [p] as const);
  test.each(primaries)('GIVEN the standbys of %s THEN the promotion runbook runs the sequence script on every fed standby writer, by its planned name', (primary) => {
    const text = files.get(`runbooks/promote-${primary}.md`)!;
    for (const r of plan.replication.filter((x) => x.primary === primary)) {
      const failover = plan.regions.find((x) => x.id === r.failover)!;
      for (const f of r.feeds) {
        const d = failover.databases.find((x) => x.name === f.target)!;
        expect(text).toContain(`psql "host=${d.host} port=${d.port} dbname=${r.databaseName} user=${r.targetUser} sslmode=require" -v ON_ERROR_STOP=1 < dist/runbooks/advance-sequences.sql`);
      }
    }
  });

  test('GIVEN the sequence script THEN it generates one SELECT setval per column-owned sequence past the column maximum plus the gap, executed by \\gexec', () => {
    const sql = files.get('runbooks/advance-sequences.sql')!;
    expect(sql).toMatch(/SELECT format\('SELECT setval\(%L, coalesce\(\(SELECT max\(%I\) FROM %s\), 0\) \+ 1000000, true\);'/);
    expect(sql).toContain("dep.deptype IN ('a', 'i')");
    expect(sql.split('\n')).toContain('\\gexec');
  });

  test('GIVEN every tier that promotes a fed standby THEN its RTO counts the sequence step, and the ledger marks it human with the runbook and script', () => {
    const ledger = files.get('ledger.md')!;
    for (const row of plan.reports.rto) {
      const tierServices = plan.services.filter((s) => s.tier === row.tier);
      const fed = row.strategy !== 'restore' && plan.replication.some((r) => tierServices.some((s) => s.usesDatabases.includes(r.database) && s.primaryRegions.includes(r.primary)));
      const term = row.terms.find((t) => t.label.startsWith('sequences'));
      expect({ tier: row.tier, counted: term !== undefined }).toEqual({ tier: row.tier, counted: fed });
      if (term) expect(ledger).toContain(`${row.tier}: ${term.label} ${term.seconds}s`);
    }
    expect(ledger).toContain('runbooks/advance-sequences.sql');
  });
});

describe('GCP project of the interconnect stacks', () => {
  const gcpPairs = plan.interconnects.filter((i) => i.peerCloud === 'gcp').map((i) => [i.name, i] as const);
  test.each(gcpPairs)('GIVEN %s THEN it asks for no project variable: its google provider reads the project from the failover region\'s state, which outputs it', (name, ic) => {
    const stack = stacks.get(name);
    expect(Object.keys(stack.variable ?? {})).not.toContain('gcp_project');
    expect(stack.provider.google[0].project).toBe(`\${data.terraform_remote_state.state-region-${ic.failover}.outputs.gcp_project_id}`);
    const region = stacks.get(`region-${ic.failover}`);
    expect(region.output.gcp_project_id.value).toBe('${var.gcp_project}');
    expect(region.variable.gcp_project.default).toBe(plan.gcpProjects.find((p) => p.region === ic.failover)!.project);
    const readme = files.get('terraform/README.md')!;
    const section = readme.split(`### \`${name}\``)[1].split('### ')[0];
    expect(section).not.toContain('Variables:');
    expect(section).toContain('`gcp_project_id`');
  });
});

describe('Azure subscription of the interconnect stacks', () => {
  const azurePairs = plan.interconnects.filter((i) => i.peerCloud === 'azure').map((i) => [i.name, i] as const);
  test('GIVEN the reference THEN it has an Azure pair (the table below is not empty)', () => expect(azurePairs.length).toBeGreaterThan(0));
  test.each(azurePairs)('GIVEN %s THEN it asks for no variable: its azurerm provider reads the subscription from the failover region\'s state, which outputs its own', (name, ic) => {
    const stack = stacks.get(name);
    expect(stack.variable ?? {}).toEqual({});
    expect(stack.provider.azurerm.map((p: any) => p.subscription_id)).toEqual([`\${data.terraform_remote_state.state-region-${ic.failover}.outputs.azure_subscription}`]);
    const region = stacks.get(`region-${ic.failover}`);
    expect(region.provider.azurerm[0].subscription_id).toBe('${var.azure_subscription_id}');
    expect(region.output.azure_subscription.value).toBe('${var.azure_subscription_id}');
    const readme = files.get('terraform/README.md')!;
    const section = readme.split(`### \`${name}\``)[1].split('### ')[0];
    expect(section).not.toContain('Variables:');
    expect(section).toContain('`azure_subscription`');
  });
});

/**
 * Evaluates a restore stack's discovery count for a set of clusters that exist: `(length(setsubtract([ids],
 * tolist(data.aws_rds_clusters.<listing>.cluster_identifiers))) < 1) ? 1 : 0`, the only shape these counts take.
 */
function discoveryCount(stack: any, expr: string, existing: ReadonlySet<string>): number {
  const m = /^\$\{\(length\(setsubtract\((\[[^\]]*\]), tolist\(data\.aws_rds_clusters\.([^.]+)\.cluster_identifiers\)\)\) < 1\) \? 1 : 0\}$/.exec(expr);
  if (!m) throw new Error(`not a discovery count: ${expr}`);
  // the listing is of the region's Aurora PostgreSQL clusters
  expect(stack.data.aws_rds_clusters[m[2]].filter).toEqual([{ name: 'engine', values: ['aurora-postgresql'] }]);
  const wanted = JSON.parse(m[1]) as string[];
  return wanted.every((id) => existing.has(id)) ? 1 : 0;
}

describe('restore stacks: the restored services\' identities', () => {
  const identities = plan.restoreSites.flatMap((site) => site.identities.map((i) => [`${site.name} ${i.service}`, site, i] as const));
  test('GIVEN the reference THEN some restored service has an identity (the graph below is not empty)', () => {
    expect(identities.length).toBeGreaterThan(0);
  });
  test.each(identities)('GIVEN %s THEN ServiceAccount -> Pod Identity association -> role -> grant -> restored cluster, the grant only once restored', (_n, site, identity) => {
    const stack = stacks.get(site.name);
    // the ServiceAccount the site's agent syncs from the site's folder
    const objects = referenceKubernetes().get(`kubernetes/${site.name}/${identity.service}.yaml`) as any[];
    const sa = objects.find((o) => o.kind === 'ServiceAccount' && o.metadata.name === identity.serviceAccount);
    expect(sa.metadata.namespace).toBe(identity.namespace);
    // -> the association on the site's EKS cluster
    const [[eksName]] = entriesOf(stack, 'aws_eks_cluster');
    const assoc = entriesOf(stack, 'aws_eks_pod_identity_association').map(([, a]) => a).filter((a) => a.namespace === sa.metadata.namespace && a.service_account === sa.metadata.name);
    expect(assoc.length).toBe(1);
    expect(assoc[0].cluster_name).toBe(`\${aws_eks_cluster.${eksName}.name}`);
    // -> the role, trusted by EKS Pod Identity only
    const [, roleName, attr] = refParts(assoc[0].role_arn);
    expect(attr).toBe('arn');
    const role = stack.resource.aws_iam_role[roleName];
    expect(role.name).toBe(identity.name);
    const trust = stack.data.aws_iam_policy_document[refParts(role.assume_role_policy)[2]];
    expect(trust.statement.map((x: any) => x.principals.map((p: any) => p.identifiers).flat()).flat()).toEqual(['pods.eks.amazonaws.com']);
    // -> its only policies: the grant, present once every cluster it uses exists (none before a restore)
    const policies = entriesOf(stack, 'aws_iam_role_policy').map(([, x]) => x).filter((x) => x.role === `\${aws_iam_role.${roleName}.id}`);
    expect(policies.length).toBe(1);
    const used = [...new Set(identity.grants.map((g) => g.instance))];
    expect(discoveryCount(stack, policies[0].count, new Set())).toBe(0);
    expect(discoveryCount(stack, policies[0].count, new Set(used))).toBe(1);
    if (used.length > 1) expect(discoveryCount(stack, policies[0].count, new Set(used.slice(1)))).toBe(0);
    expect(stack.variable?.restored).toBeUndefined();
    expect(entriesOf(stack, 'aws_iam_role_policy_attachment').filter(([, x]) => x.role === `\${aws_iam_role.${roleName}.name}`)).toEqual([]);
    // -> rds-db:connect on dbuser:<restored cluster resource id>/<user> of exactly the planned restored clusters
    const policy: string = policies[0].policy;
    expect(policy).toContain('rds-db:connect');
    expect(policy).toContain(`:rds-db:${site.location}:`);
    const granted = [...policy.matchAll(/dbuser:\$\{data\.aws_rds_cluster\.([^\[]+)\[0\]\.cluster_resource_id\}\/([a-z0-9_]+)/g)].map((m) => {
      const data = stack.data.aws_rds_cluster[m[1]];
      // read once the cluster exists, exactly then
      expect(discoveryCount(stack, data.count, new Set([data.cluster_identifier]))).toBe(1);
      expect(discoveryCount(stack, data.count, new Set(site.targets.map((t) => t.identifier).filter((x) => x !== data.cluster_identifier)))).toBe(0);
      return [data.cluster_identifier, m[2]];
    });
    expect(granted.sort()).toEqual(identity.grants.map((g) => [g.instance, g.user]).sort());
    // the restored clusters are the runbook's restore targets
    for (const [cluster] of granted) expect(site.targets.map((t) => t.identifier)).toContain(cluster);
  });
  test.each(sites)('GIVEN %s THEN the runbook applies the stack (no variable) after the restore jobs, before the nodes', (name, site) => {
    const runbook = files.get(`runbooks/restore-${site.primary}.md`)!;
    const apply = runbook.indexOf(`(cd dist/terraform/${name} && terraform apply)`);
    expect(apply).toBeGreaterThan(runbook.indexOf('start-restore-job'));
    expect(apply).toBeLessThan(runbook.indexOf('update-nodegroup-config'));
    expect(runbook).not.toContain('-var ');
    // the RTO counts the step (the runbook term of each tier restored here)
    for (const t of site.tiers) expect(plan.reports.rto.find((r) => r.tier === t)!.terms.some((x) => x.label.includes("the identities' grants (terraform apply)") && x.seconds > 0)).toBe(true);
    const readme = files.get('terraform/README.md')!;
    expect(readme.split(`### \`${name}\``)[1].split('### ')[0]).not.toContain('`restored`');
  });

  test.each(sites)('GIVEN %s THEN record -> restored cluster: the primary\'s private names on the site\'s VPC, each writer and reader name pointing at its restored cluster once it exists', (name, site) => {
    const stack = stacks.get(name);
    const primary = plan.regions.find((r) => r.id === site.primary)!;
    const zones = entriesOf(stack, 'aws_route53_zone');
    expect(zones.map(([, z]) => z.name)).toEqual([primary.privateZone]);
    const [[zoneName, zone]] = zones;
    expect(zone.vpc).toEqual([{ vpc_id: `\${aws_vpc.${Object.keys(stack.resource.aws_vpc)[0]}.id}` }]);
    const records = entriesOf(stack, 'aws_route53_record').map(([, r]) => r);
    const expected = site.targets.flatMap((t) => {
      const d = primary.databases.find((x) => x.name === t.source)!;
      return [[d.host, t.identifier, 'endpoint'], [d.readerHost, t.identifier, 'reader_endpoint']];
    });
    const got = records.map((r) => {
      expect(r.zone_id).toBe(`\${aws_route53_zone.${zoneName}.zone_id}`);
      expect(r.type).toBe('CNAME');
      const m = /^\$\{data\.aws_rds_cluster\.([^\[]+)\[0\]\.(endpoint|reader_endpoint)\}$/.exec(r.records[0])!;
      const data = stack.data.aws_rds_cluster[m[1]];
      // exists exactly when its cluster does
      expect(discoveryCount(stack, r.count, new Set([data.cluster_identifier]))).toBe(1);
      expect(discoveryCount(stack, r.count, new Set())).toBe(0);
      return [r.name, data.cluster_identifier, m[2]];
    });
    expect(got.sort()).toEqual(expected.sort());
    // the manifests use these names
    for (const s of site.services) {
      const config = (referenceKubernetes().get(`kubernetes/${name}/${s}.yaml`) as any[]).find((o) => o.kind === 'ConfigMap');
      for (const [host] of expected) if (JSON.stringify(config.data).includes(host!)) expect(records.map((r) => r.name)).toContain(host);
    }
  });
});
