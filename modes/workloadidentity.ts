/**
 * `workloadidentity`: Entra ID workload identity federation. The client assertion is the
 * federated token file (a Kubernetes projected service-account token, re-read on every
 * request), or, when `ACTIONS_ID_TOKEN_REQUEST_TOKEN` and `ACTIONS_ID_TOKEN_REQUEST_URL` are
 * set, a GitHub Actions OIDC token.
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
import type { ModeDescriptor } from "./types.ts";

export const GITHUB_TOKEN_ENV = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";
export const GITHUB_URL_ENV = "ACTIONS_ID_TOKEN_REQUEST_URL";

export interface WorkloadIdentityOptions {
  readonly target: EntraTarget;
  readonly clientId: string;
  readonly federatedTokenFile?: string;
  readonly githubRequestUrl?: string;
  readonly githubRequestToken?: string;
}

export const workloadidentity: ModeDescriptor<WorkloadIdentityOptions> = {
  name: "workloadidentity",
  summary: "workload identity federation: a federated token file, or GitHub Actions OIDC",
  options: [
    o.serverIdOption,
    o.clientIdOption,
    o.tenantIdOption,
    o.federatedTokenFileOption,
    o.authorityHostOption,
    o.environmentOption,
    o.disableInstanceDiscoveryOption,
    o.useAzureRmEnvVarsOption,
  ],
  caching: true,
  exampleArgs: [
    "get-token",
    "--login",
    "workloadidentity",
    "--server-id",
    "6dae42f8-4368-4678-94ff-3960e28e3630",
  ],
  exampleEnv: {
    AZURE_CLIENT_ID: "<client id>",
    AZURE_TENANT_ID: "<tenant id>",
    AZURE_FEDERATED_TOKEN_FILE: "/var/run/secrets/azure/tokens/azure-identity-token",
  },
  bounds: { read: true, net: true, run: false, env: MSAL_ENV, sys: [] },
  resolveEnv: [
    ...AZURE_VALUES_ENV,
    "AZURE_FEDERATED_TOKEN_FILE",
    "AZURE_AUTHORITY_HOST",
    GITHUB_TOKEN_ENV,
    GITHUB_URL_ENV,
  ],
  convert: async (input) =>
    (await import("./azure/convert_rules.ts")).workloadidentityConvert(input),
  secretKeys: ["githubRequestToken"],

  resolve({ flags, env }) {
    const v = resolveAzureValues(flags, env, (rules) => {
      rules.override("clientId", "AZURE_CLIENT_ID");
      rules.override("federatedTokenFile", "AZURE_FEDERATED_TOKEN_FILE");
      rules.override("authorityHost", "AZURE_AUTHORITY_HOST");
    });
    requireServerId(v);
    const clientId = required(v.clientId, "client ID");
    const target = entraTarget(v);
    const githubRequestToken = env(GITHUB_TOKEN_ENV);
    const githubRequestUrl = env(GITHUB_URL_ENV);
    if (githubRequestToken && githubRequestUrl) {
      return { target, clientId, githubRequestUrl, githubRequestToken };
    }
    return {
      target,
      clientId,
      federatedTokenFile: required(v.federatedTokenFile, "federated token file"),
    };
  },

  cacheIdentity: (options) => targetIdentity(options.target, options.clientId),

  permissions: (options) => ({
    net: [
      authorityNet(options.target),
      ...options.githubRequestUrl ? [netPermission(options.githubRequestUrl)] : [],
    ],
    ...options.federatedTokenFile ? { read: [options.federatedTokenFile] } : {},
    env: MSAL_ENV,
  }),

  acquire: async (options, ctx) =>
    (await import("./azure/workload_identity_login.ts")).workloadIdentityLogin(options, ctx),
};
