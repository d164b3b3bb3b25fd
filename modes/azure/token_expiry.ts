/**
 * When an Entra ID access token expires. msal-node computes `expiresOn` from its own clock
 * plus `expires_in`, which can be a second later than the token's own `exp`; a credential must
 * never claim more life than the token has, so the earlier of the two wins.
 *
 * @module
 */

import { decodeJwt } from "../jwt.ts";

/**
 * The expiry in ms since the epoch: the earlier of `reportedMs` (msal's `expiresOn`) and the
 * token's `exp` claim when it is a JWT; `nowMs` (already expired) when neither is known.
 * Needs no permissions.
 */
export function accessTokenExpiry(
  accessToken: string,
  reportedMs: number | undefined,
  nowMs: number,
): number {
  let exp: number | undefined;
  try {
    const claim = decodeJwt(accessToken)?.claims.exp;
    if (typeof claim === "number" && Number.isFinite(claim)) exp = claim * 1000;
  } catch {
    // Not a JWT we can read: msal's figure is all there is.
  }
  const known = [reportedMs, exp].filter((v): v is number => v !== undefined);
  return known.length === 0 ? nowMs : Math.min(...known);
}
