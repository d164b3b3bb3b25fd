/**
 * The fake Entra ID's user flows at the protocol level: device code, authorize + code with
 * PKCE, refresh-token rotation and revocation, ROPC, the v1 endpoints, and PoP binding.
 */

import assert from "node:assert/strict";
import { openAuthorizeUrl } from "./entra_id_browser.ts";
import { type EntraHttp, startEntraHttp } from "./entra_id_http.ts";
import type { FakeEntraIdOptions } from "./entra_id.ts";

const TENANT = "0b2f5e3c-0000-4000-8000-000000000002";
const CLIENT = "public-client";
const USER = { username: "bob@contoso.example", password: "pa55word" };
const SCOPE = "api://kube/.default openid profile offline_access";
const V2 = `${TENANT}/oauth2/v2.0`;
const DEVICE_URN = "urn:ietf:params:oauth:grant-type:device_code";

const start = (extra: FakeEntraIdOptions = {}) =>
  startEntraHttp(() => ({
    tenants: [TENANT],
    clients: [{ clientId: CLIENT }],
    users: [USER],
    ...extra,
  }));

const password = (h: EntraHttp, extra: Record<string, string> = {}) =>
  h.post(`${V2}/token`, {
    grant_type: "password",
    client_id: CLIENT,
    scope: SCOPE,
    client_info: "1",
    ...USER,
    ...extra,
  });

Deno.test("entra fake: device code is pending until approved, then single use", async () => {
  await using h = await start();
  const start_ = await h.post(`${V2}/devicecode`, { client_id: CLIENT, scope: SCOPE });
  assert.equal(start_.status, 200);
  assert.equal(start_.body.interval, 1);
  assert.equal(start_.body.expires_in, 900);
  assert.match(String(start_.body.user_code), /^[A-Z2-9]{9}$/);
  assert.match(String(start_.body.message), new RegExp(`enter the code ${start_.body.user_code}`));
  assert.equal((await h.entra.waitForDeviceCode()).userCode, start_.body.user_code);
  const poll = () =>
    h.post(`${V2}/token`, {
      grant_type: DEVICE_URN,
      client_id: CLIENT,
      device_code: String(start_.body.device_code),
      scope: SCOPE,
      client_info: "1",
    });
  const pending = await poll();
  assert.equal(pending.body.error, "authorization_pending");
  assert.deepEqual(pending.body.error_codes, [70016]);
  h.entra.approveDeviceCode(String(start_.body.user_code), USER.username);
  const done = await poll();
  assert.equal(done.status, 200);
  assert.equal(typeof done.body.refresh_token, "string");
  assert.equal(typeof done.body.id_token, "string");
  const info = JSON.parse(
    atob(String(done.body.client_info).replace(/-/g, "+").replace(/_/g, "/")),
  );
  assert.equal(info.utid, TENANT);
  const claims = await h.entra.verifyToken(String(done.body.access_token));
  assert.equal(claims.preferred_username, USER.username);
  assert.equal(claims.oid, info.uid);
  assert.equal(claims.scp, "user_impersonation");
  assert.deepEqual((await poll()).body.error_codes, [70000], "a code is redeemed once");
});

Deno.test("entra fake: device code declined, expired, or auto-approved", async () => {
  await using h = await start({ deviceCode: { expiresInSeconds: 0 } });
  const code = async () =>
    String(
      (await h.post(`${V2}/devicecode`, { client_id: CLIENT, scope: SCOPE })).body.device_code,
    );
  const poll = (device_code: string) =>
    h.post(`${V2}/token`, { grant_type: DEVICE_URN, client_id: CLIENT, device_code });
  const expired = await code();
  await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual((await poll(expired)).body.error_codes, [70019]);
  await using h2 = await start({
    deviceCode: { autoApprove: { username: USER.username, afterPolls: 2 } },
  });
  const auto = String(
    (await h2.post(`${V2}/devicecode`, { client_id: CLIENT, scope: SCOPE })).body.device_code,
  );
  const poll2 = () =>
    h2.post(`${V2}/token`, { grant_type: DEVICE_URN, client_id: CLIENT, device_code: auto });
  assert.equal((await poll2()).body.error, "authorization_pending");
  assert.equal((await poll2()).body.error, "authorization_pending");
  assert.equal((await poll2()).status, 200);
  const declined = await h2.post(`${V2}/devicecode`, { client_id: CLIENT, scope: SCOPE });
  h2.entra.declineDeviceCode(String(declined.body.user_code));
  const answer = await h2.post(`${V2}/token`, {
    grant_type: DEVICE_URN,
    client_id: CLIENT,
    device_code: String(declined.body.device_code),
  });
  assert.equal(answer.body.error, "authorization_declined");
});

