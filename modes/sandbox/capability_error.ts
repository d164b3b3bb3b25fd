/**
 * Turning Deno's `NotCapable` into a message that names the missing permission.
 *
 * @module
 */

const REQUIRES = /^Requires (\w+) access to (.+?)(, run again|$)/;

/**
 * An error that says a login mode tried to use a permission it did not declare. This is a bug
 * in the mode (or an attack on it): the message says so and names the permission.
 */
export class UndeclaredPermissionError extends Error {
  constructor(mode: string, detail: string, options?: ErrorOptions) {
    super(
      `the ${mode} login tried to use ${detail}, which it does not declare; nothing was granted (please report this as a bug)`,
      options,
    );
    this.name = "UndeclaredPermissionError";
  }
}

/** Wraps a `NotCapable` error from `mode`'s code; returns other errors unchanged. */
export function explainCapabilityError(mode: string, err: unknown): unknown {
  if (!(err instanceof Error) || err.name !== "NotCapable") return err;
  const match = REQUIRES.exec(err.message);
  const detail = match ? `${match[1]} access to ${match[2]}` : err.message;
  return new UndeclaredPermissionError(mode, detail, { cause: err });
}
