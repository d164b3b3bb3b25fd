/**
 * Client credentials with a federated client assertion (workload identity, GitHub Actions,
 * Azure Pipelines): msal-node asks for the assertion on every token request, so a rotated
 * token file or a fresh OIDC token is always used.
 *
 * @module
 */

import type { AcquireContext, Credential } from "../types.ts";
import { clientCredentialsToken } from "./client_credentials.ts";
import { fromOAuthErrorBody, jsonBody } from "./entra_error.ts";
import type { EntraTarget } from "./entra_target.ts";

/** Gets a token for `target` with assertions from `assertion`. Needs net access to the authority. */
export function loginWithAssertion(
  target: EntraTarget,
  clientId: string,
  assertion: () => Promise<string>,
  ctx: AcquireContext,
): Promise<Credential> {
  return clientCredentialsToken(target, clientId, { clientAssertion: () => assertion() }, ctx);
}

/**
 * Fetches an OIDC token from a CI system's token endpoint and returns the field `field` of its
 * JSON answer. Needs net access to the endpoint.
 */
export async function fetchOidcToken(
  source: string,
  request: Request,
  field: string,
): Promise<string> {
  const response = await fetch(request);
  const body = await jsonBody(response);
  if (!response.ok) {
    const detail = fromOAuthErrorBody(body, response.status).message;
    throw new Error(`${source} refused the OIDC token request: ${detail}`);
  }
  const token = (body as Record<string, unknown> | undefined)?.[field];
  if (typeof token !== "string" || token === "") {
    throw new Error(`${source} answered without "${field}" in its OIDC token response`);
  }
  return token;
}
