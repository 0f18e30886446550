/**
 * Generates test/helpers/tf-provider-schema.json: a compact, deterministic schema of the Terraform
 * resource / data-source types listed in TF_TYPES below, extracted from the prebuilt cdktf provider
 * packages installed in node_modules (@cdktf/provider-aws, -google, -azurerm).
 *
 * Run it (one-off, ~10-20 s, parses the large .jsii assemblies) after adding a type to TF_TYPES or
 * after upgrading a provider package:
 *
 *   node --max-old-space-size=6000 -r ts-node/register/transpile-only test/helpers/build-tf-schema.ts
 *
 * Where the data comes from:
 *  - `<pkg>/.jsii`: every resource class (its docs name the Terraform type), its `config` interface
 *    (camelCase property names, `optional` flags, types) and the nested block structs, recursively.
 *    A property without `optional: true` is required. A property whose type (through unions with
 *    IResolvable and arrays) is a jsii struct is a nested block (or nested object attribute).
 *  - `<pkg>/lib/<dir>/index.js`: the real camelCase -> snake_case mapping cdktf synthesizes
 *    (`synthesizeAttributes()` for the resource itself, `<struct>ToTerraform(struct)` for blocks),
 *    and `<Class>.tfResourceType = "<type>"`, which is cross-checked.
 *
 * Output shape (keys sorted):
 *   { "generatedBy": ..., "providers": { "<pkg>": { "version", "terraformProviderVersion" } },
 *     "resource": { "<type>": Block }, "data": { "<type>": Block } }
 *   Block = { "attributes": { "<name>": <required: boolean> },
 *             "blocks": { "<name>": Block & { "required": boolean, "list": boolean } } }
 */
import * as fs from 'fs';
import * as path from 'path';

