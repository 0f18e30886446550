/**
 * Terraform output of the compiler: `synthTerraform(plan)` synthesizes every stack of
 * `plan.stacks` in-process with cdktf and returns `terraform/<stack>/cdk.tf.json` -> the stack's
 * Terraform JSON (cdktf's `//` metadata removed, so nothing machine- or version-dependent);
 * `terraformReadme(plan)` documents how to apply them.
 */
import { azQuotaCreateCommand, gcloudQuotaPreferencesCommand, manualQuotaStep } from '../../synth/util/quota-commands';
import { formatDuration } from '../../synth/util/units';
import { App } from 'cdktf';
import { invokeAspects } from 'cdktf/lib/synthesize/synthesizer';
import { TokenMap } from 'cdktf/lib/tokens/private/token-map';
import { VALID_KEY_CHARS } from 'cdktf/lib/tokens/private/encoding';
import type { Plan, StackPlan, StoreGrantPlan } from '../../synth/model/index';
import { threadScratch } from './scratch';
import {
  AWS_IDENTITY_CENTER_INSTANCE_VARIABLE,
  AWS_IDENTITY_CENTER_REGION_VARIABLE,
  AZURE_CERTIFICATE_ISSUER_VARIABLES,
  AZURE_SUBSCRIPTION_VARIABLE,
  backendKey,
  createStack,
  type PlatformStack,
  setRenames,
  GCP_PROJECT_VARIABLE,
  GCP_QUOTA_CONTACT_VARIABLE,
  OUTPUTS,
} from './stacks';
import { compareText, inCodeUnitOrder } from '../../synth/util/order';
import { regionIdentities } from '../plan-index';

export { backendKey } from './stacks';

/** Path of a stack's file in dist/. */
export function stackFile(stackName: string): string {
  return `terraform/${stackName}/cdk.tf.json`;
}

/** Every stack of the plan, or only those named in `stacks` (the synth cache's slices). */
export function synthTerraform(plan: Plan, stacks?: readonly string[]): Map<string, unknown> {
  return withoutCreationStacks(() => synthStacks(plan, stacks));
}

function synthStacks(plan: Plan, only?: readonly string[]): Map<string, unknown> {
  // cdktf's App insists on an output directory; nothing is written to it (no app.synth()).
  const outdir = threadScratch();
  const out = new Map<string, unknown>();
  for (const s of plan.stacks) {
    if (only && !only.includes(s.name)) continue;
    // One app per stack, built, synthesized and dropped before the next: its construct tree and tokens can be
    // collected while the next stack is built (the synth cache already synthesizes a stack alone in its own app).
    out.set(stackFile(s.name), withTokenScope(() => {
      const app = new App({ outdir, skipValidation: true, stackTraces: false });
      setRenames(app, plan);
      return synthStack(createStack(app, plan, s));
    }));
  }
  return out;
}

/**
 * cdktf keeps every token it ever encoded in one process-wide map (string keys and number keys -> the token), and
 * tokens reference their constructs: nothing of a synthesized stack could be collected. While `fn` runs, the map
 * registers into fresh maps that fall back to the previous ones for lookups (tokens made before, e.g. at module load),
 * and the previous maps are put back afterwards. The token counter keeps counting, so a key is never reused: a token
 * string kept from an earlier scope and resolved in a later one fails loudly (cdktf's unknown-token error), it
 * cannot resolve to another token. Stacks share no token (each stack reads other stacks through remote state).
 */
export function withTokenScope<T>(fn: () => T): T {
  const map = TokenMap.instance() as unknown as TokenMapStorage;
  const { stringTokenMap, numberTokenMap } = map;
  map.stringTokenMap = new FallbackMap(stringTokenMap);
  map.numberTokenMap = new FallbackMap(numberTokenMap);
  const own = Object.prototype.hasOwnProperty.call(map, 'registerStringKey');
  if (!own) map.registerStringKey = registerStringKey;
  try {
    return fn();
  } finally {
    map.stringTokenMap = stringTokenMap;
    map.numberTokenMap = numberTokenMap;
    if (!own) delete (map as Partial<TokenMapStorage>).registerStringKey;
  }
}

interface TokenMapStorage {
  stringTokenMap: Map<string, unknown>;
  numberTokenMap: Map<number, unknown>;
  tokenCounter: number;
  registerStringKey(token: unknown, displayHint?: string): string;
}

/** Characters cdktf replaces by `.` in a token's display hint (its VALID_KEY_CHARS, negated). */
const INVALID_KEY_CHAR = new RegExp(`[^${VALID_KEY_CHARS}]`, 'g');

/**
 * cdktf's `TokenMap.registerStringKey` (cdktf/lib/tokens/private/token-map.js) with its pattern compiled once: cdktf
 * builds a new RegExp for every string token it encodes (~1% of a 100x synth). Same counter, same key, same map.
 * test/constructs/terraform/index.test.ts compares the keys of both on a table of display hints.
 */
export function registerStringKey(this: TokenMapStorage, token: unknown, displayHint?: string): string {
  const counter = this.tokenCounter++;
  const key = `${(displayHint || 'TOKEN').replace(INVALID_KEY_CHAR, '.')}.${counter}`;
  this.stringTokenMap.set(key, token);
  return key;
}

/** A map whose lookups fall back to an outer map; writes stay in it. */
class FallbackMap<K, V> extends Map<K, V> {
  constructor(private readonly outer: Map<K, V>) {
    super();
  }
  override get(key: K): V | undefined {
    const v = super.get(key);
    return v !== undefined ? v : this.outer.get(key);
  }
  override has(key: K): boolean {
    return super.has(key) || this.outer.has(key);
  }
}

/**
 * A stack's Terraform JSON, as cdktf's `Testing.synth` makes it (aspects invoked, tokens resolved, every `//`
 * metadata block dropped) without its detours: Testing.synth copies every object once per key
 * (`reduce` with a spread: quadratic in the resources of one type), sorts keys with localeCompare and
 * serializes with json-stable-stringify, only for us to parse the text again. Key order is serialize.ts's
 * job; `jsonClean` keeps exactly what Terraform JSON can hold.
 */
function synthStack(stack: PlatformStack): unknown {
  invokeAspects(stack);
  return jsonClean(stack.terraformJson());
}

/**
 * `JSON.parse(JSON.stringify(value))` with every `//` key dropped at any depth, in one copy, the keys of the plain
 * objects it copies in code-unit order (dist/'s: synth/output/serialize.ts then has nothing left to sort or copy):
 * plain objects, arrays, strings, booleans, null and finite numbers are copied as the round trip copies them
 * (undefined members dropped, undefined array elements null, -0 as 0); anything else (a toJSON method, a class
 * instance, a non-finite number, a function) goes through the round trip itself in its place.
 * test/constructs/terraform/index.test.ts compares the two.
 */
