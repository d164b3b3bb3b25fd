/**
 * The fake Entra ID at the protocol level: discovery, Entra ID's error shape, client
 * credentials with secrets and certificate assertions, fault injection and the request log.
 */

import assert from "node:assert/strict";
import { importPKCS8, SignJWT } from "jose";
import { createClientCertificate, pemCertificates } from "./entra_id_cert.ts";
import { startEntraHttp } from "./entra_id_http.ts";
import { createTestCa } from "./tls.ts";

const TENANT = "0b2f5e3c-0000-4000-8000-000000000001";
const APP = { clientId: "app-secret", secret: "Sup3r~secret" };
const CERT_APP = "app-cert";
const SCOPE = "api://kube/.default";
const TOKEN = `${TENANT}/oauth2/v2.0/token`;

const start = () =>
  startEntraHttp((cert) => ({
    tenants: [TENANT],
    clients: [APP, { clientId: CERT_APP, certificatePem: cert.pem }],
  }));

const credentials = (extra: Record<string, string> = {}) => ({
  grant_type: "client_credentials",
  client_id: APP.clientId,
  client_secret: APP.secret,
  scope: SCOPE,
  ...extra,
});

Deno.test("entra fake: OpenID configuration and JWKS describe this host", async () => {
  await using h = await start();
  const { status, body } = await h.get(`${TENANT}/v2.0/.well-known/openid-configuration`);
  assert.equal(status, 200);
  assert.equal(body.token_endpoint, `${h.entra.url}${TOKEN}`);
  assert.equal(
    body.device_authorization_endpoint,
    `${h.entra.url}${TENANT}/oauth2/v2.0/devicecode`,
  );
  assert.equal(body.issuer, `${h.entra.url}${TENANT}/v2.0`);
  const common = await h.get("common/v2.0/.well-known/openid-configuration");
  assert.equal(common.body.issuer, `${h.entra.url}{tenantid}/v2.0`);
  const v1 = await h.get(`${TENANT}/.well-known/openid-configuration`);
  assert.equal(v1.body.token_endpoint, `${h.entra.url}${TENANT}/oauth2/token`);
  const keys = await h.get(`${TENANT}/discovery/v2.0/keys`);
  assert.deepEqual(keys.body, h.entra.jwks);
  const instance = await h.get("common/discovery/instance?api-version=1.1");
  assert.deepEqual((instance.body.metadata as { aliases: string[] }[])[0]?.aliases, [h.entra.host]);
  assert.equal((await h.get("nothing/here")).status, 404);
});

