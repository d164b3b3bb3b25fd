/**
 * Request parameter helpers shared by the fake Entra ID's endpoints.
 *
 * @module
 */

import { AadError } from "./entra_id_errors.ts";
import type { ClientRecord, EntraState } from "./entra_id_state.ts";
import { resourceScopes } from "./entra_id_tokens.ts";

const DEVICE_CODE_URN = "urn:ietf:params:oauth:grant-type:device_code";
const GRAPH = "00000003-0000-0000-c000-000000000000";

/** Normalises a grant name for logs and matching (`device_code` for both spellings). */
export function grantName(grantType: string | null): string | undefined {
  if (grantType === null) return undefined;
  return grantType === DEVICE_CODE_URN ? "device_code" : grantType;
}

/** A required parameter, or Entra ID's "must contain the following parameter" error. */
export function required(params: URLSearchParams, name: string): string {
  const v = params.get(name);
  if (v === null || v === "") {
    throw new AadError(900144, `The request body must contain the following parameter: '${name}'.`);
  }
  return v;
}

/** The registered client named by `client_id`, or AADSTS700016. */
export function registeredClient(
  state: EntraState,
  clientId: string,
  tenant: string,
): ClientRecord {
  const client = state.clients.get(clientId);
  if (client === undefined) {
    throw new AadError(
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`,
    );
  }
  return client;
}

/** The resource of a v2 scope list (one resource only, Graph when none is named). */
export function resourceOf(scopes: readonly string[]): string {
  const resources = new Set(
    resourceScopes(scopes).map((s) => s.includes("/") ? s.slice(0, s.lastIndexOf("/")) : GRAPH),
  );
  if (resources.size > 1) throw new AadError(28000);
  return [...resources][0] ?? GRAPH;
}
