/**
 * A fake Microsoft Entra ID over HTTPS on 127.0.0.1, close enough to the real service that
 * msal-node 7 talks to it as a custom authority host (`knownAuthorities: [fake.host]`): OpenID
 * configuration, v2 and v1 token and device-code endpoints, authorize (auto-consent), PoP,
 * real signed JWTs, Entra ID's error shape, a request log, and fault injection.
 *
 * ```ts
 * const ca = await createTestCa();
 * await using entra = await startFakeEntraId(ca, {
 *   clients: [{ clientId: "app", secret: "s3cret" }],
 * });
 * // msal: { authority: entra.authority("my-tenant"), knownAuthorities: [entra.host] }
 * ```
 *
 * @module
 */

import type { JSONWebKeySet, JWTPayload } from "jose";
import { AadError, aadErrorResponse } from "./entra_id_errors.ts";
import { handleToken } from "./entra_id_grants.ts";
import {
  delay,
  type Fault,
  FaultQueue,
  type LoggedRequest,
  matches,
  redactParams,
  type RequestMatch,
} from "./entra_id_log.ts";
import { grantName, required } from "./entra_id_params.ts";
import {
  instanceDiscovery,
  isTenantId,
  MULTI_TENANT,
  openIdConfiguration,
  route,
} from "./entra_id_routes.ts";
import { createTokenSigner } from "./entra_id_signer.ts";
import {
  type ClientRegistration,
  type DeviceCodeRecord,
  EntraState,
  type UserRegistration,
} from "./entra_id_state.ts";
import { TokenIssuer, type TokenPolicy } from "./entra_id_tokens.ts";
import { authorize, type DeviceCodePolicy, startDeviceCode } from "./entra_id_user_flows.ts";
import type { TestCa } from "./tls.ts";

export type { ClientRegistration, DeviceCodePolicy, Fault, LoggedRequest, RequestMatch };
export type { TokenPolicy, UserRegistration };

/** How the fake starts. Everything can also be added later. */
export interface FakeEntraIdOptions {
  /** Tenants it answers for (ids or names); any tenant when absent. */
  readonly tenants?: readonly string[];
  readonly clients?: readonly ClientRegistration[];
  readonly users?: readonly UserRegistration[];
  readonly tokens?: TokenPolicy;
  readonly deviceCode?: DeviceCodePolicy;
}

/** A device code as the test sees it, to approve or decline. */
export interface DeviceCodeInfo {
  readonly userCode: string;
  readonly clientId: string;
  readonly tenantId: string;
  readonly scopes: readonly string[];
  readonly resource: string | undefined;
}

/** A running fake. */
export interface FakeEntraId extends AsyncDisposable {
  /** `https://127.0.0.1:PORT/`: the authority host, with the trailing slash. */
  readonly url: string;
  /** `127.0.0.1:PORT`: msal's `knownAuthorities` entry and Deno's `--allow-net` value. */
  readonly host: string;
  /** The tenant id of tokens issued through a tenant name (`common`, `contoso.com`, …). */
  readonly tenantId: string;
  /** `url` + `tenant` (default {@linkcode tenantId}): msal's `authority`. */
  authority(tenant?: string): string;
  /** The token-signing public keys. */
  readonly jwks: JSONWebKeySet;
  /** Verifies a token the fake issued and returns its claims. */
  verifyToken(token: string): Promise<JWTPayload>;
  /** Every request so far, secrets redacted. */
  readonly requests: readonly LoggedRequest[];
  /** How many logged requests match. */
  countRequests(match?: RequestMatch): number;
  addClient(registration: ClientRegistration): Promise<void>;
  addUser(registration: UserRegistration): void;
  /** Adds a fault for the next matching requests. */
  inject(fault: Fault): void;
  clearFaults(): void;
  /** The next device code issued that no earlier call has returned. */
  waitForDeviceCode(): Promise<DeviceCodeInfo>;
  approveDeviceCode(userCode: string, username: string): void;
  declineDeviceCode(userCode: string): void;
  /** Revokes matching refresh tokens (all by default); returns how many. */
  revokeRefreshTokens(match?: { username?: string; clientId?: string }): number;
  close(): Promise<void>;
}

