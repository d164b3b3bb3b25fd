/**
 * In-process {@linkcode Deps} for tests that call `run()` directly: an explicit environment,
 * captured stdout/stderr, and the worker sandbox (the process sandbox would revoke the test
 * runner's own permissions; subprocess tests cover it).
 *
 * @module
 */

import type { Deps } from "../cli/deps.ts";
import { run } from "../cli/run.ts";
import { createWorkerSandbox } from "../modes/sandbox/worker_sandbox.ts";
import type { Sandbox } from "../modes/sandbox/sandbox.ts";

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface TestDepsOptions {
  readonly env?: Record<string, string>;
  readonly now?: () => number;
  readonly sandboxes?: readonly Sandbox[];
}

/** Runs the CLI in-process and returns what it printed. Needs the mode's permissions. */
export async function runInProcess(
  args: string[],
  options: TestDepsOptions = {},
): Promise<RunResult> {
  let stdout = "";
  let stderr = "";
  const env = options.env ?? {};
  const deps: Deps = {
    env: (name) => env[name],
    stdout: (text) => stdout += text,
    stderr: (text) => stderr += text,
    now: options.now ?? Date.now,
    sandboxes: options.sandboxes ?? [createWorkerSandbox()],
  };
  const code = await run(args, deps);
  return { code, stdout, stderr };
}
