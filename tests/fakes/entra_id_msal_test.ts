/**
 * msal-node 7.2.1 against the fake Entra ID, one subprocess per flow, each with exactly the
 * permissions `msal_permissions.ts` declares: the flow must succeed, and Deno's audit log must
 * show that msal asked for nothing else (no other host, env name, file or sys call).
 */

import assert from "node:assert/strict";
import {
  AKS_SERVER,
  CERT_APP_ID,
  type Interop,
  PUBLIC_APP_ID,
  SECRET_APP,
  startInterop,
  TENANT,
  USER,
} from "./entra_id_msal_setup.ts";
import { FIXTURE_SOURCES, type FixtureRun, type Outcome } from "./msal_fixture.ts";
import { openIdConfiguration } from "./entra_id_routes.ts";
import { type MsalFlowName, msalFlowPermissions } from "./msal_permissions.ts";

type Success = Extract<Outcome, { ok: true }>;

function succeeded(run: FixtureRun): Success {
  if (!run.outcome.ok) {
    assert.fail(`msal failed: ${JSON.stringify(run.outcome.error)}\n${run.stderr}`);
  }
  return run.outcome;
}

const covers = (grant: string, value: string) => grant === value || value.startsWith(`${grant}:`);

/** The audit shows exactly the declared env names and hosts, and no other kind of access. */
function assertExactlyDeclared(
  ix: Interop,
  flow: MsalFlowName,
  run: FixtureRun,
  extraNet: string[] = [],
): void {
  const declared = msalFlowPermissions(flow, ix.entra.host);
  const { read = [], ...audit } = run.audit;
  // Only module loading reads (the fixture's own sources, when it starts a worker).
  const reads = read.filter((p) => !FIXTURE_SOURCES.some((dir) => p.startsWith(`${dir}/`)));
  assert.deepEqual(reads, [], "no file reads");
  assert.deepEqual(Object.keys(audit).sort(), ["env", "net"], JSON.stringify(run.audit));
  assert.deepEqual(run.audit.env, [...declared.env!].sort());
  const grants = [...declared.net!, ...extraNet];
  for (const host of run.audit.net!) {
    assert.ok(grants.some((g) => covers(g, host)), `undeclared host ${host}`);
  }
  for (const g of declared.net!) {
    assert.ok(run.audit.net!.some((h) => covers(g, h)), `declared ${g} but never used`);
  }
}

Deno.test("msal-node: client credentials with a secret, under exactly its permissions", async () => {
  await using ix = await startInterop();
  const result = await ix.run(ix.scenario("client_secret"));
  const ok = succeeded(result);
  assertExactlyDeclared(ix, "client_secret", result);
  const claims = await ix.entra.verifyToken(ok.accessToken);
  assert.equal(claims.aud, AKS_SERVER);
  assert.equal(claims.tid, TENANT);
  assert.equal(claims.azp, SECRET_APP.clientId);
  assert.equal(claims.azpacr, "1");
  assert.equal(ok.tokenType, "Bearer");
  assert.equal(ix.entra.countRequests({ grantType: "client_credentials" }), 1);
  assert.equal(ix.entra.countRequests({ endpoint: "openid-configuration" }), 1);
});

Deno.test("msal-node: client certificate sends PS256 + x5t#S256 and the x5c chain", async () => {
  await using ix = await startInterop();
  const result = await ix.run(ix.scenario("client_certificate"));
  const ok = succeeded(result);
  assertExactlyDeclared(ix, "client_certificate", result);
  const claims = await ix.entra.verifyToken(ok.accessToken);
  assert.equal(claims.azp, CERT_APP_ID);
  assert.equal(claims.azpacr, "2");
  const [token] = ix.entra.requests.filter((r) => r.endpoint === "token");
  assert.deepEqual(token?.assertion, {
    alg: "PS256",
    thumbprintHeader: "x5t#S256",
    x5c: true,
    x5cLength: 2,
  });
});

