/**
 * The stack of one cross-cloud failover pair (`interconnect-<primary>-<failover>`, wave 2): both sides of the
 * VPN in one apply, so Terraform orders the values that cross: the AWS customer gateways take the peer
 * gateway's public IPs (region stack state), the peer's tunnels take AWS's tunnel endpoints and the
 * pre-shared keys AWS generates (kept in this stack's encrypted state, never in the spec or the output).
 * The gateways themselves live in the region stacks (wave 1): the VGW, the HA VPN gateway + Cloud Router,
 * the Azure VPN gateway.
 */
import { Construct } from 'constructs';
import { DataTerraformRemoteStateS3, Fn } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import type { InterconnectPlan, Plan, StackPlan } from '../../../synth/model/index';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SqlUser } from '@cdktf/provider-google/lib/sql-user';
import { DataAzurermPrivateDnsARecord } from '@cdktf/provider-azurerm/lib/data-azurerm-private-dns-a-record';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { AccountContext } from '../../aws/iam';
import { Replication } from '../../aws/replication';
import { VpnConnections } from '../../aws/vpn';
import { AzureVpnConnections } from '../../azure/vpn';
import { GcpVpnTunnels } from '../../gcp/vpn';
import { backendKey, configureBackend, OUTPUTS, PlatformStack, regionOf } from './base';
import { PlanInvariantError } from '../../../synth/util/errors';

export function interconnectOf(plan: Plan, stackPlan: StackPlan): InterconnectPlan {
  const i = plan.interconnects.find((x) => x.name === stackPlan.interconnect);
  if (!i) throw new PlanInvariantError('regions', `stack ${stackPlan.name}: no interconnect ${stackPlan.interconnect ?? '(none)'} in the plan`);
  return i;
}

export class InterconnectStack extends PlatformStack {
  constructor(scope: Construct, plan: Plan, stackPlan: StackPlan) {
    super(scope, stackPlan.name);
    configureBackend(this, plan, stackPlan.name);
    const ic = interconnectOf(plan, stackPlan);
    const primary = regionOf(plan, ic.primary);
    const failover = regionOf(plan, ic.failover);
    const state = (region: string) =>
      new DataTerraformRemoteStateS3(this, `state-region-${region}`, { bucket: plan.backend.bucket, key: backendKey(plan, `region-${region}`), region: plan.backend.region });
    const awsState = state(primary.id);
    const peerState = state(failover.id);
    new AwsProvider(this, 'aws', { region: primary.location, defaultTags: [{ tags: { ...plan.tags, region: primary.id, interconnect: ic.name } }] });

    const peerIps = peerState.getList(OUTPUTS.vpnGatewayIps);
    const aws = new VpnConnections(this, 'aws-vpn', {
      vpnGatewayId: awsState.getString(OUTPUTS.vpnGatewayId),
      peerAsn: ic.peer.asn,
      connections: ic.connections,
      peerDeviceIps: (device) => Fn.element(peerIps, device),
    });
    const planned = ic.connections.flatMap((c) => c.tunnels.map((t) => ({ plan: t, device: c.peerDevice })));
    const tunnels = planned.map(({ plan: t, device }) => {
      const ref = aws.tunnels.find((x) => x.index === t.index);
      if (!ref) throw new PlanInvariantError('regions', `interconnect ${ic.name}: AWS has no tunnel ${t.index}`);
      return { plan: t, device, awsOutsideIp: ref.outsideIp, presharedKey: ref.presharedKey, awsInsideIp: ref.awsInsideIp };
    });

    // Replication feeds into the standbys (over the tunnels above).
    const replication = plan.replication.filter((r) => r.interconnect === ic.name);
    const feeds = new Map<string, { replication: Replication; target: string; instance: string }[]>();
    if (replication.length > 0) {
      new RandomProvider(this, 'random');
      const account = new AccountContext(this, 'account');
      const topic = new SnsTopic(this, 'replication-alerts', { name: `${ic.name}-replication-alerts`, kmsMasterKeyId: 'alias/aws/sns', tags: { Name: `${ic.name}-replication-alerts` } });
      for (const r of replication) {
        const dms = new Replication(this, `replication-${r.database}`, {
          replication: r,
          location: primary.location,
          subnetIds: awsState.getList(OUTPUTS.replicationSubnetIds),
          securityGroupId: awsState.getString(OUTPUTS.replicationSecurityGroupId),
          alarmTopicArn: topic.arn,
          account,
          feeds: r.feeds.map((f) => ({
            plan: f,
            sourceSecretArn: awsState.getString(OUTPUTS.replicationSourceSecretArn(f.source)),
            ...(ic.peerCloud === 'gcp'
              ? { targetHost: peerState.getString(OUTPUTS.standbyWriterIp(f.target)) }
              : {
                  // The writer's private address: the A record Azure keeps for the server in its private zone.
                  targetHost: Fn.element(
                    Fn.tolist(
                      new DataAzurermPrivateDnsARecord(this, `writer-address-${f.name}`, {
                        name: peerState.getString(OUTPUTS.standbyWriterInstance(f.target)),
                        zoneName: peerState.getString(OUTPUTS.postgresDnsZone),
                        resourceGroupName: peerState.getString(OUTPUTS.postgresResourceGroup),
                      }).records,
                    ),
                    0,
                  ),
                  targetPassword: peerState.getString(OUTPUTS.standbyPassword),
                }),
          })),
        });
        feeds.set(r.database, r.feeds.map((f) => ({ replication: dms, target: f.name, instance: f.target })));
      }
    }

    if (ic.peerCloud === 'gcp') {
      // The project the failover region's stack was applied into, from its state: no variable to repeat.
      const google = new GoogleProvider(this, 'google', { project: peerState.getString(OUTPUTS.gcpProject), region: failover.location });
      google.addOverride('default_labels', { ...plan.tags, region: failover.id });
      new GcpVpnTunnels(this, 'gcp-vpn', {
        name: ic.peer.gatewayName,
        location: failover.location,
        gatewayId: peerState.getString(OUTPUTS.vpnGatewayId),
        routerName: peerState.getString(OUTPUTS.vpnRouterName),
        awsAsn: ic.aws.asn,
        tunnels,
      });
      // The feeds' target users on the standby writers (built-in Cloud SQL users: cloudsqlsuperuser).
      for (const list of feeds.values()) {
        for (const f of list) {
          new SqlUser(this, `replication-user-${f.target}`, {
            name: f.replication.username,
            instance: peerState.getString(OUTPUTS.standbyWriterInstance(f.instance)),
            password: f.replication.targetPasswords.get(f.target)!,
          });
        }
      }
    } else {
      // The subscription the failover region's stack was applied into, from its state: no variable to repeat.
      new AzurermProvider(this, 'azurerm', { features: [{}], subscriptionId: peerState.getString(OUTPUTS.azureSubscription) });
      new AzureVpnConnections(this, 'azure-vpn', {
        location: failover.location,
        resourceGroupName: peerState.getString(OUTPUTS.resourceGroupName),
        gatewayId: peerState.getString(OUTPUTS.vpnGatewayId),
        awsAsn: ic.aws.asn,
        tunnels,
        tags: { ...plan.tags, region: failover.id },
      });
    }
  }
}
