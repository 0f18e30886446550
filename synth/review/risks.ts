/**
 * Risk flags of a change, each with a stable code, the resource and the reason. Terraform-level flags key
 * on resource types and attribute names (risk-table.ts); plan-level flags on the plan's figures and proofs.
 */
import type { Plan } from '../model/index';
import type { K8sObject } from './kubernetes';
import type { ClusterDiff, Risk, RiskCode, StackDiff } from './model';
import { ANYWHERE, IAM_GRANTS, LOAD_BALANCER_TYPES, NETWORK_GUARDS, PUBLIC_WHEN, STATEFUL } from './risk-table';
import { blocksBeforeMoves, stackBlocks, type Block } from './terraform';

export interface RiskInput {
  readonly before?: Plan;
  readonly after?: Plan;
  /** Plan-stage errors of the new spec (a proof that fails stops the compile: its diagnostic is the evidence). */
  readonly afterErrors: readonly { readonly code: string; readonly path: string; readonly message: string }[];
  readonly stacksBefore: ReadonlyMap<string, unknown>;
  readonly stacksAfter: ReadonlyMap<string, unknown>;
  readonly stackDiffs: readonly StackDiff[];
  readonly objectsBefore: ReadonlyMap<string, ReadonlyMap<string, K8sObject>>;
  readonly objectsAfter: ReadonlyMap<string, ReadonlyMap<string, K8sObject>>;
  readonly clusterDiffs: readonly ClusterDiff[];
}

type Flag = Omit<Risk, 'accepted'>;

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

// ---------------------------------------------------------------------------------------------
// Terraform: stateful resources destroyed or replaced

