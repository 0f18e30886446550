/**
 * A region's Azure private DNS zone (linked to the virtual network, no auto-registration) holding the
 * stable names of the data stores: CNAMEs from the plan's host names to the names Azure assigns
 * (flexible server FQDNs and cache host names, which resolve to private addresses through their own
 * private DNS zones linked to the same network).
 */
import { Construct } from 'constructs';
import { PrivateDnsCnameRecord } from '@cdktf/provider-azurerm/lib/private-dns-cname-record';
import { PrivateDnsZone } from '@cdktf/provider-azurerm/lib/private-dns-zone';
import { PrivateDnsZoneVirtualNetworkLink } from '@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { withDefaults } from '../terraform/util';
import { PlanInvariantError } from '../../synth/util/errors';

export interface AzurePrivateDnsRecord {
  /** Fully qualified name inside the zone, from the plan. */
  readonly name: string;
  /** What it points at (an Azure host name). */
  readonly target: string;
}

export interface AzurePrivateDnsProps {
  /** Prefix of the resource group and link names. */
  readonly namePrefix: string;
  /** Location of the resource group (the zone itself is global). */
  readonly location: string;
  /** DNS name of the zone, from the plan, e.g. `eu-west-azure.internal`. */
  readonly zoneName: string;
  readonly vnetId: string;
  readonly ttlSeconds: number;
  readonly records: readonly AzurePrivateDnsRecord[];
  /**
   * Tags of every resource.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

const AZURE_PRIVATE_DNS_DEFAULTS = { tags: {} as Readonly<Record<string, string>> };

export class AzurePrivateDns extends Construct {
  readonly zone: PrivateDnsZone;
  readonly records: readonly PrivateDnsCnameRecord[];

  constructor(scope: Construct, id: string, props: AzurePrivateDnsProps) {
    super(scope, id);
    const p = withDefaults(AZURE_PRIVATE_DNS_DEFAULTS, props);
    const rg = new ResourceGroup(this, 'rg', { name: `${p.namePrefix}-dns`, location: p.location, tags: { ...p.tags } });
    this.zone = new PrivateDnsZone(this, 'zone', { name: p.zoneName, resourceGroupName: rg.name, tags: { ...p.tags } });
    new PrivateDnsZoneVirtualNetworkLink(this, 'link', {
      name: `${p.namePrefix}-data-stores`,
      resourceGroupName: rg.name,
      privateDnsZoneName: this.zone.name,
      virtualNetworkId: p.vnetId,
      registrationEnabled: false,
      tags: { ...p.tags },
    });
    this.records = p.records.map((record) => {
      const suffix = `.${p.zoneName}`;
      if (!record.name.endsWith(suffix)) throw new PlanInvariantError('regions', `private DNS: ${record.name} is not inside ${p.zoneName}`);
      return new PrivateDnsCnameRecord(this, `cname-${record.name}`, {
        // Record names are relative to the zone (`trading-shard-0.db`).
        name: record.name.slice(0, -suffix.length),
        zoneName: this.zone.name,
        resourceGroupName: rg.name,
        ttl: p.ttlSeconds,
        record: record.target,
        tags: { ...p.tags },
      });
    });
  }
}
