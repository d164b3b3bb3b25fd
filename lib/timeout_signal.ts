/**
 * An AbortSignal for a deadline that may be far away. Timers cannot wait longer than
 * 2³¹−1 ms (about 24.8 days): a longer delay fires at once, which would turn a generous
 * `--timeout 720h` into an immediate timeout. So the delay is capped there.
 *
 * @module
 */

const MAX_TIMER_MS = 2 ** 31 - 1;

/** Aborts after `ms` (at least 1 ms, at most ~24.8 days). Needs no permissions. */
export function timeoutSignal(ms: number): AbortSignal {
  return AbortSignal.timeout(Math.min(MAX_TIMER_MS, Math.max(1, Math.ceil(ms))));
}
