/**
 * Proof-of-Possession tokens through the real CLI (ropc, interactive, spn with a secret and a
 * certificate), verified as a cluster would verify them: the signature with the embedded JWK,
 * `kid` = the JWK's thumbprint, `at` = the token Entra ID issued for that key, `u`, a recent
 * `ts`, a new `nonce` on every call. And what Entra ID was sent: `token_type=pop` with a
 * `req_cnf` naming that key.
 */

import assert from "node:assert/strict";
import { calculateJwkThumbprint, compactVerify, decodeProtectedHeader, importJWK } from "jose";
import {
  ALICE,
  CERT_APP,
  printed,
  SERVER_ID,
  SHORT_LIFETIME,
  SPN,
  startEntraCli,
} from "./entra_cli_setup.ts";
import { writeFakeBrowser } from "./fakes/fake_browser.ts";

const t = await startEntraCli();
globalThis.addEventListener("unload", () => void t[Symbol.asyncDispose]());
const { entra } = t;
const browser = await writeFakeBrowser(t.dir);
const U =
  `/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/arc-1`;
const pop = (u = U) => ["--pop-enabled", "--pop-claims", `u=${u}, region=westeurope`];

interface PopPayload {
  at: string;
  ts: number;
  u: string;
  nonce: string;
  cnf: { jwk: { kty: string; n: string; e: string; alg: string; kid: string } };
}

/** Verifies a PoP token as a server would, and returns its payload and key id. */
async function verifyPop(token: string, u = U): Promise<PopPayload & { kid: string }> {
  const header = decodeProtectedHeader(token);
  assert.equal(header.typ, "pop");
  assert.equal(header.alg, "RS256");
  const unverified = JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/")));
  const jwk = (unverified as PopPayload).cnf.jwk;
  assert.equal(jwk.kty, "RSA");
  assert.equal(jwk.alg, "RS256");
  assert.equal(jwk.kid, header.kid);
  assert.equal(await calculateJwkThumbprint({ kty: "RSA", n: jwk.n, e: jwk.e }), header.kid);
  const { payload } = await compactVerify(token, await importJWK(jwk, "RS256"));
  const claims = JSON.parse(new TextDecoder().decode(payload)) as PopPayload;
  assert.equal(claims.u, u);
  assert.ok(Math.abs(claims.ts - Date.now() / 1000) < 30, "ts is now");
  assert.match(claims.nonce, /^[0-9a-f]{32}$/);
  const at = await entra.verifyToken(claims.at);
  assert.equal(at.aud, SERVER_ID);
  assert.equal((at.cnf as { kid: string }).kid, header.kid, "the access token is bound to the key");
  return { ...claims, kid: header.kid! };
}

/** The `req_cnf` of the last token request, decoded, and its `token_type`. */
function lastPopRequest(grantType: string) {
  const request = entra.requests.filter((r) => r.grantType === grantType).at(-1)!;
  const cnf = JSON.parse(atob(request.params.req_cnf!.replace(/-/g, "+").replace(/_/g, "/")));
  return { tokenType: request.params.token_type, cnf };
}

Deno.test("PoP ropc: a signed PoP token around a bound access token; re-signed on every cached call", async () => {
  t.lifetime(3600);
  const cache = t.cacheDir();
  const args = t.args("ropc", cache, "--username", ALICE.username, ...pop());
  const first = await t.run(args, { AZURE_PASSWORD: ALICE.password });
  assert.equal(first.code, 0, first.stderr);
  const one = await verifyPop(printed(first.stdout).token);
  assert.deepEqual(lastPopRequest("password"), {
    tokenType: "pop",
    cnf: { kid: one.kid, xms_ksl: "sw" },
  });
  const claims = await entra.verifyToken(one.at);
  assert.equal(printed(first.stdout).expiresAt, claims.exp! * 1000, "expiry of the inner token");

  const key = await Deno.stat(`${cache}/pop_rsa.key`);
  assert.equal(key.mode! & 0o777, 0o600);
  assert.equal((await t.entry(cache)).credential.token, one.at, "the cache keeps the access token");

  const before = entra.requests.length;
  const second = await t.run(args, { AZURE_PASSWORD: ALICE.password });
  assert.equal(second.code, 0, second.stderr);
  assert.equal(entra.requests.length, before, "served from the cache");
  const two = await verifyPop(printed(second.stdout).token);
  assert.equal(two.at, one.at);
  assert.equal(two.kid, one.kid, "the key is kept");
  assert.notEqual(two.nonce, one.nonce, "a new nonce per call");
});

