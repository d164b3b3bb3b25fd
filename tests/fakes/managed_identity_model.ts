/**
 * The managed identities a fake host (VM, App Service) has, how a token request picks one, and
 * the access token Entra ID would issue for it. Shared by the IMDS and App Service fakes.
 *
 * @module
 */

import { guid, nowSeconds, type TokenSigner } from "./identity_tokens.ts";

/** One managed identity. */
export interface ManagedIdentity {
  readonly clientId: string;
  readonly objectId: string;
  /** ARM id, e.g. `/subscriptions/…/resourceGroups/…/providers/Microsoft.ManagedIdentity/userAssignedIdentities/x`. */
  readonly resourceId: string;
}

/** Makes a user-assigned identity named `name` with random ids. */
export function userAssignedIdentity(name: string): ManagedIdentity {
  return {
    clientId: guid(),
    objectId: guid(),
    resourceId:
      `/subscriptions/${guid()}/resourceGroups/rg-test/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`,
  };
}

/** Makes a system-assigned identity of a VM named `vm`. */
export function systemAssignedIdentity(vm = "vm-test"): ManagedIdentity {
  return {
    clientId: guid(),
    objectId: guid(),
    resourceId:
      `/subscriptions/${guid()}/resourceGroups/rg-test/providers/Microsoft.Compute/virtualMachines/${vm}`,
  };
}

/** The identities of a host. */
export interface IdentitySet {
  readonly systemAssigned: ManagedIdentity | undefined;
  readonly userAssigned: readonly ManagedIdentity[];
}

/** How a request names the identity it wants: which parameter, and its value. */
export type IdentitySelector =
  | { readonly kind: "system" }
  | {
    readonly kind: "client_id" | "object_id" | "resource_id";
    readonly param: string;
    readonly value: string;
  };

/** The outcome of picking an identity. */
export type Selection =
  | { readonly ok: true; readonly identity: ManagedIdentity; readonly selector: IdentitySelector }
  | { readonly ok: false; readonly reason: "not_found" | "ambiguous" | "multiple_selectors" };

/**
 * Reads the selector parameters (each `[param, kind]` pair) from a query and picks the
 * identity the way IMDS does: a named identity must exist; with no name, the system-assigned
 * one, else the only user-assigned one, else "ambiguous" (several) or "not_found" (none).
 */
export function selectIdentity(
  query: URLSearchParams,
  params: readonly (readonly [string, "client_id" | "object_id" | "resource_id"])[],
  identities: IdentitySet,
): Selection {
  const given = params.filter(([p]) => query.has(p));
  if (given.length > 1) return { ok: false, reason: "multiple_selectors" };
  const all = [
    ...(identities.systemAssigned ? [identities.systemAssigned] : []),
    ...identities.userAssigned,
  ];
  const [named] = given;
  if (named) {
    const [param, kind] = named;
    const value = query.get(param) ?? "";
    const field = kind === "client_id"
      ? "clientId"
      : kind === "object_id"
      ? "objectId"
      : "resourceId";
    const identity = all.find((i) => i[field].toLowerCase() === value.toLowerCase());
    return identity
      ? { ok: true, identity, selector: { kind, param, value } }
      : { ok: false, reason: "not_found" };
  }
  const implicit = identities.systemAssigned ??
    (identities.userAssigned.length === 1 ? identities.userAssigned[0] : undefined);
  if (implicit) return { ok: true, identity: implicit, selector: { kind: "system" } };
  return { ok: false, reason: identities.userAssigned.length > 1 ? "ambiguous" : "not_found" };
}

/** A token a fake issued, for assertions. */
export interface IssuedToken {
  readonly identity: ManagedIdentity;
  readonly resource: string;
  readonly accessToken: string;
  readonly expiresOn: number;
}

/**
 * Signs the v1 access token Entra ID issues to a managed identity: `aud` = resource, `oid`,
 * `tid`, `appid`, `xms_mirid`, `iat`/`nbf`/`exp`.
 */
export async function managedIdentityToken(
  signer: TokenSigner,
  identity: ManagedIdentity,
  resource: string,
  tenantId: string,
  lifetimeSeconds: number,
): Promise<IssuedToken> {
  const iat = nowSeconds();
  const expiresOn = iat + lifetimeSeconds;
  const accessToken = await signer.sign({
    aud: resource,
    iss: `https://sts.windows.net/${tenantId}/`,
    iat,
    nbf: iat,
    exp: expiresOn,
    appid: identity.clientId,
    appidacr: "2",
    idp: `https://sts.windows.net/${tenantId}/`,
    idtyp: "app",
    oid: identity.objectId,
    sub: identity.objectId,
    tid: tenantId,
    ver: "1.0",
    xms_mirid: identity.resourceId,
  });
  return { identity, resource, accessToken, expiresOn };
}

/** Options shared by the fake identity endpoints (IMDS, App Service). */
export interface IdentityEndpointOptions {
  /** The host's system-assigned identity; `null` for none. Default: a generated one. */
  readonly systemAssigned?: ManagedIdentity | null;
  readonly userAssigned?: readonly ManagedIdentity[];
  readonly tenantId?: string;
  /** Token lifetime (`expires_in`). Default 86399 s, as the services issue. */
  readonly lifetimeSeconds?: number;
  readonly signer?: TokenSigner;
}
