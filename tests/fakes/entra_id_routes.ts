/**
 * URL routing of the fake Entra ID: which endpoint, protocol version and tenant a path names,
 * and the discovery documents (OpenID configuration, instance discovery).
 *
 * @module
 */

import type { Endpoint } from "./entra_id_log.ts";

/** What a request path addresses. */
export interface Route {
  readonly endpoint: Endpoint;
  readonly version: "v1" | "v2" | undefined;
  readonly tenant: string | undefined;
}

const ROUTES: readonly [RegExp, Endpoint, "v1" | "v2" | undefined][] = [
  [/^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/, "openid-configuration", "v2"],
  [/^\/([^/]+)\/\.well-known\/openid-configuration$/, "openid-configuration", "v1"],
  [/^\/([^/]+)\/discovery\/instance$/, "instance-discovery", undefined],
  [/^\/([^/]+)\/discovery\/v2\.0\/keys$/, "keys", "v2"],
  [/^\/([^/]+)\/discovery\/keys$/, "keys", "v1"],
  [/^\/([^/]+)\/oauth2\/v2\.0\/token$/, "token", "v2"],
  [/^\/([^/]+)\/oauth2\/v2\.0\/devicecode$/, "devicecode", "v2"],
  [/^\/([^/]+)\/oauth2\/v2\.0\/authorize$/, "authorize", "v2"],
  [/^\/([^/]+)\/oauth2\/token$/, "token", "v1"],
  [/^\/([^/]+)\/oauth2\/devicecode$/, "devicecode", "v1"],
];

/** Classifies a path. */
export function route(path: string): Route {
  for (const [pattern, endpoint, version] of ROUTES) {
    const m = pattern.exec(path);
    if (m) return { endpoint, version, tenant: decodeURIComponent(m[1]!) };
  }
  return { endpoint: "other", version: undefined, tenant: undefined };
}

/** The multi-tenant names Entra ID accepts in place of a tenant id. */
export const MULTI_TENANT = new Set(["common", "organizations", "consumers"]);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `tenant` is a tenant id (a GUID) rather than a name. */
export function isTenantId(tenant: string): boolean {
  return GUID.test(tenant);
}

/** The OpenID configuration of `tenant` (v2, or v1 for the `/.well-known` without `v2.0`). */
export function openIdConfiguration(
  base: string,
  tenant: string,
  tenantId: string,
  version: "v1" | "v2",
): Record<string, unknown> {
  const t = `${base}${tenant}`;
  const issuerTenant = MULTI_TENANT.has(tenant.toLowerCase()) ? "{tenantid}" : tenantId;
  if (version === "v1") {
    return {
      token_endpoint: `${t}/oauth2/token`,
      authorization_endpoint: `${t}/oauth2/authorize`,
      device_authorization_endpoint: `${t}/oauth2/devicecode`,
      jwks_uri: `${t}/discovery/keys`,
      issuer: `${base}${issuerTenant}/`,
      response_modes_supported: ["query", "fragment", "form_post"],
      token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt"],
      tenant_region_scope: "WW",
    };
  }
  return {
    token_endpoint: `${t}/oauth2/v2.0/token`,
    authorization_endpoint: `${t}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${t}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${t}/oauth2/v2.0/logout`,
    jwks_uri: `${t}/discovery/v2.0/keys`,
    issuer: `${base}${issuerTenant}/v2.0`,
    response_modes_supported: ["query", "fragment", "form_post"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    token_endpoint_auth_methods_supported: [
      "client_secret_post",
      "private_key_jwt",
      "client_secret_basic",
    ],
    code_challenge_methods_supported: ["plain", "S256"],
    request_uri_parameter_supported: false,
    tenant_region_scope: "WW",
    cloud_instance_name: "fake.entra.test",
  };
}

/** The answer of `/common/discovery/instance`: this host is its own, only alias. */
export function instanceDiscovery(base: string): Record<string, unknown> {
  const host = new URL(base).host;
  return {
    tenant_discovery_endpoint: `${base}{tenantid}/v2.0/.well-known/openid-configuration`,
    "api-version": "1.1",
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  };
}
