/**
 * The content of one cache entry file, and its strict parsing: anything that does not have
 * exactly the expected shape is a miss, never an exception.
 *
 * On disk: `{"format":1,"key":"<key>","credential":{…},"state":…}`. The key is stored inside
 * the file too, so that an entry renamed to another identity's name is not served for it.
 *
 * @module
 */

import type { Credential } from "../modes/types.ts";

/** What the cache keeps for one identity. */
export interface CacheEntry {
  /** The credential last obtained; served while it has enough time left. */
  readonly credential: Credential;
  /**
   * What the mode needs to refresh silently (e.g. a serialized MSAL token cache with the
   * refresh token). Any JSON value; absent when the mode keeps nothing.
   */
  readonly state?: unknown;
}

const FORMAT = 1;
const encoder = new TextEncoder();

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string {
  return typeof value === "string" && value !== "";
}

/** A clean copy of a credential, or undefined when `value` is not one. */
export function toCredential(value: unknown): Credential | undefined {
  if (!isObject(value)) return undefined;
  const { expiresAt, token, clientCertificateData: cert, clientKeyData: key } = value;
  if (expiresAt !== undefined && !(typeof expiresAt === "number" && Number.isFinite(expiresAt))) {
    return undefined;
  }
  const expiry = expiresAt === undefined ? {} : { expiresAt };
  if (isText(token) && cert === undefined && key === undefined) return { token, ...expiry };
  if (token === undefined && isText(cert) && isText(key)) {
    return { clientCertificateData: cert, clientKeyData: key, ...expiry };
  }
  return undefined;
}

/**
 * The bytes of an entry file.
 *
 * @throws {TypeError} when the credential is not one {@linkcode decodeEntry} would accept, or
 *   the state cannot be written as JSON
 */
export function encodeEntry(key: string, entry: CacheEntry): Uint8Array {
  const credential = toCredential(entry.credential);
  if (credential === undefined) throw new TypeError("cache entry has no valid credential");
  const head = JSON.stringify({ format: FORMAT, key, credential });
  if (entry.state === undefined) return encoder.encode(head);
  const state = JSON.stringify(entry.state); // undefined for a function or symbol
  if (state === undefined) throw new TypeError("cache entry state is not JSON");
  const text = `${head.slice(0, -1)},"state":${state}}`;
  return encoder.encode(text);
}

/** The entry in `text` for `key`, or a one-line reason why it is not a valid one. */
export function decodeEntry(
  key: string,
  text: string,
): { readonly entry: CacheEntry } | { readonly problem: string } {
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch {
    return { problem: "is not valid JSON" };
  }
  if (!isObject(file) || file.format !== FORMAT) return { problem: "is not a cache entry" };
  if (file.key !== key) return { problem: "belongs to another identity" };
  const credential = toCredential(file.credential);
  if (credential === undefined) return { problem: "has no valid credential" };
  return { entry: "state" in file ? { credential, state: file.state } : { credential } };
}
