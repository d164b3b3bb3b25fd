/**
 * Proof-of-Possession on the host side (SPEC 9). Login modes never write files, so the host
 * owns the RSA key: `pop_rsa.key` in the token cache directory (0600, created once, under its
 * own lock, shared by every identity using that directory). The mode only learns the key's id
 * and returns the access token bound to it; the host signs a new PoP token around it on every
 * run, because a PoP token carries the time (`ts`) and a `nonce` of its own, whereas the access
 * token inside is what the cache keeps and reuses.
 *
 * Loaded only when a mode's options ask for PoP.
 *
 * @module
 */

import type { TokenCache } from "../cache/token_cache.ts";
import { generatePopKey, parsePopKey, type PopKey } from "../modes/azure/pop_key.ts";
import { signPopToken } from "../modes/azure/pop_token.ts";
import type { Credential } from "../modes/types.ts";

/** The key's file name in the cache directory. */
export const POP_KEY_FILE = "pop_rsa.key";

/**
 * The PoP key of the cache directory, created when there is none (or the file cannot be
 * trusted or read as a key). When the directory cannot hold it, a warning says so and a key
 * for this run only is used. Needs read and write on the cache directory, `sys` `uid`.
 *
 * @throws `signal.reason` when the `--timeout` ends while waiting for another run's lock
 */
export async function loadPopKey(cache: TokenCache, signal: AbortSignal): Promise<PopKey> {
  const existing = await readKey(cache);
  if (existing !== undefined) return existing;
  try {
    return await cache.withLock(POP_KEY_FILE, signal, async () => {
      const written = await readKey(cache); // another run may have just created it
      if (written !== undefined) return written;
      const { key, bytes } = await generatePopKey();
      await cache.writePrivate(POP_KEY_FILE, bytes);
      cache.log(1, `created the PoP key "${POP_KEY_FILE}" in the token cache directory`);
      return key;
    });
  } catch (err) {
    if (signal.aborted) throw err;
    cache.log(
      0,
      `the PoP key cannot be kept in the token cache directory (${
        err instanceof Error ? err.message : String(err)
      }): using a key for this run only`,
    );
    return (await generatePopKey()).key;
  }
}

async function readKey(cache: TokenCache): Promise<PopKey | undefined> {
  const bytes = await cache.readPrivate(POP_KEY_FILE);
  if (bytes === undefined) return undefined;
  const key = await parsePopKey(bytes);
  if (key === undefined) {
    cache.log(1, `ignoring "${POP_KEY_FILE}": it is not an RSA private key of 2048 bits or more`);
  }
  return key;
}

/**
 * The credential to print: a PoP token signed now around the access token `credential`
 * holds, expiring with it. Needs no permissions.
 */
export async function popCredential(
  credential: Credential,
  key: PopKey,
  u: string,
  nowMs: number,
): Promise<Credential> {
  if (!("token" in credential)) throw new Error("the login returned no access token to bind");
  const token = await signPopToken({ accessToken: credential.token, u, key, nowMs });
  return credential.expiresAt === undefined
    ? { token }
    : { token, expiresAt: credential.expiresAt };
}
