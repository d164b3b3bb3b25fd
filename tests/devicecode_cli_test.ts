/**
 * devicecode (the default login) through the real CLI against the fake Entra ID: the sign-in
 * message on stderr only, polling until the person approves, silent repeat and refresh, a new
 * device code when the refresh token was revoked, declined codes, the timeout, and `--legacy`
 * (v1 endpoints, audience `spn:<server-id>`).
 */

import assert from "node:assert/strict";
import {
  ALICE,
  BOB,
  printed,
  savedRefreshTokens,
  SERVER_ID,
  SHORT_LIFETIME,
  startEntraCli,
} from "./entra_cli_setup.ts";

const t = await startEntraCli();
globalThis.addEventListener("unload", () => void t[Symbol.asyncDispose]());
const { entra } = t;

/** Runs devicecode and approves the code it shows as `username` (or declines it). */
async function signIn(cache: string, username: string | null, ...more: string[]) {
  const running = t.run(t.args("devicecode", cache, ...more));
  const code = await entra.waitForDeviceCode();
  await new Promise((r) => setTimeout(r, 250)); // let it poll while pending first
  if (username === null) entra.declineDeviceCode(code.userCode);
  else entra.approveDeviceCode(code.userCode, username);
  return { code, result: await running };
}

Deno.test("devicecode: the sign-in message goes to stderr, polling waits for approval, stdout has only the credential", async () => {
  t.lifetime(3600);
  const cache = t.cacheDir();
  const { code, result } = await signIn(cache, ALICE.username);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(
    result.stderr,
    `To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code ${code.userCode} to authenticate.\n`,
  );
  assert.equal(result.stdout.trim().split("\n").length, 1);
  const { token, expiresAt } = printed(result.stdout);
  const claims = await entra.verifyToken(token);
  assert.equal(claims.preferred_username, ALICE.username);
  assert.equal(claims.aud, SERVER_ID);
  assert.equal(expiresAt, claims.exp! * 1000);
  assert.deepEqual(code.scopes.filter((s) => s.includes("/")), [`${SERVER_ID}/.default`]);
  const polls = entra.requests.filter((r) => r.grantType === "device_code");
  assert.ok(polls.some((r) => r.errorCode === "AADSTS70016"), "polled while pending");

  const before = entra.requests.length;
  const again = await t.run(t.args("devicecode", cache));
  assert.equal(again.stdout, result.stdout);
  assert.equal(again.stderr, "");
  assert.equal(entra.requests.length, before, "no request for a cached token");
});

Deno.test("devicecode: after expiry the token is refreshed silently, with only a refresh_token grant", async () => {
  const cache = t.cacheDir();
  t.lifetime(SHORT_LIFETIME);
  assert.equal((await signIn(cache, ALICE.username)).result.code, 0);
  t.lifetime(3600);
  const tokenRequests = entra.countRequests({ endpoint: "token" });
  const deviceCodes = entra.countRequests({ endpoint: "devicecode" });
  const r = await t.run(t.args("devicecode", cache));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "", "no sign-in message");
  assert.equal(entra.countRequests({ endpoint: "token" }) - tokenRequests, 1);
  assert.equal(
    entra.requests.filter((q) => q.endpoint === "token").at(-1)!.grantType,
    "refresh_token",
  );
  assert.equal(entra.countRequests({ endpoint: "devicecode" }), deviceCodes);
  assert.equal(
    (await entra.verifyToken(printed(r.stdout).token)).preferred_username,
    ALICE.username,
  );
});

Deno.test("devicecode: concurrent runs with an expired token share one refresh; -v 10 shows no secret", async () => {
  const cache = t.cacheDir();
  t.lifetime(SHORT_LIFETIME);
  const { result: first } = await signIn(cache, ALICE.username);
  assert.equal(first.code, 0, first.stderr);
  t.lifetime(3600);
  const refreshes = entra.countRequests({ grantType: "refresh_token" });
  const runs = await Promise.all(
    Array.from({ length: 6 }, () => t.run(t.args("devicecode", cache, "-v", "10"))),
  );
  for (const r of runs) assert.equal(r.code, 0, r.stderr);
  assert.equal(entra.countRequests({ grantType: "refresh_token" }) - refreshes, 1);
  const tokens = new Set(runs.map((r) => printed(r.stdout).token));
  assert.equal(tokens.size, 1);
  const stderr = runs.map((r) => r.stderr).join("");
  assert.match(stderr, /refreshed the access token with the saved refresh token/);
  assert.match(stderr, /using the token another kubelogin just cached/);
  const secrets = [
    printed(first.stdout).token,
    ...tokens,
    ...savedRefreshTokens((await t.entry(cache)).state),
  ];
  for (const secret of secrets) assert.ok(!stderr.includes(secret), "a secret reached stderr");
});

