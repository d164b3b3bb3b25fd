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

/**
 * What public-client flows (device code, auth code, username/password, refresh) read: only the
 * two variables importing msal-node reads. The region variables are read by client-credential
 * requests alone.
 */
export const MSAL_PUBLIC_ENV: readonly string[] = ["ProgramData", "ProgramFiles"];
