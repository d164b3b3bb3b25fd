/**
 * Every flag the registered modes read, in the order help lists them. The CLI parses
 * `get-token` with these without loading any mode; `registry_test.ts` checks that this list is
 * exactly the union of the descriptors' `options`.
 *
 * @module
 */

import * as azure from "./azure/options.ts";
import { tokenFileOption } from "./k8s/options.ts";
import type { OptionSpec } from "./types.ts";

export const MODE_OPTIONS: readonly OptionSpec[] = [
  azure.serverIdOption,
  azure.clientIdOption,
  azure.clientSecretOption,
  azure.clientCertificateOption,
  azure.clientCertificatePasswordOption,
  azure.usernameOption,
  azure.passwordOption,
  azure.tenantIdOption,
  azure.environmentOption,
  azure.authorityHostOption,
  azure.legacyOption,
  azure.useAzureRmEnvVarsOption,
  azure.disableInstanceDiscoveryOption,
  azure.identityResourceIdOption,
  azure.federatedTokenFileOption,
  azure.subscriptionOption,
  azure.serviceConnectionIdOption,
  azure.popEnabledOption,
  azure.popClaimsOption,
  azure.redirectUrlOption,
  azure.loginHintOption,
  tokenFileOption,
];
