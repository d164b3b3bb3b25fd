/**
 * `ropc`: a user's name and password (the OAuth resource owner password credentials grant, for
 * test accounts and automation without MFA). Tokens and the refresh token are cached per
 * identity. `--pop-enabled` gets a Proof-of-Possession token.
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
import { type PopSettings, resolvePop } from "./azure/pop_claims.ts";
import type { ModeDescriptor } from "./types.ts";

export interface RopcOptions {
  readonly target: EntraTarget;
  readonly clientId: string;
  readonly username: string;
  readonly password: string;
  readonly pop?: PopSettings;
}

export const ropc: ModeDescriptor<RopcOptions> = {
  name: "ropc",
  summary: "a user's name and password (no MFA; for test accounts and automation)",
  options: [
    o.serverIdOption,
    o.clientIdOption,
    o.tenantIdOption,
    o.usernameOption,
    o.passwordOption,
    o.environmentOption,
    o.authorityHostOption,
    o.useAzureRmEnvVarsOption,
    o.disableInstanceDiscoveryOption,
    o.popEnabledOption,
    o.popClaimsOption,
  ],
  caching: true,
  exampleArgs: [
    "get-token",
    "--login",
    "ropc",
    "--server-id",
    "6dae42f8-4368-4678-94ff-3960e28e3630",
    "--client-id",
    "<public client id>",
    "--tenant-id",
    "<tenant id>",
  ],
  exampleEnv: { AAD_USER_PRINCIPAL_NAME: "ci@contoso.com", AAD_USER_PRINCIPAL_PASSWORD: "<pw>" },
  bounds: { read: false, net: true, run: false, env: MSAL_PUBLIC_ENV, sys: [] },
  resolveEnv: AZURE_VALUES_ENV,
  convert: async (input) => (await import("./azure/convert_rules.ts")).ropcConvert(input),
  secretKeys: ["password"],

  resolve({ flags, env }) {
    const v = resolveAzureValues(flags, env);
    requireServerId(v);
    const clientId = required(v.clientId, "client ID");
    const target = entraTarget(v);
    const username = required(v.username, "username");
    const password = required(v.password, "password");
    const pop = resolvePop(v.popEnabled, v.popClaims);
    return { target, clientId, username, password, ...(pop ? { pop } : {}) };
  },

  cacheIdentity: (options) => ({
    ...targetIdentity(options.target, options.clientId),
    username: options.username.toLowerCase(),
    popU: options.pop?.u,
  }),

  popClaim: (options) => options.pop?.u,

  permissions: (options) => ({ net: [authorityNet(options.target)], env: MSAL_PUBLIC_ENV }),

  acquire: async (options, ctx) => (await import("./azure/ropc_login.ts")).ropcLogin(options, ctx),
};