Deno.test("PoP ropc: the refresh asks for a PoP token for the same key", async () => {
  const cache = t.cacheDir();
  const args = t.args("ropc", cache, "--username", ALICE.username, ...pop());
  t.lifetime(SHORT_LIFETIME);
  const first = await t.run(args, { AZURE_PASSWORD: ALICE.password });
  assert.equal(first.code, 0, first.stderr);
  t.lifetime(3600);
  const second = await t.run(args, { AZURE_PASSWORD: ALICE.password });
  assert.equal(second.code, 0, second.stderr);
  const refreshed = await verifyPop(printed(second.stdout).token);
  assert.equal(lastPopRequest("refresh_token").tokenType, "pop");
  assert.equal(lastPopRequest("refresh_token").cnf.kid, refreshed.kid);
  assert.notEqual(refreshed.at, (await verifyPop(printed(first.stdout).token)).at);
});

Deno.test("PoP interactive: the code redemption asks for a PoP token", async () => {
  const cache = t.cacheDir();
  const r = await t.run(t.args("interactive", cache, ...pop()), { BROWSER: browser.path });
  assert.equal(r.code, 0, r.stderr);
  const token = await verifyPop(printed(r.stdout).token);
  assert.deepEqual(lastPopRequest("authorization_code").cnf, { kid: token.kid, xms_ksl: "sw" });
});

Deno.test("PoP spn: secret and certificate, one key for the directory, one entry per identity", async () => {
  const cache = t.cacheDir();
  const secret = await t.run(t.args("spn", cache, ...pop()), { AZURE_CLIENT_SECRET: SPN.secret });
  assert.equal(secret.code, 0, secret.stderr);
  const bySecret = await verifyPop(printed(secret.stdout).token);
  assert.equal(lastPopRequest("client_credentials").tokenType, "pop");

  const pem = `${t.dir}/spn.pem`;
  await Deno.writeTextFile(pem, t.cert.chainPem + t.cert.keyPem);
  const args = t.args("spn", cache, "--client-certificate", pem, ...pop("other-cluster.example"));
  const certificate = await t.run(
    args.map((a) => a === SPN.clientId ? CERT_APP : a),
    {},
  );
  assert.equal(certificate.code, 0, certificate.stderr);
  const byCert = await verifyPop(printed(certificate.stdout).token, "other-cluster.example");
  assert.equal(
    entra.requests.filter((r) => r.grantType === "client_credentials").at(-1)!.clientAuth,
    "assertion",
  );
  assert.equal(byCert.kid, bySecret.kid, "one key per cache directory");
  const entries = [...Deno.readDirSync(cache)].filter((e) => e.name.endsWith(".json"));
  assert.equal(entries.length, 2);
});

Deno.test("PoP: a key file that is not a key is replaced, and tokens bound to the old key are not used", async () => {
  const cache = t.cacheDir();
  const args = t.args("ropc", cache, "--username", ALICE.username, ...pop());
  const first = await t.run(args, { AZURE_PASSWORD: ALICE.password });
  const old = await verifyPop(printed(first.stdout).token);
  await Deno.writeTextFile(`${cache}/pop_rsa.key`, "not a key", { mode: 0o600 });
  const passwords = entra.countRequests({ grantType: "password" });
  const second = await t.run(args, { AZURE_PASSWORD: ALICE.password });
  assert.equal(second.code, 0, second.stderr);
  const renewed = await verifyPop(printed(second.stdout).token);
  assert.notEqual(renewed.kid, old.kid);
  assert.equal(
    entra.countRequests({ grantType: "password" }),
    passwords + 1,
    "a token for the new key",
  );
});

Deno.test("PoP: flag errors use Azure kubelogin's wording, before any request", async () => {
  const before = entra.requests.length;
  const cases: [string[], string][] = [
    [
      ["--pop-enabled"],
      "if enabling pop token mode, please provide the pop-claims flag containing the PoP token claims as a comma-separated string: `u=popClaimHost,key1=val1`",
    ],
    [
      ["--pop-claims", "u=x"],
      "pop-enabled flag is required to use the PoP token feature. Please provide both pop-enabled and pop-claims flags",
    ],
    [
      ["--pop-enabled", "--pop-claims", "u"],
      "failed to parse PoP token claims. Ensure the claims are formatted as `key=value` with no extra whitespace",
    ],
    [
      ["--pop-enabled", "--pop-claims", "k=v"],
      "required u-claim not provided for PoP token flow. Please provide the ARM ID of the cluster in the format `u=<ARM_ID>`",
    ],
    [
      ["--pop-enabled", "--pop-claims", " "],
      "failed to parse PoP token claims: no claims provided",
    ],
  ];
  for (const [flags, message] of cases) {
    for (const mode of ["ropc", "interactive", "spn"]) {
      const r = await t.run(t.args(mode, t.cacheDir(), "--username", "u", ...flags), {
        AZURE_PASSWORD: "p",
        AZURE_CLIENT_SECRET: "s",
      });
      assert.equal(r.stderr, `error: ${message}\n`, `${mode} ${flags.join(" ")}`);
    }
  }
  const legacy = await t.run(t.args("spn", t.cacheDir(), "--legacy", ...pop()), {
    AZURE_CLIENT_SECRET: SPN.secret,
  });
  assert.match(legacy.stderr, /^error: --pop-enabled cannot be used with --legacy/);
  assert.equal(entra.requests.length, before);
});
