/**
 * A client assertion: the JWT a service principal signs with its certificate's key to prove
 * who it is (RFC 7523), with the certificate thumbprint (`x5t`, `x5t#S256`) and chain (`x5c`)
 * in its header so Entra ID can find the certificate (subject name/issuer authentication needs
 * the chain).
 *
 * @module
 */

import type { ClientCertificate } from "./client_certificate.ts";
import { base64url } from "../../lib/base64url.ts";

const hexToBase64Url = (hex: string) => base64url(Uint8Array.fromHex(hex));

/**
 * Signs an assertion for `audience` (the token endpoint URL). Needs no permissions.
 *
 * @param nowSeconds the current time in seconds since the epoch
 */
export async function signClientAssertion(
  certificate: ClientCertificate,
  clientId: string,
  audience: string,
  nowSeconds: number,
): Promise<string> {
  const { importPKCS8, SignJWT } = await import("jose");
  const key = await importPKCS8(certificate.privateKeyPem, "RS256");
  const x5c = certificate.chainPem.map((pem) => pem.replace(/-----[^-]+-----|\s/g, ""));
  return await new SignJWT({})
    .setProtectedHeader({
      alg: "RS256",
      typ: "JWT",
      x5t: hexToBase64Url(certificate.thumbprintSha1),
      "x5t#S256": hexToBase64Url(certificate.thumbprintSha256),
      x5c,
    })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(audience)
    .setJti(crypto.randomUUID())
    .setIssuedAt(nowSeconds)
    .setNotBefore(nowSeconds)
    .setExpirationTime(nowSeconds + 600)
    .sign(key);
}
