/**
 * The {@linkcode AcquireContext} a mode gets, built the same way in every sandbox.
 *
 * @module
 */

import type { ExecInfo } from "../../exec/exec_info.ts";
import type { AcquireContext } from "../types.ts";

export interface ContextParts {
  readonly mode: string;
  readonly verbosity: number;
  readonly execInfo: ExecInfo | undefined;
  readonly now: () => number;
  readonly stderr: (line: string) => void;
  readonly readFile: (path: string) => Promise<Uint8Array>;
  /** The deadline's signal, created when first asked for (most logins never wait). */
  readonly signal: () => AbortSignal;
  readonly previousState: unknown;
  readonly saveState: (state: unknown) => void;
  readonly popKeyId: string | undefined;
}

/** Builds the context; log lines are prefixed with the mode's name. */
export function buildContext(parts: ContextParts): AcquireContext {
  return {
    readFile: parts.readFile,
    log(level, message) {
      if (parts.verbosity >= level) parts.stderr(`[${parts.mode}] ${message}`);
    },
    notice: (message) => parts.stderr(message),
    now: parts.now,
    get signal() {
      return parts.signal();
    },
    execInfo: parts.execInfo,
    previousState: parts.previousState,
    saveState: parts.saveState,
    popKeyId: parts.popKeyId,
  };
}
