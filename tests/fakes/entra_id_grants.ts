/**
 * The fake's token endpoints (`/oauth2/v2.0/token` and v1 `/oauth2/token`): client
 * authentication, then one handler per grant.
 *
 * @module
 */

import {
  isFederatedAssertion,
  verifyClientAssertion,
  verifyFederatedAssertion,
} from "./entra_id_assertion.ts";
import { AadError } from "./entra_id_errors.ts";
import type { LoggedRequest } from "./entra_id_log.ts";
import type { ClientRecord, EntraState } from "./entra_id_state.ts";
import type { Issuance, PopBinding, TokenIssuer } from "./entra_id_tokens.ts";
import { grantName, registeredClient, required, resourceOf } from "./entra_id_params.ts";
import { redeemAuthCode } from "./entra_id_authorize.ts";
import { type DeviceCodePolicy, redeemDeviceCode } from "./entra_id_device_code.ts";

/** What the token endpoints work with. */
export interface TokenContext {
  readonly state: EntraState;
  readonly issuer: TokenIssuer;
  readonly deviceCode: DeviceCodePolicy;
}

/** A parsed token request. */
export interface TokenRequest {
  readonly version: "v1" | "v2";
  /** The tenant as written in the path, and the tenant id it resolves to. */
  readonly tenant: string;
  readonly tenantId: string;
  readonly params: URLSearchParams;
  /** This endpoint's URL (without query): a client assertion's required `aud`. */
  readonly tokenEndpoint: string;
  readonly entry: LoggedRequest;
}

const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

function popBinding(params: URLSearchParams): PopBinding | undefined {
  const type = params.get("token_type");
  if (type === null || type.toLowerCase() === "bearer") return undefined;
  const bad = (why: string) => new AadError(9002313, `Invalid request. ${why}`);
  if (type !== "pop") throw bad(`token_type '${type}' is not supported.`);
  let cnf: unknown;
  try {
    const b64 = required(params, "req_cnf").replace(/-/g, "+").replace(/_/g, "/");
    cnf = JSON.parse(atob(b64));
  } catch (err) {
    if (err instanceof AadError) throw err;
    throw bad("req_cnf is not base64url JSON.");
  }
  const { kid, xms_ksl } = (cnf ?? {}) as Record<string, unknown>;
  if (typeof kid !== "string" || kid === "") throw bad("req_cnf has no kid.");
  return typeof xms_ksl === "string" ? { kid, xms_ksl } : { kid };
}

async function authenticate(
  req: TokenRequest,
  client: ClientRecord,
): Promise<"secret" | "assertion" | "none"> {
  const secret = req.params.get("client_secret");
  const assertion = req.params.get("client_assertion");
  if (secret !== null) {
    if (client.secret === undefined || secret !== client.secret) {
      throw new AadError(
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${client.clientId}'.`,
      );
    }
    return "secret";
  }
  if (assertion !== null) {
    if (req.params.get("client_assertion_type") !== JWT_BEARER) {
      throw new AadError(9002313, "Invalid request. client_assertion_type is not jwt-bearer.");
    }
    if (client.federated.length > 0 && isFederatedAssertion(assertion)) {
      req.entry.federated = await verifyFederatedAssertion(assertion, client.federated);
      return "assertion";
    }
    req.entry.assertion = await verifyClientAssertion(
      assertion,
      client.clientId,
      client.certificate,
      req.tokenEndpoint,
      Math.floor(Date.now() / 1000),
    );
    return "assertion";
  }
  return "none";
}

/** Answers a token request; throws {@linkcode AadError}. */
export async function handleToken(
  ctx: TokenContext,
  req: TokenRequest,
): Promise<Record<string, unknown>> {
  const grant = grantName(required(req.params, "grant_type"))!;
  const client = registeredClient(ctx.state, required(req.params, "client_id"), req.tenant);
  const clientAuth = await authenticate(req, client);
  req.entry.clientAuth = clientAuth;
  if (clientAuth === "none" && (grant === "client_credentials" || !client.publicClient)) {
    throw new AadError(7000218);
  }
  const scopes = (req.params.get("scope") ?? "").split(" ").filter((s) => s !== "");
  const base = {
    version: req.version,
    tenantId: req.tenantId,
    client,
    clientAuth,
    pop: req.version === "v2" ? popBinding(req.params) : undefined,
    nonce: undefined,
    clientInfo: req.params.get("client_info") === "1",
  };
  const scoped = (): Pick<Issuance, "scopes" | "resource"> =>
    req.version === "v1"
      ? { scopes: [], resource: required(req.params, "resource") }
      : { scopes: (required(req.params, "scope"), scopes), resource: resourceOf(scopes) };
  switch (grant) {
    case "client_credentials": {
      const s = scoped();
      if (req.version === "v2" && (scopes.length !== 1 || !scopes[0]!.endsWith("/.default"))) {
        throw new AadError(
          1002012,
          `The provided value for scope ${
            scopes.join(" ")
          } is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
        );
      }
      return await ctx.issuer.respond({ ...base, ...s, user: undefined });
    }
    case "password": {
      const username = required(req.params, "username");
      const password = required(req.params, "password");
      const user = ctx.state.user(username);
      if (user === undefined) throw new AadError(50034);
      if (user.password !== password) throw new AadError(50126);
      return await ctx.issuer.respond({ ...base, ...scoped(), user });
    }
    case "device_code": {
      const code = req.params.get("device_code") ?? required(req.params, "code");
      const granted = redeemDeviceCode(ctx.state, ctx.deviceCode, code, client.clientId);
      return await ctx.issuer.respond({ ...base, ...granted });
    }
    case "authorization_code": {
      const granted = await redeemAuthCode(ctx.state, req.params, client.clientId);
      return await ctx.issuer.respond({ ...base, ...granted, ...scopedOr(req, scopes, granted) });
    }
    case "refresh_token":
      return await refresh(ctx, req, base, scopes);
    default:
      throw new AadError(70003, `The app requested an unsupported grant type '${grant}'.`);
  }
}

function scopedOr(
  req: TokenRequest,
  scopes: string[],
  granted: Pick<Issuance, "scopes" | "resource">,
): Pick<Issuance, "scopes" | "resource"> {
  if (req.version === "v1" || scopes.length === 0) return granted;
  return { scopes, resource: resourceOf(scopes) };
}

async function refresh(
  ctx: TokenContext,
  req: TokenRequest,
  base: Omit<Issuance, "scopes" | "resource" | "user">,
  scopes: string[],
): Promise<Record<string, unknown>> {
  const token = required(req.params, "refresh_token");
  const record = ctx.state.refreshTokens.get(token);
  if (record === undefined || record.clientId !== base.client.clientId) {
    throw new AadError(9002313, "Invalid request. Malformed or unknown refresh token.", {
      error: "invalid_grant",
    });
  }
  if (record.revoked) throw new AadError(50173);
  if (record.expiresAt < Date.now()) {
    throw new AadError(700082, "The refresh token has expired due to inactivity.", {
      error: "invalid_grant",
    });
  }
  if (record.used && ctx.issuer.reuse === "reject") {
    throw new AadError(70000, "The provided refresh token has already been used.");
  }
  record.used = true;
  const user = ctx.state.user(record.username);
  if (user === undefined) throw new AadError(50034);
  const granted = req.version === "v1"
    ? { scopes: [], resource: req.params.get("resource") ?? record.resource ?? "" }
    : scopedOr(req, scopes, { scopes: record.scopes, resource: resourceOf(record.scopes) });
  return await ctx.issuer.respond({ ...base, ...granted, user, rotate: true });
}
