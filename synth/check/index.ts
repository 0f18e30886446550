/**
 * The policy check: runs every rule of POLICY_RULES over the generated output (the files map compile()
 * returns, or a dist/ read back from disk) and returns the findings, sorted, each naming its rule, the
 * file, and the resource: stack + Terraform address, or cluster + kind/namespace/name.
 *
 * Pure: it reads the files map and nothing else. `platform check` prints the findings; `platform synth`
 * runs it after compile() and writes nothing when there is one (synth/cli/check.ts).
 */
import { readOutput, type K8sObject, type ManifestParser, type TfResource } from './output';
import { POLICY_RULES, type PolicyRule } from './rules';

export { POLICY_RULES, type PolicyRule } from './rules';

/** Rule id of a file of the output that does not parse (no rule can judge it). */
export const UNPARSABLE = 'output-parses';

export interface PolicyFinding {
  readonly rule: string;
  readonly message: string;
  /** Output file (relative to dist/). */
  readonly file: string;
  /** One line: `<stack> <type.name>` or `<cluster> <Kind> <namespace>/<name>`. */
  readonly resource: string;
  readonly stack?: string;
  /** Terraform address, `type.name`. */
  readonly address?: string;
  readonly cluster?: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
}

export interface PolicyReport {
  readonly findings: readonly PolicyFinding[];
  /** How many Terraform resources and Kubernetes objects were judged, and by how many rules. */
  readonly checked: { readonly resources: number; readonly objects: number; readonly rules: number };
}

export function checkOutput(files: ReadonlyMap<string, string>, rules: readonly PolicyRule[] = POLICY_RULES, parse?: ManifestParser): PolicyReport {
  const out = readOutput(files, parse);
  const findings: PolicyFinding[] = out.unparsable.map((u) => ({ rule: UNPARSABLE, message: u.message, file: u.file, resource: u.file }));
  for (const rule of rules) {
    for (const hit of rule.check(out)) findings.push({ rule: rule.id, message: hit.message, ...target(hit.at) });
  }
  const key = (f: PolicyFinding) => [f.file, f.resource, f.rule, f.message];
  findings.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
    return 0;
  });
  return {
    findings,
    checked: { resources: out.stacks.reduce((n, s) => n + s.resources.length, 0), objects: out.objects.length, rules: rules.length },
  };
}

function target(at: TfResource | K8sObject): Omit<PolicyFinding, 'rule' | 'message'> {
  if ('address' in at) return { file: at.file, resource: `${at.stack} ${at.address}`, stack: at.stack, address: at.address };
  const object = at.namespace !== undefined ? `${at.namespace}/${at.name}` : at.name;
  return { file: at.file, resource: `${at.cluster} ${at.kind} ${object}`, cluster: at.cluster, kind: at.kind, namespace: at.namespace, name: at.name };
}
