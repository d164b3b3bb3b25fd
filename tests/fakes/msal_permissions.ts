/**
 * The exact Deno permissions msal-node 7.2.1 needs per flow, as measured by the interop tests
 * (`entra_id_msal_test.ts` runs every flow with exactly these, and checks with Deno's
 * permission audit log that nothing else was even attempted). Product modes declare these.
 *
 * @module
 */

import type { Permissions } from "../../modes/types.ts";

/**
 * Read when `@azure/msal-node` is imported, on every OS: the Azure Arc managed-identity source
 * builds its Windows paths at module scope.
 */
export const MSAL_IMPORT_ENV = ["ProgramData", "ProgramFiles"] as const;

/**
 * Read by `ConfidentialClientApplication.acquireTokenByClientCredential` (regional ESTS).
 * Setting `MSAL_FORCE_REGION` would make msal call IMDS (169.254.169.254) for region discovery.
 */
export const MSAL_REGION_ENV = ["MSAL_FORCE_REGION", "REGION_NAME"] as const;

/**
 * Where the interactive flow's loopback server listens: msal-node binds `127.0.0.1` on port 0
 * (a free port) and tells the browser `http://localhost:<port>`.
 */
export const MSAL_LOOPBACK_LISTEN = "127.0.0.1:0";

/** An msal-node flow, by the API that runs it. */
export type MsalFlowName =
  | "client_secret"
  | "client_certificate"
  | "device_code"
  | "auth_code"
  | "interactive"
  | "username_password"
  | "silent";

/**
 * The permissions msal-node needs for `flow` against the authority `authorityHost`
 * (`host:port`; `:443` for the real clouds). No file reads, no `sys`, no subprocesses: the
 * certificate and cache are handed to msal as strings.
 */
export function msalFlowPermissions(flow: MsalFlowName, authorityHost: string): Permissions {
  const confidential = flow === "client_secret" || flow === "client_certificate";
  return {
    env: confidential ? [...MSAL_IMPORT_ENV, ...MSAL_REGION_ENV] : [...MSAL_IMPORT_ENV],
    net: flow === "interactive" ? [authorityHost, MSAL_LOOPBACK_LISTEN] : [authorityHost],
  };
}