function statefulFlags(diffs: readonly StackDiff[]): Flag[] {
  const out: Flag[] = [];
  for (const s of diffs) {
    for (const r of s.resources) {
      const kind = STATEFUL[r.type];
      if (!kind) continue;
      const resource = `${s.stack}/${r.address}`;
      if (r.action === 'destroy') out.push({ code: 'destroy-stateful', resource, reason: `destroys ${kind} ${r.address}${s.status === 'removed' ? ` (stack ${s.stack} is removed)` : ''}` });
      if (r.action === 'replace') out.push({ code: 'replace-stateful', resource, reason: `replaces ${kind} ${r.address}: ${(r.forcedBy ?? []).join(', ')} forces a new resource` });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Terraform: grants (network and IAM) per guard / identity, public exposure per resource

function strings(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
}

function ports(r: Record<string, unknown>): string {
  const proto = r.protocol ?? r.ip_protocol ?? '';
  const from = r.from_port ?? r.destination_port_range ?? '';
  const to = r.to_port ?? '';
  return `${proto}:${from}-${to}`;
}

/** Network atoms of a rule: `ingress tcp:5432-5432 from sg-…` style strings, one per peer. */
function ruleAtoms(direction: string, r: Record<string, unknown>): string[] {
  const peers = [
    ...strings(r.cidr_blocks), ...strings(r.ipv6_cidr_blocks), ...strings(r.cidr_ipv4), ...strings(r.cidr_ipv6), ...strings(r.prefix_list_ids),
    ...strings(r.prefix_list_id), ...strings(r.security_groups), ...strings(r.referenced_security_group_id), ...strings(r.source_security_group_id),
    ...(r.self === true ? ['self'] : []),
  ];
  return (peers.length ? peers : ['(none)']).map((p) => `${direction} ${ports(r)} ${p}`);
}

function networkAtoms(block: Block): string[] {
  const b = block.body as Record<string, unknown>;
  switch (block.type) {
    case 'aws_security_group':
      return [...((b.ingress as Record<string, unknown>[] | undefined) ?? []).flatMap((r) => ruleAtoms('ingress', r)), ...((b.egress as Record<string, unknown>[] | undefined) ?? []).flatMap((r) => ruleAtoms('egress', r))];
    case 'aws_security_group_rule':
      return ruleAtoms(String(b.type), b);
    case 'aws_vpc_security_group_ingress_rule':
      return ruleAtoms('ingress', b);
    case 'aws_vpc_security_group_egress_rule':
      return ruleAtoms('egress', b);
    case 'aws_network_acl_rule':
      return b.rule_action === 'allow' ? [`${b.egress ? 'egress' : 'ingress'} ${b.protocol}:${b.from_port}-${b.to_port} ${b.cidr_block ?? b.ipv6_cidr_block}`] : [];
    case 'google_compute_firewall': {
      if (!b.allow) return [];
      const peers = [...strings(b.source_ranges), ...strings(b.source_tags), ...strings(b.source_service_accounts), ...strings(b.destination_ranges)];
      return strings(b.allow).flatMap((a) => peers.map((p) => `${b.direction ?? 'INGRESS'} ${a} ${p}`));
    }
    case 'azurerm_network_security_rule':
    case 'azurerm_network_security_group': {
      const rules = block.type === 'azurerm_network_security_rule' ? [b] : ((b.security_rule as Record<string, unknown>[] | undefined) ?? []);
      return rules
        .filter((r) => r.access === 'Allow')
        .flatMap((r) => [...strings(r.source_address_prefix), ...strings(r.source_address_prefixes)].map((p) => `${r.direction} ${r.protocol}:${strings(r.destination_port_range ?? r.destination_port_ranges).join(',')} ${p}`));
    }
    default:
      return [];
  }
}

function policyAtoms(doc: unknown): string[] {
  let d = doc;
  if (typeof d === 'string') {
    try {
      d = JSON.parse(d);
    } catch {
      return [d as string];
    }
  }
  const statements = (d as { Statement?: unknown } | undefined)?.Statement;
  const list = Array.isArray(statements) ? statements : statements ? [statements] : [];
  return list.flatMap((st: Record<string, unknown>) => {
    if (st.Effect === 'Deny') return [];
    const actions = strings(st.Action ?? st.NotAction);
    const resources = strings(st.Resource ?? st.NotResource ?? '*');
    const principal = JSON.stringify(st.Principal ?? '');
    const condition = st.Condition ? ` if ${JSON.stringify(st.Condition)}` : '';
    return actions.flatMap((a) => resources.map((r) => `${principal} ${a} on ${r}${condition}`));
  });
}

function iamAtoms(block: Block): string[] {
  const b = block.body as Record<string, unknown>;
  if (block.type === 'aws_iam_role') return [...policyAtoms(b.assume_role_policy).map((a) => `assume ${a}`), ...strings(b.managed_policy_arns).map((p) => `attach ${p}`)];
  if (block.type === 'aws_iam_role_policy_attachment') return [`attach ${b.policy_arn}`];
  if (block.type === 'aws_iam_policy_document') {
    const statements = (b.statement as Record<string, unknown>[] | undefined) ?? [];
    return statements
      .filter((st) => st.effect !== 'Deny')
      .flatMap((st) => {
        const who = JSON.stringify(st.principals ?? '');
        const condition = st.condition ? ` if ${JSON.stringify(st.condition)}` : '';
        return strings(st.actions ?? st.not_actions).flatMap((a) => strings(st.resources ?? st.not_resources ?? '*').map((r) => `${who} ${a} on ${r}${condition}`));
      });
  }
  if (block.type === 'aws_eks_access_policy_association') return [`${b.policy_arn} ${JSON.stringify(b.access_scope ?? '')}`];
  if (block.type === 'aws_eks_pod_identity_association') return [`${b.namespace}/${b.service_account} -> ${b.role_arn}`];
  if (block.type.startsWith('google_') || block.type === 'azurerm_role_assignment') return [`${b.role ?? b.role_definition_name ?? b.role_definition_id} on ${b.project ?? b.crypto_key_id ?? b.bucket ?? b.scope ?? ''} for ${strings(b.member ?? b.members ?? b.principal_id).join(',')}`];
  if (block.type === 'azurerm_key_vault_access_policy') return [...strings(b.key_permissions), ...strings(b.secret_permissions)].map((p) => `${p} on ${b.key_vault_id}`);
  return policyAtoms(b.policy);
}

/** Atoms grouped by what they guard: `<guard value>` for rules, the block's own address otherwise. */
function grouped(blocks: ReadonlyMap<string, Block>, table: Readonly<Record<string, { readonly [k: string]: string | undefined }>>, atoms: (b: Block) => string[]): Map<string, { atoms: Set<string>; addresses: Set<string> }> {
  const out = new Map<string, { atoms: Set<string>; addresses: Set<string> }>();
  for (const block of blocks.values()) {
    const entry = table[block.type];
    if (!entry) continue;
    const attr = Object.values(entry)[0];
    const raw = attr ? (block.body as Record<string, unknown>)[attr] : undefined;
    const key = raw !== undefined ? `${block.type.split('_')[0]}:${JSON.stringify(raw)}` : block.address;
    const g = out.get(key) ?? { atoms: new Set<string>(), addresses: new Set<string>() };
    for (const a of atoms(block)) g.atoms.add(a);
    g.addresses.add(block.address);
    out.set(key, g);
  }
  return out;
}

function widenedFlags(code: RiskCode, stack: string, before: ReadonlyMap<string, Block>, after: ReadonlyMap<string, Block>, table: Readonly<Record<string, { readonly [k: string]: string | undefined }>>, atoms: (b: Block) => string[], what: string): Flag[] {
  const g0 = grouped(before, table, atoms);
  const g1 = grouped(after, table, atoms);
  const out: Flag[] = [];
  for (const [key, g] of g1) {
    const old = g0.get(key);
    if (!old) continue; // a new guard or identity: nothing was narrower before
    const added = [...g.atoms].filter((a) => !old.atoms.has(a)).sort();
    if (added.length === 0) continue;
    const address = [...g.addresses].filter((a) => !old.addresses.has(a))[0] ?? [...g.addresses].sort()[0];
    out.push({ code, resource: `${stack}/${address}`, reason: `${what} gains ${plural(added.length, 'grant')}: ${added.slice(0, 3).join('; ')}${added.length > 3 ? '; …' : ''}` });
  }
  return out;
}

/** `path=value` atoms of the attributes that make a resource reachable from the internet. */
function publicAtoms(block: Block): string[] {
  const out: string[] = [];
  const walk = (v: unknown, path: string, ingress: boolean) => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, path, ingress));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        const p = path ? `${path}.${k}` : k;
        if (k in PUBLIC_WHEN && x === PUBLIC_WHEN[k]) out.push(`${p}=${JSON.stringify(x)}`);
        if (k === 'internal' && x === false && LOAD_BALANCER_TYPES.includes(block.type)) out.push(`${p}=false`);
        const inbound = ingress || k === 'ingress' || (k === 'direction' && /^(INGRESS|Inbound)$/.test(String(x)));
        if (/^(cidr_blocks|ipv6_cidr_blocks|cidr_ipv4|cidr_ipv6|source_ranges|source_address_prefix|source_address_prefixes)$/.test(k) && (inbound || /ingress|firewall|security_rule/.test(block.type))) {
          for (const s of strings(x)) if (ANYWHERE.includes(s)) out.push(`${p} allows ${s}`);
        }
        walk(x, p, inbound);
      }
    }
  };
  const body = block.body as Record<string, unknown>;
  if (block.type === 'aws_security_group_rule' && body.type !== 'ingress') return [];
  if (block.type === 'aws_vpc_security_group_egress_rule') return [];
  walk(body, '', block.type === 'aws_security_group_rule' || block.type === 'aws_vpc_security_group_ingress_rule');
  return out;
}

