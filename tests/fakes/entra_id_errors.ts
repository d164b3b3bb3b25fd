/**
 * Microsoft Entra ID error responses as the real service shapes them: `error`,
 * `error_description` starting with `AADSTS<code>: ` and ending with the trace / correlation /
 * timestamp lines, `error_codes`, `timestamp`, `trace_id`, `correlation_id`, `error_uri`.
 *
 * @module
 */

/** One known AADSTS code: the OAuth `error` it comes with, its HTTP status and text. */
export interface AadstsInfo {
  readonly error: string;
  readonly status: number;
  readonly text: string;
}

/** The AADSTS codes the fake returns (texts as Entra ID words them, shortened). */
export const AADSTS: Readonly<Record<number, AadstsInfo>> = {
  28000: {
    error: "invalid_scope",
    status: 400,
    text:
      "Provided value for the input parameter scope is not valid because it contains more than one resource.",
  },
  50034: {
    error: "invalid_grant",
    status: 400,
    text: "The user account {EmailHidden} does not exist in the directory.",
  },
  50126: {
    error: "invalid_grant",
    status: 400,
    text: "Error validating credentials due to invalid username or password.",
  },
  50173: {
    error: "invalid_grant",
    status: 400,
    text: "The provided grant has expired due to it being revoked, a fresh auth token is needed.",
  },
  54005: {
    error: "invalid_grant",
    status: 400,
    text: "OAuth2 Authorization code was already redeemed, please retry with a new valid code.",
  },
  70000: {
    error: "invalid_grant",
    status: 400,
    text: "The provided authorization code or refresh token has expired or is invalid.",
  },
  70003: {
    error: "unsupported_grant_type",
    status: 400,
    text: "The app requested an unsupported grant type.",
  },
  70016: {
    error: "authorization_pending",
    status: 400,
    text: "OAuth 2.0 device flow error. Authorization is pending. Continue polling.",
  },
  70019: { error: "expired_token", status: 400, text: "Verification code expired." },
  70020: {
    error: "authorization_declined",
    status: 400,
    text: "The user declined the authorization request.",
  },
  50027: { error: "invalid_client", status: 401, text: "JWT token is invalid or malformed." },
  90002: { error: "invalid_request", status: 400, text: "Tenant not found." },
  90033: {
    error: "temporarily_unavailable",
    status: 503,
    text: "A transient error has occurred. Please try again.",
  },
  500011: {
    error: "invalid_resource",
    status: 400,
    text: "The resource principal was not found in the tenant.",
  },
  501481: {
    error: "invalid_grant",
    status: 400,
    text:
      "The Code_Verifier does not match the code_challenge supplied in the authorization request.",
  },
  700016: {
    error: "unauthorized_client",
    status: 400,
    text: "Application with the given identifier was not found in the directory.",
  },
  700021: {
    error: "invalid_client",
    status: 401,
    text: "Client assertion application identifier doesn't match 'client_id' parameter.",
  },
  700024: {
    error: "invalid_client",
    status: 401,
    text: "Client assertion is not within its valid time range.",
  },
  700082: {
    error: "invalid_grant",
    status: 400,
    text: "The refresh token has expired due to inactivity.",
  },
  700212: {
    error: "invalid_client",
    status: 401,
    text: "Client assertion audience claim does not match the token endpoint.",
  },
  700027: {
    error: "invalid_client",
    status: 401,
    text: "Client assertion contains an invalid signature.",
  },
  900144: {
    error: "invalid_request",
    status: 400,
    text: "The request body must contain the following parameter.",
  },
  1002012: {
    error: "invalid_scope",
    status: 400,
    text:
      "Client credential flows must have a scope value with /.default suffixed to the resource identifier.",
  },
  7000215: { error: "invalid_client", status: 401, text: "Invalid client secret provided." },
  7000218: {
    error: "invalid_client",
    status: 401,
    text:
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  },
  9002313: {
    error: "invalid_request",
    status: 400,
    text: "Invalid request. Request is malformed or invalid.",
  },
};

/** An Entra ID error to answer with. `detail` replaces the catalogue text when given. */
export class AadError extends Error {
  readonly code: number;
  readonly error: string;
  readonly status: number;
  constructor(code: number, detail?: string, override?: { error?: string; status?: number }) {
    const info = AADSTS[code];
    super(detail ?? info?.text ?? "Unknown error.");
    this.name = "AadError";
    this.code = code;
    this.error = override?.error ?? info?.error ?? "invalid_request";
    this.status = override?.status ?? info?.status ?? 400;
  }
}

/** Entra ID's timestamp format: `2026-01-31 12:34:56Z`. */
function aadTimestamp(date: Date): string {
  return date.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
}

/** The JSON body of an Entra ID error, as `/token` and `/devicecode` return it. */
export function aadErrorBody(
  err: AadError,
  correlationId: string = crypto.randomUUID(),
): Record<string, unknown> {
  const traceId = crypto.randomUUID();
  const timestamp = aadTimestamp(new Date());
  return {
    error: err.error,
    error_description: `AADSTS${err.code}: ${err.message}\r\nTrace ID: ${traceId}\r\n` +
      `Correlation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [err.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${err.code}`,
  };
}

/** An HTTP response carrying {@linkcode aadErrorBody}. */
export function aadErrorResponse(err: AadError, correlationId?: string): Response {
  return Response.json(aadErrorBody(err, correlationId), {
    status: err.status,
    headers: { "cache-control": "no-store, no-cache", "x-ms-ests-server": "fake-entra-id" },
  });
}
