/**
 * Locking kubeconfig files the way client-go does (`kubectl config …`): a `<file>.lock` created
 * exclusively while a file is read, changed and written, so a conversion and a kubectl edit of
 * the same file never interleave and lose one of the changes.
 *
 * @module
 */

import { InputError } from "../modes/types.ts";

/**
 * Locks every existing file of `paths`; returns the function that releases them. When one is
 * locked already, releases those taken and throws an error naming it.
 *
 * Needs read and write access to the files' directories.
 */
export async function lockKubeconfigs(paths: readonly string[]): Promise<() => Promise<void>> {
  const taken: string[] = [];
  const release = async () => {
    for (const lock of taken.splice(0)) await Deno.remove(lock).catch(() => {});
  };
  for (const path of new Set(paths)) {
    const exists = await Deno.stat(path).then(() => true, () => false);
    if (!exists) continue;
    const lock = `${path}.lock`;
    try {
      (await Deno.open(lock, { write: true, createNew: true, mode: 0o600 })).close();
      taken.push(lock);
    } catch (err) {
      await release();
      if (err instanceof Deno.errors.AlreadyExists) {
        throw new InputError(
          `kubeconfig ${JSON.stringify(path)} is locked: ${
            JSON.stringify(lock)
          } exists (another kubectl or kubelogin is changing it; remove the lock file if none is)`,
        );
      }
      throw new InputError(
        `cannot lock kubeconfig ${JSON.stringify(path)}: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
  }
  return release;
}
