/**
 * The public entry point of an Azure region: Application Gateway v2 (zone-redundant, autoscaling) on a
 * Terraform-owned static public IP, in the public subnet the plan gives it. One HTTPS listener per public
 * service on the service's public port (multi-site: the host names the plan lists, SNI required), TLS 1.2+
 * with a Key Vault certificate per service (read through the gateway's managed identity, versionless so
 * renewals roll in), forwarding HTTP to the cluster's internal load balancer at the planned address on the
 * service port, with a health probe on the service's readiness path.
 *
 * Certificates: the Key Vault issues and renews them through its integrated CA (DigiCert or GlobalSign: the
 * issuer account is a one-time prerequisite, passed as variables, never in the output). The internal load
 * balancer is created by AKS's cloud provider from the public Services' annotations (manifests); the
 * cluster's identity may manage it in the node subnet (Network Contributor on that subnet).
 */
import { createHash } from 'crypto';
import { Construct } from 'constructs';
import { ApplicationGateway } from '@cdktf/provider-azurerm/lib/application-gateway';
import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { KeyVaultCertificate } from '@cdktf/provider-azurerm/lib/key-vault-certificate';
import { KeyVaultCertificateIssuer } from '@cdktf/provider-azurerm/lib/key-vault-certificate-issuer';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import type { EntryPointPlan } from '../../synth/model/index';
import { withDefaults } from '../terraform/util';
import { PlanInvariantError } from '../../synth/util/errors';

export interface AzureEntryPointProps {
  readonly entry: EntryPointPlan;
  readonly location: string;
  readonly zones: readonly string[];
  /** Subnet of the gateway (dedicated: the plan's gateway subnet). */
  readonly gatewaySubnetId: string;
  /** Node subnet of the cluster (where its internal load balancer lives). */
  readonly nodeSubnetId: string;
  /** Principal id of the AKS cluster's identity. */
  readonly clusterPrincipalId: string;
  /** Integrated CA of the Key Vault: provider name (`DigiCert` or `GlobalSign`), account id and password (variables). */
  readonly issuer: { readonly provider: string; readonly accountId: string; readonly password: string };
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Autoscaling bounds of the gateway (instances).
   * @default GATEWAY_CAPACITY ({ min: 2, max: 10 })
   */
  readonly capacity?: { readonly min: number; readonly max: number };
  /**
   * Backend request timeout in seconds (long: websocket connections live on it).
   * @default BACKEND_TIMEOUT_SECONDS (3600)
   */
  readonly backendTimeoutSeconds?: number;
  /**
   * Probe interval and unhealthy threshold.
   * @default PROBE ({ intervalSeconds: 10, unhealthyThreshold: 3 })
   */
  readonly probe?: { readonly intervalSeconds: number; readonly unhealthyThreshold: number };
}

export const GATEWAY_CAPACITY = { min: 2, max: 10 };
export const BACKEND_TIMEOUT_SECONDS = 3600;
export const PROBE = { intervalSeconds: 10, unhealthyThreshold: 3 };
/** Name of the vault's issuer object. */
export const ISSUER_NAME = 'public-ca';

const AZURE_ENTRY_DEFAULTS = { tags: {} as Readonly<Record<string, string>>, capacity: GATEWAY_CAPACITY, backendTimeoutSeconds: BACKEND_TIMEOUT_SECONDS, probe: PROBE };

export class AzureEntryPoint extends Construct {
  readonly publicIp: PublicIp;
  readonly gateway: ApplicationGateway;
  readonly vault: KeyVault;
  readonly certificates: ReadonlyMap<string, KeyVaultCertificate>;

