/**
 * Error kinds the CLI tells apart when it prints them.
 *
 * @module
 */

export { InputError } from "../modes/types.ts";

/** Wrong command-line usage (unknown flag, bad flag value): exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** `--timeout` elapsed before the run finished. */
export class TimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`timed out after ${timeoutMs / 1000}s (raise --timeout to wait longer)`);
    this.name = "TimeoutError";
  }
}

/** The one line printed for an error: its message, on one line. */
export function errorLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\s*\r?\n\s*/g, " ").trim();
}
