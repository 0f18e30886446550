/** The planner's invariant checks: see PlanInvariantError in synth/util/errors.ts. */
export { planInvariant, PlanInvariantError } from '../util/errors';
