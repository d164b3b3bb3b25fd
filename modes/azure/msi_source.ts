/**
 * Which managed identity endpoint msal-node will use, decided from the same environment
 * variables in the same order (Service Fabric, App Service, Machine Learning, Cloud Shell,
 * Azure Arc, IMDS), so that the `msi` mode can declare exactly the host it will reach.
 *
 * @module
 */

import type { EnvReader } from "../types.ts";
import { netPermission } from "./clouds.ts";

/** Every variable msal-node's managed identity code reads (all must be granted). */
export const MSI_ENV: readonly string[] = [
  "AZURE_POD_IDENTITY_AUTHORITY_HOST",
  "IDENTITY_ENDPOINT",
  "IDENTITY_HEADER",
  "IDENTITY_SERVER_THUMBPRINT",
  "IMDS_ENDPOINT",
  "MSI_ENDPOINT",
  "MSI_SECRET",
];

const IMDS = "http://169.254.169.254";
/** Where the Azure Arc agent puts the challenge file msal reads. */
export const ARC_TOKEN_DIR = "/var/opt/azcmagent/tokens/";

export interface MsiSource {
  readonly kind:
    | "ServiceFabric"
    | "AppService"
    | "MachineLearning"
    | "CloudShell"
    | "AzureArc"
    | "Imds";
  /** The endpoint, for display and the cache identity. */
  readonly endpoint: string;
  /** `host:port` msal will connect to. */
  readonly net: string;
}

/** The source msal-node will pick in this environment. Needs no permissions. */
export function msiSource(env: EnvReader): MsiSource {
  const get = (name: string) => env(name) || undefined;
  const identityEndpoint = get("IDENTITY_ENDPOINT");
  const msiEndpoint = get("MSI_ENDPOINT");
  const at = (kind: MsiSource["kind"], endpoint: string): MsiSource => ({
    kind,
    endpoint,
    net: netPermission(endpoint),
  });
  if (identityEndpoint && get("IDENTITY_HEADER")) {
    return at(get("IDENTITY_SERVER_THUMBPRINT") ? "ServiceFabric" : "AppService", identityEndpoint);
  }
  if (msiEndpoint) return at(get("MSI_SECRET") ? "MachineLearning" : "CloudShell", msiEndpoint);
  if (identityEndpoint && get("IMDS_ENDPOINT")) return at("AzureArc", identityEndpoint);
  return at("Imds", get("AZURE_POD_IDENTITY_AUTHORITY_HOST") ?? IMDS);
}
