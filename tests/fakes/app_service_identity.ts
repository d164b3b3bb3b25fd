/**
 * A fake App Service (and Functions, Container Apps) managed-identity endpoint, API version
 * 2019-08-01, over plain HTTP on loopback: `GET $IDENTITY_ENDPOINT?api-version=2019-08-01&
 * resource=<r>[&client_id=|&mi_res_id=|&object_id=]` with header `X-IDENTITY-HEADER:
 * $IDENTITY_HEADER`. Answers `{access_token, expires_on (epoch string), resource, token_type,
 * client_id}`; errors come as App Service sends them (`{"statusCode","message","correlationId"}`
 * or `{"error":{"code","message"}}`).
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

/** The path App Service's local token service uses. */
export const APP_SERVICE_TOKEN_PATH = "/msi/token";

export type FakeAppServiceOptions = IdentityEndpointOptions;

export interface FakeAppServiceIdentity {
  /** The value for `IDENTITY_ENDPOINT`, e.g. `http://127.0.0.1:4312/msi/token`. */
  readonly endpoint: string;
  /** The value for `IDENTITY_HEADER` (a secret the platform rotates). */
  readonly header: string;
  /** `{IDENTITY_ENDPOINT, IDENTITY_HEADER}` to put in a client's environment. */
  readonly env: Readonly<Record<string, string>>;
  readonly host: string;
  readonly tenantId: string;
  readonly systemAssigned: ManagedIdentity | undefined;
  readonly userAssigned: readonly ManagedIdentity[];
  readonly signer: TokenSigner;
  readonly requests: readonly RecordedRequest[];
  readonly issued: readonly IssuedToken[];
  inject(fault: Fault): void;
  close(): Promise<void>;
}

/** Starts the fake on a free loopback port. Needs net access to 127.0.0.1. */
export async function startFakeAppServiceIdentity(
  options: FakeAppServiceOptions = {},
): Promise<FakeAppServiceIdentity> {
  const signer = options.signer ?? await createTokenSigner();
  const tenantId = options.tenantId ?? guid();
  const lifetime = options.lifetimeSeconds ?? 86399;
  const secret = crypto.randomUUID().replaceAll("-", "").toUpperCase();
  const identities = {
    systemAssigned: options.systemAssigned === null
      ? undefined
      : options.systemAssigned ?? systemAssignedIdentity("app-test"),
    userAssigned: options.userAssigned ?? [],
  };
  const requests: RecordedRequest[] = [];
  const issued: IssuedToken[] = [];
  const faults = new FaultQueue();
  const nested = (code: string, message: string) => json(400, { error: { code, message } });

  const handle = async (request: Request, closing: AbortSignal): Promise<Response> => {
    requests.push(await recordRequest(request));
    const url = new URL(request.url);
    if (url.pathname !== APP_SERVICE_TOKEN_PATH) return json(404, { error: "Not found" });
    const fault = faults.take();
    if (fault) return faultResponse(fault, closing);
    if (request.headers.get("x-identity-header") !== secret) {
      return nested("bad_request_102", "Required metadata header not specified");
    }
    if (url.searchParams.get("api-version") !== "2019-08-01") {
      return nested("invalid_request", "Unsupported or missing api-version");
    }
    const resource = url.searchParams.get("resource");
    if (!resource) return nested("invalid_request", "Required audience parameter not specified");
    const picked = selectIdentity(url.searchParams, [
      ["client_id", "client_id"],
      ["object_id", "object_id"],
      ["mi_res_id", "resource_id"],
    ], identities);
    if (!picked.ok) {
      return json(400, {
        statusCode: 400,
        message: "Unable to load the proper Managed Identity.",
        correlationId: guid(),
      });
    }
    const token = await managedIdentityToken(signer, picked.identity, resource, tenantId, lifetime);
    issued.push(token);
    return json(200, {
      access_token: token.accessToken,
      expires_on: String(token.expiresOn),
      resource,
      token_type: "Bearer",
      client_id: picked.identity.clientId,
    });
  };

  const server = listen(handle);
  const endpoint = `http://${server.host}${APP_SERVICE_TOKEN_PATH}`;
  return {
    endpoint,
    header: secret,
    env: { IDENTITY_ENDPOINT: endpoint, IDENTITY_HEADER: secret },
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
