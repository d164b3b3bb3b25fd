import assert from "node:assert/strict";
import { epoch, serviceAccountJwt } from "../../tests/jwt_fixtures.ts";
import { credentialFromTokenFile } from "./service_account_token.ts";

const bytes = (s: string) => new TextEncoder().encode(s);
const read = (content: string, now = Date.now()) =>
  credentialFromTokenFile(bytes(content), "/run/sa/token", now);
const NONE = {} as const; // no permissions at all: parsing a token file must need none

Deno.test({
  name: "sa token: exp becomes the expiry; one trailing newline is trimmed",
  permissions: NONE,
  async fn() {
    const exp = epoch(3600);
    const jwt = await serviceAccountJwt({ exp });
    assert.deepEqual(await read(jwt + "\n"), { token: jwt, expiresAt: exp * 1000 });
    assert.deepEqual(await read(jwt + "\r\n"), { token: jwt, expiresAt: exp * 1000 });
  },
});

Deno.test({
  name: "sa token: an earlier future kubernetes.io.warnafter is reported instead of exp",
  permissions: NONE,
  async fn() {
    const exp = epoch(365 * 86400);
    const warnafter = epoch(3600);
    const jwt = await serviceAccountJwt({ exp, "kubernetes.io": { namespace: "ci", warnafter } });
    assert.equal((await read(jwt)).expiresAt, warnafter * 1000);
    const passed = await serviceAccountJwt({ exp, "kubernetes.io": { warnafter: epoch(-60) } });
    assert.equal(
      (await read(passed)).expiresAt,
      exp * 1000,
      "a warnafter in the past would re-run the plugin on every request",
    );
  },
});

Deno.test({
  name: "sa token: legacy secret-based tokens without exp and opaque tokens have no expiry",
  permissions: NONE,
  async fn() {
    const legacy = await serviceAccountJwt({ iss: "kubernetes/serviceaccount" });
    assert.deepEqual(await read(legacy), { token: legacy });
    assert.deepEqual(await read("s3cr3t-static-token\n"), { token: "s3cr3t-static-token" });
    assert.deepEqual(await read("not.a.jwt"), { token: "not.a.jwt" });
  },
});

Deno.test({
  name: "sa token: an expired token is an error naming the file and the time",
  permissions: NONE,
  async fn() {
    const jwt = await serviceAccountJwt({ exp: Date.UTC(2024, 0, 2, 3, 4, 5) / 1000 });
    await assert.rejects(read(jwt), {
      name: "InputError",
      message: 'service account token in "/run/sa/token" expired at 2024-01-02T03:04:05Z',
    });
  },
});

Deno.test({
  name:
    "sa token: empty, whitespace, binary and malformed content are one-line errors naming the file",
  permissions: NONE,
  async fn() {
    const cases: [string | Uint8Array, RegExp][] = [
      ["", /^service account token file "\/run\/sa\/token" is empty$/],
      ["\n", /is empty$/],
      ["   \n", /is empty$/],
      ["abc def\n", /^service account token in "\/run\/sa\/token" contains whitespace/],
      ["abc\ndef\n", /contains whitespace/],
      [
        new Uint8Array([0xff, 0xfe, 0x00, 0x41]),
        /^service account token file "\/run\/sa\/token" is not UTF-8 text$/,
      ],
      ["tok\u0001en", /cannot be sent in an HTTP header/],
      ["tökën", /cannot be sent in an HTTP header/],
      [
        `${btoa('{"alg":"RS256"}').replace(/=+$/, "")}.bm90LWpzb24.sig`,
        /is not a valid JWT: its payload is not base64url-encoded JSON/,
      ],
    ];
    for (const [content, message] of cases) {
      const data = typeof content === "string" ? bytes(content) : content;
      await assert.rejects(
        credentialFromTokenFile(data, "/run/sa/token", Date.now()),
        (err: Error) => {
          assert.equal(err.name, "InputError");
          assert.match(err.message, message);
          assert.ok(!err.message.includes("\n"), "one line");
          return true;
        },
      );
    }
  },
});

Deno.test({
  name: "sa token: exp that is not a number is rejected",
  permissions: NONE,
  async fn() {
    const jwt = await serviceAccountJwt({ exp: "tomorrow" });
    await assert.rejects(read(jwt), { message: /has an exp claim that is not a number/ });
  },
});

const secretJson = (data: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify(
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "deployer-token", namespace: "ci" },
      type: "kubernetes.io/service-account-token",
      ...data,
      ...extra,
    },
    null,
    2,
  );

Deno.test({
  name: "sa token: a JSON Secret manifest with base64 data.token (as kubectl -o json prints it)",
  permissions: NONE,
  async fn() {
    const exp = epoch(600);
    const jwt = await serviceAccountJwt({ exp });
    const manifest = secretJson({
      data: { token: btoa(jwt), "ca.crt": btoa("CA"), namespace: btoa("ci") },
    });
    assert.deepEqual(await read(manifest), { token: jwt, expiresAt: exp * 1000 });
    const stringData = secretJson({ stringData: { token: jwt } });
    assert.deepEqual(await read(stringData), { token: jwt, expiresAt: exp * 1000 });
  },
});

Deno.test({
  name: "sa token: a YAML Secret manifest (as kubectl -o yaml prints it), comments allowed",
  permissions: NONE,
  async fn() {
    const jwt = await serviceAccountJwt({ iss: "kubernetes/serviceaccount" });
    const yaml = [
      "# saved with kubectl get secret deployer-token -o yaml",
      "apiVersion: v1",
      "data:",
      `  ca.crt: ${btoa("CA")}`,
      `  token: ${btoa(jwt)}`,
      "kind: Secret",
      "metadata:",
      "  annotations:",
      "    kubernetes.io/service-account.name: deployer",
      "  name: deployer-token",
      "type: kubernetes.io/service-account-token",
      "",
    ].join("\n");
    assert.deepEqual(await read(yaml), { token: jwt });
  },
});

Deno.test({
  name: "sa token: manifests that are not a usable service-account Secret are rejected clearly",
  permissions: NONE,
  async fn() {
    const cases: [string, RegExp][] = [
      [secretJson({ data: {} }), /has no data\.token/],
      [
        secretJson({ data: { token: "!!!" } }),
        /data\.token of the Secret in "\/run\/sa\/token" is not valid base64 text/,
      ],
      [
        secretJson({ data: { token: btoa("abc") } }, { type: "Opaque" }),
        /has type "Opaque"; expected kubernetes\.io\/service-account-token/,
      ],
      [secretJson({ data: { token: btoa("") } }), /has an empty token/],
      ['{"kind": "List", "items": []}', /holds a List; expected a token or one Secret/],
      ["{kind: Secret\n", /is not a valid Secret manifest: /],
      ['{"kind": "Secret",', /is not a valid Secret manifest: /],
    ];
    for (const [content, message] of cases) {
      await assert.rejects(read(content), (err: Error) => {
        assert.equal(err.name, "InputError", err.message);
        assert.match(err.message, message);
        assert.ok(!err.message.includes("\n"), `one line: ${err.message}`);
        return true;
      });
    }
  },
});
