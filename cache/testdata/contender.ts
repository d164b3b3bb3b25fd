/**
 * One of many concurrent get-token runs, for `multi_process_test.ts`.
 *
 * Usage: `deno run contender.ts <cache dir> <work dir> <key>`. Announces itself by appending to
 * `<work dir>/ready`, waits for `<work dir>/go` to exist (so that all runs start together),
 * then calls `getOrAcquire` with an `acquire` that appends one line to `<work dir>/acquired`
 * and takes 200 ms. Prints the result as JSON.
 *
 * @module
 */

import { getOrAcquire } from "../get_or_acquire.ts";
import { openTokenCache } from "../token_cache.ts";

const [dir, work, key] = Deno.args as [string, string, string];
const cache = openTokenCache({
  dir,
  log: (level, message) => {
    if (level === 0) console.error(message);
  },
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

await Deno.writeTextFile(`${work}/ready`, `${Deno.pid}\n`, { append: true });
for (;;) {
  try {
    Deno.statSync(`${work}/go`);
    break;
  } catch {
    await sleep(2);
  }
}

const result = await getOrAcquire(
  cache,
  key,
  { now: Date.now, signal: AbortSignal.timeout(30_000) },
  async (previous) => {
    const line = JSON.stringify({ pid: Deno.pid, previousState: previous?.state ?? null });
    await Deno.writeTextFile(`${work}/acquired`, line + "\n", { append: true });
    await sleep(200);
    return {
      credential: { token: `token-of-${Deno.pid}`, expiresAt: Date.now() + 3_600_000 },
      state: { refreshToken: `refresh-of-${Deno.pid}` },
    };
  },
);
console.log(JSON.stringify(result));
