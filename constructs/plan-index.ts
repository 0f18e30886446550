/**
 * Planned values found through the indexes the planner made (synth/model/plan.ts), so that a construct reads only
 * the entries it needs: with the synth cache, everything a slice reads is part of its key, and a scan of a whole
 * list makes every slice depend on every entry of it.
 */
import type { Plan, WorkloadIdentityPlan } from '../synth/model/index';

/** The identities of `region`, in plan order (what `plan.identities.filter((i) => i.region === region)` gives). */
export function regionIdentities(plan: Plan, region: string): WorkloadIdentityPlan[] {
  const at = Object.prototype.hasOwnProperty.call(plan.identitiesByRegion, region) ? plan.identitiesByRegion[region] : [];
  return at.map((i) => plan.identities[i]);
}

/** The identity of `service` in `region`, if it has one (the first, as `plan.identities.find` gives). */
export function workloadIdentity(plan: Plan, region: string, service: string): WorkloadIdentityPlan | undefined {
  return regionIdentities(plan, region).find((i) => i.service === service);
}
