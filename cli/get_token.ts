/**
 * The `get-token` use case: resolve the login mode and its options, serve a fresh cached token
 * or obtain one in the mode's sandbox, print one ExecCredential.
 *
 * @module
 */

import { chooseApiVersion } from "../exec/api_version.ts";
import { formatExecCredential } from "../exec/exec_credential.ts";
import { findMode, unsupportedLogin } from "../modes/registry.ts";
import { declaredEnv } from "../modes/sandbox/declared_env.ts";
import { type AcquireRequest, chooseSandbox } from "../modes/sandbox/sandbox.ts";
import type { Credential, ModeDescriptor, RawFlags } from "../modes/types.ts";
import { EXEC_INFO_ENV } from "./common_options.ts";
import { cachedCredential } from "./cached_credential.ts";
import { DEFAULT_TIMEOUT_MS, resolveCommon } from "./common_settings.ts";
import type { Deps } from "./deps.ts";
import { TimeoutError } from "./errors.ts";
import type { Logger } from "./logger.ts";
import { timeoutSignal } from "../lib/timeout_signal.ts";

async function findModeOrFail(name: string): Promise<ModeDescriptor> {
  const mode = await findMode(name);
  if (mode !== undefined) return mode;
  throw unsupportedLogin(name);
}

/**
 * Runs `get-token` with parsed flags. Writes the credential to `deps.stdout` only on success.
 *
 * @throws on any failure; the caller prints it and chooses the exit code
 */
export async function getToken(flags: RawFlags, deps: Deps, log: Logger): Promise<void> {
  const common = resolveCommon(flags, deps.env);
  log.verbosity = common.verbosity;
  const choice = chooseApiVersion(common.apiVersion, deps.env(EXEC_INFO_ENV));
  if (choice.warning) log.warn(choice.warning);

  const mode = await findModeOrFail(common.login);
  const options = mode.resolve({ flags, env: declaredEnv(mode, deps.env) });
  log.addSecrets(...mode.secretKeys.map((k) => (options as Record<string, string>)[k]));
  log.v(
    1,
    () => `login ${mode.name} with ${JSON.stringify(log.redactOptions(options, mode.secretKeys))}`,
  );

  // The --timeout signal is made when something first waits on it: a cache hit or a regular
  // token file never does, and Deno's first AbortSignal.timeout costs ~0.3 ms (setTimeout ~4).
  const timeoutMs = common.timeoutMs ?? mode.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = deps.now() + timeoutMs;
  let timeout: AbortSignal | undefined;
  const signal = () => timeout ??= timeoutSignal(deadline - deps.now());
  const acquire = (previousState: unknown, popKeyId: string | undefined) => {
    const permissions = mode.permissions(options);
    const sandbox = chooseSandbox(deps.sandboxes, mode, permissions);
    log.v(2, () => `confined by ${sandbox.kind} to ${JSON.stringify(permissions)}`);
    const request: AcquireRequest = {
      execInfo: choice.execInfo,
      verbosity: common.verbosity,
      stderr: (line) => log.line(line),
      now: deps.now,
      get signal() {
        return signal();
      },
      deadline,
      previousState,
      ...(popKeyId === undefined ? {} : { popKeyId }),
    };
    return sandbox.acquire(mode, options, request);
  };
  const popClaim = mode.popClaim?.(options);

  let credential: Credential;
  try {
    credential = mode.caching
      ? await cachedCredential({ mode, options, flags, deps, log, signal, popClaim, acquire })
      : (await acquire(undefined, undefined)).credential;
  } catch (err) {
    throw timeout?.aborted ? new TimeoutError(timeoutMs) : err;
  }
  if ("token" in credential) log.addSecrets(credential.token);
  deps.stdout(formatExecCredential(choice.apiVersion, credential));
}
