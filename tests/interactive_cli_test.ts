/**
 * interactive through the real CLI against the fake Entra ID, with a fake browser in `BROWSER`:
 * auth code with PKCE through the loopback redirect, the URL on stderr, the "close this tab"
 * page, `--login-hint`, `--redirect-url`, silent repeat and refresh, and a person who copies
 * the URL when no browser can be started.
 */

import assert from "node:assert/strict";
import { denoDir, productCommand } from "./cli_harness.ts";
import {
  ALICE,
  BOB,
  printed,
  savedRefreshTokens,
  SERVER_ID,
  SHORT_LIFETIME,
  startEntraCli,
} from "./entra_cli_setup.ts";
import { openAuthorizeUrl } from "./fakes/entra_id_browser.ts";
import { writeFakeBrowser } from "./fakes/fake_browser.ts";

const t = await startEntraCli();
globalThis.addEventListener("unload", () => void t[Symbol.asyncDispose]());
const { entra } = t;
const browser = await writeFakeBrowser(t.dir);
const withBrowser = { BROWSER: browser.path };

const authorizeRequests = () => entra.requests.filter((r) => r.endpoint === "authorize");

Deno.test("interactive: signs in through BROWSER and the loopback redirect, with PKCE", async () => {
  t.lifetime(3600);
  const cache = t.cacheDir();
  const visits = (await browser.visits()).length;
  const r = await t.run(t.args("interactive", cache), withBrowser);
  assert.equal(r.code, 0, r.stderr);
  const [visit] = (await browser.waitForVisits(visits + 1)).slice(visits);
  const lines = r.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 2, r.stderr);
  assert.match(lines[0]!, /open this address in a web browser/);
  assert.equal(lines[1], visit!.url, "the URL on stderr is the one the browser got");

  const authorize = authorizeRequests().at(-1)!;
  const redirectUri = authorize.params.redirect_uri!;
  assert.match(redirectUri, /^http:\/\/localhost:\d+$/);
  assert.equal(authorize.params.code_challenge_method, "S256");
  assert.ok(authorize.params.state, "a state is sent");
  assert.equal(visit!.redirectUri, new URL(redirectUri).href, "the answer reached the listener");
  assert.equal(visit!.status, 200);
  assert.match(visit!.page!, /You can close this tab and return to the terminal\./);

  const redeem = entra.requests.filter((q) => q.grantType === "authorization_code").at(-1)!;
  assert.equal(redeem.status, 200, "the fake checked the PKCE verifier and redirect URI");
  assert.equal(redeem.params.redirect_uri, redirectUri);
  const claims = await entra.verifyToken(printed(r.stdout).token);
  assert.equal(claims.aud, SERVER_ID);
  assert.equal(claims.preferred_username, ALICE.username);

  const before = entra.requests.length;
  const again = await t.run(t.args("interactive", cache), withBrowser);
  assert.equal(again.stdout, r.stdout);
  assert.equal(again.stderr, "");
  assert.equal(entra.requests.length, before);
  assert.equal((await browser.visits()).length, visits + 1, "no browser for a cached token");
});

Deno.test("interactive: --login-hint picks the account; the refresh after expiry needs no browser", async () => {
  const cache = t.cacheDir();
  t.lifetime(SHORT_LIFETIME);
  const visits = (await browser.visits()).length;
  const first = await t.run(
    t.args("interactive", cache, "--login-hint", BOB.username),
    withBrowser,
  );
  assert.equal(first.code, 0, first.stderr);
  assert.equal(authorizeRequests().at(-1)!.params.login_hint, BOB.username);
  assert.equal(
    (await entra.verifyToken(printed(first.stdout).token)).preferred_username,
    BOB.username,
  );
  await browser.waitForVisits(visits + 1);

  t.lifetime(3600);
  const tokenRequests = entra.countRequests({ endpoint: "token" });
  const authorizes = authorizeRequests().length;
  const second = await t.run(
    t.args("interactive", cache, "--login-hint", BOB.username, "-v", "10"),
    withBrowser,
  );
  assert.equal(second.code, 0, second.stderr);
  assert.equal(entra.countRequests({ endpoint: "token" }) - tokenRequests, 1);
  assert.equal(
    entra.requests.filter((q) => q.endpoint === "token").at(-1)!.grantType,
    "refresh_token",
  );
  assert.equal(authorizeRequests().length, authorizes, "no new browser sign-in");
  assert.equal((await browser.visits()).length, visits + 1);

  const [visit] = (await browser.visits()).slice(visits);
  const secrets = [
    visit!.code!,
    printed(first.stdout).token,
    printed(second.stdout).token,
    ...savedRefreshTokens((await t.entry(cache)).state),
  ];
  for (const secret of secrets) {
    assert.ok(!(first.stderr + second.stderr).includes(secret), "a secret reached stderr");
  }
});

