/**
 * The cache-hit path in one process: `openTokenCache` + `cacheKey` + `read` of an entry the
 * size of a real one (a 1.5 KB access token and 6 KB of refresh state). Run with
 * `deno bench --allow-read --allow-write --allow-sys=uid cache/`. This measures warm
 * (JIT-compiled) calls, ~50 µs here; the first call in a fresh process, which is what kubectl
 * pays, costs ~1.5 ms (first file op, first WebCrypto digest, cold code).
 */

import { cacheKey } from "./cache_key.ts";
import { openTokenCache } from "./token_cache.ts";

const dir = await Deno.makeTempDir({ prefix: "kubelogin_cache_bench_" });
const identity = {
  mode: "spn",
  authority: "https://login.microsoftonline.com/",
  tenant: "72f988bf-86f1-41af-91ab-2d7cd011db47",
  clientId: "80faf920-1908-4b52-b5ef-a8e7bedfc67a",
  scope: "6dae42f8-4368-4678-94ff-3960e28e3630/.default",
  legacy: false,
};
const log = () => {};
await openTokenCache({ dir, log }).write(await cacheKey(identity), {
  credential: { token: "x".repeat(1500), expiresAt: Date.now() + 3_600_000 },
  state: { msal: "y".repeat(6000) },
});

Deno.bench("cache hit: openTokenCache + cacheKey + read", async () => {
  const entry = await openTokenCache({ dir, log }).read(await cacheKey(identity));
  if (entry === undefined) throw new Error("expected a hit");
});

Deno.bench("cacheKey alone", async () => {
  await cacheKey(identity);
});

globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
