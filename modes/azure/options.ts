/**
 * The `get-token` flags of the Azure modes, with the names, short forms and environment
 * variables of Azure kubelogin. Modes list the ones they read; each flag is one shared object.
 *
 * @module
 */

import type { OptionSpec } from "../types.ts";

/** The cloud when `--environment` is absent. (Here, not in `clouds.ts`: the CLI reads these
 * option specs on every run, and the cloud table is needed only by Azure logins.) */
export const DEFAULT_ENVIRONMENT = "AzurePublicCloud";

const ARM_NOTE = "with --use-azurerm-env-vars";

export const serverIdOption: OptionSpec = {
  long: "server-id",
  value: "id",
  description: "Application ID of the cluster's Entra ID server app (the token's audience)",
};

export const clientIdOption: OptionSpec = {
  long: "client-id",
  value: "id",
  description: "Application ID of the client app, service principal, or user-assigned identity",
  env: {
    names: ["AAD_SERVICE_PRINCIPAL_CLIENT_ID", "AZURE_CLIENT_ID"],
    overridesFlag: true,
    conditional: {
      names: ["ARM_CLIENT_ID", "AZURESUBSCRIPTION_CLIENT_ID"],
      note:
        `ARM_CLIENT_ID instead ${ARM_NOTE}; AZURESUBSCRIPTION_CLIENT_ID fills it when empty in azurepipelines`,
    },
  },
};

export const clientSecretOption: OptionSpec = {
  long: "client-secret",
  value: "secret",
  description: "Client secret of the service principal (prefer the environment: flags show in ps)",
  secret: true,
  env: {
    names: ["AAD_SERVICE_PRINCIPAL_CLIENT_SECRET", "AZURE_CLIENT_SECRET"],
    overridesFlag: true,
    conditional: { names: ["ARM_CLIENT_SECRET"], note: `ARM_CLIENT_SECRET instead ${ARM_NOTE}` },
  },
};

export const clientCertificateOption: OptionSpec = {
  long: "client-certificate",
  value: "path",
  description:
    "Certificate of the service principal: .pfx (PKCS#12), or PEM with the certificate and an unencrypted key",
  env: {
    names: ["AAD_SERVICE_PRINCIPAL_CLIENT_CERTIFICATE", "AZURE_CLIENT_CERTIFICATE_PATH"],
    overridesFlag: true,
    conditional: {
      names: ["ARM_CLIENT_CERTIFICATE_PATH"],
      note: `ARM_CLIENT_CERTIFICATE_PATH instead ${ARM_NOTE}`,
    },
  },
};

export const clientCertificatePasswordOption: OptionSpec = {
  long: "client-certificate-password",
  value: "password",
  description: "Password of the .pfx certificate",
  secret: true,
  env: {
    names: [
      "AAD_SERVICE_PRINCIPAL_CLIENT_CERTIFICATE_PASSWORD",
      "AZURE_CLIENT_CERTIFICATE_PASSWORD",
    ],
    overridesFlag: true,
    conditional: {
      names: ["ARM_CLIENT_CERTIFICATE_PASSWORD"],
      note: `ARM_CLIENT_CERTIFICATE_PASSWORD instead ${ARM_NOTE}`,
    },
  },
};

export const usernameOption: OptionSpec = {
  long: "username",
  value: "name",
  description: "User principal name for the ropc login",
  env: { names: ["AAD_USER_PRINCIPAL_NAME", "AZURE_USERNAME"], overridesFlag: true },
};

export const passwordOption: OptionSpec = {
  long: "password",
  value: "password",
  description: "Password for the ropc login",
  secret: true,
  env: { names: ["AAD_USER_PRINCIPAL_PASSWORD", "AZURE_PASSWORD"], overridesFlag: true },
};

export const identityResourceIdOption: OptionSpec = {
  long: "identity-resource-id",
  value: "id",
  description:
    "Azure resource ID of a user-assigned managed identity (--client-id wins when both are given)",
};

export const tenantIdOption: OptionSpec = {
  long: "tenant-id",
  short: "t",
  value: "id",
  description: "Entra ID tenant ID",
  env: {
    names: ["AZURE_TENANT_ID"],
    overridesFlag: true,
    conditional: {
      names: ["ARM_TENANT_ID", "AZURESUBSCRIPTION_TENANT_ID"],
      note:
        `ARM_TENANT_ID instead ${ARM_NOTE}; AZURESUBSCRIPTION_TENANT_ID fills it when empty in azurepipelines`,
    },
  },
};

export const subscriptionOption: OptionSpec = {
  long: "subscription",
  short: "s",
  value: "id",
  description: "Azure subscription (name or ID) for az account get-access-token",
};

export const environmentOption: OptionSpec = {
  long: "environment",
  short: "e",
  value: "name",
  description:
    "Azure cloud: AzurePublicCloud, AzureUSGovernmentCloud or AzureChinaCloud (unknown names are refused)",
  defaultText: DEFAULT_ENVIRONMENT,
};

export const authorityHostOption: OptionSpec = {
  long: "authority-host",
  value: "url",
  description:
    "Entra ID authority host, e.g. https://login.microsoftonline.com/ (overrides --environment in every mode)",
  env: {
    names: [],
    overridesFlag: true,
    conditional: {
      names: ["AZURE_AUTHORITY_HOST"],
      note: "AZURE_AUTHORITY_HOST in workloadidentity",
    },
  },
};

export const federatedTokenFileOption: OptionSpec = {
  long: "federated-token-file",
  value: "path",
  description: "File holding the workload identity's federated token (re-read on every request)",
  env: {
    names: [],
    overridesFlag: true,
    conditional: {
      names: ["AZURE_FEDERATED_TOKEN_FILE"],
      note: "AZURE_FEDERATED_TOKEN_FILE in workloadidentity",
    },
  },
};

export const serviceConnectionIdOption: OptionSpec = {
  long: "azure-pipelines-service-connection-id",
  value: "id",
  description: "Azure Pipelines service connection ID",
  env: { names: ["AZURESUBSCRIPTION_SERVICE_CONNECTION_ID"], overridesFlag: false },
};

export const legacyOption: OptionSpec = {
  long: "legacy",
  description:
    "Use the v1 endpoint: a token whose audience is spn:<server-id> (legacy AAD clusters)",
};

export const useAzureRmEnvVarsOption: OptionSpec = {
  long: "use-azurerm-env-vars",
  description:
    "Read Terraform's variable names (ARM_CLIENT_ID, ARM_CLIENT_SECRET, ARM_CLIENT_CERTIFICATE_PATH, ARM_CLIENT_CERTIFICATE_PASSWORD, ARM_TENANT_ID) instead of the AAD_*/AZURE_* ones",
};

export const popEnabledOption: OptionSpec = {
  long: "pop-enabled",
  description: "Get a Proof-of-Possession token instead of a bearer token (needs --pop-claims)",
};

export const popClaimsOption: OptionSpec = {
  long: "pop-claims",
  value: "claims",
  description:
    "PoP claims as key=value pairs separated by commas; u=<ARM ID of the cluster> is required",
};

export const disableInstanceDiscoveryOption: OptionSpec = {
  long: "disable-instance-discovery",
  description: "Skip Entra ID instance discovery (never done here: the authority is used as given)",
};

export const redirectUrlOption: OptionSpec = {
  long: "redirect-url",
  value: "url",
  description: "Loopback redirect URL for the interactive login (default: a free localhost port)",
};

export const loginHintOption: OptionSpec = {
  long: "login-hint",
  value: "upn",
  description: "Account to preselect in the interactive login",
};
