/**
 * `--pop-enabled` / `--pop-claims`: validation and parsing with Azure kubelogin's wording.
 *
 * @module
 */

import { InputError } from "../types.ts";

/** The PoP settings a mode receives; only `u` is used in the token. */
export interface PopSettings {
  /** The `u` claim: the cluster's ARM ID or host. */
  readonly u: string;
}

/**
 * Parses `key=value` pairs separated by commas. Needs no permissions.
 *
 * @throws {InputError} with kubelogin's messages for empty, malformed or u-less claims
 */
export function parsePopClaims(text: string): Record<string, string> {
  if (text.trim() === "") {
    throw new InputError("failed to parse PoP token claims: no claims provided");
  }
  const claims: Record<string, string> = {};
  for (const pair of text.split(",")) {
    const parts = pair.split("=");
    const key = parts[0]?.trim() ?? "";
    const value = parts[1]?.trim() ?? "";
    if (parts.length < 2 || key === "" || value === "") {
      throw new InputError(
        "failed to parse PoP token claims. Ensure the claims are formatted as `key=value` with no extra whitespace",
      );
    }
    claims[key] = value;
  }
  if (!claims.u) {
    throw new InputError(
      "required u-claim not provided for PoP token flow. Please provide the ARM ID of the cluster in the format `u=<ARM_ID>`",
    );
  }
  return claims;
}

/**
 * Checks that `--pop-enabled` and `--pop-claims` come together, and parses the claims.
 * Returns undefined when PoP is off.
 */
export function resolvePop(enabled: boolean, claims: string | undefined): PopSettings | undefined {
  if (enabled && !claims) {
    throw new InputError(
      "if enabling pop token mode, please provide the pop-claims flag containing the PoP token claims as a comma-separated string: `u=popClaimHost,key1=val1`",
    );
  }
  if (claims && !enabled) {
    throw new InputError(
      "pop-enabled flag is required to use the PoP token feature. Please provide both pop-enabled and pop-claims flags",
    );
  }
  return enabled && claims ? { u: parsePopClaims(claims).u! } : undefined;
}
