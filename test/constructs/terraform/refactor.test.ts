/**
 * A code-only refactor leaves dist/ byte-identical: Terraform addresses come from the construct ids the
 * stacks pass (plan names), never from class names or source files (PlatformStack.allocateLogicalId joins
 * node ids; cdktf's `//` metadata with paths and class names is stripped). Here the construct classes of an
 * AWS region stack are replaced by renamed subclasses declared in this file, and the stack is synthesized again.
 */
import { toJson } from '../../../synth/output/serialize';
import { referencePlan, referenceStacks } from '../../helpers/reference';

const STACK = 'region-us-east';

describe('code-only refactor', () => {
  test('GIVEN renamed construct classes declared in another file WHEN the stack is synthesized THEN its JSON is byte-identical', () => {
    let synthTerraform!: typeof import('../../../constructs/terraform').synthTerraform;
    const renamedClasses: string[] = [];
    jest.isolateModules(() => {
      const rename = (path: string, name: string, as: string) =>
        jest.doMock(path, () => {
          const actual = jest.requireActual(path);
          const Renamed = { [as]: class extends actual[name] {} }[as];
          renamedClasses.push(Renamed.name);
          return { ...actual, [name]: Renamed };
        });
      rename('../../../constructs/aws/cluster', 'Cluster', 'ManagedKubernetesCluster');
      rename('../../../constructs/aws/database', 'Databases', 'AuroraFleet');
      rename('../../../constructs/aws/kms', 'EncryptionKey', 'CustomerManagedKey');
      synthTerraform = require('../../../constructs/terraform').synthTerraform;
    });
    const plan = referencePlan();
    const out = synthTerraform({ ...plan, stacks: plan.stacks.filter((s) => s.name === STACK) });
    expect(renamedClasses.sort()).toEqual(['AuroraFleet', 'CustomerManagedKey', 'ManagedKubernetesCluster']);
    expect(toJson(out.get(`terraform/${STACK}/cdk.tf.json`))).toBe(toJson(referenceStacks().get(STACK)));
  });
});
