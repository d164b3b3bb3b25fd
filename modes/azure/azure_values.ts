/**
 * Flag and environment precedence of the Azure modes, as Azure kubelogin applies it (SPEC 3.3):
 * environment variables override flags. Every rule lives here; modes add their own last step
 * (workloadidentity, azurepipelines) through `modeRule`.
 *
 * An environment variable set to the empty string counts as unset (Azure kubelogin would let it
 * blank out a flag; nobody wants that).
 *
 * @module
 */

import { envOverridesAllowed, stringFlag } from "../raw_flags.ts";
import type { EnvReader, RawFlags } from "../types.ts";

/** Every Azure setting after precedence, before any mode validates what it needs. */
export interface AzureValues {
  serverId?: string;
  clientId?: string;
  clientSecret?: string;
  clientCertificate?: string;
  clientCertificatePassword?: string;
  username?: string;
  password?: string;
  identityResourceId?: string;
  tenantId?: string;
  subscription?: string;
  environment?: string;
  authorityHost?: string;
  federatedTokenFile?: string;
  serviceConnectionId?: string;
  legacy: boolean;
  popEnabled: boolean;
  popClaims?: string;
  redirectUrl?: string;
  loginHint?: string;
}

type StringKey = {
  [K in keyof AzureValues]-?: AzureValues[K] extends boolean ? never : K;
}[keyof AzureValues];

const FLAG_OF: Readonly<Record<StringKey, string>> = {
  serverId: "server-id",
  clientId: "client-id",
  clientSecret: "client-secret",
  clientCertificate: "client-certificate",
  clientCertificatePassword: "client-certificate-password",
  username: "username",
  password: "password",
  identityResourceId: "identity-resource-id",
  tenantId: "tenant-id",
  subscription: "subscription",
  environment: "environment",
  authorityHost: "authority-host",
  federatedTokenFile: "federated-token-file",
  serviceConnectionId: "azure-pipelines-service-connection-id",
  popClaims: "pop-claims",
  redirectUrl: "redirect-url",
  loginHint: "login-hint",
};

/** Every variable {@linkcode resolveAzureValues} itself may read (modes' rules add theirs). */
export const AZURE_VALUES_ENV: readonly string[] = [
  "AAD_SERVICE_PRINCIPAL_CLIENT_CERTIFICATE",
  "AAD_SERVICE_PRINCIPAL_CLIENT_CERTIFICATE_PASSWORD",
  "AAD_SERVICE_PRINCIPAL_CLIENT_ID",
  "AAD_SERVICE_PRINCIPAL_CLIENT_SECRET",
  "AAD_USER_PRINCIPAL_NAME",
  "AAD_USER_PRINCIPAL_PASSWORD",
  "ARM_CLIENT_CERTIFICATE_PASSWORD",
  "ARM_CLIENT_CERTIFICATE_PATH",
  "ARM_CLIENT_ID",
  "ARM_CLIENT_SECRET",
  "ARM_TENANT_ID",
  "AZURE_CLIENT_CERTIFICATE_PASSWORD",
  "AZURE_CLIENT_CERTIFICATE_PATH",
  "AZURE_CLIENT_ID",
  "AZURE_CLIENT_SECRET",
  "AZURE_PASSWORD",
  "AZURE_TENANT_ID",
  "AZURE_USERNAME",
];

/** Applies variables to values: `override` sets from each set variable in order (later wins). */
export interface EnvRules {
  override(key: StringKey, ...names: string[]): void;
  /** Sets from the first set variable only where the value is still empty. */
  fill(key: StringKey, ...names: string[]): void;
}

/**
 * Resolves the Azure settings from flags and environment. Needs no permissions (env comes
 * through `env`).
 *
 * @param modeRule the mode's own final step (e.g. workloadidentity's AZURE_* overrides)
 */
export function resolveAzureValues(
  flags: RawFlags,
  env: EnvReader,
  modeRule?: (rules: EnvRules) => void,
): AzureValues {
  const values: AzureValues = {
    legacy: flags.legacy === true,
    popEnabled: flags["pop-enabled"] === true,
  };
  for (const [key, flag] of Object.entries(FLAG_OF) as [StringKey, string][]) {
    const value = stringFlag(flags, flag);
    if (value !== undefined) values[key] = value;
  }
  if (!envOverridesAllowed(flags)) return values;

  const read = (name: string) => env(name) || undefined;
  const rules: EnvRules = {
    override(key, ...names) {
      for (const name of names) {
        const value = read(name);
        if (value !== undefined) values[key] = value;
      }
    },
    fill(key, ...names) {
      if (values[key]) return;
      const value = names.map(read).find((v) => v !== undefined);
      if (value !== undefined) values[key] = value;
    },
  };
  if (flags["use-azurerm-env-vars"] === true) {
    rules.override("clientId", "ARM_CLIENT_ID");
    rules.override("clientSecret", "ARM_CLIENT_SECRET");
    rules.override("clientCertificate", "ARM_CLIENT_CERTIFICATE_PATH");
    rules.override("clientCertificatePassword", "ARM_CLIENT_CERTIFICATE_PASSWORD");
    rules.override("tenantId", "ARM_TENANT_ID");
  } else {
    rules.override("clientId", "AAD_SERVICE_PRINCIPAL_CLIENT_ID", "AZURE_CLIENT_ID");
    rules.override("clientSecret", "AAD_SERVICE_PRINCIPAL_CLIENT_SECRET", "AZURE_CLIENT_SECRET");
    rules.override(
      "clientCertificate",
      "AAD_SERVICE_PRINCIPAL_CLIENT_CERTIFICATE",
      "AZURE_CLIENT_CERTIFICATE_PATH",
    );
    rules.override(
      "clientCertificatePassword",
      "AAD_SERVICE_PRINCIPAL_CLIENT_CERTIFICATE_PASSWORD",
      "AZURE_CLIENT_CERTIFICATE_PASSWORD",
    );
    rules.override("tenantId", "AZURE_TENANT_ID");
  }
  rules.override("username", "AAD_USER_PRINCIPAL_NAME", "AZURE_USERNAME");
  rules.override("password", "AAD_USER_PRINCIPAL_PASSWORD", "AZURE_PASSWORD");
  modeRule?.(rules);
  return values;
}