Deno.test("interactive: a revoked refresh token opens the browser again, after one line saying why", async () => {
  const cache = t.cacheDir();
  t.lifetime(SHORT_LIFETIME);
  const visits = (await browser.visits()).length;
  assert.equal((await t.run(t.args("interactive", cache), withBrowser)).code, 0);
  entra.revokeRefreshTokens({ username: ALICE.username });
  t.lifetime(3600);
  const r = await t.run(t.args("interactive", cache), withBrowser);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stderr.trimEnd().split("\n");
  assert.match(lines[0]!, /^The saved sign-in could not be refreshed: AADSTS50173: /);
  assert.match(lines[1]!, /open this address in a web browser/);
  assert.equal(lines.length, 3);
  await browser.waitForVisits(visits + 2);
  assert.equal(
    (await entra.verifyToken(printed(r.stdout).token)).preferred_username,
    ALICE.username,
  );
});

Deno.test("interactive: --redirect-url fixes the loopback port and path", async () => {
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (probe.addr as Deno.NetAddr).port;
  probe.close();
  const redirect = `http://localhost:${port}/callback`;
  const visits = (await browser.visits()).length;
  const r = await t.run(
    t.args("interactive", t.cacheDir(), "--redirect-url", redirect),
    withBrowser,
  );
  assert.equal(r.code, 0, r.stderr);
  assert.equal(authorizeRequests().at(-1)!.params.redirect_uri, redirect);
  const [visit] = (await browser.waitForVisits(visits + 1)).slice(visits);
  assert.equal(visit!.redirectUri, redirect);
  assert.equal(visit!.status, 200);
});

Deno.test("interactive: a --redirect-url that is not a loopback http URL is refused", async () => {
  const before = entra.requests.length;
  for (const bad of ["https://localhost:8400/", "http://example.com:8400/", "not a url"]) {
    const r = await t.run(t.args("interactive", t.cacheDir(), "--redirect-url", bad), withBrowser);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`^error: redirect URL "${bad}" is not valid: `));
  }
  assert.equal(entra.requests.length, before);
});

Deno.test("interactive: a sign-in refused at the authorize endpoint is Entra ID's error", async () => {
  const r = await t.run(
    t.args("interactive", t.cacheDir(), "--login-hint", "nobody@contoso.example"),
    withBrowser,
  );
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /\nerror: AADSTS50058: No user is signed in\. \(login_required\)\n$/);
});

Deno.test("interactive: with no browser to start, a person copies the URL from stderr", async () => {
  const [exe, ...args] = productCommand();
  const child = new Deno.Command(exe!, {
    args: [...args, ...t.args("interactive", t.cacheDir())],
    clearEnv: true,
    // No BROWSER, and no xdg-open on PATH: the platform opener cannot start.
    env: { ...t.env(), DENO_DIR: await denoDir(), PATH: t.dir, NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stdout = new Response(child.stdout).text();
  let stderr = "";
  const decoder = new TextDecoder();
  for await (const chunk of child.stderr) {
    stderr += decoder.decode(chunk, { stream: true });
    const url = /^(https:\/\/\S+)$/m.exec(stderr)?.[1];
    if (url === undefined) continue;
    const client = Deno.createHttpClient({ caCerts: [t.ca.certPem] });
    try {
      await openAuthorizeUrl(url, { client });
    } finally {
      client.close();
    }
    break;
  }
  const status = await child.status;
  assert.equal(status.code, 0, stderr);
  assert.equal(
    (await entra.verifyToken(printed(await stdout).token)).preferred_username,
    ALICE.username,
  );
});
