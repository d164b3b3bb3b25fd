/**
 * spn through the real CLI against the fake Entra ID: secret, certificates (pfx modern and
 * legacy, PEM) with their chain, --legacy v1 tokens, the cache, and errors.
 */

import assert from "node:assert/strict";
import { runCli } from "./cli_harness.ts";
import { SERVER_ID, setUpEntra } from "./entra_setup.ts";

const SECRET = "s3cret-Value~With.Chars";
const CERT_PASSWORD = "kubelogin-test";
const certs = new URL("./testdata/certs/", import.meta.url).pathname;
const secretApp = crypto.randomUUID();
const certApp = crypto.randomUUID();
const { entra, env, target, cacheDir } = await setUpEntra({
  clients: [
    { clientId: secretApp, secret: SECRET },
    { clientId: certApp, certificatePem: await Deno.readTextFile(`${certs}spn-cert.pem`) },
  ],
});

const spn = (clientId: string, cache: string, ...more: string[]) => [
  "get-token",
  "--login",
  "spn",
  ...target,
  "--client-id",
  clientId,
  "--cache-dir",
  cache,
  ...more,
];

Deno.test("spn: a client secret gets a token for the server id; the next run comes from the cache", async () => {
  const cache = cacheDir();
  const before = entra.countRequests({ grantType: "client_credentials", clientId: secretApp });
  const first = await runCli(spn(secretApp, cache, "--client-secret", SECRET), { env });
  assert.equal(first.code, 0, first.stderr);
  const status = JSON.parse(first.stdout).status;
  const claims = await entra.verifyToken(status.token);
  assert.equal(claims.aud, SERVER_ID);
  assert.equal(claims.tid, entra.tenantId);
  assert.equal(Date.parse(status.expirationTimestamp), (claims.exp as number) * 1000);

  const second = await runCli(spn(secretApp, cache, "--client-secret", SECRET), { env });
  assert.equal(second.stdout, first.stdout);
  assert.equal(
    entra.countRequests({ grantType: "client_credentials", clientId: secretApp }) - before,
    1,
  );
  const files = [...Deno.readDirSync(cache)];
  assert.ok(files.length > 0);
  for (const f of files) {
    assert.equal(Deno.statSync(`${cache}/${f.name}`).mode! & 0o777, 0o600, f.name);
  }
  assert.equal(Deno.statSync(cache).mode! & 0o777, 0o700);
});

Deno.test("spn: the secret and client id can come from the environment instead of flags", async () => {
  const r = await runCli(["get-token", "--login", "spn", ...target, "--cache-dir", cacheDir()], {
    env: { ...env, AAD_SERVICE_PRINCIPAL_CLIENT_ID: secretApp, AZURE_CLIENT_SECRET: SECRET },
  });
  assert.equal(r.code, 0, r.stderr);
});

for (
  const [file, password] of [["spn-modern.pfx", CERT_PASSWORD], ["spn-legacy.pfx", CERT_PASSWORD], [
    "spn.pem",
    undefined,
  ]] as const
) {
  Deno.test(`spn: a certificate (${file}) signs an assertion that carries its chain`, async () => {
    const r = await runCli(
      spn(
        certApp,
        cacheDir(),
        "--client-certificate",
        `${certs}${file}`,
        ...password ? ["--client-certificate-password", password] : [],
      ),
      { env },
    );
    assert.equal(r.code, 0, r.stderr);
    const request = entra.requests.findLast((q) =>
      q.clientId === certApp && q.grantType === "client_credentials"
    )!;
    assert.equal(request.clientAuth, "assertion");
    assert.equal(request.assertion?.x5c, true, "x5c sent");
    assert.equal(request.assertion?.x5cLength, 2, "leaf and the rest of the chain");
    assert.equal((await entra.verifyToken(JSON.parse(r.stdout).status.token)).aud, SERVER_ID);
  });
}

Deno.test("spn --legacy: v1 endpoint with resource, audience spn:<server-id>, secret and certificate", async () => {
  const bySecret = await runCli(spn(secretApp, cacheDir(), "--client-secret", SECRET, "--legacy"), {
    env,
  });
  assert.equal(bySecret.code, 0, bySecret.stderr);
  assert.equal(
    (await entra.verifyToken(JSON.parse(bySecret.stdout).status.token)).aud,
    `spn:${SERVER_ID}`,
  );
  const request = entra.requests.findLast((q) => q.clientId === secretApp)!;
  assert.equal(request.version, "v1");
  assert.equal(request.params.resource, SERVER_ID);
  const byCert = await runCli(
    spn(certApp, cacheDir(), "--client-certificate", `${certs}spn.pem`, "--legacy"),
    { env },
  );
  assert.equal(byCert.code, 0, byCert.stderr);
  assert.equal(
    (await entra.verifyToken(JSON.parse(byCert.stdout).status.token)).aud,
    `spn:${SERVER_ID}`,
  );
});

Deno.test("spn: a wrong secret is Entra ID's AADSTS error, exit 1, and the secret appears nowhere", async () => {
  const wrong = "Wr0ng-Secret-Value-123";
  const r = await runCli(spn(secretApp, cacheDir(), "--client-secret", wrong, "-v", "10"), { env });
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "");
  assert.match(
    r.stderr,
    /error: AADSTS7000215: Invalid client secret provided\..*\(invalid_client\)\n$/,
  );
  assert.ok(!r.stderr.includes(wrong), "the secret is not printed, not even at -v 10");
});

