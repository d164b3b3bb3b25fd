/**
 * Resolution of the command-level `get-token` flags (login method, apiVersion, timeout,
 * verbosity, cache directory) from flags and environment.
 *
 * @module
 */

import { type ExecApiVersion, parseApiVersion } from "../exec/api_version.ts";
import { envOverridesAllowed, stringFlag } from "../modes/raw_flags.ts";
import type { EnvReader, RawFlags } from "../modes/types.ts";
import { CACHE_DIR_ENV, DEFAULT_LOGIN, LOGIN_ENV, TIMEOUT_ENV } from "./common_options.ts";
import { parseDuration } from "./duration.ts";
import { InputError, UsageError } from "./errors.ts";

export interface CommonSettings {
  readonly login: string;
  /** `--api-version`, when given. */
  readonly apiVersion: ExecApiVersion | undefined;
  /** `--timeout` or `AZURE_CLI_TIMEOUT`, when given; else the mode's default applies. */
  readonly timeoutMs: number | undefined;
  readonly verbosity: number;
}

/** `--timeout` when it is not given and the mode has no default of its own. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/** The login mode: `AAD_LOGIN_METHOD` (unless overrides are disabled), else `--login`, else devicecode. */
export function resolveLogin(flags: RawFlags, env: EnvReader): string {
  const fromEnv = envOverridesAllowed(flags) ? env(LOGIN_ENV) : undefined;
  return fromEnv || stringFlag(flags, "login") || DEFAULT_LOGIN;
}

/**
 * Resolves the command-level settings. Needs no permissions (env comes through `env`).
 *
 * @throws {UsageError} for a malformed flag value
 * @throws {InputError} for a value that is well-formed but not acceptable
 */
export function resolveCommon(flags: RawFlags, env: EnvReader): CommonSettings {
  const overrides = envOverridesAllowed(flags);
  const login = resolveLogin(flags, env);

  const apiFlag = stringFlag(flags, "api-version");
  const apiVersion = apiFlag === undefined ? undefined : parseApiVersion(apiFlag);
  if (apiFlag !== undefined && apiVersion === undefined) {
    throw new UsageError(
      `invalid argument "${apiFlag}" for "--api-version" flag: must be v1 or v1beta1`,
    );
  }

  let timeoutMs: number | undefined;
  const timeoutFlag = stringFlag(flags, "timeout");
  if (timeoutFlag !== undefined) {
    const parsed = parseDuration(timeoutFlag);
    if (parsed === undefined) {
      throw new UsageError(
        `invalid argument "${timeoutFlag}" for "--timeout" flag: time: invalid duration "${timeoutFlag}"`,
      );
    }
    timeoutMs = parsed;
  }
  const timeoutEnv = overrides ? env(TIMEOUT_ENV) : undefined;
  const fromEnv = timeoutEnv ? parseDuration(timeoutEnv) : undefined;
  if (fromEnv !== undefined) timeoutMs = fromEnv;
  if (timeoutMs !== undefined && !(timeoutMs > 0)) {
    throw new InputError("timeout must be greater than 0");
  }

  return { login, apiVersion, timeoutMs, verbosity: parseVerbosity(stringFlag(flags, "v")) };
}

/** `-v <level>` as a number (0 when absent). */
export function parseVerbosity(value: string | undefined): number {
  if (value === undefined) return 0;
  if (!/^\d+$/.test(value)) {
    throw new UsageError(`invalid argument "${value}" for "-v, --v" flag: not a whole number`);
  }
  return Number(value);
}

/**
 * The token cache directory: `--cache-dir`, else the deprecated `--token-cache-dir`, else
 * `$KUBECACHEDIR`, else `~/.kube/cache/kubelogin/`.
 */
export function resolveCacheDir(flags: RawFlags, env: EnvReader): string {
  const given = stringFlag(flags, "cache-dir") ?? stringFlag(flags, "token-cache-dir");
  if (given) return given;
  const fromEnv = env(CACHE_DIR_ENV);
  if (fromEnv) return fromEnv;
  const home = env("HOME") || env("USERPROFILE");
  if (!home) {
    throw new InputError(
      "cannot find the home directory for the token cache: set HOME or --cache-dir",
    );
  }
  return `${home.replace(/[\\/]+$/, "")}/.kube/cache/kubelogin/`;
}
