/**
 * Runs the product as kubectl does: `deno run` of `main.ts` in a subprocess with exactly the
 * flags the binary is compiled with (`cli/permission_flags.ts`), a clean environment, and
 * stdout and stderr kept apart.
 *
 * @module
 */

import { runtimeFlags } from "../cli/permission_flags.ts";

export const REPO_DIR = new URL("../", import.meta.url).pathname.replace(/\/$/, "");
const MAIN = `${REPO_DIR}/main.ts`;
const CONFIG = `${REPO_DIR}/deno.json`;

let denoDirPromise: Promise<string> | undefined;

/** Deno's cache directory, so subprocesses with a clean environment find npm packages. */
export function denoDir(): Promise<string> {
  denoDirPromise ??= (async () => {
    const fromEnv = Deno.env.get("DENO_DIR");
    if (fromEnv) return fromEnv;
    const out = await new Deno.Command(Deno.execPath(), { args: ["info", "--json"] }).output();
    return JSON.parse(new TextDecoder().decode(out.stdout)).denoDir as string;
  })();
  return denoDirPromise;
}

const flags = await runtimeFlags();

/** The command line that runs the product: `[deno, run, …flags, main.ts]`. */
export function productCommand(): string[] {
  return [Deno.execPath(), "run", "--config", CONFIG, ...flags, MAIN];
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** The whole environment of the run (besides DENO_DIR and NO_COLOR). */
  readonly env?: Record<string, string>;
  readonly cwd?: string;
}

/** Runs `kubelogin <args>` and collects its output. Needs run access to Deno itself. */
export async function runCli(
  args: readonly string[],
  options: CliOptions = {},
): Promise<CliResult> {
  const [exe, ...base] = productCommand();
  const out = await new Deno.Command(exe!, {
    args: [...base, ...args],
    clearEnv: true,
    env: { DENO_DIR: await denoDir(), NO_COLOR: "1", ...options.env },
    stdin: "null",
    ...(options.cwd ? { cwd: options.cwd } : {}),
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

/** Writes an executable shell script that runs the product, for kubectl's exec `command`. */
export async function writeLauncher(path: string): Promise<void> {
  const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  const script = `#!/bin/sh\nexport DENO_DIR=${quote(await denoDir())} NO_COLOR=1\nexec ${
    productCommand().map(quote).join(" ")
  } "$@"\n`;
  await Deno.writeTextFile(path, script, { mode: 0o755 });
}
