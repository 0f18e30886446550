import { referencePlan, refTo, regionStack, resources, awsRegions } from '../terraform/fixture';
import { CONTINUOUS_BACKUP_RETENTION_DAYS as MAX_CONTINUOUS_RETENTION_DAYS } from '../../../synth/plan/constants';

const plan = referencePlan();

describe.each(awsRegions().map((r) => [r.id, r] as const))('AWS Backup of %s', (_id, region) => {
  const stack = regionStack(region);
  const vaults = resources(stack, 'aws_backup_vault');
  const backupPlans = resources(stack, 'aws_backup_plan');
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

  test('one backup plan per planned selection (data temperature), each with exactly that selection\'s rules', () => {
    expect(backupPlans.map((b) => b.name).sort()).toEqual(region.backup.selections.map((x) => x.name).sort());
    expect(region.backup.selections.length).toBeGreaterThan(0);
    for (const selection of region.backup.selections) {
      const bp = backupPlans.find((b) => b.name === selection.name)!;
      expect(bp.rule.map((r: any) => r.rule_name)).toEqual(selection.rules);
      for (const rule of plan.backups.rules.filter((x) => selection.rules.includes(x.name))) {
        expect(rule.temperatures).toContain(selection.temperature);
        const r = bp.rule.find((x: any) => x.rule_name === rule.name);
        expect(r.schedule).toBe(rule.schedule);
        expect(r.lifecycle.delete_after).toBe(rule.retentionDays);
        expect(r.enable_continuous_backup).toBe(rule.continuous);
        expect(r.target_vault_name).toBe(refTo(stack, 'aws_backup_vault', (v) => v.name === region.backup.vault && v.provider === undefined, 'name'));
        const destinations = copies.map((v) => refTo(stack, 'aws_backup_vault', (x) => x === v, 'arn')).sort();
        expect(r.copy_action.map((c: any) => c.destination_vault_arn).sort()).toEqual(destinations);
        for (const c of r.copy_action) expect(c.lifecycle.delete_after).toBe(rule.retentionDays);
      }
    }
  });

  test('continuous backup only for hot data, within the AWS retention limit', () => {
    for (const bp of backupPlans) {
      const selection = region.backup.selections.find((x) => x.name === bp.name)!;
      const continuous = bp.rule.filter((r: any) => r.enable_continuous_backup === true);
      expect(continuous).toHaveLength(selection.temperature === 'hot' ? 1 : 0);
      for (const r of continuous) expect(r.lifecycle.delete_after).toBeLessThanOrEqual(MAX_CONTINUOUS_RETENTION_DAYS);
    }
  });

  test('selects resources by the selection tag, one selection per plan, with a role for AWS Backup', () => {
    const selections = resources(stack, 'aws_backup_selection');
    expect(selections).toHaveLength(region.backup.selections.length);
    for (const sel of region.backup.selections) {
      const selection = selections.find((x) => x.selection_tag[0].value === sel.name)!;
      expect(selection.selection_tag).toEqual([{ type: 'STRINGEQUALS', key: region.backup.selectionTagKey, value: sel.name }]);
      expect(selection.plan_id).toBe(refTo(stack, 'aws_backup_plan', (b) => b.name === sel.name, 'id'));
      const roleName = /^\$\{aws_iam_role\.([^.]+)\.arn\}$/.exec(selection.iam_role_arn)![1];
      const attached = resources(stack, 'aws_iam_role_policy_attachment').filter((a) => a.role === `\${aws_iam_role.${roleName}.name}`);
      expect(attached.map((a) => a.policy_arn)).toEqual(expect.arrayContaining([expect.stringMatching(/AWSBackupServiceRolePolicyForBackup$/)]));
    }
  });

  test('every Aurora cluster carries the selection tag of its temperature; its instances do not', () => {
    const values = region.backup.selections.map((x) => x.name);
    for (const c of resources(stack, 'aws_rds_cluster')) expect(values).toContain(c.tags[region.backup.selectionTagKey]);
    for (const i of resources(stack, 'aws_rds_cluster_instance')) expect(i.tags[region.backup.selectionTagKey]).toBeUndefined();
  });
});
