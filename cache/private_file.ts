/**
 * Private files: read only when they are safe to trust, written atomically with mode 0600.
 *
 * Sync operations on purpose: the read runs on every kubectl command, and Deno's sync file
 * ops skip the thread-pool hop of the async ones. A read is `stat` then `Deno.readTextFileSync`
 * (which decodes in Rust: a first `TextDecoder` costs more than the whole read).
 *
 * @module
 */

import { isTempName, joinPath, tempName } from "./cache_files.ts";

/** Larger files are not cache files (an MSAL cache for one identity is a few KiB). */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** A temporary file older than this was left by a killed writer (a write takes milliseconds). */
export const STALE_TEMP_MS = 60_000;

/** The problem of a file that is not there (a plain miss). */
export const NOT_FOUND = "does not exist";

/** `mode` as `0644`. */
export function octal(mode: number): string {
  return "0" + (mode & 0o777).toString(8).padStart(3, "0");
}

/**
 * Why a file must not be trusted, or undefined when it may: it must be a regular file owned by
 * `uid` that neither group nor others can access. `uid` null (Windows) skips owner and mode.
 */
export function fileProblem(info: Deno.FileInfo, uid: number | null): string | undefined {
  if (!info.isFile) return "is not a regular file";
  if (uid === null || info.mode === null) return undefined;
  if (info.uid !== uid) return `is owned by uid ${info.uid}, not by you (uid ${uid})`;
  if ((info.mode & 0o077) !== 0) {
    return `is readable or writable by group or others (mode ${octal(info.mode)})`;
  }
  return undefined;
}

/** A file's content, or a one-line reason why it was not read. */
export type ReadResult<T> = { readonly data: T } | { readonly problem: string };

/**
 * Reads a file with `read` (e.g. `Deno.readTextFileSync`) if {@linkcode fileProblem} finds
 * nothing wrong with it. Checking by `stat` before opening means a FIFO is never opened (that
 * would block). The file could change between the check and the read only through someone
 * who can write to the directory, which the caller must have ruled out (`cache_dir.ts`).
 *
 * Needs read permission for `path`.
 *
 * @throws {Deno.errors.NotCapable} without that permission; any other failure is a problem
 */
export function readPrivateFile<T>(
  path: string,
  uid: number | null,
  read: (path: string) => T,
): ReadResult<T> {
  try {
    const info = Deno.statSync(path);
    const problem = fileProblem(info, uid);
    if (problem !== undefined) return { problem };
    if (info.size > MAX_FILE_BYTES) return { problem: `is larger than ${MAX_FILE_BYTES} bytes` };
    return { data: read(path) };
  } catch (err) {
    if (err instanceof Deno.errors.NotCapable) throw err;
    if (err instanceof Deno.errors.NotFound) return { problem: NOT_FOUND };
    return { problem: `cannot be read (${(err as Error).name})` };
  }
}

/**
 * Replaces `dir/name` with `data` so that a crash at any moment leaves the old or the new
 * content, never a mix: a new temporary file in `dir` (mode 0600, created exclusively, so an
 * existing file or symlink is never followed), write, fsync, rename over the target, fsync the
 * directory. The target is replaced even when it was a file we refused to trust.
 *
 * Needs read and write permission for `dir`.
 */
export function writeFileAtomic(dir: string, name: string, data: Uint8Array): void {
  const temp = joinPath(dir, tempName(name));
  let renamed = false;
  try {
    const file = Deno.openSync(temp, { write: true, createNew: true, mode: 0o600 });
    try {
      for (let rest = data; rest.length > 0;) rest = rest.subarray(file.writeSync(rest));
      file.syncSync();
    } finally {
      file.close();
    }
    Deno.renameSync(temp, joinPath(dir, name));
    renamed = true;
  } finally {
    if (!renamed) removeQuietly(temp);
  }
  try {
    syncDirectory(dir);
  } catch (err) {
    // The entry is in place; a file system that refuses to sync a directory (some network
    // file systems) only weakens its durability across a power cut. Not a failed write.
    if (err instanceof Deno.errors.NotCapable) throw err;
  }
}

/** Makes a rename in `dir` durable. Windows cannot open directories and needs no such step. */
function syncDirectory(dir: string): void {
  if (Deno.build.os === "windows") return;
  const handle = Deno.openSync(dir, { read: true });
  try {
    handle.syncSync();
  } finally {
    handle.close();
  }
}

/**
 * Deletes temporary files left in `dir` by killed writers: only our own temporary names, only
 * when older than {@linkcode STALE_TEMP_MS}, so a live writer's file is never touched.
 *
 * Needs read and write permission for `dir`. Returns the names deleted.
 */
export function removeStaleTemps(dir: string, now: number): string[] {
  const removed: string[] = [];
  for (const item of Deno.readDirSync(dir)) {
    if (!item.isFile || !isTempName(item.name)) continue;
    const path = joinPath(dir, item.name);
    try {
      const mtime = Deno.lstatSync(path).mtime?.getTime();
      if (mtime === undefined || now - mtime < STALE_TEMP_MS) continue;
      Deno.removeSync(path);
      removed.push(item.name);
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    }
  }
  return removed;
}

function removeQuietly(path: string): void {
  try {
    Deno.removeSync(path);
  } catch {
    // Already gone, or the next write's stale-temp sweep deletes it.
  }
}
