/**
 * Bad-spec cases as edits of the reference spec: find `find` (first occurrence), replace it by `replace`.
 * The expected line is derived from the edited text (where the edit lands, or `lineOf`), never copied from compiler output.
 */
export interface BadCase {
  readonly name: string;
  readonly find: string;
  readonly replace: string;
  readonly code: string;
  readonly path: string;
  /** Text whose first occurrence in the edited spec is on the error's line. @default the first line of `replace` */
  readonly lineOf?: string;
  readonly suggestion?: string;
  readonly severity?: 'error' | 'warning';
}

export const BAD_CASES: readonly BadCase[] = [
  { name: 'recipient on a non-email route', find: 'critical: { route: pager, via: pagerduty }', replace: 'critical: { route: pager, via: pagerduty, to: oncall@exchange.example.com }', code: 'alert-to-not-email', path: 'observability.alerts.critical.to' },
  { name: 'one route delivering two ways', find: 'warning:  { route: chat,  via: slack }', replace: 'warning:  { route: pager, via: slack }', code: 'alert-route-conflict', path: 'observability.alerts.warning' },
  { name: 'route named like the heartbeat', find: 'warning:  { route: chat,  via: slack }', replace: 'warning:  { route: watchdog-heartbeat,  via: slack }', code: 'alert-route-conflict', path: 'observability.alerts.warning.route' },
  { name: 'unknown alert delivery', find: 'via: pagerduty }', replace: 'via: pigeon }', code: 'bad-value', path: 'observability.alerts.critical.via' },
  { name: 'operator role that is not an IAM role ARN', find: '    aws: arn:aws:iam::123456789012:role/exchange-platform-admins', replace: '    aws: arn:aws:iam::123456789012:user/alice', code: 'bad-format', path: 'access.admins.aws' },
  { name: 'operator group that is not an email', find: '    gcp: platform-admins@exchange.example.com', replace: '    gcp: platform-admins', code: 'bad-format', path: 'access.admins.gcp' },
  { name: 'operator group that is not an object id', find: '    azure: 3f2b8c4e-1d5a-4e7b-9c0f-6a8d2e1b7c94', replace: '    azure: platform-admins', code: 'bad-format', path: 'access.admins.azure' },
  { name: 'misspelt admins key', find: '    azure: 3f2b8c4e', replace: '    azrue: 3f2b8c4e', code: 'unknown-key', path: 'access.admins.azrue', suggestion: 'azure' },
  { name: 'GCP project on an AWS region', find: 'us-east:          { cloud: aws,   location: us-east-1,       cidr: 10.10.0.0/16 }', replace: 'us-east:          { cloud: aws,   location: us-east-1,       cidr: 10.10.0.0/16, project: exchange-prod }', code: 'project-not-gcp', path: 'regions.us-east.project' },
  { name: 'misspelt root key', find: 'environment: production', replace: 'enviroment: production', code: 'unknown-key', path: 'enviroment', suggestion: 'environment' },
  { name: 'misspelt service key', find: '    protocol: grpc\n    port: 9000\n    load: { rps: 100000', replace: '    protocl: grpc\n    port: 9000\n    load: { rps: 100000', code: 'unknown-key', path: 'services.matching-engine.protocl', suggestion: 'protocol' },
  { name: 'duplicate key', find: '  ttl: 30s', replace: '  ttl: 30s\n  ttl: 60s', code: 'duplicate-key', path: 'dns.ttl', lineOf: '  ttl: 60s' },
  { name: 'bad duration', find: 'rto: 5m,', replace: 'rto: 5 minutes,', code: 'bad-format', path: 'tiers.trading.rto' },
  { name: 'bad percent', find: 'slo: 99.95%', replace: 'slo: 99.95', code: 'wrong-type', path: 'availability.slo' },
  { name: 'bad multiple', find: 'latency: 2x }', replace: 'latency: 2 }', code: 'wrong-type', path: 'scaling.triggers.latency' },
  { name: 'unknown cloud', find: 'us-east:          { cloud: aws', replace: 'us-east:          { cloud: oracle', code: 'bad-value', path: 'regions.us-east.cloud' },
  { name: 'port out of range', find: '    port: 8443', replace: '    port: 84430', code: 'out-of-range', path: 'services.api-gateway.port' },
  { name: 'cpu as a number', find: 'resources: { cpu: "4"', replace: 'resources: { cpu: 4', code: 'wrong-type', path: 'services.matching-engine.resources.cpu' },
  { name: 'missing required key', find: '    image: registry.example.com/exchange/wallet:4.1.0\n', replace: '', code: 'missing-key', path: 'services.wallet', lineOf: '    tier: treasury' },
  { name: 'unknown tier', find: '    tier: treasury', replace: '    tier: tresury', code: 'ref-unknown-tier', path: 'services.wallet.tier', suggestion: 'treasury' },
  { name: 'unknown data class', find: 'stores: [user-data]', replace: 'stores: [user-date]', code: 'ref-unknown-data-class', path: 'databases.users.stores[0]', suggestion: 'user-data' },
  { name: 'unknown service in uses', find: 'uses: [market-data-cache, matching-engine]', replace: 'uses: [market-data-cache, matching-engin]', code: 'ref-unknown-use', path: 'services.market-data.uses[1]', suggestion: 'matching-engine' },
  { name: 'service uses itself', find: '    uses: [history]', replace: '    uses: [history, reporting]', code: 'ref-unknown-use', path: 'services.reporting.uses[1]' },
  { name: 'unknown failoverFor', find: 'failoverFor: us-east }', replace: 'failoverFor: us-eats }', code: 'ref-unknown-region', path: 'regions.us-central-gcp.failoverFor', suggestion: 'us-east' },
  { name: 'failover for a failover region', find: 'failoverFor: ap-southeast }', replace: 'failoverFor: us-central-gcp }', code: 'ref-unknown-region', path: 'regions.ap-southeast-gcp.failoverFor' },
  { name: 'unknown location', find: 'location: eu-central-1,', replace: 'location: eu-centrl-1,', code: 'ref-unknown-location', path: 'regions.eu-central.location', suggestion: 'eu-central-1' },
  { name: 'location of another cloud', find: 'location: us-central1,', replace: 'location: us-east-1,', code: 'ref-unknown-location', path: 'regions.us-central-gcp.location' },
  { name: 'unknown POP', find: 'pops: [iad,', replace: 'pops: [iaa,', code: 'ref-unknown-pop', path: 'edge.pops[0]', suggestion: 'iad' },
  { name: 'POP code upper case', find: 'pops: [iad,', replace: 'pops: [IAD,', code: 'bad-format', path: 'edge.pops[0]' },
  { name: 'too few zones', find: 'zones: 3                     #', replace: 'zones: 5                     #', code: 'too-few-zones', path: 'regions.ap-southeast.location', lineOf: 'location: ap-southeast-1,' },
  { name: 'invalid CIDR octet', find: 'cidr: 10.20.0.0/16', replace: 'cidr: 10.20.0.300/16', code: 'bad-format', path: 'regions.eu-central.cidr' },
  { name: 'region CIDR in the VPN tunnels\' link-local block', find: 'cidr: 10.20.0.0/16', replace: 'cidr: 169.254.0.0/16', code: 'cidr-link-local', path: 'regions.eu-central.cidr' },
  { name: 'CIDR host bits set', find: 'cidr: 10.20.0.0/16', replace: 'cidr: 10.20.1.0/16', code: 'bad-cidr', path: 'regions.eu-central.cidr' },
  { name: 'overlapping CIDRs', find: 'cidr: 10.30.0.0/16', replace: 'cidr: 10.10.128.0/17', code: 'cidr-overlap', path: 'regions.ap-southeast.cidr' },
  { name: 'cost mix not 100%', find: 'onDemand: 10% }', replace: 'onDemand: 15% }', code: 'cost-mix-sum', path: 'cost.mix' },
  { name: 'critical tier on spot', find: 'spotTiers: [reporting]', replace: 'spotTiers: [reporting, api]', code: 'spot-tier-rto', path: 'cost.spotTiers[1]' },
  { name: 'rpo 0 without synchronous replication', find: 'trades:    { rpo: 0,   replication: synchronous', replace: 'trades:    { rpo: 0,   replication: asynchronous', code: 'rpo-zero-needs-sync', path: 'data.trades.replication' },
  { name: 'failover on the same cloud', find: 'us-central-gcp:   { cloud: gcp,   location: us-central1,     cidr: 10.110.0.0/16, project: exchange-prod-failover,', replace: 'us-central-gcp:   { cloud: aws,   location: us-east-2,     cidr: 10.110.0.0/16,', code: 'failover-same-cloud', path: 'regions.us-central-gcp.cloud', severity: 'warning' },
  { name: 'residency broken by failover', find: 'eu-west-azure:    { cloud: azure, location: westeurope,', replace: 'eu-west-azure:    { cloud: azure, location: uksouth,', code: 'residency-failover', path: 'regions.eu-west-azure.location' },
  { name: 'cycle in uses', find: '    uses: [trading]\n', replace: '    uses: [trading, api-gateway]\n', code: 'uses-cycle', path: 'services.api-gateway.uses', lineOf: 'uses: [matching-engine, accounts, sessions]' },
  { name: 'id not a DNS label', find: '  wallet:\n', replace: '  Wallet_Service:\n', code: 'id-not-dns-label', path: 'services.Wallet_Service', suggestion: 'wallet-service' },
  { name: 'read replicas outside 5-10', find: '    readReplicas: 5\n    size: large\n    storage: { dailyGrowth: 20GB', replace: '    readReplicas: 2\n    size: large\n    storage: { dailyGrowth: 20GB', code: 'read-replicas-range', path: 'databases.users.readReplicas', severity: 'warning' },
  { name: 'shards without a shard key', find: '    shardBy: user_id\n', replace: '', code: 'shard-key-missing', path: 'databases.users', lineOf: '  users:\n' },
  { name: 'removeAfter not a multiple of interval', find: 'removeAfter: 30s }', replace: 'removeAfter: 25s }', code: 'health-check-threshold', path: 'availability.healthChecks.removeAfter' },
  { name: 'CDN caches a private service', find: 'cacheApis: [market-data]', replace: 'cacheApis: [accounts]', code: 'cdn-api-not-public', path: 'edge.cdn.cacheApis[0]' },
  { name: 'id shared by a service and a cache', find: '  market-data-cache: {', replace: '  market-data: {', code: 'duplicate-id', path: 'caches.market-data' },
  { name: 'unknown jurisdiction', find: 'residency: [eu]', replace: 'residency: [europe]', code: 'unknown-jurisdiction', path: 'data.user-data.residency[0]' },
  { name: 'unknown spot tier', find: 'spotTiers: [reporting]', replace: 'spotTiers: [reportng]', code: 'ref-unknown-tier', path: 'cost.spotTiers[0]', suggestion: 'reporting' },
  { name: 'backup-only data with a shorter RPO than its snapshots', find: 'analytics: { rpo: 24h,', replace: 'analytics: { rpo: 2h,', code: 'backup-rpo-unreachable', path: 'data.analytics.rpo' },
  { name: 'YAML syntax error', find: '  zone: exchange.example.com', replace: '  zone: [exchange.example.com', code: 'yaml-syntax', path: '', lineOf: '  ttl: 30s' },
  { name: 'region in a disabled opt-in region', find: 'location: eu-central-1,', replace: 'location: eu-south-1,', code: 'opt-in-region-disabled', path: 'regions.eu-central.location' },
  { name: 'opt-in list names a default region', find: 'region: us-east-1 }\n', replace: 'region: us-east-1 }\n  awsOptInRegions: [eu-west-1]\n', code: 'opt-in-region-unknown', path: 'terraform.awsOptInRegions[0]', lineOf: 'awsOptInRegions' },
  { name: 'two public services on one port', find: '    port: 8443\n', replace: '    port: 8080   # same as market-data\n', code: 'edge-port-conflict', path: 'services.api-gateway.port', lineOf: '    port: 8080   # same as market-data' },
  { name: 'public port reserved by Application Gateway', find: '    port: 8443\n', replace: '    port: 65300\n', code: 'edge-port-unsupported', path: 'services.api-gateway.port' },
  { name: 'public gRPC through Application Gateway', find: '    protocol: grpc\n    port: 9000\n    load: { rps: 100000', replace: '    protocol: grpc\n    public: true\n    port: 9000\n    load: { rps: 100000', code: 'edge-protocol-unsupported', path: 'services.matching-engine.protocol', lineOf: '    protocol: grpc' },
  { name: 'region id takes the CDN label', find: '  ap-southeast-gcp: {', replace: '  cdn: {', code: 'public-host-outside-zone', path: 'regions.cdn' },
  { name: 'region id is the Argo CD folder', find: '  ap-southeast-gcp: {', replace: '  argocd: {', code: 'region-id-reserved', path: 'regions.argocd' },
  { name: 'region id is the add-ons folder', find: '  ap-southeast-gcp: {', replace: '  addons: {', code: 'region-id-reserved', path: 'regions.addons' },
  { name: 'region id is another region\'s restore site', find: '  ap-southeast-gcp: {', replace: '  restore-us-east: {', code: 'region-id-reserved', path: 'regions.restore-us-east' },
  { name: 'region id takes the anycast label', find: '  ap-southeast-gcp: {', replace: '  anycast: {', code: 'public-host-outside-zone', path: 'regions.anycast' },
];
