import { referencePlan, refTo, regionStack, resources, awsRegions } from '../terraform/fixture';
import { MAX_CONTINUOUS_RETENTION_DAYS } from '../../../constructs/aws/backup';

const plan = referencePlan();

describe.each(awsRegions().map((r) => [r.id, r] as const))('AWS Backup of %s', (_id, region) => {
  const stack = regionStack(region);
  const vaults = resources(stack, 'aws_backup_vault');
  const [backupPlan] = resources(stack, 'aws_backup_plan');
  const source = vaults.find((v) => v.provider === undefined)!;
  const copies = vaults.filter((v) => v.provider !== undefined);

  test('a KMS-encrypted vault named by the plan', () => {
    expect(source.name).toBe(region.backup.vault);
    expect(source.kms_key_arn).toMatch(/^\$\{aws_kms_key\./);
  });

  test('a KMS-encrypted destination vault in every planned copy location, through a provider of that location', () => {
    expect(copies).toHaveLength(region.backup.copyTo.length);
    const locations = copies.map((v) => {
      const alias = v.provider.replace(/^aws\./, '');
      return stack.provider.aws.find((p: any) => p.alias === alias).region;
    });
    expect(locations.sort()).toEqual([...region.backup.copyTo].sort());
    for (const v of copies) {
      const keyName = /^\$\{aws_kms_key\.([^.]+)\.arn\}$/.exec(v.kms_key_arn)![1];
      expect(stack.resource.aws_kms_key[keyName].provider).toBe(v.provider);
    }
  });

  test('the plan rules: schedule, retention and a copy to every destination with the same retention', () => {
    expect(backupPlan.rule.map((r: any) => r.rule_name)).toEqual(plan.backups.rules.map((r) => r.name));
    for (const rule of plan.backups.rules) {
      const r = backupPlan.rule.find((x: any) => x.rule_name === rule.name);
      expect(r.schedule).toBe(rule.schedule);
      expect(r.lifecycle.delete_after).toBe(rule.retentionDays);
      expect(r.target_vault_name).toBe(refTo(stack, 'aws_backup_vault', (v) => v.name === region.backup.vault && v.provider === undefined, 'name'));
      const destinations = copies.map((v) => refTo(stack, 'aws_backup_vault', (x) => x === v, 'arn')).sort();
      expect(r.copy_action.map((c: any) => c.destination_vault_arn).sort()).toEqual(destinations);
      for (const c of r.copy_action) expect(c.lifecycle.delete_after).toBe(rule.retentionDays);
    }
  });

  test('continuous backup for hot data, within the AWS retention limit', () => {
    const hasContinuous = plan.backups.dataClasses.some((d) => d.frequency === 'continuous');
    const continuous = backupPlan.rule.filter((r: any) => r.enable_continuous_backup === true);
    expect(continuous).toHaveLength(hasContinuous ? 1 : 0);
    for (const r of continuous) {
      expect(r.lifecycle.delete_after).toBeLessThanOrEqual(MAX_CONTINUOUS_RETENTION_DAYS);
      expect(plan.backups.rules.find((x) => x.name === r.rule_name)!.temperatures).toContain('hot');
    }
  });

  test('selects resources by the plan selection tag, with a role for AWS Backup', () => {
    const [selection] = resources(stack, 'aws_backup_selection');
    expect(selection.selection_tag).toEqual([{ type: 'STRINGEQUALS', key: region.backup.selectionTag.key, value: region.backup.selectionTag.value }]);
    expect(selection.plan_id).toBe(refTo(stack, 'aws_backup_plan', () => true, 'id'));
    const roleRef = selection.iam_role_arn;
    const roleName = /^\$\{aws_iam_role\.([^.]+)\.arn\}$/.exec(roleRef)![1];
    const attached = resources(stack, 'aws_iam_role_policy_attachment').filter((a) => a.role === `\${aws_iam_role.${roleName}.name}`);
    expect(attached.map((a) => a.policy_arn)).toEqual(expect.arrayContaining([expect.stringMatching(/AWSBackupServiceRolePolicyForBackup$/)]));
  });

  test('every Aurora cluster carries the selection tag; its instances do not', () => {
    for (const c of resources(stack, 'aws_rds_cluster')) expect(c.tags[region.backup.selectionTag.key]).toBe(region.backup.selectionTag.value);
    for (const i of resources(stack, 'aws_rds_cluster_instance')) expect(i.tags[region.backup.selectionTag.key]).toBeUndefined();
  });
});
