/**
 * Terraform output of the compiler: `synthTerraform(plan)` synthesizes every stack of
 * `plan.stacks` in-process with cdktf and returns `terraform/<stack>/cdk.tf.json` -> the stack's
 * Terraform JSON (cdktf's `//` metadata removed, so nothing machine- or version-dependent);
 * `terraformReadme(plan)` documents how to apply them.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdktf';
import type { Plan, StackPlan } from '../../synth/model/index';
import { AZURE_SUBSCRIPTION_VARIABLE, backendKey, createStack, GCP_PROJECT_VARIABLE, OUTPUTS } from './stacks';

export { backendKey } from './stacks';

/** Path of a stack's file in dist/. */
export function stackFile(stackName: string): string {
  return `terraform/${stackName}/cdk.tf.json`;
}

export function synthTerraform(plan: Plan): Map<string, unknown> {
  // cdktf's App insists on an output directory; nothing is written to it (no app.synth()).
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-cdktf-'));
  try {
    const app = new App({ outdir, skipValidation: true, stackTraces: false });
    const stacks = plan.stacks.map((s) => [s, createStack(app, plan, s)] as const);
    const out = new Map<string, unknown>();
    for (const [s, stack] of stacks) {
      // Testing.synth invokes aspects, resolves tokens and drops every `//` metadata block.
      out.set(stackFile(s.name), stripMetadata(JSON.parse(Testing.synth(stack))));
    }
    return out;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
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
  if (s.kind === 'global') {
    const lines = [
      `public hosted zone \`${plan.dns.zone}\``,
      `Route 53 health checks (every ${plan.traffic.healthCheck.intervalSeconds}s, ${plan.traffic.healthCheck.failureThreshold} failures) and ${plan.traffic.records.length} traffic records (latency + failover)`,
      `Global Accelerator with endpoint groups in ${plan.traffic.acceleratorEndpointGroups.map((g) => g.location).join(', ')}`,
    ];
    if (plan.edge.cdn.staticAssets) lines.push('CloudFront distribution for static assets (private S3 bucket, origin access control)');
    for (const svc of plan.edge.cdn.cacheApis) lines.push(`CloudFront distribution caching the \`${svc}\` API (TTL ${plan.edge.cdn.apiTtlSeconds}s)`);
    return lines;
  }
  if (s.kind === 'interconnect') return interconnectContents(plan, s);
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
    lines.push(`private Cloud DNS zone \`${region.privateZone}\` (output \`${OUTPUTS.privateZoneId}\`) with the databases' writer and reader names`);
    if (region.caches.length > 0) lines.push(`not generated: ${servers(region.caches.length, 'planned Memorystore cache')} (the plan gives no memory size)`);
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
      );
    }
    if (region.caches.length > 0) lines.push(`${servers(region.caches.length, 'Azure Cache for Redis (Premium) instance')}, zone-redundant, reached through private endpoints`);
    lines.push(`private DNS zone \`${region.privateZone}\` (output \`${OUTPUTS.privateZoneId}\`) with the data stores' names`);
    return lines;
  }
  const dbs = region.databases.length;
  const lines = [
    `VPC ${region.cidr} in ${region.location} (${region.zones.join(', ')}): ${region.subnets.length} subnets, NAT gateway per zone, flow logs`,
    `EKS cluster \`${region.cluster.name}\` (${region.cluster.kubernetesVersion}), node groups ${region.cluster.nodePools.map((p) => `\`${p.name}\``).join(', ')}`,
    `${dbs} Aurora PostgreSQL cluster${dbs === 1 ? '' : 's'}, ${region.caches.length} Redis replication group${region.caches.length === 1 ? '' : 's'}, private zone \`${region.privateZone}\``,
    `AWS Backup vault \`${region.backup.vault}\` copying to ${region.backup.copyTo.join(', ')}`,
  ];
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

