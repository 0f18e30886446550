/**
 * The Terraform stacks of a plan: one per region (AWS, GCP, Azure) and the `global` stack, one file per
 * stack kind. Every stack stores its state in the plan's S3 backend under `<keyPrefix>/<stack>/terraform.tfstate`
 * (encrypted, native S3 locking); a `restore-<primary>` stack per primary with restore tiers; the global stack reads the AWS regions' load balancers from their
 * remote state. Stacks only wire plan data into the constructs of constructs/aws, gcp and azure.
 */
import { Construct } from 'constructs';
import type { Plan, StackPlan } from '../../../synth/model/index';
import { PlatformStack, regionOf } from './base';
import { PlanInvariantError } from '../../../synth/util/errors';

// Each stack kind's module is required when a stack of that kind is created: a process (or worker, see
// synth/output/parallel.ts) that synthesizes only GCP stacks never loads the AWS or Azure provider classes.
const awsRegion = () => require('./aws-region') as typeof import('./aws-region');
const gcpRegion = () => require('./gcp-region') as typeof import('./gcp-region');
const azureRegion = () => require('./azure-region') as typeof import('./azure-region');
const globalStack = () => require('./global') as typeof import('./global');
const bootstrap = () => require('./bootstrap') as typeof import('./bootstrap');
const interconnect = () => require('./interconnect') as typeof import('./interconnect');
const restore = () => require('./restore') as typeof import('./restore');

/** Creates the stack of one StackPlan entry. */
export function createStack(scope: Construct, plan: Plan, stackPlan: StackPlan): PlatformStack {
  if (stackPlan.kind === 'global') return new (globalStack().GlobalStack)(scope, plan, stackPlan);
  if (stackPlan.kind === 'bootstrap') return new (bootstrap().BootstrapStack)(scope, plan, stackPlan);
  if (stackPlan.kind === 'interconnect') return new (interconnect().InterconnectStack)(scope, plan, stackPlan);
  if (stackPlan.kind === 'restore') return new (restore().RestoreStack)(scope, plan, stackPlan);
  if (!stackPlan.region) throw new PlanInvariantError('regions', `stack ${stackPlan.name}: a region stack without a region`);
  const region = regionOf(plan, stackPlan.region);
  switch (region.cloud) {
    case 'aws':
      return new (awsRegion().AwsRegionStack)(scope, plan, stackPlan, region);
    case 'gcp':
      return new (gcpRegion().GcpRegionStack)(scope, plan, stackPlan, region);
    case 'azure':
      return new (azureRegion().AzureRegionStack)(scope, plan, stackPlan, region);
  }
}

export {
  AWS_IDENTITY_CENTER_INSTANCE_VARIABLE,
  AWS_IDENTITY_CENTER_REGION_VARIABLE,
  AZURE_CERTIFICATE_ISSUER_VARIABLES,
  AZURE_SUBSCRIPTION_VARIABLE,
  backendKey,
  setRenames,
  GCP_PROJECT_VARIABLE,
  GCP_QUOTA_CONTACT_VARIABLE,
  GLOBAL_ACCELERATOR_API_REGION,
  GLOBAL_SERVICES_REGION,
  OUTPUTS,
  PlatformStack,
  REQUIRED_TERRAFORM_VERSION,
} from './base';
