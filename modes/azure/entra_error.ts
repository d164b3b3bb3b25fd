/**
 * Errors from Entra ID, shown the way an operator can act on them: the AADSTS code and the first
 * sentence block of its description, on one line, never a secret (Entra ID does not echo
 * secrets; trace and correlation ids are dropped as noise, at -v they are logged).
 *
 * @module
 */

/** The identity provider refused or failed a request. */
export class IdentityProviderError extends Error {
  /** The OAuth error code, e.g. `invalid_client`. */
  readonly code: string;
  constructor(code: string, description: string, options?: ErrorOptions) {
    super(description ? `${description} (${code})` : code, options);
    this.name = "IdentityProviderError";
    this.code = code;
  }
}

/** The description without the trailing `Trace ID: … Correlation ID: … Timestamp: …` lines. */
export function firstDescription(description: string): string {
  return description.split(/\r?\n|\s+Trace ID:/)[0]!.trim();
}

/** Builds the error from an OAuth error response body (v1 or v2 endpoints, IMDS, …). */
export function fromOAuthErrorBody(body: unknown, status: number): IdentityProviderError {
  const doc = typeof body === "object" && body !== null ? body as Record<string, unknown> : {};
  const code = typeof doc.error === "string" ? doc.error : `HTTP ${status}`;
  const description = typeof doc.error_description === "string"
    ? doc.error_description
    : typeof doc.message === "string"
    ? doc.message
    : "";
  return new IdentityProviderError(code, firstDescription(description));
}

/**
 * Builds the error from what msal-node throws (`ServerError`, `AuthError`, `ClientAuthError`):
 * `errorCode` and `errorMessage` carry the OAuth error and the AADSTS description.
 */
export function fromMsalError(
  err: unknown,
  target?: { readonly authorityHost: string; readonly tenantId: string },
): Error {
  if (!(err instanceof Error)) return new Error(String(err));
  const e = err as Error & { errorCode?: unknown; errorMessage?: unknown };
  if (typeof e.errorCode !== "string") return err;
  if (e.errorCode === "endpoints_resolution_error" && target) {
    // msal drops the server's text when the OpenID configuration cannot be read.
    return new IdentityProviderError(
      e.errorCode,
      `cannot read the OpenID configuration of the authority ${target.authorityHost}${target.tenantId}: check --tenant-id and --authority-host (or --environment), and the network`,
      { cause: err },
    );
  }
  const message = typeof e.errorMessage === "string" ? e.errorMessage : err.message;
  // Managed identity errors are composites: "Error(s): … - Description: <text> - Correlation ID: …"
  const described = /Description:\s*([\s\S]*?)\s+-\s+(?:Correlation ID|Trace ID)/.exec(message)
    ?.[1];
  const code = e.errorCode || "managed_identity_error";
  return new IdentityProviderError(code, firstDescription(described ?? message), { cause: err });
}

/** A response's JSON body, or `undefined` when it is not JSON (an HTML error page, nothing). */
export async function jsonBody(response: Response): Promise<unknown> {
  try {
    return JSON.parse(await response.text());
  } catch {
    return undefined;
  }
}
