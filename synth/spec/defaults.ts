/**
 * Defaults of the spec's optional fields, as named constants, applied in one place: normalize.ts.
 * The schema's descriptions state the same defaults; docs/spec.md shows them.
 */

export const DEFAULT_GITOPS_REVISION = 'main';
export const DEFAULT_GITOPS_PATH = 'dist/kubernetes';
/** User name sent with a private repository's token (`gitops.credentials.username`). */
export const DEFAULT_GITOPS_USERNAME = 'git';
export const DEFAULT_GEO_DNS = true;
export const DEFAULT_COMPRESSION: readonly ('gzip' | 'br')[] = ['gzip', 'br'];
export const DEFAULT_CDN_STATIC_ASSETS = false;
export const DEFAULT_CDN_API_TTL = '1s';
export const DEFAULT_TIER_CRITICAL = false;
/** Derived temperature: rpo 0 -> hot, rpo <= WARM_MAX_RPO_SECONDS -> warm, else cold. */
export const WARM_MAX_RPO_SECONDS = 3600;
export const DEFAULT_SHARDS = 1;
export const DEFAULT_READ_REPLICAS = 5;
export const DEFAULT_REPLICATION_FACTOR = 3;
export const DEFAULT_CACHE_REPLICAS = 2;
export const DEFAULT_CACHE_HIT = '1ms';
export const DEFAULT_CACHE_MISS = '50ms';
export const DEFAULT_SERVICE_PUBLIC = false;
export const DEFAULT_HEALTH_PATH = '/healthz';
export const DEFAULT_READ_REPLICA_RANGE = { min: 5, max: 10 } as const;
export const DEFAULT_INSTANCE_AVAILABILITY = '99.9%';
export const DEFAULT_RESERVED_TERM = '3y' as const;
export const DEFAULT_COST_REVIEW = 'weekly' as const;
export const DEFAULT_CAPACITY_REVIEW = 'quarterly' as const;
/** Alert severities, most disruptive first; each has a route (`observability.alerts`). */
export const ALERT_SEVERITIES = ['critical', 'warning', 'info'] as const;
/** How a severity's route delivers when the spec does not say (`observability.alerts.<severity>.via`). */
export const DEFAULT_ALERT_VIA = { critical: 'pagerduty', warning: 'slack', info: 'email' } as const;
/** Recipient of an email route without `to`: the route's name at the platform's zone. */
export const defaultAlertEmail = (route: string, zone: string): string => `${route.toLowerCase()}@${zone}`;
/** SMTP relay and sender of the email routes without `observability.smtp`: the zone's own mail names. */
export const defaultSmarthost = (zone: string): string => `smtp.${zone}:587`;
export const defaultAlertSender = (zone: string): string => `alertmanager@${zone}`;
/** Git repository Argo CD reads when the spec names none (a placeholder the report flags). */
export const DEFAULT_GITOPS_REPO = 'https://git.example.com/platform.git';

export function defaultBackendBucket(name: string, environment: string): string {
  return `${name}-${environment}-tfstate`;
}
export function defaultBackendKeyPrefix(name: string, environment: string): string {
  return `${name}/${environment}`;
}
