/**
 * The `devicecode` login (loaded only when a token is fetched): msal-node's device-code flow,
 * with the sign-in instructions on stderr, refreshed silently from the saved msal cache; or the
 * v1 flow for `--legacy`.
 *
 * @module
 */

import type { DeviceCodeRequest } from "@azure/msal-node";
import type { DevicecodeOptions } from "../devicecode.ts";
import type { AcquireContext, Credential } from "../types.ts";
import { IdentityProviderError } from "./entra_error.ts";
import { publicClientToken } from "./public_client_login.ts";

/** What a failed poll means, by the OAuth error msal reports (it drops the AADSTS text). */
const POLL_ERRORS: Readonly<Record<string, string>> = {
  authorization_declined: "the sign-in with the device code was declined",
  expired_token: "the device code expired before anyone signed in with it",
  code_expired: "the device code expired before anyone signed in with it",
  bad_verification_code: "Entra ID does not know the device code",
};

/** Gets a token with a device code. Needs what `devicecode.permissions` declares. */
export async function devicecodeLogin(
  options: DevicecodeOptions,
  ctx: AcquireContext,
): Promise<Credential> {
  if (options.legacy) {
    return (await import("./v1_device_code.ts")).legacyDevicecodeLogin(options, ctx);
  }
  return await publicClientToken({
    target: options.target,
    clientId: options.clientId,
    async login(app, extras) {
      const request: DeviceCodeRequest = {
        scopes: [options.target.scope],
        deviceCodeCallback: (response) => ctx.notice(response.message),
        cancel: false,
        ...extras,
      };
      // msal polls until the code expires; stop at the --timeout deadline instead.
      const stop = () => request.cancel = true;
      ctx.signal.addEventListener("abort", stop, { once: true });
      try {
        return await app.acquireTokenByDeviceCode(request);
      } catch (err) {
        throw explainPollError(err);
      } finally {
        ctx.signal.removeEventListener("abort", stop);
      }
    },
  }, ctx);
}

/** msal reports a refused poll as `post_request_failed` with only the OAuth error. */
function explainPollError(err: unknown): unknown {
  const e = err as { errorCode?: unknown; errorMessage?: unknown };
  if (e?.errorCode !== "post_request_failed" || typeof e.errorMessage !== "string") return err;
  const code = e.errorMessage.trim();
  const text = POLL_ERRORS[code];
  return text ? new IdentityProviderError(code, text, { cause: err }) : err;
}
