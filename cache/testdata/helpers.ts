/**
 * Shared pieces of the cache tests: a temporary directory per test, a log that remembers its
 * lines, and entries.
 *
 * @module
 */

import type { CacheEntry } from "../cache_entry.ts";
import type { CacheLog } from "../token_cache.ts";

/** A key as `cacheKey` makes them (the tests do not care which identity). */
export const KEY_A = "a".repeat(64);
export const KEY_B = "b".repeat(64);

/** Runs `fn` with a new temporary directory, deleted afterwards. */
export async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "kubelogin_cache_test_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A log that keeps every line as `<level> <message>`. */
export function recordingLog(): CacheLog & { readonly lines: string[] } {
  const lines: string[] = [];
  const log = (level: number, message: string) => {
    lines.push(`${level} ${message}`);
  };
  return Object.assign(log, { lines });
}

/** An entry whose token expires at `expiresAt`. */
export function entry(token: string, expiresAt: number, state?: unknown): CacheEntry {
  return state === undefined
    ? { credential: { token, expiresAt } }
    : { credential: { token, expiresAt }, state };
}

/** The names in `dir`, sorted. */
export function listDir(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((e) => e.name).sort();
}

/** The permission bits of `path`. */
export function modeOf(path: string): number {
  return Deno.statSync(path).mode! & 0o777;
}