export function jsonClean(value: unknown): unknown {
  return clean(value, '');
}

function clean(value: unknown, key: string): unknown {
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'number') return Number.isFinite(value) ? (value === 0 ? 0 : value) : null;
  if (typeof value === 'object') {
    if (Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype) {
      const out = new Array<unknown>(value.length);
      for (let i = 0; i < value.length; i++) {
        const e = clean(value[i], String(i));
        out[i] = e === undefined ? null : e;
      }
      return out;
    }
    const proto = Object.getPrototypeOf(value);
    if ((proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
      const out: Record<string, unknown> = {};
      const keys = Object.keys(value);
      if (!inCodeUnitOrder(keys)) keys.sort(); // dist/'s order: serialize.ts's sortKeys then shares the copy instead of copying it again
      for (const k of keys) {
        if (k === '//') continue;
        const v = clean((value as Record<string, unknown>)[k], k);
        if (v === undefined) continue;
        if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
        else out[k] = v;
      }
      return out;
    }
  }
  // The round trip in this value's place (toJSON gets its key), then without metadata.
  const text = JSON.stringify({ [key]: value });
  const parsed = (JSON.parse(text) as Record<string, unknown>)[key];
  return parsed === undefined ? undefined : stripMetadata(parsed);
}

/**
 * cdktf records a full stack trace for every token it creates (Intrinsic, Lazy, complex lists, dynamic
 * blocks), even with `stackTraces: false` (that flag only covers construct metadata), and formats it into
 * strings: about a quarter of the synth time. The traces are read only to word an error about a token that
 * fails to resolve; they never reach the output. While our stacks are built and synthesized, the capture
 * function (read through its module's exports at every call) returns no frames; it is restored afterwards.
 */
export function withoutCreationStacks<T>(fn: () => T): T {
  const traces = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace: (below?: unknown) => string[] };
  const capture = traces.captureStackTrace;
  traces.captureStackTrace = () => [];
  try {
    return fn();
  } finally {
    traces.captureStackTrace = capture;
  }
}

/** Removes `//` keys at any depth (cdktf metadata: construct paths, versions). */
function stripMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripMetadata);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (k !== '//') out[k] = stripMetadata(v);
  return out;
}

// ---------------------------------------------------------------------------------------------
// README

