/**
 * The cached side of `get-token`: serve the identity's fresh entry, or acquire under its lock
 * and store the result (`cache/`), and turn a cached PoP-bound access token into a freshly
 * signed PoP token. A cache that cannot be used never stops a login: it is skipped with a
 * warning (PoP, whose key lives in the cache directory, is the exception).
 *
 * @module
 */

import type { Acquisition } from "../modes/sandbox/sandbox.ts";
import type { Credential, ModeDescriptor, RawFlags } from "../modes/types.ts";
import { resolveCacheDir } from "./common_settings.ts";
import type { Deps } from "./deps.ts";
import { errorLine, InputError } from "./errors.ts";
import type { Logger } from "./logger.ts";

export interface CachedCredentialInput {
  readonly mode: ModeDescriptor;
  readonly options: unknown;
  readonly flags: RawFlags;
  readonly deps: Deps;
  readonly log: Logger;
  /** The `--timeout` signal, made on first use. */
  readonly signal: () => AbortSignal;
  /** The PoP `u` claim, when the options ask for a PoP token. */
  readonly popClaim: string | undefined;
  /** Runs the mode's login in its sandbox. */
  readonly acquire: (previousState: unknown, popKeyId: string | undefined) => Promise<Acquisition>;
}

/**
 * The credential for a caching mode. Needs read access to the cache directory (a hit), and
 * read and write access to it, `sys` uid, for a miss.
 */
export async function cachedCredential(input: CachedCredentialInput): Promise<Credential> {
  const { mode, options, flags, deps, log, signal, popClaim, acquire } = input;
  let dir: string;
  try {
    dir = resolveCacheDir(flags, deps.env);
  } catch (err) {
    if (popClaim !== undefined) {
      throw new InputError(
        `a PoP token needs the token cache directory for its key: ${errorLine(err)}`,
      );
    }
    log.warn(`token cache not used: ${errorLine(err)}`);
    return (await acquire(undefined, undefined)).credential;
  }
  const { cacheKey, getOrAcquire, openTokenCache } = await import("../cache/mod.ts");
  const cache = openTokenCache({
    dir,
    log: (level, message) => level === 0 ? log.warn(message) : log.v(level, () => message),
  });
  // A PoP entry holds the access token bound to the directory's key: key it by that key too.
  const pop = popClaim === undefined ? undefined : await import("./pop_credential.ts");
  const popKey = await pop?.loadPopKey(cache, signal());
  const key = await cacheKey({
    mode: mode.name,
    ...mode.cacheIdentity?.(options),
    ...(popKey ? { popKid: popKey.kid } : {}),
  });
  const { credential } = await getOrAcquire(
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
  if (!pop || !popKey) return credential;
  log.addSecrets("token" in credential ? credential.token : undefined);
  return await pop.popCredential(credential, popKey, popClaim!, deps.now());
}
