/**
 * Service principal certificates: a `.pfx` (PKCS#12, modern AES/PBKDF2 or `-legacy` RC2/3DES
 * encryption) or a PEM file with the certificate(s) and an unencrypted private key.
 *
 * @module
 */

// @ts-types="@types/node-forge"
import type forgeType from "node-forge";
import { InputError } from "../types.ts";

/** A certificate credential, ready for a client assertion. */
export interface ClientCertificate {
  /** PEM certificates, the one matching the key first, then the rest of the chain. */
  readonly chainPem: readonly string[];
  /** The private key as PKCS#8 PEM. */
  readonly privateKeyPem: string;
  /** Hex SHA-1 and SHA-256 of the leaf certificate's DER (x5t and x5t#S256). */
  readonly thumbprintSha1: string;
  readonly thumbprintSha256: string;
}

type Forge = typeof forgeType;

/**
 * Reads a certificate credential from a file's bytes. Needs no permissions (the caller reads
 * the file); loads node-forge.
 *
 * @param path the file as the user named it: `.pfx` means PKCS#12, anything else PEM
 * @throws {InputError} naming the file, never the password
 */
export async function loadClientCertificate(
  bytes: Uint8Array,
  path: string,
  password: string | undefined,
): Promise<ClientCertificate> {
  const { default: forge } = await import("node-forge");
  const where = JSON.stringify(path);
  const { key, certs } = path.toLowerCase().endsWith(".pfx")
    ? fromPkcs12(forge, bytes, password, where)
    : fromPem(forge, new TextDecoder().decode(bytes), where);
  if (certs.length === 0) throw new InputError(`client certificate ${where} holds no certificate`);
  const matches = (c: forgeType.pki.Certificate) => {
    const pub = c.publicKey as forgeType.pki.rsa.PublicKey;
    return pub.n !== undefined && pub.n.equals(key.n) && pub.e.equals(key.e);
  };
  const leaf = certs.find(matches);
  if (leaf === undefined) {
    throw new InputError(`client certificate ${where}: no certificate matches the private key`);
  }
  const ordered = [leaf, ...certs.filter((c) => c !== leaf)];
  const der = Uint8Array.from(
    forge.asn1.toDer(forge.pki.certificateToAsn1(leaf)).getBytes(),
    (c) => c.charCodeAt(0),
  );
  const hex = async (algorithm: string) =>
    [...new Uint8Array(await crypto.subtle.digest(algorithm, der))].map((b) =>
      b.toString(16).padStart(2, "0")
    ).join("");
  const pkcs8 = forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key));
  return {
    chainPem: ordered.map((c) => forge.pki.certificateToPem(c)),
    privateKeyPem: forge.pki.privateKeyInfoToPem(pkcs8),
    thumbprintSha1: await hex("SHA-1"),
    thumbprintSha256: await hex("SHA-256"),
  };
}

interface KeyAndCerts {
  readonly key: forgeType.pki.rsa.PrivateKey;
  readonly certs: forgeType.pki.Certificate[];
}

function fromPkcs12(
  forge: Forge,
  bytes: Uint8Array,
  password: string | undefined,
  where: string,
): KeyAndCerts {
  let p12: forgeType.pkcs12.Pkcs12Pfx;
  try {
    let binary = "";
    for (const b of bytes) binary += String.fromCharCode(b);
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(binary), password ?? "");
  } catch (err) {
    const reason = /MAC could not be verified/.test((err as Error).message)
      ? "wrong password (--client-certificate-password)"
      : "not a readable PKCS#12 file";
    throw new InputError(`cannot read client certificate ${where}: ${reason}`);
  }
  const oids = forge.pki.oids;
  const bags = (type: string) => p12.getBags({ bagType: type })[type] ?? [];
  const key = [...bags(oids.pkcs8ShroudedKeyBag!), ...bags(oids.keyBag!)].find((b) => b.key)?.key;
  if (key === undefined) throw new InputError(`client certificate ${where} holds no private key`);
  const certs = bags(oids.certBag!).flatMap((b) => b.cert ? [b.cert] : []);
  return { key: key as forgeType.pki.rsa.PrivateKey, certs };
}

function fromPem(forge: Forge, text: string, where: string): KeyAndCerts {
  if (
    text.includes("-----BEGIN ENCRYPTED PRIVATE KEY-----") || /Proc-Type: 4,ENCRYPTED/.test(text)
  ) {
    throw new InputError(
      `client certificate ${where} has an encrypted private key; use a .pfx file or an unencrypted key`,
    );
  }
  const blocks = text.match(/-----BEGIN ([A-Z ]+)-----[\s\S]+?-----END \1-----/g) ?? [];
  const certs: forgeType.pki.Certificate[] = [];
  let key: forgeType.pki.rsa.PrivateKey | undefined;
  try {
    for (const block of blocks) {
      if (block.startsWith("-----BEGIN CERTIFICATE-----")) {
        certs.push(forge.pki.certificateFromPem(block));
      } else if (/^-----BEGIN (RSA )?PRIVATE KEY-----/.test(block)) {
        key = forge.pki.privateKeyFromPem(block) as forgeType.pki.rsa.PrivateKey;
      }
    }
  } catch (err) {
    throw new InputError(
      `cannot read client certificate ${where}: ${(err as Error).message.split("\n")[0]}`,
    );
  }
  if (key === undefined) {
    throw new InputError(
      `client certificate ${where} holds no private key (PEM needs CERTIFICATE and PRIVATE KEY blocks; .pfx files must end in .pfx)`,
    );
  }
  return { key, certs };
}