function stackContents(plan: Plan, s: StackPlan): string[] {
  if (s.kind === 'bootstrap') {
    const b = plan.bootstrap;
    const lines = [
      `state bucket \`${b.bucket}\` in ${b.region}: versioned, SSE-S3, public access blocked, TLS only, replaced versions kept ${b.noncurrentVersionDays} days, \`prevent_destroy\``,
      `replica bucket \`${b.replica.bucket}\` in ${b.replica.region}, receiving every state version and delete marker (S3 replication with Replication Time Control, 15 minutes)`,
    ];
    lines.push(b.enableRegions.length ? `opt-in regions enabled for the account: ${b.enableRegions.map((x) => `\`${x}\``).join(', ')}` : 'no opt-in region (no region or backup copy uses one)');
    return lines;
  }
  if (s.kind === 'global') {
    const routing = plan.edge.geoDns ? 'geoproximity' : 'latency';
    const lines = [
      `${plan.traffic.records.length} traffic records in \`${plan.dns.zone}\` (the zone is the bootstrap stack's): \`<service>.${plan.dns.zone}\` by ${routing}, failover pairs \`<service>.<primary>.${plan.dns.zone}\` whose SECONDARY is the failover region's Terraform-owned address`,
      `Route 53 health checks of every PRIMARY through its TLS listener (every ${plan.traffic.healthCheck.intervalSeconds}s, ${plan.traffic.healthCheck.failureThreshold} failures); manual tiers: a switch the runbook inverts`,
      `Global Accelerator with endpoint groups in ${plan.traffic.acceleratorEndpointGroups.map((g) => `${g.location} (${g.ports.join(', ')})`).join(', ')}`,
    ];
    if (plan.cdnEntry.certificate) lines.push(`ACM certificate (us-east-1, DNS-validated) for ${plan.cdnEntry.certificate.domains.map((d) => `\`${d}\``).join(', ')}`);
    if (plan.edge.cdn.staticAssets) lines.push(`CloudFront distribution for static assets on \`${plan.cdnEntry.staticAlias}\` (private S3 bucket, origin access control)`);
    for (const a of plan.cdnEntry.apis) lines.push(`CloudFront distribution caching the \`${a.service}\` API on \`${a.alias}\` (origin \`https://${a.originHost}:${a.originPort}\`, TTL ${plan.edge.cdn.apiTtlSeconds}s)`);
    const gcpDomains = plan.entryPoints.filter((e) => e.cloud === 'gcp').flatMap((e) => e.listeners.flatMap((l) => l.certificate.domains));
    if (gcpDomains.length > 0) lines.push(`DNS authorization CNAMEs of the GCP regions' managed certificates (${new Set(gcpDomains).size} domains)`);
    return lines;
  }
  if (s.kind === 'interconnect') return interconnectContents(plan, s);
  if (s.kind === 'restore') {
    const site = plan.restoreSites.find((x) => x.name === s.restoreSite)!;
    return [
      `where the restore tiers of \`${site.primary}\` (${site.tiers.map((t) => `\`${t}\``).join(', ')}: ${site.services.map((x) => `\`${x}\``).join(', ')}) come back after losing it, at its nearest backup copy location ${site.location} (vault \`${site.copyVault}\`)`,
      `VPC \`${plan.name}-${site.name}\` (${site.networkCidr} of the planned block ${site.cidr}, overlapping no region) with ${site.subnets.length} subnets in ${site.zones.length} zones`,
      `EKS cluster \`${site.cluster.name}\`, node pools ${site.cluster.nodePools.map((p) => `\`${p.name}\` (0 nodes until the restore, max ${p.max})`).join(', ')}`,
      `restore target: DB subnet group \`${site.dbSubnetGroup}\`, security group \`${site.securityGroup}\` (PostgreSQL from the nodes only), KMS key, ${site.targets.length ? `parameter groups ${[...new Set(site.targets.map((t) => `\`${t.parameterGroup}\``))].join(', ')}, ` : ''}IAM role \`${site.restoreRole}\` for AWS Backup restores`,
      `the restore itself (${site.targets.length} Aurora cluster(s), about ${formatDuration(site.restoreSeconds)} in parallel) is the runbook \`runbooks/restore-${site.primary}.md\``,
    ];
  }
  const region = plan.regions.find((r) => r.id === s.region)!;
  const servers = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const readers = region.databases.reduce((sum, d) => sum + d.readers, 0);
  if (region.cloud === 'gcp') {
    const lines = [
      `VPC network \`${plan.name}-${region.id}\` (${region.cidr}) in ${region.location}, ${region.subnets.length} subnetworks, Cloud NAT, firewall (deny all ingress but internal)`,
      `GKE cluster \`${region.cluster.name}\` (private, secrets encrypted with a Cloud KMS key), node pools ${region.cluster.nodePools.map((p) => `\`${p.name}\``).join(', ')}`,
    ];
    if (region.databases.length > 0) {
      lines.push(
        `${servers(region.databases.length, 'Cloud SQL for PostgreSQL instance')} (regional HA, private IP through Private Service Access, CMEK, IAM authentication) with ${servers(readers, 'read replica')}`,
        'Cloud SQL needs its service agent before the first apply (the key grant names it): `gcloud beta services identity create --service=sqladmin.googleapis.com`',
      );
    }
    lines.push(...agentContents(plan, region.id));
    if (region.caches.length > 0) {
      lines.push(`${servers(region.caches.length, 'Memorystore for Redis instance')} (${region.caches.map((c) => `\`${c.name}\` ${c.memoryGb} GB`).join(', ')}; private service access, TLS, CMEK)`);
    }
    lines.push(`private Cloud DNS zone \`${region.privateZone}\` (output \`${OUTPUTS.privateZoneId}\`) with the databases' writer and reader names${region.caches.length > 0 ? ' and the caches\' names' : ''}`);
    lines.push(...quotaLines(plan, region.id));
    return lines;
  }
  if (region.cloud === 'azure') {
    const lines = [
      `resource group, virtual network (${region.cidr}) in ${region.location}, ${region.subnets.length} subnets with NSGs, a NAT gateway per zone`,
      `AKS cluster \`${region.cluster.name}\` (private), node pools ${region.cluster.nodePools.map((p) => `\`${p.name}\``).join(', ')}`,
    ];
    if (region.databases.length > 0) {
      lines.push(
        `${servers(region.databases.length, 'PostgreSQL flexible server')} (zone-redundant HA, in a delegated data subnet, Entra ID authentication only) with ${servers(readers, 'read replica')}`,
        'the servers\' resource group carries a `CanNotDelete` lock (their deletion protection): the applying principal needs `Microsoft.Authorization/locks/write` (Owner or User Access Administrator), and removing a server means removing the lock first',
      );
    }
    lines.push(...agentContents(plan, region.id));
    if (region.caches.length > 0) lines.push(`${servers(region.caches.length, 'Azure Cache for Redis (Premium) instance')}, zone-redundant, reached through private endpoints`);
    lines.push(`private DNS zone \`${region.privateZone}\` (output \`${OUTPUTS.privateZoneId}\`) with the data stores' names`);
    lines.push(...quotaLines(plan, region.id));
    return lines;
  }
  const dbs = region.databases.length;
  const lines = [
    `VPC ${region.cidr} in ${region.location} (${region.zones.join(', ')}): ${region.subnets.length} subnets, NAT gateway per zone, flow logs`,
    `EKS cluster \`${region.cluster.name}\` (${region.cluster.kubernetesVersion}), node groups ${region.cluster.nodePools.map((p) => `\`${p.name}\``).join(', ')}`,
    `${dbs} Aurora PostgreSQL cluster${dbs === 1 ? '' : 's'}, ${region.caches.length} Redis replication group${region.caches.length === 1 ? '' : 's'}, private zone \`${region.privateZone}\``,
    `AWS Backup vault \`${region.backup.vault}\` copying to ${region.backup.copyTo.join(', ')}`,
    `EKS managed add-ons ${plan.eksAddons.filter((a) => a.region === region.id).map((a) => `\`${a.name}\` ${a.version}${a.configuration ? ` (${Object.entries(a.configuration).map(([k, v]) => `${k}=${v}`).join(', ')})` : ''}`).join(', ')}`,
    ...agentContents(plan, region.id),
  ];
  lines.push(...quotaLines(plan, region.id));
  if (region.loadBalancer) {
    lines.push(
      `network load balancer \`${region.loadBalancer.name}\` with target groups ${region.loadBalancer.targetGroups.map((t) => `\`${t.name}\``).join(', ')} (outputs \`target_group_arn_<service>\`, \`${OUTPUTS.nlbDnsName}\`, \`${OUTPUTS.nlbZoneId}\`, \`${OUTPUTS.nlbArn}\`)`,
    );
  }
  return lines;
}

function interconnectContents(plan: Plan, s: StackPlan): string[] {
  const ic = plan.interconnects.find((i) => i.name === s.interconnect)!;
  const tunnels = ic.connections.flatMap((c) => c.tunnels);
  const peer = ic.peerCloud === 'gcp' ? 'GCP HA VPN' : 'Azure VPN gateway';
  return [
    `${ic.connections.length} AWS Site-to-Site VPN connections (BGP, IKEv2) from \`${ic.aws.gatewayName}\` (ASN ${ic.aws.asn}) to the ${ic.connections.length} devices of the ${peer} \`${ic.peer.gatewayName}\` (ASN ${ic.peer.asn}): ${tunnels.length} tunnels, inside ${tunnels.map((t) => t.insideCidr).join(', ')}`,
    ic.peerCloud === 'gcp'
      ? `the GCP side: external VPN gateway (AWS's 4 endpoints), ${tunnels.length} tunnels, BGP interfaces and peers on Cloud Router \`${ic.peer.routerName}\``
      : `the Azure side: ${tunnels.length} local network gateways (AWS's endpoints and BGP addresses) and ${tunnels.length} IPsec connections with custom APIPA BGP addresses`,
    `routes: AWS announces ${ic.aws.advertisedRanges.join(', ')}; ${ic.failover} announces ${ic.peer.advertisedRanges.join(', ')}`,
    'pre-shared keys are generated by AWS and kept in this stack\'s encrypted state',
    ...plan.replication
      .filter((r) => r.interconnect === ic.name)
      .map((r) => `DMS replication instance \`${r.name}\` (${r.instanceClass}) with ${r.feeds.length} full-load-and-CDC tasks ${r.feeds.map((f) => `\`${f.name}\``).join(', ')}, each with a CloudWatch lag alarm (${r.feeds[0]?.lagAlarm.metric} > ${r.feeds[0]?.lagAlarm.thresholdSeconds}s) notifying SNS topic \`${ic.name}-replication-alerts\``),
  ];
}

