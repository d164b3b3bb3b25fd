/**
 * Service-account-shaped JWTs for tests, signed with a throwaway key (nobody verifies them
 * here; the shape is what matters).
 *
 * @module
 */

import { SignJWT } from "jose";

const key = await crypto.subtle.generateKey(
  {
    name: "RSASSA-PKCS1-v1_5",
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: "SHA-256",
  },
  false,
  ["sign", "verify"],
);

/** A projected service-account token with the given claims merged over typical ones. */
export function serviceAccountJwt(claims: Record<string, unknown>): Promise<string> {
  return new SignJWT({
    iss: "https://kubernetes.default.svc.cluster.local",
    aud: ["https://kubernetes.default.svc.cluster.local"],
    sub: "system:serviceaccount:ci:deployer",
    "kubernetes.io": { namespace: "ci", serviceaccount: { name: "deployer", uid: "0d6b…" } },
    ...claims,
  }).setProtectedHeader({ alg: "RS256", kid: "test" }).sign(key.privateKey);
}

/** Seconds since the epoch, `offsetSeconds` from now. */
export function epoch(offsetSeconds = 0): number {
  return Math.floor(Date.now() / 1000) + offsetSeconds;
}
