/**
 * The `msi` login (loaded only when a token is fetched), with msal-node's
 * ManagedIdentityApplication. msal retries transient IMDS failures itself; `--timeout` bounds it.
 *
 * @module
 */

import type { MsiOptions } from "../msi.ts";
import type { AcquireContext, Credential } from "../types.ts";
import { fromMsalError } from "./entra_error.ts";
import { msalLoggerOptions } from "./msal_app.ts";
import { accessTokenExpiry } from "./token_expiry.ts";

/** Gets a managed identity token. Needs what `msi.permissions` declares. */
export async function msiLogin(options: MsiOptions, ctx: AcquireContext): Promise<Credential> {
  const msal = await import("@azure/msal-node");
  const managedIdentityIdParams = options.clientId
    ? { userAssignedClientId: options.clientId }
    : options.identityResourceId
    ? { userAssignedResourceId: options.identityResourceId }
    : {};
  ctx.log(2, `managed identity source ${options.source.kind} at ${options.source.endpoint}`);
  const app = new msal.ManagedIdentityApplication({
    managedIdentityIdParams,
    system: { loggerOptions: await msalLoggerOptions(ctx) },
  });
  try {
    const result = await app.acquireToken({ resource: options.resource });
    return {
      token: result.accessToken,
      expiresAt: accessTokenExpiry(result.accessToken, result.expiresOn?.getTime(), ctx.now()),
    };
  } catch (err) {
    throw fromMsalError(err);
  }
}
