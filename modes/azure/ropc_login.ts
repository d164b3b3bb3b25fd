/**
 * The `ropc` login (loaded only when a token is fetched): msal-node's username/password grant,
 * refreshed silently from the saved msal cache.
 *
 * @module
 */

import type { RopcOptions } from "../ropc.ts";
import type { AcquireContext, Credential } from "../types.ts";
import { publicClientToken } from "./public_client_login.ts";

/** Gets a token with a username and password. Needs what `ropc.permissions` declares. */
export function ropcLogin(options: RopcOptions, ctx: AcquireContext): Promise<Credential> {
  return publicClientToken({
    target: options.target,
    clientId: options.clientId,
    login: (app, extras) =>
      app.acquireTokenByUsernamePassword({
        scopes: [options.target.scope],
        username: options.username,
        password: options.password,
        ...extras,
      }),
  }, ctx);
}
