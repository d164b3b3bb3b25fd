/**
 * Reading {@linkcode RawFlags}, shared by the CLI and the modes' `resolve`.
 *
 * @module
 */

import type { RawFlags } from "./types.ts";

/** A string flag's value, if it was given. */
export function stringFlag(flags: RawFlags, long: string): string | undefined {
  const v = flags[long];
  return typeof v === "string" ? v : undefined;
}

/** Whether environment variables may override flags (`--disable-environment-override`). */
export function envOverridesAllowed(flags: RawFlags): boolean {
  return flags["disable-environment-override"] !== true;
}