function terraformFlags(input: RiskInput): Flag[] {
  const out: Flag[] = [];
  for (const s of input.stackDiffs) {
    if (!s.changed) continue;
    // The new stack as the old addresses: a moved resource keeps its identity (and its guard, its grants).
    const a = stackBlocks(input.stacksBefore.get(s.stack)).blocks;
    const b = blocksBeforeMoves(input.stacksAfter.get(s.stack));
    out.push(...widenedFlags('network-widened', s.stack, a, b, NETWORK_GUARDS, networkAtoms, 'network guard'));
    out.push(...widenedFlags('iam-widened', s.stack, a, b, IAM_GRANTS, iamAtoms, 'identity'));
    for (const r of s.resources) {
      if (r.action === 'destroy') continue;
      const now = b.get(r.movedFrom ?? r.address);
      if (!now) continue;
      const was = a.get(r.movedFrom ?? r.address);
      const old = new Set(was ? publicAtoms(was) : []);
      const added = publicAtoms(now).filter((x) => !old.has(x));
      if (added.length) out.push({ code: 'public-exposure', resource: `${s.stack}/${r.address}`, reason: `${r.action === 'create' ? 'new resource ' : ''}reachable from the internet: ${added.join(', ')}` });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Kubernetes: NetworkPolicies widened, Services exposed

interface PolicyAtoms {
  atoms: Set<string>;
  names: string[];
}

function policiesBySelector(objects: ReadonlyMap<string, K8sObject> | undefined): Map<string, PolicyAtoms> {
  const out = new Map<string, PolicyAtoms>();
  for (const o of objects?.values() ?? []) {
    if (o.kind !== 'NetworkPolicy') continue;
    const spec = (o.body.spec ?? {}) as Record<string, unknown>;
    const ns = (o.body.metadata as { namespace?: string } | undefined)?.namespace ?? 'default';
    const key = `${ns} ${JSON.stringify(spec.podSelector ?? {})}`;
    const p = out.get(key) ?? { atoms: new Set<string>(), names: [] };
    p.names.push(o.id);
    for (const dir of ['ingress', 'egress'] as const) {
      for (const rule of (spec[dir] as Record<string, unknown>[] | undefined) ?? []) {
        const peers = ((rule[dir === 'ingress' ? 'from' : 'to'] as unknown[] | undefined) ?? [{ any: true }]).map((x) => JSON.stringify(x));
        const rulePorts = ((rule.ports as unknown[] | undefined) ?? [{ all: true }]).map((x) => JSON.stringify(x));
        for (const peer of peers) for (const port of rulePorts) p.atoms.add(`${dir} ${peer} ${port}`);
      }
    }
    out.set(key, p);
  }
  return out;
}

function kubernetesFlags(input: RiskInput): Flag[] {
  const out: Flag[] = [];
  for (const c of input.clusterDiffs) {
    if (!c.changed) continue;
    const before = input.objectsBefore.get(c.cluster);
    const after = input.objectsAfter.get(c.cluster);
    const p0 = policiesBySelector(before);
    const p1 = policiesBySelector(after);
    for (const [key, old] of p0) {
      const now = p1.get(key);
      if (!now) {
        if (after && after.size > 0) out.push({ code: 'network-widened', resource: `${c.cluster}/${old.names[0]}`, reason: `no NetworkPolicy selects ${key} any more: its pods lose their rules` });
        continue;
      }
      const added = [...now.atoms].filter((a) => !old.atoms.has(a)).sort();
      if (added.length) out.push({ code: 'network-widened', resource: `${c.cluster}/${now.names[0]}`, reason: `NetworkPolicy of ${key} gains ${plural(added.length, 'rule')}: ${added.slice(0, 3).join('; ')}${added.length > 3 ? '; …' : ''}` });
    }
    for (const o of c.objects) {
      if (o.action === 'delete' || o.kind !== 'Service') continue;
      const now = after?.get(o.id)?.body.spec as { type?: string } | undefined;
      const was = before?.get(o.id)?.body.spec as { type?: string } | undefined;
      const exposed = (t: string | undefined) => t === 'LoadBalancer' || t === 'NodePort';
      if (exposed(now?.type) && !exposed(was?.type)) out.push({ code: 'public-exposure', resource: `${c.cluster}/${o.id}`, reason: `Service of type ${now!.type}` });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Plan: replicas, PDBs, backups, proofs, residency, public services

/** Residency rows by `<dataClass>/<kind>/<what>#<n>` (one row per location: the n-th row of that what). */
export function residencyRows(p: Plan | undefined): Map<string, Plan['reports']['residency'][number]> {
  const out = new Map<string, Plan['reports']['residency'][number]>();
  const seen = new Map<string, number>();
  for (const r of p?.reports.residency ?? []) {
    const k = `${r.dataClass}/${r.kind}/${r.what}`;
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    out.set(`${k}#${n}`, r);
  }
  return out;
}

function planFlags(input: RiskInput): Flag[] {
  const { before, after } = input;
  const out: Flag[] = [];
  if (!before || !after) return out;
  const svc0 = new Map(before.services.map((s) => [s.id, s]));
  const svc1 = new Map(after.services.map((s) => [s.id, s]));
  const w0 = new Map(before.regions.flatMap((r) => r.workloads).map((w) => [`${w.service}@${w.region}`, w]));
  for (const w of after.regions.flatMap((r) => r.workloads)) {
    const key = `${w.service}@${w.region}`;
    const was = w0.get(key);
    const s0 = svc0.get(w.service);
    const s1 = svc1.get(w.service);
    if (!was || !s0 || !s1 || was.replicas === 0) continue;
    // The spare the old plan guaranteed (N + spare, N+2 in the reference) against the new N.
    const spare = s0.replicasByRedundancy - s0.n;
    const floor = w.n + spare;
    const running = [w.replicas, ...(w.autoscaling ? [w.autoscaling.min] : [])];
    const lowest = Math.min(...running);
    if (lowest < floor && lowest < Math.min(was.replicas, was.autoscaling?.min ?? Infinity)) {
      out.push({ code: 'replicas-below-spare', resource: key, reason: `${lowest} replicas (was ${Math.min(was.replicas, was.autoscaling?.min ?? Infinity)}) is below N + spare = ${w.n} + ${spare} = ${floor}` });
    }
    if (was.minAvailable !== undefined && (w.minAvailable === undefined || w.minAvailable < w.n)) {
      out.push({ code: 'pdb-below-n', resource: key, reason: w.minAvailable === undefined ? `the PodDisruptionBudget (minAvailable ${was.minAvailable}) is removed` : `PodDisruptionBudget minAvailable ${w.minAvailable} is below N = ${w.n} (was ${was.minAvailable})` });
    }
  }

  const rules1 = new Map(after.backups.rules.map((r) => [r.name, r]));
  for (const r of before.backups.rules) {
    const now = rules1.get(r.name);
    if (!now) out.push({ code: 'backup-removed', resource: `backup-rule:${r.name}`, reason: `backup rule ${r.name} (${r.retentionDays} days) is removed` });
    else {
      if (now.retentionDays < r.retentionDays) out.push({ code: 'backup-shortened', resource: `backup-rule:${r.name}`, reason: `retention of ${r.name} backups ${r.retentionDays} -> ${now.retentionDays} days` });
      const lost = r.temperatures.filter((t) => !now.temperatures.includes(t));
      if (lost.length) out.push({ code: 'backup-removed', resource: `backup-rule:${r.name}`, reason: `backup rule ${r.name} no longer covers ${lost.join(', ')} data` });
    }
  }
  if (after.backups.copies < before.backups.copies) out.push({ code: 'backup-removed', resource: 'backup-copies', reason: `backup copies ${before.backups.copies} -> ${after.backups.copies}` });
  const copies1 = new Map(after.regions.map((r) => [r.id, r.backup.copyTo]));
  for (const r of before.regions) {
    const now = copies1.get(r.id);
    if (!now) continue;
    const lost = r.backup.copyTo.filter((l) => !now.includes(l));
    if (lost.length) out.push({ code: 'backup-removed', resource: `backup-copy:${r.id}`, reason: `backups of ${r.id} are no longer copied to ${lost.join(', ')}` });
  }
  const freq1 = new Map(after.backups.dataClasses.map((d) => [d.dataClass, d]));
  for (const d of before.backups.dataClasses) {
    const now = freq1.get(d.dataClass);
    if (now && now.intervalSeconds > d.intervalSeconds) out.push({ code: 'backup-shortened', resource: `backup:${d.dataClass}`, reason: `${d.dataClass} is backed up ${d.frequency} -> ${now.frequency} (every ${d.intervalSeconds}s -> ${now.intervalSeconds}s)` });
  }
  const db1 = new Map(after.databases.map((d) => [d.id, d]));
  for (const d of before.databases) {
    const now = db1.get(d.id);
    if (now && now.backupRetentionDays < d.backupRetentionDays) out.push({ code: 'backup-shortened', resource: `database:${d.id}`, reason: `automated backups of ${d.id} kept ${d.backupRetentionDays} -> ${now.backupRetentionDays} days` });
  }

  const rto1 = new Map(after.reports.rto.map((r) => [r.tier, r]));
  for (const r of before.reports.rto) if (r.holds && rto1.get(r.tier)?.holds === false) out.push({ code: 'proof-fails', resource: `rto:${r.tier}`, reason: `RTO of ${r.tier}: ${rto1.get(r.tier)!.achievedSeconds}s achieved > ${rto1.get(r.tier)!.targetSeconds}s target (held at ${r.achievedSeconds}s)` });
  const rpo1 = new Map(after.reports.rpo.map((r) => [r.dataClass, r]));
  for (const r of before.reports.rpo) if (r.holds && rpo1.get(r.dataClass)?.holds === false) out.push({ code: 'proof-fails', resource: `rpo:${r.dataClass}`, reason: `RPO of ${r.dataClass}: ${rpo1.get(r.dataClass)!.zoneLossSeconds}s > ${r.targetSeconds}s target` });
  const av1 = new Map(after.reports.availability.map((r) => [`${r.service}@${r.region}`, r]));
  for (const r of before.reports.availability) {
    const now = av1.get(`${r.service}@${r.region}`);
    if (r.meetsSlo && now?.meetsSlo === false) out.push({ code: 'proof-fails', resource: `availability:${r.service}@${r.region}`, reason: `availability ${now.availability} misses the SLO ${now.slo}` });
  }
  const cap1 = new Map(after.reports.capacity.map((r) => [`${r.service}@${r.region}`, r]));
  for (const r of before.reports.capacity) {
    if (r.survivesZoneLoss && cap1.get(`${r.service}@${r.region}`)?.survivesZoneLoss === false) out.push({ code: 'proof-fails', resource: `zone-loss:${r.service}@${r.region}`, reason: `${r.service} in ${r.region} no longer survives the loss of a zone` });
  }
  const res1 = residencyRows(after);
  for (const [key, r] of residencyRows(before)) {
    const now = res1.get(key);
    const resource = `residency:${r.dataClass}/${key.slice(key.indexOf('/', key.indexOf('/') + 1) + 1)}`;
    if (r.ok && now && !now.ok) out.push({ code: 'proof-fails', resource, reason: `${r.dataClass} ${r.kind} ${r.what} in ${now.location} leaves ${now.jurisdiction}` });
    if (now && now.locationJurisdiction !== r.locationJurisdiction) {
      out.push({ code: 'residency-changed', resource, reason: `${r.dataClass} ${r.kind} ${r.what} moves from ${r.location} (${r.locationJurisdiction}) to ${now.location} (${now.locationJurisdiction})` });
    }
  }
  const resident1 = new Map(after.backups.dataClasses.map((d) => [d.dataClass, d.residency]));
  for (const d of before.backups.dataClasses) {
    const lifted = d.residency.filter((j) => resident1.has(d.dataClass) && !resident1.get(d.dataClass)!.includes(j));
    if (lifted.length) out.push({ code: 'residency-changed', resource: `data:${d.dataClass}`, reason: `${d.dataClass} is no longer kept in ${lifted.join(', ')}: its replicas, backup copies and failover may leave it` });
  }
  const juris0 = new Map<string, Set<string>>();
  for (const r of before.reports.residency) juris0.set(r.dataClass, (juris0.get(r.dataClass) ?? new Set()).add(r.locationJurisdiction));
  for (const r of after.reports.residency) {
    const known = juris0.get(r.dataClass);
    if (known && !known.has(r.locationJurisdiction) && !before.reports.residency.some((x) => x.dataClass === r.dataClass && x.kind === r.kind && x.what === r.what)) {
      out.push({ code: 'residency-changed', resource: `residency:${r.dataClass}/${r.what}`, reason: `${r.dataClass} gains a ${r.kind} in ${r.location} (${r.locationJurisdiction}), outside ${[...known].join(', ')}` });
    }
  }
  for (const s of after.services) {
    const was = svc0.get(s.id);
    if (s.public && (!was || !was.public)) out.push({ code: 'public-exposure', resource: `service:${s.id}`, reason: was ? `${s.id} becomes public` : `new public service ${s.id}` });
  }
  return out;
}

/** Proofs that fail in the new spec stop its compile at the plan stage: each of those errors is a flag. */
const ROW_PROOFS = new Set(['proof-rto', 'proof-rpo', 'proof-availability', 'proof-zone-loss', 'proof-residency']);

function diagnosticFlags(input: RiskInput): Flag[] {
  if (!input.before) return [];
  // The proofs with a report row are flagged from the rows (planFlags); the others from their error.
  return input.afterErrors.filter((d) => !ROW_PROOFS.has(d.code)).map((d) => ({ code: 'proof-fails' as const, resource: `${d.code}:${d.path || 'spec'}`, reason: d.message }));
}

export function risks(input: RiskInput): Flag[] {
  const all = [...statefulFlags(input.stackDiffs), ...terraformFlags(input), ...kubernetesFlags(input), ...planFlags(input), ...diagnosticFlags(input)];
  const seen = new Set<string>();
  return all
    .filter((f) => {
      const k = `${f.code} ${f.resource}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0));
}
