/**
 * The values some flags complete to, each from its one source: `--login` from the mode
 * registry, `--environment` from the cloud names, `--api-version` from the accepted short
 * forms, `--context` from the kubeconfig the command would load.
 *
 * @module
 */

import { API_VERSION_CHOICES } from "../exec/api_version.ts";
import { contextUsers, kubeconfigPaths, readKubeconfigs } from "../exec/kubeconfig.ts";
import { loadYaml } from "../exec/yaml.ts";
import { ENVIRONMENT_NAMES } from "../modes/azure/clouds.ts";
import { loadModes } from "../modes/registry.ts";
import type { EnvReader } from "../modes/types.ts";

/** One completion: the value, and a description for shells that show one (may be empty). */
export interface Candidate {
  readonly value: string;
  readonly description: string;
}

/** Options already on the command line, by attribute name (`true` for a switch). */
export type GivenFlags = ReadonlyMap<string, string | true>;

/** Candidates without descriptions. */
export function plain(values: readonly string[]): Candidate[] {
  return values.map((value) => ({ value, description: "" }));
}

type Values = (env: EnvReader, given: GivenFlags) => Promise<Candidate[]>;

/** Value completions by long option name. */
const VALUES: Readonly<Record<string, Values>> = {
  login: async () => (await loadModes()).map((m) => ({ value: m.name, description: m.summary })),
  environment: () => Promise.resolve(plain(ENVIRONMENT_NAMES)),
  "api-version": () => Promise.resolve(plain(API_VERSION_CHOICES.filter((v) => !v.includes("/")))),
  context: kubeconfigContexts,
};

/**
 * The values of the flag `long`, or undefined when it has no list of its own. Needs read
 * access to the kubeconfig files and env access to `KUBECONFIG` and `HOME` for
 * `context`; nothing for the others.
 */
export function flagValues(
  long: string,
  env: EnvReader,
  given: GivenFlags,
): Promise<Candidate[]> | undefined {
  return Object.hasOwn(VALUES, long) ? VALUES[long]!(env, given) : undefined;
}

/** Context names of the kubeconfig `convert-kubeconfig` would load; none when unreadable. */
async function kubeconfigContexts(
  env: EnvReader,
  given: GivenFlags,
): Promise<Candidate[]> {
  const flag = given.get("kubeconfig");
  let path = typeof flag === "string" ? flag : undefined;
  const home = env("HOME");
  if (home && path?.startsWith("~/")) path = home + path.slice(1); // the shell left it as typed
  try {
    const yaml = await loadYaml();
    const files = await readKubeconfigs(yaml, kubeconfigPaths(path, env));
    return plain([...contextUsers(yaml, files).keys()]);
  } catch {
    return [];
  }
}
