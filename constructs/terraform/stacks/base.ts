/** What every stack shares: output names, provider variables, the S3 backend, readable Terraform addresses. */
import { Construct, Node } from 'constructs';
import { DataTerraformRemoteStateS3, S3Backend, TerraformElement, TerraformResource, TerraformStack } from 'cdktf';
import { deepMerge } from 'cdktf/lib/util';
import type { DatabasePlan, GitOpsAgentPlan, Plan, RegionPlan } from '../../../synth/model/index';
import { Accelerator } from '../../aws/edge';
import { resolveFragment, withMemoizedSnakeCase, withSingleArgumentResolve } from '../resolve';
import { tfIdentifier } from '../util';
import { PlanInvariantError } from '../../../synth/util/errors';


/** Region of the global stack's default provider: CloudFront, Route 53 and ACM for CloudFront live in us-east-1. */
export const GLOBAL_SERVICES_REGION = 'us-east-1';
/** Global Accelerator's API is served from us-west-2 only. */
export const GLOBAL_ACCELERATOR_API_REGION = 'us-west-2';

export const OUTPUTS = {
  vpcId: 'vpc_id',
  clusterName: 'cluster_name',
  nodeSecurityGroupId: 'node_security_group_id',
  privateZoneId: 'private_zone_id',
  backupVaultArn: 'backup_vault_arn',
  nlbDnsName: 'nlb_dns_name',
  nlbZoneId: 'nlb_zone_id',
  nlbArn: 'nlb_arn',
  targetGroupArn: (service: string) => `target_group_arn_${tfIdentifier(service)}`,
  networkId: 'network_id',
  zoneId: 'zone_id',
  nameServers: 'name_servers',
  acceleratorDnsName: 'accelerator_dns_name',
  acceleratorIps: 'accelerator_ip_addresses',
  staticAssetsDomain: 'static_assets_domain_name',
  cachedApiDomain: (service: string) => `cached_api_domain_name_${tfIdentifier(service)}`,
  // Interconnect (VPN) values the interconnect stack reads from the region stacks.
  vpnGatewayId: 'vpn_gateway_id',
  vpnGatewayIps: 'vpn_gateway_ips',
  vpnRouterName: 'vpn_router_name',
  /** The GCP project a GCP region stack was applied into (the interconnect stack deploys its side there). */
  gcpProject: 'gcp_project_id',
  /** The Azure subscription an Azure region stack was applied into (the interconnect stack deploys its side there). */
  azureSubscription: 'azure_subscription',
  // Restore sites: what the restore runbook passes to AWS Backup.
  restoreRoleArn: 'restore_role_arn',
  restoreSecurityGroupId: 'restore_security_group_id',
  restoreKmsKeyArn: 'restore_kms_key_arn',
  resourceGroupName: 'resource_group_name',
  // Replication (DMS) values the interconnect stack reads.
  replicationSecurityGroupId: 'replication_security_group_id',
  replicationSubnetIds: 'replication_subnet_ids',
  replicationSourceSecretArn: (shard: string) => `replication_source_secret_arn_${tfIdentifier(shard)}`,
  standbyWriterIp: (shard: string) => `standby_writer_ip_${tfIdentifier(shard)}`,
  standbyWriterInstance: (shard: string) => `standby_writer_instance_${tfIdentifier(shard)}`,
  standbyLogin: 'standby_replication_login',
  standbyPassword: 'standby_replication_password',
  postgresDnsZone: 'postgres_dns_zone',
  postgresResourceGroup: 'postgres_resource_group',
  stateBucketArn: 'state_bucket_arn',
  /** GCP / Azure region stacks: the Terraform-owned public address of the entry point. */
  entryAddress: 'entry_address',
  /** GCP region stacks: the DNS authorization CNAMEs of the Certificate Manager certificates (name -> [type, data]). */
  dnsAuthorizations: 'dns_authorization_records',
  stateReplicaBucketArn: 'state_replica_bucket_arn',
} as const;

/** Terraform version every stack needs: native S3 state locking (`use_lockfile`) arrived in 1.10. */
export const REQUIRED_TERRAFORM_VERSION = '>= 1.10';

export const GCP_PROJECT_VARIABLE = 'gcp_project';
/** Contact e-mail of the GCP quota preferences (Google requires one for an increase). */
export const GCP_QUOTA_CONTACT_VARIABLE = 'quota_contact_email';
export const AZURE_SUBSCRIPTION_VARIABLE = 'azure_subscription_id';
/** IAM Identity Center instance the EKS capability for Argo CD signs users in with, and its home region. */
export const AWS_IDENTITY_CENTER_INSTANCE_VARIABLE = 'aws_identity_center_instance_arn';
export const AWS_IDENTITY_CENTER_REGION_VARIABLE = 'aws_identity_center_region';

