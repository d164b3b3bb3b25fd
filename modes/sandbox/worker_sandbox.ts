/**
 * A Web Worker per acquisition, with exactly the declared permissions.
 *
 * @module
 */

import type { ModeDescriptor, Permissions } from "../types.ts";
import { explainCapabilityError } from "./capability_error.ts";
import { type AcquireMessage, fromWireError, type WorkerMessage } from "./protocol.ts";
import type { AcquireRequest, Acquisition, Sandbox } from "./sandbox.ts";

const PRODUCT_ENTRY = new URL("./worker_entry.ts", import.meta.url);

/** Deno worker permissions that grant exactly `p` and nothing else. */
export function workerPermissions(p: Permissions): Deno.PermissionOptionsObject {
  const list = <T>(items: readonly T[] | undefined): T[] | false =>
    items !== undefined && items.length > 0 ? [...items] : false;
  return {
    read: list(p.read),
    net: list(p.net),
    env: list(p.env),
    run: list(p.run),
    sys: list(p.sys),
    write: false,
    ffi: false,
    import: false,
  };
}

/**
 * Creates the worker sandbox. The host needs read access to `entry` (plain `deno run`) and at
 * least every permission it hands to a worker; Deno refuses to give a worker more.
 *
 * @param entry the worker's entry module; tests pass one serving test modes
 */
export function createWorkerSandbox(entry: URL = PRODUCT_ENTRY): Sandbox {
  return {
    kind: "worker",
    accepts: () => true,
    acquire(mode: ModeDescriptor, options: unknown, request: AcquireRequest): Promise<Acquisition> {
      const permissions = workerPermissions(mode.permissions(options));
      const worker = new Worker(entry.href, {
        type: "module",
        name: `kubelogin-${mode.name}`,
        deno: { permissions },
      });
      return new Promise<Acquisition>((resolve, reject) => {
        const finish = (settle: () => void) => {
          request.signal.removeEventListener("abort", onAbort);
          worker.terminate();
          settle();
        };
        const onAbort = () => finish(() => reject(request.signal.reason));
        request.signal.addEventListener("abort", onAbort, { once: true });
        worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
          const message = event.data;
          if (message.kind === "stderr") request.stderr(message.line);
          else if (message.kind === "done") finish(() => resolve(message.acquisition));
          else {
            const err = explainCapabilityError(mode.name, fromWireError(message.error));
            finish(() => reject(err));
          }
        };
        worker.onerror = (event) => {
          event.preventDefault();
          const err = new Error(`the ${mode.name} login failed to start: ${event.message}`);
          finish(() => reject(explainCapabilityError(mode.name, err)));
        };
        const message: AcquireMessage = {
          mode: mode.name,
          options,
          execInfo: request.execInfo,
          verbosity: request.verbosity,
          clockOffset: request.now() - Date.now(),
          remainingMs: request.deadline - request.now(),
          previousState: request.previousState,
          popKeyId: request.popKeyId,
        };
        worker.postMessage(message);
      });
    },
  };
}
