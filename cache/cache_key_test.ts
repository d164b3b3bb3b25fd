import assert from "node:assert/strict";
import { cacheKey, canonicalJson } from "./cache_key.ts";

const spn = { mode: "spn", tenant: "t1", clientId: "c1", serverId: "s1", legacy: false };

Deno.test("cacheKey is the SHA-256 of the versioned canonical JSON (pinned: old caches stay valid)", async () => {
  // Same as: printf 'kubelogin-deno token cache v1\n{"clientId":"c1",…}' | sha256sum
  assert.equal(
    await cacheKey(spn),
    "2f84deb09f507781b1808488e191da674a486c4752da42822fad5842c3ddd285",
  );
});

Deno.test("cacheKey does not depend on property order or on undefined properties", async () => {
  const reordered = { legacy: false, serverId: "s1", clientId: "c1", tenant: "t1", mode: "spn" };
  assert.equal(await cacheKey(reordered), await cacheKey(spn));
  assert.equal(await cacheKey({ ...spn, username: undefined }), await cacheKey(spn));
  assert.equal(canonicalJson({ b: 1, a: "x", c: undefined }), '{"a":"x","b":1}');
});

Deno.test("cacheKey gives different identities different keys", async () => {
  const variants = [
    spn,
    { ...spn, tenant: "t2" },
    { ...spn, clientId: "c2" },
    { ...spn, serverId: "s2" },
    { ...spn, mode: "devicecode" },
    { ...spn, legacy: true },
    { ...spn, legacy: "false" }, // a string is not the boolean
    { ...spn, username: "" }, // an empty value is not an absent one
    { ...spn, username: "alice" },
    { ...spn, popU: "/subscriptions/x/resourceGroups/y" },
    { ...spn, tenant: "t1,clientId" }, // no separator confusion
    { ...spn, tenant: "t1", clientId: "c1\u0000" },
    { ...spn, count: 1 },
    { ...spn, count: "1" },
  ];
  const keys = await Promise.all(variants.map((v) => cacheKey(v)));
  assert.equal(new Set(keys).size, variants.length);
  for (const key of keys) assert.match(key, /^[0-9a-f]{64}$/);
});

Deno.test("cacheKey rejects numbers that JSON cannot represent", async () => {
  await assert.rejects(() => cacheKey({ port: NaN }), /"port" is not a finite number/);
  await assert.rejects(() => cacheKey({ port: Infinity }), TypeError);
});
