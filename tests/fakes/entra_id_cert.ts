/**
 * Client certificates for the fake Entra ID: thumbprints as Entra ID and msal-node use them
 * (hex for msal's `clientCertificate`, base64url for the assertion's `x5t` / `x5t#S256`), and a
 * helper that makes a certificate credential for tests.
 *
 * @module
 */

import type { TestCa } from "./tls.ts";

/** What identifies a certificate in a client assertion. */
export interface CertificateFacts {
  /** The PEM as given (first CERTIFICATE block). */
  readonly pem: string;
  /** Standard base64 of the DER, as an `x5c` entry carries it. */
  readonly derBase64: string;
  /** SHA-1 of the DER, hex (msal-node `clientCertificate.thumbprint`). */
  readonly sha1Hex: string;
  /** SHA-256 of the DER, hex (msal-node `clientCertificate.thumbprintSha256`). */
  readonly sha256Hex: string;
  /** base64url SHA-1 (the `x5t` header). */
  readonly x5t: string;
  /** base64url SHA-256 (the `x5t#S256` header). */
  readonly x5tS256: string;
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/g;

/** Every certificate of a PEM bundle, as standard base64 DER, in order. */
export function pemCertificates(pem: string): string[] {
  return [...pem.matchAll(PEM_CERT)].map((m) => m[1]!.replace(/\s+/g, ""));
}

function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(
    /=+$/,
    "",
  );
}

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");

/** Thumbprints of the first certificate in `pem`. Needs no permissions. */
export async function certificateFacts(pem: string): Promise<CertificateFacts> {
  const derBase64 = pemCertificates(pem)[0];
  if (derBase64 === undefined) throw new Error("no CERTIFICATE block in the PEM");
  const der = base64ToBytes(derBase64);
  const sha1 = new Uint8Array(await crypto.subtle.digest("SHA-1", der));
  const sha256 = new Uint8Array(await crypto.subtle.digest("SHA-256", der));
  const first = `-----BEGIN CERTIFICATE-----\n${
    derBase64.replace(/(.{64})/g, "$1\n").trimEnd()
  }\n-----END CERTIFICATE-----\n`;
  return {
    pem: first,
    derBase64,
    sha1Hex: hex(sha1),
    sha256Hex: hex(sha256),
    x5t: base64url(sha1),
    x5tS256: base64url(sha256),
  };
}

/** A certificate credential for a confidential client. */
export interface ClientCertificate extends CertificateFacts {
  /** The private key, PKCS#8 PEM. */
  readonly keyPem: string;
  /** Leaf then issuing CA, PEM: what `x5c` carries when the chain is sent. */
  readonly chainPem: string;
}

/** Makes a client certificate signed by the test CA. Needs no permissions. */
export async function createClientCertificate(ca: TestCa): Promise<ClientCertificate> {
  const { certPem, keyPem } = await ca.issue();
  return { ...await certificateFacts(certPem), keyPem, chainPem: certPem + ca.certPem };
}
