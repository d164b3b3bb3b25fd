/**
 * `azurecli`: the token of the account signed in with `az login`, from
 * `az account get-access-token`. Not cached here: az keeps its own cache, and caching would
 * outlive `az logout`.
 *
 * @module
 */

import { AZURE_VALUES_ENV, resolveAzureValues } from "./azure/azure_values.ts";
import { requireServerId } from "./azure/entra_target.ts";
import * as o from "./azure/options.ts";
import type { ModeDescriptor } from "./types.ts";

export interface AzureCliOptions {
  readonly serverId: string;
  readonly tenantId?: string;
  readonly subscription?: string;
}

export const azurecli: ModeDescriptor<AzureCliOptions> = {
  name: "azurecli",
  summary: "the account signed in with the Azure CLI (az login)",
  options: [o.serverIdOption, o.tenantIdOption, o.subscriptionOption, o.useAzureRmEnvVarsOption],
  caching: false,
  exampleArgs: [
    "get-token",
    "--login",
    "azurecli",
    "--server-id",
    "6dae42f8-4368-4678-94ff-3960e28e3630",
  ],
  bounds: { read: false, net: false, run: true, env: [], sys: [] },
  resolveEnv: AZURE_VALUES_ENV,
  convert: async (input) => (await import("./azure/convert_rules.ts")).azurecliConvert(input),
  secretKeys: [],

  resolve({ flags, env }) {
    const v = resolveAzureValues(flags, env);
    return {
      serverId: requireServerId(v),
      ...v.tenantId ? { tenantId: v.tenantId } : {},
      ...v.subscription ? { subscription: v.subscription } : {},
    };
  },

  permissions: () => ({ run: ["az"] }),

  acquire: async (options, ctx) =>
    (await import("./azure/azure_cli_login.ts")).azureCliLogin(options, ctx),
};
