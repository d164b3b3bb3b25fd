/**
 * What every Entra ID login needs to know before it talks to anyone: which authority, which
 * tenant, which resource. Validated here with Azure kubelogin's messages.
 *
 * @module
 */

import { InputError } from "../types.ts";
import type { AzureValues } from "./azure_values.ts";
import { netPermission, resolveAuthorityHost } from "./clouds.ts";

/** Where a token comes from and what it is for. Structured-clonable. */
export interface EntraTarget {
  /** Authority host with trailing slash, e.g. `https://login.microsoftonline.com/`. */
  readonly authorityHost: string;
  readonly tenantId: string;
  /** The `--server-id` as given. */
  readonly serverId: string;
  /** v2 scope: the server id without trailing slashes, plus `/.default`. */
  readonly scope: string;
}

/** The v2 scope for a server id: trailing `/` removed, `/.default` appended unless present. */
export function scopeFor(serverId: string): string {
  const trimmed = serverId.replace(/\/+$/, "");
  return trimmed.endsWith("/.default") ? trimmed : `${trimmed}/.default`;
}

/** The `--server-id`, required by every Azure mode. */
export function requireServerId(values: AzureValues): string {
  if (!values.serverId) throw new InputError("server-id is required");
  return values.serverId;
}

/** A value a mode cannot work without, with kubelogin's `<what> cannot be empty` wording. */
export function required(value: string | undefined, what: string): string {
  if (!value) throw new InputError(`${what} cannot be empty`);
  return value;
}

/** Builds the target, checking the server id, the tenant and the authority host. */
export function entraTarget(values: AzureValues): EntraTarget {
  const serverId = requireServerId(values);
  const tenantId = required(values.tenantId, "tenant ID");
  return {
    authorityHost: resolveAuthorityHost(values.environment, values.authorityHost),
    tenantId,
    serverId,
    scope: scopeFor(serverId),
  };
}

/** The authority URL msal-node wants: host + tenant. */
export function authorityUrl(target: EntraTarget): string {
  return `${target.authorityHost}${target.tenantId}`;
}

/** The net permission for talking to the authority. */
export function authorityNet(target: EntraTarget): string {
  return netPermission(target.authorityHost);
}

/** The identity fields every Entra ID login's cache entry is keyed by. */
export function targetIdentity(target: EntraTarget, clientId: string): Record<string, string> {
  return {
    authority: target.authorityHost,
    tenant: target.tenantId,
    clientId,
    scope: target.scope,
  };
}
