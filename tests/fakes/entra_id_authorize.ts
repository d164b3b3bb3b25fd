/**
 * The fake's authorize endpoint (signs the user in, auto-consents, answers the redirect URI
 * by 302 or `form_post`) and the authorization-code grant with PKCE.
 *
 * @module
 */

import { AadError } from "./entra_id_errors.ts";
import { registeredClient, required, resourceOf } from "./entra_id_params.ts";
import { type EntraState, opaque, type UserRecord } from "./entra_id_state.ts";
import type { Issuance, TokenIssuer } from "./entra_id_tokens.ts";

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function deliver(redirectUri: string, mode: string | null, fields: Record<string, string>) {
  if (mode === "form_post") {
    const inputs = Object.entries(fields).map(([k, v]) =>
      `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}" />`
    ).join("");
    const html = `<html><head><title>Working...</title></head><body>` +
      `<form method="POST" name="hiddenform" action="${escapeHtml(redirectUri)}">${inputs}` +
      `<noscript><p>Script is disabled. Click Submit to continue.</p>` +
      `<input type="submit" value="Submit" /></noscript></form>` +
      `<script language="javascript">document.forms[0].submit();</script></body></html>`;
    return new Response(html, { headers: { "content-type": "text/html; charset=utf-8" } });
  }
  const target = new URL(redirectUri);
  for (const [k, v] of Object.entries(fields)) target.searchParams.set(k, v);
  return new Response(null, { status: 302, headers: { location: target.href } });
}

/**
 * `GET /{tenant}/oauth2/v2.0/authorize`: signs in `login_hint` (or the first registered user),
 * consents, and sends `code` and `state` to `redirect_uri` (302, or a form for `form_post`).
 */
export function authorize(
  state: EntraState,
  issuer: TokenIssuer,
  req: { tenant: string; tenantId: string; params: URLSearchParams },
): Response {
  const p = req.params;
  const client = registeredClient(state, required(p, "client_id"), req.tenant);
  const redirectUri = required(p, "redirect_uri");
  const mode = p.get("response_mode");
  const stateParam = p.get("state");
  const fail = (error: string, description: string) =>
    deliver(redirectUri, mode, {
      error,
      error_description: description,
      ...(stateParam !== null ? { state: stateParam } : {}),
    });
  if (p.get("response_type") !== "code") {
    return fail("unsupported_response_type", "AADSTS70005: response_type must be 'code'.");
  }
  const scopes = (p.get("scope") ?? "").split(" ").filter((s) => s !== "");
  if (scopes.length === 0) return fail("invalid_request", "AADSTS900144: scope is missing.");
  const hint = p.get("login_hint");
  const user: UserRecord | undefined = hint ? state.user(hint) : state.users.values().next().value;
  if (user === undefined) return fail("login_required", "AADSTS50058: No user is signed in.");
  const code = opaque("1.fake-code.", 48);
  state.authCodes.set(code, {
    clientId: client.clientId,
    tenantId: req.tenantId,
    scopes,
    resource: undefined,
    redirectUri,
    codeChallenge: p.get("code_challenge") ?? undefined,
    codeChallengeMethod: p.get("code_challenge_method") ?? undefined,
    nonce: p.get("nonce") ?? undefined,
    username: user.username,
    expiresAt: Date.now() + 600_000,
    redeemed: false,
  });
  return deliver(redirectUri, mode, {
    code,
    ...(stateParam !== null ? { state: stateParam } : {}),
    session_state: crypto.randomUUID(),
    ...(p.get("client_info") === "1" ? { client_info: issuer.clientInfo(user, req.tenantId) } : {}),
  });
}

async function s256(verifier: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)),
  );
  return btoa(String.fromCharCode(...digest)).replace(/\+/g, "-").replace(/\//g, "_").replace(
    /=+$/,
    "",
  );
}

/** The authorization-code grant: single use, same client and redirect URI, PKCE checked. */
export async function redeemAuthCode(
  state: EntraState,
  params: URLSearchParams,
  clientId: string,
): Promise<Pick<Issuance, "user" | "scopes" | "resource" | "nonce">> {
  const record = state.authCodes.get(required(params, "code"));
  if (record === undefined || record.clientId !== clientId || record.expiresAt < Date.now()) {
    throw new AadError(70000, "The provided authorization code is invalid or has expired.");
  }
  if (record.redeemed) throw new AadError(54005);
  if (params.get("redirect_uri") !== record.redirectUri) {
    throw new AadError(
      500112,
      "The reply address does not match the reply address provided when requesting the authorization code.",
      { error: "invalid_grant" },
    );
  }
  if (record.codeChallenge !== undefined) {
    const verifier = params.get("code_verifier") ?? "";
    const method = record.codeChallengeMethod ?? "plain";
    const computed = method === "S256" ? await s256(verifier) : verifier;
    if (computed !== record.codeChallenge) throw new AadError(501481);
  }
  record.redeemed = true;
  const user = state.user(record.username);
  if (user === undefined) throw new AadError(50034);
  return { user, scopes: record.scopes, resource: resourceOf(record.scopes), nonce: record.nonce };
}
