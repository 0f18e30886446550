/**
 * The Terraform half of an AKS region's database role step (the plan's DatabaseRolesPlan, mechanism `k8s-job`):
 * a user-assigned identity for the Job, federated with the Job's Kubernetes ServiceAccount, made the Microsoft
 * Entra administrator of every planned writer. The Job (constructs/k8s/database-roles.ts) signs in with it and
 * creates each service's principal (`pgaadauth_create_principal`) and grants.
 */
import { Construct } from 'constructs';
import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { FederatedIdentityCredential } from '@cdktf/provider-azurerm/lib/federated-identity-credential';
import type { PostgresqlFlexibleServer } from '@cdktf/provider-azurerm/lib/postgresql-flexible-server';
import { PostgresqlFlexibleServerActiveDirectoryAdministrator } from '@cdktf/provider-azurerm/lib/postgresql-flexible-server-active-directory-administrator';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import type { DatabaseRolesPlan } from '../../synth/model/index';
import { PlanInvariantError } from '../../synth/util/errors';
import { TOKEN_EXCHANGE_AUDIENCE } from './workload-identity';

export interface PostgresRoleAdminProps {
  readonly roles: DatabaseRolesPlan;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly oidcIssuerUrl: string;
  /** The writer server by planned instance name. */
  readonly writers: ReadonlyMap<string, PostgresqlFlexibleServer>;
  /**
   * Tags of every resource.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

export class PostgresRoleAdmin extends Construct {
  readonly identity: UserAssignedIdentity;

  constructor(scope: Construct, id: string, p: PostgresRoleAdminProps) {
    super(scope, id);
    const { roles } = p;
    if (!roles.identity || !roles.job) throw new PlanInvariantError('databases', `${roles.region}: the PostgreSQL role step has no identity or Job`);
    this.identity = new UserAssignedIdentity(this, 'identity', { name: roles.identity, resourceGroupName: p.resourceGroupName, location: p.location, tags: { ...(p.tags ?? {}) } });
    new FederatedIdentityCredential(this, 'federation', {
      name: roles.job.serviceAccount,
      resourceGroupName: p.resourceGroupName,
      parentId: this.identity.id,
      issuer: p.oidcIssuerUrl,
      subject: `system:serviceaccount:${roles.job.namespace}:${roles.job.serviceAccount}`,
      audience: [TOKEN_EXCHANGE_AUDIENCE],
    });
    const client = new DataAzurermClientConfig(this, 'client', {});
    for (const i of roles.instances) {
      const server = p.writers.get(i.instance);
      if (!server) throw new PlanInvariantError('databases', `${roles.region}: no PostgreSQL writer ${i.instance} for its planned roles`);
      new PostgresqlFlexibleServerActiveDirectoryAdministrator(this, `admin-${i.instance}`, {
        serverName: server.name,
        resourceGroupName: server.resourceGroupName,
        tenantId: client.tenantId,
        objectId: this.identity.principalId,
        principalName: roles.identity,
        principalType: 'ServicePrincipal',
      });
    }
  }
}
