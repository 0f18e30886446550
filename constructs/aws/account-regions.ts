/**
 * AWS opt-in regions enabled for the account (`aws_account_region`): a new account has them disabled, and
 * nothing can be created in (or copied to) them before. Enabling takes minutes to hours; the resource waits.
 */
import { Construct } from 'constructs';
import { AccountRegion } from '@cdktf/provider-aws/lib/account-region';

export interface OptInRegionsProps {
  /** Region names to enable, e.g. `eu-south-1`. */
  readonly regions: readonly string[];
  /**
   * How long Terraform waits for a region to be enabled.
   * @default ENABLE_TIMEOUT ('4h')
   */
  readonly timeout?: string;
}

/** AWS documents enabling as taking "a few minutes for most accounts, but ... several hours". */
export const ENABLE_TIMEOUT = '4h';

export class OptInRegions extends Construct {
  readonly regions: ReadonlyMap<string, AccountRegion>;

  constructor(scope: Construct, id: string, props: OptInRegionsProps) {
    super(scope, id);
    const timeout = props.timeout ?? ENABLE_TIMEOUT;
    this.regions = new Map(
      props.regions.map((name) => [name, new AccountRegion(this, name, { regionName: name, enabled: true, timeouts: { create: timeout, update: timeout } })]),
    );
  }
}
