/**
 * A fake Azure Instance Metadata Service (IMDS) managed-identity token endpoint over plain HTTP
 * on loopback: `GET /metadata/identity/oauth2/token?api-version=2018-02-01&resource=<r>` with
 * header `Metadata: true`, optionally naming a user-assigned identity by `client_id`,
 * `object_id`, `msi_res_id` or `mi_res_id`. Answers with IMDS's JSON shapes (all numbers as
 * strings) and its `{"error","error_description"}` errors. Point a client at it with
 * `AZURE_POD_IDENTITY_AUTHORITY_HOST=<url>` (msal-node) or by URL.
 *
 * @module
 */

import {
  type Fault,
  FaultQueue,
  faultResponse,
  json,
  listen,
  type RecordedRequest,
  recordRequest,
} from "./fake_http.ts";
import { createTokenSigner, guid, type TokenSigner } from "./identity_tokens.ts";
import {
  type IdentityEndpointOptions,
  type IssuedToken,
  type ManagedIdentity,
  managedIdentityToken,
  selectIdentity,
  systemAssignedIdentity,
} from "./managed_identity_model.ts";

export const IMDS_TOKEN_PATH = "/metadata/identity/oauth2/token";

export type FakeImdsOptions = IdentityEndpointOptions;

export interface FakeImds {
  /** Base URL, e.g. `http://127.0.0.1:4312` (the value for `AZURE_POD_IDENTITY_AUTHORITY_HOST`). */
  readonly url: string;
  /** `url` + the token path. */
  readonly tokenUrl: string;
  /** `127.0.0.1:<port>` for `--allow-net`. */
  readonly host: string;
  readonly tenantId: string;
  readonly systemAssigned: ManagedIdentity | undefined;
  readonly userAssigned: readonly ManagedIdentity[];
  readonly signer: TokenSigner;
  /** Every request received, in order. */
  readonly requests: readonly RecordedRequest[];
  /** Every token handed out, in order. */
  readonly issued: readonly IssuedToken[];
  /** Makes the next `fault.times ?? 1` token requests fail (or stall) this way. */
  inject(fault: Fault): void;
  close(): Promise<void>;
}

const error = (description: string, code = "invalid_request") => ({
  error: code,
  error_description: description,
});

/** Starts the fake on a free loopback port. Needs net access to 127.0.0.1. */
export async function startFakeImds(options: FakeImdsOptions = {}): Promise<FakeImds> {
  const signer = options.signer ?? await createTokenSigner();
  const tenantId = options.tenantId ?? guid();
  const lifetime = options.lifetimeSeconds ?? 86399;
  const identities = {
    systemAssigned: options.systemAssigned === null
      ? undefined
      : options.systemAssigned ?? systemAssignedIdentity(),
    userAssigned: options.userAssigned ?? [],
  };
  const requests: RecordedRequest[] = [];
  const issued: IssuedToken[] = [];
  const faults = new FaultQueue();

  const handle = async (request: Request, closing: AbortSignal): Promise<Response> => {
    const recorded = await recordRequest(request);
    requests.push(recorded);
    const url = new URL(request.url);
    // msal-node appends "/" to an AZURE_POD_IDENTITY_AUTHORITY_HOST URL; IMDS serves both.
    if (url.pathname.replace(/\/$/, "") !== IMDS_TOKEN_PATH) {
      return json(404, { error: "Not found" });
    }
    const fault = faults.take();
    if (fault) return faultResponse(fault, closing);
    if (request.method !== "GET") return json(405, error("Method not allowed"));
    if (request.headers.get("metadata")?.toLowerCase() !== "true") {
      return json(400, error("Required metadata header not specified"));
    }
    if (request.headers.has("x-forwarded-for")) {
      return json(
        400,
        error("Request contains X-Forwarded-For header; proxied requests are rejected"),
      );
    }
    if (!url.searchParams.get("api-version")) {
      return json(400, error("Required query variable 'api-version' is missing"));
    }
    const resource = url.searchParams.get("resource");
    if (!resource) return json(400, error("Required audience parameter not specified"));
    const picked = selectIdentity(url.searchParams, [
      ["client_id", "client_id"],
      ["object_id", "object_id"],
      ["msi_res_id", "resource_id"],
      ["mi_res_id", "resource_id"],
    ], identities);
    if (!picked.ok) {
      if (picked.reason === "ambiguous") {
        return json(
          400,
          error(
            "Multiple user assigned identities exist, please specify the clientId / resourceId of the identity in the token request",
          ),
        );
      }
      if (picked.reason === "multiple_selectors") {
        return json(
          400,
          error("Only one of client_id, object_id, msi_res_id, mi_res_id may be given"),
        );
      }
      return json(400, error("Identity not found"));
    }
    const token = await managedIdentityToken(signer, picked.identity, resource, tenantId, lifetime);
    issued.push(token);
    return json(200, {
      access_token: token.accessToken,
      client_id: picked.identity.clientId,
      expires_in: String(lifetime),
      expires_on: String(token.expiresOn),
      ext_expires_in: String(lifetime),
      not_before: String(token.expiresOn - lifetime),
      resource,
      token_type: "Bearer",
    });
  };

  const server = listen(handle);
  const url = `http://${server.host}`;
  return {
    url,
    tokenUrl: url + IMDS_TOKEN_PATH,
    host: server.host,
    tenantId,
    ...identities,
    signer,
    requests,
    issued,
    inject: (fault) => faults.push(fault),
    close: server.close,
  };
}
