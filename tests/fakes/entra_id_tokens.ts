/**
 * Token responses of the fake Entra ID: real JWT access tokens (and ID tokens) signed by the
 * fake's key, refresh tokens it remembers, `client_info`, and the v1 / v2 response shapes.
 *
 * @module
 */

import type { JWTPayload } from "jose";
import type { TokenSigner } from "./entra_id_signer.ts";
import { type ClientRecord, type EntraState, opaque, type UserRecord } from "./entra_id_state.ts";

/** Token lifetimes and refresh-token policy. */
export interface TokenPolicy {
  /** Access token lifetime in seconds (default 3600). Under 300, msal treats it as expired. */
  readonly accessTokenLifetimeSeconds?: number;
  /** Refresh token lifetime in seconds (default 90 days). */
  readonly refreshTokenLifetimeSeconds?: number;
  /**
   * What a refresh token that was already exchanged does: `allow` (Entra ID's behaviour, the
   * default) or `reject` with `invalid_grant` (proves the caller stored the rotated token).
   */
  readonly refreshTokenReuse?: "allow" | "reject";
}

/** The PoP binding requested by `token_type=pop` + `req_cnf`. */
export interface PopBinding {
  readonly kid: string;
  readonly xms_ksl?: string;
}

/** Everything that shapes one issued token. */
export interface Issuance {
  readonly version: "v1" | "v2";
  readonly tenantId: string;
  readonly client: ClientRecord;
  readonly clientAuth: "secret" | "assertion" | "none";
  /** The signed-in user; absent for app-only tokens. */
  readonly user: UserRecord | undefined;
  /** v2: the requested scopes (OIDC ones included); v1: empty. */
  readonly scopes: readonly string[];
  /** The resource: v2 derived from the scopes, v1 the `resource` parameter. */
  readonly resource: string;
  readonly pop: PopBinding | undefined;
  readonly nonce: string | undefined;
  /** Whether the request asked for `client_info=1`. */
  readonly clientInfo: boolean;
  /** A refresh-token grant: answered with a new refresh token whatever the scopes. */
  readonly rotate?: boolean;
}

const OIDC_SCOPES = new Set(["openid", "profile", "offline_access", "email"]);

/** Requested scopes without the OIDC ones. */
export function resourceScopes(scopes: readonly string[]): string[] {
  return scopes.filter((s) => !OIDC_SCOPES.has(s.toLowerCase()));
}

const b64url = (s: string) => btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** Issues tokens; `base()` is the fake's URL with a trailing slash. */
export class TokenIssuer {
  constructor(
    private readonly signer: TokenSigner,
    private readonly state: EntraState,
    private readonly base: () => string,
    private readonly policy: TokenPolicy,
  ) {}

  get reuse(): "allow" | "reject" {
    return this.policy.refreshTokenReuse ?? "allow";
  }

  issuer(version: "v1" | "v2", tenantId: string): string {
    return `${this.base()}${tenantId}/${version === "v2" ? "v2.0" : ""}`;
  }

  /** The token endpoint's JSON answer for `i`. */
  async respond(i: Issuance): Promise<Record<string, unknown>> {
    const lifetime = this.policy.accessTokenLifetimeSeconds ?? 3600;
    const now = Math.floor(Date.now() / 1000);
    const accessToken = await this.signer.sign(this.accessClaims(i, now, lifetime));
    const wantsRefresh = i.user !== undefined &&
      (i.version === "v1" || i.rotate === true ||
        i.scopes.some((s) => s.toLowerCase() === "offline_access"));
    const refreshToken = wantsRefresh ? this.newRefreshToken(i) : undefined;
    if (i.version === "v1") {
      return {
        token_type: "Bearer",
        scope: i.user ? "user_impersonation" : undefined,
        expires_in: String(lifetime),
        ext_expires_in: String(lifetime),
        expires_on: String(now + lifetime),
        not_before: String(now),
        resource: i.resource,
        access_token: accessToken,
        refresh_token: refreshToken,
      };
    }
    const wantsIdToken = i.user !== undefined && i.scopes.some((s) => s === "openid");
    return {
      token_type: i.pop ? "pop" : "Bearer",
      scope: resourceScopes(i.scopes).join(" "),
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: accessToken,
      refresh_token: refreshToken,
      id_token: wantsIdToken ? await this.signer.sign(this.idClaims(i, now, lifetime)) : undefined,
      client_info: i.user && i.clientInfo
        ? b64url(JSON.stringify({ uid: i.user.objectId, utid: i.tenantId }))
        : undefined,
    };
  }

  /** `client_info` for an authorize response. */
  clientInfo(user: UserRecord, tenantId: string): string {
    return b64url(JSON.stringify({ uid: user.objectId, utid: tenantId }));
  }

  private accessClaims(i: Issuance, now: number, lifetime: number): JWTPayload {
    const acr = i.clientAuth === "assertion" ? "2" : i.clientAuth === "secret" ? "1" : "0";
    const subject = i.user?.objectId ?? i.client.objectId;
    const claims: JWTPayload = {
      aud: i.version === "v1" ? `spn:${i.resource}` : i.resource,
      iss: this.issuer(i.version, i.tenantId),
      iat: now,
      nbf: now,
      exp: now + lifetime,
      tid: i.tenantId,
      oid: subject,
      sub: subject,
      ver: i.version === "v1" ? "1.0" : "2.0",
      uti: opaque("", 16),
      idtyp: i.user ? "user" : "app",
      ...(i.version === "v1"
        ? { appid: i.client.clientId, appidacr: acr }
        : { azp: i.client.clientId, azpacr: acr }),
    };
    if (i.user) {
      claims.name = i.user.displayName;
      claims[i.version === "v1" ? "upn" : "preferred_username"] = i.user.username;
      const names = resourceScopes(i.scopes).map((s) => s.slice(s.lastIndexOf("/") + 1));
      claims.scp = names.length === 0 || names.includes(".default")
        ? "user_impersonation"
        : names.join(" ");
    }
    if (i.pop) claims.cnf = { ...i.pop };
    return claims;
  }

  private idClaims(i: Issuance, now: number, lifetime: number): JWTPayload {
    const user = i.user!;
    return {
      aud: i.client.clientId,
      iss: this.issuer("v2", i.tenantId),
      iat: now,
      nbf: now,
      exp: now + lifetime,
      name: user.displayName,
      oid: user.objectId,
      preferred_username: user.username,
      sub: user.objectId,
      tid: i.tenantId,
      ver: "2.0",
      ...(i.nonce !== undefined ? { nonce: i.nonce } : {}),
    };
  }

  private newRefreshToken(i: Issuance): string {
    const token = opaque("0.fake-rt.", 48);
    this.state.refreshTokens.set(token, {
      clientId: i.client.clientId,
      tenantId: i.tenantId,
      scopes: i.scopes,
      resource: i.version === "v1" ? i.resource : undefined,
      username: i.user!.username.toLowerCase(),
      expiresAt: Date.now() + (this.policy.refreshTokenLifetimeSeconds ?? 90 * 86400) * 1000,
      revoked: false,
      used: false,
    });
    return token;
  }
}
