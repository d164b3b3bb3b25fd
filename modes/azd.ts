/**
 * `azd`: the account signed in with the Azure Developer CLI (`azd auth login`), from
 * `azd auth token`. Not cached here, for the same reason as `azurecli`.
 *
 * @module
 */

import { AZURE_VALUES_ENV, resolveAzureValues } from "./azure/azure_values.ts";
import { requireServerId, scopeFor } from "./azure/entra_target.ts";
import * as o from "./azure/options.ts";
import type { ModeDescriptor } from "./types.ts";

export interface AzdOptions {
  readonly scope: string;
  readonly tenantId?: string;
}

export const azd: ModeDescriptor<AzdOptions> = {
  name: "azd",
  summary: "the account signed in with the Azure Developer CLI (azd auth login)",
  options: [o.serverIdOption, o.tenantIdOption, o.useAzureRmEnvVarsOption],
  caching: false,
  exampleArgs: [
    "get-token",
    "--login",
    "azd",
    "--server-id",
    "6dae42f8-4368-4678-94ff-3960e28e3630",
  ],
  bounds: { read: false, net: false, run: true, env: [], sys: [] },
  resolveEnv: AZURE_VALUES_ENV,
  convert: async (input) => (await import("./azure/convert_rules.ts")).azdConvert(input),
  secretKeys: [],

  resolve({ flags, env }) {
    const v = resolveAzureValues(flags, env);
    const scope = scopeFor(requireServerId(v));
    return v.tenantId ? { scope, tenantId: v.tenantId } : { scope };
  },

  permissions: () => ({ run: ["azd"] }),

  acquire: async (options, ctx) => {
    const { runJsonCommand, stringField } = await import("./azure/cli_command.ts");
    const args = ["auth", "token", "--output", "json", "--scope", options.scope];
    if (options.tenantId) args.push("--tenant-id", options.tenantId);
    const doc = await runJsonCommand("azd", args, ctx.signal);
    const expiresAt = Date.parse(stringField(doc, "expiresOn", "azd"));
    if (Number.isNaN(expiresAt)) {
      throw new Error("azd answered with an expiresOn that is not a date");
    }
    return { token: stringField(doc, "token", "azd"), expiresAt };
  },
};
