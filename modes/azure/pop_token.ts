/**
 * Proof-of-Possession tokens (SPEC 9): the `req_cnf` that binds an Entra ID access token to
 * a key, and the signed PoP token (a compact JWS wrapping the access token) that a cluster
 * accepts. WebCrypto only (see `pop_key.ts`).
 *
 * @module
 */

import { base64url } from "../../lib/base64url.ts";
import type { PopKey } from "./pop_key.ts";

const encoder = new TextEncoder();
const b64json = (value: unknown) => base64url(encoder.encode(JSON.stringify(value)));

/** The `req_cnf` form value of a PoP token request for key `kid`. */
export function reqCnf(kid: string): string {
  return b64json({ kid, xms_ksl: "sw" });
}

export interface PopTokenInput {
  /** The access token Entra ID bound to `key` (its `cnf.kid` is `key.kid`). */
  readonly accessToken: string;
  /** The `u` claim: the cluster's ARM ID or host. */
  readonly u: string;
  readonly key: PopKey;
  /** Milliseconds since the epoch; `ts` is this in whole seconds. */
  readonly nowMs: number;
  /** Defaults to a random UUID v4 without dashes. */
  readonly nonce?: string;
}

/**
 * Signs a PoP token: header `{typ: "pop", alg: "RS256", kid}`, payload
 * `{at, ts, u, cnf: {jwk}, nonce}`. Needs no permissions.
 */
export async function signPopToken(input: PopTokenInput): Promise<string> {
  const { key } = input;
  const header = { typ: "pop", alg: "RS256", kid: key.kid };
  const payload = {
    at: input.accessToken,
    ts: Math.floor(input.nowMs / 1000),
    u: input.u,
    cnf: {
      jwk: { e: key.publicJwk.e, kty: "RSA", n: key.publicJwk.n, alg: "RS256", kid: key.kid },
    },
    nonce: input.nonce ?? crypto.randomUUID().replaceAll("-", ""),
  };
  const signingInput = `${b64json(header)}.${b64json(payload)}`;
  const signature = await crypto.subtle.sign(
    "RSASSA-PKCS1-v1_5",
    key.privateKey,
    encoder.encode(signingInput),
  );
  return `${signingInput}.${base64url(new Uint8Array(signature))}`;
}
