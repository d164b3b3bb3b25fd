/**
 * What `run` needs from the outside world. `main.ts` builds the real ones; tests build their own.
 *
 * @module
 */

import type { Sandbox } from "../modes/sandbox/sandbox.ts";
import type { EnvReader } from "../modes/types.ts";

export interface Deps {
  /** Reads an environment variable. */
  readonly env: EnvReader;
  /** Writes to stdout (the ExecCredential, help, completion scripts). */
  readonly stdout: (text: string) => void;
  /** Writes to stderr (errors, logs, prompts). */
  readonly stderr: (text: string) => void;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  /** Sandboxes to confine modes in, in order of preference. */
  readonly sandboxes: readonly Sandbox[];
}