  constructor(scope: Construct, id: string, props: AzureEntryPointProps) {
    super(scope, id);
    const p = withDefaults(AZURE_ENTRY_DEFAULTS, props);
    const e = p.entry;
    if (!e.internalAddress) throw new PlanInvariantError('services', `Azure entry point ${e.region}: no planned internal load balancer address`);
    const tags = { ...p.tags };
    const rg = new ResourceGroup(this, 'rg', { name: `${e.address}`, location: p.location, tags });
    const common = { resourceGroupName: rg.name, location: p.location, tags };
    const client = new DataAzurermClientConfig(this, 'client');

    this.publicIp = new PublicIp(this, 'address', { ...common, name: e.address, allocationMethod: 'Static', sku: 'Standard', zones: p.zones.length ? [...p.zones] : undefined });
    const identity = new UserAssignedIdentity(this, 'identity', { ...common, name: `${e.address}-identity` });

    // Key Vault names are global and at most 24 characters: a stable hash of the gateway's name.
    const vaultName = `gw${createHash('sha256').update(e.address).digest('hex').slice(0, 20)}`;
    this.vault = new KeyVault(this, 'vault', {
      ...common,
      name: vaultName,
      tenantId: client.tenantId,
      skuName: 'standard',
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: 90,
    });
    const officer = new RoleAssignment(this, 'deployer-certificates-officer', { scope: this.vault.id, roleDefinitionName: 'Key Vault Certificates Officer', principalId: client.objectId });
    const reader = new RoleAssignment(this, 'gateway-secrets-user', { scope: this.vault.id, roleDefinitionName: 'Key Vault Secrets User', principalId: identity.principalId, principalType: 'ServicePrincipal' });
    new RoleAssignment(this, 'cluster-network-contributor', { scope: p.nodeSubnetId, roleDefinitionName: 'Network Contributor', principalId: p.clusterPrincipalId, principalType: 'ServicePrincipal' });
    const issuer = new KeyVaultCertificateIssuer(this, 'issuer', {
      name: ISSUER_NAME,
      keyVaultId: this.vault.id,
      providerName: p.issuer.provider,
      accountId: p.issuer.accountId,
      password: p.issuer.password,
      dependsOn: [officer],
    });

    const certificates = new Map<string, KeyVaultCertificate>();
    for (const l of e.listeners) {
      certificates.set(
        l.service,
        new KeyVaultCertificate(this, `certificate-${l.service}`, {
          name: l.certificate.name.replace(/[^A-Za-z0-9-]/g, '-'),
          keyVaultId: this.vault.id,
          certificatePolicy: {
            issuerParameters: { name: ISSUER_NAME },
            keyProperties: { exportable: true, keyType: 'RSA', keySize: 2048, reuseKey: false },
            secretProperties: { contentType: 'application/x-pkcs12' },
            lifetimeAction: [{ action: { actionType: 'AutoRenew' }, trigger: { daysBeforeExpiry: 30 } }],
            x509CertificateProperties: {
              subject: `CN=${l.certificate.domains[0]}`,
              subjectAlternativeNames: { dnsNames: [...l.certificate.domains] },
              keyUsage: ['digitalSignature', 'keyEncipherment'],
              extendedKeyUsage: ['1.3.6.1.5.5.7.3.1'],
              validityInMonths: 12,
            },
          },
          dependsOn: [issuer, officer],
        }),
      );
    }
    this.certificates = certificates;

    const frontend = 'public';
    const pool = 'cluster-internal-lb';
    this.gateway = new ApplicationGateway(this, 'gateway', {
      ...common,
      name: e.address,
      zones: p.zones.length ? [...p.zones] : undefined,
      sku: { name: 'Standard_v2', tier: 'Standard_v2' },
      enableHttp2: e.clientHttp2 === true,
      autoscaleConfiguration: { minCapacity: p.capacity.min, maxCapacity: p.capacity.max },
      identity: { type: 'UserAssigned', identityIds: [identity.id] },
      gatewayIpConfiguration: [{ name: 'gateway', subnetId: p.gatewaySubnetId }],
      frontendIpConfiguration: [{ name: frontend, publicIpAddressId: this.publicIp.id }],
      frontendPort: e.listeners.map((l) => ({ name: `port-${l.port}`, port: l.port })),
      sslPolicy: { policyType: 'Predefined', policyName: e.tls.policy },
      sslCertificate: e.listeners.map((l) => ({ name: l.service, keyVaultSecretId: certificates.get(l.service)!.versionlessSecretId })),
      backendAddressPool: [{ name: pool, ipAddresses: [e.internalAddress.ip] }],
      probe: e.listeners.map((l) => ({
        name: l.service,
        protocol: 'Http',
        host: l.hosts[0],
        path: l.health.path ?? '/',
        port: l.targetPort,
        interval: p.probe.intervalSeconds,
        timeout: p.probe.intervalSeconds,
        unhealthyThreshold: p.probe.unhealthyThreshold,
        match: { statusCode: ['200-399'] },
      })),
      backendHttpSettings: e.listeners.map((l) => ({
        name: l.service,
        port: l.targetPort,
        protocol: 'Http',
        cookieBasedAffinity: 'Disabled',
        requestTimeout: p.backendTimeoutSeconds,
        probeName: l.service,
        pickHostNameFromBackendAddress: false,
      })),
      httpListener: e.listeners.map((l) => ({
        name: l.service,
        frontendIpConfigurationName: frontend,
        frontendPortName: `port-${l.port}`,
        protocol: 'Https',
        sslCertificateName: l.service,
        hostNames: [...l.hosts],
        requireSni: true,
      })),
      requestRoutingRule: e.listeners.map((l, i) => ({
        name: l.service,
        ruleType: 'Basic',
        httpListenerName: l.service,
        backendAddressPoolName: pool,
        backendHttpSettingsName: l.service,
        priority: 100 + i * 10,
      })),
      dependsOn: [reader],
    });
  }
}
