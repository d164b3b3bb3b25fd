/**
 * The `azurepipelines` login (loaded only when a token is fetched).
 *
 * @module
 */

import type { AzurePipelinesOptions } from "../azurepipelines.ts";
import type { AcquireContext, Credential } from "../types.ts";
import { fetchOidcToken, loginWithAssertion } from "./assertion_login.ts";

/** The OIDC token request Azure Pipelines answers for a service connection. */
export function oidcRequest(options: AzurePipelinesOptions): Request {
  const url = new URL(options.oidcRequestUri);
  url.searchParams.set("api-version", "7.1");
  url.searchParams.set("serviceConnectionId", options.serviceConnectionId);
  return new Request(url, {
    method: "POST",
    headers: {
      authorization: `Bearer ${options.systemAccessToken}`,
      "content-type": "application/json",
    },
  });
}

/** Obtains a token with the pipeline's OIDC token. Needs what `azurepipelines.permissions` declares. */
export function azurePipelinesLogin(
  options: AzurePipelinesOptions,
  ctx: AcquireContext,
): Promise<Credential> {
  return loginWithAssertion(
    options.target,
    options.clientId,
    () => fetchOidcToken("Azure Pipelines", oidcRequest(options), "oidcToken"),
    ctx,
  );
}
