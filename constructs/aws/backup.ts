/**
 * AWS Backup for a region: a KMS-encrypted vault named by the plan, a destination vault (with its
 * own KMS key) in every planned copy location through an aliased provider of that location, and one
 * backup plan per planned selection (data temperature) with that selection's rules (schedule,
 * retention, continuous or snapshot), each copying to every destination with the same retention, and
 * a tag-based selection (`<selectionTagKey> = <selection name>`) with an IAM role for AWS Backup.
 */
import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { BackupPlan } from '@cdktf/provider-aws/lib/backup-plan';
import { BackupSelection } from '@cdktf/provider-aws/lib/backup-selection';
import { BackupVault } from '@cdktf/provider-aws/lib/backup-vault';
import type { BackupRule, RegionBackupPlan } from '../../synth/model/index';
import { AccountContext, ServiceRole } from './iam';
import { EncryptionKey } from './kms';
import { withDefaults } from '../terraform/util';
import { PlanInvariantError } from '../../synth/util/errors';

export interface BackupCopyTarget {
  /** Cloud location (region name) of the copy. */
  readonly location: string;
  /** AWS provider configured for that location. */
  readonly provider: TerraformProvider;
}

export interface BackupProps {
  readonly backup: RegionBackupPlan;
  readonly rules: readonly BackupRule[];
  /** One entry per `backup.copyTo` location, same order. */
  readonly copyTargets: readonly BackupCopyTarget[];
  /** KMS key of the source vault. */
  readonly kmsKeyArn: string;
  readonly account: AccountContext;
  /**
   * Suffix of the destination vault names (`<vault><suffix>` in each copy location).
   * @default COPY_VAULT_SUFFIX ('-copy')
   */
  readonly copyVaultSuffix?: string;
}

export const COPY_VAULT_SUFFIX = '-copy';

const BACKUP_DEFAULTS = {
  copyVaultSuffix: COPY_VAULT_SUFFIX,
};

export class Backup extends Construct {
  readonly vault: BackupVault;
  readonly copyVaults: readonly BackupVault[];
  readonly plans: readonly BackupPlan[];

  constructor(scope: Construct, id: string, props: BackupProps) {
    super(scope, id);
    const p = withDefaults(BACKUP_DEFAULTS, props);
    if (p.copyTargets.map((t) => t.location).join() !== p.backup.copyTo.join()) {
      throw new PlanInvariantError('backups', `backup ${p.backup.vault}: copy targets ${p.copyTargets.map((t) => t.location).join()} do not match the plan's ${p.backup.copyTo.join()}`);
    }

    this.vault = new BackupVault(this, 'vault', { name: p.backup.vault, kmsKeyArn: p.kmsKeyArn, tags: { Name: p.backup.vault } });

    const copyVaults: BackupVault[] = [];
    for (const target of p.copyTargets) {
      const name = `${p.backup.vault}${p.copyVaultSuffix}`;
      const key = new EncryptionKey(this, `copy-key-${target.location}`, {
        alias: `${name}-backup`,
        description: `AWS Backup copies of ${p.backup.vault}`,
        account: p.account,
        provider: target.provider,
      });
      copyVaults.push(
        new BackupVault(this, `copy-vault-${target.location}`, {
          provider: target.provider,
          name,
          kmsKeyArn: key.arn,
          tags: { Name: name, 'copy-of': p.backup.vault },
        }),
      );
    }
    this.copyVaults = copyVaults;

    const role = new ServiceRole(this, 'role', {
      name: `${p.backup.vault}-backup`,
      servicePrincipal: 'backup.amazonaws.com',
      account: p.account,
      managedPolicies: ['service-role/AWSBackupServiceRolePolicyForBackup', 'service-role/AWSBackupServiceRolePolicyForRestores'],
    });
    this.plans = p.backup.selections.map((selection) => {
      const rules = selection.rules.map((name) => {
        const rule = p.rules.find((r) => r.name === name);
        if (!rule) throw new PlanInvariantError('backups', `backup ${selection.name}: the plan names an unknown rule ${name}`);
        return rule;
      });
      const plan = new BackupPlan(this, `plan-${selection.temperature}`, {
        name: selection.name,
        rule: rules.map((rule) => ({
          ruleName: rule.name,
          targetVaultName: this.vault.name,
          schedule: rule.schedule,
          enableContinuousBackup: rule.continuous,
          lifecycle: { deleteAfter: rule.retentionDays },
          copyAction: copyVaults.map((v) => ({ destinationVaultArn: v.arn, lifecycle: { deleteAfter: rule.retentionDays } })),
          recoveryPointTags: { rule: rule.name, temperature: selection.temperature },
        })),
        tags: { Name: selection.name, temperature: selection.temperature },
      });
      new BackupSelection(this, `selection-${selection.temperature}`, {
        name: `${selection.name}-tagged`,
        planId: plan.id,
        iamRoleArn: role.arn,
        selectionTag: [{ type: 'STRINGEQUALS', key: p.backup.selectionTagKey, value: selection.name }],
        dependsOn: role.dependables,
      });
      return plan;
    });
  }
}
