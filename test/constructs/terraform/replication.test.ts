/**
 * Replication into the standbys, as synthesized: standby -> feed -> primary, as a graph over the Terraform
 * references of the region stacks and the interconnect stacks; a lag alarm per feed at the reported RPO bound.
 */
import type { ReplicationFeedPlan, ReplicationPlan } from '../../../synth/model/index';
import { referencePlan, referenceStacks } from '../../helpers/reference';

const plan = referencePlan();
const stacks = referenceStacks();
const entriesOf = (stack: any, type: string): [string, any][] => Object.entries(stack.resource?.[type] ?? {});
const feeds: [string, ReplicationPlan, ReplicationFeedPlan][] = plan.replication.flatMap((r) => r.feeds.map((f) => [f.name, r, f] as [string, ReplicationPlan, ReplicationFeedPlan]));
/** `${x.y.z}` -> [x, y, z] */
const refParts = (s: string) => /^\$\{(.*)\}$/.exec(s)![1].split('.');
/** The secret_string jsonencode(...) expression of a secret version, as a map of key -> expression. */
function secretFields(version: any): Record<string, string> {
  const m = /^\$\{jsonencode\(\{(.*)\}\)\}$/s.exec(version.secret_string);
  expect(m).not.toBeNull();
  const out: Record<string, string> = {};
  for (const part of m![1].split(/,\s*(?=["a-z]+\s*=)/)) {
    const [k, ...v] = part.split('=');
    out[k.trim().replace(/"/g, '')] = v.join('=').trim();
  }
  return out;
}

describe('replication feeds', () => {
  test('GIVEN the plan THEN every standby shard has exactly one feed, whose source is the primary shard of the same database and index', () => {
    for (const r of plan.regions.filter((x) => x.role === 'failover' && x.cloud !== 'aws')) {
      const primary = plan.regions.find((x) => x.id === r.failoverFor)!;
      for (const standby of r.databases) {
        const mine = plan.replication.filter((x) => x.failover === r.id && x.database === standby.database).flatMap((x) => x.feeds.filter((f) => f.target === standby.name));
        expect(mine.length).toBe(1);
        const source = primary.databases.find((d) => d.name === mine[0].source)!;
        expect([source.database, source.shard, source.role]).toEqual([standby.database, standby.shard, 'primary']);
      }
    }
  });

  test.each(feeds)('GIVEN feed %s THEN standby -> feed -> primary: the task targets the standby writer and reads the primary shard, over endpoints whose secrets carry those hosts', (_n, r, f) => {
    const ic = stacks.get(r.interconnect);
    const region = stacks.get(`region-${r.primary}`);
    const peer = stacks.get(`region-${r.failover}`);
    const [, task] = entriesOf(ic, 'aws_dms_replication_task').find(([, t]) => t.replication_task_id === f.name)!;
    expect(task.migration_type).toBe('full-load-and-cdc');
    expect(JSON.parse(task.table_mappings).rules.map((x: any) => x['rule-action'])).toEqual(['include']);
    const endpoint = (ref: string) => ic.resource.aws_dms_endpoint[refParts(ref)[1]];
    const src = endpoint(task.source_endpoint_arn);
    const dst = endpoint(task.target_endpoint_arn);
    expect([src.endpoint_type, src.engine_name, dst.endpoint_type, dst.engine_name]).toEqual(['source', 'aurora-postgresql', 'target', 'postgres']);
    expect([src.ssl_mode, dst.ssl_mode]).toEqual(['require', 'require']);
    const [instance] = entriesOf(ic, 'aws_dms_replication_instance').filter(([, i]) => i.replication_instance_id === r.name);
    expect(task.replication_instance_arn).toBe(`\${aws_dms_replication_instance.${instance[0]}.replication_instance_arn}`);

    const dstSecret = refParts(dst.secrets_manager_arn);
    const [, dstVersion] = entriesOf(ic, 'aws_secretsmanager_secret_version').find(([, v]) => v.secret_id === `\${aws_secretsmanager_secret.${dstSecret[1]}.id}`)!;
    const target = secretFields(dstVersion);
    expect(target.username).toBe(`"${r.targetUser}"`);
    if (r.targetCloud === 'gcp') {
      // Target: secret host = the standby writer's private IP output of the failover region stack ...
      expect(target.host).toBe(`data.terraform_remote_state.state-region-${r.failover}.outputs.standby_writer_ip_${f.target}`);
      // ... which is the private IP of the Cloud SQL writer named for that standby shard.
      const out = peer.output[`standby_writer_ip_${f.target}`].value;
      const [, writer] = entriesOf(peer, 'google_sql_database_instance').find(([k]) => out === `\${google_sql_database_instance.${k}.private_ip_address}`)!;
      expect(writer.name).toContain(f.target);
      expect(writer.master_instance_name).toBeUndefined();
      // The target user exists on that writer with the secret's password.
      const [, user] = entriesOf(ic, 'google_sql_user').find(([, u]) => u.instance === `\${data.terraform_remote_state.state-region-${r.failover}.outputs.standby_writer_instance_${f.target}}`)!;
      expect(peer.output[`standby_writer_instance_${f.target}`].value).toMatch(/^\$\{google_sql_database_instance\.[^.]+\.name\}$/);
      expect(`\${${target.password}}`).toBe(user.password);
      expect(user.name).toBe(r.targetUser);
    } else {
      // Target: the A record Azure keeps for the writer server named for that standby shard, in its private zone ...
      const record = /^element\(tolist\(tolist\(data\.azurerm_private_dns_a_record\.([\w-]+)\.records\)\), 0\)$/.exec(target.host)!;
      expect(record).not.toBeNull();
      const lookup = ic.data.azurerm_private_dns_a_record[record[1]];
      expect(lookup.name).toBe(`\${data.terraform_remote_state.state-region-${r.failover}.outputs.standby_writer_instance_${f.target}}`);
      const serverRef = refParts(peer.output[`standby_writer_instance_${f.target}`].value);
      const server = peer.resource.azurerm_postgresql_flexible_server[serverRef[1]];
      expect(server.name).toContain(f.target);
      expect(server.high_availability).toBeDefined(); // a writer, not a replica
      expect(peer.output.postgres_dns_zone.value).toMatch(/^\$\{azurerm_private_dns_zone\.[^.]+\.name\}$/);
      expect(refParts(server.private_dns_zone_id)[1]).toBe(refParts(peer.output.postgres_dns_zone.value)[1]);
      // ... and the login is the server's password administrator, with the generated password.
      expect(server.authentication.password_auth_enabled).toBe(true);
      expect(server.administrator_login).toBe(r.targetUser);
      expect(target.password).toBe(`data.terraform_remote_state.state-region-${r.failover}.outputs.standby_replication_password`);
      expect(peer.output.standby_replication_password).toEqual(expect.objectContaining({ value: server.administrator_password, sensitive: true }));
      // The feeds' sources may reach the data subnets.
      const primary = plan.regions.find((x) => x.id === r.primary)!;
      const sources = primary.subnets.filter((x) => r.subnets.includes(x.name)).map((x) => x.cidr).sort();
      const rules = Object.values<any>(peer.resource.azurerm_network_security_group).flatMap((g) => g.security_rule).filter((x: any) => x.name === 'allow-data-from-peer');
      expect(rules.map((x: any) => [...x.source_address_prefixes].sort())).toEqual([sources]);
    }

    // Source: the region stack's secret for the primary shard, whose host is that Aurora cluster's writer endpoint.
    expect(src.secrets_manager_arn).toBe(`\${data.terraform_remote_state.state-region-${r.primary}.outputs.replication_source_secret_arn_${f.source}}`);
    const secretRef = refParts(region.output[`replication_source_secret_arn_${f.source}`].value);
    const [, srcVersion] = entriesOf(region, 'aws_secretsmanager_secret_version').find(([, v]) => v.secret_id === `\${aws_secretsmanager_secret.${secretRef[1]}.id}`)!;
    const source = secretFields(srcVersion);
    const [, cluster] = entriesOf(region, 'aws_rds_cluster').find(([k]) => source.host === `aws_rds_cluster.${k}.endpoint`)!;
    expect(cluster.cluster_identifier).toBe(f.source);
    // Logical replication is on in that cluster's parameter group.
    const group = Object.values<any>(region.resource.aws_rds_cluster_parameter_group).find((g) => `\${aws_rds_cluster_parameter_group.${Object.keys(region.resource.aws_rds_cluster_parameter_group).find((k) => region.resource.aws_rds_cluster_parameter_group[k] === g)}.name}` === cluster.db_cluster_parameter_group_name);
    expect(group.parameter).toContainEqual({ name: 'rds.logical_replication', value: '1', apply_method: 'pending-reboot' });
    // No secret value anywhere in the output: passwords are generated references.
    expect(source.password).toMatch(/^random_password\./);
    expect(target.password).toMatch(/^(random_password\.|data\.terraform_remote_state\.[\w-]+\.outputs\.standby_replication_password$)/);
  });

  test.each(feeds)('GIVEN feed %s THEN a CDCLatencyTarget alarm on its task at the region-loss RPO bound the report states, missing data breaching', (_n, r, f) => {
    const ic = stacks.get(r.interconnect);
    const [taskAddress] = entriesOf(ic, 'aws_dms_replication_task').find(([, t]) => t.replication_task_id === f.name)!;
    const [, alarm] = entriesOf(ic, 'aws_cloudwatch_metric_alarm').find(([, a]) => a.alarm_name === f.lagAlarm.name)!;
    expect([alarm.namespace, alarm.metric_name, alarm.comparison_operator, alarm.treat_missing_data]).toEqual(['AWS/DMS', 'CDCLatencyTarget', 'GreaterThanThreshold', 'breaching']);
    expect(alarm.dimensions.ReplicationInstanceIdentifier).toBe(r.name);
    expect(alarm.dimensions.ReplicationTaskIdentifier).toContain(`aws_dms_replication_task.${taskAddress}.replication_task_arn`);
    const db = plan.databases.find((d) => d.id === r.database)!;
    const reported = plan.reports.rpo.filter((row) => db.stores.includes(row.dataClass)).map((row) => row.regionLossSeconds);
    expect(reported.length).toBeGreaterThan(0);
    for (const seconds of reported) expect(alarm.threshold).toBe(seconds);
    expect(alarm.alarm_actions.length).toBe(1);
  });

  test('GIVEN the primary region stacks THEN the DMS security group may reach the Aurora clusters and only the peer ranges on the PostgreSQL port', () => {
    for (const r of plan.replication) {
      const region = stacks.get(`region-${r.primary}`);
      const ic = plan.interconnects.find((i) => i.name === r.interconnect)!;
      const [sgAddress] = entriesOf(region, 'aws_security_group').find(([, g]) => g.name.endsWith('-replication'))!;
      const sg = `\${aws_security_group.${sgAddress}.id}`;
      const egress = entriesOf(region, 'aws_vpc_security_group_egress_rule').map(([, e]) => e).filter((e) => e.security_group_id === sg);
      expect(egress.filter((e) => e.cidr_ipv4 && e.from_port === 5432).map((e) => e.cidr_ipv4).sort()).toEqual([...ic.peer.advertisedRanges].sort());
      const ingress = entriesOf(region, 'aws_vpc_security_group_ingress_rule').map(([, e]) => e).filter((e) => e.referenced_security_group_id === sg);
      expect(ingress.length).toBe(1);
    }
  });
});
