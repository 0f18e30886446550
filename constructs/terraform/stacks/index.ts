/**
 * The Terraform stacks of a plan: one per region (AWS, GCP, Azure) and the `global` stack, one file per
 * stack kind. Every stack stores its state in the plan's S3 backend under `<keyPrefix>/<stack>/terraform.tfstate`
 * (encrypted, native S3 locking); a `restore-<primary>` stack per primary with restore tiers; the global stack reads the AWS regions' load balancers from their
 * remote state. Stacks only wire plan data into the constructs of constructs/aws, gcp and azure.
 */
import { Construct } from 'constructs';
import type { Plan, StackPlan } from '../../../synth/model/index';
import { PlatformStack, regionOf } from './base';
import { AwsRegionStack } from './aws-region';
import { GcpRegionStack } from './gcp-region';
import { AzureRegionStack } from './azure-region';
import { GlobalStack } from './global';
import { BootstrapStack } from './bootstrap';
import { PlanInvariantError } from '../../../synth/util/errors';
import { InterconnectStack } from './interconnect';
import { RestoreStack } from './restore';

/** Creates the stack of one StackPlan entry. */
export function createStack(scope: Construct, plan: Plan, stackPlan: StackPlan): PlatformStack {
  if (stackPlan.kind === 'global') return new GlobalStack(scope, plan, stackPlan);
  if (stackPlan.kind === 'bootstrap') return new BootstrapStack(scope, plan, stackPlan);
  if (stackPlan.kind === 'interconnect') return new InterconnectStack(scope, plan, stackPlan);
  if (stackPlan.kind === 'restore') return new RestoreStack(scope, plan, stackPlan);
  if (!stackPlan.region) throw new PlanInvariantError('regions', `stack ${stackPlan.name}: a region stack without a region`);
  const region = regionOf(plan, stackPlan.region);
  switch (region.cloud) {
    case 'aws':
      return new AwsRegionStack(scope, plan, stackPlan, region);
    case 'gcp':
      return new GcpRegionStack(scope, plan, stackPlan, region);
    case 'azure':
      return new AzureRegionStack(scope, plan, stackPlan, region);
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
export { AwsRegionStack, AzureRegionStack, BootstrapStack, GcpRegionStack, GlobalStack, InterconnectStack, RestoreStack };