Deno.test("entra fake: errors have Entra ID's JSON shape", async () => {
  await using h = await start();
  const correlation = crypto.randomUUID();
  const { status, body } = await h.post(TOKEN, credentials({ client_secret: "wrong" }), {
    "client-request-id": correlation,
  });
  assert.equal(status, 401);
  assert.deepEqual(Object.keys(body).sort(), [
    "correlation_id",
    "error",
    "error_codes",
    "error_description",
    "error_uri",
    "timestamp",
    "trace_id",
  ]);
  assert.equal(body.error, "invalid_client");
  assert.deepEqual(body.error_codes, [7000215]);
  assert.equal(body.correlation_id, correlation);
  assert.match(String(body.timestamp), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  const description = String(body.error_description);
  assert.match(description, /^AADSTS7000215: Invalid client secret provided\./);
  assert.match(
    description,
    new RegExp(`\r\nTrace ID: ${body.trace_id}\r\nCorrelation ID: ${correlation}\r\n`),
  );
  const tenant = await h.get("other-tenant/v2.0/.well-known/openid-configuration");
  assert.equal(tenant.status, 400);
  assert.match(
    String(tenant.body.error_description),
    /^AADSTS90002: Tenant 'other-tenant' not found/,
  );
});

Deno.test("entra fake: client credentials issue a verifiable app token", async () => {
  await using h = await start();
  const { status, body } = await h.post(TOKEN, credentials());
  assert.equal(status, 200);
  assert.equal(body.token_type, "Bearer");
  assert.equal(body.expires_in, 3600);
  assert.equal(body.refresh_token, undefined);
  const claims = await h.entra.verifyToken(String(body.access_token));
  assert.equal(claims.aud, "api://kube");
  assert.equal(claims.tid, TENANT);
  assert.equal(claims.azp, APP.clientId);
  assert.equal(claims.ver, "2.0");
  assert.equal(claims.idtyp, "app");
  assert.equal(claims.exp! - claims.iat!, 3600);
  assert.equal(typeof claims.oid, "string");
});

Deno.test("entra fake: client credentials input errors", async (t) => {
  await using h = await start();
  const code = async (form: Record<string, string>) =>
    (await h.post(TOKEN, form)).body.error_codes as number[];
  await t.step("scope missing", async () => {
    const { scope: _, ...form } = credentials();
    assert.deepEqual(await code(form), [900144]);
  });
  await t.step("scope without /.default", async () => {
    assert.deepEqual(await code(credentials({ scope: "api://kube/read" })), [1002012]);
  });
  await t.step("no client authentication", async () => {
    const { client_secret: _, ...form } = credentials();
    assert.deepEqual(await code(form), [7000218]);
  });
  await t.step("unknown application", async () => {
    assert.deepEqual(await code(credentials({ client_id: "nobody" })), [700016]);
  });
  await t.step("unsupported grant", async () => {
    assert.deepEqual(await code(credentials({ grant_type: "magic" })), [70003]);
  });
});

type AssertionCase = {
  alg?: "RS256" | "PS256";
  header?: Record<string, unknown>;
  claims?: Record<string, unknown>;
  keyPem?: string;
};

Deno.test("entra fake: certificate client assertions are verified like Entra ID does", async (t) => {
  await using h = await start();
  const endpoint = `${h.entra.url}${TOKEN}`;
  const assertion = async ({ alg = "PS256", header, claims, keyPem }: AssertionCase) => {
    const now = Math.floor(Date.now() / 1000);
    return await new SignJWT({
      aud: endpoint,
      iss: CERT_APP,
      sub: CERT_APP,
      jti: crypto.randomUUID(),
      nbf: now,
      exp: now + 600,
      ...claims,
    }).setProtectedHeader({ alg, "x5t#S256": h.cert.x5tS256, ...header })
      .sign(await importPKCS8(keyPem ?? h.cert.keyPem, alg));
  };
  const send = async (c: AssertionCase) =>
    await h.post(TOKEN, {
      grant_type: "client_credentials",
      client_id: CERT_APP,
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: await assertion(c),
      scope: SCOPE,
    });
  const x5c = [h.cert.derBase64, ...pemCertificates(h.ca.certPem)];
  await t.step("PS256 + x5t#S256 + x5c chain", async () => {
    const { status, body } = await send({ header: { x5c } });
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal((await h.entra.verifyToken(String(body.access_token))).azpacr, "2");
    assert.deepEqual(h.entra.requests.at(-1)?.assertion, {
      alg: "PS256",
      thumbprintHeader: "x5t#S256",
      x5c: true,
      x5cLength: 2,
    });
  });
  await t.step("RS256 + SHA-1 x5t, no chain", async () => {
    const res = await send({ alg: "RS256", header: { "x5t#S256": undefined, x5t: h.cert.x5t } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(h.entra.requests.at(-1)?.assertion?.x5c, false);
  });
  const other = await createClientCertificate(await createTestCa());
  const failures: [string, AssertionCase, number, RegExp][] = [
    ["signed by another key", { keyPem: other.keyPem }, 700027, /did not match/],
    ["unknown thumbprint", { header: { "x5t#S256": other.x5tS256 } }, 700027, /key was not found/],
    ["x5c of another cert", { header: { x5c: [other.derBase64] } }, 700027, /x5c/],
    ["wrong audience", { claims: { aud: "https://elsewhere/token" } }, 700212, /audience/],
    ["issuer is not the client", { claims: { iss: "someone" } }, 700021, /client_id/],
    ["expired", { claims: { exp: 1000, nbf: 900 } }, 700024, /time range/],
  ];
  for (const [name, c, code, text] of failures) {
    await t.step(name, async () => {
      const { status, body } = await send(c);
      assert.equal(status, 401);
      assert.deepEqual(body.error_codes, [code]);
      assert.match(String(body.error_description), text);
    });
  }
});

Deno.test("entra fake: injected faults apply to matching requests, N times", async () => {
  await using h = await start();
  h.entra.inject({
    match: { grantType: "client_credentials" },
    times: 2,
    effect: { aadsts: 7000215 },
  });
  h.entra.inject({ match: { endpoint: "openid-configuration" }, effect: { httpStatus: 500 } });
  const discovery = await fetch(`${h.entra.url}common/v2.0/.well-known/openid-configuration`, {
    client: h.client,
  });
  assert.equal(discovery.status, 500);
  assert.equal(await discovery.text(), "");
  assert.equal((await h.post(TOKEN, credentials())).status, 401);
  assert.equal((await h.post(TOKEN, credentials())).status, 401);
  assert.equal((await h.post(TOKEN, credentials())).status, 200);
  h.entra.inject({ times: Infinity, effect: { aadsts: 90033 } });
  assert.equal((await h.post(TOKEN, credentials())).status, 503);
  h.entra.clearFaults();
  assert.equal((await h.post(TOKEN, credentials())).status, 200);
});

Deno.test("entra fake: a delay slows the answer; closing does not wait for it", async () => {
  await using h = await start();
  h.entra.inject({ effect: { delayMs: 300 } });
  const started = Date.now();
  assert.equal((await h.post(TOKEN, credentials())).status, 200);
  assert.ok(Date.now() - started >= 300);
  h.entra.inject({ effect: { delayMs: 60_000 } });
  const stuck = h.post(TOKEN, credentials()).catch((err) => err);
  while (h.entra.requests.length < 2) await new Promise((r) => setTimeout(r, 10));
  await h.entra.close();
  const answer = await stuck;
  assert.ok(answer instanceof Error || answer.status === 503);
});

Deno.test("entra fake: the log counts requests and holds no secret", async () => {
  await using h = await start();
  await Promise.all(Array.from({ length: 32 }, () => h.post(TOKEN, credentials())));
  await h.post(TOKEN, credentials({ client_secret: "wrong-secret" }));
  assert.equal(h.entra.countRequests({ grantType: "client_credentials" }), 33);
  assert.equal(h.entra.countRequests({ endpoint: "token", version: "v1" }), 0);
  assert.equal(h.entra.requests.filter((r) => r.status === 200).length, 32);
  const log = JSON.stringify(h.entra.requests);
  assert.ok(!log.includes(APP.secret) && !log.includes("wrong-secret"));
  assert.equal(h.entra.requests[0]?.params.client_secret, "[redacted]");
  assert.equal(h.entra.requests.at(-1)?.errorCode, "AADSTS7000215");
});

Deno.test({
  name: "entra fake: needs nothing but loopback networking",
  permissions: { net: ["127.0.0.1"] },
  async fn() {
    await using h = await start();
    assert.equal((await h.post(TOKEN, credentials())).status, 200);
  },
});
