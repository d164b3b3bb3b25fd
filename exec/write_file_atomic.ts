/**
 * Replacing a file's content atomically: readers see the old file or the new one, never a
 * half-written one.
 *
 * @module
 */

/**
 * Replaces the content of the existing file `path` with `text`: writes a temporary file in the
 * same directory, flushes it, gives it the original file's mode (and owner, when run as root,
 * so `sudo kubelogin convert-kubeconfig` does not take a user's kubeconfig away from them),
 * renames it over the original, and flushes the directory. A symlink is followed, so the link
 * stays a link. On failure the temporary file is removed and the original is untouched.
 *
 * Needs read and write access to the file's directory.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const target = await Deno.realPath(path);
  const { mode, uid, gid } = await Deno.stat(target);
  const slash = Math.max(target.lastIndexOf("/"), target.lastIndexOf("\\"));
  const dir = slash <= 0 ? "/" : target.slice(0, slash);
  const temp = await Deno.makeTempFile({
    dir,
    prefix: `.${target.slice(slash + 1)}.`,
    suffix: ".tmp",
  });
  try {
    const file = await Deno.open(temp, { write: true, truncate: true });
    try {
      const bytes = new TextEncoder().encode(text);
      let written = 0;
      while (written < bytes.length) written += await file.write(bytes.subarray(written));
      await file.sync();
    } finally {
      file.close();
    }
    await keepOwner(temp, uid, gid);
    if (mode !== null) await Deno.chmod(temp, mode & 0o7777);
    await Deno.rename(temp, target);
  } catch (err) {
    await Deno.remove(temp).catch(() => {});
    throw err;
  }
  await syncDirectory(dir);
}

/** Gives `temp` the original's owner where we may (root); others cannot, and need not. */
async function keepOwner(temp: string, uid: number | null, gid: number | null): Promise<void> {
  if (uid === null || gid === null) return; // Windows
  const ours = await Deno.stat(temp);
  if (ours.uid === uid && ours.gid === gid) return;
  try {
    await Deno.chown(temp, uid, gid);
  } catch (err) {
    if (!(err instanceof Deno.errors.PermissionDenied)) throw err;
  }
}

/** Makes the rename durable; best-effort (some file systems refuse to sync a directory). */
async function syncDirectory(dir: string): Promise<void> {
  if (Deno.build.os === "windows") return;
  try {
    const handle = await Deno.open(dir, { read: true });
    try {
      await handle.sync();
    } finally {
      handle.close();
    }
  } catch (err) {
    if (err instanceof Deno.errors.NotCapable) throw err;
  }
}
