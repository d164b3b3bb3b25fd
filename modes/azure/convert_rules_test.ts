/**
 * SPEC section 7, rule by rule: for every mode and every source of every value (a flag given on
 * the command line, the legacy auth-provider config, the existing exec args), the exact
 * `get-token` arguments written into a real kubeconfig file.
 */

import assert from "node:assert/strict";
import { DEFAULT_INSTALL_HINT, EXEC_API_VERSION } from "../../exec/exec_stanza.ts";
import { convertOneUser } from "../../tests/convert_fixtures.ts";
import type { RawFlags } from "../types.ts";

const S = "6dae42f8-4368-4678-94ff-3960e28e3630";
const C = "80faf920-1908-4b52-b5ef-a8e7bedfc67a";
const T = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const ENV = ["--environment", "AzurePublicCloud"];

/** A user as `az aks get-credentials` writes it, with `extra` exec args appended. */
function aksExec(extra: string[] = [], base = true) {
  const args = base
    ? ["get-token", ...ENV, "--server-id", S, "--client-id", C, "--tenant-id", T]
    : ["get-token"];
  return {
    exec: {
      apiVersion: EXEC_API_VERSION,
      args: [...args, "--login", "devicecode", ...extra],
      command: "kubelogin",
      env: null,
      installHint: "hint from AKS",
      provideClusterInfo: false,
    },
  };
}

/** A user of kubectl's removed in-tree azure auth-provider. */
function legacyProvider(config: Record<string, string | undefined> = {}) {
  const all: Record<string, string | undefined> = {
    "apiserver-id": "ap-server",
    "client-id": "ap-client",
    "tenant-id": "ap-tenant",
    "environment": "AzureChinaCloud",
    "access-token": "old-access-token",
    ...config,
  };
  for (const key of Object.keys(all)) if (all[key] === undefined) delete all[key];
  return { "auth-provider": { name: "azure", config: all } };
}

const AP = [
  "--client-id",
  "ap-client",
  "--tenant-id",
  "ap-tenant",
  "--environment",
  "AzureChinaCloud",
];
const CTE = ["--client-id", C, "--tenant-id", T, ...ENV];

interface Case {
  readonly what: string;
  readonly login: string;
  readonly user: unknown;
  readonly flags?: RawFlags;
  /** Arguments after `get-token --login <login>`. */
  readonly args?: readonly string[];
  readonly env?: unknown;
  /** The part of the error after `cannot convert user "u" in "<file>": `. */
  readonly error?: string;
}

