/**
 * The `get-token` use case: resolve the login mode and its options, obtain a credential in the
 * mode's sandbox, print one ExecCredential.
 *
 * @module
 */

import { chooseApiVersion } from "../exec/api_version.ts";
import { formatExecCredential } from "../exec/exec_credential.ts";
import { findMode, modeNames } from "../modes/registry.ts";
import { chooseSandbox } from "../modes/sandbox/sandbox.ts";
import type { Credential, RawFlags } from "../modes/types.ts";
import { EXEC_INFO_ENV } from "./common_options.ts";
import { resolveCommon } from "./common_settings.ts";
import type { Deps } from "./deps.ts";
import { InputError, TimeoutError } from "./errors.ts";
import { Logger } from "./logger.ts";

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

  const mode = findMode(common.login);
  if (mode === undefined) {
    throw new InputError(
      `'${common.login}' is not a supported login method. Supported method is one of ${
        modeNames().join(", ")
      }`,
    );
  }
  const options = mode.resolve({ flags, env: deps.env });
  log.addSecrets(...mode.secretKeys.map((k) => (options as Record<string, string>)[k]));
  log.v(
    1,
    () => `login ${mode.name} with ${JSON.stringify(log.redactOptions(options, mode.secretKeys))}`,
  );

  const permissions = mode.permissions(options);
  const sandbox = chooseSandbox(deps.sandboxes, mode, permissions);
  log.v(2, () => `confined by ${sandbox.kind} to ${JSON.stringify(permissions)}`);

  // AbortSignal.timeout, not setTimeout: Deno's first setTimeout costs ~4 ms.
  const signal = AbortSignal.timeout(common.timeoutMs);
  const deadline = deps.now() + common.timeoutMs;
  let credential: Credential;
  try {
    credential = await sandbox.acquire(mode, options, {
      execInfo: choice.execInfo,
      verbosity: common.verbosity,
      stderr: (line) => log.line(line),
      now: deps.now,
      signal,
      deadline,
    });
  } catch (err) {
    throw signal.aborted ? new TimeoutError(common.timeoutMs) : err;
  }
  if ("token" in credential) log.addSecrets(credential.token);
  deps.stdout(formatExecCredential(choice.apiVersion, credential));
}