/** The GitOps agent the plan gives a region's cluster (none when the cluster has no workloads). */
export function agentOf(plan: Plan, region: string): GitOpsAgentPlan | undefined {
  return plan.gitopsAgents.find((a) => a.region === region);
}

/** Variables of the Key Vault's integrated CA account (a one-time prerequisite; the password is sensitive). */
export const AZURE_CERTIFICATE_ISSUER_VARIABLES = { provider: 'certificate_issuer_provider', accountId: 'certificate_issuer_account_id', password: 'certificate_issuer_password' } as const;

/** S3 key of a stack's state. */
export function backendKey(plan: Plan, stackName: string): string {
  return `${plan.backend.keyPrefix}/${stackName}/terraform.tfstate`;
}

export function configureBackend(stack: TerraformStack, plan: Plan, stackName: string): void {
  const backend = new S3Backend(stack, {
    bucket: plan.backend.bucket,
    key: backendKey(plan, stackName),
    region: plan.backend.region,
    encrypt: true,
  });
  // Native S3 state locking (Terraform >= 1.10); cdktf 0.21's S3BackendConfig has no field for it.
  backend.addOverride('use_lockfile', true);
  stack.addOverride('terraform.required_version', REQUIRED_TERRAFORM_VERSION);
}

/** The bootstrap stack's state (public zone id), read by the stacks of later waves. */
export function bootstrapState(stack: TerraformStack, plan: Plan): DataTerraformRemoteStateS3 {
  return new DataTerraformRemoteStateS3(stack, `state-${plan.bootstrap.stack}`, {
    bucket: plan.backend.bucket,
    key: backendKey(plan, plan.bootstrap.stack),
    region: plan.backend.region,
  });
}

export function regionOf(plan: Plan, id: string): RegionPlan {
  const region = plan.regions.find((r) => r.id === id);
  if (!region) throw new PlanInvariantError('regions', `plan has no region ${id}`);
  return region;
}

export function databaseOf(plan: Plan, id: string): DatabasePlan {
  const db = plan.databases.find((d) => d.id === id);
  if (!db) throw new PlanInvariantError('regions', `plan has no database ${id}`);
  return db;
}

// ---------------------------------------------------------------------------------------------
// Base stack: readable resource addresses

/**
 * A stack whose Terraform addresses are the construct path below the stack (`databases_access_sg`)
 * instead of cdktf's hashed default (`databases_sg_9B2D317B`): stable across cdktf versions and readable in
 * the PR diff and in `terraform plan`. Construct ids are unique per parent, so the joined path is unique.
 */
export abstract class PlatformStack extends TerraformStack {
  private readonly allocated = new Map<string, string>();
  /** Resources whose address follows a renamed id: node path -> moved block. */
  private readonly moves = new Map<string, { readonly from: string; readonly to: string }>();

  protected override allocateLogicalId(element: TerraformElement | Node): string {
    const node = element instanceof Node ? element : element.node;
    const path = node.scopes.slice(2).map((c) => c.node.id); // below the app and the stack
    const deployed = path.join('_').replace(/[^A-Za-z0-9_-]/g, '_').replace(/^([^A-Za-z_])/, '_$1');
    // Resources carry state: a renamed id renames their address, and a moved block carries the state over.
    // Data sources, outputs (read by other stacks by name) and providers keep theirs.
    const renames = element instanceof TerraformResource ? (this.node.tryGetContext(RENAMES_CONTEXT) as RenameContext | undefined) : undefined;
    const id = renames ? renameAddress(deployed, renames) : deployed;
    if (id !== deployed) {
      const type = (element as TerraformResource).terraformResourceType;
      this.moves.set(node.path, { from: `${type}.${deployed}`, to: `${type}.${id}` });
    }
    const owner = this.allocated.get(id);
    if (owner !== undefined && owner !== node.path) throw new PlanInvariantError('regions', `Terraform address ${id} is claimed by ${owner} and ${node.path}`);
    this.allocated.set(id, node.path);
    return id;
  }

  public override toTerraform(): any {
    return this.withMoves(super.toTerraform());
  }

  /**
   * What `toTerraform()` returns, less the `//` metadata (construct paths, versions) that synthTerraform drops, without
   * cdktf's detours: `TerraformStack.toTerraform()` resolves every element's fragment, merges them with the stack's
   * raw overrides and then resolves the merged whole a second time (every value but the raw overrides is resolved
   * by then, so that pass only copies it: about a quarter of a stack's synthesis), and it builds the metadata. Here
   * the fragments are resolved once, as cdktf resolves them (an expression's arguments once each:
   * `withSingleArgumentResolve`), and merged in its order with the resolved raw overrides.
   * (`cdktf synth`, the bench's CLI route, still calls toTerraform().) test/constructs/terraform/stack-json.test.ts
   * compares the two for every stack of the reference and company specs.
   */
  public terraformJson(): Record<string, unknown> {
    return withSingleArgumentResolve(() =>
      withMemoizedSnakeCase(() => {
        const tf: Record<string, unknown> = {};
        for (const e of terraformElements(this)) mergeFragment(tf, resolveFragment(this, e.toTerraform()));
        deepMerge(tf, resolveFragment(this, (this as unknown as { rawOverrides: object }).rawOverrides));
        return this.withMoves(tf);
      }),
    );
  }