/** The GitOps agent and workload identity lines of a region stack (day1-clusters). */
function agentContents(plan: Plan, region: string): string[] {
  const ids = regionIdentities(plan, region);
  const granted = ids.flatMap((i) => i.grants.filter((g) => g.generated));
  const pending = [...new Set(ids.flatMap((i) => i.grants.filter((g) => !g.generated).map((g) => `${g.access} (${g.store})`)))].sort();
  const identityLines = ids.length
    ? [
        `${ids.length} workload identities (${ids.map((i) => `\`${i.name}\``).join(', ')}) bound to their ServiceAccounts, with ${granted.length} grants on exactly the stores each service uses` +
          (pending.length ? `; not generated yet: ${pending.join(', ')}` : ''),
        ...(ids.some((i) => i.cloud === 'gcp' && Object.keys(i.serviceAccountAnnotations).length === 0)
          ? ['not generated yet: the `iam.gke.io/gcp-service-account` annotation binding each Kubernetes ServiceAccount to its Google service account (it names the project: set `regions.<id>.project` in the spec)']
          : []),
        ...databaseRoleLines(plan, region, granted),
        ...cacheSecretLines(granted),
      ]
    : [];
  const gcpProject = plan.gcpProjects.find((x) => x.region === region);
  const projectLines = gcpProject
    ? [`enables the APIs it calls first (${gcpProject.apis.map((a) => `\`${a.replace('.googleapis.com', '')}\``).join(', ')}); the GKE node service account holds only \`${gcpProject.nodeRole}\``]
    : [];
  return [...projectLines, ...agentLines(plan, region), ...addonLines(plan, region), ...identityLines, ...operatorLines(plan, region)];
}

/** Who administers the region's cluster. */
function operatorLines(plan: Plan, region: string): string[] {
  const a = plan.operatorAccess.find((x) => x.region === region);
  if (!a) return [];
  const local = a.localAccounts === false ? '; local accounts off (no static credential)' : '';
  if (!a.principal) return [`operators: none given (\`access.admins.${a.cloud}\`): only the principal that applied the stack administers the cluster${local}`];
  if (a.cloud === 'aws') return [`operators: EKS access entry for \`${a.principal}\` with ${a.grants.map((g) => `\`${g}\``).join(', ')} (cluster scope)`];
  if (a.cloud === 'gcp') {
    return [
      a.ownsProjectBindings
        ? `operators: ${a.grants.map((g) => `\`${g}\``).join(', ')} for \`${a.principal}\` in the project (this stack holds the project's bindings)`
        : `operators: \`${a.principal}\` holds its roles through the project's bindings (another GCP stack of the project holds them)`,
    ];
  }
  return [`operators: Entra ID integration with Azure RBAC, admin group \`${a.principal}\`${local}`];
}

/** Credentials the workloads get by reference (Memorystore AUTH). */
function cacheSecretLines(granted: readonly StoreGrantPlan[]): string[] {
  const secrets = [...new Map(granted.flatMap((g) => (g.secret ? [[g.secret.remoteKey, g.secret] as const] : []))).values()];
  if (!secrets.length) return [];
  return [
    `Memorystore AUTH on, its AUTH string and server CA in Secret Manager secrets ${secrets.map((x) => `\`${x.remoteKey}\``).sort().join(', ')} (readable only by External Secrets' \`${secrets[0].reader}\`), delivered to each workload that uses the cache by an ExternalSecret of the \`${secrets[0].store.name}\` store (user \`default\`, TLS, the CA in \`CACHE_<ID>_CA_PEM\`)`,
  ];
}

/** What creates the database-side roles of the region's identities (or why nothing does yet). */
function databaseRoleLines(plan: Plan, region: string, granted: readonly StoreGrantPlan[]): string[] {
  const roles = plan.databaseRoles.find((x) => x.region === region);
  const users = [...new Set(granted.filter((g) => g.kind === 'database').map((g) => g.user))].sort();
  if (!roles) {
    return users.length ? [`not generated yet: the database-side roles and privileges of those users (${users.map((u) => `\`${u}\``).join(', ')}): set \`regions.${region}.project\` in the spec`] : [];
  }
  const count = roles.instances.reduce((n, i) => n + i.roles.length, 0);
  const logins = [...new Set(roles.instances.flatMap((i) => i.logins.map((l) => l.user)))].sort();
  const what = `${count} PostgreSQL roles on ${roles.instances.length} writers (${[...new Set(roles.instances.flatMap((i) => i.roles.map((r) => `\`${r.role}\``)))].sort().join(', ')}), each with CONNECT and \`pg_read_all_data\`, \`pg_write_all_data\` on exactly the stores its service uses`;
  if (roles.mechanism === 'aws-lambda') {
    return [
      `${what} (\`CREATE ROLE ... LOGIN; GRANT rds_iam\`)${logins.length ? `, and the DMS source login${logins.length > 1 ? 's' : ''} ${logins.map((l) => `\`${l}\``).join(', ')} (password from its secret)` : ''}: the one-shot function \`${roles.name}\` in the private subnets, invoked during apply, connects as the master user with Aurora's managed master secret (idempotent; re-invoked when the roles change)`,
    ];
  }
  const how =
    roles.admin.credential === 'gcp-builtin-password'
      ? `Terraform creates the built-in administrator \`${roles.admin.user}\` on each writer and keeps its generated password in Secret Manager secret \`${roles.admin.secret}\` (readable only by External Secrets' \`${roles.admin.secretReader}\`); the Job \`${roles.job?.namespace}/${roles.name}\` (kubernetes/${region}/05-database-roles.yaml) grants the IAM users`
      : `the Job's identity \`${roles.identity}\` is every writer's Entra administrator; the Job \`${roles.job?.namespace}/${roles.name}\` (kubernetes/${region}/05-database-roles.yaml) creates each principal (\`pgaadauth_create_principal\`) with its token`;
  return [`${what}: ${how} (idempotent, retried with backoff; a change of the roles runs a new Job)`];
}

