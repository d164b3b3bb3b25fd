/**
 * base64url without padding, as JWTs, JWK thumbprints and PoP tokens use it.
 *
 * @module
 */

/** Encodes `bytes` (the built-in: `btoa`'s first call costs Deno ~0.8 ms). Needs no permissions. */
export function base64url(bytes: Uint8Array): string {
  return bytes.toBase64({ alphabet: "base64url", omitPadding: true });
}
