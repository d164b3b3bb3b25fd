/**
 * The RSA key of Proof-of-Possession tokens (SPEC 9): RSA 2048 for RS256, identified by its
 * RFC 7638 JWK thumbprint. Kept as a private JWK (JSON) in the token cache directory so that
 * access tokens bound to it stay usable across runs.
 *
 * WebCrypto only: a cached PoP token is re-signed on every kubectl command, and loading `jose`
 * would cost more than the signature.
 *
 * @module
 */

import { base64url } from "../../lib/base64url.ts";

/** The public part of the key, as it goes into a PoP token's `cnf.jwk`. */
export interface RsaPublicJwk {
  readonly kty: "RSA";
  readonly n: string;
  readonly e: string;
}

/** A usable PoP key. */
export interface PopKey {
  /** RFC 7638 thumbprint (SHA-256, base64url) of the public key. */
  readonly kid: string;
  readonly publicJwk: RsaPublicJwk;
  /** Non-extractable, for RS256 signatures. */
  readonly privateKey: CryptoKey;
}

const ALGORITHM = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as const;
const PRIVATE_MEMBERS = ["n", "e", "d", "p", "q", "dp", "dq", "qi"] as const;
const encoder = new TextEncoder();

/** RFC 7638 thumbprint of an RSA public key. Needs no permissions. */
export async function jwkThumbprint(
  jwk: { readonly n: string; readonly e: string },
): Promise<string> {
  // Required members only, in lexicographic order, no whitespace.
  const canonical = `{"e":"${jwk.e}","kty":"RSA","n":"${jwk.n}"}`;
  return base64url(
    new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(canonical))),
  );
}

/**
 * Generates a new key. Returns it with the bytes to store (a private JWK as JSON). Takes tens
 * of milliseconds, so it happens once per cache directory. Needs no permissions.
 */
export async function generatePopKey(): Promise<{ key: PopKey; bytes: Uint8Array }> {
  const pair = await crypto.subtle.generateKey(
    { ...ALGORITHM, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
    true,
    ["sign", "verify"],
  );
  const jwk = await crypto.subtle.exportKey("jwk", pair.privateKey);
  const stored: Record<string, string> = { kty: "RSA" };
  for (const member of PRIVATE_MEMBERS) stored[member] = jwk[member]!;
  const bytes = encoder.encode(JSON.stringify(stored));
  const key = await parsePopKey(bytes);
  if (key === undefined) throw new Error("a generated PoP key could not be read back");
  return { key, bytes };
}

/**
 * Reads a stored key. Returns undefined when the bytes are not an RSA private JWK of at least
 * 2048 bits (the file is then replaced by a new key). Needs no permissions.
 */
export async function parsePopKey(bytes: Uint8Array): Promise<PopKey | undefined> {
  let jwk: Record<string, unknown>;
  try {
    jwk = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
  if (typeof jwk !== "object" || jwk === null || jwk.kty !== "RSA") return undefined;
  if (!PRIVATE_MEMBERS.every((m) => typeof jwk[m] === "string" && jwk[m] !== "")) return undefined;
  const n = jwk.n as string;
  const e = jwk.e as string;
  // base64url of a 2048-bit modulus is 342 characters.
  if (n.length < 342) return undefined;
  try {
    const privateKey = await crypto.subtle.importKey(
      "jwk",
      { kty: "RSA", ...Object.fromEntries(PRIVATE_MEMBERS.map((m) => [m, jwk[m]])) },
      ALGORITHM,
      false,
      ["sign"],
    );
    return { kid: await jwkThumbprint({ n, e }), publicJwk: { kty: "RSA", n, e }, privateKey };
  } catch {
    return undefined;
  }
}
