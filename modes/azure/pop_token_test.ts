import assert from "node:assert/strict";
import { calculateJwkThumbprint, compactVerify, decodeProtectedHeader, importJWK } from "jose";
import { base64url } from "../../lib/base64url.ts";
import { generatePopKey, jwkThumbprint, parsePopKey } from "./pop_key.ts";
import { reqCnf, signPopToken } from "./pop_token.ts";

const { key, bytes } = await generatePopKey();
const decode = (part: string) =>
  JSON.parse(new TextDecoder().decode(Uint8Array.from(
    atob(part.replace(/-/g, "+").replace(/_/g, "/")),
    (c) => c.charCodeAt(0),
  )));

Deno.test({
  name: "PoP key: kid is the RFC 7638 thumbprint; the stored key reads back as the same key",
  permissions: {},
  async fn() {
    assert.equal(key.kid, await calculateJwkThumbprint({ ...key.publicJwk }));
    // RFC 7638 section 3.1's example key.
    const n =
      "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
    assert.equal(
      await jwkThumbprint({ n, e: "AQAB" }),
      "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs",
    );
    const again = await parsePopKey(bytes);
    assert.equal(again?.kid, key.kid);
    const stored = JSON.parse(new TextDecoder().decode(bytes));
    assert.deepEqual(Object.keys(stored).sort(), [
      "d",
      "dp",
      "dq",
      "e",
      "kty",
      "n",
      "p",
      "q",
      "qi",
    ]);
    assert.equal(base64url(new Uint8Array([251, 255])), "-_8");
  },
});

Deno.test({
  name: "PoP key: anything but an RSA private JWK of 2048 bits is not a key",
  permissions: {},
  async fn() {
    const text = (s: string) => new TextEncoder().encode(s);
    assert.equal(await parsePopKey(text("not json")), undefined);
    assert.equal(await parsePopKey(text('{"kty":"EC"}')), undefined);
    const stored = JSON.parse(new TextDecoder().decode(bytes));
    assert.equal(await parsePopKey(text(JSON.stringify({ ...stored, d: undefined }))), undefined);
    assert.equal(await parsePopKey(text(JSON.stringify({ ...stored, n: "AQAB" }))), undefined);
  },
});

Deno.test({
  name: "PoP token: the shape of SPEC 9, verifiable with the embedded JWK",
  permissions: {},
  async fn() {
    const token = await signPopToken({
      accessToken: "header.claims.signature",
      u: "/subscriptions/s/resourceGroups/r/providers/Microsoft.Kubernetes/connectedClusters/c",
      key,
      nowMs: 1_700_000_000_999,
      nonce: "0123456789abcdef0123456789abcdef",
    });
    const [head, body] = token.split(".");
    assert.deepEqual(decode(head!), { typ: "pop", alg: "RS256", kid: key.kid });
    const payload = decode(body!);
    assert.deepEqual(Object.keys(payload), ["at", "ts", "u", "cnf", "nonce"]);
    assert.equal(payload.at, "header.claims.signature");
    assert.equal(payload.ts, 1_700_000_000);
    assert.deepEqual(payload.cnf, {
      jwk: { e: key.publicJwk.e, kty: "RSA", n: key.publicJwk.n, alg: "RS256", kid: key.kid },
    });
    assert.equal(decodeProtectedHeader(token).kid, key.kid);
    const verified = await compactVerify(token, await importJWK(payload.cnf.jwk, "RS256"));
    assert.equal(new TextDecoder().decode(verified.payload), JSON.stringify(payload));

    const other = await signPopToken({ accessToken: "a", u: "u", key, nowMs: 0 });
    assert.match(decode(other.split(".")[1]!).nonce, /^[0-9a-f]{32}$/, "a UUID v4 without dashes");
    assert.notEqual(
      decode(other.split(".")[1]!).nonce,
      decode((await signPopToken({ accessToken: "a", u: "u", key, nowMs: 0 })).split(".")[1]!)
        .nonce,
    );
  },
});

Deno.test("PoP req_cnf: base64url of {kid, xms_ksl: sw}", () => {
  const value = reqCnf("kid-1");
  assert.match(value, /^[A-Za-z0-9_-]+$/);
  assert.deepEqual(decode(value), { kid: "kid-1", xms_ksl: "sw" });
});
