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

/** Declared files are inputs (tokens, manifests): anything this large is a mistake. */
export const MAX_DECLARED_FILE_BYTES = 1 << 20;

/**
 * Reads one declared file, at most {@linkcode MAX_DECLARED_FILE_BYTES}. A regular file is read
 * at once: a local read waits on no one (and the synchronous read skips ~0.6 ms of async set-up
 * on the path kubectl runs most). Anything else, such as a FIFO or a shell's process
 * substitution, may wait for a writer forever or never end (`/dev/zero`), so it is read in
 * chunks, bounded in size and by the `--timeout` deadline.
 */
async function readDeclared(path: string, request: AcquireRequest): Promise<Read> {
  try {
    const info = Deno.statSync(path);
    if (info.isFile) {
      if (info.size > MAX_DECLARED_FILE_BYTES) throw tooLarge();
      return { data: Deno.readFileSync(path) };
    }
  } catch (error) {
    return { error };
  }
  try {
    return { data: await readAtMost(path, request.signal) };
  } catch (error) {
    if (request.signal.aborted) throw request.signal.reason;
    return { error };
  }
}

function tooLarge(): Error {
  return new Error(`is larger than ${MAX_DECLARED_FILE_BYTES / (1 << 20)} MiB`);
}

/** Reads a stream-like file to its end, refusing more than the limit; aborts with `signal`. */
async function readAtMost(path: string, signal: AbortSignal): Promise<Uint8Array> {
  const aborted = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
  aborted.catch(() => {}); // observed by the races below
  const file = await Promise.race([Deno.open(path), aborted]);
  try {
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const buffer = new Uint8Array(64 * 1024);
      const n = await Promise.race([file.read(buffer), aborted]);
      if (n === null) break;
      total += n;
      if (total > MAX_DECLARED_FILE_BYTES) throw tooLarge();
      chunks.push(buffer.subarray(0, n));
    }
    const data = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) data.set(chunk, (offset += chunk.length) - chunk.length);
    return data;
  } finally {
    file.close();
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
