/**
 * Deleting a token cache directory without deleting anything we did not create.
 *
 * Only regular files whose names this program's cache creates (`isOwnCacheFile`) or Azure
 * kubelogin writes (`isAzureKubeloginCacheFile`) are deleted. Nothing else is touched:
 * subdirectories are not entered, symbolic links are left (neither program creates one, so a
 * link under a cache name was put there by someone; deleting it would be harmless to its
 * target, but it is not ours to delete), and so are FIFOs and other special files. The
 * directory itself is removed only when it is empty afterwards, and with `rmdir`, which fails
 * rather than delete anything that appeared meanwhile.
 *
 * Running `get-token` processes: one holding `<key>.lock` keeps its lock on the deleted file
 * (flock belongs to the open file, not to the name) and finishes its login; its write then
 * fails (the directory is gone), which it reports as a warning that the token was not cached. A `get-token` started after the removal locks a new lock file,
 * so for the one identity being logged in at that moment two logins can overlap once; entries
 * are replaced by atomic rename, so the worst case is one extra login, never a torn entry.
 * Temporary files are deleted too, even a live writer's: they hold tokens, and the writer's
 * rename then fails, which the cache reports as a warning, not an error.
 *
 * @module
 */

import { isOwnCacheFile, joinPath } from "../cache/cache_files.ts";
import { isAzureKubeloginCacheFile } from "./azure_kubelogin_files.ts";
import { describeFsError } from "../lib/fs_error.ts";

/** Something in the directory that was not deleted. */
export interface LeftEntry {
  readonly name: string;
  readonly kind: "file" | "directory" | "symlink" | "other";
}

export interface RemoveReport {
  /** The directory did not exist (nothing was done). */
  readonly missing: boolean;
  /** Names of the files deleted, sorted. */
  readonly removed: readonly string[];
  /** What is left in the directory, sorted by name. */
  readonly left: readonly LeftEntry[];
  /** The directory was removed (it was empty afterwards). */
  readonly dirRemoved: boolean;
}

/** Whether `remove-cache-dir` may delete a file of this name (when it is a regular file). */
export function isRemovableCacheFile(name: string): boolean {
  return isOwnCacheFile(name) || isAzureKubeloginCacheFile(name);
}

/** A failure on one path, for the caller's one-line error. */
export class RemoveError extends Error {
  constructor(readonly path: string, readonly action: string, cause: unknown) {
    super(`cannot ${action} ${JSON.stringify(path)}: ${describeFsError(cause)}`, { cause });
    this.name = "RemoveError";
  }
}

/**
 * Deletes the cache files in `dir` (see the module doc), then `dir` when it is empty.
 * A missing `dir` is not an error. Needs read and write permission for `dir`.
 *
 * @throws {RemoveError} naming the path that could not be listed or deleted
 * @throws {Deno.errors.NotCapable} without the permissions
 */
export function removeCacheFiles(dir: string): RemoveReport {
  const bare = dir.length > 1 ? dir.replace(/[\\/]+$/, "") || dir : dir;
  let info: Deno.FileInfo;
  try {
    info = Deno.lstatSync(bare);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      return { missing: true, removed: [], left: [], dirRemoved: false };
    }
    throw wrap(dir, "inspect", err);
  }
  const removed: string[] = [];
  const left: LeftEntry[] = [];
  for (const entry of list(dir)) {
    const path = joinPath(dir, entry.name);
    const kind = kindOf(path);
    if (kind === undefined) continue; // deleted by someone else meanwhile
    if (kind !== "file" || !isRemovableCacheFile(entry.name)) {
      left.push({ name: entry.name, kind });
      continue;
    }
    try {
      Deno.removeSync(path);
      removed.push(entry.name);
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw wrap(path, "delete", err);
    }
  }
  // A symlink to a directory is the user's choice of cache location: empty it, keep the link.
  const dirRemoved = left.length === 0 && info.isDirectory && removeIfEmpty(bare, left);
  return { missing: false, removed: removed.sort(), left: sortByName(left), dirRemoved };
}

/** The entries of `dir`; none when it vanished meanwhile or is a dangling link. */
function list(dir: string): Deno.DirEntry[] {
  try {
    return [...Deno.readDirSync(dir)];
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return [];
    throw wrap(dir, "list", err);
  }
}

/** The kind of `path` without following a link, or undefined when it no longer exists. */
function kindOf(path: string): LeftEntry["kind"] | undefined {
  try {
    const info = Deno.lstatSync(path);
    if (info.isSymlink) return "symlink";
    if (info.isFile) return "file";
    return info.isDirectory ? "directory" : "other";
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return undefined;
    throw wrap(path, "inspect", err);
  }
}

/**
 * `rmdir`: never deletes content. When something appeared meanwhile (a `get-token` writing),
 * the directory stays and the newcomers are added to `left`.
 */
function removeIfEmpty(dir: string, left: LeftEntry[]): boolean {
  try {
    Deno.removeSync(dir);
    return true;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return true;
    let now: Deno.DirEntry[];
    try {
      now = [...Deno.readDirSync(dir)];
    } catch {
      throw wrap(dir, "delete", err);
    }
    if (now.length === 0) throw wrap(dir, "delete", err);
    for (const entry of now) {
      left.push({ name: entry.name, kind: kindOf(joinPath(dir, entry.name)) ?? "file" });
    }
    return false;
  }
}

function sortByName(entries: LeftEntry[]): LeftEntry[] {
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function wrap(path: string, action: string, err: unknown): Error {
  return err instanceof Deno.errors.NotCapable ? err : new RemoveError(path, action, err);
}
