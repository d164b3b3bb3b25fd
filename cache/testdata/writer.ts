/**
 * Writes cache entries in a tight loop until killed, for `crash_safety_test.ts`.
 *
 * Usage: `deno run writer.ts <cache dir> <key>…`. Prints `ready` once every key has an entry. Each
 * entry's state holds `n` and a string of length `n` (up to 256 KiB, so a write takes several
 * syscalls), and the token is `t-<n>`: a torn or mixed file cannot pass for a valid one.
 *
 * @module
 */

import { openTokenCache } from "../token_cache.ts";

const [dir, ...keys] = Deno.args as [string, ...string[]];
const cache = openTokenCache({ dir, log: () => {} });

for (let i = 0;; i++) {
  const n = Math.floor(Math.random() * 256 * 1024);
  const key = keys[i % keys.length]!;
  await cache.write(key, {
    credential: { token: `t-${n}`, expiresAt: Date.now() + 3_600_000 },
    state: { n, pad: String.fromCharCode(97 + (n % 26)).repeat(n) },
  });
  if (i === keys.length - 1) console.log("ready");
}
