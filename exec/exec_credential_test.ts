import assert from "node:assert/strict";
import { EXEC_V1, EXEC_V1BETA1 } from "./api_version.ts";
import { formatExecCredential, formatTimestamp } from "./exec_credential.ts";

Deno.test("exec credential: one line of JSON, expiry in RFC 3339 UTC whole seconds", () => {
  const out = formatExecCredential(EXEC_V1, {
    token: "t0k",
    expiresAt: Date.UTC(2026, 10, 22, 17, 42, 37, 999),
  });
  assert.equal(
    out,
    '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"interactive":false},' +
      '"status":{"expirationTimestamp":"2026-11-22T17:42:37Z","token":"t0k"}}\n',
  );
  assert.equal(out.indexOf("\n"), out.length - 1, "exactly one newline, at the end");
});

Deno.test("exec credential: no expiry means no expirationTimestamp, never an invented one", () => {
  const doc = JSON.parse(formatExecCredential(EXEC_V1BETA1, { token: "opaque" }));
  assert.deepEqual(doc.status, { token: "opaque" });
  assert.equal(doc.apiVersion, EXEC_V1BETA1);
});

Deno.test("exec credential: client certificate credentials carry both PEM fields", () => {
  const doc = JSON.parse(
    formatExecCredential(EXEC_V1, { clientCertificateData: "CERT", clientKeyData: "KEY" }),
  );
  assert.deepEqual(doc.status, { clientCertificateData: "CERT", clientKeyData: "KEY" });
});

Deno.test("exec credential: timestamps truncate, never round up past the real expiry", () => {
  assert.equal(formatTimestamp(Date.UTC(2030, 0, 1, 0, 0, 0, 999)), "2030-01-01T00:00:00Z");
  assert.equal(formatTimestamp(0), "1970-01-01T00:00:00Z");
});
