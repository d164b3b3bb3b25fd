/**
 * Helpers for `convert-kubeconfig` tests: temporary kubeconfigs, and a one-user conversion
 * through the registry's modes that returns what was written.
 *
 * @module
 */

import { getTokenOptions } from "../cli/common_options.ts";
import { convertKubeconfig } from "../exec/convert_kubeconfig.ts";
import { loadYaml } from "../exec/yaml.ts";
import type { RawFlags } from "../modes/types.ts";

/** Runs `fn` with a fresh temporary directory, removed afterwards. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "kubelogin-convert-" });
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A kubeconfig document with these users (`[name, user]`) as YAML text. */
export async function kubeconfigText(users: [string, unknown][]): Promise<string> {
  const { stringify } = await loadYaml();
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    users: users.map(([name, user]) => ({ name, user })),
  });
}

/** Parses a kubeconfig file and returns its `users[i].user` mappings by name. */
export async function readUsers(path: string): Promise<Record<string, Record<string, unknown>>> {
  const { parse } = await loadYaml();
  const config = parse(await Deno.readTextFile(path)) as {
    users: { name: string; user: Record<string, unknown> }[];
  };
  return Object.fromEntries(config.users.map((u) => [u.name, u.user]));
}

/** The one-letter flags of `get-token`, by letter (`t` → `tenant-id`). */
export const SHORT_NAMES: ReadonlyMap<string, string> = new Map(
  getTokenOptions().flatMap((s) => (s.short ? [[s.short, s.long]] : [])),
);

/**
 * Converts a kubeconfig holding only `user` (named `u`) and returns the user as written.
 *
 * @throws what the conversion throws
 */
export async function convertOneUser(
  user: unknown,
  login: string,
  flags: RawFlags = {},
): Promise<Record<string, unknown>> {
  return await withTempDir(async (dir) => {
    const path = `${dir}/config`;
    await Deno.writeTextFile(path, await kubeconfigText([["u", user]]));
    await convertKubeconfig(
      {
        login,
        flags,
        kubeconfig: { paths: [path], explicit: true },
        shortNames: SHORT_NAMES,
      },
    );
    return (await readUsers(path))["u"]!;
  });
}