/** Types to extract. Prefix data sources with `data.`; the provider is chosen by the type's prefix. */
export const TF_TYPES: readonly string[] = [
  // ---- AWS ----
  'aws_vpc',
  'aws_subnet',
  'aws_internet_gateway',
  'aws_nat_gateway',
  'aws_eip',
  'aws_route_table',
  'aws_route',
  'aws_route_table_association',
  'aws_flow_log',
  'aws_cloudwatch_log_group',
  'aws_iam_role',
  'aws_iam_role_policy_attachment',
  'aws_iam_role_policy',
  'aws_security_group',
  'aws_vpc_security_group_ingress_rule',
  'aws_vpc_security_group_egress_rule',
  'aws_kms_key',
  'aws_kms_alias',
  'aws_eks_cluster',
  'aws_eks_node_group',
  'aws_eks_addon',
  'aws_launch_template',
  'aws_rds_cluster',
  'aws_rds_cluster_instance',
  'aws_rds_cluster_parameter_group',
  'aws_db_subnet_group',
  'aws_rds_global_cluster',
  'aws_elasticache_replication_group',
  'aws_elasticache_subnet_group',
  'aws_backup_vault',
  'aws_backup_plan',
  'aws_backup_selection',
  'aws_route53_zone',
  'aws_route53_record',
  'aws_route53_health_check',
  'aws_lb',
  'aws_lb_target_group',
  'aws_lb_listener',
  'aws_globalaccelerator_accelerator',
  'aws_globalaccelerator_listener',
  'aws_globalaccelerator_endpoint_group',
  'aws_cloudfront_distribution',
  'aws_cloudfront_origin_access_control',
  'aws_s3_bucket',
  'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_versioning',
  'aws_s3_bucket_policy',
  'aws_acm_certificate',
  'aws_vpn_gateway',
  'aws_vpn_gateway_route_propagation',
  'aws_customer_gateway',
  'aws_vpn_connection',
  'aws_dms_replication_subnet_group',
  'aws_dms_replication_instance',
  'aws_dms_endpoint',
  'aws_dms_replication_task',
  'aws_cloudwatch_metric_alarm',
  'aws_secretsmanager_secret',
  'aws_secretsmanager_secret_version',
  'aws_sns_topic',
  'aws_s3_bucket_replication_configuration',
  'aws_s3_bucket_ownership_controls',
  'aws_s3_bucket_lifecycle_configuration',
  'aws_account_region',
  'aws_servicequotas_service_quota',
  'aws_acm_certificate_validation',
  'aws_cloudfront_cache_policy',
  'data.aws_iam_policy_document',
  'data.aws_rds_cluster',
  'data.aws_rds_clusters',
  'data.aws_caller_identity',
  'data.aws_partition',
  'aws_eks_capability',
  'aws_eks_access_entry',
  'aws_eks_access_policy_association',
  'aws_lambda_function',
  'aws_lambda_invocation',
  'aws_eks_pod_identity_association',
  'aws_elasticache_user',
  'aws_elasticache_user_group',
  // ---- archive ----
  'data.archive_file',
  // ---- Google ----
  'google_compute_network',
  'google_compute_subnetwork',
  'google_compute_router',
  'google_compute_router_nat',
  'google_compute_firewall',
  'google_container_cluster',
  'google_container_node_pool',
  'google_kms_key_ring',
  'google_kms_crypto_key',
  'google_service_account',
  'google_kms_crypto_key_iam_member',
  'google_compute_global_address',
  'google_service_networking_connection',
  'google_sql_database_instance',
  'google_redis_instance',
  'google_dns_managed_zone',
  'google_dns_record_set',
  'google_compute_ha_vpn_gateway',
  'google_compute_external_vpn_gateway',
  'google_compute_vpn_tunnel',
  'google_compute_router_interface',
  'google_compute_router_peer',
  'google_compute_network_peering_routes_config',
  'google_sql_user',
  'google_secret_manager_secret',
  'google_secret_manager_secret_version',
  'google_secret_manager_secret_iam_member',
  'google_compute_address',
  'google_compute_ssl_policy',
  'google_certificate_manager_certificate',
  'google_certificate_manager_dns_authorization',
  'google_certificate_manager_certificate_map',
  'google_certificate_manager_certificate_map_entry',
  'data.google_project',
  'google_project_service',
  'google_gke_hub_membership',
  'google_gke_hub_feature',
  'google_gke_hub_feature_membership',
  'google_service_account_iam_member',
  'google_project_iam_member',
  'google_sql_user',
  'google_cloud_quotas_quota_preference',
  // ---- Azure ----
  'azurerm_resource_group',
  'azurerm_virtual_network',
  'azurerm_subnet',
  'azurerm_network_security_group',
  'azurerm_subnet_network_security_group_association',
  'azurerm_nat_gateway',
  'azurerm_public_ip',
  'azurerm_nat_gateway_public_ip_association',
  'azurerm_subnet_nat_gateway_association',
  'azurerm_kubernetes_cluster',
  'azurerm_kubernetes_cluster_node_pool',
  'azurerm_network_watcher_flow_log',
  'azurerm_log_analytics_workspace',
  'azurerm_user_assigned_identity',
  'azurerm_postgresql_flexible_server',
  'azurerm_postgresql_flexible_server_active_directory_administrator',
  'azurerm_postgresql_flexible_server_configuration',
  'azurerm_redis_cache',
  'azurerm_management_lock',
  'azurerm_private_endpoint',
  'azurerm_private_dns_zone',
  'azurerm_private_dns_zone_virtual_network_link',
  'azurerm_private_dns_cname_record',
  'azurerm_virtual_network_gateway',
  'azurerm_local_network_gateway',
  'azurerm_virtual_network_gateway_connection',
  'data.azurerm_client_config',
  'data.azurerm_private_dns_a_record',
  // ---- Random ----
  'random_password',
  'azurerm_application_gateway',
  'azurerm_key_vault',
  'azurerm_key_vault_secret',
  'azurerm_key_vault_certificate',
  'azurerm_key_vault_certificate_issuer',
  'azurerm_role_assignment',
  'azurerm_network_security_rule',
  'azurerm_kubernetes_cluster_extension',
  'azurerm_kubernetes_flux_configuration',
  'azurerm_federated_identity_credential',
  'azurerm_redis_cache_access_policy_assignment',
];

