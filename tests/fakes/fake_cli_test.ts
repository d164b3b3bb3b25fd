import assert from "node:assert/strict";
import {
  AKS_SERVER_ID,
  AZ_NOT_LOGGED_IN,
  AZ_TENANT_AND_SUBSCRIPTION,
  AZD_NOT_LOGGED_IN_MESSAGE,
  azdOutput,
  azLocalTime,
  azOutput,
  type FakeCli,
  writeFakeCli,
} from "./fake_cli.ts";

const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** Runs a fake tool with a PATH holding only the fake directory: nothing but /bin/sh is used. */
async function run(fake: FakeCli, tool: string, args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(tool, {
    args,
    clearEnv: true,
    env: { PATH: fake.dir, ...env },
  }).output();
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

const getToken = ["account", "get-access-token", "--resource", AKS_SERVER_ID];

Deno.test("fake az prints az's sorted, indented JSON and records argv and AZURE_CONFIG_DIR", async () => {
  const fake = await writeFakeCli();
  try {
    const configDir = "/tmp/it's a dir";
    const r = await run(fake, "az", [...getToken, "--output", "json"], {
      AZURE_CONFIG_DIR: configDir,
    });
    assert.deepEqual([r.code, r.stderr], [0, ""]);
    const token = fake.tokens.find((t) =>
      t.tool === "az" && t.tenantId === fake.subscription.tenantId
    );
    assert.ok(token);
    assert.equal(r.stdout, azOutput(token, fake.subscription.id));
    const body = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(body), [
      "accessToken",
      "expiresOn",
      "expires_on",
      "subscription",
      "tenant",
      "tokenType",
    ]);
    assert.match(body.expiresOn, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.000000$/);
    assert.equal(body.expiresOn, azLocalTime(body.expires_on));
    assert.equal(Number.isInteger(body.expires_on), true);
    assert.equal((await fake.signer.verify(body.accessToken)).aud, AKS_SERVER_ID);
    assert.deepEqual(await fake.calls(), [{
      tool: "az",
      argv: [...getToken, "--output", "json"],
      env: { AZURE_CONFIG_DIR: configDir, PATH: fake.dir },
    }]);
  } finally {
    await fake.cleanup();
  }
});

Deno.test("fake az: --tenant drops the subscription; --subscription takes an id or a name", async () => {
  const other = { id: crypto.randomUUID(), name: "Contoso Prod", tenantId: crypto.randomUUID() };
  const fake = await writeFakeCli();
  try {
    await fake.configureAz({ subscriptions: [fake.subscription, other] });
    const byTenant = JSON.parse(
      (await run(fake, "az", [...getToken, "--tenant", other.tenantId, "-o", "json"])).stdout,
    );
    assert.equal(byTenant.tenant, other.tenantId);
    assert.equal("subscription" in byTenant, false);
    assert.equal((await fake.signer.verify(byTenant.accessToken)).tid, other.tenantId);
    for (const s of [other.id, "Contoso Prod"]) {
      const bySub = JSON.parse((await run(fake, "az", [...getToken, "--subscription", s])).stdout);
      assert.deepEqual([bySub.subscription, bySub.tenant], [other.id, other.tenantId]);
    }
  } finally {
    await fake.cleanup();
  }
});

Deno.test("fake az reproduces az's errors verbatim, exit 1, nothing on stdout", async () => {
  const fake = await writeFakeCli();
  try {
    const both = await run(fake, "az", [
      ...getToken,
      "--tenant",
      "t",
      "--subscription",
      "s",
      "-o",
      "json",
    ]);
    assert.deepEqual(both, { code: 1, stdout: "", stderr: AZ_TENANT_AND_SUBSCRIPTION });
    const missing = await run(fake, "az", [...getToken, "--subscription", "nope"]);
    assert.deepEqual(missing, {
      code: 1,
      stdout: "",
      stderr:
        "ERROR: Subscription 'nope' not found. Check the spelling and casing and try again.\n",
    });
    await fake.configureAz({ loggedIn: false });
    assert.deepEqual(await run(fake, "az", [...getToken, "-o", "json"]), {
      code: 1,
      stdout: "",
      stderr: AZ_NOT_LOGGED_IN,
    });
    const failure = {
      stderr: "ERROR: AADSTS700082: The refresh token has expired.\n",
      exitCode: 1,
    };
    await fake.configureAz({ failure });
    assert.deepEqual(await run(fake, "az", getToken), {
      code: 1,
      stdout: "",
      stderr: failure.stderr,
    });
    await fake.configureAz({ omitEpoch: true });
    assert.equal("expires_on" in JSON.parse((await run(fake, "az", getToken)).stdout), false);
    assert.equal((await fake.calls("az")).length, 5, "every call is recorded, failed ones too");
  } finally {
    await fake.cleanup();
  }
});