function stackReads(plan: Plan, s: StackPlan): string[] {
  if (s.kind === 'interconnect') {
    const ic = plan.interconnects.find((i) => i.name === s.interconnect)!;
    const peerOutputs = ic.peerCloud === 'gcp' ? [OUTPUTS.vpnGatewayId, OUTPUTS.vpnGatewayIps, OUTPUTS.vpnRouterName] : [OUTPUTS.vpnGatewayId, OUTPUTS.vpnGatewayIps, OUTPUTS.resourceGroupName];
    return [
      `\`region-${ic.primary}\` (\`s3://${plan.backend.bucket}/${backendKey(plan, `region-${ic.primary}`)}\`): \`${OUTPUTS.vpnGatewayId}\``,
      `\`region-${ic.failover}\` (\`s3://${plan.backend.bucket}/${backendKey(plan, `region-${ic.failover}`)}\`): ${peerOutputs.map((o) => `\`${o}\``).join(', ')}`,
    ];
  }
  return s.dependsOn.map((dep) => `\`${dep}\` (\`s3://${plan.backend.bucket}/${backendKey(plan, dep)}\`): \`${OUTPUTS.nlbDnsName}\`, \`${OUTPUTS.nlbZoneId}\`, \`${OUTPUTS.nlbArn}\``);
}

function stackVariables(plan: Plan, s: StackPlan): string[] {
  const ic = s.kind === 'interconnect' ? plan.interconnects.find((i) => i.name === s.interconnect) : undefined;
  const region = ic ? plan.regions.find((r) => r.id === ic.failover) : s.region ? plan.regions.find((r) => r.id === s.region) : undefined;
  if (region?.cloud === 'gcp') return [`\`${GCP_PROJECT_VARIABLE}\` (e.g. \`TF_VAR_${GCP_PROJECT_VARIABLE}\`)`];
  if (region?.cloud === 'azure') return [`\`${AZURE_SUBSCRIPTION_VARIABLE}\` (e.g. \`TF_VAR_${AZURE_SUBSCRIPTION_VARIABLE}\`)`];
  return [];
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
  ];
  for (const wave of waves) {
    const stacks = plan.stacks.filter((s) => s.wave === wave).sort((a, b) => a.name.localeCompare(b.name));
    out.push(`## Wave ${wave}`, '');
    for (const s of stacks) {
      out.push(`### \`${s.name}\``, '');
      out.push('```sh', `cd dist/terraform/${s.name} && terraform init && terraform plan -out tfplan && terraform apply tfplan`, '```', '');
      out.push(`- Backend key: \`${backendKey(plan, s.name)}\``);
      out.push(`- Contains:`);
      for (const line of stackContents(plan, s)) out.push(`  - ${line}`);
      const reads = stackReads(plan, s);
      out.push(reads.length > 0 ? '- Reads (remote state):' : '- Reads: nothing from other stacks');
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
      `2. After wave 1, before wave 2, on each primary shard with a feed (${sources.map((x) => `\`${x}\``).join(', ')}): create the replication user from the secret the region stack generated (output \`replication_source_secret_arn_<shard>\`), connected as the master user (its secret is Aurora's managed master secret):`,
      '',
      '```sql',
      "CREATE ROLE dms_replication LOGIN PASSWORD '<password from the secret>';",
      'GRANT rds_replication, rds_superuser TO dms_replication;',
      '```',
      '',
      '3. Subscribe the on-call route to each interconnect stack\'s SNS topic `<stack>-replication-alerts` (the lag alarms notify it).',
      '',
      'The DMS tasks start when wave 2 is applied; the Cloud SQL target users are created by the interconnect stacks.',
      '',
    );
  }
  const secondary = plan.traffic.records.find((r) => r.routing === 'failover' && r.failoverRole === 'SECONDARY');
  out.push(
    '## Failover names maintained by external-dns',
    '',
    `The SECONDARY failover records point at the name each failover cluster publishes for the service` +
      (secondary?.target ? ` (e.g. \`${secondary.target}\`)` : '') +
      ': external-dns in that cluster publishes it from the Ingress annotation `external-dns.alpha.kubernetes.io/hostname`, in the public zone the `global` stack creates',
    '(so it needs Route 53 credentials for that zone). Until the name exists, a failover to that region resolves to nothing.',
    '',
  );
  return out.join('\n');
}