/** Terraform type prefix -> npm package carrying its prebuilt bindings. */
export const PROVIDER_PACKAGES: Readonly<Record<string, string>> = {
  aws: '@cdktf/provider-aws',
  google: '@cdktf/provider-google',
  azurerm: '@cdktf/provider-azurerm',
  random: '@cdktf/provider-random',
  archive: '@cdktf/provider-archive',
};

export const SCHEMA_FILE = path.join(__dirname, 'tf-provider-schema.json');
export const GENERATOR_COMMAND =
  'node --max-old-space-size=6000 -r ts-node/register/transpile-only test/helpers/build-tf-schema.ts';

export interface TfBlockSchema {
  attributes: Record<string, boolean>;
  blocks: Record<string, TfNestedBlockSchema>;
}
export interface TfNestedBlockSchema extends TfBlockSchema {
  required: boolean;
  list: boolean;
}
export interface TfProviderSchemaFile {
  generatedBy: string;
  providers: Record<string, { version: string; terraformProviderVersion: string }>;
  resource: Record<string, TfBlockSchema>;
  data: Record<string, TfBlockSchema>;
}

// ---------------------------------------------------------------------------------------------
// jsii model (only what we read)
interface JsiiTypeRef {
  primitive?: string;
  fqn?: string;
  collection?: { kind: 'array' | 'map'; elementtype: JsiiTypeRef };
  union?: { types: JsiiTypeRef[] };
}
interface JsiiProperty {
  name: string;
  optional?: boolean;
  type: JsiiTypeRef;
}
interface JsiiType {
  fqn: string;
  name: string;
  kind: 'class' | 'interface' | 'enum';
  assembly: string;
  base?: string;
  datatype?: boolean;
  interfaces?: string[];
  properties?: JsiiProperty[];
  docs?: { summary?: string };
  locationInModule?: { filename: string };
  initializer?: { parameters?: Array<{ name: string; type: JsiiTypeRef }> };
}

class ProviderReader {
  readonly types: Record<string, JsiiType>;
  readonly version: string;
  /** `resource:aws_vpc` -> class fqn */
  readonly classByType = new Map<string, string>();
  private readonly jsCache = new Map<string, string>();
  terraformProviderVersion = '';

  constructor(readonly pkg: string, readonly pkgDir: string) {
    const assembly = JSON.parse(fs.readFileSync(path.join(pkgDir, '.jsii'), 'utf8'));
    this.types = assembly.types;
    this.version = assembly.version;
    const linkRe = /\{@link \S+\/docs\/(resources|data-sources)\/\S+ ([a-z0-9_]+)\}/;
    for (const t of Object.values(this.types)) {
      if (t.kind !== 'class') continue;
      const kind =
        t.base === 'cdktf.TerraformResource' ? 'resource' : t.base === 'cdktf.TerraformDataSource' ? 'data' : undefined;
      if (!kind) continue;
      const m = linkRe.exec(t.docs?.summary ?? '');
      if (!m) throw new Error(`cannot find the Terraform type in the docs of ${t.fqn}`);
      const key = `${kind}:${m[2]}`;
      if (this.classByType.has(key)) throw new Error(`two classes for ${key}: ${this.classByType.get(key)}, ${t.fqn}`);
      this.classByType.set(key, t.fqn);
    }
  }

