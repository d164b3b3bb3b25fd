/**
 * `devicecode` (the default `--login`): a person signs in on any device with a browser, using
 * the code printed on stderr. Access and refresh tokens are cached per identity, so the next
 * kubectl command is served from the cache and a later one refreshes silently. `--legacy` uses
 * the v1 endpoints, giving a token whose audience is `spn:<server-id>`.
 *
 * @module
 */

import { AZURE_VALUES_ENV, resolveAzureValues } from "./azure/azure_values.ts";
import {
  authorityNet,
  type EntraTarget,
  entraTarget,
  required,
  requireServerId,
  targetIdentity,
} from "./azure/entra_target.ts";
import { MSAL_PUBLIC_ENV } from "./azure/msal_env.ts";
import * as o from "./azure/options.ts";
import type { ModeDescriptor } from "./types.ts";

export interface DevicecodeOptions {
  readonly target: EntraTarget;
  readonly clientId: string;
  readonly legacy: boolean;
}

export const devicecode: ModeDescriptor<DevicecodeOptions> = {
  name: "devicecode",
  summary: "a person signs in with a code on any device with a browser (the default)",
  options: [
    o.serverIdOption,
    o.clientIdOption,
    o.tenantIdOption,
    o.environmentOption,
    o.authorityHostOption,
    o.legacyOption,
    o.useAzureRmEnvVarsOption,
    o.disableInstanceDiscoveryOption,
  ],
  caching: true,
  // A person signs in: as long as a device code lives (Entra ID issues them for 15 minutes).
  defaultTimeoutMs: 15 * 60_000,
  exampleArgs: [
    "get-token",
    "--login",
    "devicecode",
    "--server-id",
    "6dae42f8-4368-4678-94ff-3960e28e3630",
    "--client-id",
    "80faf920-1908-4b52-b5ef-a8e7bedfc67a",
    "--tenant-id",
    "<tenant id>",
  ],
  bounds: { read: false, net: true, run: false, env: MSAL_PUBLIC_ENV, sys: [] },
  resolveEnv: AZURE_VALUES_ENV,
  convert: async (input) => (await import("./azure/convert_rules.ts")).devicecodeConvert(input),
  secretKeys: [],

  resolve({ flags, env }) {
    const v = resolveAzureValues(flags, env);
    requireServerId(v);
    const clientId = required(v.clientId, "client ID");
    return { target: entraTarget(v), clientId, legacy: v.legacy };
  },

  cacheIdentity: (options) => ({
    ...targetIdentity(options.target, options.clientId),
    legacy: options.legacy,
  }),

  // --legacy speaks to the v1 endpoints with fetch: msal-node is not even loaded.
  permissions: (options) => ({
    net: [authorityNet(options.target)],
    ...(options.legacy ? {} : { env: MSAL_PUBLIC_ENV }),
  }),

  acquire: async (options, ctx) =>
    (await import("./azure/devicecode_login.ts")).devicecodeLogin(options, ctx),
};
