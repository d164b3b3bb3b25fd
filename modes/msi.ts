/**
 * `msi`: an Azure managed identity, from the instance metadata service (IMDS) or the identity
 * endpoint of App Service, Functions, Container Apps, Cloud Shell, Machine Learning, Service
 * Fabric or Azure Arc (chosen from their environment variables, as msal-node chooses).
 * `--client-id` selects a user-assigned identity by client ID, else `--identity-resource-id` by
 * resource ID, else the system-assigned identity. Unlike Azure kubelogin, tokens are cached:
 * they live for hours, and asking IMDS on every kubectl command is slow.
 *
 * @module
 */

import { AZURE_VALUES_ENV, resolveAzureValues } from "./azure/azure_values.ts";
import { requireServerId } from "./azure/entra_target.ts";
import { ARC_TOKEN_DIR, MSI_ENV, type MsiSource, msiSource } from "./azure/msi_source.ts";
import { MSAL_ENV } from "./azure/msal_env.ts";
import * as o from "./azure/options.ts";
import type { ModeDescriptor } from "./types.ts";

export interface MsiOptions {
  /** The server id: IMDS issues tokens for a resource (msal drops a `/.default` suffix). */
  readonly resource: string;
  readonly clientId?: string;
  readonly identityResourceId?: string;
  readonly source: MsiSource;
}

const ENV = [...MSAL_ENV, ...MSI_ENV];

export const msi: ModeDescriptor<MsiOptions> = {
  name: "msi",
  summary: "an Azure managed identity (IMDS, App Service and other identity endpoints)",
  options: [
    o.serverIdOption,
    o.clientIdOption,
    o.identityResourceIdOption,
    o.useAzureRmEnvVarsOption,
  ],
  caching: true,
  exampleArgs: [
    "get-token",
    "--login",
    "msi",
    "--server-id",
    "6dae42f8-4368-4678-94ff-3960e28e3630",
  ],
  bounds: { read: true, net: true, run: false, env: ENV, sys: [] },
  resolveEnv: [...AZURE_VALUES_ENV, ...MSI_ENV],
  convert: async (input) => (await import("./azure/convert_rules.ts")).msiConvert(input),
  secretKeys: [],

  resolve({ flags, env }) {
    const v = resolveAzureValues(flags, env);
    const resource = requireServerId(v);
    const source = msiSource(env);
    if (v.clientId) return { resource, clientId: v.clientId, source };
    if (v.identityResourceId) return { resource, identityResourceId: v.identityResourceId, source };
    return { resource, source };
  },

  cacheIdentity: ({ resource, clientId, identityResourceId, source }) => ({
    resource,
    clientId,
    identityResourceId,
    source: source.kind,
    endpoint: source.endpoint,
  }),

  permissions: ({ source }) => ({
    net: [source.net],
    env: ENV,
    ...source.kind === "AzureArc" ? { read: [ARC_TOKEN_DIR] } : {},
  }),

  acquire: async (options, ctx) => (await import("./azure/msi_login.ts")).msiLogin(options, ctx),
};
