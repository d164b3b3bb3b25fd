/**
 * Decoding (not verifying) a compact JWT. jose does the same, but loading jose costs Deno
 * about 5 ms, and this runs on every `serviceaccount` call; jose stays for signing (PoP).
 *
 * @module
 */

/** Header and claims of a compact JWT, undecoded signature. */
export interface DecodedJwt {
  readonly header: Record<string, unknown>;
  readonly claims: Record<string, unknown>;
}

/** Why a token with a JWT header is not a usable JWT. */
export class MalformedJwtError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedJwtError";
  }
}

/**
 * Decodes `token` if it is a JWT: three base64url parts whose first is a JSON object header.
 * Returns `undefined` for anything that is not shaped like a JWT (an opaque token).
 *
 * @throws {MalformedJwtError} when the header is a JWT header but the claims are not a JSON object
 */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  const header = decodeJsonPart(parts[0]!);
  if (header === undefined || typeof header.alg !== "string") return undefined;
  const claims = decodeJsonPart(parts[1]!);
  if (claims === undefined) {
    throw new MalformedJwtError("its payload is not base64url-encoded JSON");
  }
  return { header, claims };
}

function decodeJsonPart(part: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(part)) return undefined;
  try {
    // Uint8Array.fromBase64, not atob: Deno's first atob costs ~0.8 ms, this path runs per call.
    const bytes = Uint8Array.fromBase64(part, { alphabet: "base64url" });
    const value: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? value as Record<string, unknown>
      : undefined;
  } catch {
    return undefined;
  }
}
