/**
 * The one error type for "the plan is inconsistent": a compiler bug, never a user mistake (those are
 * diagnostics). It carries the spec path the inconsistency came from so a bug report can point at it.
 */
export class PlanInvariantError extends Error {
  constructor(
    readonly specPath: string,
    message: string,
  ) {
    super(`plan inconsistency at ${specPath || '(spec)'}: ${message}`);
    this.name = 'PlanInvariantError';
  }
}

/** Asserts a value the validator already guaranteed; throws PlanInvariantError otherwise. */
export function planInvariant<T>(value: T | undefined | null | false, specPath: string, message: string): asserts value {
  if (value === undefined || value === null || value === false) throw new PlanInvariantError(specPath, message);
}
