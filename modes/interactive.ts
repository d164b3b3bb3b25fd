/**
 * `interactive`: a person signs in in a web browser (authorization code with PKCE and a
 * loopback redirect), which works where Conditional Access refuses device codes. The browser
 * is `$BROWSER`, else the platform's opener; the URL is always printed on stderr too.
 * Tokens are cached and refreshed like `devicecode`'s. `--pop-enabled` gets a PoP token.
 *
 * @module
 */

import { AZURE_VALUES_ENV, resolveAzureValues } from "./azure/azure_values.ts";
import { type BrowserCommand, browserCommand } from "./azure/browser.ts";
import {
  authorityNet,
  type EntraTarget,
  entraTarget,
  required,
  requireServerId,
  targetIdentity,
} from "./azure/entra_target.ts";
import { loopbackNet, type LoopbackRedirect, parseRedirectUrl } from "./azure/loopback.ts";
import { MSAL_PUBLIC_ENV } from "./azure/msal_env.ts";
import * as o from "./azure/options.ts";
import { type PopSettings, resolvePop } from "./azure/pop_claims.ts";
import type { ModeDescriptor } from "./types.ts";

/** The variable naming the browser to open (as `xdg-open`, Python and git read it). */
export const BROWSER_ENV = "BROWSER";

export interface InteractiveOptions {
  readonly target: EntraTarget;
  readonly clientId: string;
  readonly loginHint?: string;
  readonly redirect: LoopbackRedirect;
  readonly browser: BrowserCommand;
  readonly pop?: PopSettings;
}

export const interactive: ModeDescriptor<InteractiveOptions> = {
  name: "interactive",
  summary: "a person signs in in a web browser on this machine",
  options: [
    o.serverIdOption,
    o.clientIdOption,
    o.tenantIdOption,
    o.environmentOption,
    o.authorityHostOption,
    o.useAzureRmEnvVarsOption,
    o.disableInstanceDiscoveryOption,
    o.loginHintOption,
    o.redirectUrlOption,
    o.popEnabledOption,
    o.popClaimsOption,
  ],
  caching: true,
  // A person signs in: as long as a device code lives (Entra ID issues them for 15 minutes).
  defaultTimeoutMs: 15 * 60_000,
  exampleArgs: [
    "get-token",
    "--login",
    "interactive",
    "--server-id",
    "6dae42f8-4368-4678-94ff-3960e28e3630",
    "--client-id",
    "80faf920-1908-4b52-b5ef-a8e7bedfc67a",
    "--tenant-id",
    "<tenant id>",
  ],
  bounds: { read: false, net: true, run: true, env: MSAL_PUBLIC_ENV, sys: [] },
  resolveEnv: [...AZURE_VALUES_ENV, BROWSER_ENV],
  convert: async (input) => (await import("./azure/convert_rules.ts")).interactiveConvert(input),
  secretKeys: [],

  resolve({ flags, env }) {
    const v = resolveAzureValues(flags, env);
    requireServerId(v);
    const clientId = required(v.clientId, "client ID");
    const target = entraTarget(v);
    const pop = resolvePop(v.popEnabled, v.popClaims);
    return {
      target,
      clientId,
      ...(v.loginHint ? { loginHint: v.loginHint } : {}),
      redirect: parseRedirectUrl(v.redirectUrl),
      browser: browserCommand(env(BROWSER_ENV), Deno.build.os),
      ...(pop ? { pop } : {}),
    };
  },

  cacheIdentity: (options) => ({
    ...targetIdentity(options.target, options.clientId),
    loginHint: options.loginHint?.toLowerCase(),
    popU: options.pop?.u,
  }),

  popClaim: (options) => options.pop?.u,

  // The loopback listener is the only socket it may open; the browser the only command.
  permissions: (options) => ({
    net: [authorityNet(options.target), loopbackNet(options.redirect)],
    run: [options.browser.command],
    env: MSAL_PUBLIC_ENV,
  }),

  acquire: async (options, ctx) =>
    (await import("./azure/interactive_login.ts")).interactiveLogin(options, ctx),
};
