/** Name formatting shared by the planner and the constructs. */

/** `matching-engine` -> `MatchingEngine` (alert names). */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((s) => s[0].toUpperCase() + s.slice(1))
    .join('');
}
