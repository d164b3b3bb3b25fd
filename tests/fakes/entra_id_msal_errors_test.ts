/**
 * How msal-node 7.2.1 reports Entra ID errors, how a PoP token request can be made with it,
 * and what its logger prints: each in a subprocess with exactly msal's permissions.
 */

import assert from "node:assert/strict";
import { calculateJwkThumbprint, exportJWK } from "jose";
import { startInterop, TENANT, USER } from "./entra_id_msal_setup.ts";
import type { FixtureRun, Outcome } from "./msal_fixture.ts";

type Failure = Extract<Outcome, { ok: false }>["error"];

function failed(run: FixtureRun): Failure {
  if (run.outcome.ok) assert.fail("msal succeeded where it should have failed");
  return run.outcome.error;
}

/** What the product prints: the AADSTS line out of msal's `errorMessage`. */
const AADSTS_LINE = /AADSTS\d+: [^\r\n]*/;

Deno.test("msal-node errors: a wrong client secret is a ServerError carrying AADSTS7000215", async () => {
  await using ix = await startInterop();
  const error = failed(await ix.run(ix.scenario("client_secret", { clientSecret: "wrong" })));
  assert.equal(error.name, "ServerError");
  assert.equal(error.errorCode, "invalid_client");
  assert.equal(error.errorNo, 7000215);
  assert.equal(error.status, 401);
  assert.match(String(error.errorMessage), /^Error\(s\): 7000215 - Timestamp: /);
  assert.match(
    AADSTS_LINE.exec(String(error.errorMessage))?.[0] ?? "",
    /^AADSTS7000215: Invalid client secret provided\./,
  );
  assert.ok(!JSON.stringify(error).includes("wrong"), "the secret is not echoed");
});

Deno.test("msal-node errors: bad password, unknown app, unregistered certificate", async () => {
  await using ix = await startInterop();
  const password = failed(await ix.run(ix.scenario("username_password", { password: "nope" })));
  assert.equal(password.errorCode, "invalid_grant");
  assert.equal(password.errorNo, 50126);
  assert.equal(password.status, undefined, "only client credentials report the HTTP status");
  const app = failed(await ix.run(ix.scenario("client_secret", { clientId: "unknown-app" })));
  assert.equal(app.errorCode, "unauthorized_client");
  assert.match(String(app.errorMessage), /AADSTS700016: Application with identifier 'unknown-app'/);
  const base = ix.scenario("client_certificate");
  const other = await ix.run({
    ...base,
    certificate: { ...base.certificate!, thumbprintSha256: "00".repeat(32) },
  });
  assert.match(String(failed(other).errorMessage), /AADSTS700027: .*The key was not found/);
});

Deno.test("msal-node errors: a revoked refresh token fails the silent call with AADSTS50173", async () => {
  await using ix = await startInterop({ tokens: { accessTokenLifetimeSeconds: 60 } });
  const first = await ix.run(ix.scenario("username_password"));
  assert.ok(first.outcome.ok);
  assert.equal(ix.entra.revokeRefreshTokens({ username: USER.username }), 1);
  const error = failed(await ix.run(ix.scenario("silent", { cache: first.outcome.cache! })));
  assert.equal(error.errorCode, "invalid_grant");
  assert.equal(error.errorNo, 50173);
  assert.match(String(error.errorMessage), /AADSTS50173: /);
});

Deno.test("msal-node errors: server failures and discovery failures", async (t) => {
  await using ix = await startInterop();
  await t.step("HTTP 500 with an empty body: token_parsing_error, no status", async () => {
    ix.entra.inject({ match: { endpoint: "token" }, effect: { httpStatus: 500 } });
    const error = failed(await ix.run(ix.scenario("client_secret")));
    assert.equal(error.errorCode, "token_parsing_error");
    assert.equal(error.status, undefined);
  });
  await t.step("HTTP 503 with an Entra ID body: ServerError with status", async () => {
    ix.entra.inject({ match: { endpoint: "token" }, effect: { aadsts: 90033 } });
    const error = failed(await ix.run(ix.scenario("client_secret")));
    assert.equal(error.name, "ServerError");
    assert.equal(error.status, 503);
    assert.equal(error.errorNo, 90033);
    assert.equal(error.errorCode, "temporarily_unavailable");
  });
  await t.step("unknown tenant: the AADSTS90002 answer is lost in discovery", async () => {
    const error = failed(
      await ix.run(ix.scenario("client_secret", { authority: ix.entra.authority("no-such") })),
    );
    assert.equal(error.errorCode, "endpoints_resolution_error");
    const discovery = ix.entra.requests.filter((r) => r.endpoint === "openid-configuration");
    assert.equal(discovery.at(-1)?.errorCode, "AADSTS90002");
  });
  await t.step("a declined device code: post_request_failed, the AADSTS text is lost", async () => {
    const run = ix.run(ix.scenario("device_code"));
    ix.entra.declineDeviceCode((await ix.entra.waitForDeviceCode()).userCode);
    const error = failed(await run);
    assert.equal(error.errorCode, "post_request_failed");
    assert.equal(error.errorMessage, "authorization_declined");
    assert.equal(ix.entra.requests.at(-1)?.errorCode, "AADSTS70020");
  });
});

