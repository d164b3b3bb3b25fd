/**
 * The one JSON document a plugin prints on stdout.
 *
 * @module
 */

import type { Credential } from "../modes/types.ts";
import type { ExecApiVersion } from "./api_version.ts";

/**
 * Formats an RFC 3339 timestamp in UTC with whole seconds, as client-go writes them
 * (`2026-11-22T17:42:37Z`). Sub-second parts are dropped, never rounded up, so the reported
 * expiry is never later than the real one.
 */
export function formatTimestamp(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/**
 * Serializes an ExecCredential: one line of JSON and a newline, nothing else.
 * `expirationTimestamp` is omitted when the credential has no known expiry.
 */
export function formatExecCredential(apiVersion: ExecApiVersion, credential: Credential): string {
  const status: Record<string, string> = {};
  if (credential.expiresAt !== undefined) {
    status.expirationTimestamp = formatTimestamp(credential.expiresAt);
  }
  if ("token" in credential) {
    status.token = credential.token;
  } else {
    status.clientCertificateData = credential.clientCertificateData;
    status.clientKeyData = credential.clientKeyData;
  }
  const doc = { kind: "ExecCredential", apiVersion, spec: { interactive: false }, status };
  return JSON.stringify(doc) + "\n";
}