Deno.test("msal-node: client certificate without x5c sends no chain", async () => {
  await using ix = await startInterop();
  const base = ix.scenario("client_certificate");
  const { x5c: _, ...certificate } = base.certificate!;
  succeeded(await ix.run({ ...base, certificate }));
  const [token] = ix.entra.requests.filter((r) => r.endpoint === "token");
  assert.equal(token?.assertion?.x5c, false);
});

Deno.test("msal-node: device code polls until the user approves", async () => {
  await using ix = await startInterop();
  const pending = ix.run(ix.scenario("device_code"));
  const code = await ix.entra.waitForDeviceCode();
  assert.equal(code.clientId, PUBLIC_APP_ID);
  // Let msal see authorization_pending at least once before approving.
  while (ix.entra.countRequests({ grantType: "device_code" }) === 0) {
    await new Promise((r) => setTimeout(r, 50));
  }
  ix.entra.approveDeviceCode(code.userCode, USER.username);
  const result = await pending;
  const ok = succeeded(result);
  assertExactlyDeclared(ix, "device_code", result);
  assert.match(result.stderr, new RegExp(`enter the code ${code.userCode} to authenticate`));
  const claims = await ix.entra.verifyToken(ok.accessToken);
  assert.equal(claims.preferred_username, USER.username);
  assert.equal(ok.account?.username, USER.username);
  const polls = ix.entra.requests.filter((r) => r.grantType === "device_code");
  assert.ok(polls.some((r) => r.errorCode === "AADSTS70016"));
  assert.equal(polls.at(-1)?.status, 200);
});

Deno.test("msal-node: authorization code with PKCE (S256)", async () => {
  await using ix = await startInterop();
  const result = await ix.run(ix.scenario("auth_code", { loginHint: USER.username }));
  const ok = succeeded(result);
  assertExactlyDeclared(ix, "auth_code", result);
  const [authorize] = ix.entra.requests.filter((r) => r.endpoint === "authorize");
  assert.equal(authorize?.params.code_challenge_method, "S256");
  assert.equal(authorize?.params.response_mode, "query");
  assert.equal(
    (await ix.entra.verifyToken(ok.accessToken)).oid,
    ok.account?.homeAccountId.split(".")[0],
  );
});

Deno.test("msal-node: interactive flow (form_post to msal's loopback server)", async () => {
  await using ix = await startInterop();
  // The fixture's fake browser posts to http://localhost:<port>; a real browser needs no grant.
  const result = await ix.run(ix.scenario("interactive"), { extraNet: ["localhost"] });
  const ok = succeeded(result);
  assertExactlyDeclared(ix, "interactive", result, ["localhost"]);
  assert.ok(result.audit.net!.includes("127.0.0.1:0"), "listens on 127.0.0.1:0");
  const [authorize] = ix.entra.requests.filter((r) => r.endpoint === "authorize");
  assert.equal(authorize?.params.response_mode, "form_post");
  assert.match(authorize?.params.redirect_uri ?? "", /^http:\/\/localhost:\d+$/);
  assert.equal(ok.account?.username, USER.username);
});

Deno.test("msal-node: username/password (ROPC)", async () => {
  await using ix = await startInterop();
  const result = await ix.run(ix.scenario("username_password"));
  const ok = succeeded(result);
  assertExactlyDeclared(ix, "username_password", result);
  assert.equal((await ix.entra.verifyToken(ok.accessToken)).preferred_username, USER.username);
  assert.ok(!JSON.stringify(ix.entra.requests).includes(USER.password), "log holds no password");
});

