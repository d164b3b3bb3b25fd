/**
 * Diagnostics on stderr, by `-v` level, with every known secret scrubbed.
 *
 * @module
 */

import { Redactor } from "./redactor.ts";

/** Writes lines to stderr. Messages are built lazily so that quiet runs pay nothing. */
export class Logger {
  verbosity = 0;
  readonly #redactor = new Redactor();
  readonly #write: (text: string) => void;

  constructor(write: (text: string) => void) {
    this.#write = write;
  }

  /** Registers secret values that must never reach stderr. */
  addSecrets(...values: (string | undefined)[]): void {
    this.#redactor.add(...values);
  }

  /** Writes one line, scrubbed. */
  line(text: string): void {
    this.#write(this.#redactor.scrub(text) + "\n");
  }

  /** Logs `message()` when `-v` is at least `level`. */
  v(level: number, message: () => string): void {
    if (this.verbosity >= level) this.line(`I ${message()}`);
  }

  warn(message: string): void {
    this.line(`warning: ${message}`);
  }

  /** A copy of `options` with the values under `secretKeys` replaced. */
  redactOptions(options: unknown, secretKeys: readonly string[]): Record<string, unknown> {
    const copy: Record<string, unknown> = { ...(options as Record<string, unknown>) };
    for (const key of secretKeys) if (copy[key] !== undefined) copy[key] = "[redacted]";
    return copy;
  }
}