Deno.test("devicecode: a revoked refresh token gives one line of explanation, then a new device code", async () => {
  const cache = t.cacheDir();
  t.lifetime(SHORT_LIFETIME);
  assert.equal((await signIn(cache, BOB.username)).result.code, 0);
  entra.revokeRefreshTokens({ username: BOB.username });
  t.lifetime(3600);
  const { code, result } = await signIn(cache, BOB.username);
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stderr.trimEnd().split("\n");
  assert.match(lines[0]!, /^The saved sign-in could not be refreshed: AADSTS50173: /);
  assert.match(lines[1]!, new RegExp(`enter the code ${code.userCode} `));
  assert.equal(lines.length, 2);
});

Deno.test("devicecode: a declined sign-in is an error saying so", async () => {
  const { result } = await signIn(t.cacheDir(), null);
  assert.equal(result.code, 1);
  assert.equal(result.stdout, "");
  assert.match(
    result.stderr,
    /\nerror: the sign-in with the device code was declined \(authorization_declined\)\n$/,
  );
});

Deno.test("devicecode: --timeout stops waiting for the person, and polling stops", async () => {
  const r = await t.run(t.args("devicecode", t.cacheDir(), "--timeout", "1s"));
  await entra.waitForDeviceCode(); // the code it started (left pending)
  assert.equal(r.code, 1);
  assert.match(r.stderr, /enter the code [A-Z0-9]{9} /);
  assert.match(r.stderr, /error: timed out after 1s \(raise --timeout to wait longer\)\n$/);
  const polls = entra.countRequests({ grantType: "device_code" });
  await new Promise((res) => setTimeout(res, 400));
  assert.equal(entra.countRequests({ grantType: "device_code" }), polls, "no poll after exit");
});

Deno.test("devicecode --legacy: v1 device code and token endpoints, audience spn:<server-id>, v1 refresh", async () => {
  const cache = t.cacheDir();
  t.lifetime(SHORT_LIFETIME);
  const { code, result } = await signIn(cache, ALICE.username, "--legacy");
  assert.equal(result.code, 0, result.stderr);
  assert.equal(code.resource, SERVER_ID);
  assert.match(result.stderr, new RegExp(`enter the code ${code.userCode} `));
  const claims = await entra.verifyToken(printed(result.stdout).token);
  assert.equal(claims.aud, `spn:${SERVER_ID}`);
  assert.equal(claims.ver, "1.0");
  assert.equal(entra.requests.filter((r) => r.endpoint === "devicecode").at(-1)!.version, "v1");
  const polls = entra.requests.filter((r) => r.grantType === "device_code" && r.version === "v1");
  assert.ok(polls.length >= 2, "polled while pending");
  assert.equal(polls.at(-1)!.params.resource, SERVER_ID);

  t.lifetime(3600);
  const refreshes = entra.countRequests({ grantType: "refresh_token", version: "v1" });
  const r = await t.run(t.args("devicecode", cache, "--legacy", "-v", "10"));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(entra.countRequests({ grantType: "refresh_token", version: "v1" }), refreshes + 1);
  assert.equal((await entra.verifyToken(printed(r.stdout).token)).aud, `spn:${SERVER_ID}`);
  const secrets = [
    printed(result.stdout).token,
    printed(r.stdout).token,
    ...savedRefreshTokens((await t.entry(cache)).state),
  ];
  assert.equal(secrets.length, 3);
  for (const secret of secrets) assert.ok(!r.stderr.includes(secret), "a secret reached stderr");
});

Deno.test("devicecode: --client-id and --tenant-id are required", async () => {
  const without = (flag: string) =>
    t.args("devicecode", t.cacheDir()).filter((a, i, all) => a !== flag && all[i - 1] !== flag);
  assert.equal((await t.run(without("--client-id"))).stderr, "error: client ID cannot be empty\n");
  assert.equal((await t.run(without("--tenant-id"))).stderr, "error: tenant ID cannot be empty\n");
  assert.equal((await t.run(without("--server-id"))).stderr, "error: server-id is required\n");
});