Deno.test("spn: at -v 10 neither the secret, the certificate password nor the token is printed", async () => {
  const r = await runCli(spn(secretApp, cacheDir(), "--client-secret", SECRET, "-v", "10"), {
    env,
  });
  assert.equal(r.code, 0, r.stderr);
  const token = JSON.parse(r.stdout).status.token;
  assert.match(r.stderr, /msal: /, "msal's own logs are there at -v 10");
  for (const secret of [SECRET, token]) assert.ok(!r.stderr.includes(secret));
  const cert = await runCli(
    spn(
      certApp,
      cacheDir(),
      "--client-certificate",
      `${certs}spn-modern.pfx`,
      "--client-certificate-password",
      CERT_PASSWORD,
      "-v",
      "10",
    ),
    { env },
  );
  assert.equal(cert.code, 0, cert.stderr);
  assert.ok(!cert.stderr.includes(CERT_PASSWORD));
  assert.match(cert.stderr, /"certificatePassword":"\[redacted\]"/);
});

Deno.test("spn: with a custom authority host the login may reach that host and nothing else", async () => {
  const r = await runCli(spn(secretApp, cacheDir(), "--client-secret", SECRET, "-v", "2"), { env });
  assert.equal(r.code, 0, r.stderr);
  const confined = /confined by worker to (\{.*\})/.exec(r.stderr);
  assert.ok(confined, r.stderr);
  assert.deepEqual(JSON.parse(confined[1]!).net, [entra.host]);
});

Deno.test("spn: input errors are reported before any request", async () => {
  const before = entra.requests.length;
  const cases: [string[], string][] = [
    [
      ["get-token", "--login", "spn", ...target, "--client-secret", "x"],
      "error: client ID cannot be empty",
    ],
    [
      ["get-token", "--login", "spn", ...target, "--client-id", secretApp],
      "error: client secret cannot be empty",
    ],
    [[
      "get-token",
      "--login",
      "spn",
      "--server-id",
      SERVER_ID,
      "--client-id",
      "c",
      "--client-secret",
      "x",
    ], "error: tenant ID cannot be empty"],
    [[
      "get-token",
      "--login",
      "spn",
      "--tenant-id",
      "t",
      "--client-id",
      "c",
      "--client-secret",
      "x",
    ], "error: server-id is required"],
    [[
      ...spn(secretApp, cacheDir(), "--client-secret", "x"),
      "--authority-host",
      "https://login.example",
    ], 'error: authority host "https://login.example" should have a trailing slash'],
    [
      [...spn(secretApp, cacheDir(), "--client-secret", "x"), "--authority-host", "not a url/"],
      'error: authority host "not a url/" is not valid',
    ],
    [[
      "get-token",
      "--login",
      "spn",
      "--server-id",
      SERVER_ID,
      "-t",
      "t",
      "--client-id",
      "c",
      "--client-secret",
      "x",
      "-e",
      "AzureMoonCloud",
    ], 'error: unknown environment "AzureMoonCloud": use one of AzurePublicCloud'],
  ];
  for (const [args, message] of cases) {
    const r = await runCli(args, { env });
    assert.equal(r.code, 1, args.join(" "));
    assert.equal(r.stdout, "");
    assert.ok(r.stderr.startsWith(message), `${r.stderr} should start with ${message}`);
  }
  assert.equal(entra.requests.length, before, "nothing was sent");
});

Deno.test("spn: an unknown tenant says which authority it could not use", async () => {
  const unknownTenant = crypto.randomUUID();
  const r = await runCli(
    [
      "get-token",
      "--login",
      "spn",
      "--authority-host",
      entra.url,
      "--tenant-id",
      unknownTenant,
      "--server-id",
      SERVER_ID,
      "--client-id",
      secretApp,
      "--client-secret",
      SECRET,
      "--cache-dir",
      cacheDir(),
    ],
    { env },
  );
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /cannot read the OpenID configuration of the authority https:\/\/127\.0\.0\.1:\d+\/[0-9a-f-]{36}: check --tenant-id/,
  );
});

Deno.test("spn: --timeout bounds a slow identity provider", async () => {
  entra.inject({ match: { clientId: secretApp }, times: 1, effect: { delayMs: 5000 } });
  try {
    const started = Date.now();
    const r = await runCli(
      spn(secretApp, cacheDir(), "--client-secret", SECRET, "--timeout", "1s"),
      { env },
    );
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: timed out after 1s/);
    assert.ok(Date.now() - started < 4000);
  } finally {
    entra.clearFaults();
  }
});

Deno.test("spn: without HOME or --cache-dir (systemd units, bare containers) it logs in uncached", async () => {
  const r = await runCli(["get-token", "--login", "spn", ...target, "--client-id", secretApp], {
    env: { ...env, AZURE_CLIENT_SECRET: SECRET },
  });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(await entra.verifyToken(JSON.parse(r.stdout).status.token));
  assert.equal(
    r.stderr,
    "warning: token cache not used: cannot find the home directory for the token cache: set HOME or --cache-dir\n",
  );
});
