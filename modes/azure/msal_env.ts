/**
 * What msal-node touches under Deno, for the modes' permission declarations. Kept apart from
 * `msal_app.ts` so that descriptors can name it without loading any login code.
 *
 * @module
 */

/** Environment variables msal-node reads (under Deno, a read without permission throws). */
export const MSAL_ENV: readonly string[] = [
  "MSAL_FORCE_REGION",
  "ProgramData",
  "ProgramFiles",
  "REGION_NAME",
];