const VERIFIER = "a-verifier-of-at-least-43-characters-0123456789abcdef";

async function authorizeUrl(h: EntraHttp, extra: Record<string, string> = {}) {
  const url = new URL(`${h.entra.url}${V2}/authorize`);
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(VERIFIER));
  const challenge = btoa(String.fromCharCode(...new Uint8Array(digest))).replace(/\+/g, "-")
    .replace(/\//g, "_").replace(/=+$/, "");
  for (
    const [k, v] of Object.entries({
      client_id: CLIENT,
      response_type: "code",
      redirect_uri: "http://localhost:8400/",
      scope: SCOPE,
      state: "st-1",
      code_challenge: challenge,
      code_challenge_method: "S256",
      client_info: "1",
      ...extra,
    })
  ) url.searchParams.set(k, v);
  return url.href;
}

Deno.test("entra fake: authorize redirects with code and state; PKCE is enforced", async () => {
  await using h = await start();
  const answer = await openAuthorizeUrl(await authorizeUrl(h, { login_hint: USER.username }), {
    client: h.client,
    deliver: false,
  });
  assert.equal(answer.mode, "query");
  assert.equal(answer.redirectUri, "http://localhost:8400/");
  assert.equal(answer.params.get("state"), "st-1");
  assert.equal(typeof answer.params.get("client_info"), "string");
  const redeem = (extra: Record<string, string>) =>
    h.post(`${V2}/token`, {
      grant_type: "authorization_code",
      client_id: CLIENT,
      code: answer.params.get("code")!,
      redirect_uri: "http://localhost:8400/",
      scope: SCOPE,
      ...extra,
    });
  assert.deepEqual((await redeem({ code_verifier: "not-the-verifier" })).body.error_codes, [
    501481,
  ]);
  assert.deepEqual(
    (await redeem({ code_verifier: VERIFIER, redirect_uri: "http://localhost:1/" })).body
      .error_codes,
    [500112],
  );
  const ok = await redeem({ code_verifier: VERIFIER });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal((await h.entra.verifyToken(String(ok.body.access_token))).aud, "api://kube");
  assert.deepEqual((await redeem({ code_verifier: VERIFIER })).body.error_codes, [54005]);
  const form = await openAuthorizeUrl(await authorizeUrl(h, { response_mode: "form_post" }), {
    client: h.client,
    deliver: false,
  });
  assert.equal(form.mode, "form_post");
  assert.equal(form.params.get("state"), "st-1");
});

Deno.test("entra fake: refresh tokens rotate, can be revoked, and reuse can be refused", async () => {
  await using h = await start({ tokens: { refreshTokenReuse: "reject" } });
  const first = await password(h);
  const refresh = (token: unknown, scope = SCOPE) =>
    h.post(`${V2}/token`, {
      grant_type: "refresh_token",
      client_id: CLIENT,
      refresh_token: String(token),
      scope,
    });
  const second = await refresh(first.body.refresh_token, "https://other.example/.default");
  assert.equal(second.status, 200);
  assert.notEqual(second.body.refresh_token, first.body.refresh_token);
  assert.equal(
    (await h.entra.verifyToken(String(second.body.access_token))).aud,
    "https://other.example",
  );
  assert.deepEqual((await refresh(first.body.refresh_token)).body.error_codes, [70000]);
  assert.equal(h.entra.revokeRefreshTokens({ username: USER.username }), 2);
  const revoked = await refresh(second.body.refresh_token);
  assert.equal(revoked.body.error, "invalid_grant");
  assert.deepEqual(revoked.body.error_codes, [50173]);
});

