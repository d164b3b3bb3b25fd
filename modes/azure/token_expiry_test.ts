import assert from "node:assert/strict";
import { accessTokenExpiry } from "./token_expiry.ts";

const jwt = (claims: Record<string, unknown>) =>
  [{ alg: "RS256", typ: "JWT" }, claims].map((p) =>
    btoa(JSON.stringify(p)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_")
  ).join(".") + ".sig";

Deno.test("token expiry: the earlier of msal's expiresOn and the token's exp", () => {
  const token = jwt({ exp: 2_000_000_000 });
  assert.equal(accessTokenExpiry(token, 2_000_000_001_000, 0), 2_000_000_000_000);
  assert.equal(accessTokenExpiry(token, 1_999_999_999_000, 0), 1_999_999_999_000);
  assert.equal(accessTokenExpiry(token, undefined, 0), 2_000_000_000_000);
});

Deno.test("token expiry: an opaque token has msal's figure, or none (expired now)", () => {
  assert.equal(accessTokenExpiry("opaque", 5_000, 1), 5_000);
  assert.equal(accessTokenExpiry("opaque", undefined, 42), 42);
  assert.equal(accessTokenExpiry(jwt({ exp: "soon" }), 7_000, 1), 7_000);
});
