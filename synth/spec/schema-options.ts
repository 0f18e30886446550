/**
 * The ajv options of the spec schema, shared by validate.ts (which compiles the schema at run time when no
 * precompiled validator exists) and bin/build.js (which generates that validator ahead of time as ajv
 * standalone code), so both produce the same errors.
 */
export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: false } as const;
