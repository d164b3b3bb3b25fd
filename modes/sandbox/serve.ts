/**
 * The worker side of the worker sandbox: receives one {@linkcode AcquireMessage}, runs the
 * mode's `acquire` under the worker's (already restricted) permissions, posts the result.
 *
 * @module
 */

import type { ModeDescriptor } from "../types.ts";
import { timeoutSignal } from "../../lib/timeout_signal.ts";
import { buildContext } from "./context.ts";
import { type AcquireMessage, toWireError, type WorkerMessage } from "./protocol.ts";

/** The parts of a worker's global scope used here (the project type-checks with window libs). */
interface WorkerScope {
  postMessage(message: WorkerMessage): void;
  onmessage: ((event: MessageEvent<AcquireMessage>) => void) | null;
}

/**
 * Installs the message handler of a sandbox worker. Needs exactly the permissions the host
 * gave the worker; it asks for nothing itself.
 *
 * @param lookup finds a mode by name (the registry, or test modes in tests)
 */
export function serveAcquisitions(
  lookup: (name: string) => ModeDescriptor | undefined | Promise<ModeDescriptor | undefined>,
): void {
  const scope = self as unknown as WorkerScope;
  const post = (message: WorkerMessage) => scope.postMessage(message);
  // A worker shares the process's stdout, where only the ExecCredential may go, and its stderr
  // would bypass the host's redactor: whatever a library prints goes through the host instead.
  const toHost = (...args: unknown[]) =>
    post({
      kind: "stderr",
      line: args.map((a) => typeof a === "string" ? a : Deno.inspect(a)).join(" "),
    });
  for (const level of ["log", "info", "debug", "warn", "error", "trace"] as const) {
    console[level] = toHost;
  }
  scope.onmessage = async (event) => {
    const request = event.data;
    try {
      const mode = await lookup(request.mode);
      if (mode === undefined) throw new Error(`unknown login mode ${request.mode}`);
      let state: unknown;
      let deadline: AbortSignal | undefined;
      const context = buildContext({
        mode: mode.name,
        verbosity: request.verbosity,
        execInfo: request.execInfo,
        now: () => Date.now() + request.clockOffset,
        stderr: (line) => post({ kind: "stderr", line }),
        readFile: (path) => Deno.readFile(path),
        signal: () => deadline ??= timeoutSignal(request.remainingMs),
        previousState: request.previousState,
        saveState: (value) => state = value,
        popKeyId: request.popKeyId,
      });
      const credential = await mode.acquire(request.options, context);
      post({
        kind: "done",
        acquisition: state === undefined ? { credential } : { credential, state },
      });
    } catch (err) {
      post({ kind: "fail", error: toWireError(err) });
    }
  };
}