Deno.test("msal-node: a deserialized cache refreshes an expired token silently", async () => {
  // Under 300 s of lifetime msal treats an access token as expired.
  await using ix = await startInterop({ tokens: { accessTokenLifetimeSeconds: 120 } });
  const first = succeeded(await ix.run(ix.scenario("username_password")));
  const result = await ix.run(ix.scenario("silent", { cache: first.cache! }));
  const second = succeeded(result);
  assertExactlyDeclared(ix, "silent", result);
  assert.equal(second.fromCache, false);
  assert.notEqual(second.accessToken, first.accessToken);
  assert.equal(ix.entra.countRequests({ grantType: "refresh_token" }), 1);
  const rt = (cache: string) =>
    Object.values(JSON.parse(cache).RefreshToken)[0] as { secret: string };
  assert.notEqual(rt(second.cache!).secret, rt(first.cache!).secret, "rotated refresh token saved");
});

Deno.test("msal-node: a valid cached token still costs a discovery request", async () => {
  await using ix = await startInterop();
  const first = succeeded(await ix.run(ix.scenario("username_password")));
  const before = ix.entra.requests.length;
  const result = await ix.run(ix.scenario("silent", { cache: first.cache! }));
  const second = succeeded(result);
  assert.equal(second.fromCache, true);
  assert.equal(second.accessToken, first.accessToken);
  assert.deepEqual(
    ix.entra.requests.slice(before).map((r) => r.endpoint),
    ["openid-configuration"],
  );
});

Deno.test("msal-node: with authorityMetadata a cache hit makes no request at all", async () => {
  await using ix = await startInterop();
  const authorityMetadata = JSON.stringify(
    openIdConfiguration(ix.entra.url, TENANT, TENANT, "v2"),
  );
  const first = succeeded(
    await ix.run(ix.scenario("username_password", { authorityMetadata })),
  );
  assert.equal(ix.entra.countRequests({ endpoint: "openid-configuration" }), 0);
  const result = await ix.run(ix.scenario("silent", { cache: first.cache!, authorityMetadata }));
  assert.equal(succeeded(result).fromCache, true);
  assert.equal(ix.entra.requests.length, 1, "only the password grant");
  assert.deepEqual(result.audit.net ?? [], [], "no network access attempted");
});

Deno.test("msal-node: flows work inside a worker confined like the product's sandbox", async () => {
  await using ix = await startInterop();
  for (const flow of ["client_secret", "client_certificate", "username_password"] as const) {
    const result = await ix.run(ix.scenario(flow), { inWorker: true });
    succeeded(result);
    assertExactlyDeclared(ix, flow, result);
  }
  // node:http's loopback server inside the worker, reached by the fixture's browser.
  const result = await ix.run(ix.scenario("interactive"), {
    inWorker: true,
    extraNet: ["localhost"],
  });
  assert.equal(succeeded(result).account?.username, USER.username);
  assertExactlyDeclared(ix, "interactive", result, ["localhost"]);
});

Deno.test("msal-node: knownAuthorities needs the port, or msal asks login.microsoftonline.com", async () => {
  await using ix = await startInterop();
  const url = await ix.run(ix.scenario("client_secret", { knownAuthorities: [ix.entra.url] }));
  succeeded(url);
  const noPort = await ix.run(ix.scenario("client_secret", { knownAuthorities: ["127.0.0.1"] }));
  assert.equal(!noPort.outcome.ok && noPort.outcome.error.errorCode, "endpoints_resolution_error");
  assert.deepEqual(noPort.audit.net, ["login.microsoftonline.com:443"]);
  assert.equal(ix.entra.countRequests({ clientId: SECRET_APP.clientId }), 1, "only the first run");
});

Deno.test("msal-node: MSAL_FORCE_REGION moves the token host unless the request disables it", async () => {
  await using ix = await startInterop();
  const env = { MSAL_FORCE_REGION: "westus" };
  const forced = await ix.run(ix.scenario("client_secret"), { env });
  assert.ok(!forced.outcome.ok);
  assert.match(String(forced.outcome.error.message), /https:\/\/westus\.127\.0\.0\.1:/);
  const pinned = await ix.run(
    ix.scenario("client_secret", { azureRegion: "DisableMsalForceRegion" }),
    { env },
  );
  succeeded(pinned);
  assertExactlyDeclared(ix, "client_secret", pinned);
});
