/**
 * Takes an entry's lock and keeps it until killed, for `multi_process_test.ts`.
 *
 * Usage: `deno run holder.ts <cache dir> <key>`. Prints `locked` once it holds the lock.
 *
 * @module
 */

import { openTokenCache } from "../token_cache.ts";

const [dir, key] = Deno.args as [string, string];
const cache = openTokenCache({ dir, log: () => {} });
await cache.withLock(key, AbortSignal.timeout(60_000), async () => {
  console.log("locked");
  await new Promise((resolve) => setTimeout(resolve, 60_000));
});
