/**
 * The token cache (SPEC section 8): one private file per identity in one directory, written
 * atomically, locked across processes, and trusted only when nobody else could have written it.
 *
 * Reading needs only read access to the directory; the directory is created (or tightened to
 * 0700) by the first write or lock. See `cache_dir.ts` for the directory rules,
 * `private_file.ts` for the file rules, `get_or_acquire.ts` for the get-token protocol.
 *
 * @module
 */

import { InputError } from "../modes/types.ts";
import { prepareCacheDir, readableDirProblem } from "./cache_dir.ts";
import { type CacheEntry, decodeEntry, encodeEntry } from "./cache_entry.ts";
import { entryName, joinPath, lockName, privateName } from "./cache_files.ts";
import { NOT_FOUND, readPrivateFile, removeStaleTemps, writeFileAtomic } from "./private_file.ts";

export type { CacheEntry } from "./cache_entry.ts";

/** Writes a diagnostic line: level 0 always (a warning), level n from `-v n` on. No secrets. */
export type CacheLog = (level: number, message: string) => void;

export interface TokenCacheOptions {
  /** The cache directory: absolute or relative, with or without a trailing `/`, no `~`. */
  readonly dir: string;
  readonly log: CacheLog;
}

/** The token cache of one directory. */
export interface TokenCache {
  /** The directory, as given. */
  readonly dir: string;
  /** The log given to {@linkcode openTokenCache}. */
  readonly log: CacheLog;
  /**
   * The entry of `key`, or undefined when there is none we can trust: missing, unparseable,
   * wrong shape, another identity's, not owned by us, accessible to group or others, or in a
   * directory others can write to (each logged at level 1 with the reason). Takes no lock.
   *
   * Needs read permission for the directory. @throws {TypeError} when `key` is not a key
   */
  read(key: string): Promise<CacheEntry | undefined>;
  /**
   * Replaces the entry of `key` atomically (mode 0600), then deletes stale temporary files.
   *
   * Needs read and write permission for the directory.
   */
  write(key: string, entry: CacheEntry): Promise<void>;
  /**
   * Runs `fn` holding the exclusive lock `<name>.lock`, `name` being a cache key or a private
   * file name. Waits for other holders (processes or callers) until `signal` aborts.
   *
   * Needs read and write permission for the directory.
   *
   * @throws `signal.reason` when it aborts before the lock is ours
   */
  withLock<T>(name: string, signal: AbortSignal, fn: () => Promise<T>): Promise<T>;
  /** A private file's bytes (e.g. `pop_rsa.key`), with the checks of `read`. */
  readPrivate(name: string): Promise<Uint8Array | undefined>;
  /** Replaces a private file atomically (mode 0600). */
  writePrivate(name: string, data: Uint8Array): Promise<void>;
}

/**
 * Opens the token cache in `options.dir`. Touches no file: reads work on a missing directory
 * (every read is a miss) and the first write or lock creates it.
 *
 * Needs `sys` permission `uid` (files must be owned by the user running us).
 *
 * @throws {InputError} for an empty directory name
 */
export function openTokenCache(options: TokenCacheOptions): TokenCache {
  if (options.dir === "") throw new InputError("token cache directory must not be empty");
  return new FileTokenCache(options.dir, options.log, Deno.uid());
}

class FileTokenCache implements TokenCache {
  readonly dir: string;
  readonly log: CacheLog;
  readonly #uid: number | null;
  /** The directory was found fit for reading (a problem is looked at again next time). */
  #dirTrusted = false;
  #prepared = false;

  constructor(dir: string, log: CacheLog, uid: number | null) {
    this.dir = dir;
    this.log = log;
    this.#uid = uid;
  }

  // deno-lint-ignore require-await -- async so that every failure is a rejection
  async read(key: string): Promise<CacheEntry | undefined> {
    const path = joinPath(this.dir, entryName(key));
    const data = this.#readFile(path, "token cache entry", Deno.readTextFileSync);
    if (data === undefined) return undefined;
    const decoded = decodeEntry(key, data);
    if ("entry" in decoded) return decoded.entry;
    this.log(1, `ignoring token cache entry "${path}": it ${decoded.problem}`);
    return undefined;
  }

  // deno-lint-ignore require-await
  async write(key: string, entry: CacheEntry): Promise<void> {
    this.#writeFile(entryName(key), encodeEntry(key, entry));
  }

  async withLock<T>(name: string, signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
    const path = joinPath(this.dir, lockName(name));
    this.#prepare();
    const { lockFile } = await import("./file_lock.ts"); // only a miss takes a lock
    const lock = await lockFile(path, signal, () => {
      this.log(1, `waiting for another kubelogin holding "${path}"`);
    });
    try {
      return await fn();
    } finally {
      lock.close();
    }
  }

  // deno-lint-ignore require-await
  async readPrivate(name: string): Promise<Uint8Array | undefined> {
    const path = joinPath(this.dir, privateName(name));
    return this.#readFile(path, "private cache file", Deno.readFileSync);
  }

  // deno-lint-ignore require-await
  async writePrivate(name: string, data: Uint8Array): Promise<void> {
    this.#writeFile(privateName(name), data);
  }

  #readFile<T>(path: string, what: string, read: (path: string) => T): T | undefined {
    if (!this.#dirTrusted) {
      const problem = readableDirProblem(this.dir, this.#uid);
      if (problem !== undefined) {
        this.log(1, `not reading "${path}": token cache directory "${this.dir}" ${problem}`);
        return undefined;
      }
      this.#dirTrusted = true;
    }
    const result = readPrivateFile(path, this.#uid, read);
    if ("data" in result) return result.data;
    if (result.problem === NOT_FOUND) this.log(1, `no ${what} "${path}"`);
    else this.log(1, `ignoring ${what} "${path}": it ${result.problem}`);
    return undefined;
  }

  #writeFile(name: string, data: Uint8Array): void {
    this.#prepare();
    writeFileAtomic(this.dir, name, data);
    try {
      for (const stale of removeStaleTemps(this.dir, Date.now())) {
        this.log(1, `deleted "${joinPath(this.dir, stale)}" left by an interrupted write`);
      }
    } catch (err) {
      // Housekeeping only: the entry is written.
      this.log(1, `could not clean up temporary files in "${this.dir}": ${(err as Error).message}`);
    }
  }

  /** Creates or tightens the directory, once per instance. */
  #prepare(): void {
    if (this.#prepared) return;
    prepareCacheDir(this.dir, this.#uid, this.log);
    this.#prepared = true;
    this.#dirTrusted = true;
  }
}