Deno.test("fake azd prints {token, expiresOn (RFC 3339 UTC)} and honours --tenant-id", async () => {
  const other = crypto.randomUUID();
  const fake = await writeFakeCli({ azd: { extraTenants: [other] } });
  try {
    const args = ["auth", "token", "--output", "json", "--scope", `${AKS_SERVER_ID}/.default`];
    const r = await run(fake, "azd", args);
    assert.equal(r.code, 0, r.stderr);
    const token = fake.tokens.find((t) => t.tool === "azd" && t.tenantId === fake.azdTenantId);
    assert.ok(token);
    assert.equal(r.stdout, azdOutput(token));
    const body = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(body), ["token", "expiresOn"]);
    assert.match(body.expiresOn, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(Date.parse(body.expiresOn) / 1000, token.expiresOn);
    const tenant = JSON.parse((await run(fake, "azd", [...args, "--tenant-id", other])).stdout);
    assert.equal((await fake.signer.verify(tenant.token)).tid, other);
    assert.deepEqual((await fake.calls("azd")).map((c) => c.argv), [args, [
      ...args,
      "--tenant-id",
      other,
    ]]);
  } finally {
    await fake.cleanup();
  }
});

Deno.test("fake azd not logged in: azd's JSON consoleMessage event on stderr, exit 1", async () => {
  const fake = await writeFakeCli({ azd: { loggedIn: false } });
  try {
    const r = await run(fake, "azd", [
      "auth",
      "token",
      "--output",
      "json",
      "--scope",
      `${AKS_SERVER_ID}/.default`,
    ]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    const event = JSON.parse(r.stderr);
    assert.equal(event.type, "consoleMessage");
    assert.equal(event.data.message, `\nERROR: ${AZD_NOT_LOGGED_IN_MESSAGE}\n`);
  } finally {
    await fake.cleanup();
  }
});

Deno.test("fake CLIs record concurrent calls without losing any", async () => {
  const fake = await writeFakeCli();
  try {
    const runs = Array.from(
      { length: 8 },
      (_, i) => run(fake, "az", [...getToken, "--output", `json`], { HOME: `/home/${i}` }),
    );
    assert.deepEqual((await Promise.all(runs)).map((r) => r.code), Array(8).fill(0));
    const homes = (await fake.calls("az")).map((c) => c.env["HOME"]).sort();
    assert.deepEqual(homes, Array.from({ length: 8 }, (_, i) => `/home/${i}`).sort());
  } finally {
    await fake.cleanup();
  }
});

Deno.test("fake az hang: the process is exec'ed into sleep, so killing it ends it and closes stdout", async () => {
  const fake = await writeFakeCli({ az: { hangSeconds: 300 } });
  try {
    const child = new Deno.Command("az", {
      args: getToken,
      clearEnv: true,
      env: { PATH: fake.dir },
      stdout: "piped",
      stderr: "null",
    }).spawn();
    while ((await fake.calls("az")).length === 0) await new Promise((r) => setTimeout(r, 10));
    child.kill("SIGTERM");
    const out = await child.output();
    assert.equal(out.signal, "SIGTERM");
    assert.equal(out.stdout.length, 0);
  } finally {
    await fake.cleanup();
  }
});

/** Whether the real Azure CLI is installed (Debian's `azure-cli` package); else that test is ignored. */
const HAVE_AZ = await new Deno.Command("az", {
  args: ["--version"],
  stdout: "null",
  stderr: "null",
})
  .output().then(() => true, () => false);

Deno.test({
  name:
    "fake az matches the real az's error text and exit codes (ignored when az is not installed)",
  ignore: !HAVE_AZ,
}, async (t) => {
  const fake = await writeFakeCli({ az: { loggedIn: false } });
  const configDir = await Deno.makeTempDir();
  try {
    for (
      const args of [[...getToken, "--output", "json"], [
        ...getToken,
        "--tenant",
        "t",
        "--subscription",
        "s",
      ]]
    ) {
      await t.step(args.join(" "), async () => {
        const env = {
          AZURE_CONFIG_DIR: configDir,
          HOME: configDir,
          PATH: Deno.env.get("PATH") ?? "",
        };
        const actual = await new Deno.Command("az", { args, clearEnv: true, env }).output();
        const faked = await run(fake, "az", args);
        assert.deepEqual(
          { code: faked.code, stdout: faked.stdout, stderr: faked.stderr },
          { code: actual.code, stdout: text(actual.stdout), stderr: text(actual.stderr) },
        );
      });
    }
  } finally {
    await fake.cleanup();
    await Deno.remove(configDir, { recursive: true });
  }
});
