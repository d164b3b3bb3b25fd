/**
 * The `get-token` use case: resolve the login mode and its options, serve a fresh cached token
 * or obtain one in the mode's sandbox, print one ExecCredential.
 *
 * @module
 */

import { chooseApiVersion } from "../exec/api_version.ts";
import { formatExecCredential } from "../exec/exec_credential.ts";
import { findMode, modeNames } from "../modes/registry.ts";
import { type AcquireRequest, chooseSandbox } from "../modes/sandbox/sandbox.ts";
import type { Credential, ModeDescriptor, RawFlags } from "../modes/types.ts";
import { EXEC_INFO_ENV } from "./common_options.ts";
import { resolveCacheDir, resolveCommon } from "./common_settings.ts";
import type { Deps } from "./deps.ts";
import { InputError, TimeoutError } from "./errors.ts";
import type { Logger } from "./logger.ts";

async function findModeOrFail(name: string): Promise<ModeDescriptor> {
  const mode = await findMode(name);
  if (mode !== undefined) return mode;
  throw new InputError(
    `'${name}' is not a supported login method. Supported method is one of ${
      modeNames().join(", ")
    }`,
  );
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
  const options = mode.resolve({ flags, env: deps.env });
  log.addSecrets(...mode.secretKeys.map((k) => (options as Record<string, string>)[k]));
  log.v(
    1,
    () => `login ${mode.name} with ${JSON.stringify(log.redactOptions(options, mode.secretKeys))}`,
  );

  // The --timeout signal is made when something first waits on it: a cache hit or a regular
  // token file never does, and Deno's first AbortSignal.timeout costs ~0.3 ms (setTimeout ~4).
  const deadline = deps.now() + common.timeoutMs;
  let timeout: AbortSignal | undefined;
  const signal = () => timeout ??= AbortSignal.timeout(Math.max(1, deadline - deps.now()));
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
    if (mode.caching && mode.cacheIdentity) {
      const { cacheKey, getOrAcquire, openTokenCache } = await import("../cache/mod.ts");
      const cache = openTokenCache({
        dir: resolveCacheDir(flags, deps.env),
        log: (level, message) => level === 0 ? log.warn(message) : log.v(level, () => message),
      });
      // A PoP entry holds the access token bound to the directory's key: key it by that key too.
      const pop = popClaim === undefined ? undefined : await import("./pop_credential.ts");
      const popKey = await pop?.loadPopKey(cache, signal());
      const key = await cacheKey({
        mode: mode.name,
        ...mode.cacheIdentity(options),
        ...(popKey ? { popKid: popKey.kid } : {}),
      });
      const result = await getOrAcquire(
        cache,
        key,
        {
          now: deps.now,
          get signal() {
            return signal();
          },
        },
        (previous) => acquire(previous?.state, popKey?.kid),
      );
      credential = result.credential;
      if (pop && popKey) {
        log.addSecrets("token" in credential ? credential.token : undefined);
        credential = await pop.popCredential(credential, popKey, popClaim!, deps.now());
      }
    } else {
      // The PoP key lives in the cache directory: only caching modes can offer PoP.
      if (popClaim !== undefined) throw new Error(`the ${mode.name} login cannot do PoP`);
      credential = (await acquire(undefined, undefined)).credential;
    }
  } catch (err) {
    throw timeout?.aborted ? new TimeoutError(common.timeoutMs) : err;
  }
  if ("token" in credential) log.addSecrets(credential.token);
  deps.stdout(formatExecCredential(choice.apiVersion, credential));
}