// deno-fmt-ignore
const CASES: Case[] = [
  // devicecode: every value from each source.
  { what: "values from exec args", login: "devicecode", user: aksExec(), args: ["--server-id", S, ...CTE] },
  { what: "auth-provider, config-mode absent → legacy", login: "devicecode", user: legacyProvider(), args: ["--server-id", "ap-server", ...AP, "--legacy"] },
  { what: 'auth-provider, config-mode "" → legacy', login: "devicecode", user: legacyProvider({ "config-mode": "" }), args: ["--server-id", "ap-server", ...AP, "--legacy"] },
  { what: 'auth-provider, config-mode "0" → legacy', login: "devicecode", user: legacyProvider({ "config-mode": "0" }), args: ["--server-id", "ap-server", ...AP, "--legacy"] },
  { what: 'auth-provider, config-mode "1" → not legacy', login: "devicecode", user: legacyProvider({ "config-mode": "1" }), args: ["--server-id", "ap-server", ...AP] },
  {
    what: "flags win over auth-provider config",
    login: "devicecode",
    user: legacyProvider(),
    flags: { "server-id": "f-server", "client-id": "f-client", "tenant-id": "f-tenant", environment: "AzureUSGovernmentCloud", legacy: false },
    args: ["--server-id", "f-server", "--client-id", "f-client", "--tenant-id", "f-tenant", "--environment", "AzureUSGovernmentCloud"],
  },
  {
    what: "flags win over exec args",
    login: "devicecode",
    user: aksExec(),
    flags: { "server-id": "f-server", "client-id": "f-client", "tenant-id": "f-tenant", environment: "AzureChinaCloud", legacy: true },
    args: ["--server-id", "f-server", "--client-id", "f-client", "--tenant-id", "f-tenant", "--environment", "AzureChinaCloud", "--legacy"],
  },
  { what: "auth-provider config wins over exec args", login: "devicecode", user: { ...aksExec(), ...legacyProvider({ "config-mode": "1" }) }, args: ["--server-id", "ap-server", ...AP] },
  { what: "a key missing from auth-provider config is not taken from exec args", login: "devicecode", user: { ...aksExec(), ...legacyProvider({ "client-id": undefined }) }, error: "--client-id is required" },
  { what: "--legacy from exec args", login: "devicecode", user: aksExec(["--legacy"]), args: ["--server-id", S, ...CTE, "--legacy"] },
  { what: "--legacy=false in exec args", login: "devicecode", user: aksExec(["--legacy=false"]), args: ["--server-id", S, ...CTE] },
  { what: "--token-cache-dir in exec args → --cache-dir", login: "devicecode", user: aksExec(["--token-cache-dir", "/old"]), args: ["--server-id", S, "--cache-dir", "/old", ...CTE] },
  { what: "--cache-dir in exec args", login: "devicecode", user: aksExec(["--cache-dir=/kept"]), args: ["--server-id", S, "--cache-dir", "/kept", ...CTE] },
  { what: "--cache-dir flag wins over exec args", login: "devicecode", user: aksExec(["--cache-dir", "/kept"]), flags: { "cache-dir": "/flag" }, args: ["--server-id", S, "--cache-dir", "/flag", ...CTE] },
  { what: "--token-cache-dir flag → --cache-dir", login: "devicecode", user: aksExec(), flags: { "token-cache-dir": "/alias" }, args: ["--server-id", S, "--cache-dir", "/alias", ...CTE] },
  { what: "no environment → none written", login: "devicecode", user: aksExec(["--server-id", S, "-t", T, "--client-id", C], false), args: ["--server-id", S, "--client-id", C, "--tenant-id", T] },
  { what: "other args and PoP are dropped", login: "devicecode", user: aksExec(["--client-secret", "old", "--timeout", "9s", "--pop-enabled", "--pop-claims", "u=x"]), args: ["--server-id", S, ...CTE] },
  { what: "server id required", login: "devicecode", user: aksExec(["--client-id", C, "--tenant-id", T], false), error: "--server-id is required" },
  { what: "client id required", login: "devicecode", user: aksExec(["--server-id", S, "--tenant-id", T], false), error: "--client-id is required" },
  { what: "tenant id required", login: "devicecode", user: aksExec(["--server-id", S, "--client-id", C], false), error: "--tenant-id is required" },
  { what: "an empty flag does not fall back", login: "devicecode", user: aksExec(), flags: { "tenant-id": "" }, error: "--tenant-id is required" },

  // interactive
  {
    what: "PoP pair, redirect URL and login hint from exec args; never --legacy",
    login: "interactive",
    user: aksExec(["--legacy", "--pop-enabled", "--pop-claims", "u=/arm/id", "--redirect-url", "http://localhost:8400", "--login-hint", "me@example.com"]),
    args: ["--server-id", S, ...CTE, "--pop-enabled", "--pop-claims", "u=/arm/id", "--redirect-url", "http://localhost:8400", "--login-hint", "me@example.com"],
  },
  {
    what: "PoP pair, redirect URL and login hint from flags",
    login: "interactive",
    user: aksExec(["--redirect-url", "http://old"]),
    flags: { "pop-enabled": true, "pop-claims": "u=/flag", "redirect-url": "http://new", "login-hint": "hint" },
    args: ["--server-id", S, ...CTE, "--pop-enabled", "--pop-claims", "u=/flag", "--redirect-url", "http://new", "--login-hint", "hint"],
  },
  { what: "auth-provider", login: "interactive", user: legacyProvider(), args: ["--server-id", "ap-server", ...AP] },
  { what: "PoP enabled without claims", login: "interactive", user: aksExec(), flags: { "pop-enabled": true }, error: "--pop-claims is required when specifying --pop-enabled" },
  { what: "PoP claims without enabled", login: "interactive", user: aksExec(["--pop-claims", "u=x"]), error: "--pop-enabled is required when specifying --pop-claims" },
  { what: "--pop-enabled=false flag beats exec args", login: "interactive", user: aksExec(["--pop-enabled", "--pop-claims", "u=x"]), flags: { "pop-enabled": false }, error: "--pop-enabled is required when specifying --pop-claims" },

  // spn
  { what: "credentials never copied from the kubeconfig", login: "spn", user: aksExec(["--client-secret", "old-secret", "--client-certificate", "/old.pfx"]), args: ["--server-id", S, ...CTE] },
  {
    what: "credentials, legacy, PoP and env override from flags",
    login: "spn",
    user: aksExec(),
    flags: { "client-secret": "s3cret", "client-certificate": "/c.pfx", "client-certificate-password": "pw", legacy: true, "pop-enabled": true, "pop-claims": "u=x", "disable-environment-override": true },
    args: ["--server-id", S, ...CTE, "--client-secret", "s3cret", "--client-certificate", "/c.pfx", "--client-certificate-password", "pw", "--legacy", "--pop-enabled", "--pop-claims", "u=x", "--disable-environment-override"],
  },
  { what: "auth-provider, legacy", login: "spn", user: legacyProvider(), args: ["--server-id", "ap-server", ...AP, "--legacy"] },
  { what: "PoP claims without enabled", login: "spn", user: aksExec(), flags: { "pop-claims": "u=x" }, error: "--pop-enabled is required when specifying --pop-claims" },

  // ropc
  { what: "user and password only from flags", login: "ropc", user: aksExec(["--username", "old", "--password", "old"]), args: ["--server-id", S, ...CTE] },
  {
    what: "user, password, legacy and PoP",
    login: "ropc",
    user: aksExec(["--legacy", "--pop-enabled", "--pop-claims", "u=r"]),
    flags: { username: "me", password: "pw" },
    args: ["--server-id", S, ...CTE, "--username", "me", "--password", "pw", "--legacy", "--pop-enabled", "--pop-claims", "u=r"],
  },
  { what: "PoP enabled without claims", login: "ropc", user: aksExec(["--pop-enabled"]), error: "--pop-claims is required when specifying --pop-enabled" },

  // msi
  { what: "system-assigned; the kubeconfig's client id is not copied", login: "msi", user: aksExec(["--cache-dir", "/c"]), args: ["--server-id", S, "--cache-dir", "/c"] },
  { what: "client id wins over resource id", login: "msi", user: aksExec(), flags: { "client-id": "mi", "identity-resource-id": "/sub/x" }, args: ["--server-id", S, "--client-id", "mi"] },
  { what: "resource id", login: "msi", user: legacyProvider(), flags: { "identity-resource-id": "/sub/x" }, args: ["--server-id", "ap-server", "--identity-resource-id", "/sub/x"] },

  // azurecli
  { what: "the kubeconfig's tenant is ignored", login: "azurecli", user: aksExec(), args: ["--server-id", S] },
  { what: "auth-provider tenant ignored too", login: "azurecli", user: legacyProvider(), args: ["--server-id", "ap-server"] },
  {
    what: "tenant, subscription and config dir from flags",
    login: "azurecli",
    user: aksExec(),
    flags: { "tenant-id": "ft", subscription: "sub", "azure-config-dir": "/home/me/.azure-alt" },
    args: ["--server-id", S, "--tenant-id", "ft", "--subscription", "sub"],
    env: [{ name: "AZURE_CONFIG_DIR", value: "/home/me/.azure-alt" }],
  },

  // azd
  { what: "tenant only from a flag", login: "azd", user: aksExec(), args: ["--server-id", S] },
  { what: "tenant flag", login: "azd", user: aksExec(), flags: { "tenant-id": "ft" }, args: ["--server-id", S, "--tenant-id", "ft"] },

  // workloadidentity
  { what: "nothing copied from the kubeconfig", login: "workloadidentity", user: aksExec(), args: ["--server-id", S] },
  {
    what: "each value from its flag",
    login: "workloadidentity",
    user: aksExec(),
    flags: { "client-id": "wc", "tenant-id": "wt", "authority-host": "https://login.example/", "federated-token-file": "/var/run/token" },
    args: ["--server-id", S, "--client-id", "wc", "--tenant-id", "wt", "--authority-host", "https://login.example/", "--federated-token-file", "/var/run/token"],
  },

  // azurepipelines
  { what: "tenant from exec args", login: "azurepipelines", user: aksExec(), args: ["--server-id", S, "--tenant-id", T] },
  {
    what: "client id and service connection from flags",
    login: "azurepipelines",
    user: aksExec(),
    flags: { "client-id": "pc", "azure-pipelines-service-connection-id": "sc" },
    args: ["--server-id", S, "--client-id", "pc", "--tenant-id", T, "--azure-pipelines-service-connection-id", "sc"],
  },
  { what: "tenant required", login: "azurepipelines", user: aksExec(["--server-id", S], false), error: "--tenant-id is required" },

  // serviceaccount (ours)
  { what: "token file from the flag; no server id needed", login: "serviceaccount", user: aksExec([], false), flags: { "token-file": "/sa/token" }, args: ["--token-file", "/sa/token"] },
  { what: "token file kept from exec args", login: "serviceaccount", user: aksExec(["--token-file", "/kept"]), args: ["--token-file", "/kept"] },
  { what: "no token file; Azure values and PoP dropped", login: "serviceaccount", user: aksExec(["--pop-enabled"]), args: [] },
  { what: "from auth-provider", login: "serviceaccount", user: legacyProvider(), args: [] },
];

