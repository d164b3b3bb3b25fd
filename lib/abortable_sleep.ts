/**
 * Waiting that a deadline can cut short: polling loops (a device-code login waiting for the
 * person, a process waiting for another's cache lock) must end at `--timeout`.
 *
 * @module
 */

/** Resolves after `ms`, or rejects with `signal.reason` when `signal` aborts. Needs no permissions. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
