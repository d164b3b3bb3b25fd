/**
 * The token cache (SPEC section 8). `get-token` uses it as:
 *
 * ```ts
 * const cache = openTokenCache({ dir, log });
 * const key = await cacheKey({ mode, authority, tenant, clientId, scope, username, legacy, popU });
 * const { credential } = await getOrAcquire(cache, key, { now, signal }, async (previous) => {
 *   // refresh from previous?.state when possible, else log in; return the new entry
 * });
 * ```
 *
 * Permissions: read on the cache directory for a hit; read and write on it otherwise; `sys`
 * `uid` always.
 *
 * @module
 */

export { cacheKey, canonicalJson, type Identity } from "./cache_key.ts";
export { isOwnCacheFile } from "./cache_files.ts";
export {
  type CacheResult,
  FRESH_MARGIN_MS,
  getOrAcquire,
  type GetOrAcquireOptions,
  isFresh,
} from "./get_or_acquire.ts";
export {
  type CacheEntry,
  type CacheLog,
  openTokenCache,
  type TokenCache,
  type TokenCacheOptions,
} from "./token_cache.ts";
