/**
 * What each mode is allowed to touch, for typical options: the exact declaration its sandbox
 * enforces. A change that widens a mode's reach has to change this table.
 */

import assert from "node:assert/strict";
import { getTokenOptions } from "../cli/common_options.ts";
import { parseGetTokenFast } from "../cli/fast_args.ts";
import { MSAL_ENV } from "../modes/azure/msal_env.ts";
import { MSI_ENV } from "../modes/azure/msi_source.ts";
import { findMode } from "../modes/registry.ts";
import type { Permissions } from "../modes/types.ts";

const S = [
  "--server-id",
  "6dae42f8-4368-4678-94ff-3960e28e3630",
  "--tenant-id",
  "t1",
  "--client-id",
  "c1",
];
const CASES: [string, string[], Record<string, string>, Permissions][] = [
  ["spn with a secret", ["--login", "spn", ...S, "--client-secret", "x"], {}, {
    net: ["login.microsoftonline.com:443"],
    env: MSAL_ENV,
  }],
  [
    "spn with a certificate, US Government cloud",
    ["--login", "spn", ...S, "--client-certificate", "/k/spn.pfx", "-e", "AzureUSGovernment"],
    {},
    {
      net: ["login.microsoftonline.us:443"],
      read: ["/k/spn.pfx"],
      env: MSAL_ENV,
    },
  ],
  [
    "spn with a custom authority",
    [
      "--login",
      "spn",
      ...S,
      "--client-secret",
      "x",
      "--authority-host",
      "https://login.example:8443/",
    ],
    {},
    {
      net: ["login.example:8443"],
      env: MSAL_ENV,
    },
  ],
  [
    "workloadidentity with a token file",
    ["--login", "workloadidentity", ...S, "--federated-token-file", "/var/run/t"],
    {},
    {
      net: ["login.microsoftonline.com:443"],
      read: ["/var/run/t"],
      env: MSAL_ENV,
    },
  ],
  ["workloadidentity on GitHub Actions", ["--login", "workloadidentity", ...S], {
    ACTIONS_ID_TOKEN_REQUEST_URL:
      "https://pipelines.actions.githubusercontent.com/x/idtoken?api-version=2.0",
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: "t",
  }, {
    net: ["login.microsoftonline.com:443", "pipelines.actions.githubusercontent.com:443"],
    env: MSAL_ENV,
  }],
  ["azurepipelines", [
    "--login",
    "azurepipelines",
    ...S,
    "--azure-pipelines-service-connection-id",
    "sc",
  ], {
    SYSTEM_OIDCREQUESTURI:
      "https://dev.azure.com/org/p/_apis/distributedtask/hubs/build/plans/1/jobs/2/oidctoken",
    SYSTEM_ACCESSTOKEN: "t",
  }, {
    net: ["login.microsoftonline.com:443", "dev.azure.com:443"],
    env: MSAL_ENV,
  }],
  ["msi on a VM (IMDS)", ["--login", "msi", ...S], {}, {
    net: ["169.254.169.254:80"],
    env: [...MSAL_ENV, ...MSI_ENV],
  }],
  ["msi on App Service", ["--login", "msi", ...S], {
    IDENTITY_ENDPOINT: "http://127.0.0.1:41741/msi/token",
    IDENTITY_HEADER: "h",
  }, {
    net: ["127.0.0.1:41741"],
    env: [...MSAL_ENV, ...MSI_ENV],
  }],
  ["azurecli", ["--login", "azurecli", ...S], {}, { run: ["az"] }],
  ["azd", ["--login", "azd", ...S], {}, { run: ["azd"] }],
  ["serviceaccount", ["--login", "serviceaccount", "--token-file", "/etc/kubelogin/token"], {}, {
    read: ["/etc/kubelogin/token"],
  }],
];

for (const [name, args, env, expected] of CASES) {
  Deno.test({
    name: `permissions: ${name}`,
    permissions: {},
    async fn() {
      const flags = parseGetTokenFast(["get-token", ...args], getTokenOptions())!;
      const mode = (await findMode(String(flags.login)))!;
      const declared = mode.permissions(mode.resolve({ flags, env: (n) => env[n] }));
      assert.deepEqual(declared, expected);
    },
  });
}