for (const c of CASES) {
  Deno.test(`convert rule: ${c.login}: ${c.what}`, async () => {
    if (c.error !== undefined) {
      await assert.rejects(convertOneUser(c.user, c.login, c.flags), (err: Error) => {
        assert.equal(err.name, "InputError");
        assert.match(err.message, /^cannot convert user "u" in "[^"]+\/config": /);
        assert.equal(err.message.replace(/^[^:]*: /, ""), c.error);
        return true;
      });
      return;
    }
    const user = await convertOneUser(c.user, c.login, c.flags);
    const hadHint = JSON.stringify(c.user).includes("hint from AKS");
    assert.deepEqual(user, {
      exec: {
        apiVersion: EXEC_API_VERSION,
        args: ["get-token", "--login", c.login, ...c.args!],
        command: "kubelogin",
        env: c.env ?? null,
        installHint: hadHint ? "hint from AKS" : DEFAULT_INSTALL_HINT,
        provideClusterInfo: false,
      },
    });
  });
}

Deno.test("convert rule: the login mode is never read from the kubeconfig", async () => {
  const user = await convertOneUser(aksExec(["--login", "spn"]), "devicecode");
  assert.deepEqual((user.exec as { args: string[] }).args.slice(0, 3), [
    "get-token",
    "--login",
    "devicecode",
  ]);
});

Deno.test("convert rule: an unknown login mode names the modes there are", async () => {
  await assert.rejects(convertOneUser(aksExec(), "nope"), {
    name: "InputError",
    message: "'nope' is not a supported login method. Supported method is one of devicecode, " +
      "interactive, spn, ropc, msi, azurecli, azd, workloadidentity, azurepipelines, serviceaccount",
  });
});
