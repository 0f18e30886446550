/**
 * AWS Backup for a region: a KMS-encrypted vault named by the plan, a destination vault (with its
 * own KMS key) in every planned copy location through an aliased provider of that location, a
 * backup plan with the plan's rules (schedule, retention) each copying to every destination with
 * the same retention, continuous backup on the rules the caller names, and a tag-based selection
 * (the plan's selection tag) with an IAM role for AWS Backup.
 */
import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { BackupPlan } from '@cdktf/provider-aws/lib/backup-plan';
import { BackupSelection } from '@cdktf/provider-aws/lib/backup-selection';
import { BackupVault } from '@cdktf/provider-aws/lib/backup-vault';
import type { BackupRule, RegionBackupPlan } from '../../synth/model';
import { AccountContext, ServiceRole } from './iam';
import { EncryptionKey } from './kms';
import { withDefaults } from '../terraform/util';

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
   * Names of the rules that also take continuous backups (point-in-time recovery); their retention
   * must not exceed 35 days.
   * @default [] (snapshots only)
   */
  readonly continuousRules?: readonly string[];
  /**
   * Suffix of the destination vault names (`<vault><suffix>` in each copy location).
   * @default COPY_VAULT_SUFFIX ('-copy')
   */
  readonly copyVaultSuffix?: string;
}

export const COPY_VAULT_SUFFIX = '-copy';
/** AWS Backup's limit for continuous backup retention. */
export const MAX_CONTINUOUS_RETENTION_DAYS = 35;

const BACKUP_DEFAULTS = {
  continuousRules: [] as readonly string[],
  copyVaultSuffix: COPY_VAULT_SUFFIX,
};

export class Backup extends Construct {
  readonly vault: BackupVault;
  readonly copyVaults: readonly BackupVault[];
  readonly plan: BackupPlan;

  constructor(scope: Construct, id: string, props: BackupProps) {
    super(scope, id);
    const p = withDefaults(BACKUP_DEFAULTS, props);
    if (p.copyTargets.map((t) => t.location).join() !== p.backup.copyTo.join()) {
      throw new Error(`backup ${p.backup.vault}: copy targets ${p.copyTargets.map((t) => t.location).join()} do not match the plan's ${p.backup.copyTo.join()}`);
    }
    for (const name of p.continuousRules) {
      const rule = p.rules.find((r) => r.name === name);
      if (!rule) throw new Error(`backup ${p.backup.vault}: no rule ${name} for continuous backup`);
      if (rule.retentionDays > MAX_CONTINUOUS_RETENTION_DAYS) {
        throw new Error(`backup ${p.backup.vault}: continuous rule ${name} keeps ${rule.retentionDays} days, AWS allows ${MAX_CONTINUOUS_RETENTION_DAYS}`);
      }
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

    this.plan = new BackupPlan(this, 'plan', {
      name: p.backup.vault,
      rule: p.rules.map((rule) => ({
        ruleName: rule.name,
        targetVaultName: this.vault.name,
        schedule: rule.schedule,
        enableContinuousBackup: p.continuousRules.includes(rule.name),
        lifecycle: { deleteAfter: rule.retentionDays },
        copyAction: copyVaults.map((v) => ({ destinationVaultArn: v.arn, lifecycle: { deleteAfter: rule.retentionDays } })),
        recoveryPointTags: { rule: rule.name },
      })),
      tags: { Name: p.backup.vault },
    });

    const role = new ServiceRole(this, 'role', {
      name: `${p.backup.vault}-backup`,
      servicePrincipal: 'backup.amazonaws.com',
      account: p.account,
      managedPolicies: ['service-role/AWSBackupServiceRolePolicyForBackup', 'service-role/AWSBackupServiceRolePolicyForRestores'],
    });
    new BackupSelection(this, 'selection', {
      name: `${p.backup.vault}-tagged`,
      planId: this.plan.id,
      iamRoleArn: role.arn,
      selectionTag: [{ type: 'STRINGEQUALS', key: p.backup.selectionTag.key, value: p.backup.selectionTag.value }],
      dependsOn: role.dependables,
    });
  }
}
