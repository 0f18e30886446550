/**
 * Bootstrap: the one-time prerequisites every other stack needs, applied first (wave 0):
 *
 * - the state bucket (versioned, encrypted, public access blocked) in the backend region; the bootstrap
 *   stack is applied once with local state and then moves its own state into the bucket
 *   (`terraform init -migrate-state`, dist/terraform/README.md);
 * - its replica in a second region (S3 replication of every state version): when the backend region is
 *   lost, the states are read from the replica (the README says how to switch);
 * - the AWS opt-in regions the spec enables (`terraform.awsOptInRegions`);
 * - the public hosted zone: the region stacks validate their certificates in it (wave 1), and its name
 *   servers are delegated once at the registrar, so it outlives every other stack.
 *
 * The replica region is the nearest other AWS location to the backend region that a new account has
 * enabled (or the spec enables), inside the backend's jurisdiction when one exists there.
 */
import { findLocation, greatCircleKm, isAwsOptInRegion, locationsOf } from '../catalog';
import type { BootstrapPlan } from '../model/index';
import type { PlanContext } from './context';
import { planInvariant } from './invariant';
import { compareText } from '../util/order';

export const BOOTSTRAP_STACK = 'bootstrap';
/** Suffix of the replica bucket's name (the rule `backend-bucket-replica-name` keeps the name within 63 characters). */
export const REPLICA_BUCKET_SUFFIX = '-replica';
/** Days a replaced state version stays recoverable. */
export const NONCURRENT_STATE_VERSION_DAYS = 90;

export function planBootstrap({ spec }: PlanContext): BootstrapPlan {
  const home = findLocation('aws', spec.backend.region);
  planInvariant(home, 'terraform.backend.region', `backend region ${spec.backend.region} is not an AWS location of the catalog`);
  const usable = locationsOf('aws').filter((l) => l.name !== home.name && (!isAwsOptInRegion(l.name) || spec.awsOptInRegions.includes(l.name)));
  const sameJurisdiction = usable.filter((l) => l.jurisdiction === home.jurisdiction);
  const candidates = (sameJurisdiction.length > 0 ? sameJurisdiction : usable)
    .map((l) => ({ l, km: greatCircleKm(home, l) }))
    .sort((a, b) => a.km - b.km || compareText(a.l.name, b.l.name));
  planInvariant(candidates.length > 0, 'terraform.backend.region', 'no second AWS region for the state replica');
  return {
    stack: BOOTSTRAP_STACK,
    bucket: spec.backend.bucket,
    region: spec.backend.region,
    replica: { bucket: `${spec.backend.bucket}${REPLICA_BUCKET_SUFFIX}`, region: candidates[0].l.name },
    publicZone: spec.dns.zone,
    noncurrentVersionDays: NONCURRENT_STATE_VERSION_DAYS,
    enableRegions: [...spec.awsOptInRegions],
  };
}