  private withMoves(tf: Record<string, unknown>): Record<string, unknown> {
    if (this.moves.size === 0) return tf;
    const moved = [...this.moves.values()].sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
    return { ...tf, moved: [...(Array.isArray(tf.moved) ? tf.moved : []), ...moved] };
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * cdktf's `deepMerge(tf, fragment)` for one element's resolved fragment, except that the body of a resource or data
 * source whose address `tf` does not hold yet is taken as it is: deepMerge copies it key by key into a new object
 * (every body of a stack copied once more, ~2% of a 100x synth). The same value: the fragment is resolveFragment's
 * fresh copy (nothing else holds it), and a copy by deepMerge differs from its source only by the keys whose value is
 * undefined, which jsonClean drops (a JSON round trip) from both. Everything else (the `terraform` block, providers,
 * outputs, a body at an address already there) goes through deepMerge.
 */
export function mergeFragment(tf: Record<string, unknown>, fragment: Record<string, unknown>): void {
  for (const [block, byType] of Object.entries(fragment)) {
    const types = tf[block];
    if ((block !== 'resource' && block !== 'data') || !isPlainObject(byType) || (types !== undefined && !isPlainObject(types))) {
      deepMerge(tf, { [block]: byType });
      continue;
    }
    const intoTypes = (tf[block] ??= {}) as Record<string, unknown>;
    for (const [type, byName] of Object.entries(byType)) {
      const names = intoTypes[type];
      if (!isPlainObject(byName) || (names !== undefined && !isPlainObject(names))) {
        deepMerge(intoTypes, { [type]: byName });
        continue;
      }
      const intoNames = (intoTypes[type] ??= {}) as Record<string, unknown>;
      for (const [name, body] of Object.entries(byName)) {
        if (intoNames[name] === undefined && isPlainObject(body)) intoNames[name] = body;
        else deepMerge(intoNames, { [name]: body });
      }
    }
  }
}

/** The Terraform elements of a stack in construct order, not descending into nested stacks (cdktf's private terraformElements). */
function terraformElements(node: Construct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) if (!TerraformStack.isStack(child)) terraformElements(child, into);
  return into;
}

// ---------------------------------------------------------------------------------------------
// Renames (spec `renamedFrom`): the plan keeps the deployed ids, resource addresses follow the new ones

const RENAMES_CONTEXT = 'platform:renames';

export interface RenameContext {
  readonly renames: readonly { readonly from: string; readonly to: string }[];
  /** Every name that can appear in an address: the plan's region, service, database and cache ids, cloud locations and zones. */
  readonly ids: readonly string[];
}

/** Makes the plan's renames known to every stack of `app` (call before any stack is created). */
export function setRenames(app: Construct, plan: Plan): void {
  if (!plan.renames?.length) return;
  const ids = [
    ...plan.regions.flatMap((r) => [r.id, r.location, ...r.zones]),
    ...plan.services.map((s) => s.id),
    ...plan.databases.map((d) => d.id),
    ...plan.caches.map((c) => c.id),
  ];
  const ctx: RenameContext = { renames: plan.renames.map((r) => ({ from: r.from, to: r.to })), ids };
  app.node.setContext(RENAMES_CONTEXT, ctx);
}

const BOUNDARY = /[_.-]/;

/**
 * `databases_cluster-users-shard-0` -> `databases_cluster-customers-shard-0` for users -> customers: every
 * occurrence of a deployed id between separators (`_`, `-`, `.` or the ends), unless it lies inside a longer
 * name of the plan at that place (`users` inside `users-archive`, `eu-central` inside `eu-central-1a`).
 */
export function renameAddress(address: string, ctx: RenameContext): string {
  let out = address;
  for (const { from, to } of ctx.renames) {
    const longer = ctx.ids.filter((id) => id !== from && id.includes(from));
    const covered = (at: number, end: number) =>
      longer.some((id) => {
        for (let k = out.indexOf(id); k >= 0 && k <= at; k = out.indexOf(id, k + 1)) if (k + id.length >= end) return true;
        return false;
      });
    let result = '';
    let i = 0;
    for (let at = out.indexOf(from); at >= 0; at = out.indexOf(from, i)) {
      const end = at + from.length;
      const bounded = (at === 0 || BOUNDARY.test(out[at - 1])) && (end === out.length || BOUNDARY.test(out[end]));
      result += out.slice(i, at) + (bounded && !covered(at, end) ? to : from);
      i = end;
    }
    out = result + out.slice(i);
  }
  return out;
}
