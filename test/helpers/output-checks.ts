/**
 * Structural checks of a synthesized dist/ (the fuzz run and the reference test use them): every JSON file
 * parses, every YAML file parses, no Terraform string carries an interpolation that is not a reference or a
 * function call that cdktf wrote (`${aws_vpc.x.id}`, `${data...}`, `${var...}`, `${jsonencode(...)}`), no `%{`
 * directive, and every name the output gives a cloud resource or a Kubernetes object fits its target's naming
 * rule from synth/catalog/limits.ts. Returns the problems found (empty when the output is sound).
 */
import { parseAllDocuments } from 'yaml';
import { NAME_RULES, nameProblem, type NameRuleId } from '../../synth/catalog/limits';

/** Terraform resource type -> attribute -> naming rule. */
const TERRAFORM_NAMES: Readonly<Record<string, Readonly<Record<string, NameRuleId>>>> = {
  aws_rds_cluster: { cluster_identifier: 'auroraIdentifier' },
  aws_rds_cluster_instance: { identifier: 'auroraIdentifier' },
  aws_rds_global_cluster: { global_cluster_identifier: 'auroraIdentifier' },
  aws_elasticache_replication_group: { replication_group_id: 'elasticacheReplicationGroupId' },
  aws_lb: { name: 'nlbName' },
  aws_lb_target_group: { name: 'nlbTargetGroupName' },
  aws_eks_cluster: { name: 'eksClusterName' },
  aws_s3_bucket: { bucket: 's3BucketName' },
  aws_iam_role: { name: 'iamRoleName' },
  google_container_cluster: { name: 'gkeClusterName' },
  google_service_account: { account_id: 'gcpServiceAccountId' },
  google_redis_instance: { name: 'memorystoreInstanceId' },
  google_sql_database_instance: { name: 'cloudSqlInstanceName' },
  azurerm_postgresql_flexible_server: { name: 'azurePostgresServerName' },
  azurerm_redis_cache: { name: 'azureRedisName' },
  azurerm_kubernetes_cluster: { name: 'aksClusterName' },
};

/**
 * `${` followed by what cdktf writes: a reference (`aws_x.y.z`, `data.`, `var.`, `local.`, `module.`), a function
 * call, or an operator / conditional expression (`Fn.conditional(Op.lt(...), 1, 0)` renders `${(a < b) ? 1 : 0}`).
 */
const TOKEN = /\$\{(?:\(|[a-z][a-z0-9_]*[.(])/;

function strings(x: unknown, at: string, out: [string, string][]): [string, string][] {
  if (typeof x === 'string') out.push([at, x]);
  else if (Array.isArray(x)) x.forEach((v, i) => strings(v, `${at}[${i}]`, out));
  else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) strings(v, at ? `${at}.${k}` : k, out);
  return out;
}

function checkName(problems: string[], where: string, rule: NameRuleId, name: unknown): void {
  if (typeof name !== 'string' || name.includes('${')) return;
  const p = nameProblem(NAME_RULES[rule], name);
  if (p) problems.push(`${where}: ${NAME_RULES[rule].what} ${JSON.stringify(name)}: ${p}`);
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function checkKubernetesObject(problems: string[], where: string, o: any): void {
  if (!o || typeof o !== 'object') return;
  const name = o.metadata?.name;
  if (typeof name === 'string' && (name.length > 253 || !DNS_SUBDOMAIN.test(name))) problems.push(`${where}: ${o.kind} name ${JSON.stringify(name)} is not a DNS-1123 subdomain`);
  if (o.kind === 'Namespace' || o.kind === 'Service') checkName(problems, where, 'k8sDnsLabel', name);
  for (const labels of [o.metadata?.labels, o.spec?.template?.metadata?.labels]) {
    for (const [k, v] of Object.entries(labels ?? {})) checkName(problems, `${where} label ${k}`, 'k8sLabelValue', v);
  }
}

export function outputProblems(files: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  for (const [path, text] of files) {
    if (path.endsWith('.json')) {
      let doc: any;
      try {
        doc = JSON.parse(text);
      } catch (e) {
        problems.push(`${path}: JSON does not parse: ${(e as Error).message}`);
        continue;
      }
      if (!path.startsWith('terraform/')) continue;
      for (const [at, s] of strings(doc, '', [])) {
        if (s.includes('%{')) problems.push(`${path} ${at}: Terraform directive %{ in ${JSON.stringify(s.slice(0, 80))}`);
        let i = s.indexOf('${');
        while (i >= 0) {
          if (s[i - 1] !== '$' && !TOKEN.test(s.slice(i))) problems.push(`${path} ${at}: unescaped interpolation in ${JSON.stringify(s.slice(0, 80))}`);
          i = s.indexOf('${', i + 2);
        }
      }
      for (const [type, rules] of Object.entries(TERRAFORM_NAMES)) {
        for (const [id, config] of Object.entries(doc.resource?.[type] ?? {})) {
          for (const [attr, rule] of Object.entries(rules)) checkName(problems, `${path} ${type}.${id}.${attr}`, rule, (config as Record<string, unknown>)[attr]);
        }
      }
    } else if (path.endsWith('.yaml') || path.endsWith('.yml')) {
      const docs = parseAllDocuments(text);
      const list = Array.isArray(docs) ? docs : [docs];
      for (const d of list) {
        if (d.errors.length) {
          problems.push(`${path}: YAML does not parse: ${d.errors[0].message.split('\n')[0]}`);
          continue;
        }
        checkKubernetesObject(problems, path, d.toJS());
      }
    }
  }
  return problems;
}
