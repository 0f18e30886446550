/**
 * The CLI route of `npm run bench`: the project's Terraform stacks as a cdktf app, the way cdktf's users run one
 * (`cdktf synth` starts it with ts-node and reads cdktf.out/). Not used by `platform`.
 */
import { readFileSync } from 'fs';
import { App } from 'cdktf';
import { createStack } from '../../constructs/terraform/stacks';
import { compile } from '../../synth/compile';

const spec = process.env.PLATFORM_SPEC ?? 'platform.spec.yaml';
const result = compile(spec, readFileSync(spec, 'utf8'), 'plan');
if (!result.ok || !result.plan) throw new Error(`${spec} does not plan`);
// skipValidation as in platform's own synth (cdktf's provider-construct validation is not what is measured)
const app = new App({ skipValidation: true });
for (const s of result.plan.stacks) createStack(app, result.plan, s);
app.synth();