  private js(t: JsiiType): string {
    const src = t.locationInModule?.filename;
    const m = src && /^src\/(.+)\.ts$/.exec(src);
    if (!m) throw new Error(`unexpected source location for ${t.fqn}: ${src}`);
    const file = path.join(this.pkgDir, 'lib', `${m[1]}.js`);
    let text = this.jsCache.get(file);
    if (text === undefined) {
      text = fs.readFileSync(file, 'utf8');
      // drop the inline source map, which is large and contains the TS source as well
      const sm = text.lastIndexOf('\n//# sourceMappingURL=');
      if (sm >= 0) text = text.slice(0, sm);
      this.jsCache.set(file, text);
    }
    return text;
  }

  extract(kind: 'resource' | 'data', tfType: string): TfBlockSchema {
    const fqn = this.classByType.get(`${kind}:${tfType}`);
    if (!fqn) throw new Error(`${this.pkg}@${this.version} has no ${kind} ${tfType}`);
    const cls = this.types[fqn];
    const js = this.js(cls);
    // cross-check the type against the runtime class
    const tfTypeRe = new RegExp(`\\b${cls.name}\\.tfResourceType = "([^"]+)";`);
    const tm = tfTypeRe.exec(js);
    if (!tm || tm[1] !== tfType) throw new Error(`${fqn}: tfResourceType is ${tm?.[1]}, expected ${tfType}`);
    const pv = /providerVersion: '([^']+)'/.exec(js);
    if (pv && !this.terraformProviderVersion) this.terraformProviderVersion = pv[1];

    const cfgFqn = cls.initializer?.parameters?.find((p) => p.name === 'config')?.type.fqn;
    if (!cfgFqn) throw new Error(`${fqn}: no config parameter`);

    // constructor: this._privateName(.internalValue)? = config.camelName;
    const privateToCamel = new Map<string, string>();
    for (const m of js.matchAll(/this\._(\w+)(?:\.internalValue)? = config\.(\w+);/g)) privateToCamel.set(m[1], m[2]);
    const body = functionBody(js, /\n {4}synthesizeAttributes\(\) \{\n/, '\n    }\n', fqn);
    const camelToSnake = new Map<string, string>();
    for (const m of body.matchAll(/^\s+"?([A-Za-z0-9_-]+)"?: .*?\bthis\._(\w+)/gm)) {
      const camel = privateToCamel.get(m[2]);
      if (!camel) throw new Error(`${fqn}: no config property assigned to this._${m[2]}`);
      camelToSnake.set(camel, m[1]);
    }
    return this.block(cfgFqn, camelToSnake, []);
  }

  private block(fqn: string, camelToSnake: Map<string, string> | undefined, stack: string[]): TfBlockSchema {
    if (stack.includes(fqn)) throw new Error(`recursive struct ${[...stack, fqn].join(' -> ')}`);
    const iface = this.types[fqn];
    if (!iface || iface.kind !== 'interface') throw new Error(`not an interface: ${fqn}`);
    if (!camelToSnake) {
      const js = this.js(iface);
      const fn = `${iface.name.charAt(0).toLowerCase()}${iface.name.slice(1)}ToTerraform`;
      const body = functionBody(js, new RegExp(`\\nfunction ${fn}\\(struct\\) \\{\\n`), '\n}\n', fqn);
      camelToSnake = new Map();
      for (const m of body.matchAll(/^\s+"?([A-Za-z0-9_-]+)"?: .*?\bstruct\.(\w+)/gm)) camelToSnake.set(m[2], m[1]);
    }
    const out: TfBlockSchema = { attributes: {}, blocks: {} };
    for (const prop of this.allProperties(iface)) {
      const snake = camelToSnake.get(prop.name);
      if (!snake) throw new Error(`${fqn}.${prop.name}: no snake_case name found in the synthesizer`);
      const required = !prop.optional;
      const nested = this.structOf(prop.type);
      if (nested) {
        out.blocks[snake] = { required, list: nested.list, ...this.block(nested.fqn, undefined, [...stack, fqn]) };
      } else {
        out.attributes[snake] = required;
      }
    }
    return out;
  }

  /** Own properties plus those of provider-local base interfaces (cdktf.TerraformMetaArguments is skipped). */
  private allProperties(iface: JsiiType): JsiiProperty[] {
    const props = [...(iface.properties ?? [])];
    for (const base of iface.interfaces ?? []) {
      const b = this.types[base];
      if (b) props.push(...this.allProperties(b));
      else if (!base.startsWith('cdktf.')) throw new Error(`${iface.fqn}: unknown base interface ${base}`);
    }
    return props;
  }

  private structOf(t: JsiiTypeRef, list = false): { fqn: string; list: boolean } | undefined {
    if (t.fqn) {
      const target = this.types[t.fqn];
      return target && target.kind === 'interface' && target.datatype ? { fqn: t.fqn, list } : undefined;
    }
    if (t.collection) return t.collection.kind === 'array' ? this.structOf(t.collection.elementtype, true) : undefined;
    if (t.union) {
      for (const u of t.union.types) {
        const s = this.structOf(u, list);
        if (s) return s;
      }
    }
    return undefined;
  }
}

