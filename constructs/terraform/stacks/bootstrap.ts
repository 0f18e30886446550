/**
 * The bootstrap stack (wave 0): the state bucket every stack's backend names, its replica in a second
 * region, the opt-in regions the spec enables, and the public hosted zone (its name servers are delegated
 * once at the registrar; the region stacks validate their certificates in it). It is applied once with local state and then moves its
 * own state into the bucket it created (`terraform init -migrate-state`, see dist/terraform/README.md).
 */
import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Plan, StackPlan } from '../../../synth/model/index';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { OptInRegions } from '../../aws/account-regions';
import { AccountContext } from '../../aws/iam';
import { StateBucket } from '../../aws/state-bucket';
import { configureBackend, OUTPUTS, PlatformStack } from './base';

export class BootstrapStack extends PlatformStack {
  constructor(scope: Construct, plan: Plan, stackPlan: StackPlan) {
    super(scope, stackPlan.name);
    configureBackend(this, plan, stackPlan.name);
    const b = plan.bootstrap;
    new AwsProvider(this, 'aws', { region: b.region, defaultTags: [{ tags: { ...plan.tags } }] });
    const account = new AccountContext(this, 'account');
    const state = new StateBucket(this, 'state', { bootstrap: b, account });
    if (b.enableRegions.length > 0) new OptInRegions(this, 'opt-in-regions', { regions: b.enableRegions });
    const zone = new Route53Zone(this, 'public-zone', { name: b.publicZone, comment: 'Public entry points', tags: { Name: b.publicZone }, lifecycle: { preventDestroy: true } });
    new TerraformOutput(this, OUTPUTS.zoneId, { value: zone.zoneId, description: 'Public hosted zone' });
    new TerraformOutput(this, OUTPUTS.nameServers, { value: zone.nameServers, description: 'Delegate the zone to these at the registrar' });
    new TerraformOutput(this, OUTPUTS.stateBucketArn, { value: state.bucket.arn, description: 'State bucket' });
    new TerraformOutput(this, OUTPUTS.stateReplicaBucketArn, { value: state.replica.arn, description: `Replica of the state bucket in ${b.replica.region}` });
  }
}
