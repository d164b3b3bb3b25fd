/**
 * Every precedence rule of SPEC 3.3, as a table: flags, environment, and the result.
 */

import assert from "node:assert/strict";
import type { RawFlags } from "../types.ts";
import { type AzureValues, type EnvRules, resolveAzureValues } from "./azure_values.ts";

const workloadIdentityRule = (r: EnvRules) => {
  r.override("clientId", "AZURE_CLIENT_ID");
  r.override("federatedTokenFile", "AZURE_FEDERATED_TOKEN_FILE");
  r.override("authorityHost", "AZURE_AUTHORITY_HOST");
};
const pipelinesRule = (r: EnvRules) => {
  r.fill("clientId", "AZURESUBSCRIPTION_CLIENT_ID");
  r.fill("tenantId", "AZURESUBSCRIPTION_TENANT_ID");
  r.fill("serviceConnectionId", "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID");
};

interface Case {
  readonly name: string;
  readonly flags: RawFlags;
  readonly env: Record<string, string>;
  readonly rule?: (r: EnvRules) => void;
  readonly expect: { [K in keyof AzureValues]?: AzureValues[K] | undefined };
}

const CASES: Case[] = [
  {
    name: "flags alone",
    flags: { "client-id": "flag-id", "tenant-id": "flag-tenant", "client-secret": "flag-secret" },
    env: {},
    expect: { clientId: "flag-id", tenantId: "flag-tenant", clientSecret: "flag-secret" },
  },
  {
    name: "AAD_SERVICE_PRINCIPAL_CLIENT_ID overrides --client-id",
    flags: { "client-id": "flag-id" },
    env: { AAD_SERVICE_PRINCIPAL_CLIENT_ID: "aad-id" },
    expect: { clientId: "aad-id" },
  },
  {
    name: "AZURE_CLIENT_ID wins over AAD_SERVICE_PRINCIPAL_CLIENT_ID (read later)",
    flags: { "client-id": "flag-id" },
    env: { AAD_SERVICE_PRINCIPAL_CLIENT_ID: "aad-id", AZURE_CLIENT_ID: "azure-id" },
    expect: { clientId: "azure-id" },
  },
  {
    name: "secret: AAD_SERVICE_PRINCIPAL_CLIENT_SECRET then AZURE_CLIENT_SECRET",
    flags: { "client-secret": "flag" },
    env: { AAD_SERVICE_PRINCIPAL_CLIENT_SECRET: "aad", AZURE_CLIENT_SECRET: "azure" },
    expect: { clientSecret: "azure" },
  },
  {
    name: "secret: AAD_SERVICE_PRINCIPAL_CLIENT_SECRET alone overrides the flag",
    flags: { "client-secret": "flag" },
    env: { AAD_SERVICE_PRINCIPAL_CLIENT_SECRET: "aad" },
    expect: { clientSecret: "aad" },
  },
  {
    name:
      "certificate: AAD_SERVICE_PRINCIPAL_CLIENT_CERTIFICATE then AZURE_CLIENT_CERTIFICATE_PATH",
    flags: { "client-certificate": "/flag.pfx" },
    env: {
      AAD_SERVICE_PRINCIPAL_CLIENT_CERTIFICATE: "/aad.pfx",
      AZURE_CLIENT_CERTIFICATE_PATH: "/azure.pfx",
    },
    expect: { clientCertificate: "/azure.pfx" },
  },
  {
    name: "certificate password: AAD_… then AZURE_CLIENT_CERTIFICATE_PASSWORD",
    flags: { "client-certificate-password": "flag" },
    env: {
      AAD_SERVICE_PRINCIPAL_CLIENT_CERTIFICATE_PASSWORD: "aad",
      AZURE_CLIENT_CERTIFICATE_PASSWORD: "azure",
    },
    expect: { clientCertificatePassword: "azure" },
  },
  {
    name: "AZURE_TENANT_ID overrides --tenant-id",
    flags: { "tenant-id": "flag" },
    env: { AZURE_TENANT_ID: "azure" },
    expect: { tenantId: "azure" },
  },
  {
    name: "--use-azurerm-env-vars: ARM_* override, AAD_*/AZURE_* are not read",
    flags: { "use-azurerm-env-vars": true, "client-id": "flag-id", "tenant-id": "flag-tenant" },
    env: {
      ARM_CLIENT_ID: "arm-id",
      ARM_CLIENT_SECRET: "arm-secret",
      ARM_CLIENT_CERTIFICATE_PATH: "/arm.pfx",
      ARM_CLIENT_CERTIFICATE_PASSWORD: "arm-pass",
      ARM_TENANT_ID: "arm-tenant",
      AZURE_CLIENT_ID: "azure-id",
      AAD_SERVICE_PRINCIPAL_CLIENT_SECRET: "aad-secret",
      AZURE_TENANT_ID: "azure-tenant",
    },
    expect: {
      clientId: "arm-id",
      clientSecret: "arm-secret",
      clientCertificate: "/arm.pfx",
      clientCertificatePassword: "arm-pass",
      tenantId: "arm-tenant",
    },
  },
  {
    name: "--use-azurerm-env-vars without ARM_* keeps the flags, ignores AZURE_*",
    flags: { "use-azurerm-env-vars": true, "client-id": "flag-id" },
    env: { AZURE_CLIENT_ID: "azure-id" },
    expect: { clientId: "flag-id" },
  },
  {
    name: "without --use-azurerm-env-vars, ARM_* are not read",
    flags: { "client-id": "flag-id" },
    env: { ARM_CLIENT_ID: "arm-id" },
    expect: { clientId: "flag-id" },
  },
  {
    name: "username: AAD_USER_PRINCIPAL_NAME then AZURE_USERNAME, over the flag",
    flags: { username: "flag" },
    env: { AAD_USER_PRINCIPAL_NAME: "aad", AZURE_USERNAME: "azure" },
    expect: { username: "azure" },
  },
  {
    name: "password: AAD_USER_PRINCIPAL_PASSWORD then AZURE_PASSWORD, over the flag",
    flags: { password: "flag" },
    env: { AAD_USER_PRINCIPAL_PASSWORD: "aad" },
    expect: { password: "aad" },
  },
  {
    name: "user variables apply with --use-azurerm-env-vars too",
    flags: { "use-azurerm-env-vars": true },
    env: { AZURE_USERNAME: "azure-user", AZURE_PASSWORD: "azure-pass" },
    expect: { username: "azure-user", password: "azure-pass" },
  },
  {
    name: "--disable-environment-override: no variable is read",
    flags: { "disable-environment-override": true, "client-id": "flag-id" },
    env: {
      AZURE_CLIENT_ID: "azure-id",
      AZURE_TENANT_ID: "t",
      AZURE_USERNAME: "u",
      AZURE_FEDERATED_TOKEN_FILE: "/f",
      AZURESUBSCRIPTION_TENANT_ID: "p",
    },
    rule: (r) => {
      workloadIdentityRule(r);
      pipelinesRule(r);
    },
    expect: {
      clientId: "flag-id",
      tenantId: undefined,
      username: undefined,
      federatedTokenFile: undefined,
    },
  },
  {
    name: "workloadidentity: AZURE_CLIENT_ID wins again, even with --use-azurerm-env-vars",
    flags: { "use-azurerm-env-vars": true, "client-id": "flag-id" },
    env: { ARM_CLIENT_ID: "arm-id", AZURE_CLIENT_ID: "azure-id" },
    rule: workloadIdentityRule,
    expect: { clientId: "azure-id" },
  },
  {
    name:
      "workloadidentity: AZURE_FEDERATED_TOKEN_FILE and AZURE_AUTHORITY_HOST override the flags",
    flags: { "federated-token-file": "/flag", "authority-host": "https://flag/" },
    env: { AZURE_FEDERATED_TOKEN_FILE: "/env", AZURE_AUTHORITY_HOST: "https://env/" },
    rule: workloadIdentityRule,
    expect: { federatedTokenFile: "/env", authorityHost: "https://env/" },
  },
  {
    name: "other modes do not read AZURE_FEDERATED_TOKEN_FILE or AZURE_AUTHORITY_HOST",
    flags: {},
    env: { AZURE_FEDERATED_TOKEN_FILE: "/env", AZURE_AUTHORITY_HOST: "https://env/" },
    expect: { federatedTokenFile: undefined, authorityHost: undefined },
  },
  {
    name: "azurepipelines: AZURESUBSCRIPTION_* fill only empty values",
    flags: { "client-id": "flag-id" },
    env: {
      AZURESUBSCRIPTION_CLIENT_ID: "sub-id",
      AZURESUBSCRIPTION_TENANT_ID: "sub-tenant",
      AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: "sub-conn",
    },
    rule: pipelinesRule,
    expect: { clientId: "flag-id", tenantId: "sub-tenant", serviceConnectionId: "sub-conn" },
  },
  {
    name:
      "azurepipelines: AZURE_TENANT_ID (an override) beats AZURESUBSCRIPTION_TENANT_ID (a fill)",
    flags: {},
    env: { AZURE_TENANT_ID: "azure-tenant", AZURESUBSCRIPTION_TENANT_ID: "sub-tenant" },
    rule: pipelinesRule,
    expect: { tenantId: "azure-tenant" },
  },
  {
    name: "an empty variable counts as unset",
    flags: { "client-id": "flag-id", "tenant-id": "flag-tenant" },
    env: { AZURE_CLIENT_ID: "", AZURE_TENANT_ID: "" },
    expect: { clientId: "flag-id", tenantId: "flag-tenant" },
  },
  {
    name: "switches come from flags only",
    flags: { legacy: true, "pop-enabled": true, "pop-claims": "u=x" },
    env: {},
    expect: { legacy: true, popEnabled: true, popClaims: "u=x" },
  },
];

for (const c of CASES) {
  Deno.test({
    name: `azure precedence: ${c.name}`,
    permissions: {}, // the environment comes through the reader; nothing else is touched
    fn() {
      const values = resolveAzureValues(c.flags, (n) => c.env[n], c.rule);
      for (const [key, expected] of Object.entries(c.expect)) {
        assert.equal(values[key as keyof AzureValues], expected, key);
      }
    },
  });
}