function functionBody(js: string, start: RegExp, end: string, what: string): string {
  const m = start.exec(js);
  if (!m) throw new Error(`${what}: cannot find ${start}`);
  const from = m.index + m[0].length;
  const to = js.indexOf(end, from);
  if (to < 0) throw new Error(`${what}: unterminated ${start}`);
  return js.slice(from, to);
}

export function sortKeysDeep<T>(v: T): T {
  if (Array.isArray(v)) return v.map(sortKeysDeep) as unknown as T;
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) o[k] = sortKeysDeep((v as Record<string, unknown>)[k]);
    return o as T;
  }
  return v;
}

export function packageDir(pkg: string): string {
  return path.dirname(require.resolve(`${pkg}/package.json`));
}

export function buildSchema(types: readonly string[] = TF_TYPES): TfProviderSchemaFile {
  const out: TfProviderSchemaFile = { generatedBy: GENERATOR_COMMAND, providers: {}, resource: {}, data: {} };
  const byProvider = new Map<string, Array<{ kind: 'resource' | 'data'; type: string }>>();
  for (const entry of types) {
    const kind = entry.startsWith('data.') ? 'data' : 'resource';
    const type = kind === 'data' ? entry.slice('data.'.length) : entry;
    const prefix = type.split('_')[0];
    const pkg = PROVIDER_PACKAGES[prefix];
    if (!pkg) throw new Error(`no provider package for ${entry} (prefix ${prefix})`);
    if (!byProvider.has(pkg)) byProvider.set(pkg, []);
    byProvider.get(pkg)!.push({ kind, type });
  }
  for (const pkg of [...byProvider.keys()].sort()) {
    const t0 = Date.now();
    const reader = new ProviderReader(pkg, packageDir(pkg));
    const installed = JSON.parse(fs.readFileSync(path.join(reader.pkgDir, 'package.json'), 'utf8')).version;
    if (installed !== reader.version) throw new Error(`${pkg}: package.json ${installed} != .jsii ${reader.version}`);
    for (const { kind, type } of byProvider.get(pkg)!) {
      out[kind][type] = reader.extract(kind, type);
    }
    out.providers[pkg] = { version: reader.version, terraformProviderVersion: reader.terraformProviderVersion };
    process.stderr.write(`${pkg}@${reader.version}: ${byProvider.get(pkg)!.length} types in ${Date.now() - t0} ms\n`);
  }
  return sortKeysDeep(out);
}

if (require.main === module) {
  const t0 = Date.now();
  const schema = buildSchema();
  const text = JSON.stringify(schema, null, 1) + '\n';
  fs.writeFileSync(SCHEMA_FILE, text);
  process.stderr.write(
    `wrote ${path.relative(process.cwd(), SCHEMA_FILE)} (${text.length} bytes, ` +
      `${Object.keys(schema.resource).length} resources, ${Object.keys(schema.data).length} data sources) ` +
      `in ${Date.now() - t0} ms\n`,
  );
}
