/**
 * The expiry to report for an access token. Identity libraries compute it as "request time +
 * expires_in", which can land a second after the token's real `exp`; the JWT's own `exp` is
 * the truth when the token is a JWT, so the earlier of the two is used: kubectl must never hold
 * a token past its end.
 *
 * @module
 */

import { decodeJwt } from "../jwt.ts";

/** The earlier of `reportedMs` and the token's `exp` (when it is a JWT with one), in ms. */
export function accessTokenExpiry(token: string, reportedMs: number): number {
  try {
    const exp = decodeJwt(token)?.claims.exp;
    if (typeof exp === "number" && Number.isFinite(exp)) return Math.min(reportedMs, exp * 1000);
  } catch {
    // not a JWT we can read: keep what the identity provider reported
  }
  return reportedMs;
}
