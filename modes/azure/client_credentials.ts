/**
 * The OAuth client credentials grant through msal-node, for every confidential client: a
 * secret or certificate (`spn`), or a federated assertion (`workloadidentity`,
 * `azurepipelines`). When the host asked for PoP (`ctx.popKeyId`), the request carries
 * `token_type=pop` and `req_cnf`, and the bound access token is returned for the host to sign.
 *
 * @module
 */

import type { AcquireContext, Credential } from "../types.ts";
import { fromMsalError } from "./entra_error.ts";
import type { EntraTarget } from "./entra_target.ts";
import { type ClientCredential, confidentialClient } from "./msal_app.ts";
import { popNetworkClient } from "./pop_network.ts";
import { accessTokenExpiry } from "./token_expiry.ts";

/** Gets an access token for `target`. Needs net access to the authority host. */
export async function clientCredentialsToken(
  target: EntraTarget,
  clientId: string,
  credential: ClientCredential,
  ctx: AcquireContext,
): Promise<Credential> {
  const kid = ctx.popKeyId;
  const networkClient = kid === undefined
    ? undefined
    : popNetworkClient(await import("@azure/msal-node"), kid, ctx.signal);
  const app = await confidentialClient(
    target,
    clientId,
    credential,
    ctx,
    networkClient ? { networkClient } : {},
  );
  try {
    const result = await app.acquireTokenByClientCredential({
      scopes: [target.scope],
      skipCache: true,
      // MSAL_FORCE_REGION in the environment would send the request to <region>.<host>, a host
      // the mode does not declare; the regional endpoint is never wanted here.
      azureRegion: "DisableMsalForceRegion",
      // With popKid msal returns the PoP-bound access token as it is (the host signs it).
      ...(kid === undefined ? {} : { popKid: kid }),
    });
    if (!result?.accessToken) throw new Error("Entra ID answered without an access token");
    if (kid !== undefined && result.tokenType.toLowerCase() !== "pop") {
      throw new Error(
        `Entra ID issued a ${result.tokenType} token although a PoP token was requested`,
      );
    }
    return {
      token: result.accessToken,
      expiresAt: accessTokenExpiry(result.accessToken, result.expiresOn?.getTime(), ctx.now()),
    };
  } catch (err) {
    throw fromMsalError(err, target);
  }
}
