import assert from "node:assert/strict";
import { fromMsalError, fromOAuthErrorBody } from "./entra_error.ts";

const description =
  "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.\r\nTrace ID: 0b0e5d3c\r\nCorrelation ID: 6f1f\r\nTimestamp: 2026-11-22 17:00:00Z";

Deno.test("entra errors: the AADSTS description and code, on one line, without trace noise", () => {
  const err = fromOAuthErrorBody({
    error: "invalid_client",
    error_description: description,
    error_codes: [7000215],
  }, 401);
  assert.equal(
    err.message,
    "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID. (invalid_client)",
  );
  assert.equal(err.code, "invalid_client");
});

Deno.test("entra errors: bodies without OAuth fields still say what happened", () => {
  assert.equal(fromOAuthErrorBody("<html>", 502).message, "HTTP 502");
  assert.equal(
    fromOAuthErrorBody({ error: "invalid_request", message: "Identity not found" }, 400).message,
    "Identity not found (invalid_request)",
  );
});

Deno.test("entra errors: msal errors map through errorCode and errorMessage", () => {
  const msal = Object.assign(new Error("invalid_client: " + description), {
    errorCode: "invalid_client",
    errorMessage: description,
  });
  assert.match(
    fromMsalError(msal).message,
    /^AADSTS7000215: Invalid client secret provided\..* \(invalid_client\)$/,
  );
  const plain = new TypeError("fetch failed");
  assert.equal(fromMsalError(plain), plain, "other errors pass through");
});
