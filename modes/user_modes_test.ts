import assert from "node:assert/strict";
import { getTokenOptions } from "../cli/common_options.ts";
import { parseGetTokenFast } from "../cli/fast_args.ts";
import { findMode } from "./registry.ts";

const BASE = [
  "--server-id",
  "6dae42f8-4368-4678-94ff-3960e28e3630",
  "--client-id",
  "80faf920-1908-4b52-b5ef-a8e7bedfc67a",
  "--tenant-id",
  "72f988bf-86f1-41af-91ab-2d7cd011db47",
];

async function resolved(args: string[], env: Record<string, string> = {}) {
  const flags = parseGetTokenFast(["get-token", ...args, ...BASE], getTokenOptions())!;
  const mode = (await findMode(String(flags.login)))!;
  const options = mode.resolve({ flags, env: (name) => env[name] });
  return {
    identity: mode.cacheIdentity!(options),
    popClaim: mode.popClaim?.(options),
    options: options as Record<string, unknown>,
  };
}

Deno.test("user modes: the cache identity tells users, login hints, legacy and PoP u apart", async () => {
  const ropc = (user: string, ...more: string[]) =>
    resolved(["--login", "ropc", "--username", user, ...more], { AZURE_PASSWORD: "pw" });
  assert.deepEqual(
    (await ropc("Alice@Contoso.com")).identity,
    (await ropc("alice@contoso.com")).identity,
  );
  assert.notDeepEqual((await ropc("alice@x")).identity, (await ropc("bob@x")).identity);
  assert.ok(!JSON.stringify((await ropc("alice@x")).identity).includes("pw"));

  const pop = ["--pop-enabled", "--pop-claims", "u=cluster-a"];
  assert.equal((await ropc("a@x", ...pop)).popClaim, "cluster-a");
  assert.equal((await ropc("a@x", ...pop)).identity.popU, "cluster-a");
  assert.equal((await ropc("a@x")).popClaim, undefined);

  const device = await resolved(["--login", "devicecode"]);
  assert.notDeepEqual(
    device.identity,
    (await resolved(["--login", "devicecode", "--legacy"])).identity,
  );
  assert.equal(device.popClaim, undefined);
  assert.equal(
    (await resolved(["--login", "devicecode", ...pop])).popClaim,
    undefined,
    "devicecode has no PoP, as in Azure kubelogin",
  );

  const hinted = await resolved(["--login", "interactive", "--login-hint", "Bob@X"]);
  assert.equal(hinted.identity.loginHint, "bob@x");
  assert.equal((await resolved(["--login", "interactive", ...pop])).popClaim, "cluster-a");
  assert.equal(
    (await resolved(["--login", "spn", ...pop], { AZURE_CLIENT_SECRET: "s" })).identity.popU,
    "cluster-a",
  );
});

Deno.test("user modes: ropc reads the password from the environment and marks it secret", async () => {
  const { options } = await resolved(["--login", "ropc"], {
    AAD_USER_PRINCIPAL_NAME: "aad@x",
    AZURE_USERNAME: "azure@x",
    AZURE_PASSWORD: "pw",
  });
  assert.equal(options.username, "azure@x", "AZURE_USERNAME wins");
  assert.equal(options.password, "pw");
  assert.deepEqual((await findMode("ropc"))!.secretKeys, ["password"]);
});

Deno.test("user modes: interactive takes BROWSER from the environment at resolve time", async () => {
  const { options } = await resolved(["--login", "interactive"], { BROWSER: "/usr/bin/firefox" });
  assert.deepEqual(options.browser, { command: "/usr/bin/firefox", args: ["%s"] });
});
