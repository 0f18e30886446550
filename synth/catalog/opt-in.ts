/**
 * AWS opt-in regions: disabled in a new account until enabled (Account Management `EnableRegion`,
 * Terraform `aws_account_region`). Nothing can be created in, or copied to, such a region before.
 *
 * Source: AWS Account Management Reference Guide, "Enable or disable AWS Regions in your account"
 * (docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html): "Regions launched before
 * March 20, 2019 are enabled by default ... Regions launched after March 20, 2019 are disabled by default".
 * The list below is every commercial region of the catalog (synth/catalog/locations.ts) launched after
 * that date, by its launch announcement: me-south-1 (2019-07), af-south-1 (2020-04), eu-south-1 (2020-04),
 * ap-east-1 (2019-04-24), ap-southeast-3 (2021-12), ap-south-2, eu-south-2, eu-central-2, me-central-1
 * (2022), ap-southeast-4, il-central-1, ca-west-1 (2023), ap-southeast-5 (2024-08), ap-southeast-7,
 * mx-central-1 (2025-01), ap-east-2 (2025-06), ap-southeast-6 (2025-09). ap-northeast-3 (Osaka) opened as a
 * local region in 2018 and is enabled by default (`opt-in-not-required` in `ec2 describe-regions`).
 */
export const AWS_OPT_IN_REGIONS: readonly string[] = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
];

/** True when an AWS region is disabled in a new account until it is enabled. */
export function isAwsOptInRegion(location: string): boolean {
  return AWS_OPT_IN_REGIONS.includes(location);
}
