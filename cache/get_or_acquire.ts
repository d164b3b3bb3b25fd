/**
 * The get-token protocol over the token cache: serve a fresh entry without any lock; otherwise
 * take the entry's lock, look again (another process may have just refreshed), and only then
 * acquire and store. N concurrent runs with an expired entry thus log in or refresh once.
 *
 * @module
 */

import type { Credential } from "../modes/types.ts";
import type { CacheEntry } from "./cache_entry.ts";
import type { TokenCache } from "./token_cache.ts";

/** A cached credential is served while it has at least this long left (SPEC 8: 5 minutes). */
export const FRESH_MARGIN_MS = 5 * 60_000;

/**
 * Whether `credential` can be served at `now`: it has an expiry at least `marginMs` ahead.
 * A credential without expiry is never fresh: nothing says it is still valid.
 */
export function isFresh(credential: Credential, now: number, marginMs = FRESH_MARGIN_MS): boolean {
  return credential.expiresAt !== undefined && credential.expiresAt - now >= marginMs;
}

export interface GetOrAcquireOptions {
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  /** Bounds the wait for the lock (`--timeout`); aborting rejects with its reason. */
  readonly signal: AbortSignal;
  /** Defaults to {@linkcode FRESH_MARGIN_MS}. */
  readonly marginMs?: number;
}

/** A credential, and whether it came from the cache without calling `acquire`. */
export interface CacheResult {
  readonly credential: Credential;
  readonly fromCache: boolean;
}

/**
 * Returns the cached credential of `key` when fresh; else calls `acquire` once under the
 * entry's lock, with the entry found there (expired, but holding the refresh state) if any,
 * and stores its result.
 *
 * A cache that cannot be locked or written does not fail the run: `acquire` still runs and
 * its credential is returned, with a warning (log level 0) saying why nothing was cached.
 * Errors of `acquire` itself, and an abort while waiting for the lock, are thrown as they are.
 *
 * Needs what {@linkcode TokenCache.read} needs on a hit; read and write on the cache directory
 * otherwise.
 */
export async function getOrAcquire(
  cache: TokenCache,
  key: string,
  options: GetOrAcquireOptions,
  acquire: (previous: CacheEntry | undefined) => Promise<CacheEntry>,
): Promise<CacheResult> {
  const margin = options.marginMs ?? FRESH_MARGIN_MS;
  const first = await cache.read(key);
  if (first !== undefined && isFresh(first.credential, options.now(), margin)) {
    cache.log(1, `using the cached token (key ${key.slice(0, 12)}…)`);
    return { credential: first.credential, fromCache: true };
  }
  let locked = false;
  try {
    return await cache.withLock(key, options.signal, async () => {
      locked = true;
      const current = await cache.read(key);
      if (current !== undefined && isFresh(current.credential, options.now(), margin)) {
        cache.log(1, `using the token another kubelogin just cached (key ${key.slice(0, 12)}…)`);
        return { credential: current.credential, fromCache: true };
      }
      const entry = await acquire(current);
      try {
        await cache.write(key, entry);
      } catch (err) {
        cache.log(0, `could not save the token in the token cache: ${describe(err)}`);
      }
      return { credential: entry.credential, fromCache: false };
    });
  } catch (err) {
    if (locked || options.signal.aborted) throw err;
    cache.log(0, `token cache not used: ${describe(err)}`);
    const entry = await acquire(first);
    return { credential: entry.credential, fromCache: false };
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