function agentLines(plan: Plan, region: string): string[] {
  const a = plan.gitopsAgents.find((x) => x.region === region);
  if (!a) return [];
  const where = `\`${a.repoURL}\` at \`${a.revision}\`, folder \`${a.path}\``;
  if (a.argocd) {
    return [
      `EKS capability for Argo CD \`${a.name}\` (managed; users sign in through IAM Identity Center) syncing ${where}: a one-shot function in the VPC (\`${a.argocd.bootstrapFunction}\`) registers the cluster as \`${a.argocd.destination}\` and creates the root Application \`${a.argocd.rootApplication}\` (it syncs \`${a.argocd.rootPath}/${a.argocd.rootInclude}\`)`,
    ];
  }
  const layer = plan.addons.find((x) => x.region === region);
  if (a.configSync) {
    const feature = a.configSync.createsFeature ? ", and the project's `configmanagement` fleet feature" : '';
    const first = layer ? `the platform layer \`${layer.path}\` first (add-on RootSyncs), whose RootSync \`${layer.workloadsSync}\` syncs ` : 'syncing ';
    return [`Config Sync (fleet membership \`${a.configSync.membership}\`${feature}) syncing ${first}${where}`];
  }
  const first = layer?.fluxKustomization ? `: kustomization \`${layer.fluxKustomization}\` (\`${layer.path}\`, HelmReleases waited for), then \`${a.flux!.kustomization}\` after it` : '';
  return [`Flux (cluster extension \`${a.flux!.extension}\`, configuration \`${a.name}\`) syncing ${where}${first}`];
}

/** The platform add-ons the agent delivers, and the controller identities and secrets store the stack creates. */
function addonLines(plan: Plan, region: string): string[] {
  const layer = plan.addons.find((x) => x.region === region);
  if (!layer) return [];
  const ids = plan.controllerIdentities.filter((i) => i.region === region);
  // the scoped grants (statements on named resources or under a condition); the rest are Describe calls on `*`
  const grants = (i: (typeof ids)[number]): string =>
    i.iam
      ? i.iam.filter((st) => st.conditions || st.resources.some((r) => r !== '*')).map((st) => st.actions.join(' ')).join('; ')
      : i.gcpRoles
        ? i.gcpRoles.map((r) => `\`${r.role}\` on secrets \`${r.secretPrefix}*\``).join(', ')
        : (i.azureVaultRoles ?? []).map((r) => `\`${r}\` on the vault`).join(', ');
  return [
    `platform add-ons delivered by the agent from \`${layer.path}\` (PriorityClass \`${layer.priorityClass.name}\` = ${layer.priorityClass.value}): ${layer.releases.map((r) => `\`${r.name}\` ${r.version} (app ${r.appVersion})`).join(', ')}` +
      (layer.notInstalled.length ? `; not installed: ${layer.notInstalled.map((n) => `\`${n.name}\` (${n.why})`).join(', ')}` : ''),
    ...(ids.length
      ? [`${ids.length} controller identit${ids.length === 1 ? 'y' : 'ies'} bound to the add-ons' ServiceAccounts, each with only its grants: ${ids.map((i) => `\`${i.name}\` (${i.addon}: ${grants(i)})`).join('; ')}`]
      : []),
    ...(layer.secretStore.vault ? [`Key Vault \`${layer.secretStore.vault.name}\` (RBAC, purge protection) holding the secrets of ClusterSecretStore \`${layer.secretStore.name}\``] : []),
    ...(layer.secretStore.kind === 'gcp-secret-manager' && !layer.secretStore.project
      ? ['not generated yet: ClusterSecretStore `' + layer.secretStore.name + '` and the External Secrets ServiceAccount annotation (they name the project: set `regions.<id>.project` in the spec)']
      : []),
  ];
}

function stackReads(plan: Plan, s: StackPlan): string[] {
  if (s.kind === 'restore') return [];
  if (s.kind === 'region') {
    return s.dependsOn.filter((dep) => dep !== plan.bootstrap.stack).map((dep) => `\`${dep}\` (it creates the GCP project's Config Sync fleet feature this stack's membership uses)`);
  }
  if (s.kind === 'interconnect') {
    const ic = plan.interconnects.find((i) => i.name === s.interconnect)!;
    const peerOutputs = ic.peerCloud === 'gcp' ? [OUTPUTS.vpnGatewayId, OUTPUTS.vpnGatewayIps, OUTPUTS.vpnRouterName, OUTPUTS.gcpProject] : [OUTPUTS.vpnGatewayId, OUTPUTS.vpnGatewayIps, OUTPUTS.resourceGroupName, OUTPUTS.azureSubscription];
    return [
      `\`region-${ic.primary}\` (\`s3://${plan.backend.bucket}/${backendKey(plan, `region-${ic.primary}`)}\`): \`${OUTPUTS.vpnGatewayId}\``,
      `\`region-${ic.failover}\` (\`s3://${plan.backend.bucket}/${backendKey(plan, `region-${ic.failover}`)}\`): ${peerOutputs.map((o) => `\`${o}\``).join(', ')}`,
    ];
  }
  return s.dependsOn.map((dep) => {
    const where = `\`${dep}\` (\`s3://${plan.backend.bucket}/${backendKey(plan, dep)}\`)`;
    if (dep === plan.bootstrap.stack) return `${where}: \`${OUTPUTS.zoneId}\``;
    const region = plan.regions.find((r) => `region-${r.id}` === dep);
    if (region?.cloud === 'gcp') return `${where}: \`${OUTPUTS.entryAddress}\`, \`${OUTPUTS.dnsAuthorizations}\``;
    if (region?.cloud === 'azure') return `${where}: \`${OUTPUTS.entryAddress}\``;
    return `${where}: \`${OUTPUTS.nlbDnsName}\`, \`${OUTPUTS.nlbZoneId}\`, \`${OUTPUTS.nlbArn}\``;
  });
}

