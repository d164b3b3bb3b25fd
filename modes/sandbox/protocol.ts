/**
 * Messages between the host and a sandbox worker. Everything is structured-clonable data.
 *
 * @module
 */

import type { ExecInfo } from "../../exec/exec_info.ts";
import type { Acquisition } from "./sandbox.ts";

/** Host → worker: one acquisition. */
export interface AcquireMessage {
  readonly mode: string;
  readonly options: unknown;
  readonly execInfo: ExecInfo | undefined;
  readonly verbosity: number;
  /** Host clock minus worker clock, in ms, so a host's clock applies inside the worker. */
  readonly clockOffset: number;
  /** Milliseconds left until the `--timeout` deadline. */
  readonly remainingMs: number;
  readonly previousState: unknown;
  readonly popKeyId: string | undefined;
}

/** An error as it crosses the worker boundary. */
export interface WireError {
  readonly name: string;
  readonly message: string;
}

/** Worker → host. */
export type WorkerMessage =
  | { readonly kind: "stderr"; readonly line: string }
  | { readonly kind: "done"; readonly acquisition: Acquisition }
  | { readonly kind: "fail"; readonly error: WireError };

/** Flattens an error to its name and message for the wire. */
export function toWireError(err: unknown): WireError {
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: "Error", message: String(err) };
}

/** Rebuilds an error on the host side, keeping its name (`InputError`, `NotCapable`, …). */
export function fromWireError(wire: WireError): Error {
  const err = new Error(wire.message);
  err.name = wire.name;
  return err;
}