Deno.test("entra fake: ROPC checks the password; tokens follow the requested scopes", async () => {
  await using h = await start();
  assert.deepEqual((await password(h, { password: "wrong" })).body.error_codes, [50126]);
  assert.deepEqual((await password(h, { username: "eve@x" })).body.error_codes, [50034]);
  const bare = await password(h, { scope: "api://kube/.default" });
  assert.equal(bare.body.refresh_token, undefined, "no offline_access, no refresh token");
  assert.equal(bare.body.id_token, undefined, "no openid, no ID token");
  const two = await password(h, { scope: "api://a/.default api://b/.default" });
  assert.deepEqual(two.body.error_codes, [28000]);
  const claims = await h.entra.verifyToken(String((await password(h)).body.access_token));
  assert.equal(claims.idtyp, "user");
  assert.equal(claims.azpacr, "0");
});

Deno.test("entra fake: v1 endpoints answer with resource and spn: audience", async () => {
  await using h = await start({
    clients: [{ clientId: CLIENT }, { clientId: "spn", secret: "v1-secret" }],
  });
  const app = await h.post(`${TENANT}/oauth2/token?api-version=1.0`, {
    grant_type: "client_credentials",
    client_id: "spn",
    client_secret: "v1-secret",
    resource: "6dae42f8-4368-4678-94ff-3960e28e3630",
  });
  assert.equal(app.status, 200);
  assert.equal(typeof app.body.expires_on, "string");
  const claims = await h.entra.verifyToken(String(app.body.access_token));
  assert.equal(claims.aud, "spn:6dae42f8-4368-4678-94ff-3960e28e3630");
  assert.equal(claims.ver, "1.0");
  assert.equal(claims.appid, "spn");
  const dc = await h.post(`${TENANT}/oauth2/devicecode`, { client_id: CLIENT, resource: "res" });
  assert.equal(dc.body.verification_url, "https://microsoft.com/devicelogin");
  assert.equal(dc.body.expires_in, "900");
  h.entra.approveDeviceCode(String(dc.body.user_code), USER.username);
  const token = await h.post(`${TENANT}/oauth2/token`, {
    grant_type: "device_code",
    client_id: CLIENT,
    code: String(dc.body.device_code),
    resource: "res",
  });
  assert.equal(token.status, 200);
  assert.equal(typeof token.body.refresh_token, "string");
  assert.equal((await h.entra.verifyToken(String(token.body.access_token))).aud, "spn:res");
  assert.equal(h.entra.countRequests({ version: "v1", grantType: "device_code" }), 1);
});

Deno.test("entra fake: PoP requests bind the access token to the req_cnf kid", async () => {
  await using h = await start();
  const reqCnf = btoa(JSON.stringify({ kid: "kid-1", xms_ksl: "sw" })).replace(/=+$/, "");
  const pop = await password(h, { token_type: "pop", req_cnf: reqCnf });
  assert.equal(pop.body.token_type, "pop");
  const claims = await h.entra.verifyToken(String(pop.body.access_token));
  assert.deepEqual(claims.cnf, { kid: "kid-1", xms_ksl: "sw" });
  const bad = await password(h, { token_type: "pop", req_cnf: "not-json" });
  assert.deepEqual(bad.body.error_codes, [9002313]);
  const missing = await password(h, { token_type: "pop" });
  assert.deepEqual(missing.body.error_codes, [900144]);
  const bearer = await password(h);
  assert.equal(bearer.body.token_type, "Bearer");
  assert.equal((await h.entra.verifyToken(String(bearer.body.access_token))).cnf, undefined);
});
