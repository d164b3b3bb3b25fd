/**
 * kubelogin for Deno: the composition root. Builds the real dependencies, runs the CLI, and
 * is the only place that exits the process.
 *
 * Permissions: those of `cli/permission_flags.ts` (the binary is compiled with them);
 * each login mode runs confined to its own declaration.
 *
 * @module
 */

import { runtimeEnvNames } from "./cli/permission_flags.ts";
import { run } from "./cli/run.ts";
import { createProcessSandbox } from "./modes/sandbox/process_sandbox.ts";
import { createWorkerSandbox } from "./modes/sandbox/worker_sandbox.ts";

const encoder = new TextEncoder();

function writeAll(file: { writeSync(p: Uint8Array): number }, text: string): void {
  let bytes = encoder.encode(text);
  while (bytes.length > 0) bytes = bytes.subarray(file.writeSync(bytes));
}

if (import.meta.main) {
  const code = await run(Deno.args, {
    env: (name) => Deno.env.get(name),
    stdout: (text) => writeAll(Deno.stdout, text),
    stderr: (text) => writeAll(Deno.stderr, text),
    now: () => Date.now(),
    sandboxes: [createProcessSandbox(runtimeEnvNames()), createWorkerSandbox()],
  });
  Deno.exit(code);
}
