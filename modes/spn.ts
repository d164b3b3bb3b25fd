/**
 * `spn`: a service principal, with a client secret or a certificate (`.pfx` or PEM; the
 * certificate chain is sent as `x5c`). `--legacy` uses the v1 endpoint and `resource`, giving
 * a token whose audience is `spn:<server-id>`. `--pop-enabled` gets a Proof-of-Possession token
 * (not with `--legacy`: the v1 endpoint has no PoP).
 *
 * @module
 */

import { AZURE_VALUES_ENV, type AzureValues, resolveAzureValues } from "./azure/azure_values.ts";
import {
  authorityNet,
  type EntraTarget,
  entraTarget,
  required,
  requireServerId,
  targetIdentity,
} from "./azure/entra_target.ts";
import { MSAL_ENV } from "./azure/msal_env.ts";
import * as o from "./azure/options.ts";
import { type PopSettings, resolvePop } from "./azure/pop_claims.ts";
import { InputError, type ModeDescriptor } from "./types.ts";

export interface SpnOptions {
  readonly target: EntraTarget;
  readonly clientId: string;
  readonly legacy: boolean;
  readonly clientSecret?: string;
  readonly certificatePath?: string;
  readonly certificatePassword?: string;
  readonly pop?: PopSettings;
}

/** Secret or certificate; the certificate wins when both are set (as in Azure kubelogin). */
function credentialOf(
  v: AzureValues,
): Pick<SpnOptions, "clientSecret" | "certificatePath" | "certificatePassword"> {
  if (v.clientCertificate) {
    return v.clientCertificatePassword
      ? { certificatePath: v.clientCertificate, certificatePassword: v.clientCertificatePassword }
      : { certificatePath: v.clientCertificate };
  }
  return { clientSecret: required(v.clientSecret, "client secret") };
}

export const spn: ModeDescriptor<SpnOptions> = {
  name: "spn",
  summary: "a service principal with a client secret or certificate",
  options: [
    o.serverIdOption,
    o.clientIdOption,
    o.clientSecretOption,
    o.clientCertificateOption,
    o.clientCertificatePasswordOption,
    o.tenantIdOption,
    o.environmentOption,
    o.authorityHostOption,
    o.legacyOption,
    o.useAzureRmEnvVarsOption,
    o.disableInstanceDiscoveryOption,
    o.popEnabledOption,
    o.popClaimsOption,
  ],
  caching: true,
  exampleArgs: [
    "get-token",
    "--login",
    "spn",
    "--server-id",
    "6dae42f8-4368-4678-94ff-3960e28e3630",
    "--client-id",
    "<spn client id>",
    "--tenant-id",
    "<tenant id>",
    "--client-certificate",
    "/etc/kubelogin/spn.pfx",
  ],
  bounds: { read: true, net: true, run: false, env: MSAL_ENV, sys: [] },
  resolveEnv: AZURE_VALUES_ENV,
  convert: async (input) => (await import("./azure/convert_rules.ts")).spnConvert(input),
  secretKeys: ["clientSecret", "certificatePassword"],

  resolve({ flags, env }) {
    const v = resolveAzureValues(flags, env);
    requireServerId(v);
    const clientId = required(v.clientId, "client ID");
    const target = entraTarget(v);
    const pop = resolvePop(v.popEnabled, v.popClaims);
    if (pop && v.legacy) {
      throw new InputError(
        "--pop-enabled cannot be used with --legacy: the v1 endpoint does not issue PoP tokens",
      );
    }
    return { target, clientId, legacy: v.legacy, ...credentialOf(v), ...(pop ? { pop } : {}) };
  },

  cacheIdentity: (options) => ({
    ...targetIdentity(options.target, options.clientId),
    legacy: options.legacy,
    popU: options.pop?.u,
  }),

  popClaim: (options) => options.pop?.u,

  permissions: (options) => ({
    net: [authorityNet(options.target)],
    ...(options.certificatePath ? { read: [options.certificatePath] } : {}),
    env: MSAL_ENV,
  }),

  acquire: async (options, ctx) => (await import("./azure/spn_login.ts")).spnLogin(options, ctx),
};
