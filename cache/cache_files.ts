/**
 * The names of the files the token cache creates, and nothing else. Every name is checked
 * against these patterns before use, so no caller can reach outside the cache directory.
 *
 * - `<key>.json`: an entry (`key` = 64 lower-case hex digits, see `cache_key.ts`)
 * - `<name>.key`: a private file such as the PoP RSA key (`name` = `[a-z0-9][a-z0-9_-]*`)
 * - `<key>.lock`, `<name>.key.lock`: lock files (empty; kept, so that lockers never race a
 *   deletion)
 * - `<entry or private file>.<16 hex>.tmp`: a write in progress, or left by a killed writer
 *
 * @module
 */

const KEY = "[0-9a-f]{64}";
const PRIVATE = "[a-z0-9][a-z0-9_-]{0,63}\\.key";
const KEY_RE = new RegExp(`^${KEY}$`);
const PRIVATE_RE = new RegExp(`^${PRIVATE}$`);
const TEMP_RE = new RegExp(`^(?:${KEY}\\.json|${PRIVATE})\\.[0-9a-f]{16}\\.tmp$`);
const OWN_RE = new RegExp(
  `^(?:(?:${KEY}\\.json|${PRIVATE})(?:\\.[0-9a-f]{16}\\.tmp)?|` +
    `(?:${KEY}|${PRIVATE})\\.lock)$`,
);

/** The entry file name of a cache key. @throws {TypeError} when `key` is not a cache key */
export function entryName(key: string): string {
  if (!KEY_RE.test(key)) throw new TypeError(`not a token cache key: "${key}"`);
  return `${key}.json`;
}

/** Checks a private file name. @throws {TypeError} when it is not `<name>.key` */
export function privateName(name: string): string {
  if (!PRIVATE_RE.test(name)) {
    throw new TypeError(`not a private cache file name (want [a-z0-9_-]+.key): "${name}"`);
  }
  return name;
}

/** The lock file name for a cache key or a private file name. @throws {TypeError} otherwise */
export function lockName(keyOrPrivateName: string): string {
  if (!KEY_RE.test(keyOrPrivateName) && !PRIVATE_RE.test(keyOrPrivateName)) {
    throw new TypeError(`not a token cache key or private file name: "${keyOrPrivateName}"`);
  }
  return `${keyOrPrivateName}.lock`;
}

/** A fresh temporary name for a write of `target` (an entry or private file name). */
export function tempName(target: string): string {
  const random = crypto.getRandomValues(new Uint8Array(8));
  let hex = "";
  for (const byte of random) hex += byte.toString(16).padStart(2, "0");
  return `${target}.${hex}.tmp`;
}

/** Whether `name` is a temporary file of an unfinished write. */
export function isTempName(name: string): boolean {
  return TEMP_RE.test(name);
}

/**
 * Whether a file name in a cache directory is one this program creates (entries, private
 * files, locks, temporary files). `remove-cache-dir` deletes only these (and kubelogin's own
 * known names, which it lists itself).
 */
export function isOwnCacheFile(name: string): boolean {
  return OWN_RE.test(name);
}

/** `dir` joined with a file name; `dir` may be relative and may end in `/`. */
export function joinPath(dir: string, name: string): string {
  return dir.endsWith("/") || dir.endsWith("\\") ? dir + name : `${dir}/${name}`;
}