function stackVariables(plan: Plan, s: StackPlan): string[] {
  if (s.kind === 'restore') {
    const site = plan.restoreSites.find((x) => x.name === s.restoreSite);
    if (!site) return [];
    return plan.gitopsAgents.some((a) => a.region === site.region.id) ? [AWS_IDENTITY_CENTER_INSTANCE_VARIABLE, AWS_IDENTITY_CENTER_REGION_VARIABLE].map((v) => `\`${v}\` (e.g. \`TF_VAR_${v}\`)`) : [];
  }
  const ic = s.kind === 'interconnect' ? plan.interconnects.find((i) => i.name === s.interconnect) : undefined;
  const region = ic ? plan.regions.find((r) => r.id === ic.failover) : s.region ? plan.regions.find((r) => r.id === s.region) : undefined;
  // An interconnect stack reads the GCP project or Azure subscription from the failover region's state
  // (outputs `gcp_project_id`, `azure_subscription`).
  if (ic) return [];
  if (region?.cloud === 'gcp') {
    const quotas = s.kind === 'region' && plan.quotas.some((q) => q.region === region.id && q.mechanism === 'google_cloud_quotas_quota_preference');
    const project = plan.gcpProjects.find((x) => x.region === region.id)?.project;
    return [
      project ? `\`${GCP_PROJECT_VARIABLE}\` (default \`${project}\`, from \`regions.${region.id}.project\`; another value is refused: the Cloud SQL users and Workload Identity bindings are named after it)` : `\`${GCP_PROJECT_VARIABLE}\` (required: \`TF_VAR_${GCP_PROJECT_VARIABLE}\`; or give \`regions.${region.id}.project\` in the spec)`,
      ...(quotas ? [`\`${GCP_QUOTA_CONTACT_VARIABLE}\` (the e-mail Google contacts about the quota requests)`] : []),
    ];
  }
  if (region?.cloud === 'aws' && plan.gitopsAgents.some((a) => a.region === region.id)) {
    return [AWS_IDENTITY_CENTER_INSTANCE_VARIABLE, AWS_IDENTITY_CENTER_REGION_VARIABLE].map((v) => `\`${v}\` (e.g. \`TF_VAR_${v}\`)`);
  }
  if (region?.cloud === 'azure') {
    const vars = [`\`${AZURE_SUBSCRIPTION_VARIABLE}\` (e.g. \`TF_VAR_${AZURE_SUBSCRIPTION_VARIABLE}\`)`];
    if (s.kind === 'region' && plan.entryPoints.some((e) => e.region === region.id)) vars.push(...Object.values(AZURE_CERTIFICATE_ISSUER_VARIABLES).map((v) => `\`${v}\``));
    return vars;
  }
  return [];
}

/** One-time prerequisites (per account, project or subscription), with the exact commands (day1-clusters). */
function prerequisites(plan: Plan): string[] {
  const out: string[] = [];
  if (plan.gitopsAgents.some((a) => a.argocd)) {
    out.push(
      '- AWS: the EKS capability for Argo CD signs users in through IAM Identity Center, so the account needs an Identity Center instance, once.',
      `  If \`aws sso-admin list-instances --region <home-region>\` lists none, create an account instance: \`aws sso-admin create-instance --name ${plan.name} --region <home-region>\`.`,
      `  Then pass it to every AWS region stack: \`export TF_VAR_${AWS_IDENTITY_CENTER_INSTANCE_VARIABLE}=$(aws sso-admin list-instances --region <home-region> --query 'Instances[0].InstanceArn' --output text) TF_VAR_${AWS_IDENTITY_CENTER_REGION_VARIABLE}=<home-region>\`.`,
    );
  }
  if (plan.gitopsAgents.some((a) => a.configSync)) {
    out.push('- GCP: Config Sync is configured through a fleet feature that exists once per project: the first GCP region stack of each project (`regions.<id>.project`; regions without one count as one project) creates it, the others apply in a later wave.');
  }
  if (plan.gitopsAgents.some((a) => a.flux)) {
    out.push('- Azure: register the resource provider of cluster extensions and Flux configurations, once per subscription: `az provider register --namespace Microsoft.KubernetesConfiguration --wait`.');
  }
  return out.length > 0 ? ['## One-time prerequisites', '', ...out, ''] : [];
}

export function terraformReadme(plan: Plan): string {
  const waves = [...new Set(plan.stacks.map((s) => s.wave))].sort((a, b) => a - b);
  const out: string[] = [
    '# Terraform stacks',
    '',
    `Generated from the platform spec (\`${plan.name}\`, ${plan.environment}). Do not edit: change the spec and run \`npm run synth\`.`,
    '',
    `Every stack keeps its state in \`s3://${plan.backend.bucket}\` (${plan.backend.region}), encrypted, with native S3 locking (\`use_lockfile\`, Terraform >= 1.10).`,
    'Apply the stacks wave by wave: the stacks of one wave are independent and can be applied in parallel; a wave starts when the previous one has been applied.',
    '',
    ...prerequisites(plan),
  ];
  for (const wave of waves) {
    const stacks = plan.stacks.filter((s) => s.wave === wave).sort((a, b) => compareText(a.name, b.name));
    out.push(`## Wave ${wave}`, '');
    for (const s of stacks) {
      out.push(`### \`${s.name}\``, '');
      out.push('```sh', ...applyCommands(plan, s), '```', '');
      out.push(`- Backend key: \`${backendKey(plan, s.name)}\``);
      out.push(`- Contains:`);
      for (const line of stackContents(plan, s)) out.push(`  - ${line}`);
      const reads = stackReads(plan, s);
      if (s.kind === 'region' && reads.length > 0) {
        out.push('- Reads: nothing from other stacks; applies after:');
      } else {
        out.push(reads.length > 0 ? '- Reads (remote state):' : '- Reads: nothing from other stacks');
      }
      for (const line of reads) out.push(`  - ${line}`);
      const vars = stackVariables(plan, s);
      if (vars.length > 0) out.push(`- Variables: ${vars.join(', ')}`);
      out.push('');
    }
  }
  if (plan.replication.length > 0) {
    const sources = [...new Set(plan.replication.flatMap((r) => r.feeds.map((f) => `${r.primary}/${f.source}`)))].sort();
    out.push(
      '## Replication into the standbys: one-time steps',
      '',
      '1. Once per AWS account, before wave 2, the service role DMS needs to place replication instances in a VPC:',
      '',
      '```sh',
      'aws iam create-role --role-name dms-vpc-role --assume-role-policy-document \'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"dms.amazonaws.com"},"Action":"sts:AssumeRole"}]}\'',
      'aws iam attach-role-policy --role-name dms-vpc-role --policy-arn arn:aws:iam::aws:policy/service-role/AmazonDMSVPCManagementRole',
      '```',
      '',
      `2. Nothing to do for the source logins: each primary region's database role function creates \`${plan.replication[0]?.targetUser}\` on every primary shard with a feed (${sources.map((x) => `\`${x}\``).join(', ')}) during wave 1, with the password of its secret (output \`replication_source_secret_arn_<shard>\`).`,
      '',
      '3. Subscribe the on-call route to each interconnect stack\'s SNS topic `<stack>-replication-alerts` (the lag alarms notify it).',
      '',
      'The DMS tasks start when wave 2 is applied. Target logins: on Cloud SQL the interconnect stacks create them; on Azure the standby servers\' password administrator (generated by the region stack, kept in state) is the feeds\' login.',
      '',
    );
  }
  out.push(...quotaSection(plan), ...stateLossSection(plan));
  out.push(...entryPointSection(plan));
  out.push(...alertingSection(plan));
  out.push(...operatorSection(plan));
  out.push(...repositorySection(plan));
  return out.join('\n');
}

