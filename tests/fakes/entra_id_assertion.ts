/**
 * Verifies a certificate client assertion the way Entra ID does: the header names the
 * registered certificate by `x5t#S256` (or `x5t`), an `x5c` chain (when sent) must start with
 * that certificate, the RS256/PS256 signature must verify against it, `iss` = `sub` = client id,
 * `aud` = the token endpoint, and `nbf`/`exp` must hold now.
 *
 * @module
 */

import { compactVerify, decodeJwt, decodeProtectedHeader, importX509 } from "jose";
import type { CertificateFacts } from "./entra_id_cert.ts";
import type { FederatedCredential } from "./entra_id_state.ts";
import { AadError } from "./entra_id_errors.ts";

/** What the fake learnt about an assertion that verified. */
export interface AssertionFacts {
  readonly alg: string;
  /** Which thumbprint header named the key. */
  readonly thumbprintHeader: "x5t#S256" | "x5t";
  /** Whether an `x5c` chain was sent, and how many certificates it held. */
  readonly x5c: boolean;
  readonly x5cLength: number;
}

const SKEW_SECONDS = 300;

function invalidSignature(reason: string): AadError {
  return new AadError(
    700027,
    `Client assertion contains an invalid signature. [Reason - ${reason}]`,
  );
}

/**
 * Checks `assertion` for `clientId` against its registered `certificate`; throws
 * {@linkcode AadError} with Entra ID's code on any failure. Needs no permissions.
 */
export async function verifyClientAssertion(
  assertion: string,
  clientId: string,
  certificate: CertificateFacts | undefined,
  audience: string,
  nowSeconds: number,
): Promise<AssertionFacts> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  let claims: ReturnType<typeof decodeJwt>;
  try {
    header = decodeProtectedHeader(assertion);
    claims = decodeJwt(assertion);
  } catch {
    throw new AadError(50027, "JWT token is invalid or malformed.", {
      error: "invalid_client",
      status: 401,
    });
  }
  const alg = String(header.alg);
  if (alg !== "RS256" && alg !== "PS256") {
    throw invalidSignature(`The signing algorithm ${alg} is not supported.`);
  }
  const s256 = header["x5t#S256"];
  const thumbprintHeader = typeof s256 === "string" ? "x5t#S256" : "x5t";
  const thumbprint = typeof s256 === "string" ? s256 : header.x5t;
  if (certificate === undefined || typeof thumbprint !== "string") {
    throw invalidSignature(
      `The key was not found., Thumbprint of key used by client: '${thumbprint}'`,
    );
  }
  const expected = thumbprintHeader === "x5t#S256" ? certificate.x5tS256 : certificate.x5t;
  if (thumbprint !== expected) {
    throw invalidSignature(
      `The key was not found., Thumbprint of key used by client: '${thumbprint}'`,
    );
  }
  const x5c = Array.isArray(header.x5c) ? header.x5c : undefined;
  if (x5c !== undefined && x5c[0] !== certificate.derBase64) {
    throw invalidSignature("The first certificate of the x5c chain is not the registered key.");
  }
  try {
    await compactVerify(assertion, await importX509(certificate.pem, alg));
  } catch {
    throw invalidSignature(
      "The provided signature value did not match the expected signature value.",
    );
  }
  if (claims.iss !== clientId || claims.sub !== clientId) {
    throw new AadError(700021);
  }
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.includes(audience)) {
    throw new AadError(700212, `Client assertion audience claim does not match '${audience}'.`, {
      error: "invalid_client",
      status: 401,
    });
  }
  const exp = claims.exp ?? 0;
  const nbf = claims.nbf ?? 0;
  if (exp + SKEW_SECONDS < nowSeconds || nbf - SKEW_SECONDS > nowSeconds) {
    throw new AadError(700024);
  }
  return { alg, thumbprintHeader, x5c: x5c !== undefined, x5cLength: x5c?.length ?? 0 };
}

/** A federated assertion carries no certificate thumbprint: it was signed by another issuer. */
export function isFederatedAssertion(assertion: string): boolean {
  try {
    const header = decodeProtectedHeader(assertion);
    return header.x5t === undefined && header["x5t#S256"] === undefined;
  } catch {
    return false;
  }
}

const EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

/**
 * Checks a federated assertion against the client's federated credentials as Entra ID does:
 * issuer and subject must match one, the audience must be `api://AzureADTokenExchange`, the
 * signature must verify with the issuer's keys, and the token must be current.
 */
export async function verifyFederatedAssertion(
  assertion: string,
  credentials: readonly FederatedCredential[],
): Promise<{ issuer: string; subject: string }> {
  let claims: ReturnType<typeof decodeJwt>;
  try {
    claims = decodeJwt(assertion);
  } catch {
    throw new AadError(50027, "JWT token is invalid or malformed.", {
      error: "invalid_client",
      status: 401,
    });
  }
  const issued = credentials.filter((c) => c.issuer === claims.iss);
  if (issued.length === 0) {
    throw new AadError(
      700211,
      `No matching federated identity record found for presented assertion issuer '${claims.iss}'.`,
      { error: "invalid_client", status: 400 },
    );
  }
  const credential = issued.find((c) => c.subject === claims.sub);
  if (credential === undefined) {
    throw new AadError(
      700213,
      `No matching federated identity record found for presented assertion subject '${claims.sub}'.`,
      { error: "invalid_client", status: 400 },
    );
  }
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.includes(EXCHANGE_AUDIENCE)) {
    throw new AadError(
      700212,
      `Client assertion audience claim does not match '${EXCHANGE_AUDIENCE}'.`,
      {
        error: "invalid_client",
        status: 401,
      },
    );
  }
  try {
    await credential.verify(assertion);
  } catch {
    throw invalidSignature(
      "The provided signature value did not match the expected signature value.",
    );
  }
  if ((claims.exp ?? 0) + SKEW_SECONDS < Math.floor(Date.now() / 1000)) throw new AadError(700024);
  return { issuer: credential.issuer, subject: credential.subject };
}
