/**
 * Compiles `main.ts` into the `kubelogin` binary with exactly the permission flags of
 * `cli/permission_flags.ts` and the sandbox worker's entry module included.
 *
 * `deno compile` needs Deno's `denort` runtime for the target. It downloads it from
 * dl.deno.land unless `DENORT_BIN` names a local copy (of the same Deno version). When there
 * is neither, this script says so and exits 0 ("skipped"), unless `--require` is given.
 *
 *   deno task compile [--output dist/kubelogin] [--target x86_64-unknown-linux-gnu] [--require]
 *
 * Permissions: read, write (the output), run (Deno), env (DENORT_BIN).
 *
 * @module
 */

import { runtimeFlags } from "../cli/permission_flags.ts";

const REPO = new URL("../", import.meta.url).pathname;

/** The `deno compile` arguments for an output path (and optional target triple). */
export async function compileArgs(output: string, target?: string): Promise<string[]> {
  return [
    "compile",
    "--config",
    `${REPO}deno.json`,
    ...await runtimeFlags(),
    "--include",
    `${REPO}modes/sandbox/worker_entry.ts`,
    ...(target ? ["--target", target] : []),
    "--output",
    output,
    `${REPO}main.ts`,
  ];
}

/** Whether `deno compile` failed only because it could not get the denort runtime. */
export function isMissingDenort(stderr: string): boolean {
  return /denort/.test(stderr) &&
    /(dns error|error sending request|Could not find denort|Connect)/.test(stderr);
}

async function main(args: string[]): Promise<number> {
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const output = value("--output") ?? `${REPO}dist/kubelogin`;
  const target = value("--target");
  const denort = Deno.env.get("DENORT_BIN");
  if (denort !== undefined) {
    const info = await Deno.stat(denort).catch(() => undefined);
    if (!info?.isFile) {
      console.error(
        `error: DENORT_BIN=${denort} is not a file; point it at a denort ${Deno.version.deno} binary`,
      );
      return 1;
    }
  }
  const out = await new Deno.Command(Deno.execPath(), {
    args: await compileArgs(output, target),
    stdout: "inherit",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  if (out.success) {
    const size = (await Deno.stat(output)).size;
    console.log(
      `compiled ${output} (${(size / 1e6).toFixed(1)} MB) with ${(await runtimeFlags()).join(" ")}`,
    );
    return 0;
  }
  if (denort === undefined && isMissingDenort(stderr)) {
    console.error(
      `skipped: deno compile needs the denort ${Deno.version.deno} runtime, which it downloads from ` +
        "dl.deno.land, and that failed here. Set DENORT_BIN=/path/to/denort to compile offline.",
    );
    return args.includes("--require") ? 1 : 0;
  }
  console.error(stderr.trimEnd());
  console.error("error: deno compile failed");
  return 1;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
