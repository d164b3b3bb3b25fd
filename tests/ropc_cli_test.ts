/**
 * ropc through the real CLI against the fake Entra ID: first login, silent repeat, silent
 * refresh, a fresh login when the refresh token was revoked, one refresh for many concurrent
 * runs, errors, and no secret on stderr even at -v 10.
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
const grants = (grantType: string) => entra.countRequests({ grantType });

const ropc = (cache: string, user = ALICE) => ({
  args: t.args("ropc", cache, "--username", user.username),
  env: { AZURE_PASSWORD: user.password },
});
const run = ({ args, env }: { args: string[]; env: Record<string, string> }) => t.run(args, env);

Deno.test("ropc: signs in with the password, then serves the cached token without a request", async () => {
  t.lifetime(3600);
  const cache = t.cacheDir();
  const before = entra.requests.length;
  const first = await run(ropc(cache));
  assert.equal(first.code, 0, first.stderr);
  const { token, expiresAt } = printed(first.stdout);
  const claims = await entra.verifyToken(token);
  assert.equal(claims.aud, SERVER_ID);
  assert.equal(claims.preferred_username, ALICE.username);
  assert.equal(expiresAt, claims.exp! * 1000);
  const login = entra.requests.filter((r) => r.endpoint === "token").at(-1)!;
  assert.equal(login.grantType, "password");
  assert.equal(login.params.username, ALICE.username);

  const after = entra.requests.length;
  const second = await run(ropc(cache));
  assert.equal(second.code, 0, second.stderr);
  assert.equal(second.stdout, first.stdout);
  assert.equal(entra.requests.length, after, "the second run sent no request");
  assert.ok(after > before);

  const entry = await t.entry(cache);
  assert.equal(entry.mode, 0o600);
  assert.ok(!entry.text.includes(ALICE.password), "the password is not cached");
  assert.equal(savedRefreshTokens(entry.state).length, 1, "msal's refresh token is kept");
});

Deno.test("ropc: an expired token is refreshed with only a refresh_token grant", async () => {
  const cache = t.cacheDir();
  t.lifetime(SHORT_LIFETIME);
  const first = await run(ropc(cache));
  assert.equal(first.code, 0, first.stderr);
  t.lifetime(3600);
  const passwords = grants("password");
  const tokenRequests = entra.countRequests({ endpoint: "token" });
  const second = await run(ropc(cache));
  assert.equal(second.code, 0, second.stderr);
  assert.equal(entra.countRequests({ endpoint: "token" }) - tokenRequests, 1);
  assert.equal(
    entra.requests.filter((r) => r.endpoint === "token").at(-1)!.grantType,
    "refresh_token",
  );
  assert.equal(grants("password"), passwords, "no new password grant");
  const refreshed = printed(second.stdout);
  assert.notEqual(refreshed.token, printed(first.stdout).token);
  assert.equal((await entra.verifyToken(refreshed.token)).preferred_username, ALICE.username);
  assert.ok(refreshed.expiresAt - Date.now() > 50 * 60_000, "the new token lives an hour");
  assert.equal(second.stderr, "", "a silent refresh says nothing");

  const third = await run(ropc(cache));
  assert.equal(third.stdout, second.stdout, "the refreshed token is cached");
});

Deno.test("ropc: a revoked refresh token falls back to a new login, with one line saying why", async () => {
  const cache = t.cacheDir();
  t.lifetime(SHORT_LIFETIME);
  assert.equal((await run(ropc(cache, BOB))).code, 0);
  assert.ok(entra.revokeRefreshTokens({ username: BOB.username }) > 0);
  t.lifetime(3600);
  const passwords = grants("password");
  const r = await run(ropc(cache, BOB));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(grants("password"), passwords + 1, "signed in again");
  const lines = r.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, r.stderr);
  assert.match(
    lines[0]!,
    /^The saved sign-in could not be refreshed: AADSTS50173: .* \(invalid_grant\)\. Signing in again\.$/,
  );
  assert.equal((await entra.verifyToken(printed(r.stdout).token)).preferred_username, BOB.username);
});

Deno.test("ropc: eight concurrent runs with an expired token cause one refresh", async () => {
  const cache = t.cacheDir();
  t.lifetime(SHORT_LIFETIME);
  assert.equal((await run(ropc(cache))).code, 0);
  t.lifetime(3600);
  const refreshes = grants("refresh_token");
  const passwords = grants("password");
  const results = await Promise.all(Array.from({ length: 8 }, () => run(ropc(cache))));
  for (const r of results) assert.equal(r.code, 0, r.stderr);
  assert.equal(grants("refresh_token") - refreshes, 1, "one refresh for eight runs");
  assert.equal(grants("password"), passwords);
  assert.equal(new Set(results.map((r) => printed(r.stdout).token)).size, 1);
});

Deno.test("ropc: a wrong password is Entra ID's error on one line, nothing on stdout", async () => {
  const r = await t.run(t.args("ropc", t.cacheDir(), "--username", ALICE.username), {
    AZURE_PASSWORD: "wrong password",
  });
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "");
  assert.match(
    r.stderr,
    /^error: AADSTS50126: Error validating credentials due to invalid username or password\. \(invalid_grant\)\n$/,
  );
});

Deno.test("ropc: missing username or password is refused before any request", async () => {
  const before = entra.requests.length;
  const noUser = await t.run(t.args("ropc", t.cacheDir()), { AZURE_PASSWORD: "x" });
  assert.equal(noUser.stderr, "error: username cannot be empty\n");
  const noPassword = await t.run(t.args("ropc", t.cacheDir(), "--username", ALICE.username));
  assert.equal(noPassword.stderr, "error: password cannot be empty\n");
  const noClient = await t.run(
    t.args("ropc", t.cacheDir()).filter((a, i, all) =>
      a !== "--client-id" && all[i - 1] !== "--client-id"
    ),
  );
  assert.equal(noClient.stderr, "error: client ID cannot be empty\n");
  assert.equal(entra.requests.length, before);
});

Deno.test("ropc: -v 10 shows what happens but never the password, a token or the refresh token", async () => {
  const cache = t.cacheDir();
  t.lifetime(SHORT_LIFETIME);
  const first = await t.run([...ropc(cache).args, "-v", "10"], ropc(cache).env);
  t.lifetime(3600);
  const second = await t.run([...ropc(cache).args, "-v", "10"], ropc(cache).env);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(second.code, 0, second.stderr);
  const stderr = first.stderr + second.stderr;
  assert.match(stderr, /msal: /, "msal's log is shown");
  assert.match(stderr, /refreshed the access token/);
  const entry = await t.entry(cache);
  const secrets = [
    ALICE.password,
    printed(first.stdout).token,
    printed(second.stdout).token,
    ...savedRefreshTokens(entry.state),
  ];
  for (const secret of secrets) assert.ok(!stderr.includes(secret), "a secret reached stderr");
});
