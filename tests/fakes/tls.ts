/**
 * A certificate authority made fresh for each test run, and server certificates it signs,
 * for the HTTPS fakes (API server, Entra ID). Keys come from WebCrypto (fast); node-forge
 * builds and signs the X.509 certificates.
 *
 * @module
 */

// @ts-types="@types/node-forge"
import forge from "node-forge";

/** PEM certificate and private key. */
export interface KeyPair {
  readonly certPem: string;
  readonly keyPem: string;
}

/** A test CA: its certificate (trust it via `DENO_CERT` or `certificate-authority-data`). */
export interface TestCa {
  readonly certPem: string;
  /** Issues a server certificate for `127.0.0.1` and `localhost` (and `names`). */
  issue(...names: string[]): Promise<KeyPair>;
}

async function rsaKeyPem(): Promise<{ pem: string; key: forge.pki.rsa.PrivateKey }> {
  const pair = await crypto.subtle.generateKey(
    {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    true,
    ["sign", "verify"],
  );
  const der = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  const body = btoa(String.fromCharCode(...der)).replace(/(.{64})/g, "$1\n");
  const pem = `-----BEGIN PRIVATE KEY-----\n${body.trimEnd()}\n-----END PRIVATE KEY-----\n`;
  return { pem, key: forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey };
}

function certificate(
  publicKey: forge.pki.PublicKey,
  subject: string,
  issuer: forge.pki.Certificate | undefined,
  extensions: object[],
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = "01" + forge.util.bytesToHex(forge.random.getBytesSync(8));
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  cert.setSubject([{ name: "commonName", value: subject }]);
  cert.setIssuer(issuer ? issuer.subject.attributes : [{ name: "commonName", value: subject }]);
  cert.setExtensions(extensions);
  return cert;
}

/** Creates a CA. Needs no permissions. */
export async function createTestCa(): Promise<TestCa> {
  const caKey = await rsaKeyPem();
  const caPublic = forge.pki.setRsaPublicKey(caKey.key.n, caKey.key.e);
  const caCert = certificate(caPublic, "kubelogin test CA", undefined, [
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
  ]);
  caCert.sign(caKey.key, forge.md.sha256.create());
  return {
    certPem: forge.pki.certificateToPem(caCert),
    async issue(...names) {
      const key = await rsaKeyPem();
      const cert = certificate(
        forge.pki.setRsaPublicKey(key.key.n, key.key.e),
        "127.0.0.1",
        caCert,
        [
          { name: "basicConstraints", cA: false },
          { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
          { name: "extKeyUsage", serverAuth: true },
          {
            name: "subjectAltName",
            altNames: [
              { type: 7, ip: "127.0.0.1" },
              { type: 2, value: "localhost" },
              ...names.map((value) => ({ type: 2, value })),
            ],
          },
        ],
      );
      cert.sign(caKey.key, forge.md.sha256.create());
      return { certPem: forge.pki.certificateToPem(cert), keyPem: key.pem };
    },
  };
}
