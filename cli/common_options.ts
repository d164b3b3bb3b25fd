/**
 * `get-token` flags that belong to the command rather than to a login mode.
 *
 * @module
 */

import { API_VERSION_CHOICES } from "../exec/api_version.ts";
import { MODE_OPTIONS } from "../modes/mode_options.ts";
import { modeNames } from "../modes/registry.ts";
import type { OptionSpec } from "../modes/types.ts";

export const DEFAULT_LOGIN = "devicecode";
export const LOGIN_ENV = "AAD_LOGIN_METHOD";
export const TIMEOUT_ENV = "AZURE_CLI_TIMEOUT";
export const CACHE_DIR_ENV = "KUBECACHEDIR";
export const EXEC_INFO_ENV = "KUBERNETES_EXEC_INFO";

export const loginOption: OptionSpec = {
  long: "login",
  short: "l",
  value: "method",
  description: `Login method, one of: ${modeNames().join(", ")}`,
  defaultText: DEFAULT_LOGIN,
  env: { names: [LOGIN_ENV], overridesFlag: true },
};

export const apiVersionOption: OptionSpec = {
  long: "api-version",
  value: "version",
  description: `client.authentication.k8s.io version of the output: ${
    API_VERSION_CHOICES.slice(0, 2).join(" or ")
  } (or the full form)`,
  defaultText: "the version in KUBERNETES_EXEC_INFO, else v1beta1",
};

export const timeoutOption: OptionSpec = {
  long: "timeout",
  value: "duration",
  description: "Limit for the whole run, as a Go duration (30s, 2m)",
  defaultText: "60s; 15m for the devicecode and interactive sign-ins",
  env: { names: [TIMEOUT_ENV], overridesFlag: true },
};

export const cacheDirOption: OptionSpec = {
  long: "cache-dir",
  value: "dir",
  description: "Directory of the token cache",
  defaultText: `$${CACHE_DIR_ENV}, else ~/.kube/cache/kubelogin/`,
};

/** Deprecated spelling of `--cache-dir`, kept so old kubeconfigs work. */
export const tokenCacheDirOption: OptionSpec = {
  long: "token-cache-dir",
  value: "dir",
  description: "Deprecated: use --cache-dir",
  hidden: true,
};

export const disableEnvOverrideOption: OptionSpec = {
  long: "disable-environment-override",
  description:
    "Do not let AAD_*, AZURE_*, ARM_* and AZURESUBSCRIPTION_* variables override flags (KUBECACHEDIR still applies)",
};

/** `-v`: klog's verbosity level; logs go to stderr. Global: accepted before the command too. */
export const verbosityOption: OptionSpec = {
  long: "v",
  short: "v",
  value: "level",
  description: "Log verbosity on stderr (0-10); secrets are never logged",
};

/** Accepted for compatibility with klog; logs always go to stderr. */
export const logToStderrOption: OptionSpec = {
  long: "logtostderr",
  description: "Log to stderr (always on; accepted for compatibility)",
};

export const GLOBAL_OPTIONS: readonly OptionSpec[] = [verbosityOption, logToStderrOption];

/** Every flag `get-token` accepts: its own, every mode's, and the global ones. */
export function getTokenOptions(): OptionSpec[] {
  return [
    loginOption,
    ...MODE_OPTIONS,
    apiVersionOption,
    timeoutOption,
    cacheDirOption,
    tokenCacheDirOption,
    disableEnvOverrideOption,
    ...GLOBAL_OPTIONS,
  ];
}
