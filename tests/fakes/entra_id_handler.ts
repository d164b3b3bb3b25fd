/**
 * The fake Entra ID's request handler: parses and logs each request, applies injected faults,
 * routes it to its endpoint, and turns {@linkcode AadError}s into Entra ID error answers.
 *
 * @module
 */

import { authorize } from "./entra_id_authorize.ts";
import { type DeviceCodePolicy, startDeviceCode } from "./entra_id_device_code.ts";
import { AadError, aadErrorResponse } from "./entra_id_errors.ts";
import { handleToken } from "./entra_id_grants.ts";
import { delay, type FaultQueue, type LoggedRequest, redactParams } from "./entra_id_log.ts";
import { grantName, required } from "./entra_id_params.ts";
import {
  instanceDiscovery,
  isTenantId,
  MULTI_TENANT,
  openIdConfiguration,
  route,
} from "./entra_id_routes.ts";
import type { TokenSigner } from "./entra_id_signer.ts";
import type { DeviceCodeRecord, EntraState } from "./entra_id_state.ts";
import type { TokenIssuer } from "./entra_id_tokens.ts";

/** What the handler works with. */
export interface HandlerDeps {
  readonly state: EntraState;
  readonly signer: TokenSigner;
  readonly issuer: TokenIssuer;
  readonly faults: FaultQueue;
  readonly log: LoggedRequest[];
  /** Aborts when the fake closes (cuts injected delays short). */
  readonly closing: AbortSignal;
  /** Tenants answered for; any when undefined. */
  readonly tenants: readonly string[] | undefined;
  /** The tenant id behind tenant names (`common`, domains). */
  readonly defaultTenantId: string;
  readonly deviceCode: DeviceCodePolicy;
  readonly onDeviceCode: (record: DeviceCodeRecord) => void;
  /** The fake's URL, with a trailing slash. */
  readonly base: () => string;
}

/** Creates the `Deno.serve` handler. */
export function createHandler(deps: HandlerDeps): (request: Request) => Promise<Response> {
  const resolveTenant = (tenant: string): string => {
    const known = deps.tenants === undefined || MULTI_TENANT.has(tenant.toLowerCase()) ||
      deps.tenants.some((t) => t.toLowerCase() === tenant.toLowerCase());
    if (!known) {
      throw new AadError(
        90002,
        `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      );
    }
    return isTenantId(tenant) ? tenant.toLowerCase() : deps.defaultTenantId;
  };

  async function serve(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const r = route(url.pathname);
    const isForm = request.method === "POST" &&
      (request.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded");
    const params = isForm ? new URLSearchParams(await request.text()) : url.searchParams;
    const entry: LoggedRequest = {
      method: request.method,
      path: url.pathname,
      endpoint: r.endpoint,
      version: r.version,
      tenant: r.tenant,
      grantType: r.endpoint === "token" ? grantName(params.get("grant_type")) : undefined,
      clientId: params.get("client_id") ?? undefined,
      params: redactParams(params),
      query: isForm ? redactParams(url.searchParams) : {},
      clientAuth: undefined,
      assertion: undefined,
      federated: undefined,
      status: 0,
      errorCode: undefined,
    };
    deps.log.push(entry);
    const correlationId = request.headers.get("client-request-id") ?? crypto.randomUUID();
    let response: Response;
    try {
      response = await applyFaults(entry) ?? await dispatch(r, params, entry);
    } catch (err) {
      if (!(err instanceof AadError)) throw err;
      entry.errorCode = `AADSTS${err.code}`;
      response = aadErrorResponse(err, correlationId);
    }
    entry.status = response.status;
    return response;
  }

  /** Applies injected faults; returns a response when one replaces normal handling. */
  async function applyFaults(entry: LoggedRequest): Promise<Response | undefined> {
    for (const effect of deps.faults.take(entry)) {
      if ("delayMs" in effect) await delay(effect.delayMs, deps.closing);
      else if ("aadsts" in effect) {
        throw new AadError(effect.aadsts, effect.description, {
          ...(effect.error !== undefined ? { error: effect.error } : {}),
          ...(effect.status !== undefined ? { status: effect.status } : {}),
        });
      } else {
        return new Response(effect.body ?? "", {
          status: effect.httpStatus,
          headers: { "content-type": effect.contentType ?? "text/plain" },
        });
      }
    }
    return undefined;
  }

  async function dispatch(
    r: ReturnType<typeof route>,
    params: URLSearchParams,
    entry: LoggedRequest,
  ): Promise<Response> {
    if (r.endpoint === "other" || r.tenant === undefined) {
      return Response.json({ error: "not_found", path: entry.path }, { status: 404 });
    }
    if (r.endpoint === "instance-discovery") return Response.json(instanceDiscovery(deps.base()));
    if (r.endpoint === "keys") return Response.json(deps.signer.jwks);
    const tid = resolveTenant(r.tenant);
    const version = r.version ?? "v2";
    switch (r.endpoint) {
      case "openid-configuration":
        return Response.json(openIdConfiguration(deps.base(), r.tenant, tid, version));
      case "authorize":
        return authorize(deps.state, deps.issuer, { tenant: r.tenant, tenantId: tid, params });
      case "devicecode": {
        const req = { version, tenant: r.tenant, tenantId: tid, params };
        const { record, body } = startDeviceCode(deps.state, deps.deviceCode, req);
        deps.onDeviceCode(record);
        return Response.json(body);
      }
      case "token": {
        required(params, "grant_type");
        const tokenEndpoint = `${deps.base()}${entry.path.slice(1)}`;
        const ctx = { state: deps.state, issuer: deps.issuer, deviceCode: deps.deviceCode };
        const req = { version, tenant: r.tenant, tenantId: tid, params, tokenEndpoint, entry };
        return Response.json(await handleToken(ctx, req), {
          headers: { "cache-control": "no-store, no-cache" },
        });
      }
    }
  }

  return serve;
}
