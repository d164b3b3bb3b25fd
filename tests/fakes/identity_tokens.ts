/**
 * Signs the JWTs the identity fakes hand out (managed-identity access tokens, GitHub and Azure
 * DevOps OIDC tokens) with an RSA key made for the test run, so tests can verify them.
 *
 * @module
 */

import { importJWK, type JWK, jwtVerify, SignJWT } from "jose";

/** Signs JWTs with one key; `publicJwk` verifies them. */
export interface TokenSigner {
  readonly kid: string;
  readonly publicJwk: JWK;
  /** A compact JWS with exactly these claims (header `{alg: RS256, typ: JWT, kid}`). */
  sign(claims: Readonly<Record<string, unknown>>): Promise<string>;
  /** Verifies a token this signer made and returns its claims; throws otherwise. */
  verify(token: string): Promise<Record<string, unknown>>;
}

/** Makes a signer with a fresh RSA-2048 key. Needs no permissions. */
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
  const kid = crypto.randomUUID().replaceAll("-", "").slice(0, 16);
  const publicJwk = { ...(await crypto.subtle.exportKey("jwk", pair.publicKey)), kid } as JWK;
  const verifyKey = await importJWK(publicJwk, "RS256");
  return {
    kid,
    publicJwk,
    sign: (claims) =>
      new SignJWT({ ...claims }).setProtectedHeader({ alg: "RS256", typ: "JWT", kid })
        .sign(pair.privateKey),
    async verify(token) {
      const { payload } = await jwtVerify(token, verifyKey, { algorithms: ["RS256"] });
      return payload as Record<string, unknown>;
    },
  };
}

/** Seconds since the epoch. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** A random GUID-shaped id. */
export function guid(): string {
  return crypto.randomUUID();
}
