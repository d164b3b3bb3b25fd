/**
 * A fake Azure DevOps OIDC token endpoint over HTTPS (test CA), as `AzurePipelinesCredential`
 * in the Azure SDKs calls it: `POST ${SYSTEM_OIDCREQUESTURI}?api-version=7.1&
 * serviceConnectionId=<id>` with `Authorization: Bearer $SYSTEM_ACCESSTOKEN` (newer SDKs add
 * `X-TFS-FedAuthRedirect: Suppress` and `Content-Type: application/json`, with no body).
 * Answers `{"oidcToken":"<jwt>"}` with `aud` `api://AzureADTokenExchange`.
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
import { createTokenSigner, guid, nowSeconds, type TokenSigner } from "./identity_tokens.ts";
import type { TestCa } from "./tls.ts";

export const TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

export interface FakeAzureDevOpsOidcOptions {
  /** Known service connection ids. Default: one generated id. */
  readonly serviceConnectionIds?: readonly string[];
  readonly organization?: string;
  readonly project?: string;
  /** Written into `env` as `AZURESUBSCRIPTION_CLIENT_ID` / `_TENANT_ID`. Default: generated. */
  readonly clientId?: string;
  readonly tenantId?: string;
  /** Lifetime of an OIDC token. Default 600 s. */
  readonly lifetimeSeconds?: number;
  readonly signer?: TokenSigner;
}

export interface IssuedOidcToken {
  readonly serviceConnectionId: string;
  readonly token: string;
}

export interface FakeAzureDevOpsOidc {
  /** The value for `SYSTEM_OIDCREQUESTURI` (no query string). */
  readonly requestUri: string;
  /** The value for `SYSTEM_ACCESSTOKEN` (a secret). */
  readonly accessToken: string;
  /** The first known service connection id. */
  readonly serviceConnectionId: string;
  readonly clientId: string;
  readonly tenantId: string;
  /** `iss` and `sub` of the tokens for the default service connection (for federation). */
  readonly issuer: string;
  readonly subject: string;
  /**
   * `SYSTEM_OIDCREQUESTURI`, `SYSTEM_ACCESSTOKEN` and the `AZURESUBSCRIPTION_SERVICE_CONNECTION_ID`,
   * `AZURESUBSCRIPTION_CLIENT_ID`, `AZURESUBSCRIPTION_TENANT_ID` that the AzureCLI@2 task sets.
   */
  readonly env: Readonly<Record<string, string>>;
  readonly host: string;
  readonly signer: TokenSigner;
  readonly requests: readonly RecordedRequest[];
  readonly issued: readonly IssuedOidcToken[];
  inject(fault: Fault): void;
  close(): Promise<void>;
}

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

/** Starts the fake on a free loopback port. Needs net access to 127.0.0.1. */
export async function startFakeAzureDevOpsOidc(
  ca: TestCa,
  options: FakeAzureDevOpsOidcOptions = {},
): Promise<FakeAzureDevOpsOidc> {
  const signer = options.signer ?? await createTokenSigner();
  const connections = options.serviceConnectionIds ?? [guid()];
  const organization = options.organization ?? "contoso";
  const project = options.project ?? "kubelogin";
  const lifetime = options.lifetimeSeconds ?? 600;
  const orgId = guid();
  const accessToken = `ado_${guid().replaceAll("-", "")}`;
  const path =
    `/${organization}/${guid()}/_apis/distributedtask/hubs/build/plans/${guid()}/jobs/${guid()}/oidctoken`;
  const requests: RecordedRequest[] = [];
  const issued: IssuedOidcToken[] = [];
  const faults = new FaultQueue();

  const subjectOf = (id: string) =>
    `sc://${organization}/${project}/service-connection-${id.slice(0, 8)}`;
  const handle = async (request: Request, closing: AbortSignal): Promise<Response> => {
    requests.push(await recordRequest(request));
    const url = new URL(request.url);
    if (url.pathname !== path) return text(404, "");
    const fault = faults.take();
    if (fault) return faultResponse(fault, closing);
    if (request.method !== "POST") return text(405, "");
    const version = url.searchParams.get("api-version");
    if (!version) {
      return json(400, {
        message:
          `No api-version was supplied for the "POST" request. The version must be supplied either as part of the Accept header (e.g. "application/json; api-version=1.0") or as a query parameter (e.g. '?api-version=1.0').`,
      });
    }
    if (!version.startsWith("7.1")) {
      return json(400, {
        message: `The requested REST API version of ${version} is out of range for this server.`,
      });
    }
    if (request.headers.get("authorization") !== `Bearer ${accessToken}`) return text(401, "");
    const id = url.searchParams.get("serviceConnectionId") ?? "";
    if (!connections.includes(id)) {
      return text(400, `No service connection found with identifier ${id}`);
    }
    const iat = nowSeconds();
    const token = await signer.sign({
      jti: guid(),
      sub: subjectOf(id),
      aud: TOKEN_EXCHANGE_AUDIENCE,
      iss: `https://vstoken.dev.azure.com/${orgId}`,
      nbf: iat,
      iat,
      exp: iat + lifetime,
    });
    issued.push({ serviceConnectionId: id, token });
    return json(200, { oidcToken: token });
  };

  const server = listen(handle, await ca.issue());
  const requestUri = `https://${server.host}${path}`;
  const clientId = options.clientId ?? guid();
  const tenantId = options.tenantId ?? guid();
  const serviceConnectionId = connections[0] ?? "";
  return {
    requestUri,
    accessToken,
    serviceConnectionId,
    clientId,
    tenantId,
    issuer: `https://vstoken.dev.azure.com/${orgId}`,
    subject: subjectOf(serviceConnectionId),
    env: {
      SYSTEM_OIDCREQUESTURI: requestUri,
      SYSTEM_ACCESSTOKEN: accessToken,
      AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: serviceConnectionId,
      AZURESUBSCRIPTION_CLIENT_ID: clientId,
      AZURESUBSCRIPTION_TENANT_ID: tenantId,
    },
    host: server.host,
    signer,
    requests,
    issued,
    inject: (fault) => faults.push(fault),
    close: server.close,
  };
}
