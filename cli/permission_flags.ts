/**
 * The Deno flags the binary runs with: one source for `scripts/compile.ts`, the test harness,
 * the bench and the dev launcher. Derived from the registry (the union of every mode's
 * bounds) plus what the host itself needs.
 *
 * @module
 */

import { loadModes } from "../modes/registry.ts";
import type { SysKind } from "../modes/types.ts";
import { KUBECONFIG_ENV } from "../exec/kubeconfig.ts";
import { CACHE_DIR_ENV, EXEC_INFO_ENV, getTokenOptions } from "./common_options.ts";

/** What the host process needs for itself, whatever the mode. */
const HOST = {
  /** Token files are read by the host for the process sandbox; workers inherit from it. */
  read: true,
  /**
   * The token cache writes its directory (from `--cache-dir`), and `convert-kubeconfig` writes a
   * temporary file beside each kubeconfig it changes. Both paths are known only at run time, so
   * write access cannot be narrowed at compile time; modes never get it (workers are given
   * `write: false`, the process sandbox revokes it).
   */
  write: true,
  // KUBECONFIG: convert-kubeconfig finds kubeconfig files with it.
  env: ["HOME", "USERPROFILE", EXEC_INFO_ENV, CACHE_DIR_ENV, KUBECONFIG_ENV],
  /** The token cache trusts only files owned by the user running it (`Deno.uid()`). */
  sys: ["uid"] as SysKind[],
};

/** Every environment variable the process may read, sorted. */
export async function runtimeEnvNames(): Promise<string[]> {
  const modes = await loadModes();
  const names = new Set<string>(HOST.env);
  for (const spec of getTokenOptions()) {
    for (const n of [...spec.env?.names ?? [], ...spec.env?.conditional?.names ?? []]) names.add(n);
  }
  for (const mode of modes) for (const n of [...mode.bounds.env, ...mode.resolveEnv]) names.add(n);
  return [...names].sort();
}

/** The permission flags of the binary. */
export async function permissionFlags(): Promise<string[]> {
  const modes = await loadModes();
  const any = (k: "read" | "net" | "run") => modes.some((m) => m.bounds[k]);
  const sys = new Set<SysKind>(HOST.sys);
  for (const mode of modes) for (const kind of mode.bounds.sys) sys.add(kind);
  const flags = ["--no-prompt"];
  if (HOST.read || any("read")) flags.push("--allow-read");
  if (HOST.write) flags.push("--allow-write");
  if (any("net")) flags.push("--allow-net");
  if (any("run")) flags.push("--allow-run");
  flags.push(`--allow-env=${(await runtimeEnvNames()).join(",")}`);
  if (sys.size > 0) flags.push(`--allow-sys=${[...sys].sort().join(",")}`);
  return flags;
}

/** Every flag `deno run main.ts` needs to behave as the compiled binary. */
export async function runtimeFlags(): Promise<string[]> {
  return ["--unstable-worker-options", ...await permissionFlags()];
}
