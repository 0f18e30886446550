/**
 * The plain data model shared by the stages after validation.
 *
 *   NormalizedSpec  - the spec with defaults applied and units parsed into numbers (normalize.ts)
 *   Plan            - every decision the compiler makes (plan.ts); constructs only translate it
 *
 * Everything here is plain, serialisable data (no classes, no functions): `dist/plan.json` is a Plan.
 * Units: seconds for durations, bytes for sizes (GB = 1e9), fractions (0..1) for percentages,
 * millicores for CPU and MiB for memory.
 */
export type { AlertVia, Cloud, FailoverStrategy, Protocol, Replication, Size, Temperature } from './spec';
export type * from './normalized';
export type * from './plan';
export type * from './reports';
