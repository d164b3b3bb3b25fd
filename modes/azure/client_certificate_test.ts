import assert from "node:assert/strict";
import { loadClientCertificate } from "./client_certificate.ts";

const dir = new URL("../../tests/testdata/certs/", import.meta.url);
const read = (name: string) => Deno.readFile(new URL(name, dir));
const PASSWORD = "kubelogin-test";

async function sha256Hex(pem: string): Promise<string> {
  const der = Uint8Array.from(atob(pem.replace(/-----[^-]+-----|\s/g, "")), (c) => c.charCodeAt(0));
  return [...new Uint8Array(await crypto.subtle.digest("SHA-256", der))].map((b) =>
    b.toString(16).padStart(2, "0")
  )
    .join("");
}

Deno.test("client certificate: modern (AES) and -legacy (RC2/3DES) .pfx and PEM give the same credential", async () => {
  const leafPem = await Deno.readTextFile(new URL("spn-cert.pem", dir));
  const results = [
    await loadClientCertificate(await read("spn-modern.pfx"), "/x/spn-modern.pfx", PASSWORD),
    await loadClientCertificate(await read("spn-legacy.pfx"), "/x/SPN-LEGACY.PFX", PASSWORD),
    await loadClientCertificate(await read("spn.pem"), "/x/spn.pem", undefined),
  ];
  for (const r of results) {
    assert.equal(r.chainPem.length, 2, "leaf and the extra chain certificate");
    assert.equal(r.thumbprintSha256, await sha256Hex(leafPem), "the leaf comes first");
    assert.equal(r.thumbprintSha256, await sha256Hex(r.chainPem[0]!));
    assert.match(r.thumbprintSha1, /^[0-9a-f]{40}$/);
    assert.match(r.privateKeyPem, /^-----BEGIN PRIVATE KEY-----/);
    // The key is usable by WebCrypto, so a client assertion can be signed with it.
    const der = Uint8Array.from(
      atob(r.privateKeyPem.replace(/-----[^-]+-----|\s/g, "")),
      (c) => c.charCodeAt(0),
    );
    await crypto.subtle.importKey(
      "pkcs8",
      der,
      { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
      false,
      ["sign"],
    );
  }
  assert.deepEqual(results[0], results[1]);
  assert.deepEqual(results[0], results[2]);
});

Deno.test("client certificate: a .pfx without password", async () => {
  const r = await loadClientCertificate(await read("spn-nopass.pfx"), "spn-nopass.pfx", undefined);
  assert.equal(r.chainPem.length, 1);
});

Deno.test("client certificate: wrong password and garbage are one-line errors without the password", async () => {
  await assert.rejects(
    loadClientCertificate(await read("spn-modern.pfx"), "/x/spn.pfx", "nope-wrong"),
    (err: Error) => {
      assert.equal(
        err.message,
        'cannot read client certificate "/x/spn.pfx": wrong password (--client-certificate-password)',
      );
      assert.ok(!err.message.includes("nope-wrong"));
      return true;
    },
  );
  await assert.rejects(
    loadClientCertificate(new TextEncoder().encode("hello"), "/x/bad.pfx", "pw"),
    {
      message: 'cannot read client certificate "/x/bad.pfx": not a readable PKCS#12 file',
    },
  );
  await assert.rejects(
    loadClientCertificate(await read("spn-cert.pem"), "/x/cert-only.pem", undefined),
    {
      message: /client certificate "\/x\/cert-only.pem" holds no private key/,
    },
  );
  const encrypted =
    "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n";
  await assert.rejects(
    loadClientCertificate(new TextEncoder().encode(encrypted), "/x/enc.pem", undefined),
    {
      message: /has an encrypted private key; use a \.pfx file or an unencrypted key/,
    },
  );
});