/** Starts the fake on a free loopback port. Needs net access to 127.0.0.1. */
export async function startFakeEntraId(
  ca: TestCa,
  options: FakeEntraIdOptions = {},
): Promise<FakeEntraId> {
  const { certPem, keyPem } = await ca.issue();
  const state = new EntraState();
  for (const c of options.clients ?? []) await state.addClient(c);
  for (const u of options.users ?? []) state.addUser(u);
  const signer = await createTokenSigner();
  const faults = new FaultQueue();
  const log: LoggedRequest[] = [];
  const closing = new AbortController();
  const tenantId = options.tenants?.find(isTenantId) ?? crypto.randomUUID();
  const deviceCodes = new DeviceCodeQueue();
  let base = "";
  const issuer = new TokenIssuer(signer, state, () => base, options.tokens ?? {});

  const resolveTenant = (tenant: string): string => {
    const known = options.tenants === undefined || MULTI_TENANT.has(tenant.toLowerCase()) ||
      options.tenants.some((t) => t.toLowerCase() === tenant.toLowerCase());
    if (!known) {
      throw new AadError(
        90002,
        `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      );
    }
    return isTenantId(tenant) ? tenant.toLowerCase() : tenantId;
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
      clientAuth: undefined,
      assertion: undefined,
      status: 0,
      errorCode: undefined,
    };
    log.push(entry);
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
    for (const effect of faults.take(entry)) {
      if ("delayMs" in effect) await delay(effect.delayMs, closing.signal);
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
    if (r.endpoint === "instance-discovery") return Response.json(instanceDiscovery(base));
    if (r.endpoint === "keys") return Response.json(signer.jwks);
    const tid = resolveTenant(r.tenant);
    const version = r.version ?? "v2";
    switch (r.endpoint) {
      case "openid-configuration":
        return Response.json(openIdConfiguration(base, r.tenant, tid, version));
      case "authorize":
        return authorize(state, issuer, { tenant: r.tenant, tenantId: tid, params });
      case "devicecode": {
        const req = { version, tenant: r.tenant, tenantId: tid, params };
        const { record, body } = startDeviceCode(state, options.deviceCode ?? {}, req);
        deviceCodes.push(record);
        return Response.json(body);
      }
      case "token": {
        required(params, "grant_type");
        const tokenEndpoint = `${base}${entry.path.slice(1)}`;
        const ctx = { state, issuer, deviceCode: options.deviceCode ?? {} };
        const req = { version, tenant: r.tenant, tenantId: tid, params, tokenEndpoint, entry };
        return Response.json(await handleToken(ctx, req), {
          headers: { "cache-control": "no-store, no-cache" },
        });
      }
    }
  }

  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, cert: certPem, key: keyPem, onListen() {} },
    serve,
  );
  const host = `127.0.0.1:${server.addr.port}`;
  base = `https://${host}/`;

  const codeByUser = (userCode: string): DeviceCodeRecord => {
    for (const r of state.deviceCodes.values()) if (r.userCode === userCode) return r;
    throw new Error(`no device code with user code ${userCode}`);
  };
  const close = async () => {
    closing.abort(new Error("fake Entra ID closed"));
    await server.shutdown();
  };
  return {
    url: base,
    host,
    tenantId,
    authority: (tenant = tenantId) => `${base}${tenant}`,
    jwks: signer.jwks,
    verifyToken: (token) => signer.verify(token),
    requests: log,
    countRequests: (match) => log.filter((e) => matches(e, match)).length,
    addClient: async (reg) => void await state.addClient(reg),
    addUser: (reg) => void state.addUser(reg),
    inject: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    waitForDeviceCode: () => deviceCodes.next(),
    approveDeviceCode(userCode, username) {
      const record = codeByUser(userCode);
      record.status = "approved";
      record.username = username;
    },
    declineDeviceCode: (userCode) => void (codeByUser(userCode).status = "declined"),
    revokeRefreshTokens: (match) => state.revokeRefreshTokens(match),
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** Hands issued device codes to waiting tests, in order, each once. */
class DeviceCodeQueue {
  #issued: DeviceCodeInfo[] = [];
  #waiters: ((info: DeviceCodeInfo) => void)[] = [];

  push(r: DeviceCodeRecord): void {
    const info: DeviceCodeInfo = {
      userCode: r.userCode,
      clientId: r.clientId,
      tenantId: r.tenantId,
      scopes: r.scopes,
      resource: r.resource,
    };
    const waiter = this.#waiters.shift();
    if (waiter) waiter(info);
    else this.#issued.push(info);
  }

  next(): Promise<DeviceCodeInfo> {
    const ready = this.#issued.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}
