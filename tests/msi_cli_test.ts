/**
 * msi through the real CLI against fake IMDS and App Service identity endpoints.
 */

import assert from "node:assert/strict";
import { runCli } from "./cli_harness.ts";
import { startFakeAppServiceIdentity } from "./fakes/app_service_identity.ts";
import { AKS_SERVER_ID } from "./fakes/fake_cli.ts";
import { queryParam } from "./fakes/fake_http.ts";
import { startFakeImds } from "./fakes/imds.ts";
import { userAssignedIdentity } from "./fakes/managed_identity_model.ts";

const user = userAssignedIdentity("deployer");
const imds = await startFakeImds({ userAssigned: [user] });
const appService = await startFakeAppServiceIdentity({ userAssigned: [user] });
const dir = await Deno.makeTempDir({ prefix: "kubelogin-msi-" });
globalThis.addEventListener("unload", () => {
  imds.close();
  appService.close();
  Deno.removeSync(dir, { recursive: true });
});

let n = 0;
/** A fresh cache directory per test, so tests do not serve each other's tokens. */
const cacheDir = () => `${dir}/cache-${n++}`;
const msi = (cache: string, ...more: string[]) => [
  "get-token",
  "--login",
  "msi",
  "--server-id",
  AKS_SERVER_ID,
  "--cache-dir",
  cache,
  ...more,
];
const imdsEnv = { AZURE_POD_IDENTITY_AUTHORITY_HOST: imds.url };

Deno.test("msi: the system-assigned identity from IMDS, then from the cache without a request", async () => {
  const cache = cacheDir();
  const before = imds.requests.length;
  const first = await runCli(msi(cache), { env: imdsEnv });
  assert.equal(first.code, 0, first.stderr);
  const issued = imds.issued.at(-1)!;
  assert.equal(issued.identity.clientId, imds.systemAssigned!.clientId);
  const status = JSON.parse(first.stdout).status;
  assert.equal(status.token, issued.accessToken);
  assert.equal(Date.parse(status.expirationTimestamp), issued.expiresOn * 1000);
  const request = imds.requests.at(-1)!;
  assert.equal(request.headers.metadata, "true");
  assert.equal(queryParam(request, "resource"), AKS_SERVER_ID);

  const second = await runCli(msi(cache), { env: imdsEnv });
  assert.equal(second.stdout, first.stdout, "served from the cache");
  assert.equal(imds.requests.length - before, 1, "one IMDS request for two runs");
  const entries = [...Deno.readDirSync(cache)].filter((e) => e.name.endsWith(".json"));
  assert.equal(entries.length, 1);
  assert.equal(Deno.statSync(`${cache}/${entries[0]!.name}`).mode! & 0o777, 0o600);
  assert.equal(Deno.statSync(cache).mode! & 0o777, 0o700);
});

Deno.test("msi: --client-id selects a user-assigned identity, and wins over --identity-resource-id", async () => {
  const r = await runCli(
    msi(cacheDir(), "--client-id", user.clientId, "--identity-resource-id", "/ignored"),
    { env: imdsEnv },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.equal(queryParam(imds.requests.at(-1)!, "client_id"), user.clientId);
  assert.equal(queryParam(imds.requests.at(-1)!, "msi_res_id"), undefined);
  assert.equal(imds.issued.at(-1)!.identity.clientId, user.clientId);
});

Deno.test("msi: --identity-resource-id selects a user-assigned identity by resource ID", async () => {
  const r = await runCli(msi(cacheDir(), "--identity-resource-id", user.resourceId), {
    env: imdsEnv,
  });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(queryParam(imds.requests.at(-1)!, "msi_res_id"), user.resourceId);
});

Deno.test("msi: App Service's IDENTITY_ENDPOINT and IDENTITY_HEADER are used when set", async () => {
  const r = await runCli(msi(cacheDir(), "--client-id", user.clientId), {
    env: { ...imdsEnv, ...appService.env },
  });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).status.token, appService.issued.at(-1)!.accessToken);
  assert.equal(
    appService.requests.at(-1)!.headers["x-identity-header"],
    appService.env.IDENTITY_HEADER,
  );
});

Deno.test("msi: an unknown identity is IMDS's error on one line, nothing on stdout", async () => {
  const r = await runCli(msi(cacheDir(), "--client-id", "00000000-0000-0000-0000-000000000000"), {
    env: imdsEnv,
  });
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /^error: Identity not found \(invalid_request\)\n$/);
});
