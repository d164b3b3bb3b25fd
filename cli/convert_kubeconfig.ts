/**
 * The `convert-kubeconfig` command: its flags (every `get-token` flag, so new modes' flags come
 * with them, plus `--kubeconfig`, `--context`, `--azure-config-dir`) and its use case.
 *
 * @module
 */

import { convertKubeconfig } from "../exec/convert_kubeconfig.ts";
import { KUBECONFIG_ENV, kubeconfigPaths } from "../exec/kubeconfig.ts";
import type { OptionSpec, RawFlags } from "../modes/types.ts";
import { getTokenOptions } from "./common_options.ts";
import { stringFlag } from "../modes/raw_flags.ts";
import { parseVerbosity, resolveLogin } from "./common_settings.ts";
import type { Deps } from "./deps.ts";
import type { Logger } from "./logger.ts";

export const kubeconfigOption: OptionSpec = {
  long: "kubeconfig",
  value: "file",
  description: "Kubeconfig file to convert",
  defaultText:
    `$${KUBECONFIG_ENV} (a list: each user is written back to its own file), else ~/.kube/config`,
};

export const contextOption: OptionSpec = {
  long: "context",
  value: "name",
  description: "Convert only the user of this kubeconfig context",
  defaultText: "every user",
};

export const azureConfigDirOption: OptionSpec = {
  long: "azure-config-dir",
  value: "dir",
  description:
    "Azure CLI config directory, written into the exec env as AZURE_CONFIG_DIR [azurecli]",
};

/** Every flag `convert-kubeconfig` accepts. */
export function convertKubeconfigOptions(): OptionSpec[] {
  return [...getTokenOptions(), kubeconfigOption, contextOption, azureConfigDirOption];
}

/**
 * Runs `convert-kubeconfig` with parsed flags. Prints nothing on stdout (like kubelogin); on
 * stderr, a warning when no user was converted, and at `-v 1` what was converted and written.
 * Needs read access to the kubeconfig files, write access to their directories, and env
 * access to `KUBECONFIG`, `HOME` and `AAD_LOGIN_METHOD`.
 *
 * @throws on any failure; the caller prints it and chooses the exit code
 */
export async function convertKubeconfigCommand(
  flags: RawFlags,
  deps: Deps,
  log: Logger,
): Promise<void> {
  log.verbosity = parseVerbosity(stringFlag(flags, "v"));
  const specs = convertKubeconfigOptions();
  // Secrets given here are written into the kubeconfig as asked, but never logged.
  for (const spec of specs) if (spec.secret) log.addSecrets(stringFlag(flags, spec.long));

  // The login mode is never read from the kubeconfig.
  const login = resolveLogin(flags, deps.env);
  const shortNames = new Map(specs.flatMap((s) => (s.short ? [[s.short, s.long]] : [])));
  const report = await convertKubeconfig({
    login,
    flags,
    kubeconfig: kubeconfigPaths(stringFlag(flags, "kubeconfig"), deps.env),
    context: stringFlag(flags, "context"),
    shortNames,
  });

  for (const { user, path } of report.converted) {
    log.v(1, () => `converted user ${JSON.stringify(user)} in ${JSON.stringify(path)} to ${login}`);
  }
  for (const path of report.written) log.v(1, () => `wrote ${JSON.stringify(path)}`);
  if (report.converted.length === 0) {
    log.warn(
      "nothing to convert: no selected kubeconfig user uses kubelogin or the azure auth-provider",
    );
  }
}
