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
  INetworkModule,
  PublicClientApplication,
} from "@azure/msal-node";
import type { AcquireContext } from "../types.ts";
import { authorityUrl, type EntraTarget } from "./entra_target.ts";

export type ClientCredential = Pick<
  Configuration["auth"],
  "clientSecret" | "clientCertificate" | "clientAssertion"
>;

/** What a client may add to the defaults. */
export interface ClientExtras {
  /** msal's token cache (a cache plugin that keeps it in our cache entry). */
  readonly cache?: Configuration["cache"];
  /** Replaces msal's HTTP client (PoP requests: `pop_network.ts`). */
  readonly networkClient?: INetworkModule;
}

/** msal's log lines at `-v 3` (warnings) and `-v 6` (the rest); never PII. */
export async function msalLoggerOptions(
  ctx: AcquireContext,
): Promise<NonNullable<NonNullable<Configuration["system"]>["loggerOptions"]>> {
  const { LogLevel } = await import("@azure/msal-node");
  return {
    piiLoggingEnabled: false,
    logLevel: LogLevel.Verbose,
    loggerCallback: (level, message) =>
      ctx.log(level <= LogLevel.Warning ? 3 : 6, `msal: ${message}`),
  };
}

/** msal's configuration for a target and client. */
export async function msalConfiguration(
  target: EntraTarget,
  clientId: string,
  ctx: AcquireContext,
  credential: ClientCredential = {},
  extras: ClientExtras = {},
): Promise<Configuration> {
  return {
    auth: {
      clientId,
      authority: authorityUrl(target),
      knownAuthorities: [new URL(target.authorityHost).host],
      ...credential,
    },
    ...(extras.cache ? { cache: extras.cache } : {}),
    system: {
      loggerOptions: await msalLoggerOptions(ctx),
      ...(extras.networkClient ? { networkClient: extras.networkClient } : {}),
    },
  };
}

/** A confidential client (service principal, workload identity). */
export async function confidentialClient(
  target: EntraTarget,
  clientId: string,
  credential: ClientCredential,
  ctx: AcquireContext,
  extras: ClientExtras = {},
): Promise<ConfidentialClientApplication> {
  const msal = await import("@azure/msal-node");
  return new msal.ConfidentialClientApplication(
    await msalConfiguration(target, clientId, ctx, credential, extras),
  );
}

/** A public client (device code, interactive, username/password). */
export async function publicClient(
  target: EntraTarget,
  clientId: string,
  ctx: AcquireContext,
  extras: ClientExtras = {},
): Promise<PublicClientApplication> {
  const msal = await import("@azure/msal-node");
  return new msal.PublicClientApplication(
    await msalConfiguration(target, clientId, ctx, {}, extras),
  );
}
