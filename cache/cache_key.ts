/**
 * Cache keys: one per identity, so that tenants, clients and clusters never share or overwrite
 * an entry.
 *
 * @module
 */

/** What shapes a token: mode, authority, tenant, client id, scope, username, legacy, PoP `u`. */
export type Identity = Readonly<Record<string, string | number | boolean | undefined>>;

/** Bumped when the meaning of an identity property changes, so old entries stop matching. */
const DOMAIN = "kubelogin-deno token cache v1\n";

const encoder = new TextEncoder();

/**
 * The canonical JSON of an identity: keys sorted, `undefined` properties dropped (an absent
 * option and an option set to `undefined` are the same identity; an empty string is not).
 *
 * @throws {TypeError} for a number that is not finite (JSON cannot represent it faithfully)
 */
export function canonicalJson(identity: Identity): string {
  const sorted: Record<string, string | number | boolean> = {};
  for (const name of Object.keys(identity).sort()) {
    const value = identity[name];
    if (value === undefined) continue;
    if (typeof value === "number" && !Number.isFinite(value)) {
      throw new TypeError(`cache identity property "${name}" is not a finite number`);
    }
    sorted[name] = value;
  }
  return JSON.stringify(sorted);
}

/**
 * The cache key of an identity: lower-case hex SHA-256 of its {@linkcode canonicalJson}.
 * The same identity gives the same key whatever the order of its properties.
 *
 * Needs no permissions (WebCrypto).
 */
export async function cacheKey(identity: Identity): Promise<string> {
  const data = encoder.encode(DOMAIN + canonicalJson(identity));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  let hex = "";
  for (const byte of digest) hex += byte.toString(16).padStart(2, "0");
  return hex;
}
