/**
 * The `get-token` flags of the Kubernetes-native modes.
 *
 * @module
 */

import type { OptionSpec } from "../types.ts";

/** Where a pod finds its own service-account token. */
export const IN_POD_TOKEN_FILE = "/var/run/secrets/kubernetes.io/serviceaccount/token";
export const TOKEN_FILE_ENV = "KUBELOGIN_SERVICE_ACCOUNT_TOKEN_FILE";

export const tokenFileOption: OptionSpec = {
  long: "token-file",
  value: "path",
  description:
    "Service account token file: the raw token, or a Secret manifest (YAML or JSON). Used in serviceaccount login",
  defaultText: `$${TOKEN_FILE_ENV}, else ${IN_POD_TOKEN_FILE}`,
  env: { names: [TOKEN_FILE_ENV], overridesFlag: false },
};
