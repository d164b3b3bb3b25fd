/**
 * The `interactive` login (loaded only when a token is fetched): authorization code with PKCE
 * through our own loopback listener (msal-node's `acquireTokenInteractive` refuses a fixed
 * redirect URI, and forces `form_post`), refreshed silently from the saved msal cache.
 *
 * @module
 */

import type { AuthenticationResult, PublicClientApplication } from "@azure/msal-node";
import type { InteractiveOptions } from "../interactive.ts";
import type { AcquireContext, Credential } from "../types.ts";
import { openBrowser } from "./browser.ts";
import { listenForRedirect } from "./loopback.ts";
import { publicClientToken, type RequestExtras } from "./public_client_login.ts";

/** Gets a token by a browser sign-in. Needs what `interactive.permissions` declares. */
export function interactiveLogin(
  options: InteractiveOptions,
  ctx: AcquireContext,
): Promise<Credential> {
  return publicClientToken({
    target: options.target,
    clientId: options.clientId,
    login: (app, extras) => browserSignIn(app, options, extras, ctx),
  }, ctx);
}

async function browserSignIn(
  app: PublicClientApplication,
  options: InteractiveOptions,
  extras: RequestExtras,
  ctx: AcquireContext,
): Promise<AuthenticationResult> {
  const { CryptoProvider } = await import("@azure/msal-node");
  const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
  const state = crypto.randomUUID();
  const scopes = [options.target.scope];
  await using listener = listenForRedirect(options.redirect, state, ctx.signal);
  const url = await app.getAuthCodeUrl({
    scopes,
    redirectUri: listener.redirectUri,
    codeChallenge: challenge,
    codeChallengeMethod: "S256",
    state,
    ...(options.loginHint ? { loginHint: options.loginHint } : {}),
  });
  ctx.notice("To sign in, open this address in a web browser (kubelogin is trying to open it):");
  ctx.notice(url);
  openBrowser(options.browser, url, ctx);
  const code = await listener.code;
  ctx.log(1, "received the authorization code on the loopback redirect");
  return await app.acquireTokenByCode({
    scopes,
    redirectUri: listener.redirectUri,
    code,
    codeVerifier: verifier,
    ...extras,
  });
}
