/**
 * Helpers for `convert-kubeconfig` tests: a mode lookup that knows the Azure convert rules
 * (their descriptors are not in the registry yet), temporary kubeconfigs, and a one-user
 * conversion that returns what was written.
 *
 * @module
 */

import { convertKubeconfig, type ModeLookup, REGISTRY_LOOKUP } from "../exec/convert_kubeconfig.ts";
import { loadYaml } from "../exec/yaml.ts";
import * as azure from "../modes/azure/convert_rules.ts";
import type { ConvertRule, RawFlags } from "../modes/types.ts";

/** The Azure modes' rules by mode name, as their descriptors will carry them. */
export const AZURE_RULES: Readonly<Record<string, ConvertRule>> = {
  devicecode: azure.devicecodeConvert,
  interactive: azure.interactiveConvert,
  spn: azure.spnConvert,
  ropc: azure.ropcConvert,
  msi: azure.msiConvert,
  azurecli: azure.azurecliConvert,
  azd: azure.azdConvert,
  workloadidentity: azure.workloadidentityConvert,
  azurepipelines: azure.azurepipelinesConvert,
};

/** The registry's modes plus the Azure rules. */
export const TEST_LOOKUP: ModeLookup = {
  find(name) {
    const convert = AZURE_RULES[name];
    return convert ? { name, convert } : REGISTRY_LOOKUP.find(name);
  },
  names: () => [...new Set([...Object.keys(AZURE_RULES), ...REGISTRY_LOOKUP.names()])],
};

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

/** kubelogin's one-letter flags, as the Azure option specs will declare them. */
export const AZURE_SHORT_NAMES: ReadonlyMap<string, string> = new Map([
  ["l", "login"],
  ["t", "tenant-id"],
  ["e", "environment"],
  ["s", "subscription"],
]);

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
        shortNames: AZURE_SHORT_NAMES,
      },
      TEST_LOOKUP,
    );
    return (await readUsers(path))["u"]!;
  });
}
