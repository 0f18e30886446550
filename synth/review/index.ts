/**
 * review(): the semantic diff of two compiled specs (the base and the working tree, both compiled with the
 * current compiler): per Terraform stack and per cluster what is added, changed and destroyed, the plan's
 * figures, the cost delta, the risks and the apply order of the changed stacks.
 */
import type { NormalizedSpec, Plan } from '../model/index';
import type { Diagnostic } from '../util/errors';
import { isAccepted, type Acceptance } from './accept';
import { diffObjects, k8sObjects, type K8sObject } from './kubernetes';
import type { ClusterDiff, Review, StackDiff } from './model';
import { costDelta, planChanges } from './plan-changes';
import { detectRenames } from './renames';
import { risks } from './risks';
import { countChanges, diffStack } from './terraform';

export type { Review } from './model';

/** One side of a review: what compile() returned for it. */
export interface ReviewSide {
  readonly label: string;
  readonly spec?: NormalizedSpec;
  readonly plan?: Plan;
  /** dist/ of the side; absent when it did not compile to the end. */
  readonly files?: ReadonlyMap<string, string>;
  readonly diagnostics: readonly Diagnostic[];
}

const STACK_FILE = /^terraform\/([^/]+)\/cdk\.tf\.json$/;
const K8S_FILE = /^kubernetes\/([^/]+)\/.+\.ya?ml$/;

function stacksOf(files: ReadonlyMap<string, string> | undefined): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [f, text] of files ?? []) {
    const m = STACK_FILE.exec(f);
    if (m) out.set(m[1], JSON.parse(text));
  }
  return out;
}

function clustersOf(files: ReadonlyMap<string, string> | undefined): Map<string, Map<string, K8sObject>> {
  const grouped = new Map<string, Map<string, string>>();
  for (const [f, text] of files ?? []) {
    const m = K8S_FILE.exec(f);
    if (!m) continue;
    if (!grouped.has(m[1])) grouped.set(m[1], new Map());
    grouped.get(m[1])!.set(f, text);
  }
  return new Map([...grouped].map(([c, fs]) => [c, k8sObjects(fs)]));
}

const sortedKeys = (...maps: ReadonlyMap<string, unknown>[]) => [...new Set(maps.flatMap((m) => [...m.keys()]))].sort();

function errorsOf(side: ReviewSide): string[] {
  return side.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.path}: ${d.message}`);
}

export function review(base: ReviewSide, head: ReviewSide, acceptances: readonly Acceptance[] = []): Review {
  const stacks0 = stacksOf(base.files);
  const stacks1 = stacksOf(head.files);
  const emitted = base.files !== undefined && head.files !== undefined;
  const waves = new Map([...(base.plan?.stacks ?? []), ...(head.plan?.stacks ?? [])].map((s) => [s.name, s.wave]));
  const stackDiffs: StackDiff[] = emitted
    ? sortedKeys(stacks0, stacks1).map((name) => {
        const resources = diffStack(stacks0.get(name), stacks1.get(name));
        const status = !stacks0.has(name) ? 'added' : !stacks1.has(name) ? 'removed' : resources.length ? 'changed' : 'unchanged';
        return { stack: name, wave: waves.get(name) ?? 0, status, changed: resources.length > 0, counts: countChanges(resources), resources };
      })
    : [];
  const objects0 = clustersOf(base.files);
  const objects1 = clustersOf(head.files);
  const clusterDiffs: ClusterDiff[] = emitted
    ? sortedKeys(objects0, objects1).map((cluster) => {
        const objects = diffObjects(objects0.get(cluster) ?? new Map(), objects1.get(cluster) ?? new Map());
        const status = !objects0.has(cluster) ? 'added' : !objects1.has(cluster) ? 'removed' : objects.length ? 'changed' : 'unchanged';
        return { cluster, status, changed: objects.length > 0, counts: countChanges(objects), objects };
      })
    : [];
  const other = (f: string) => !STACK_FILE.test(f) && !K8S_FILE.test(f);
  const f0 = new Map([...(base.files ?? [])].filter(([f]) => other(f)));
  const f1 = new Map([...(head.files ?? [])].filter(([f]) => other(f)));
  const files = emitted
    ? {
        added: [...f1.keys()].filter((f) => !f0.has(f)).sort(),
        removed: [...f0.keys()].filter((f) => !f1.has(f)).sort(),
        changed: [...f1.keys()].filter((f) => f0.has(f) && f0.get(f) !== f1.get(f)).sort(),
      }
    : { added: [], removed: [], changed: [] };

  const planErrors = head.plan ? head.diagnostics.filter((d) => d.severity === 'error') : [];
  const flags = risks({
    before: base.plan,
    after: head.plan,
    afterErrors: planErrors,
    stacksBefore: stacks0,
    stacksAfter: stacks1,
    stackDiffs,
    objectsBefore: objects0,
    objectsAfter: objects1,
    clusterDiffs,
  });

  const changedStacks = stackDiffs.filter((s) => s.changed && s.status !== 'removed');
  const waveNumbers = [...new Set(changedStacks.map((s) => s.wave))].sort((a, b) => a - b);
  return {
    base: { label: base.label, ok: base.files !== undefined, errors: errorsOf(base) },
    head: { label: head.label, ok: head.files !== undefined, errors: errorsOf(head) },
    stacks: stackDiffs,
    clusters: clusterDiffs,
    files,
    plan: planChanges(base.plan, head.plan),
    cost: costDelta(base.plan, head.plan),
    risks: flags.map((f) => ({ ...f, accepted: isAccepted(f, acceptances) })),
    applyOrder: waveNumbers.map((wave) => ({ wave, stacks: changedStacks.filter((s) => s.wave === wave).map((s) => s.stack) })),
    renames: detectRenames(base.spec, head.spec),
  };
}

/** Risks that no acceptance covers: `--fail-on-risk` exits 2 when there is one. */
export function unacceptedRisks(r: Review): Review['risks'] {
  return r.risks.filter((x) => !x.accepted);
}
