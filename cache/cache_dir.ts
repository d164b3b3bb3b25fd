/**
 * The cache directory: created 0700, and trusted only when nobody else can change what is in
 * it.
 *
 * Why the directory matters, though every file is checked too: whoever can write to the
 * directory can plant a FIFO under an entry's name (opening it would hang the plugin), or
 * delete and swap our files. So the directory must be ours and not writable by group or
 * others. Read access for others is tolerated when reading (file names are hashes and each
 * file is 0600), and removed when we first write.
 *
 * An existing directory we own that group or others can access (e.g. `~/.kube/cache/kubelogin`
 * created 0755 by Azure kubelogin) is tightened to 0700 on the first write: that is what we
 * would have created, its files stay usable by their owner, and Azure kubelogin still works in
 * it. A directory we do not own is never changed: the cache then reports why it cannot be used.
 *
 * @module
 */

import { octal } from "./private_file.ts";

/** Why `dir` cannot hold trusted cache files, or undefined when it can. */
export function dirProblem(info: Deno.FileInfo, uid: number | null): string | undefined {
  if (!info.isDirectory) return "is not a directory";
  if (uid === null || info.mode === null) return undefined;
  if (info.uid !== uid) return `is owned by uid ${info.uid}, not by you (uid ${uid})`;
  if ((info.mode & 0o022) !== 0) {
    return `is writable by group or others (mode ${octal(info.mode)})`;
  }
  return undefined;
}

/**
 * Why reads from `dir` must not be trusted, or undefined when they may. A missing directory
 * is a reason too (there is nothing to read).
 *
 * Needs read permission for `dir`.
 */
export function readableDirProblem(dir: string, uid: number | null): string | undefined {
  try {
    return dirProblem(Deno.statSync(dir), uid);
  } catch (err) {
    if (err instanceof Deno.errors.NotCapable) throw err;
    if (err instanceof Deno.errors.NotFound) return "does not exist";
    return `cannot be inspected (${(err as Error).name})`;
  }
}

/**
 * Makes `dir` ready for writing: creates it (and missing parents) with mode 0700, or tightens
 * an existing one we own to 0700.
 *
 * Needs read and write permission for `dir` (and its missing parents).
 *
 * @throws {Error} naming the directory when it cannot be used
 */
export function prepareCacheDir(
  dir: string,
  uid: number | null,
  log: (level: number, message: string) => void,
): void {
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(dir);
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
    Deno.mkdirSync(dir, { recursive: true, mode: 0o700 });
    log(1, `created token cache directory "${dir}"`);
    info = Deno.statSync(dir);
  }
  const mode = info.mode;
  if (info.isDirectory && uid !== null && info.uid === uid && mode !== null && mode & 0o077) {
    Deno.chmodSync(dir, 0o700);
    log(1, `changed token cache directory "${dir}" from mode ${octal(mode)} to 0700`);
    info = Deno.statSync(dir);
  }
  const problem = dirProblem(info, uid);
  if (problem !== undefined) throw new Error(`token cache directory "${dir}" ${problem}`);
}
