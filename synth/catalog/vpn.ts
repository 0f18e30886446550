/**
 * Site-to-site VPN facts of the three clouds: BGP ASN ranges, tunnel inside ranges and redundancy.
 *
 * Sources:
 * - AWS Site-to-Site VPN User Guide, "Tunnel options for your Site-to-Site VPN connection": inside tunnel
 *   IPv4 CIDRs are /30s from 169.254.0.0/16; 169.254.0.0/30 … 169.254.5.0/30 and 169.254.169.252/30 are
 *   reserved. Every VPN connection has two tunnels. "Virtual private gateway": the Amazon side ASN is a
 *   private ASN (64512-65534 or 4200000000-4294967294).
 * - Google Cloud, "HA VPN topologies" / "Create HA VPN to a peer VPN gateway (AWS)": an HA VPN gateway has two
 *   interfaces; to AWS, an external VPN gateway with FOUR_IPS_REDUNDANCY and four tunnels (two AWS VPN
 *   connections); Cloud Router BGP ASN is private (64512-65534, 4200000000-4294967294); BGP addresses are
 *   link-local /30s.
 * - Microsoft Learn, "How to configure BGP for Azure VPN Gateway" and "Connect Azure VPN Gateway to AWS
 *   (APIPA)": active-active gateways have two instances with a public IP each; custom APIPA BGP addresses
 *   must lie in 169.254.21.0 - 169.254.22.255; ASNs 65515, 65517, 65518, 65519 and 65520 are reserved by Azure.
 * - RFC 6996: 16-bit private ASNs are 64512-65534.
 */
import type { Cloud } from '../model/spec';

/** 16-bit private ASN range (RFC 6996), accepted by the VGW, Cloud Router and Azure VPN gateway. */
export const PRIVATE_ASN_RANGE = { first: 64512, last: 65534 } as const;
/** ASNs a cloud reserves for itself. */
export const RESERVED_ASNS: Readonly<Record<Cloud, readonly number[]>> = { aws: [], gcp: [], azure: [65515, 65517, 65518, 65519, 65520] };

/** Link-local block every tunnel inside range comes from. */
export const TUNNEL_INSIDE_BLOCK = '169.254.0.0/16';
export const TUNNEL_INSIDE_PREFIX = 30;
/** Inside /30s AWS refuses. */
export const AWS_RESERVED_INSIDE_CIDRS: readonly string[] = [
  '169.254.0.0/30',
  '169.254.1.0/30',
  '169.254.2.0/30',
  '169.254.3.0/30',
  '169.254.4.0/30',
  '169.254.5.0/30',
  '169.254.169.252/30',
];
/** Azure's APIPA range for custom BGP addresses, 169.254.21.0 - 169.254.22.255 (two /24s: not one aligned block). */
export const AZURE_APIPA_CIDRS: readonly string[] = ['169.254.21.0/24', '169.254.22.0/24'];

/** Tunnels per AWS Site-to-Site VPN connection. */
export const AWS_TUNNELS_PER_CONNECTION = 2;
/** Devices of the peer's VPN gateway: GCP HA VPN interfaces, Azure active-active instances (one AWS connection each). */
export const PEER_GATEWAY_DEVICES: Readonly<Record<'gcp' | 'azure', number>> = { gcp: 2, azure: 2 };
/** Azure requires this subnet name for a virtual network gateway; /27 is the smallest size Microsoft recommends. */
export const AZURE_GATEWAY_SUBNET_NAME = 'GatewaySubnet';
export const AZURE_GATEWAY_SUBNET_PREFIX = 27;
/** Zone-redundant, active-active capable Azure VPN gateway SKU (VpnGw2AZ: 1.25 Gbit/s aggregate, BGP). */
export const AZURE_VPN_GATEWAY_SKU = 'VpnGw2AZ';

/**
 * AWS DMS replication instance class per abstract database size (AWS DMS User Guide, "Choosing the right AWS DMS
 * replication instance": r6i classes, memory-optimized for CDC of busy sources): one step below the source's size.
 */
export const DMS_INSTANCE_CLASSES: Readonly<Record<'small' | 'medium' | 'large' | 'xlarge' | '2xlarge', string>> = {
  small: 'dms.r6i.large',
  medium: 'dms.r6i.large',
  large: 'dms.r6i.xlarge',
  xlarge: 'dms.r6i.2xlarge',
  '2xlarge': 'dms.r6i.4xlarge',
};
/** Local storage of a replication instance (task logs, cached changes while the target lags), GB. */
export const DMS_ALLOCATED_STORAGE_GB = 500;
/** DMS engine names (AWS DMS User Guide, "Sources" / "Targets"). */
export const DMS_SOURCE_ENGINE = 'aurora-postgresql';
export const DMS_TARGET_ENGINE = 'postgres';