async function popKey(): Promise<{ kid: string; reqCnf: string }> {
  const { publicKey } = await crypto.subtle.generateKey(
    {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    true,
    ["sign", "verify"],
  );
  const kid = await calculateJwkThumbprint(await exportJWK(publicKey));
  const reqCnf = btoa(JSON.stringify({ kid, xms_ksl: "sw" })).replace(/\+/g, "-")
    .replace(/\//g, "_").replace(/=+$/, "");
  return { kid, reqCnf };
}

Deno.test("msal-node PoP: a networkClient adds token_type/req_cnf in every flow", async () => {
  await using ix = await startInterop();
  const { kid, reqCnf } = await popKey();
  const pop = { kid, reqCnf, via: "networkClient", popKid: true } as const;
  for (const flow of ["client_secret", "username_password", "auth_code"] as const) {
    const run = await ix.run(ix.scenario(flow, { pop, loginHint: USER.username }));
    assert.ok(run.outcome.ok, `${flow}: ${JSON.stringify(run.outcome)}`);
    assert.equal(run.outcome.tokenType, "pop", flow);
    const claims = await ix.entra.verifyToken(run.outcome.accessToken);
    assert.deepEqual(claims.cnf, { kid, xms_ksl: "sw" }, flow);
    assert.equal(claims.tid, TENANT);
  }
});

Deno.test("msal-node PoP: without popKid msal tries to sign the token itself and fails", async () => {
  await using ix = await startInterop();
  const { kid, reqCnf } = await popKey();
  const pop = { kid, reqCnf, via: "networkClient", popKid: false } as const;
  const error = failed(await ix.run(ix.scenario("client_secret", { pop })));
  assert.equal(error.errorCode, "method_not_implemented");
  assert.equal(ix.entra.requests.at(-1)?.status, 200, "the token itself was issued");
});

Deno.test("msal-node PoP: extraParameters reach the body only for auth code and refresh", async () => {
  await using ix = await startInterop({ tokens: { accessTokenLifetimeSeconds: 60 } });
  const { kid, reqCnf } = await popKey();
  const sent = () => ix.entra.requests.filter((r) => r.endpoint === "token").at(-1)!;
  const pop = { kid, reqCnf, via: "extraParameters", popKid: true } as const;
  for (const flow of ["client_secret", "username_password"] as const) {
    const run = await ix.run(ix.scenario(flow, { pop }));
    assert.equal(run.outcome.ok && run.outcome.tokenType, "Bearer", `${flow} ignores them`);
    assert.equal(sent().params.token_type, undefined);
  }
  const code = await ix.run(ix.scenario("auth_code", { pop }));
  assert.equal(code.outcome.ok && code.outcome.tokenType, "pop");
  const plain = await ix.run(ix.scenario("username_password"));
  assert.ok(plain.outcome.ok);
  const silent = await ix.run(ix.scenario("silent", { pop, cache: plain.outcome.cache! }));
  assert.equal(silent.outcome.ok && silent.outcome.tokenType, "pop", "refresh carries them");
  const query = { kid, reqCnf, via: "extraQueryParameters", popKid: true } as const;
  await ix.run(ix.scenario("client_secret", { pop: query }));
  assert.equal(sent().params.token_type, undefined);
  assert.equal(sent().query.token_type, "pop", "extraQueryParameters land in the URL");
});

Deno.test("msal-node logging: Trace level without PII prints no secret or token", async () => {
  await using ix = await startInterop();
  for (const flow of ["client_secret", "username_password", "client_certificate"] as const) {
    const run = await ix.run(ix.scenario(flow, { log: { pii: false } }));
    assert.ok(run.outcome.ok);
    assert.ok(run.stderr.split("\n").length > 10, "msal logged");
    const refresh = run.outcome.cache ? JSON.parse(run.outcome.cache).RefreshToken : {};
    const secrets = [
      "s3cr3t~v@lue",
      USER.password,
      run.outcome.accessToken,
      ...Object.values(refresh).map((t) => (t as { secret: string }).secret),
      ix.cert.keyPem.split("\n")[1]!,
    ];
    for (const secret of secrets) assert.ok(!run.stderr.includes(secret), `${flow} leaked`);
  }
});
