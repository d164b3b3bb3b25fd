/**
 * Running a mode's `acquire` confined to the permissions it declares. Two implementations
 * enforce the same promise with Deno's own permission checks:
 *
 * - {@linkcode createWorkerSandbox}: a Web Worker per acquisition whose permissions are exactly
 *   the declaration. Works for every mode and leaves the host's permissions intact (the token
 *   cache writes after `acquire`). Starting a worker costs about 12 ms.
 * - {@linkcode createProcessSandbox}: for a mode that only reads files and whose result is the
 *   last thing the run needs (no cache write): the host reads the declared files, then revokes
 *   every permission of its own process and calls `acquire` in place. Nothing is left to
 *   escape to, and no worker start-up is paid on the path kubectl runs most.
 *
 * @module
 */

import type { ExecInfo } from "../../exec/exec_info.ts";
import type { Credential, ModeDescriptor, Permissions } from "../types.ts";

/** What an acquisition produced: the credential and the mode's saved state, if any. */
export interface Acquisition {
  readonly credential: Credential;
  readonly state?: unknown;
}

/** What the host tells a sandbox besides the mode and its options. */
export interface AcquireRequest {
  readonly execInfo: ExecInfo | undefined;
  /** The `-v` level. */
  readonly verbosity: number;
  /** Receives the mode's log lines and notices, already formatted, for stderr. */
  readonly stderr: (line: string) => void;
  /** The host's clock, in ms since the epoch. */
  readonly now: () => number;
  /** Aborts the acquisition (the `--timeout`). */
  readonly signal: AbortSignal;
  /** When `signal` aborts, in ms since the epoch by `now`. */
  readonly deadline: number;
  /** The state this identity's cache entry holds, for a refresh. */
  readonly previousState?: unknown;
  /** The PoP key id the host holds for this run, when the mode asked for a PoP token. */
  readonly popKeyId?: string;
}

/** Runs `acquire` with no more than `mode.permissions(options)`. */
export interface Sandbox {
  /** Short name for `-v` logs. */
  readonly kind: string;
  /** Whether this sandbox can confine `mode` with these permissions. */
  accepts(mode: ModeDescriptor, permissions: Permissions): boolean;
  acquire(mode: ModeDescriptor, options: unknown, request: AcquireRequest): Promise<Acquisition>;
}

/** The first sandbox in `sandboxes` that accepts the mode. */
export function chooseSandbox(
  sandboxes: readonly Sandbox[],
  mode: ModeDescriptor,
  permissions: Permissions,
): Sandbox {
  const sandbox = sandboxes.find((s) => s.accepts(mode, permissions));
  if (sandbox === undefined) throw new Error(`no sandbox can confine the ${mode.name} login`);
  return sandbox;
}