/** The commands that apply a stack; the bootstrap stack starts on local state and then moves it into its own bucket. */
function applyCommands(plan: Plan, s: StackPlan): string[] {
  if (s.kind !== 'bootstrap') return [`cd dist/terraform/${s.name} && terraform init && terraform plan -out tfplan && terraform apply tfplan`];
  return [
    `cd dist/terraform/${s.name}`,
    '# 1. First apply on local state: the bucket the backend names does not exist yet (the override file is never committed)',
    `printf '{"terraform":{"backend":{"local":{}}}}\\n' > backend_override.tf.json`,
    'terraform init && terraform plan -out tfplan && terraform apply tfplan',
    `# 2. Move this stack's own state into the bucket it created: s3://${plan.backend.bucket}/${backendKey(plan, s.name)}`,
    'rm backend_override.tf.json',
    'terraform init -migrate-state -force-copy',
    'terraform plan   # "No changes": the state now lives in S3',
    'rm -f terraform.tfstate terraform.tfstate.backup',
  ];
}

/** The quota lines of a region's README: what its stack requests, and what an operator requests before applying it. */
function quotaLines(plan: Plan, regionId: string): string[] {
  const quotas = plan.quotas.filter((q) => q.region === regionId);
  const byStack = quotas.filter((q) => q.mechanism === 'aws_servicequotas_service_quota' || q.mechanism === 'google_cloud_quotas_quota_preference');
  const byHand = quotas.filter((q) => !byStack.includes(q));
  return [
    ...(byStack.length ? [`service quota increases (\`${byStack[0].mechanism}\`): ${byStack.map((q) => `${q.name} (\`${q.serviceCode}\` \`${q.quotaCode}\`) ${q.defaultValue} -> ${q.value}`).join('; ')}`] : []),
    ...(byHand.length ? [`quota increases to request before the first apply (no Terraform resource makes them): ${byHand.map((q) => (q.mechanism === 'az quota create' ? `${q.name} ${q.defaultValue} -> ${q.value}: \`${azQuotaCreateCommand(q)}\`` : manualQuotaStep(q))).join('; ')}`] : []),
  ];
}

function quotaSection(plan: Plan): string[] {
  if (plan.quotas.length === 0) return [];
  const aws = plan.quotas.filter((q) => q.mechanism === 'aws_servicequotas_service_quota');
  const gcp = plan.quotas.filter((q) => q.mechanism === 'google_cloud_quotas_quota_preference');
  const azure = plan.quotas.filter((q) => q.mechanism === 'az quota create');
  const support = plan.quotas.filter((q) => q.mechanism === 'support case' || q.mechanism === 'cloud console');
  const out = ['## Service quota requests', ''];
  if (aws.length) {
    out.push(
      'The AWS region stacks request the quota increases the plan needs (`aws_servicequotas_service_quota`; also listed in `report.md`). AWS approves them asynchronously',
      '(large increases go through a support case): when an apply fails with a quota error (`InstanceQuotaExceeded`, `VcpuLimitExceeded`), check the request and apply again once it is approved:',
      '',
      '```sh',
      ...[...new Set(aws.map((q) => q.location))].map((l) => `aws service-quotas list-requested-service-quota-change-history --region ${l} --query 'RequestedQuotas[].[ServiceCode,QuotaCode,DesiredValue,Status]'`),
      '```',
      '',
    );
  }
  if (gcp.length) {
    const projects = [...new Set(gcp.map((q) => plan.gcpProjects.find((p) => p.region === q.region)?.project ?? `<${GCP_PROJECT_VARIABLE} of region-${q.region}>`))].sort();
    out.push(
      `The GCP region stacks file Cloud Quotas preferences (\`google_cloud_quotas_quota_preference\`: ${gcp.map((q) => `${q.quotaCode}${q.dimensions?.region ? ` in ${q.dimensions.region}` : ''} -> ${q.value}`).join(', ')}); set \`${GCP_QUOTA_CONTACT_VARIABLE}\`. Google grants them asynchronously (\`granted_value\`); check with:`,
      '',
      '```sh',
      ...projects.map((p) => gcloudQuotaPreferencesCommand(p)),
      '```',
      '',
    );
  }
  if (azure.length) {
    out.push(
      'Azure: azurerm has no quota resource, so request these once, before the first apply of the Azure region stacks (Azure CLI with `az extension add --name quota`; role Quota Request Operator):',
      '',
      '```sh',
      ...azure.map((q) => azQuotaCreateCommand(q)),
      '```',
      '',
    );
  }
  if (support.length) out.push('No API of the stacks raises these: before the first apply of their region stacks,', '', ...support.map((q) => `- \`${q.region}\`: ${manualQuotaStep(q)}.`), '');
  return out;
}

function stateLossSection(plan: Plan): string[] {
  const b = plan.bootstrap;
  return [
    `## If ${b.region} (the state region) is lost`,
    '',
    `Traffic does not need Terraform: DNS failover and the standbys work without it. The states are replicated to \`s3://${b.replica.bucket}\` in ${b.replica.region}`,
    '(Replication Time Control: 99.99% of writes within 15 minutes; check `terraform plan` for drift made in the last minutes before the loss). To run Terraform again:',
    '',
    `1. In the spec, set \`terraform.backend: { bucket: ${b.replica.bucket}, region: ${b.replica.region} }\` and run \`npm run synth\` (every backend and remote-state reference follows).`,
    '2. In each stack: `terraform init -reconfigure`, delete a stale `<key>.tflock` object if a lock was held during the loss, then `terraform plan`.',
    `3. Do not apply \`${b.stack}\` meanwhile. When ${b.region} is back, restore the spec's backend and run \`terraform init -migrate-state\` in each stack that changed: it copies the newer state back (replication runs one way only).`,
    '',
  ];
}

