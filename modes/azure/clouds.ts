/**
 * Azure clouds: `--environment` names, their Entra ID authority hosts, and `--authority-host`.
 *
 * @module
 */

import { InputError } from "../types.ts";
import { DEFAULT_ENVIRONMENT } from "./options.ts";

/** Authority host (with trailing slash) by lower-cased environment name. */
const CLOUDS: Readonly<Record<string, string>> = {
  azurepubliccloud: "https://login.microsoftonline.com/",
  azurecloud: "https://login.microsoftonline.com/",
  azurepublic: "https://login.microsoftonline.com/",
  azureusgovernmentcloud: "https://login.microsoftonline.us/",
  azureusgovernment: "https://login.microsoftonline.us/",
  azurechinacloud: "https://login.chinacloudapi.cn/",
};

/** The environment names `--environment` accepts, as users write them. */
export const ENVIRONMENT_NAMES = [
  "AzurePublicCloud",
  "AzureCloud",
  "AzurePublic",
  "AzureUSGovernmentCloud",
  "AzureUSGovernment",
  "AzureChinaCloud",
] as const;

/**
 * The authority host for an environment name (case-insensitive). Unknown names are refused,
 * unlike Azure kubelogin, which quietly falls back to the public cloud: a typo must not send
 * credentials to the wrong cloud.
 */
export function cloudAuthorityHost(environment: string): string {
  const host = CLOUDS[environment.toLowerCase()];
  if (host === undefined) {
    throw new InputError(
      `unknown environment "${environment}": use one of ${
        ENVIRONMENT_NAMES.join(", ")
      }, or --authority-host`,
    );
  }
  return host;
}

/** Checks an `--authority-host` value with kubelogin's wording; returns it unchanged. */
export function validateAuthorityHost(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`authority host "${value}" is not valid`);
  }
  if (url.protocol !== "https:" || url.hostname === "") {
    throw new InputError(`authority host "${value}" is not valid`);
  }
  if (!value.endsWith("/")) {
    throw new InputError(`authority host "${value}" should have a trailing slash`);
  }
  return value;
}

/**
 * The authority host a login uses: `--authority-host` when given (it overrides every mode and
 * every environment), else the environment's. Needs no permissions.
 */
export function resolveAuthorityHost(
  environment: string | undefined,
  authorityHost: string | undefined,
): string {
  if (authorityHost) return validateAuthorityHost(authorityHost);
  return cloudAuthorityHost(environment || DEFAULT_ENVIRONMENT);
}

/** `host:port` of a URL, as Deno's net permission wants it. */
export function netPermission(url: string): string {
  const u = new URL(url);
  const port = u.port || (u.protocol === "http:" ? "80" : "443");
  return `${u.hostname}:${port}`;
}
