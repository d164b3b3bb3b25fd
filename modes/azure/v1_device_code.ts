/**
 * `devicecode --legacy`: the v1 device-code flow (`/oauth2/devicecode`, then polling
 * `/oauth2/token` with `resource=<server-id>`), which issues tokens whose audience is
 * `spn:<server-id>`, and the v1 refresh-token grant for later runs. msal-node speaks only v2,
 * so this is plain fetch.
 *
 * @module
 */

import type { DevicecodeOptions } from "../devicecode.ts";
import type { AcquireContext, Credential } from "../types.ts";
import { IdentityProviderError } from "./entra_error.ts";
import type { EntraTarget } from "./entra_target.ts";
import { type AccessToken, postForm, postTokenForm, v1TokenEndpoint } from "./v1_token.ts";
import { sleep } from "../../lib/abortable_sleep.ts";

/** The state `--legacy` keeps: the v1 refresh token. */
export interface V1State {
  readonly v1RefreshToken: string;
}

const DEVICE_GRANT = "device_code";
/** Answers that mean "poll again". */
const PENDING = new Set(["authorization_pending"]);

/**
 * Gets a v1 token: a refresh with the saved refresh token when there is one, else (or when
 * Entra ID refuses it) the device-code flow. Needs net access to the authority.
 */
export async function legacyDevicecodeLogin(
  options: DevicecodeOptions,
  ctx: AcquireContext,
): Promise<Credential> {
  const { target, clientId } = options;
  const endpoint = v1TokenEndpoint(target.authorityHost, target.tenantId);
  const saved = (ctx.previousState as Partial<V1State> | null | undefined)?.v1RefreshToken;
  let token: AccessToken | undefined;
  if (typeof saved === "string" && saved !== "") {
    try {
      token = await postTokenForm(
        endpoint,
        {
          grant_type: "refresh_token",
          client_id: clientId,
          refresh_token: saved,
          resource: target.serverId,
        },
        ctx.now(),
        ctx.signal,
      );
      ctx.log(1, "refreshed the access token with the saved refresh token");
    } catch (err) {
      if (!(err instanceof IdentityProviderError) || err.code !== "invalid_grant") throw err;
      ctx.notice(`The saved sign-in could not be refreshed: ${err.message}. Signing in again.`);
    }
  }
  token ??= await deviceCodeFlow(target, clientId, endpoint, ctx);
  const refreshToken = token.refreshToken ?? saved;
  if (typeof refreshToken === "string" && refreshToken !== "") {
    ctx.saveState({ v1RefreshToken: refreshToken } satisfies V1State);
  }
  return { token: token.accessToken, expiresAt: token.expiresAt };
}

/** Starts a device code, shows the instructions, and polls until someone signs in. */
async function deviceCodeFlow(
  target: EntraTarget,
  clientId: string,
  tokenEndpoint: string,
  ctx: AcquireContext,
): Promise<AccessToken> {
  const start = await postForm(
    `${target.authorityHost}${
      encodeURIComponent(target.tenantId)
    }/oauth2/devicecode?api-version=1.0`,
    { client_id: clientId, resource: target.serverId },
    ctx.signal,
  );
  const deviceCode = text(start.device_code, "device_code");
  // v1 answers carry numbers as strings.
  let intervalMs = seconds(start.interval, 5) * 1000;
  const expiresAt = ctx.now() + seconds(start.expires_in, 900) * 1000;
  ctx.notice(
    typeof start.message === "string" && start.message !== ""
      ? start.message
      : `To sign in, use a web browser to open the page ${
        text(start.verification_url ?? start.verification_uri, "verification_url")
      } and enter the code ${text(start.user_code, "user_code")} to authenticate.`,
  );
  for (;;) {
    await sleep(intervalMs, ctx.signal);
    if (ctx.now() >= expiresAt) {
      throw new IdentityProviderError(
        "expired_token",
        "the device code expired before anyone signed in with it",
      );
    }
    try {
      return await postTokenForm(
        tokenEndpoint,
        {
          grant_type: DEVICE_GRANT,
          client_id: clientId,
          code: deviceCode,
          resource: target.serverId,
        },
        ctx.now(),
        ctx.signal,
      );
    } catch (err) {
      if (!(err instanceof IdentityProviderError)) throw err;
      if (err.code === "slow_down") intervalMs += 5000;
      else if (!PENDING.has(err.code)) throw err;
    }
  }
}

function text(value: unknown, field: string): string {
  if (typeof value !== "string" || value === "") {
    throw new Error(`the v1 device code answer has no ${field}`);
  }
  return value;
}

function seconds(value: unknown, fallback: number): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}
