/** The risk table names real attributes: every replacing attribute of a generated type exists in its provider schema. */
import { FORCES_NEW, STATEFUL } from '../../../synth/review/risk-table';
import type { TfBlockSchema, TfProviderSchemaFile } from '../../helpers/build-tf-schema';
// eslint-disable-next-line @typescript-eslint/no-var-requires
const SCHEMA: TfProviderSchemaFile = require('../../helpers/tf-provider-schema.json');

function exists(schema: TfBlockSchema, path: string): boolean {
  const [head, ...rest] = path.split('.');
  if (rest.length === 0) return head in schema.attributes || head in schema.blocks;
  const block = schema.blocks[head] as unknown as { block?: TfBlockSchema } & TfBlockSchema;
  if (!block) return false;
  return exists(block.block ?? block, rest.join('.'));
}

describe('risk table', () => {
  const generated = Object.keys(FORCES_NEW).filter((t) => t in SCHEMA.resource);

  test('GIVEN the provider schemas of the generated types WHEN checked THEN the table covers the stateful ones the compiler emits', () => {
    // The Aurora, ElastiCache, Cloud SQL, Azure PostgreSQL, KMS and cluster types are all generated today.
    for (const t of ['aws_rds_cluster', 'aws_elasticache_replication_group', 'aws_kms_key', 'aws_eks_cluster', 'aws_backup_vault', 'google_sql_database_instance', 'azurerm_postgresql_flexible_server']) {
      expect(generated).toContain(t);
    }
  });

  test.each(Object.keys(FORCES_NEW).filter((t) => t in SCHEMA.resource))('GIVEN %s WHEN its replacing attributes are looked up THEN each exists in the schema', (type) => {
    const missing = FORCES_NEW[type].filter((a) => !exists(SCHEMA.resource[type], a));
    expect(missing).toEqual([]);
  });

  test('GIVEN every stateful Terraform type WHEN listed THEN it also lists what replaces it', () => {
    const tfTypes = Object.keys(STATEFUL).filter((t) => /^(aws|google|azurerm)_/.test(t));
    expect(tfTypes.filter((t) => !(t in FORCES_NEW) && t in SCHEMA.resource)).toEqual([]);
  });
});
