import assert from "node:assert/strict";
import { IdentityProviderError } from "./entra_error.ts";
import { listenForRedirect, loopbackNet, parseRedirectUrl } from "./loopback.ts";

Deno.test("redirect URL: default is a free port on 127.0.0.1; a given one fixes port and path", () => {
  const free = parseRedirectUrl(undefined);
  assert.deepEqual(free, { hostname: "127.0.0.1", port: 0, path: "/" });
  assert.equal(loopbackNet(free), "127.0.0.1:0");
  const fixed = parseRedirectUrl("http://localhost:8400/callback");
  assert.deepEqual(fixed, {
    url: "http://localhost:8400/callback",
    hostname: "127.0.0.1",
    port: 8400,
    path: "/callback",
  });
  assert.equal(loopbackNet(fixed), "127.0.0.1:8400");
  assert.equal(parseRedirectUrl("http://127.0.0.1").port, 80);
});

Deno.test("redirect URL: not http, not loopback, or with a fragment is refused with the reason", () => {
  const cases: [string, RegExp][] = [
    ["https://localhost:8400/", /must be an http:\/\/ loopback URL/],
    ["http://example.com/", /host must be localhost or 127\.0\.0\.1/],
    ["http://0.0.0.0:8400/", /host must be localhost or 127\.0\.0\.1/],
    ["http://localhost:8400/#x", /must not have a #fragment/],
    ["localhost:8400", /must be an http:\/\/ loopback URL|not a URL/],
    ["::", /not a URL/],
  ];
  for (const [value, reason] of cases) {
    assert.throws(() => parseRedirectUrl(value), (err: Error) => {
      assert.equal(err.name, "InputError");
      assert.ok(err.message.startsWith(`redirect URL "${value}" is not valid: `), err.message);
      assert.match(err.message, reason);
      return true;
    });
  }
});

Deno.test({
  name:
    "loopback listener: other paths and other states are turned away; the code with our state is taken",
  permissions: { net: ["127.0.0.1"] },
  async fn() {
    const controller = new AbortController();
    await using listener = listenForRedirect(
      parseRedirectUrl(undefined),
      "our-state",
      controller.signal,
    );
    assert.match(listener.redirectUri, /^http:\/\/localhost:\d+$/);
    const base = listener.redirectUri.replace("localhost", "127.0.0.1");
    const favicon = await fetch(`${base}/favicon.ico`);
    assert.equal(favicon.status, 404);
    await favicon.body?.cancel();
    const forged = await fetch(`${base}/?code=stolen&state=other`);
    assert.equal(forged.status, 400);
    assert.match(await forged.text(), /does not belong to the sign-in kubelogin is waiting for/);
    const ok = await fetch(`${base}/?code=the-code&state=our-state&session_state=x`);
    assert.equal(ok.status, 200);
    assert.match(await ok.text(), /You can close this tab and return to the terminal\./);
    assert.equal(await listener.code, "the-code");
  },
});

Deno.test({
  name: "loopback listener: an error answer is Entra ID's error; an abort stops the wait",
  permissions: { net: ["127.0.0.1"] },
  async fn() {
    const controller = new AbortController();
    await using listener = listenForRedirect(parseRedirectUrl(undefined), "s", controller.signal);
    const base = listener.redirectUri.replace("localhost", "127.0.0.1");
    const description = "AADSTS65004: User declined to consent to access the app.\r\nTrace ID: 1";
    const page = await fetch(
      `${base}/?error=access_denied&state=s&error_description=${encodeURIComponent(description)}`,
    );
    assert.match(await page.text(), /User declined to consent.*You can close this tab/);
    await assert.rejects(listener.code, (err: Error) => {
      assert.ok(err instanceof IdentityProviderError);
      assert.equal(
        err.message,
        "AADSTS65004: User declined to consent to access the app. (access_denied)",
      );
      return true;
    });

    const aborting = new AbortController();
    await using waiting = listenForRedirect(parseRedirectUrl(undefined), "s", aborting.signal);
    aborting.abort(new Error("timed out"));
    await assert.rejects(waiting.code, /timed out/);
  },
});

Deno.test({
  name: "loopback listener: a --redirect-url port in use is a clear error",
  permissions: { net: ["127.0.0.1"] },
  fn() {
    const taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    try {
      const port = (taken.addr as Deno.NetAddr).port;
      assert.throws(
        () =>
          listenForRedirect(
            parseRedirectUrl(`http://localhost:${port}/`),
            "s",
            new AbortController().signal,
          ),
        new RegExp(`^Error: cannot listen for the sign-in redirect on http://localhost:${port}/: `),
      );
    } finally {
      taken.close();
    }
  },
});