/** The one-time commands that put the alert receivers' credentials into each region's secret store. */
function alertingSection(plan: Plan): string[] {
  const clusters = plan.alerting.clusters;
  if (clusters.length === 0) return [];
  const out = [
    '## Alert receivers: credentials, once per region (after wave 1)',
    '',
    "Each region stack creates the secret containers of its cluster's Alertmanager receivers, without a value (Azure: a placeholder Terraform never",
    `updates again). External Secrets (ClusterSecretStore \`${clusters[0].secretStore.name}\`) copies each into the \`monitoring\` namespace, where the receiver reads it; a`,
    'value set later arrives within the refresh interval. Put each value in a file holding only the value (`printf %s "$VALUE" > FILE`), run the',
    'commands, then delete the files. Until then the receivers of that region cannot deliver (the Watchdog heartbeat of the cluster stays silent, which pages).',
    '',
  ];
  const receivers = new Map<string, (typeof clusters)[number]['receivers'][number]>();
  for (const c of clusters) for (const r of c.receivers) if (!receivers.has(r.name)) receivers.set(r.name, r);
  for (const r of receivers.values()) {
    const file = r.kind === 'heartbeat' ? `${r.secret.name}-<region>.txt` : `${r.secret.name}.txt`;
    const what = r.kind === 'heartbeat'
      ? `one check per cluster at a heartbeat service (healthchecks.io, Dead Man's Snitch, ...), period ${clusters[0].watchdog.heartbeatPeriodSeconds}s and grace ${clusters[0].watchdog.heartbeatGraceSeconds}s, paging the on-call route: the ping URL of each cluster's own check`
      : r.value;
    out.push(`- \`${file}\`: ${what}${r.email ? ` (mail to ${r.email.to} from ${r.email.from} through ${r.email.smarthost})` : ''}.`);
  }
  const sites = plan.restoreSites.filter((x) => clusters.some((c) => c.region === x.region.id));
  if (sites.length > 0) {
    out.push(
      `- Restore sites (${sites.map((x) => `\`${x.cluster.name}\``).join(', ')}): create their heartbeat checks paused. Their clusters run nothing until a restore (node pools at 0), so the Watchdog is silent; the restore runbook resumes the check.`,
    );
  }
  out.push('', '```sh');
  for (const c of clusters) {
    for (const r of c.receivers) {
      const file = r.kind === 'heartbeat' ? `${r.secret.name}-${c.region}.txt` : `${r.secret.name}.txt`;
      if (c.secretStore.backend === 'aws-secrets-manager') {
        out.push(`aws secretsmanager put-secret-value --region ${c.secretStore.location} --secret-id ${r.remoteKey} --secret-string file://${file}`);
      } else if (c.secretStore.backend === 'gcp-secret-manager') {
        const project = plan.gcpProjects.find((g) => g.region === c.region)?.project ?? '<project>';
        out.push(`gcloud secrets versions add ${r.remoteKey} --project ${project} --data-file=${file}`);
      } else {
        out.push(`az keyvault secret set --vault-name ${c.secretStore.vault} --name ${r.remoteKey} --file ${file}`);
      }
    }
  }
  out.push('```', '');
  if (clusters.some((c) => c.secretStore.backend === 'azure-key-vault')) {
    out.push('The Azure commands need the Key Vault Secrets Officer role on the vault (the principal that applied the stack has it).', '');
  }
  return out;
}

/** One-time steps the entry points need, and how traffic reaches every region. */
/** The one-time steps of a private GitOps repository: where each agent reads the token from. */
function repositorySection(plan: Plan): string[] {
  const agents = plan.gitopsAgents.filter((a) => a.credentials);
  if (agents.length === 0) return [];
  const sites = new Set(plan.restoreSites.map((x) => x.region.id));
  const when = (cloud: string, region: string) =>
    cloud === 'aws'
      ? `before its ${sites.has(region) ? 'restore' : 'region'} stack (the bootstrap function reads it during apply and writes Argo CD's repository Secret)`
      : cloud === 'gcp'
        ? 'after its region stack (Config Sync creates the namespace; it retries until the Secret exists)'
        : 'in the shell that applies its region stack (Flux keeps it in the configuration\'s protected settings)';
  return [
    '## Private GitOps repository: one-time steps',
    '',
    `The agents read \`${plan.gitops.repoURL}\` with user \`${agents[0].credentials!.username}\` and a token (\`GIT_TOKEN\`: read-only on the repository) that is never in the spec or the output. Per cluster:`,
    '',
    ...agents.map((a) => `- \`${a.cluster}\`, ${when(a.cloud, a.region)}: \`${a.credentials!.prerequisite}\``),
    '',
  ];
}

/** How operators reach the private API endpoints. */
function operatorSection(plan: Plan): string[] {
  if (plan.operatorAccess.length === 0) return [];
  return [
    '## Operator access to the private cluster endpoints',
    '',
    'Every API endpoint is private. The operators of `access.admins` reach them so:',
    '',
    ...plan.operatorAccess.map((a) => `- \`${a.cluster}\`, ${a.reach.how}: \`${a.reach.command}\``),
    '',
    'Argo CD on EKS needs none of this: its UI is AWS-hosted and signs users in through IAM Identity Center.',
    '',
  ];
}

function entryPointSection(plan: Plan): string[] {
  const out = [
    '## Public entry points',
    '',
    `Clients use \`<service>.${plan.dns.zone}\` on the service's port, over TLS (1.2 or later) in every region. Every name Route 53 answers is a Terraform-owned address:`,
    "the AWS regions' NLBs, the GCP regions' global addresses (GKE Gateway) and the Azure regions' Application Gateway IPs, read through remote state in wave order, so no",
    'in-cluster controller needs DNS credentials. One-time steps:',
    '',
    `- After \`${plan.bootstrap.stack}\`: delegate \`${plan.dns.zone}\` to the output \`${OUTPUTS.nameServers}\` at the registrar. The certificates (ACM, Certificate Manager) validate through that zone; until it is delegated, the region stacks wait on validation.`,
  ];
  if (plan.entryPoints.some((e) => e.cloud === 'gcp')) {
    out.push(
      '- GCP: the region stack enables `certificatemanager.googleapis.com` with the other APIs; the managed certificates turn ACTIVE once the `global` stack has written their DNS authorization CNAMEs (wave 2).',
    );
  }
  if (plan.entryPoints.some((e) => e.cloud === 'azure')) {
    out.push(
      `- Azure: an account at an integrated CA of Key Vault (DigiCert or GlobalSign), passed as \`${AZURE_CERTIFICATE_ISSUER_VARIABLES.provider}\`, \`${AZURE_CERTIFICATE_ISSUER_VARIABLES.accountId}\` and \`${AZURE_CERTIFICATE_ISSUER_VARIABLES.password}\` (sensitive: \`TF_VAR_...\`, never in the repository); the vault issues and renews the Application Gateway's certificates.`,
    );
  }
  const manual = plan.traffic.records.filter((r) => r.healthCheck === 'manual-switch');
  if (manual.length > 0) {
    out.push(
      `- Manual tiers (${[...new Set(manual.map((r) => r.tier))].join(', ')}): the SECONDARY records are in place; a failover is the runbook's step "invert the DNS switch" (\`aws route53 update-health-check --health-check-id "$(terraform output -raw manual_switch_<service>_<region>)" --inverted\` in \`global\`; \`--no-inverted\` fails back), which Terraform does not undo (\`invert_healthcheck\` is ignored after creation).`,
    );
  }
  out.push('');
  return out;
}

