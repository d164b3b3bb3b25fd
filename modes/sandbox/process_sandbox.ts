/**
 * Confinement of the whole process, for modes that only read files and whose credential is the
 * last thing the run needs. The host reads the declared files, then revokes every permission
 * its process holds (reads included) and calls `acquire` in place.
 *
 * It is final: nothing in the process can use a permission afterwards. Only the composition
 * root (`main.ts`) offers this sandbox; in-process tests use the worker sandbox.
 *
 * @module
 */

import type { ModeDescriptor, Permissions } from "../types.ts";
import { buildContext } from "./context.ts";
import type { AcquireRequest, Acquisition, Sandbox } from "./sandbox.ts";

type Read = { data: Uint8Array } | { error: unknown };

const WHOLE_CLASSES = ["read", "write", "net", "run", "ffi", "sys", "import"] as const;

/**
 * Creates the process sandbox.
 *
 * @param grantedEnv the environment variables the process was started with access to (the
 *   binary's `--allow-env` list), asked for only when a mode declares variables: then all but
 *   the mode's own are revoked one by one; otherwise the whole class is revoked
 */
export function createProcessSandbox(grantedEnv: () => Promise<readonly string[]>): Sandbox {
  const accepts = (mode: ModeDescriptor, p: Permissions) =>
    !mode.caching && !p.net?.length && !p.run?.length && !p.sys?.length;
  return {
    kind: "process",
    accepts,
    async acquire(mode, options, request: AcquireRequest): Promise<Acquisition> {
      const declared = mode.permissions(options);
      if (!accepts(mode, declared)) {
        throw new Error(`the process sandbox cannot confine the ${mode.name} login`);
      }
      const files = new Map<string, Read>();
      for (const path of declared.read ?? []) files.set(path, await readDeclared(path, request));
      revokeAllBut(declared.env ?? [], declared.env?.length ? await grantedEnv() : []);
      let state: unknown;
      const context = buildContext({
        mode: mode.name,
        verbosity: request.verbosity,
        execInfo: request.execInfo,
        now: request.now,
        stderr: request.stderr,
        signal: () => request.signal,
        previousState: request.previousState,
        saveState: (value) => state = value,
        popKeyId: request.popKeyId,
        readFile(path) {
          const read = files.get(path);
          if (read === undefined) return Deno.readFile(path); // undeclared: Deno refuses
          return "data" in read ? Promise.resolve(read.data) : Promise.reject(read.error);
        },
      });
      try {
        const credential = await mode.acquire(options, context);
        return state === undefined ? { credential } : { credential, state };
      } catch (err) {
        const { explainCapabilityError } = await import("./capability_error.ts"); // failures only
        throw explainCapabilityError(mode.name, err);
      }
    },
  };
}

/**
 * Reads one declared file. A regular file is read at once: a local read waits on no one (and
 * the synchronous read skips ~0.6 ms of async set-up on the path kubectl runs most). Anything
 * else, such as a FIFO or a shell's process substitution, may wait for a writer forever, so it
 * is read asynchronously and bounded by the `--timeout` deadline.
 */
async function readDeclared(path: string, request: AcquireRequest): Promise<Read> {
  try {
    if (Deno.statSync(path).isFile) return { data: Deno.readFileSync(path) };
    return { data: await Deno.readFile(path, { signal: request.signal }) };
  } catch (error) {
    if (request.signal.aborted) throw request.signal.reason;
    return { error };
  }
}

function revokeAllBut(keepEnv: readonly string[], grantedEnv: readonly string[]): void {
  for (const name of WHOLE_CLASSES) Deno.permissions.revokeSync({ name });
  if (keepEnv.length === 0) {
    Deno.permissions.revokeSync({ name: "env" });
    return;
  }
  for (const variable of grantedEnv) {
    if (!keepEnv.includes(variable)) Deno.permissions.revokeSync({ name: "env", variable });
  }
}
