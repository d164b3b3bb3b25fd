/**
 * The fake Entra ID's token signing key: an RSA key made per fake, published as a JWKS, used
 * for access tokens and ID tokens (RS256, `kid` = RFC 7638 thumbprint).
 *
 * @module
 */

import {
  calculateJwkThumbprint,
  exportJWK,
  type JSONWebKeySet,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from "jose";

/** Signs and verifies the fake's tokens. */
export interface TokenSigner {
  /** The key id in every token's header and in the JWKS. */
  readonly kid: string;
  /** The public key set, as `/discovery/v2.0/keys` serves it. */
  readonly jwks: JSONWebKeySet;
  /** Signs `claims` as a compact JWS (`typ: JWT`, RS256). */
  sign(claims: JWTPayload): Promise<string>;
  /** Verifies a token this signer issued and returns its claims (throws otherwise). */
  verify(token: string): Promise<JWTPayload>;
}

/** Creates a signer with a fresh RSA 2048 key. Needs no permissions. */
export async function createTokenSigner(): Promise<TokenSigner> {
  const pair = await crypto.subtle.generateKey(
    {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    true,
    ["sign", "verify"],
  );
  const jwk = await exportJWK(pair.publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  const jwks: JSONWebKeySet = {
    keys: [{ ...jwk, kid, use: "sig", alg: "RS256", x5t: kid }],
  };
  return {
    kid,
    jwks,
    sign: (claims) =>
      new SignJWT(claims).setProtectedHeader({ typ: "JWT", alg: "RS256", kid }).sign(
        pair.privateKey,
      ),
    verify: async (token) =>
      (await jwtVerify(token, pair.publicKey, { algorithms: ["RS256"] })).payload,
  };
}
