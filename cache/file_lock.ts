/**
 * Exclusive locks between processes on a lock file (`flock`, through `Deno.FsFile.tryLock`).
 * The OS releases a lock when its holder closes the file or dies, so a killed process never
 * leaves a stale lock. Locks are per open file, so two waiters in one process exclude each
 * other too.
 *
 * Waiting polls `tryLock` with a short back-off instead of calling the blocking `lock`: a
 * blocking lock runs on a thread that cannot be cancelled, so an aborted wait would leave it
 * behind, still able to take the lock later.
 *
 * @module
 */

import { sleep } from "../lib/abortable_sleep.ts";

const FIRST_DELAY_MS = 2;
const MAX_DELAY_MS = 50;

/**
 * Opens (creating, 0600) and exclusively locks `path`. Release by closing the returned file.
 *
 * Needs read and write permission for `path`.
 *
 * @param onWait called once if another holder makes us wait
 * @throws `signal.reason` when `signal` aborts first
 */
export async function lockFile(
  path: string,
  signal: AbortSignal,
  onWait: () => void,
): Promise<Deno.FsFile> {
  signal.throwIfAborted();
  const file = Deno.openSync(path, { read: true, write: true, create: true, mode: 0o600 });
  try {
    if (!file.statSync().isFile) throw new Error(`lock file "${path}" is not a regular file`);
    if (file.tryLockSync(true)) return file;
    onWait();
    for (let delay = FIRST_DELAY_MS;; delay = Math.min(delay * 2, MAX_DELAY_MS)) {
      await sleep(delay * (0.5 + Math.random()), signal);
      if (file.tryLockSync(true)) return file;
    }
  } catch (err) {
    file.close();
    throw err;
  }
}
