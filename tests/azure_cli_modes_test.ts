/**
 * azurecli and azd through the real CLI, with fake `az` and `azd` first on PATH.
 */

import assert from "node:assert/strict";
import { runCli } from "./cli_harness.ts";
import { AKS_SERVER_ID, AZ_NOT_LOGGED_IN, writeFakeCli } from "./fakes/fake_cli.ts";

const cli = await writeFakeCli();
globalThis.addEventListener("unload", () => Deno.removeSync(cli.dir, { recursive: true }));
const PATH = cli.pathWith("/usr/bin:/bin");

const azurecli = (
  ...more: string[]
) => ["get-token", "--login", "azurecli", "--server-id", AKS_SERVER_ID, ...more];
const azd = (
  ...more: string[]
) => ["get-token", "--login", "azd", "--server-id", AKS_SERVER_ID, ...more];

async function lastCall(tool: "az" | "azd") {
  const calls = await cli.calls(tool);
  return calls[calls.length - 1]!;
}

Deno.test("azurecli: runs az account get-access-token and prints its token and expiry", async () => {
  await cli.configureAz({});
  const r = await runCli(azurecli(), { env: { PATH, AZURE_CONFIG_DIR: "/home/me/.azure-work" } });
  assert.equal(r.code, 0, r.stderr);
  const token = cli.tokens.find((t) => t.tool === "az")!;
  const status = JSON.parse(r.stdout).status;
  assert.equal(status.token, token.token);
  assert.equal(Date.parse(status.expirationTimestamp), token.expiresOn * 1000);
  const call = await lastCall("az");
  assert.deepEqual(call.argv, [
    "account",
    "get-access-token",
    "--resource",
    AKS_SERVER_ID,
    "--output",
    "json",
  ]);
  assert.equal(call.env.AZURE_CONFIG_DIR, "/home/me/.azure-work", "az sees AZURE_CONFIG_DIR");
});

Deno.test("azurecli: --tenant-id and --subscription reach az (the subscription alone when both)", async () => {
  const tenant = cli.subscription.tenantId;
  await runCli(azurecli("--tenant-id", tenant), { env: { PATH } });
  assert.deepEqual((await lastCall("az")).argv.slice(4), ["--tenant", tenant, "--output", "json"]);
  const r = await runCli(azurecli("-t", tenant, "-s", cli.subscription.id), { env: { PATH } });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual((await lastCall("az")).argv.slice(4), [
    "--subscription",
    cli.subscription.id,
    "--output",
    "json",
  ]);
});

Deno.test("azurecli: an az older than 2.54 (no expires_on) gives the local-time expiresOn", async () => {
  await cli.configureAz({ omitEpoch: true });
  try {
    const r = await runCli(azurecli(), { env: { PATH, TZ: "UTC" } });
    assert.equal(r.code, 0, r.stderr);
    const token = cli.tokens.find((t) => t.tool === "az")!;
    const reported = Date.parse(JSON.parse(r.stdout).status.expirationTimestamp);
    assert.ok(
      Math.abs(reported - token.expiresOn * 1000) < 2000,
      `${reported} vs ${token.expiresOn}`,
    );
  } finally {
    await cli.configureAz({});
  }
});

Deno.test("azurecli: az's own error is shown on one line, exit 1, nothing on stdout", async () => {
  await cli.configureAz({ loggedIn: false });
  try {
    const r = await runCli(azurecli(), { env: { PATH } });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    assert.equal(r.stderr.split("\n").length, 2, r.stderr);
    assert.ok(r.stderr.includes(AZ_NOT_LOGGED_IN.trim()), r.stderr);
  } finally {
    await cli.configureAz({});
  }
});

Deno.test("azurecli: --timeout stops an az that hangs", async () => {
  await cli.configureAz({ hangSeconds: 30 });
  try {
    const started = Date.now();
    const r = await runCli(azurecli("--timeout", "1s"), { env: { PATH } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: timed out after 1s/);
    assert.ok(Date.now() - started < 10_000, "did not wait for az");
  } finally {
    await cli.configureAz({});
  }
});

Deno.test("azurecli and azd: a missing CLI is named", async () => {
  for (const [args, tool] of [[azurecli(), "az"], [azd(), "azd"]] as const) {
    const r = await runCli(args, { env: { PATH: "/nonexistent" } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`^error: ${tool} was not found on PATH`));
  }
});

Deno.test("azd: runs azd auth token with the scope, and --tenant-id", async () => {
  await cli.configureAzd({});
  const r = await runCli(azd(), { env: { PATH } });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).status.token, cli.tokens.find((t) => t.tool === "azd")!.token);
  assert.deepEqual((await lastCall("azd")).argv, [
    "auth",
    "token",
    "--output",
    "json",
    "--scope",
    `${AKS_SERVER_ID}/.default`,
  ]);
  await runCli(azd("--tenant-id", cli.azdTenantId), { env: { PATH } });
  assert.deepEqual((await lastCall("azd")).argv.slice(-2), ["--tenant-id", cli.azdTenantId]);
});

Deno.test("azd: its error reaches the user", async () => {
  await cli.configureAzd({ loggedIn: false });
  try {
    const r = await runCli(azd(), { env: { PATH } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /not logged in, run `azd auth login` to login/);
  } finally {
    await cli.configureAzd({});
  }
});
