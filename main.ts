/**
 * kubelogin for Deno: the composition root. Builds the real dependencies, runs the CLI, and
 * is the only place that exits the process.
 *
 * Permissions: those of `cli/permission_flags.ts` (the binary is compiled with them);
 * each login mode runs confined to its own declaration.
 *
 * @module
 */

import { run } from "./cli/run.ts";
import { createProcessSandbox } from "./modes/sandbox/process_sandbox.ts";
import type { Sandbox } from "./modes/sandbox/sandbox.ts";

const encoder = new TextEncoder();

function writeAll(file: { writeSync(p: Uint8Array): number }, text: string): void {
  let bytes = encoder.encode(text);
  while (bytes.length > 0) bytes = bytes.subarray(file.writeSync(bytes));
}

/** The worker sandbox, loaded only when a mode needs it (a cache hit or a file-only mode never does). */
const workerSandbox: Sandbox = {
  kind: "worker",
  accepts: () => true,
  async acquire(mode, options, request) {
    const { createWorkerSandbox } = await import("./modes/sandbox/worker_sandbox.ts");
    return await createWorkerSandbox().acquire(mode, options, request);
  },
};

if (import.meta.main) {
  // stdout carries the command's result only (Deps.stdout): a library's console.log must not
  // corrupt an ExecCredential.
  for (const level of ["log", "info", "debug"] as const) console[level] = console.error;
  const code = await run(Deno.args, {
    env: (name) => Deno.env.get(name),
    stdout: (text) => writeAll(Deno.stdout, text),
    stderr: (text) => writeAll(Deno.stderr, text),
    now: () => Date.now(),
    sandboxes: [
      createProcessSandbox(async () =>
        (await import("./cli/permission_flags.ts")).runtimeEnvNames()
      ),
      workerSandbox,
    ],
  });
  Deno.exit(code);
}
