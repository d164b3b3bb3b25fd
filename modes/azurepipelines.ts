/**
 * `azurepipelines`: an Azure Pipelines service connection with workload identity federation.
 * The assertion comes from the pipeline's OIDC endpoint (`SYSTEM_OIDCREQUESTURI`,
 * authenticated with `SYSTEM_ACCESSTOKEN`).
 *
 * @module
 */

import { AZURE_VALUES_ENV, resolveAzureValues } from "./azure/azure_values.ts";
import { netPermission } from "./azure/clouds.ts";
import {
  authorityNet,
  type EntraTarget,
  entraTarget,
  required,
  requireServerId,
  targetIdentity,
} from "./azure/entra_target.ts";
import { MSAL_ENV } from "./azure/msal_env.ts";
import * as o from "./azure/options.ts";
import { InputError, type ModeDescriptor } from "./types.ts";

export const OIDC_URI_ENV = "SYSTEM_OIDCREQUESTURI";
export const ACCESS_TOKEN_ENV = "SYSTEM_ACCESSTOKEN";

export interface AzurePipelinesOptions {
  readonly target: EntraTarget;
  readonly clientId: string;
  readonly serviceConnectionId: string;
  readonly oidcRequestUri: string;
  readonly systemAccessToken: string;
}

function requireEnv(value: string | undefined, name: string): string {
  if (!value) throw new InputError(`${name} environment variable not set`);
  return value;
}

export const azurepipelines: ModeDescriptor<AzurePipelinesOptions> = {
  name: "azurepipelines",
  summary: "an Azure Pipelines service connection (workload identity federation)",
  options: [
    o.serverIdOption,
    o.clientIdOption,
    o.tenantIdOption,
    o.serviceConnectionIdOption,
    o.environmentOption,
    o.authorityHostOption,
    o.disableInstanceDiscoveryOption,
    o.useAzureRmEnvVarsOption,
  ],
  caching: true,
  exampleArgs: [
    "get-token",
    "--login",
    "azurepipelines",
    "--server-id",
    "6dae42f8-4368-4678-94ff-3960e28e3630",
    "--tenant-id",
    "<tenant id>",
    "--azure-pipelines-service-connection-id",
    "<service connection id>",
  ],
  exampleEnv: {
    AZURESUBSCRIPTION_CLIENT_ID: "<client id>",
    SYSTEM_OIDCREQUESTURI:
      "https://dev.azure.com/org/project/_apis/distributedtask/hubs/build/plans/p/jobs/j/oidctoken",
    SYSTEM_ACCESSTOKEN: "<System.AccessToken>",
  },
  bounds: { read: false, net: true, run: false, env: MSAL_ENV, sys: [] },
  resolveEnv: [
    ...AZURE_VALUES_ENV,
    "AZURESUBSCRIPTION_CLIENT_ID",
    "AZURESUBSCRIPTION_TENANT_ID",
    "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID",
    OIDC_URI_ENV,
    ACCESS_TOKEN_ENV,
  ],
  convert: async (input) => (await import("./azure/convert_rules.ts")).azurepipelinesConvert(input),
  secretKeys: ["systemAccessToken"],

  resolve({ flags, env }) {
    const v = resolveAzureValues(flags, env, (rules) => {
      rules.fill("clientId", "AZURESUBSCRIPTION_CLIENT_ID");
      rules.fill("tenantId", "AZURESUBSCRIPTION_TENANT_ID");
      rules.fill("serviceConnectionId", "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID");
    });
    requireServerId(v);
    const clientId = required(v.clientId, "client ID");
    const target = entraTarget(v);
    return {
      target,
      clientId,
      serviceConnectionId: required(v.serviceConnectionId, "service connection ID"),
      systemAccessToken: requireEnv(env(ACCESS_TOKEN_ENV), ACCESS_TOKEN_ENV),
      oidcRequestUri: requireEnv(env(OIDC_URI_ENV), OIDC_URI_ENV),
    };
  },

  cacheIdentity: (options) => targetIdentity(options.target, options.clientId),

  permissions: (options) => ({
    net: [authorityNet(options.target), netPermission(options.oidcRequestUri)],
    env: MSAL_ENV,
  }),

  acquire: async (options, ctx) =>
    (await import("./azure/azure_pipelines_login.ts")).azurePipelinesLogin(options, ctx),
};
