/**
 * The CLI route of `npm run bench`: the project's Kubernetes charts as a cdk8s app, the way cdk8s's users run one
 * (`cdk8s synth` starts it with ts-node and reads dist/). Not used by `platform`.
 */
import { readFileSync } from 'fs';
import { App } from 'cdk8s';
import { synthKubernetes } from '../../constructs/k8s';
import { compile } from '../../synth/compile';

const spec = process.env.PLATFORM_SPEC ?? 'platform.spec.yaml';
const result = compile(spec, readFileSync(spec, 'utf8'), 'plan');
if (!result.ok || !result.plan) throw new Error(`${spec} does not plan`);
const app = new App({ outdir: process.env.CDK8S_OUTDIR ?? 'dist' });
synthKubernetes(result.plan, { app });
app.synth();
