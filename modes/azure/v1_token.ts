/**
 * The Entra ID v1 token endpoint, which `--legacy` uses: tokens for `resource=<server-id>`,
 * whose audience is `spn:<server-id>`. msal-node speaks only v2, so this is plain fetch.
 *
 * @module
 */

import { fromOAuthErrorBody, jsonBody } from "./entra_error.ts";

/** An access token and its expiry (ms since the epoch), and a refresh token if one came. */
export interface AccessToken {
  readonly accessToken: string;
  readonly expiresAt: number;
  readonly refreshToken?: string;
}

/** The v1 token endpoint of a tenant. */
export function v1TokenEndpoint(authorityHost: string, tenantId: string): string {
  return `${authorityHost}${encodeURIComponent(tenantId)}/oauth2/token?api-version=1.0`;
}

/**
 * POSTs a form to an OAuth endpoint and returns its JSON answer. Needs net access to the
 * endpoint's host.
 *
 * @throws {IdentityProviderError} with the AADSTS description when the request is refused
 */
export async function postForm(
  endpoint: string,
  form: Record<string, string>,
  signal?: AbortSignal,
): Promise<Record<string, unknown>> {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams(form),
    ...(signal ? { signal } : {}),
  });
  const body = await jsonBody(response);
  if (!response.ok) throw fromOAuthErrorBody(body, response.status);
  if (typeof body !== "object" || body === null) {
    throw new Error(`${new URL(endpoint).pathname} answered HTTP ${response.status} without JSON`);
  }
  return body as Record<string, unknown>;
}

/**
 * POSTs a form to a v1 (or any OAuth) token endpoint and reads the token. Needs net access to
 * the endpoint's host.
 *
 * @throws {IdentityProviderError} with the AADSTS description when the request is refused
 */
export async function postTokenForm(
  endpoint: string,
  form: Record<string, string>,
  nowMs: number,
  signal?: AbortSignal,
): Promise<AccessToken> {
  const doc = await postForm(endpoint, form, signal);
  if (typeof doc.access_token !== "string" || doc.access_token === "") {
    throw new Error(`the token endpoint ${endpoint} answered without an access_token`);
  }
  const token = { accessToken: doc.access_token, expiresAt: expiryOf(doc, nowMs) };
  return typeof doc.refresh_token === "string" && doc.refresh_token !== ""
    ? { ...token, refreshToken: doc.refresh_token }
    : token;
}

/** `expires_on` (epoch seconds) if present, else now + `expires_in`. */
function expiryOf(doc: Record<string, unknown>, nowMs: number): number {
  const on = Number(doc.expires_on);
  if (Number.isFinite(on) && on > 0) return on * 1000;
  const inSeconds = Number(doc.expires_in);
  if (Number.isFinite(inSeconds) && inSeconds > 0) return nowMs + inSeconds * 1000;
  throw new Error("the token endpoint answered without expires_on or expires_in");
}
