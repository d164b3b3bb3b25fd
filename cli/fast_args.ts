/**
 * The `get-token` fast lane: kubectl runs the plugin on every command with the same plain
 * argument list from the kubeconfig, and loading commander costs Deno more than the whole
 * cached run (it pulls in `node:fs` and `node:child_process`, ~25 ms). This parser accepts
 * only the plain forms (`--name value`, `--name=value`, `-x value`, `-x=value`, `--switch`,
 * `--switch=true|false`) of the flags in the same option specs commander is built from, and
 * gives up on anything else, so commander handles help, errors and unusual spellings.
 * `fast_args_test.ts` checks that both parsers agree.
 *
 * @module
 */

import type { OptionSpec, RawFlags } from "../modes/types.ts";

/**
 * Parses `get-token` arguments, or returns `undefined` to leave them to commander.
 * Needs no permissions.
 */
export function parseGetTokenFast(
  args: readonly string[],
  specs: readonly OptionSpec[],
): RawFlags | undefined {
  if (args[0] !== "get-token") return undefined;
  const flags: Record<string, string | boolean> = {};
  for (let i = 1; i < args.length; i++) {
    const arg = args[i]!;
    let spec: OptionSpec | undefined;
    let inline: string | undefined;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      if (eq >= 0) inline = arg.slice(eq + 1);
      spec = specs.find((s) => s.long === name);
    } else if (arg[0] === "-" && (arg.length === 2 || arg[2] === "=")) {
      spec = specs.find((s) => s.short === arg[1]);
      if (arg.length > 2) inline = arg.slice(3); // pflag's -x=value
    }
    if (spec === undefined) return undefined;
    if (spec.value === undefined) {
      if (inline === undefined || inline === "true") flags[spec.long] = true;
      else if (inline === "false") flags[spec.long] = false;
      else return undefined;
    } else {
      const value = inline ?? args[++i];
      if (value === undefined) return undefined;
      flags[spec.long] = value;
    }
  }
  return flags;
}
