/**
 * msal-node client construction for a custom or known authority: the authority is listed in
 * `knownAuthorities` (host with port), so msal trusts it as given and never calls
 * login.microsoftonline.com for instance discovery. msal's log lines go to `-v` (PII off).
 *
 * msal-node is imported here, lazily: only a login that talks to Entra ID loads it.
 *
 * @module
 */

import type {
  ConfidentialClientApplication,
  Configuration,
  PublicClientApplication,
} from "@azure/msal-node";
import type { AcquireContext } from "../types.ts";
import { authorityUrl, type EntraTarget } from "./entra_target.ts";

type ClientCredential = Pick<
  Configuration["auth"],
  "clientSecret" | "clientCertificate" | "clientAssertion"
>;

/** msal's configuration for a target and client. */
export async function msalConfiguration(
  target: EntraTarget,
  clientId: string,
  ctx: AcquireContext,
  credential: ClientCredential = {},
): Promise<Configuration> {
  const { LogLevel } = await import("@azure/msal-node");
  return {
    auth: {
      clientId,
      authority: authorityUrl(target),
      knownAuthorities: [new URL(target.authorityHost).host],
      ...credential,
    },
    system: {
      loggerOptions: {
        piiLoggingEnabled: false,
        logLevel: LogLevel.Verbose,
        loggerCallback: (level, message) =>
          ctx.log(level <= LogLevel.Warning ? 3 : 6, `msal: ${message}`),
      },
    },
  };
}

/** A confidential client (service principal, workload identity). */
export async function confidentialClient(
  target: EntraTarget,
  clientId: string,
  credential: ClientCredential,
  ctx: AcquireContext,
): Promise<ConfidentialClientApplication> {
  const msal = await import("@azure/msal-node");
  return new msal.ConfidentialClientApplication(
    await msalConfiguration(target, clientId, ctx, credential),
  );
}

/** A public client (device code, interactive, username/password). */
export async function publicClient(
  target: EntraTarget,
  clientId: string,
  ctx: AcquireContext,
  cache?: Configuration["cache"],
): Promise<PublicClientApplication> {
  const msal = await import("@azure/msal-node");
  const config = await msalConfiguration(target, clientId, ctx);
  return new msal.PublicClientApplication(cache ? { ...config, cache } : config);
}
