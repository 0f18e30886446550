/**
 * The data of a review (`platform diff`): what a spec change does to every Terraform stack, every
 * cluster's manifests and the plan's figures, and the risks it carries. Plain, serialisable data: the
 * JSON renderer prints it as it is.
 */

/** One attribute path whose value changes, e.g. `engine_version: "16.4" -> "16.6"`. */
export interface AttributeChange {
  /** Dotted path with list indexes, e.g. `vpc_config[0].subnet_ids`. */
  readonly path: string;
  /** Absent when the attribute is new; masked (`(sensitive)`) for secrets. */
  readonly before?: unknown;
  /** Absent when the attribute is removed. */
  readonly after?: unknown;
}

export type ResourceAction = 'create' | 'update' | 'replace' | 'destroy' | 'move';

/** A Terraform block of one stack: a resource (`aws_rds_cluster.databases_cluster-users`), a data source (`data.<type>.<name>`), an output (`output.<name>`), a provider (`provider.<type>.<alias>`) or a settings block (`terraform`, `variable.<name>`). */
export interface ResourceChange {
  readonly address: string;
  /** Resource or data source type (`aws_rds_cluster`); the block kind for the others (`output`, `provider`, ...). */
  readonly type: string;
  readonly action: ResourceAction;
  /** Set when a `moved` block of the new stack brings the old address here. */
  readonly movedFrom?: string;
  readonly changes: readonly AttributeChange[];
  /** Attribute paths (or `references <address>`) that force the replacement, when action is `replace`. */
  readonly forcedBy?: readonly string[];
}

export interface ChangeCounts {
  readonly add: number;
  readonly change: number;
  readonly replace: number;
  readonly destroy: number;
  readonly move: number;
}

export interface StackDiff {
  readonly stack: string;
  /** Apply wave of the stack in the new plan (the old plan's for a stack that is removed). */
  readonly wave: number;
  readonly status: 'added' | 'removed' | 'changed' | 'unchanged';
  readonly changed: boolean;
  readonly counts: ChangeCounts;
  /** Changed blocks only, sorted by address. */
  readonly resources: readonly ResourceChange[];
}

export interface ObjectChange {
  /** `<Kind>/<namespace>/<name>` (`<Kind>/<name>` for cluster-scoped objects). */
  readonly id: string;
  readonly kind: string;
  readonly file: string;
  readonly action: 'create' | 'update' | 'delete';
  readonly changes: readonly AttributeChange[];
}

/** The manifests of one folder of dist/kubernetes (a cluster, or `argocd`). */
export interface ClusterDiff {
  readonly cluster: string;
  readonly status: 'added' | 'removed' | 'changed' | 'unchanged';
  readonly changed: boolean;
  readonly counts: ChangeCounts;
  readonly objects: readonly ObjectChange[];
}

export type PlanChangeKind = 'workload' | 'autoscaling' | 'pdb' | 'node-pool' | 'storage' | 'rto' | 'rpo' | 'availability' | 'residency' | 'backup' | 'stack';

/** A figure of the plan that changes, e.g. `replicas api-gateway@us-east: 15 -> 30`. */
export interface PlanChange {
  readonly kind: PlanChangeKind;
  /** What the figure belongs to, e.g. `api-gateway@us-east`, `users`, `trading`. */
  readonly key: string;
  readonly before?: string;
  readonly after?: string;
  /** The whole line, for the text renderers. */
  readonly text: string;
}

export interface CostLine {
  /** `<region>/<item>` without the instance type, e.g. `us-east/nodes reserved`. */
  readonly key: string;
  readonly before: number;
  readonly after: number;
  readonly delta: number;
  /** The item as priced in the new plan (the old one's when removed), e.g. `nodes reserved (m6i.8xlarge)`. */
  readonly item: string;
  readonly unitsBefore: number;
  readonly unitsAfter: number;
}

export interface CostDelta {
  readonly currency: 'USD';
  readonly beforeMonthly: number;
  readonly afterMonthly: number;
  readonly deltaMonthly: number;
  /** The lines that cause the delta, largest absolute change first. */
  readonly lines: readonly CostLine[];
}

export type RiskCode =
  | 'destroy-stateful'
  | 'replace-stateful'
  | 'replicas-below-spare'
  | 'pdb-below-n'
  | 'backup-removed'
  | 'backup-shortened'
  | 'network-widened'
  | 'iam-widened'
  | 'public-exposure'
  | 'proof-fails'
  | 'residency-changed';

export interface Risk {
  readonly code: RiskCode;
  /** Space-free name of what is at risk: `<stack>/<address>`, `<cluster>/<Kind>/<ns>/<name>` or a plan key (`api-gateway@us-east`). */
  readonly resource: string;
  readonly reason: string;
  /** Whether a `# platform: accept <code> <resource>` line (or `--accept`) covers it. */
  readonly accepted: boolean;
}

/** An id that disappears while a similar one appears: probably a rename that `renamedFrom` should declare. */
export interface RenameSuggestion {
  readonly kind: 'region' | 'service' | 'database' | 'cache';
  readonly from: string;
  readonly to: string;
  /** The line to add to the spec. */
  readonly suggestion: string;
}

export interface Review {
  readonly base: { readonly label: string; readonly ok: boolean; readonly errors: readonly string[] };
  readonly head: { readonly label: string; readonly ok: boolean; readonly errors: readonly string[] };
  readonly stacks: readonly StackDiff[];
  readonly clusters: readonly ClusterDiff[];
  /** Other files of dist/ that change (reports, runbooks, diagram). */
  readonly files: { readonly added: readonly string[]; readonly removed: readonly string[]; readonly changed: readonly string[] };
  readonly plan: readonly PlanChange[];
  readonly cost: CostDelta;
  readonly risks: readonly Risk[];
  /** Changed stacks only, wave by wave (stacks of a wave apply in parallel). */
  readonly applyOrder: readonly { readonly wave: number; readonly stacks: readonly string[] }[];
  readonly renames: readonly RenameSuggestion[];
}
