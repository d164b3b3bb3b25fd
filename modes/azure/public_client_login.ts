/**
 * What the public-client logins (devicecode, interactive, ropc) share: msal-node's token cache
 * for the identity lives in our cache entry (the mode's state), so a later run refreshes the
 * access token with the refresh token instead of asking the person to sign in again; when
 * Entra ID refuses the refresh (revoked, expired, password changed, consent withdrawn), one
 * line on stderr says so and the full login runs.
 *
 * Loaded only when a token is fetched; imports msal-node.
 *
 * @module
 */

import type { AuthenticationResult, ICachePlugin, PublicClientApplication } from "@azure/msal-node";
import type { AcquireContext, Credential } from "../types.ts";
import { fromMsalError } from "./entra_error.ts";
import type { EntraTarget } from "./entra_target.ts";
import { publicClient } from "./msal_app.ts";
import { popNetworkClient } from "./pop_network.ts";
import { accessTokenExpiry } from "./token_expiry.ts";

/** The state a public-client mode keeps: msal's serialized token cache for this identity. */
export interface MsalState {
  readonly msal: string;
}

/** The serialized msal cache in a previous state, if it holds one. */
export function savedMsalCache(state: unknown): string | undefined {
  const msal = (state as Partial<MsalState> | null | undefined)?.msal;
  return typeof msal === "string" && msal !== "" ? msal : undefined;
}

/** Request members every msal call of the flow gets (`popKid` for a PoP token). */
export interface RequestExtras {
  readonly popKid?: string;
}

/** A public-client login. */
export interface PublicClientFlow {
  readonly target: EntraTarget;
  readonly clientId: string;
  /** The full login (device code, browser, password) with a fresh application. */
  login(app: PublicClientApplication, extras: RequestExtras): Promise<AuthenticationResult | null>;
}

/** Errors after which only a new login can help: the refresh token is no good any more. */
const NEEDS_LOGIN = new Set([
  "invalid_grant",
  "interaction_required",
  "consent_required",
  "login_required",
  "bad_token",
  "no_tokens_found",
  "refresh_token_expired",
]);

function needsNewLogin(err: unknown): boolean {
  const e = err as { name?: unknown; errorCode?: unknown } | null;
  return e?.name === "InteractionRequiredAuthError" ||
    (typeof e?.errorCode === "string" && NEEDS_LOGIN.has(e.errorCode));
}

/** A cache plugin that reads and writes msal's cache in `holder.cache`. */
function cachePlugin(holder: { cache: string | undefined }): ICachePlugin {
  return {
    beforeCacheAccess: async (context) => {
      if (holder.cache !== undefined) await context.tokenCache.deserialize(holder.cache);
    },
    afterCacheAccess: async (context) => {
      if (context.cacheHasChanged) holder.cache = await context.tokenCache.serialize();
    },
  };
}

/**
 * Gets a token for `flow`: a silent refresh from the saved msal cache when there is one, else
 * (or when Entra ID refuses the refresh) the flow's full login. Saves msal's cache as the
 * mode's state. Needs net access to the authority and env `ProgramData`, `ProgramFiles`.
 */
export async function publicClientToken(
  flow: PublicClientFlow,
  ctx: AcquireContext,
): Promise<Credential> {
  const msal = await import("@azure/msal-node");
  const { target, clientId } = flow;
  const kid = ctx.popKeyId;
  const extras: RequestExtras = kid === undefined ? {} : { popKid: kid };
  const networkClient = kid === undefined ? undefined : popNetworkClient(msal, kid, ctx.signal);
  const open = async (cache: string | undefined) => {
    const holder = { cache };
    const app = await publicClient(target, clientId, ctx, {
      cache: { cachePlugin: cachePlugin(holder) },
      ...(networkClient ? { networkClient } : {}),
    });
    return { app, holder };
  };

  let result: AuthenticationResult | null | undefined;
  let holder: { cache: string | undefined } | undefined;
  const saved = savedMsalCache(ctx.previousState);
  if (saved !== undefined) {
    const opened = await open(saved);
    result = await refresh(opened.app, target, extras, ctx);
    holder = opened.holder;
  }
  if (!result) {
    const opened = await open(undefined);
    holder = opened.holder;
    try {
      result = await flow.login(opened.app, extras);
    } catch (err) {
      throw fromMsalError(err, target);
    }
  }
  if (!result?.accessToken) throw new Error("Entra ID answered without an access token");
  if (kid !== undefined && result.tokenType.toLowerCase() !== "pop") {
    throw new Error(
      `Entra ID issued a ${result.tokenType} token although a PoP token was requested`,
    );
  }
  if (holder?.cache !== undefined) ctx.saveState({ msal: holder.cache } satisfies MsalState);
  return {
    token: result.accessToken,
    expiresAt: accessTokenExpiry(result.accessToken, result.expiresOn?.getTime(), ctx.now()),
  };
}

/**
 * Refreshes with the saved refresh token. Returns undefined when a new login is needed (no
 * account saved, or Entra ID refused the refresh: then a notice says why).
 */
async function refresh(
  app: PublicClientApplication,
  target: EntraTarget,
  extras: RequestExtras,
  ctx: AcquireContext,
): Promise<AuthenticationResult | undefined> {
  let account;
  try {
    [account] = await app.getTokenCache().getAllAccounts();
  } catch (err) {
    ctx.log(1, `the saved sign-in cannot be read (${(err as Error).name}): signing in`);
    return undefined;
  }
  if (account === undefined) {
    ctx.log(1, "the saved sign-in holds no account: signing in");
    return undefined;
  }
  try {
    // Called only when the cached access token is (nearly) expired: always use the refresh
    // token, rather than let msal decide by its own clock margin.
    const result = await app.acquireTokenSilent({
      account,
      scopes: [target.scope],
      forceRefresh: true,
      ...extras,
    });
    ctx.log(1, "refreshed the access token with the saved refresh token");
    return result;
  } catch (err) {
    if (!needsNewLogin(err)) throw fromMsalError(err, target);
    ctx.notice(
      `The saved sign-in could not be refreshed: ${
        fromMsalError(err, target).message
      }. Signing in again.`,
    );
    return undefined;
  }
}
